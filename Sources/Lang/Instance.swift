/// An instance of a class written in the language. It is a host object to the rest of the system, so
/// every place that takes a value (operators, `len`, `for`, `with`, host built-ins) sees its special
/// methods (`__add__`, `__len__`, `__iter__`, `__enter__`, ...) through the `HostObject` hooks.
///
/// An instance of a subclass of a host class (`class WeightedTrainer(Trainer)`) also holds the host
/// object its `super().__init__(...)` built: attributes the script did not define come from it.
public final class Instance: HostObject {
    /// The class.
    public let type: TypeObject
    /// The instance attributes (`self.x = 1`), in assignment order.
    public let attributes = DictObject()
    /// The object built by the host base class, if the class derives from one.
    public internal(set) var hostBase: (any HostObject)?

    /// The interpreter that created the instance: a native class (`nn.Sequential(...)`) has none of its own.
    weak var creator: Interpreter?

    init(type: TypeObject, creator: Interpreter? = nil) {
        self.type = type
        self.creator = creator
    }

    var interpreter: Interpreter? { type.interpreter ?? creator }

    public var typeName: String { type.name }

    /// The script's own method `name` bound to this instance, when its class (not the host base)
    /// defines it: how the host finds overrides such as `compute_loss` or `on_log`.
    public func override(_ name: String) -> Value? {
        for candidate in type.mro {
            if candidate.hostConstructor != nil || candidate.isNativeClass { return nil }
            if let value = candidate.namespace?.get(name) {
                return interpreter?.bind(value, to: .host(self), type: type)
            }
        }
        return nil
    }

    /// True when this instance's class derives from `other`.
    public func isInstance(of other: TypeObject) -> Bool { type.isSubtype(of: other) }

