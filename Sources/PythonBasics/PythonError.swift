import Foundation

/// The Python exception classes the core's errors surface as in scripts (`except ValueError:` works
/// as in Python). The raw value is the Python class name.
public enum PythonExceptionType: String, Sendable, Equatable, CaseIterable {
    case valueError = "ValueError", typeError = "TypeError", keyError = "KeyError", indexError = "IndexError"
    case fileNotFoundError = "FileNotFoundError", notImplementedError = "NotImplementedError", osError = "OSError"
    case attributeError = "AttributeError", permissionError = "PermissionError", memoryError = "MemoryError"
    case keyboardInterrupt = "KeyboardInterrupt", runtimeError = "RuntimeError"
}

/// The one error protocol every layer's error type conforms to (`TensorError`, `WeightIOError`,
/// `TokenizerError`, `ModelError`, `PeftError`, `TrainingError`, `NotebookError`, …): a plain message
/// for a person, facts as notes, a `help:` line with the fix, and the Python exception a script sees.
/// Bindings' `ErrorBridge` maps errors to exceptions through these fields only, never by reading the
/// message text.
public protocol PythonError: Error, CustomStringConvertible {
    /// What went wrong, in one sentence.
    var message: String { get }
    /// Facts that help understand the problem (paths, shapes, allowed values), one per line.
    var diagnosticNotes: [String] { get }
    /// How to fix it, when known.
    var helpLine: String? { get }
    /// The Python exception class a script sees.
    var exceptionType: PythonExceptionType { get }
    /// The exception's message as a script sees it (`str(e)`); `message` unless the error's own
    /// position belongs in it.
    var exceptionMessage: String { get }
}

extension PythonError {
    public var diagnosticNotes: [String] { [] }
    public var exceptionMessage: String { message }

    /// `message`, then one `note:` line per note and a `help:` line, each line prefixed by `indent`.
    public func renderedText(indent: String = "") -> String {
        PythonErrorText.render(message, notes: diagnosticNotes, help: helpLine, indent: indent)
    }
}

/// The plain-text layout shared by the errors' `description`s.
public enum PythonErrorText {
    /// `message`, `note: …` lines, then `help: …`, each continuation line prefixed by `indent`.
    public static func render(_ message: String, notes: [String] = [], help: String?, indent: String = "") -> String {
        var text = message
        for note in notes { text += "\n\(indent)note: \(note)" }
        if let help, !help.isEmpty { text += "\n\(indent)help: \(help)" }
        return text
    }
}

extension PythonExceptionType {
    /// Whether `error` reports a missing file or folder: a `PythonError` of type `FileNotFoundError`,
    /// Foundation's "no such file" errors, or POSIX `ENOENT`.
    public static func missingFile(_ error: Error) -> Bool {
        if let error = error as? PythonError { return error.exceptionType == .fileNotFoundError }
        if let error = error as? CocoaError {
            return error.code == .fileNoSuchFile || error.code == .fileReadNoSuchFile
        }
        if let error = error as? POSIXError { return error.code == .ENOENT }
        let nsError = error as NSError
        return nsError.domain == NSPOSIXErrorDomain && nsError.code == Int(ENOENT)
    }
}
