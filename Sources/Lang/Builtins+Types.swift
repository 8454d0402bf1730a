import Foundation

/// The built-in types as values (`int`, `str`, `list`...), each with its constructor.
extension TypeObject {
    public static let intType = TypeObject(name: "int", parent: nil, doc: "64-bit integers.")
    public static let boolType = TypeObject(name: "bool", parent: .intType, doc: "True or False.")
    public static let floatType = TypeObject(name: "float", parent: nil, doc: "Double-precision floats.")
    public static let strType = TypeObject(name: "str", parent: nil, doc: "Unicode text.")
    public static let listType = TypeObject(name: "list", parent: nil, doc: "Mutable sequences.")
    public static let tupleType = TypeObject(name: "tuple", parent: nil, doc: "Immutable sequences.")
    public static let dictType = TypeObject(name: "dict", parent: nil, doc: "Insertion-ordered mappings.")
    public static let setType = TypeObject(name: "set", parent: nil, doc: "Sets of hashable values.")
    public static let frozensetType = TypeObject(name: "frozenset", parent: nil, doc: "Immutable, hashable sets.")
    public static let rangeType = TypeObject(name: "range", parent: nil, doc: "Arithmetic progressions of ints.")
    public static let noneType = TypeObject(name: "NoneType", parent: nil, doc: "The type of None.")
    public static let functionType = TypeObject(name: "function", parent: nil, doc: "Functions defined with def or lambda.")
    public static let typeType = TypeObject(name: "type", parent: nil, doc: "The type of types.")
    public static let objectType = TypeObject(name: "object", parent: nil, doc: "The base of everything.")
}

enum TypeBuiltins {
    static func install(into interpreter: Interpreter) {
        let types: [(TypeObject, Builtin)] = [
            (.intType, Builtin("int", [Parameter("x", default: .int(0)), Parameter.optional("base", .int)],
                               doc: "Convert a number or numeric string to an int (floats truncate toward zero).",
                               example: "int(\"42\")  # 42", body: makeInt)),
            (.floatType, Builtin("float", [Parameter("x", default: .float(0))],
                                 doc: "Convert a number or numeric string (also 'inf', 'nan') to a float.",
                                 example: "float(\"5e-5\")  # 5e-05", body: makeFloat)),
            (.strType, Builtin("str", [Parameter("object", default: .str(""))], doc: "The text form of a value.",
                               example: "str(3.5)  # '3.5'") { args in .str(try args.context.str(args["object"])) }
                .fast { _, _, arguments in
                    guard arguments.count == 1 else { return nil }
                    switch arguments[0] {
                    case .str: return arguments[0]
                    case .int(let n): return .str(String(n))
                    default: return nil
                    }
                }),
            (.boolType, Builtin("bool", [Parameter("x", default: .bool(false))], doc: "The truth value of x.",
                                example: "bool([])  # False") { args in .bool(try args.context.interpreter.truthy(args["x"])) }),
            (.listType, Builtin("list", [Parameter("iterable", default: .tuple([]))], doc: "A new list from an iterable.",
                                example: "list(range(3))  # [0, 1, 2]") { args in .list(ListObject(try args.context.items(of: args["iterable"]))) }),
            (.tupleType, Builtin("tuple", [Parameter("iterable", default: .tuple([]))], doc: "A new tuple from an iterable.",
                                 example: "tuple([1, 2])  # (1, 2)") { args in .tuple(try args.context.items(of: args["iterable"])) }),
            (.dictType, Builtin("dict", [Parameter("iterable", default: .tuple([]), kind: .positionalOnly), .keywords("kwargs")],
                                doc: "A new dict from a mapping, (key, value) pairs, and/or keyword arguments.",
                                example: "dict(a=1, b=2)  # {'a': 1, 'b': 2}", body: makeDict)),
            (.setType, Builtin("set", [Parameter("iterable", default: .tuple([]))], doc: "A new set from an iterable.",
                               example: "set([1, 1, 2])  # {1, 2}") { args in
                .set(try SetObject.of(try args.context.items(of: args["iterable"])))
            }),
            (.frozensetType, Builtin("frozenset", [Parameter("iterable", default: .tuple([]))], doc: "A new frozenset (immutable, hashable) from an iterable.",
                                     example: "frozenset([1, 2])  # frozenset({1, 2})") { args in
                if case .set(let set) = args["iterable"], set.frozen { return args["iterable"] }
                return .set(try SetObject.of(try args.context.items(of: args["iterable"]), frozen: true))
            }),
            (.rangeType, Builtin("range", [Parameter("start", .int), Parameter.optional("stop", .int), Parameter("step", .int, default: .int(1))],
                                 doc: "The ints from start (default 0) up to but not including stop, by step.",
                                 example: "list(range(0, 10, 3))  # [0, 3, 6, 9]", body: makeRange)),
            (.typeType, Builtin("type", [Parameter("object")], doc: "The type of a value.",
                                example: "type(3)  # <class 'int'>") { args in .type(args.context.interpreter.typeOf(args["object"])) }),
        ]
        for (type, constructor) in types {
            type.constructor = constructor
            interpreter.registerGlobal(type.name, .type(type))
        }
        for type in TypeObject.allExceptionTypes { interpreter.registerGlobal(type.name, .type(type)) }
        interpreter.registerGlobal("object", .type(.objectType))
    }

