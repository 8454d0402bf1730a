import Foundation
import PythonBasics

/// A chat-template error: what went wrong and where (1-based line and column in the template source).
public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public let line: Int
    public let column: Int

    public init(_ message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "chat template error at line \(line), column \(column): \(message)" }
}

extension TemplateError: LocalizedError {
    public var errorDescription: String? { description }
}

/// A position in the template source, kept on every node so errors can point at it.
struct SourcePosition: Equatable {
    var offset: Int
    var line: Int
    var column: Int
    static let start = SourcePosition(offset: 0, line: 1, column: 1)

    func error(_ message: String) -> TemplateError { TemplateError(message, line: line, column: column) }
}

extension TemplateError: PythonError {
    /// Scripts see the whole sentence, position included.
    public var exceptionMessage: String { description }
    public var helpLine: String? { nil }
    public var exceptionType: PythonExceptionType { .valueError }
}