    /// `<__main__.Point object at 0x...>`.
    var defaultRepr: String {
        if let host = hostBase { return host.repr() }
        let address = String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16)
        let qualified = type.module == "builtins" ? type.name : "\(type.module).\(type.name)"
        return "<\(qualified) object at 0x\(address)>"
    }

    private func special(_ name: String, _ arguments: [Value]) throws -> Value? {
        try interpreter?.callSpecial(self, name, arguments)
    }

    private func has(_ name: String) -> Bool { type.lookup(name) != nil }

    public func repr() -> String { (try? interpreter?.instanceRepr(self)) ?? defaultRepr }

    public func str() -> String { (try? interpreter?.instanceStr(self)) ?? repr() }

    public func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        try context.interpreter.instanceAttribute(self, name)
    }

    public func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool {
        try context.interpreter.setInstanceAttribute(self, name, value)
        return true
    }

    public var attributeNames: [String] {
        var names = Set(attributes.keys.compactMap(\.stringValue))
        for candidate in type.mro { names.formUnion(candidate.namespace?.keys.compactMap(\.stringValue) ?? []) }
        names.formUnion(hostBase?.attributeNames ?? [])
        return names.filter { !($0.hasPrefix("__") && $0.hasSuffix("__")) }.sorted()
    }

    public func asCallable() -> Builtin? {
        if let host = hostBase, !has("__call__") { return host.asCallable() }
        guard has("__call__") else { return nil }
        return Builtin("__call__", owner: type.name, [.variadic("args"), .keywords("kwargs")], doc: "Call the object.") { args in
            guard let method = args.context.interpreter.specialMethod(self, "__call__") else { return .none }
            return try args.context.interpreter.callValue(method, args.variadic, args.keywords, range: args.context.range)
        }
    }

    public func getItem(_ key: Value, context: CallContext) throws -> Value {
        if let value = try special("__getitem__", [key]) { return value }
        if let host = hostBase { return try host.getItem(key, context: context) }
        throw ScriptError(.typeError, "'\(type.name)' object is not subscriptable",
                          help: "define __getitem__(self, key) in class \(type.name)")
    }

    public func setItem(_ key: Value, _ value: Value, context: CallContext) throws {
        if try special("__setitem__", [key, value]) != nil { return }
        if let host = hostBase { return try host.setItem(key, value, context: context) }
        throw ScriptError(.typeError, "'\(type.name)' object does not support item assignment",
                          help: "define __setitem__(self, key, value) in class \(type.name)")
    }

    public func length() -> Int? {
        if has("__len__") { return (try? interpreter?.instanceLength(self)) ?? nil }
        return hostBase?.length()
    }

    public func makeIterator(context: CallContext) throws -> IteratorObject? {
        let interpreter = context.interpreter
        if let iterable = try special("__iter__", []) {
            if case .host(let host) = iterable, let other = host as? Instance, other.has("__next__") {
                return IteratorObject(kindName: other.type.name) {
                    do {
                        return try interpreter.callSpecial(other, "__next__", [])
                    } catch let error as ScriptError where error.exception.type.isSubtype(of: .stopIteration) {
                        return nil
                    }
                }
            }
            let next = try interpreter.makeIterator(iterable)
            return IteratorObject(kindName: iterable.typeName, next: next)
        }
        if has("__getitem__") {
            var index = 0
            return IteratorObject(kindName: "iterator") {
                do {
                    defer { index += 1 }
                    return try interpreter.callSpecial(self, "__getitem__", [.int(index)])
                } catch let error as ScriptError where error.exception.type.isSubtype(of: .indexError) || error.exception.type.isSubtype(of: .stopIteration) {
                    return nil
                }
            }
        }
        return try hostBase?.makeIterator(context: context)
    }

    /// True when `for x in instance` can work (without starting an iteration).
    var isIterable: Bool {
        has("__iter__") || has("__getitem__") || hostBase.map { $0.length() != nil } ?? false
    }

    public func enter(context: CallContext) throws -> Value {
        if let value = try special("__enter__", []) { return value }
        if let host = hostBase { return try host.enter(context: context) }
        throw ScriptError(.typeError, "'\(type.name)' object does not support the context manager protocol",
                          help: "define __enter__(self) and __exit__(self, exc_type, exc, tb) in class \(type.name)")
    }

    public func exit(error: ExceptionObject?, context: CallContext) throws -> Bool {
        if has("__exit__") {
            let arguments: [Value] = error.map { [.type($0.type), .exception($0), .none] } ?? [.none, .none, .none]
            let result = try special("__exit__", arguments) ?? .none
            return try context.interpreter.truthy(result)
        }
        if let host = hostBase { return try host.exit(error: error, context: context) }
        return false
    }

    public func keywordArguments() -> [(String, Value)]? { hostBase?.keywordArguments() }

    private static let forwardNames: [String: String] = [
        "+": "__add__", "-": "__sub__", "*": "__mul__", "/": "__truediv__", "//": "__floordiv__", "%": "__mod__",
        "**": "__pow__", "@": "__matmul__", "&": "__and__", "|": "__or__", "^": "__xor__", "<<": "__lshift__",
        ">>": "__rshift__", "==": "__eq__", "!=": "__ne__", "<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__",
    ]
    private static let reflectedComparisons: [String: String] = [
        "==": "__eq__", "!=": "__ne__", "<": "__gt__", "<=": "__ge__", ">": "__lt__", ">=": "__le__",
    ]

    public func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        guard let forward = Self.forwardNames[op] else { return nil }
        let name: String
        if reflected {
            name = Self.reflectedComparisons[op] ?? "__r" + forward.dropFirst(2)
        } else {
            name = forward
        }
        if let result = try special(name, [other]) {
            return result.isNotImplemented ? nil : result
        }
        if name == "__ne__", let equal = try special("__eq__", [other]), !equal.isNotImplemented {
            return .bool(!(try context.interpreter.truthy(equal)))
        }
        return try hostBase?.binaryOperation(op, other, reflected: reflected, context: context)
    }

    /// `a op= b`: the in-place method (`__iadd__`), or nil to fall back to `a = a op b`.
    func inPlaceOperation(_ op: String, _ other: Value) throws -> Value? {
        guard let forward = Self.forwardNames[op] else { return nil }
        guard let result = try special("__i" + forward.dropFirst(2), [other]), !result.isNotImplemented else { return nil }
        return result
    }

    public func unaryOperation(_ op: String, context: CallContext) throws -> Value? {
        let names = ["-": "__neg__", "+": "__pos__", "~": "__invert__"]
        if let name = names[op], let result = try special(name, []) { return result }
        return try hostBase?.unaryOperation(op, context: context)
    }

    public func truthValue() throws -> Bool? {
        if let result = try special("__bool__", []) {
            guard case .bool(let truth) = result else {
                throw ScriptError(.typeError, "__bool__ should return bool, returned \(result.typeName)")
            }
            return truth
        }
        if has("__len__"), let interpreter { return try interpreter.instanceLength(self) > 0 }
        return try hostBase?.truthValue()
    }

    /// The value of a member of an enum mixed with a built-in type (`class Split(str, Enum)`, IntEnum,
    /// StrEnum): such members hash, compare and convert as that value. nil for other instances.
    var enumMixinValue: Value? {
        guard type.mro.contains(where: { $0.module == "enum" && ["_StrMixin", "_IntMixin", "_FloatMixin"].contains($0.name) }) else { return nil }
        return attributes.get("_value_")
    }

    /// The items of an instance of a `collections.namedtuple` / `typing.NamedTuple` class (kept in its
    /// `_values`): such instances are tuples for `isinstance`, `json` and `%` formatting. nil otherwise.
    var namedTupleItems: [Value]? {
        guard type.lookup("_fields") != nil, type.lookup("_make") != nil, case .tuple(let items)? = attributes.get("_values") else { return nil }
        return items
    }

    public func scalarValue() -> Value? {
        for name in ["__float__", "__int__", "__index__"] where has(name) {
            if let value = try? special(name, []) { return value }
        }
        // A member of `class Split(str, Enum)` / StrEnum stands for its string where a str is expected.
        if case .str? = enumMixinValue { return enumMixinValue }
        return hostBase?.scalarValue()
    }

    public func contains(_ item: Value, context: CallContext) throws -> Bool? {
        if let result = try special("__contains__", [item]) { return try context.interpreter.truthy(result) }
        return try hostBase?.contains(item, context: context)
    }

    public var helpText: String {
        if case .str(let doc)? = type.lookup("__doc__") { return "\(type.name): \(doc)" }
        return "\(type.name) object"
    }
}

