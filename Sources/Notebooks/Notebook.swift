// The in-memory form of a `.lnb` notebook: an ordered list of segments, each remembering the exact
// text it was parsed from, so printing a parsed notebook gives back the same bytes.

/// How a code cell's output is compared with the recorded one (`check=` attribute).
public enum CheckMode: String, Sendable, CaseIterable {
    /// Line by line after normalising and sanitizing (the default).
    case exact
    /// Like `exact`, but numbers match within a relative tolerance (`rtol=`, default 1e-4).
    case numbers
    /// The same lines in any order (a multiset); a `...` line allows extra lines.
    case lines
    /// Must run without an unexpected error; the output is kept for documentation only.
    case ignore
}

/// The notebook header: `<!-- lnb v1 seed=42 [sanitize=default|none] [params k=v …] -->`.
public struct NotebookHeader: Equatable, Sendable {
    /// The format version (`v1`).
    public var version: Int = 1
    /// The notebook seed; every cell gets its own RNG stream derived from it and the cell id.
    public var seed: UInt64 = 42
    /// Whether the regex sanitizers run (`sanitize=default`) or not (`sanitize=none`).
    public var sanitize: Bool = true
    /// Parameters (`params steps=50 lr=2e-4`), in the order written.
    public var params: [(key: String, value: String)] = []

    public init(seed: UInt64 = 42) { self.seed = seed }

    public static func == (a: NotebookHeader, b: NotebookHeader) -> Bool {
        a.version == b.version && a.seed == b.seed && a.sanitize == b.sanitize
            && a.params.map { "\($0.key)=\($0.value)" } == b.params.map { "\($0.key)=\($0.value)" }
    }

    /// The header line as written by the printer (without the line ending).
    public var rendered: String {
        var parts = ["<!--", "lnb", "v\(version)", "seed=\(seed)"]
        if !sanitize { parts.append("sanitize=none") }
        if !params.isEmpty { parts.append("params"); parts += params.map { "\($0.key)=\($0.value)" } }
        parts.append("-->")
        return parts.joined(separator: " ")
    }
}

/// A ```` ```lora ```` code cell.
public struct CodeCell: Sendable {
    /// The cell id: the `id=` attribute, or `c<N>` (N = 1-based position among code cells) when absent.
    public var id: String
    /// Whether the id was written in the file (false: positional id).
    public var hasExplicitID: Bool
    /// The code between the fences (lines joined with "\n", no final newline, no CR).
    public var source: String
    public var expectError: Bool = false
    public var check: CheckMode = .exact
    /// Relative tolerance for `check=numbers`.
    public var relativeTolerance: Double = 1e-4
    public var skip: Bool = false
    /// Seconds; nil means the runner's default.
    public var timeout: Double? = nil
    /// 1-based line of the opening fence.
    public var line: Int
    /// 1-based line of the first source line.
    public var sourceLine: Int { line + 1 }
}

/// Which kind of recorded block follows a cell.
public enum RecordedKind: String, Sendable {
    case output
    case error
}

/// A recorded ```` ```output of=ID hash=H ```` or ```` ```error of=ID hash=H ```` block.
public struct RecordedBlock: Sendable {
    public var kind: RecordedKind
    public var cellID: String
    /// The hash-chain value recorded when this block was written (8 hex digits), if any.
    public var hash: String?
    /// The recorded text, lines joined with "\n" (no final newline).
    public var body: String
    /// 1-based line of the opening fence (0 for blocks made in memory).
    public var line: Int
}

/// One piece of a notebook, with the exact text it occupies in the file.
public enum SegmentKind: Sendable {
    case header(NotebookHeader)
    /// Markdown prose (including blank lines and non-cell fences).
    case prose
    case cell(CodeCell)
    case recorded(RecordedBlock)
}

public struct Segment: Sendable {
    public var kind: SegmentKind
    /// The exact bytes of this segment in the file (lines with their endings).
    public var raw: String
}

/// A parsed `.lnb` notebook. `NotebookPrinter.print(notebook)` returns the parsed bytes unchanged.
public struct Notebook: Sendable {
    public var segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments }

    public var header: NotebookHeader {
        for segment in segments { if case .header(let h) = segment.kind { return h } }
        return NotebookHeader()
    }

    /// Overrides (or adds) a header param for this run (`lorarepl run -p k=v`); the printed text keeps
    /// the original header line.
    public mutating func overrideParameter(_ key: String, _ value: String) {
        guard let index = segments.firstIndex(where: { if case .header = $0.kind { return true }; return false }),
              case .header(var header) = segments[index].kind else { return }
        if let existing = header.params.firstIndex(where: { $0.key == key }) {
            header.params[existing].value = value
        } else {
            header.params.append((key, value))
        }
        segments[index].kind = .header(header)
    }

    /// The code cells, top to bottom.
    public var cells: [CodeCell] {
        segments.compactMap { if case .cell(let c) = $0.kind { return c } else { return nil } }
    }

    /// The recorded block of `kind` for cell `id`, if any.
    public func recorded(_ kind: RecordedKind, of id: String) -> RecordedBlock? {
        for segment in segments {
            if case .recorded(let block) = segment.kind, block.kind == kind, block.cellID == id { return block }
        }
        return nil
    }
}
