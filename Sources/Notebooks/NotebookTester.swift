// `lorarepl test`: run a notebook and compare every cell with its recorded output; `--update` records.
import Foundation

/// The verdict on one cell.
public enum CellVerdict: Equatable, Sendable {
    case passed
    /// Output or error differs from the record (or is missing); `detail` holds the explanation and diff.
    case failed(String)
    /// An unexpected error or a timeout stopped the notebook here.
    case errored(String)
    case skipped
    case notRun
}

/// One cell's line in a test report.
public struct CellReport: Sendable {
    public var cellID: String
    /// Line of the cell's opening fence.
    public var line: Int
    public var verdict: CellVerdict
    public var seconds: Double
}

/// The report on one notebook.
public struct NotebookReport: Sendable {
    public var file: String
    public var cells: [CellReport]
    /// A problem with the file itself (parse error, unreadable).
    public var fileError: String?
    /// The notebook text with outputs recorded (only with `update`).
    public var updatedText: String?

    public init(file: String, cells: [CellReport], fileError: String? = nil, updatedText: String? = nil) {
        self.file = file
        self.cells = cells
        self.fileError = fileError
        self.updatedText = updatedText
    }

    /// 0 pass, 1 mismatch, 2 error (parse failure, unexpected error, timeout).
    public var exitCode: Int32 {
        if fileError != nil { return 2 }
        if cells.contains(where: { if case .errored = $0.verdict { return true }; return false }) { return 2 }
        if cells.contains(where: { if case .failed = $0.verdict { return true }; return false }) { return 1 }
        return 0
    }

    public var passed: Int { cells.filter { $0.verdict == .passed }.count }
}

/// Tests (or records) notebooks.
public struct NotebookTester {
    public var runner: NotebookRunner
    /// When true, record the outputs instead of failing on differences.
    public var update: Bool = false
    /// Called after each cell runs (for progress lines in long notebooks).
    public var onCell: ((CodeCell, CellExecution) -> Void)?

    public init(runner: NotebookRunner, update: Bool = false) {
        self.runner = runner
        self.update = update
    }

    /// Tests notebook `text` (named `file`); with `update`, the report carries the rewritten text.
    public func test(text: String, file: String) -> NotebookReport {
        let notebook: Notebook
        do { notebook = try NotebookParser.parse(text, file: file) } catch {
            return NotebookReport(file: file, cells: [], fileError: "\(error)")
        }
        let sanitizer = notebook.header.sanitize ? Sanitizer.standard() : Sanitizer.none
        let run = runner.run(notebook, file: file, mode: .recording, onCell: onCell)
        var reports: [CellReport] = []
        var updated = notebook
        let hashes = Dictionary(HashChain.hashes(of: notebook).map { ($0.id, $0.hash) }, uniquingKeysWith: { a, _ in a })
        for (cell, execution) in run.cells {
            var report = CellReport(cellID: cell.id, line: cell.line, verdict: .passed, seconds: 0)
            switch execution {
            case .skipped: report.verdict = .skipped
            case .notRun: report.verdict = .notRun
            case .timedOut(_, let limit):
                report.verdict = .errored("cell '\(cell.id)' ran longer than its timeout of \(formatSeconds(limit)) and was interrupted; raise timeout= on the cell if it needs longer")
                report.seconds = limit
            case .ran(let outcome, let seconds):
                report.seconds = seconds
                report.verdict = verdict(cell: cell, outcome: outcome, notebook: notebook, file: file, sanitizer: sanitizer)
                if update {
                    // Recorded text is sanitized too, so files never hold temp paths or addresses, and timings
                    // only as measured notes inside placeholders (`{{rate≈4.2 it/s}}`). A cell whose output still
                    // matches exactly (apart from those notes) keeps its recorded text (only its hash is refreshed), so an update does not rewrite
                    // the measured notes of every cell.
                    // (A block recorded before measured values were kept is recorded again, to gain them.)
                    let matched = report.verdict == .passed && cell.check == .exact
                    func kept(_ kind: RecordedKind, _ fresh: String) -> String {
                        guard matched, let old = notebook.recorded(kind, of: cell.id)?.body,
                              Placeholders.measuredCount(old) == Placeholders.measuredCount(fresh) else { return fresh }
                        return old
                    }
                    let output = kept(.output, sanitizer.sanitizeForRecording(outcome.recordedOutput))
                    let hash = hashes[cell.id]
                    let outputBlock: RecordedBlock? = (outcome.error == nil || !output.isEmpty)
                        ? RecordedBlock(kind: .output, cellID: cell.id, hash: hash, body: output, line: 0) : nil
                    let errorBlock: RecordedBlock? = outcome.error.map {
                        RecordedBlock(kind: .error, cellID: cell.id, hash: hash,
                                      body: kept(.error, sanitizer.sanitizeForRecording(OutputNormalizer.normalize($0))), line: 0)
                    }
                    updated.setRecorded(cellID: cell.id, output: outputBlock, error: errorBlock)
                    if case .failed = report.verdict { report.verdict = .passed }
                    if cell.expectError && outcome.error == nil {
                        report.verdict = .failed("cell '\(cell.id)' has expect=error but ran without an error (recorded anyway)")
                    }
                }
            }
            reports.append(report)
        }
        var result = NotebookReport(file: file, cells: reports)
        if update { result.updatedText = NotebookPrinter.print(updated) }
        return result
    }

