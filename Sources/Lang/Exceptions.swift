import PythonBasics
/// A type as a value: `int`, `str`, `ValueError`, a host type. Calling it constructs a value.
public final class TypeObject {
    /// Settable for classes (`Cls.__name__ = 'Point'`, as namedtuple does).
    public internal(set) var name: String
    public let parent: TypeObject?
    public let doc: String
    /// Runs when the type is called (`int("3")`); nil for exception types, which build exceptions.
    var constructor: Builtin?
    /// The base classes as written (`class C(A, B)`); `[parent]` for built-in types.
    public internal(set) var bases: [TypeObject]
    /// The class attributes of a class written in the language (or declared by the host with
    /// `TypeObject.nativeClass`); nil for built-in types.
    public internal(set) var namespace: DictObject?
    /// For a host class a script can subclass (`class WeightedTrainer(Trainer)`): builds the host object
    /// when the subclass's `__init__` calls `super().__init__(...)` (or has no `__init__`).
    public internal(set) var hostConstructor: Builtin?
    /// The module a class was defined in (`__main__` for scripts), for its default repr.
    public internal(set) var module = "builtins"
    /// The module a host type's repr names (`<class 'torch.Size'>`); nil for other types.
    public internal(set) var hostModule: String?
    /// The method resolution order (C3, as in CPython) of a class with a namespace; nil for built-in types.
    var storedMRO: [TypeObject]?
    /// True for classes declared by the host with `TypeObject.nativeClass` (their methods are not overrides).
    public internal(set) var isNativeClass = false
    /// The metaclass of a class (`class C(metaclass=M)`, or inherited from a base); nil for plain classes.
    var metaclass: TypeObject?
    /// The interpreter that runs the class's methods (for dunder calls from native code).
    weak var interpreter: Interpreter?

    /// An exception type a standard module defines (`csv.Error`, `struct.error`), named with its module.
    static func moduleError(_ name: String, module: String, doc: String) -> TypeObject {
        let type = TypeObject(name: name, parent: .exception, doc: doc)
        type.module = module
        return type
    }

    public init(name: String, parent: TypeObject?, doc: String = "") {
        (self.name, self.parent, self.doc) = (name, parent, doc)
        self.bases = parent.map { [$0] } ?? []
    }

    /// True for classes defined by a `class` statement (or declared as native classes by the host).
    public var isUserClass: Bool { namespace != nil }

    /// `C.__mro__`: the class, then its bases in CPython's C3 order, ending with `object`.
    public var mro: [TypeObject] {
        if let stored = storedMRO { return stored }
        var chain: [TypeObject] = []
        var type: TypeObject? = self
        while let t = type {
            chain.append(t)
            type = t.parent
        }
        if chain.last !== TypeObject.objectType { chain.append(.objectType) }
        return chain
    }

    /// True when `self` is `other` or derives from it (`ZeroDivisionError` is an `ArithmeticError`).
    public func isSubtype(of other: TypeObject) -> Bool {
        if other === TypeObject.objectType { return true }
        if let stored = storedMRO {
            return stored.contains { $0 === other || (!$0.isUserClass && !other.isUserClass && $0.name == other.name) }
        }
        var type: TypeObject? = self
        while let t = type {
            if t === other || (!other.isUserClass && t.name == other.name) { return true }
            type = t.parent
        }
        return false
    }

    /// The class attribute `name` from the first class of the MRO that defines it (functions unbound).
    public func lookup(_ name: String) -> Value? {
        guard storedMRO != nil || namespace != nil else { return nil }
        for type in mro {
            if let value = type.namespace?.get(name) { return value }
        }
        return nil
    }

    /// The first class of the MRO that builds a host object (`Trainer` for a `Trainer` subclass).
    public var hostClass: TypeObject? { mro.first { $0.hostConstructor != nil } }

    public var isExceptionType: Bool { isSubtype(of: .baseException) }
}