    static func makeInt(_ args: Arguments) throws -> Value {
        let x = args["x"]
        if let base = try args.optionalInt("base") {
            guard case .str(let s) = x else { throw ScriptError(.typeError, "int() can't convert non-string with explicit base") }
            guard base == 0 || (2...36).contains(base) else {
                throw ScriptError(.valueError, "int() base must be >= 2 and <= 36, or 0")
            }
            var text = s.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "")
            var radix = base == 0 ? 10 : base
            // A prefix is read when it names the base (or base 0 asks for it): int('0b1', 16) is 0xb1, as in CPython.
            for (prefix, prefixBase) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) && (base == 0 || base == prefixBase) {
                text = String(text.dropFirst(2))
                radix = prefixBase
            }
            guard let n = Int(text, radix: radix) else {
                throw ScriptError(.valueError, "invalid literal for int() with base \(base): \(Repr.repr(x))")
            }
            return .int(n)
        }
        switch x {
        case .int(let n): return .int(n)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let f):
            if f.isNaN { throw ScriptError(.valueError, "cannot convert float NaN to integer") }
            if f.isInfinite { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
            guard let n = Int(exactly: f.rounded(.towardZero)) else {
                throw ScriptError(.overflowError, "float \(Repr.float(f)) does not fit in a 64-bit int")
            }
            return .int(n)
        case .str(let s):
            let text = s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
            if let n = Int(text) { return .int(n) }
            var help: String?
            if Double(text) != nil { help = "for a decimal string use int(float(s))" }
            throw ScriptError(.valueError, "invalid literal for int() with base 10: \(Repr.repr(x))", help: help)
        case .host(let host):
            if let scalar = host.scalarValue() { return try makeInt(args.replacing("x", with: scalar)) }
        default: break
        }
        throw ScriptError(.typeError, "int() argument must be a string, a bytes-like object or a real number, not '\(x.typeName)'")
    }

    static func makeFloat(_ args: Arguments) throws -> Value {
        let x = args["x"]
        switch x {
        case .int, .bool, .float: return .float(x.doubleValue ?? 0)
        case .str(let s):
            let text = s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().replacingOccurrences(of: "_", with: "")
            switch text {
            case "inf", "+inf", "infinity", "+infinity": return .float(.infinity)
            case "-inf", "-infinity": return .float(-.infinity)
            case "nan", "+nan", "-nan": return .float(.nan)
            default:
                if let value = Double(text), !text.hasPrefix("0x") { return .float(value) }
            }
            throw ScriptError(.valueError, "could not convert string to float: \(Repr.repr(x))")
        case .host(let host):
            if let scalar = host.scalarValue() { return try makeFloat(args.replacing("x", with: scalar)) }
        default: break
        }
        throw ScriptError(.typeError, "float() argument must be a string or a real number, not '\(x.typeName)'")
    }

    static func makeDict(_ args: Arguments) throws -> Value {
        let dict = DictObject()
        let source = args["iterable"]
        switch source {
        case .dict(let other):
            for (k, v) in other.pairs { try dict.set(k, v) }
        case .host(let host) where host.keywordArguments() != nil:
            for (k, v) in host.keywordArguments() ?? [] { dict.set(k, v) }
        case .host(let instance as Instance) where instance.type.lookup("keys") != nil:
            // The mapping protocol, as CPython's dict(x): keys() then x[key] (Counter, defaultdict, user mappings).
            let interpreter = args.context.interpreter
            for key in try args.context.items(of: try args.context.call(try interpreter.getAttribute(source, "keys", range: nil), [])) {
                try dict.set(key, try interpreter.getItem(source, key))
            }
        default:
            for item in try args.context.items(of: source) {
                let pair = try args.context.items(of: item)
                guard pair.count == 2 else {
                    throw ScriptError(.valueError, "dictionary update sequence element has length \(pair.count); 2 is required")
                }
                try dict.set(pair[0], pair[1])
            }
        }
        for (k, v) in args.keywords { dict.set(k, v) }
        return .dict(dict)
    }

    static func makeRange(_ args: Arguments) throws -> Value {
        var start = try args.int("start")
        var stop = 0
        if let s = try args.optionalInt("stop") { stop = s } else { stop = start; start = 0 }
        let step = try args.int("step")
        if step == 0 { throw ScriptError(.valueError, "range() arg 3 must not be zero") }
        return .range(RangeValue(start: start, stop: stop, step: step))
    }
}