    func verdict(cell: CodeCell, outcome: CellOutcome, notebook: Notebook, file: String, sanitizer: Sanitizer) -> CellVerdict {
        let where_ = "\(file):\(cell.line) (cell \(cell.id))"
        if let error = outcome.error, !cell.expectError {
            return .errored("unexpected error in \(where_):\n\(error)\n  help: fix the cell, or mark it expect=error if the error is the point")
        }
        if cell.expectError && outcome.error == nil {
            return .failed("\(where_) has expect=error but ran without an error")
        }
        if cell.check == .ignore { return .passed }
        let recordedOutput = notebook.recorded(.output, of: cell.id)
        let recordedError = notebook.recorded(.error, of: cell.id)
        let hint = "run `lorarepl test --update \(file)` to record it"
        if recordedOutput == nil && recordedError == nil {
            return .failed("\(where_) has no recorded output; \(hint)")
        }
        var problems: [String] = []
        // Output: compared when recorded, or when the cell printed something.
        let actualOutput = outcome.recordedOutput
        if recordedOutput != nil || !actualOutput.isEmpty {
            let expected = recordedOutput?.body ?? ""
            let c = OutputComparator.compare(expected: expected, actual: actualOutput, mode: cell.check,
                                             relativeTolerance: cell.relativeTolerance, sanitizer: sanitizer)
            if !c.matches {
                let line = recordedOutput.map { $0.line + 1 } ?? cell.line
                problems.append(describe(c, label: "output", file: file, line: line, cell: cell))
            }
        }
        if let error = outcome.error {
            if let recordedError {
                let c = OutputComparator.compare(expected: recordedError.body, actual: error, mode: .exact, sanitizer: sanitizer)
                if !c.matches { problems.append(describe(c, label: "error", file: file, line: recordedError.line + 1, cell: cell)) }
            } else {
                problems.append("\(where_) failed as expected but has no recorded error block; \(hint)")
            }
        }
        if problems.isEmpty { return .passed }
        return .failed(problems.joined(separator: "\n") + "\n  help: if the new output is right, \(hint)")
    }

    func describe(_ c: Comparison, label: String, file: String, line: Int, cell: CodeCell) -> String {
        var text = "\(label) of cell '\(cell.id)' differs from \(file):\(line)\n"
        text += "--- \(file):\(line) (cell \(cell.id)) recorded \(label)\n+++ actual \(label)\n"
        text += UnifiedDiff.diff(c.expected, c.actual, oldStart: line, newStart: 1)
        if let note = c.note { text += "\n  note: \(note)" }
        return text
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.2f s", seconds)
}