/// Python's exception hierarchy (the subset lorarepl raises and scripts can catch).
extension TypeObject {
    public static let baseException = TypeObject(name: "BaseException", parent: nil, doc: "The root of all exceptions.")
    public static let exception = TypeObject(name: "Exception", parent: .baseException, doc: "The base of ordinary errors; `except Exception` catches all of them.")
    public static let keyboardInterrupt = TypeObject(name: "KeyboardInterrupt", parent: .baseException, doc: "The run was interrupted (Ctrl-C).")
    public static let arithmeticError = TypeObject(name: "ArithmeticError", parent: .exception)
    public static let zeroDivisionError = TypeObject(name: "ZeroDivisionError", parent: .arithmeticError, doc: "Division or modulo by zero.")
    public static let overflowError = TypeObject(name: "OverflowError", parent: .arithmeticError, doc: "A result does not fit (ints are 64-bit).")
    public static let lookupError = TypeObject(name: "LookupError", parent: .exception)
    public static let keyError = TypeObject(name: "KeyError", parent: .lookupError, doc: "A dict has no such key.")
    public static let indexError = TypeObject(name: "IndexError", parent: .lookupError, doc: "An index is out of range.")
    public static let nameError = TypeObject(name: "NameError", parent: .exception, doc: "A name is not defined.")
    public static let unboundLocalError = TypeObject(name: "UnboundLocalError", parent: .nameError, doc: "A local variable is used before it is assigned.")
    public static let typeError = TypeObject(name: "TypeError", parent: .exception, doc: "A value has the wrong type for an operation or call.")
    public static let valueError = TypeObject(name: "ValueError", parent: .exception, doc: "A value has the right type but a bad content.")
    public static let attributeError = TypeObject(name: "AttributeError", parent: .exception, doc: "An object has no such attribute.")
    public static let runtimeError = TypeObject(name: "RuntimeError", parent: .exception, doc: "An error that fits no other category.")
    public static let recursionError = TypeObject(name: "RecursionError", parent: .runtimeError, doc: "Calls nested deeper than the recursion limit.")
    public static let notImplementedError = TypeObject(name: "NotImplementedError", parent: .runtimeError, doc: "Not implemented.")
    public static let assertionError = TypeObject(name: "AssertionError", parent: .exception, doc: "An assert statement failed.")
    public static let osError = TypeObject(name: "OSError", parent: .exception, doc: "A file system error.")
    public static let fileNotFoundError = TypeObject(name: "FileNotFoundError", parent: .osError, doc: "No such file.")
    public static let permissionError = TypeObject(name: "PermissionError", parent: .osError, doc: "The file gate (sandbox) refused access.")
    public static let timeoutError = TypeObject(name: "TimeoutError", parent: .osError, doc: "A run took longer than its time limit.")
    public static let importError = TypeObject(name: "ImportError", parent: .exception, doc: "A name cannot be imported from a module.")
    public static let moduleNotFoundError = TypeObject(name: "ModuleNotFoundError", parent: .importError, doc: "No module of that name.")
    public static let stopIteration = TypeObject(name: "StopIteration", parent: .exception, doc: "An iterator is exhausted.")
    public static let memoryError = TypeObject(name: "MemoryError", parent: .exception, doc: "A size limit was exceeded.")
    public static let syntaxError = TypeObject(name: "SyntaxError", parent: .exception, doc: "The code is not valid lorarepl.")
    public static let generatorExit = TypeObject(name: "GeneratorExit", parent: .baseException, doc: "A generator was closed.")
    public static let unicodeError = TypeObject(name: "UnicodeError", parent: .valueError, doc: "Text could not be encoded or decoded.")
    public static let eofError = TypeObject(name: "EOFError", parent: .exception, doc: "Input ended.")

    /// Every built-in exception type, for the global namespace.
    static let allExceptionTypes: [TypeObject] = [
        .baseException, .exception, .keyboardInterrupt, .arithmeticError, .zeroDivisionError, .overflowError,
        .lookupError, .keyError, .indexError, .nameError, .unboundLocalError, .typeError, .valueError,
        .attributeError, .runtimeError, .recursionError, .notImplementedError, .assertionError, .osError,
        .fileNotFoundError, .permissionError, .timeoutError, .importError, .moduleNotFoundError, .stopIteration,
        .memoryError, .syntaxError, .generatorExit, .unicodeError, .eofError,
    ]
}

