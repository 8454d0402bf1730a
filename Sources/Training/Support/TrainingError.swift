import Foundation
import PythonBasics

/// An error from the Training layer, written for a person learning fine-tuning: what went wrong,
/// optional notes with context, and a `help` line saying how to fix it.
///
/// `kind` maps onto the Python exception a script expects (`ValueError`, `KeyError`, …); the
/// language bindings translate it, and render the message in one place. `description` reads
/// `ValueError: message` followed by `note:` and `help:` lines.
public typealias TrainingError = KindedError<TrainingErrorKind>

/// The Python exception family a Training error corresponds to (`TrainingError.Kind`).
public enum TrainingErrorKind: String, ErrorKind {
    case valueError = "ValueError"
    case typeError = "TypeError"
    case keyError = "KeyError"
    case indexError = "IndexError"
    case fileNotFound = "FileNotFoundError"
    case runtimeError = "RuntimeError"

    public var exceptionType: PythonExceptionType { PythonExceptionType(rawValue: rawValue) ?? .runtimeError }

    public func describe(_ error: TrainingError) -> String { "\(rawValue): " + error.renderedText(indent: "  ") }
}

extension TrainingError {
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
