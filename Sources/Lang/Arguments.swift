/// What a built-in's body receives: its arguments already bound to its parameters and type-checked.
///
///     let r = try args.int("r")                // a required or defaulted int
///     let modules = try args.optionalList("target_modules")
///     let extra = args.keywords                // **kwargs, in call order
public struct Arguments {
    public let builtin: Builtin
    /// The value a method was called on (`"a,b"` in `"a,b".split(",")`), nil for plain functions.
    public let receiver: Value?
    /// The interpreter and the caller's source range, for callbacks and output.
    public let context: CallContext
    let values: [Value]
    /// Which parameters the caller passed; nil when exactly the first `passedCount` were (a positional
    /// call, the common case, which then allocates no flags).
    private let passedFlags: [Bool]?
    private let passedCount: Int

    init(builtin: Builtin, receiver: Value?, context: CallContext, values: [Value], passed: [Bool]) {
        (self.builtin, self.receiver, self.context, self.values) = (builtin, receiver, context, values)
        passedFlags = passed
        passedCount = 0
    }

    /// Arguments of a positional call: the first `passedCount` parameters were passed, the rest hold defaults.
    init(builtin: Builtin, receiver: Value?, context: CallContext, values: [Value], passedCount: Int) {
        (self.builtin, self.receiver, self.context, self.values) = (builtin, receiver, context, values)
        passedFlags = nil
        self.passedCount = passedCount
    }

    /// Whether each parameter was passed.
    var passed: [Bool] { passedFlags ?? values.indices.map { $0 < passedCount } }

    private func slot(_ name: String) -> Int? { builtin.parameters.firstIndex { $0.name == name } }

    /// The bound value of parameter `name` (its default when not passed; None for unknown names).
    public subscript(_ name: String) -> Value {
        guard let i = slot(name) else { return .none }
        return values[i]
    }

    /// The bound value of the parameter at `position`.
    public subscript(position position: Int) -> Value {
        position < values.count ? values[position] : .none
    }

    /// True when the caller passed `name` explicitly.
    public func isPassed(_ name: String) -> Bool {
        guard let i = slot(name) else { return false }
        if let passedFlags { return passedFlags[i] }
        return i < passedCount
    }

    private func wrongType(_ name: String, _ expected: String) -> ScriptError {
        ScriptError(.typeError, "\(builtin.qualifiedName)() argument '\(name)' must be \(expected), not \(self[name].typeName)")
    }

    public func int(_ name: String) throws -> Int {
        guard let n = self[name].intValue else { throw wrongType(name, "int") }
        return n
    }

    public func double(_ name: String) throws -> Double {
        guard let x = self[name].doubleValue else { throw wrongType(name, "a number") }
        return x
    }

    public func string(_ name: String) throws -> String {
        guard case .str(let s) = self[name] else { throw wrongType(name, "str") }
        return s
    }

    /// Python truthiness of the argument.
    public func bool(_ name: String) throws -> Bool {
        try context.interpreter.truthy(self[name])
    }

    public func optionalInt(_ name: String) throws -> Int? { self[name].isNone ? nil : try int(name) }
    public func optionalDouble(_ name: String) throws -> Double? { self[name].isNone ? nil : try double(name) }
    public func optionalString(_ name: String) throws -> String? { self[name].isNone ? nil : try string(name) }

    /// Items of a list or tuple argument.
    public func list(_ name: String) throws -> [Value] {
        guard let items = self[name].sequenceItems else { throw wrongType(name, "list or tuple") }
        return items
    }

    public func optionalList(_ name: String) throws -> [Value]? { self[name].isNone ? nil : try list(name) }

    /// The `*args` values (empty when the signature has none).
    public var variadic: [Value] {
        guard let i = builtin.parameters.firstIndex(where: { $0.kind == .variadic }) else { return [] }
        return values[i].sequenceItems ?? []
    }

    /// The `**kwargs` values in call order (empty when the signature has none).
    public var keywords: [(String, Value)] {
        guard let i = builtin.parameters.firstIndex(where: { $0.kind == .variadicKeywords }),
              case .dict(let dict) = values[i] else { return [] }
        return dict.pairs.map { (Repr.str($0.0), $0.1) }
    }
}

/// The context of a native call: the interpreter (to call back into the language, write output,
/// render values) and the caller's source range.
public struct CallContext {
    public let interpreter: Interpreter
    /// The call expression in the script, when there is one.
    public let range: SourceRange?

    public init(interpreter: Interpreter, range: SourceRange?) {
        (self.interpreter, self.range) = (interpreter, range)
    }

    /// Call a language (or native) function, e.g. the user's `compute_metrics`.
    public func call(_ callee: Value, _ arguments: [Value], keywords: [(String, Value)] = []) throws -> Value {
        try interpreter.call(callee, arguments, keywords: keywords)
    }

    /// Write to standard output (`sys.stdout`; counted against the output limit).
    public func write(_ text: String) throws { try interpreter.write(text) }

    /// Write to standard error (`sys.stderr`: warnings, notes, log records; counted against the output
    /// limit). Script mode shows it on the process's stderr; notebooks and the REPL keep it in the
    /// cell's output, marked as standard error.
    public func writeError(_ text: String) throws { try interpreter.writeError(text) }

    /// Write `warning: message` as one line to standard error (Python's `warnings.warn` shape).
    public func warn(_ message: String) throws { try writeError("warning: \(message)\n") }

    /// The session the call runs in (seeds, recording mode, streams, per-layer state).
    public var session: Session { interpreter.session }

    /// Raise KeyboardInterrupt if an interrupt was requested; call this inside long native loops.
    public func checkInterrupt() throws { try interpreter.checkInterrupt() }

    public func repr(_ value: Value) throws -> String { try interpreter.repr(value) }
    public func str(_ value: Value) throws -> String { try interpreter.str(value) }

    /// Every item of an iterable value (list, tuple, dict keys, range, iterator, host iterable).
    public func items(of value: Value) throws -> [Value] { try interpreter.collect(value) }

    /// The file gate every read goes through.
    public var files: FileGate { interpreter.files }
}