/// An exception instance: what `raise` throws and `except E as e` binds.
public final class ExceptionObject {
    public let type: TypeObject
    public internal(set) var args: [Value]
    /// `str(e)`.
    public internal(set) var message: String
    /// Attributes a user exception class's `__init__` sets (`self.code = code`).
    public let attributes = DictObject()
    /// `raise ... from cause`: the exception this one was raised from (`__cause__`).
    public internal(set) var cause: ExceptionObject?
    /// The exception being handled when this one was raised (`__context__`).
    public internal(set) var context: ExceptionObject?
    /// `raise ... from None` hides the context.
    public internal(set) var suppressContext = false
    public var notes: [String]
    public var helps: [String]
    /// A near name the user may have meant; shown as "(did you mean 'x'?)" in the diagnostic, but not
    /// part of `str(e)`, which stays exactly Python's message.
    public var suggestion: String?
    /// Where it was raised (set by the interpreter when it first passes through a language frame).
    public var range: SourceRange?
    /// Language frames it unwound through, innermost first.
    public var traceback: [TraceFrame] = []
    /// The function whose `except` last caught it (`<module>` at top level): the outermost frame of its
    /// traceback, as CPython's traceback ends where the exception was caught.
    public var caughtIn: String?

    public init(type: TypeObject, args: [Value], message: String, notes: [String] = [], helps: [String] = []) {
        (self.type, self.args, self.message, self.notes, self.helps) = (type, args, message, notes, helps)
    }

    /// This exception as a diagnostic for the renderer; the exception it was raised from becomes a note.
    public var diagnostic: Diagnostic {
        var allNotes = notes
        if let cause {
            allNotes.append("raised from \(cause.type.name)\(cause.message.isEmpty ? "" : ": " + cause.message)")
        }
        // CPython names an exception by its module unless it is built in or the script's own: `re.error`, `MyError`.
        let kind = ["builtins", "__main__"].contains(type.module) ? type.name : "\(type.module).\(type.name)"
        return Diagnostic(kind: kind, message: message + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""), range: range,
                          notes: allNotes, helps: helps, traceback: traceback)
    }
}

/// The Swift error that carries a language exception. Built-ins and host objects throw these:
///
///     throw ScriptError(.valueError, "r must be positive, got \(r)", help: "LoRA ranks are usually 4, 8 or 16")
///
/// Any other Swift error thrown from host code becomes a `RuntimeError` with its description.
public struct ScriptError: Error, CustomStringConvertible {
    public let exception: ExceptionObject

    public init(_ exception: ExceptionObject) {
        self.exception = exception
    }

    /// - Parameters:
    ///   - type: the exception type, e.g. `.typeError`.
    ///   - message: one line a learner understands.
    ///   - notes: facts (shapes, paths, allowed values).
    ///   - help: how to fix it.
    ///   - suggestion: a near name ("did you mean"), shown in the diagnostic only.
    public init(_ type: TypeObject, _ message: String, notes: [String] = [], help: String? = nil, suggestion: String? = nil) {
        self.exception = ExceptionObject(type: type, args: [.str(message)], message: message, notes: notes,
                                         helps: help.map { [$0] } ?? [])
        self.exception.suggestion = suggestion
    }

    /// The exception for a refused conversion or allocation (`CheckedInt`, `MemoryBudget`).
    public init(numericLimit error: NumericLimitError) {
        let type: TypeObject
        switch error.kind {
        case .valueError: type = .valueError
        case .overflowError: type = .overflowError
        case .memoryError: type = .memoryError
        }
        self.init(type, error.message, help: error.help)
    }

    public var description: String { "\(exception.type.name): \(exception.message)" }
}
