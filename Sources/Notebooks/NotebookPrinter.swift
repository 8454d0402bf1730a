// Prints notebooks (byte-identical for parsed ones) and edits their recorded blocks in place.

/// Prints a notebook back to text and renders new blocks.
public enum NotebookPrinter {
    /// The notebook's text: for a parsed notebook, exactly the bytes it was parsed from.
    public static func print(_ notebook: Notebook) -> String {
        notebook.segments.map(\.raw).joined()
    }

    /// A fence long enough that no backtick run inside `body` can close it (at least three).
    public static func fence(for body: String) -> String {
        var longest = 0
        var run = 0
        for char in body {
            if char == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// Renders ```` ```output of=ID hash=H ```` (or `error`) with `body`, ending with a line ending.
    public static func renderRecorded(_ block: RecordedBlock, lineEnding: String = "\n") -> String {
        let fence = fence(for: block.body)
        var info = "\(block.kind.rawValue) of=\(block.cellID)"
        if let hash = block.hash { info += " hash=\(hash)" }
        var text = fence + info + lineEnding
        if !block.body.isEmpty {
            text += block.body.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: lineEnding) + lineEnding
        }
        return text + fence + lineEnding
    }

    /// Renders a code cell with its attributes (the writer's canonical form).
    public static func renderCell(_ cell: CodeCell, lineEnding: String = "\n") -> String {
        var info = ["lora"]
        if cell.hasExplicitID { info.append("id=\(cell.id)") }
        if cell.expectError { info.append("expect=error") }
        if cell.check != .exact { info.append("check=\(cell.check.rawValue)") }
        if cell.relativeTolerance != 1e-4 { info.append("rtol=\(cell.relativeTolerance)") }
        if cell.skip { info.append("skip") }
        if let timeout = cell.timeout {
            info.append(timeout == timeout.rounded() ? "timeout=\(Int(timeout))" : "timeout=\(timeout)")
        }
        let fence = fence(for: cell.source)
        var text = fence + info.joined(separator: " ") + lineEnding
        if !cell.source.isEmpty {
            text += cell.source.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: lineEnding) + lineEnding
        }
        return text + fence + lineEnding
    }
}

extension Notebook {
    /// Replaces the recorded blocks of cell `id` with `output` and `error` (nil removes a block),
    /// leaving every other byte of the notebook as it was. New blocks go right after the cell.
    public mutating func setRecorded(cellID id: String, output: RecordedBlock?, error: RecordedBlock?) {
        guard let cellIndex = segments.firstIndex(where: { if case .cell(let c) = $0.kind { return c.id == id }; return false })
        else { return }
        let lineEnding = segments[cellIndex].raw.contains("\r\n") ? "\r\n" : "\n"
        // Where the cell's recorded blocks sit now: the run of recorded/blank-prose segments after the cell.
        var existing: [RecordedKind: Int] = [:]
        var scan = cellIndex + 1
        while scan < segments.count {
            switch segments[scan].kind {
            case .recorded(let block) where block.cellID == id: existing[block.kind] = scan
            case .prose where segments[scan].raw.trimmingChars(" \t\r\n").isEmpty: break
            default: scan = segments.count; continue
            }
            scan += 1
        }
        // Update in place or remove (from the back so indices stay valid).
        var wanted: [RecordedKind: RecordedBlock] = [:]
        if let output { wanted[.output] = output }
        if let error { wanted[.error] = error }
        for kind in [RecordedKind.error, .output] {
            guard let at = existing[kind] else { continue }
            if let block = wanted[kind] {
                segments[at] = Segment(kind: .recorded(block), raw: NotebookPrinter.renderRecorded(block, lineEnding: lineEnding))
                wanted[kind] = nil
            } else {
                segments.remove(at: at)
                // Drop the blank line that separated the removed block from what came before it.
                if at - 1 >= 0, case .prose = segments[at - 1].kind, segments[at - 1].raw.hasSuffix(lineEnding + lineEnding) || segments[at - 1].raw == lineEnding {
                    segments[at - 1].raw.removeLast(lineEnding.count)
                    if segments[at - 1].raw.isEmpty { segments.remove(at: at - 1) }
                }
                if kind == .output, let e = existing[.error], e > at { existing[.error] = e - 1 }
            }
        }
        // Insert the missing ones: output right after the cell, error after the output.
        for kind in [RecordedKind.output, .error] {
            guard let block = wanted[kind] else { continue }
            var anchor = cellIndex
            var probe = cellIndex + 1
            while probe < segments.count {
                if case .recorded(let b) = segments[probe].kind, b.cellID == id { anchor = probe; probe += 1; continue }
                if case .prose = segments[probe].kind, segments[probe].raw.trimmingChars(" \t\r\n").isEmpty,
                   probe + 1 < segments.count, case .recorded(let b) = segments[probe + 1].kind, b.cellID == id {
                    probe += 1; continue
                }
                break
            }
            if !segments[anchor].raw.hasSuffix("\n") { segments[anchor].raw += lineEnding }
            var inserted = [Segment(kind: .prose, raw: lineEnding),
                            Segment(kind: .recorded(block), raw: NotebookPrinter.renderRecorded(block, lineEnding: lineEnding))]
            let next = anchor + 1
            if next < segments.count, case .prose = segments[next].kind, !segments[next].raw.hasPrefix(lineEnding) {
                inserted.append(Segment(kind: .prose, raw: lineEnding))
            } else if next < segments.count, case .prose = segments[next].kind {
                // already separated by a blank line
            } else if next < segments.count {
                inserted.append(Segment(kind: .prose, raw: lineEnding))
            }
            segments.insert(contentsOf: inserted, at: next)
        }
    }

    /// Builds a new notebook from a header and cells with their recorded blocks (used by `%save`).
    public static func make(header: NotebookHeader, title: String?, cells: [(cell: CodeCell, output: RecordedBlock?, error: RecordedBlock?)]) -> Notebook {
        var segments = [Segment(kind: .header(header), raw: header.rendered + "\n")]
        if let title { segments.append(Segment(kind: .prose, raw: "# \(title)\n")) }
        for entry in cells {
            segments.append(Segment(kind: .prose, raw: "\n"))
            segments.append(Segment(kind: .cell(entry.cell), raw: NotebookPrinter.renderCell(entry.cell)))
            for block in [entry.output, entry.error].compactMap({ $0 }) {
                segments.append(Segment(kind: .prose, raw: "\n"))
                segments.append(Segment(kind: .recorded(block), raw: NotebookPrinter.renderRecorded(block)))
            }
        }
        return Notebook(segments: segments)
    }
}

extension String {
    func trimmingChars(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.unicodeScalars.first, set.unicodeScalars.contains(f) { s = Substring(s.unicodeScalars.dropFirst()) }
        while let l = s.unicodeScalars.last, set.unicodeScalars.contains(l) { s = Substring(s.unicodeScalars.dropLast()) }
        return String(s)
    }
}
