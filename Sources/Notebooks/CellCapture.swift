// Capturing a cell's two output streams into the one text a notebook records.
import Foundation
import Lang

/// Captures one cell's standard output and standard error, in the order they were written, as the
/// single text an `output` block records; standard-error lines carry the `[stderr] ` mark so readers
/// (and comparisons) see which stream a line came from. Each piece is also forwarded as it is written
/// (the REPL streams it). Thread-safe: the Trainer may write from its own thread.
///
///     let capture = CellCapture()
///     let session = Session(output: capture.standardOutput, errors: capture.standardError)
///     …                                       // print("a"); warnings.warn("b")
///     capture.take()                          // "a\n[stderr] warning: b\n"
final class CellCapture {
    /// The mark in front of every standard-error line of a cell's output.
    static let standardErrorMark = "[stderr] "

    /// The sink given to the session as standard output.
    private(set) lazy var standardOutput: OutputSink = CaptureFace(self, .stream(isError: false))
    /// The sink given to the session as standard error.
    private(set) lazy var standardError: OutputSink = CaptureFace(self, .stream(isError: true))
    /// Shown (forwarded) but not captured: the REPL's live progress frames.
    private(set) lazy var displayOnly: OutputSink = CaptureFace(self, .oneWay(record: false))
    /// Captured but not shown: what a replay prints in place of the live frames.
    private(set) lazy var recordOnly: OutputSink = CaptureFace(self, .oneWay(record: true))
    /// Receives each piece as it is captured (marked the same way).
    var forward: ((String) -> Void)?

    private let lock = NSLock()
    private var captured = ""
    /// Whether the next standard-error text starts a line (then it gets the mark).
    private var errorAtLineStart = true

    /// Returns what was captured since the last call and starts over.
    func take() -> String {
        lock.lock()
        defer { captured = ""; errorAtLineStart = true; lock.unlock() }
        return captured
    }

    /// `text` captured without forwarding it (`record`), or forwarded without capturing it.
    fileprivate func writeOneWay(_ text: String, record: Bool) {
        guard !text.isEmpty else { return }
        lock.lock()
        if record {
            captured += text
            errorAtLineStart = true
        }
        let forward = self.forward
        lock.unlock()
        if !record { forward?(text) }
    }

    fileprivate func write(_ text: String, isError: Bool) {
        guard !text.isEmpty else { return }
        lock.lock()
        let piece: String
        if isError {
            piece = marked(text)
        } else {
            piece = text
            errorAtLineStart = true
        }
        captured += piece
        let forward = self.forward
        lock.unlock()
        forward?(piece)
    }

    /// `text` with the mark at the start of each of its lines; a standard-error piece that follows
    /// standard output in the middle of a line starts a new line.
    private func marked(_ text: String) -> String {
        var result = ""
        if errorAtLineStart, !captured.isEmpty, !captured.hasSuffix("\n") { result = "\n" }
        for character in text {
            if errorAtLineStart { result += Self.standardErrorMark }
            result.append(character)
            errorAtLineStart = character == "\n"
        }
        return result
    }
}

/// One face of a `CellCapture`: one of its two streams, or its display-only or record-only side.
private final class CaptureFace: OutputSink {
    enum Route { case stream(isError: Bool), oneWay(record: Bool) }
    unowned let capture: CellCapture
    let route: Route

    init(_ capture: CellCapture, _ route: Route) {
        self.capture = capture
        self.route = route
    }

    func write(_ text: String) {
        switch route {
        case .stream(let isError): capture.write(text, isError: isError)
        case .oneWay(let record): capture.writeOneWay(text, record: record)
        }
    }
}