extension Interpreter {
    func instanceRepr(_ instance: Instance) throws -> String {
        guard let result = try callSpecial(instance, "__repr__", []) else { return instance.defaultRepr }
        guard case .str(let text) = result else {
            throw ScriptError(.typeError, "__repr__ returned non-string (type \(result.typeName))")
        }
        return text
    }

    func instanceStr(_ instance: Instance) throws -> String {
        guard let result = try callSpecial(instance, "__str__", []) else { return try instanceRepr(instance) }
        guard case .str(let text) = result else {
            throw ScriptError(.typeError, "__str__ returned non-string (type \(result.typeName))")
        }
        return text
    }

    func instanceLength(_ instance: Instance) throws -> Int {
        guard let result = try callSpecial(instance, "__len__", []) else {
            throw ScriptError(.typeError, "object of type '\(instance.type.name)' has no len()")
        }
        guard let n = result.intValue else {
            throw ScriptError(.typeError, "'\(result.typeName)' object cannot be interpreted as an integer")
        }
        if n < 0 { throw ScriptError(.valueError, "__len__() should return >= 0") }
        return n
    }

    func instanceHash(_ instance: Instance) throws -> Int? {
        guard let method = instance.type.lookup("__hash__") else {
            if instance.type.lookup("__eq__") != nil {
                throw ScriptError(.typeError, "unhashable type: '\(instance.type.name)'",
                                  help: "a class that defines __eq__ needs __hash__ too to be a dict key or set item")
            }
            return nil
        }
        if method.isNone { throw ScriptError(.typeError, "unhashable type: '\(instance.type.name)'") }
        let result = try callValue(bind(method, to: .host(instance), type: instance.type), [], [], range: nil)
        guard let n = result.intValue else { throw ScriptError(.typeError, "__hash__ method should return an integer") }
        return n
    }
}

extension Value {
    /// True for the `NotImplemented` constant.
    var isNotImplemented: Bool {
        if case .host(let host) = self { return host is NotImplementedObject }
        return false
    }
}
