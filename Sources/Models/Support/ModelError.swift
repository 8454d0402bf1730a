import Foundation
import PythonBasics

/// An error from the Models layer: a plain message for a person, plus notes and a suggested fix.
///
/// Rendered in one place by the caller (the language's diagnostics renderer); `description` gives a
/// readable fallback.
public struct ModelError: PythonError, Equatable {
    /// What went wrong, in one sentence.
    public let message: String
    /// Supporting facts (e.g. every place a model name was looked for).
    public let notes: [String]
    /// How to fix it, when we know.
    public let help: String?
    /// The Python exception a script sees: `ValueError` unless a file or folder is missing
    /// (`FileNotFoundError`), or the error wraps a core error that says otherwise.
    public let exceptionType: PythonExceptionType

    public init(_ message: String, notes: [String] = [], help: String? = nil, type: PythonExceptionType = .valueError) {
        self.message = message
        self.notes = notes
        self.help = help
        self.exceptionType = type
    }

    /// An error about `cause` (a file that could not be read, …): a missing file stays a `FileNotFoundError`.
    public init(_ message: String, cause: Error, notes: [String] = [], help: String? = nil) {
        self.init(message, notes: notes, help: help, type: PythonExceptionType.missingFile(cause) ? .fileNotFoundError : .valueError)
    }

    public var diagnosticNotes: [String] { notes }
    public var helpLine: String? { help }
    public var description: String { renderedText(indent: "  ") }
}
