import PythonBasics

// Errors of the Notebooks layer: plain messages with a line number and the fix.

/// A problem with a notebook file or a notebook command, rendered as `file:line: error: message`.
public struct NotebookError: Error, CustomStringConvertible, Equatable {
    /// The file it concerns (empty when parsing text with no file name).
    public var file: String
    /// 1-based line, or 0 when the problem is not tied to a line.
    public var line: Int
    public var message: String
    /// A hint on how to fix it.
    public var help: String?

    public init(file: String = "", line: Int, _ message: String, help: String? = nil) {
        (self.file, self.line, self.message, self.help) = (file, line, message, help)
    }

    public var description: String {
        var location = file
        if line > 0 { location += location.isEmpty ? "line \(line)" : ":\(line)" }
        var text = location.isEmpty ? "error: \(message)" : "\(location): error: \(message)"
        if let help { text += "\n  help: \(help)" }
        return text
    }
}

extension NotebookError: PythonError {
    public var helpLine: String? { help }
    public var exceptionType: PythonExceptionType { .runtimeError }
}
