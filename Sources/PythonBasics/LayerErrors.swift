import Foundation

// The two error shapes the layers share. A layer names its error with a type alias
// (`typealias TensorError = MessageError<TensorErrors>`) and says, in one small type, which Python
// exception its errors become and how they read; the fields, initialisers and rendering live here once.

/// What one layer's `MessageError`s have in common.
public protocol MessageErrorLayer: Sendable {
    /// The Python exception a script sees.
    static var exceptionType: PythonExceptionType { get }
    /// `description`: the message and, when there is one, the help line.
    static func describe(message: String, help: String) -> String
}

/// An error that is a message and (maybe) a fix: TensorCore's `TensorError`, Tokenizers' `TokenizerError`.
public struct MessageError<Layer: MessageErrorLayer>: PythonError, LocalizedError, Equatable, Sendable {
    /// What went wrong, in one sentence.
    public let message: String
    /// How to fix it (may be empty).
    public let help: String

    public init(_ message: String, help: String = "") {
        self.message = message
        self.help = help
    }

    public var description: String { Layer.describe(message: message, help: help) }
    public var errorDescription: String? { description }
    public var helpLine: String? { help.isEmpty ? nil : help }
    public var exceptionType: PythonExceptionType { Layer.exceptionType }
}

/// The categories of one layer's `KindedError`s (PEFT's `PeftError.Kind`, Training's `TrainingError.Kind`).
public protocol ErrorKind: Equatable, Sendable {
    /// The Python exception a script sees for an error of this kind.
    var exceptionType: PythonExceptionType { get }
    /// `description` of an error of this kind (default: message, `note:` lines, `help:` line).
    func describe(_ error: KindedError<Self>) -> String
}

extension ErrorKind {
    public func describe(_ error: KindedError<Self>) -> String { error.renderedText() }
}

/// An error with a category code and tests can tell apart, a message, facts as notes, and the fix.
public struct KindedError<Category: ErrorKind>: PythonError, LocalizedError, Equatable, Sendable {
    /// The layer's kind type, as `PeftError.Kind` / `TrainingError.Kind`.
    public typealias Kind = Category

    /// What went wrong, as a category.
    public var kind: Kind
    /// The full sentence shown to the user.
    public var message: String
    /// Facts that help understand the problem (shapes, paths, allowed values), one per line.
    public var notes: [String]
    /// What to do about it.
    public var help: String?

    public init(_ kind: Kind, _ message: String, notes: [String] = [], help: String? = nil) {
        self.kind = kind
        self.message = message
        self.notes = notes
        self.help = help
    }

    /// The Python exception's name (`ValueError`, …).
    public var pythonType: String { exceptionType.rawValue }

    public var exceptionType: PythonExceptionType { kind.exceptionType }
    public var diagnosticNotes: [String] { notes }
    public var helpLine: String? { help }
    public var description: String { kind.describe(self) }
    public var errorDescription: String? { description }

    /// Runs `body`; an error of this type that it throws gets `note` added (where it happened, e.g.
    /// "while mapping row 3"), other errors pass unchanged.
    public static func noting<T>(_ note: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch var error as Self {
            error.notes.append(note())
            throw error
        }
    }
}
