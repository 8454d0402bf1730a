import Foundation
import PythonBasics

/// Every failure the tokenizers can report: a plain message for a person, plus a hint with the fix.
/// Scripts see a ValueError.
public typealias TokenizerError = MessageError<TokenizerErrors>

/// How the tokenizers' errors read (`tokenizer error: …`) and surface (`ValueError`).
public enum TokenizerErrors: MessageErrorLayer {
    public static var exceptionType: PythonExceptionType { .valueError }
    public static func describe(message: String, help: String) -> String {
        help.isEmpty ? "tokenizer error: \(message)" : "tokenizer error: \(message)\n  help: \(help)"
    }
}
