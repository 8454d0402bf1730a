/// A Swift object exposed to scripts (tensors, models, tokenizers, datasets, configs), the way Lua
/// exposes userdata and Wren foreign classes. Only `typeName` and `repr()` are required; everything
/// else has a default that raises the Python error a user would expect (`'X' object is not subscriptable`).
///
/// Methods are returned from `getAttribute` as `.builtin(Builtin(...))` values, so they go through the
/// one argument checker like every other built-in.
public protocol HostObject: AnyObject {
    /// Python-style type name shown by `type(x)` and in messages: `Tensor`, `LoraConfig`.
    var typeName: String { get }
    /// The module `type(x)` names before the type (`torch` for `<class 'torch.Size'>`); nil for none.
    var typeModule: String? { get }
    /// `repr(x)`: what the REPL echoes.
    func repr() -> String
    /// `str(x)` and `print(x)`; defaults to `repr()`.
    func str() -> String
    /// `x.name`: a value (write `Value.none` for None, since plain `.none` means nil here), or nil when there is no such attribute (the interpreter then raises
    /// AttributeError with "did you mean" over `attributeNames`).
    func getAttribute(_ name: String, context: CallContext) throws -> Value?
    /// `x.name = value`; return false when the attribute cannot be set.
    func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool
    /// Names for `dir(x)`, completion and suggestions.
    var attributeNames: [String] { get }
    /// `x(...)`: the signature and body to call, or nil when not callable.
    func asCallable() -> Builtin?
    /// `x[key]`; `key` may be a tuple of ints and `.slice` values (`t[:, 0]`).
    func getItem(_ key: Value, context: CallContext) throws -> Value
    /// `x[key] = value`.
    func setItem(_ key: Value, _ value: Value, context: CallContext) throws
    /// `len(x)`, or nil when it has no length.
    func length() -> Int?
    /// `for item in x`, or nil when it is not iterable.
    func makeIterator(context: CallContext) throws -> IteratorObject?
    /// `with x as y:` — returns what `as` binds. The default raises TypeError (not a context manager).
    func enter(context: CallContext) throws -> Value
    /// End of a `with` block; `error` is the exception leaving the block, if any. Return true to suppress it.
    func exit(error: ExceptionObject?, context: CallContext) throws -> Bool
    /// The pairs `f(**x)` passes, or nil when `x` is not a mapping.
    func keywordArguments() -> [(String, Value)]?
    /// `x op other` (or `other op x` when `reflected`), op in `+ - * / // % ** @ == != < <= > >=`;
    /// nil when unsupported (the interpreter raises TypeError, or for `==`/`!=` compares identity).
    /// This is also the rich-comparison hook: for `== != < <= > >=` the value returned is the value of the
    /// comparison as written (`preds == labels` gives an element-wise Tensor), as Python returns whatever
    /// `__eq__` returns; the interpreter takes its truth only where Python does (`if`, `and`, `not`, `bool()`,
    /// between the links of `a < b < c`). `in`, `is` and `not in` always give a bool.
    func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value?
    /// `-x`, `+x`, `~x`; nil when unsupported.
    func unaryOperation(_ op: String, context: CallContext) throws -> Value?
    /// `x op= other` changing `x` itself (op in `+ - * /`, as `__iadd__`): the value to bind (usually `x`), or
    /// nil to fall back to `x = x op other`.
    func inPlaceOperation(_ op: String, _ other: Value, context: CallContext) throws -> Value?
    /// `bool(x)`; nil means always true.
    func truthValue() throws -> Bool?
    /// A Python scalar for `float(x)`, `int(x)`, `round(x)` and format specs (one-element tensors), else nil.
    func scalarValue() -> Value?
    /// What `f"{x}"` (an empty format spec) formats instead of `str(x)`, or nil: PyTorch formats a 0-d tensor
    /// as its Python number (`f"{loss}"` is `0.3371433019638062`).
    func emptyFormatValue() -> Value?
    /// `item in x`; nil when unsupported.
    func contains(_ item: Value, context: CallContext) throws -> Bool?
    /// One line for `help(x)`.
    var helpText: String { get }
    /// For an instance of a tuple subclass (`torch.Size`): its items, else nil. Wherever Python reads a tuple
    /// the object then counts as that tuple (`isinstance(x, tuple)`, hashing and dict keys, `%` arguments,
    /// unpacking into built-ins that take a list or tuple, json), while its own repr, methods and
    /// operators (`binaryOperation`) stay.
    var tupleItems: [Value]? { get }
}

extension HostObject {
    public func str() -> String { repr() }
    public func getAttribute(_ name: String, context: CallContext) throws -> Value? { nil }
    public func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool { false }
    public var attributeNames: [String] { [] }
    public func asCallable() -> Builtin? { nil }
    public func getItem(_ key: Value, context: CallContext) throws -> Value {
        throw ScriptError(.typeError, "'\(typeName)' object is not subscriptable")
    }
    public func setItem(_ key: Value, _ value: Value, context: CallContext) throws {
        throw ScriptError(.typeError, "'\(typeName)' object does not support item assignment")
    }
    public func length() -> Int? { nil }
    public func makeIterator(context: CallContext) throws -> IteratorObject? { nil }
    public func enter(context: CallContext) throws -> Value {
        throw ScriptError(.typeError, "'\(typeName)' object does not support the context manager protocol",
                          help: "'with' needs an object such as open(...), model.disable_adapter() or no_grad()")
    }
    public func exit(error: ExceptionObject?, context: CallContext) throws -> Bool { false }
    public func keywordArguments() -> [(String, Value)]? { nil }
    public func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? { nil }
    public func unaryOperation(_ op: String, context: CallContext) throws -> Value? { nil }
    public func inPlaceOperation(_ op: String, _ other: Value, context: CallContext) throws -> Value? { nil }
    public func truthValue() throws -> Bool? { nil }
    public func scalarValue() -> Value? { nil }
    public func emptyFormatValue() -> Value? { nil }
    public func contains(_ item: Value, context: CallContext) throws -> Bool? { nil }
    public var helpText: String { "\(typeName) object" }
    public var tupleItems: [Value]? { nil }
    public var typeModule: String? { nil }
}
