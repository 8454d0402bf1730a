// Remembers the cells a REPL session ran, so `%save` can write them as a notebook that
// `lorarepl test` passes in a fresh process.
import Foundation
import Lang

/// The cells run in a session, in order, with what they produced.
public struct SessionRecorder {
    public struct Entry {
        /// The REPL cell number (`In [n]`); the cell id is `c<n>`, which also picks its RNG seed.
        public var number: Int
        /// The cell id (`c<n>`, or the id of a walkthrough cell); it picks the cell's RNG seed.
        public var id: String
        public var source: String
        public var outcome: CellOutcome
    }

    public private(set) var entries: [Entry] = []
    public var seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The id of REPL cell `n`: `c<n>`, the same as a notebook's positional id for the n-th cell.
    public static func cellID(_ number: Int) -> String { "c\(number)" }

    public mutating func record(number: Int, id: String? = nil, source: String, outcome: CellOutcome) {
        entries.append(Entry(number: number, id: id ?? Self.cellID(number), source: source, outcome: outcome))
    }

    public mutating func clear() { entries.removeAll() }

    /// A cell `%save` leaves out, and why.
    public struct LeftOut: Equatable {
        public var number: Int
        /// The interrupted cell this one depends on (its own number when it was interrupted itself).
        public var interruptedCell: Int
        /// The names it read that the interrupted cell (or a cell left out before it) wrote; empty for
        /// the interrupted cell itself.
        public var names: [String]

        /// `cell 5 (interrupted)`, `cell 7 (reads total, written by interrupted cell 5)`.
        public var description: String {
            names.isEmpty ? "cell \(number) (interrupted)"
                : "cell \(number) (reads \(names.joined(separator: ", ")), written by interrupted cell \(interruptedCell))"
        }
    }

    /// The cells a saved notebook leaves out: every interrupted cell (a replay would run it to the end,
    /// so its output and what it wrote would differ), and every later cell that reads a name an
    /// interrupted cell wrote or mentioned (it may have mutated the object), transitively through the
    /// names those cells bind. Objects reached under another name (a model held by a trainer) are
    /// followed through the cells that bound them (`followObjectLinks`).
    public func leftOutCells() -> [LeftOut] {
        let cells = entries.map { (bound: CellNames.bound(in: $0.source), mentioned: CellNames.mentioned(in: $0.source)) }
        let sessionNames = cells.reduce(into: Set<String>()) { $0.formUnion($1.bound) }
        let modules = entries.reduce(into: Set<String>()) { $0.formUnion(CellNames.imported(in: $1.source)) }
        var tainted: [String: Int] = [:]  // name → interrupted cell it comes from
        var result: [LeftOut] = []
        for (index, entry) in entries.enumerated() {
            let (bound, mentioned) = cells[index]
            if entry.outcome.interrupted {
                for name in mentioned.intersection(sessionNames).union(bound) where tainted[name] == nil {
                    tainted[name] = entry.number
                }
                Self.followObjectLinks(cells[..<index], sessionNames: sessionNames.subtracting(modules), origin: entry.number, tainted: &tainted)
                result.append(LeftOut(number: entry.number, interruptedCell: entry.number, names: []))
                continue
            }
            let reads = mentioned.filter { tainted[$0] != nil }.sorted()
            guard let first = reads.first, let origin = tainted[first] else { continue }
            for name in bound where tainted[name] == nil { tainted[name] = origin }
            result.append(LeftOut(number: entry.number, interruptedCell: origin, names: reads))
        }
        return result
    }

    /// Objects reached under another name: an earlier cell that bound a changed name may have handed it
    /// objects it mentions (`trainer = Trainer(model=model)`: an interrupted `trainer.train()` changed
    /// `model`), and one that mentions a changed name may hold its object (an interrupted loop over
    /// `model` changed what `trainer` trains). Both are followed until nothing changes; modules are not.
    private static func followObjectLinks(_ cells: ArraySlice<(bound: Set<String>, mentioned: Set<String>)>, sessionNames: Set<String>,
                                          origin: Int, tainted: inout [String: Int]) {
        var changed = true
        while changed {
            changed = false
            for cell in cells {
                let bound = cell.bound.intersection(sessionNames), mentioned = cell.mentioned.intersection(sessionNames)
                let linked = (bound.contains { tainted[$0] != nil } ? mentioned : [])
                    .union(mentioned.contains { tainted[$0] != nil } ? bound : [])
                for name in linked where tainted[name] == nil {
                    tainted[name] = origin
                    changed = true
                }
            }
        }
    }

    /// The session as a notebook. Interrupted cells and the cells that read what they wrote are left out
    /// (`leftOutCells`: a replay would not be interrupted);
    /// cells that failed become `expect=error` cells with their error recorded. Outputs pass through
    /// the sanitizer so volatile values are written as placeholders. A cell keeps its positional id
    /// (`c<n>` at position n) when it can and writes `id=c<n>` otherwise, so replay seeds match.
    ///
    /// Diagnostics name REPL cells `[n]:line:col`; a replay names them `FILE:cell ID:line:col`. With
    /// `fileName` (the notebook's name without folders) those locations are rewritten to the replay form.
    public func notebook(title: String?, sanitizer: Sanitizer, fileName: String? = nil) -> Notebook {
        var header = NotebookHeader(seed: seed)
        header.sanitize = true
        var cells: [(cell: CodeCell, output: RecordedBlock?, error: RecordedBlock?)] = []
        var previous = HashChain.headerHash(header)
        var position = 0
        let leftOut = Set(leftOutCells().map(\.number))
        for entry in entries where !leftOut.contains(entry.number) {
            position += 1
            let id = entry.id
            var cell = CodeCell(id: id, hasExplicitID: id != "c\(position)", source: entry.source, line: 0)
            cell.expectError = entry.outcome.error != nil
            previous = HashChain.link(previous: previous, cell: cell)
            let output = sanitizer.sanitizeForRecording(entry.outcome.recordedOutput)
            let outputBlock: RecordedBlock? = (entry.outcome.error == nil || !output.isEmpty)
                ? RecordedBlock(kind: .output, cellID: id, hash: previous, body: output, line: 0) : nil
            let errorBlock = entry.outcome.error.map {
                RecordedBlock(kind: .error, cellID: id, hash: previous, body: sanitizer.sanitizeForRecording(relocate(OutputNormalizer.normalize($0), fileName: fileName)), line: 0)
            }
            cells.append((cell, outputBlock, errorBlock))
        }
        return Notebook.make(header: header, title: title, cells: cells)
    }

    /// Rewrites `[n]:L:C` locations to `FILE:cell ID:L:C` for the cells of this session.
    func relocate(_ text: String, fileName: String?) -> String {
        guard let fileName, let regex = try? NSRegularExpression(pattern: #"\[(\d+)\]:(\d+):(\d+)"#) else { return text }
        let ids = Dictionary(entries.map { ($0.number, $0.id) }, uniquingKeysWith: { _, last in last })
        var result = ""
        var cursor = text.startIndex
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text), let numberRange = Range(match.range(at: 1), in: text),
                  let number = Int(text[numberRange]), let id = ids[number],
                  let line = Range(match.range(at: 2), in: text), let column = Range(match.range(at: 3), in: text) else { continue }
            result += text[cursor..<whole.lowerBound]
            result += "\(fileName):cell \(id):\(text[line]):\(text[column])"
            cursor = whole.upperBound
        }
        return result + text[cursor...]
    }
}
