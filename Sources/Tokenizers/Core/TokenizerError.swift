import Foundation
import PythonBasics

/// Every failure the tokenizers can report: a plain message for a person, plus a hint with the fix.
public struct TokenizerError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, in one sentence.
    public let message: String
    /// How to fix it (may be empty).
    public let help: String

    public init(_ message: String, help: String = "") {
        self.message = message
        self.help = help
    }

    public var description: String {
        help.isEmpty ? "tokenizer error: \(message)" : "tokenizer error: \(message)\n  help: \(help)"
    }
}

extension TokenizerError: LocalizedError {
    public var errorDescription: String? { description }
}

extension TokenizerError: PythonError {
    public var helpLine: String? { help.isEmpty ? nil : help }
    public var exceptionType: PythonExceptionType { .valueError }
}