extension Arguments {
    /// A copy with one argument replaced (used to re-dispatch on a host scalar).
    func replacing(_ name: String, with value: Value) -> Arguments {
        var values = self.values
        if let i = builtin.parameters.firstIndex(where: { $0.name == name }) { values[i] = value }
        return Arguments(builtin: builtin, receiver: receiver, context: context, values: values, passed: passed)
    }
}

extension Interpreter {
    /// `type(x)`.
    func typeOf(_ value: Value) -> TypeObject {
        switch value {
        case .none: return .noneType
        case .bool: return .boolType
        case .int: return .intType
        case .float: return .floatType
        case .str: return .strType
        case .list: return .listType
        case .tuple: return .tupleType
        case .dict: return .dictType
        case .set(let s): return s.frozen ? .frozensetType : .setType
        case .range: return .rangeType
        case .function: return .functionType
        case .type: return .typeType
        case .exception(let e): return e.type
        case .host(let host):
            if let instance = host as? Instance { return instance.type }
            return hostType(named: host.typeName, module: host.typeModule, tupleSubclass: host.tupleItems != nil)
        default: return hostType(named: value.typeName)
        }
    }

    /// `isinstance(value, type)`.
    func isInstance(_ value: Value, _ type: TypeObject) -> Bool {
        if type === TypeObject.objectType { return true }
        if type === TypeObject.floatType, case .float = value { return true }
        if case .host(let instance as Instance) = value {
            // IntEnum/StrEnum members are ints/strs, named tuples are tuples, as in CPython.
            if type === TypeObject.tupleType, instance.namedTupleItems != nil { return true }
            switch (instance.enumMixinValue, type) {
            case (.int?, let t) where t === TypeObject.intType, (.str?, let t) where t === TypeObject.strType,
                 (.float?, let t) where t === TypeObject.floatType:
                return true
            default: break
            }
        }
        return typeOf(value).isSubtype(of: type)
    }
}
