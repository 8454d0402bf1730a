import Foundation
import PythonBasics

/// An error from the Training layer, written for a person learning fine-tuning: what went wrong,
/// optional notes with context, and a `help` line saying how to fix it.
///
/// `kind` maps onto the Python exception a script expects (`ValueError`, `KeyError`, …); the
/// language bindings translate it, and render the message in one place.
public struct TrainingError: PythonError, Equatable {
    /// The Python exception family this error corresponds to.
    public enum Kind: String, Equatable {
        case valueError = "ValueError"
        case typeError = "TypeError"
        case keyError = "KeyError"
        case indexError = "IndexError"
        case fileNotFound = "FileNotFoundError"
        case runtimeError = "RuntimeError"
    }

    public var kind: Kind
    public var message: String
    public var notes: [String]
    public var help: String?

    public init(_ kind: Kind, _ message: String, notes: [String] = [], help: String? = nil) {
        self.kind = kind
        self.message = message
        self.notes = notes
        self.help = help
    }

    /// `ValueError: message` followed by `note:` and `help:` lines.
    public var description: String { "\(kind.rawValue): " + renderedText(indent: "  ") }

    public var diagnosticNotes: [String] { notes }
    public var helpLine: String? { help }
    public var exceptionType: PythonExceptionType { PythonExceptionType(rawValue: kind.rawValue) ?? .runtimeError }

    static func value(_ message: String, help: String? = nil, notes: [String] = []) -> TrainingError {
        TrainingError(.valueError, message, notes: notes, help: help)
    }
}

/// A non-fatal message (HF prints these as warnings): collected and shown by the caller.
public struct TrainingWarning: Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "warning: \(message)" }
}
