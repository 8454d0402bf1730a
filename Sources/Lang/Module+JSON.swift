import Foundation
import PythonBasics

/// `import json`: `dumps`/`loads`/`load` through the one JSON parser and writer (`PythonBasics`), so
/// the text matches CPython's `json` byte for byte and decode errors carry Python's message and position.
enum JSONModule {
    /// `json.JSONDecodeError`, a `ValueError` (so `except ValueError` keeps catching it).
    static let decodeErrorType: TypeObject = {
        let type = TypeObject(name: "JSONDecodeError", parent: .valueError, doc: "JSON text that cannot be decoded.")
        type.module = "json.decoder"
        return type
    }()

    static let table = ModuleTable(name: "json", doc: "JSON encoding and decoding.", builtins: [
        Builtin("dumps", owner: "json", [Parameter("obj")] + dumpOptions,
                doc: "Encode a value as JSON text.", example: "json.dumps({'r': 8})  # '{\"r\": 8}'") { args in
            .str(try dumpsText(args))
        },
        Builtin("dump", owner: "json", [Parameter("obj"), Parameter("fp")] + dumpOptions,
                doc: "Write a value as JSON to an open file (or anything with `write`).",
                example: "with open('config.json', 'w') as f: json.dump(config, f, indent=2)") { args in
            let text = try dumpsText(args)
            _ = try args.context.call(try args.context.interpreter.getAttribute(args["fp"], "write", range: args.context.range), [.str(text)])
            return .none
        },
        Builtin("loads", owner: "json", [Parameter("s", .str)], doc: "Decode JSON text.",
                example: "json.loads('[1, 2.5, null]')  # [1, 2.5, None]") { args in
            try decode(try args.string("s"))
        },
        Builtin("load", owner: "json", [Parameter("fp")], doc: "Decode JSON from an open file.",
                example: "with open('config.json') as f: config = json.load(f)") { args in
            guard case .host(let host) = args["fp"], let file = host as? TextFile else {
                throw ScriptError(.typeError, "json.load() expects a file from open(), not \(args["fp"].typeName)")
            }
            return try decode(file.readAll())
        },
    ], constants: [("JSONDecodeError", .type(decodeErrorType))])

    /// The keyword options `json.dumps` and `json.dump` share.
    static let dumpOptions: [Parameter] = [
        .keyword("indent", .optional(.oneOf([.int, .str])), default: Value.none),
        .keyword("sort_keys", .bool, default: .bool(false)),
        .keyword("ensure_ascii", .bool, default: .bool(true)),
        .keyword("separators", .optional(.sequence), default: Value.none),
        .keyword("allow_nan", .bool, default: .bool(true)),
        .keyword("skipkeys", .bool, default: .bool(false)),
    ]

    /// The text `json.dumps` gives for `args["obj"]` with the options in `args`.
    static func dumpsText(_ args: Arguments) throws -> String {
        var options = JSONDumpOptions(sortKeys: false, ensureASCII: try args.bool("ensure_ascii"))
        switch args["indent"] {
        case .int(let spaces): options.indent = String(repeating: " ", count: max(0, spaces))
        case .str(let text): options.indent = text
        default: options.indent = nil
        }
        if case .none = args["separators"] {} else {
            let parts = try args.list("separators")
            guard parts.count == 2, case .str(let item) = parts[0], case .str(let key) = parts[1] else {
                throw ScriptError(.typeError, "separators must be a pair of strings such as (',', ': ')")
            }
            options.separators = (item, key)
        }
        var encoder = ValueEncoder(interpreter: args.context.interpreter, sortKeys: try args.bool("sort_keys"),
                                   allowNaN: try args.bool("allow_nan"), skipKeys: try args.bool("skipkeys"))
        return try encoder.encode(args["obj"], depth: 0).dumps(options)
    }

    /// `json.loads(text)`: a decode error is a `json.JSONDecodeError` (a `ValueError`) with Python's message.
    static func decode(_ text: String) throws -> Value {
        do {
            return Value(json: try JSONValue.parse(text))
        } catch let error as JSONDecodeError {
            throw ScriptError(decodeErrorType, error.message, help: "catch it with except json.JSONDecodeError (or ValueError)")
        }
    }
}

extension Value {
    /// This value as JSON for the core's files (adapter and generation configs, optimizer state): as
    /// `json.dumps` encodes it, and also sets (as arrays) and number-like host objects (0-d tensors,
    /// numpy numbers) by their value. Anything else is a `TypeError` saying "a <type> cannot be <what>".
    public func coreJSON(what: String) throws -> JSONValue {
        var encoder = ValueEncoder(interpreter: nil, sortKeys: false, allowNaN: true, skipKeys: false, coreValuesAs: what)
        return try encoder.encode(self, depth: 0)
    }

    /// The value `json.loads` gives for a JSON value: dicts in document order, lists, int/float kept apart.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .float(number)
        case .string(let text): self = .str(text)
        case .array(let items): self = .list(ListObject(items.map(Value.init(json:))))
        case .object(let pairs):
            let dict = DictObject()
            for pair in pairs { dict.set(pair.key, Value(json: pair.value)) }
            self = .dict(dict)
        }
    }
}

/// Turns language values into JSON values as CPython's encoder does: tuples are arrays, dict keys that
/// are int/float/bool/None become their JSON text, `sort_keys` sorts the original keys (so `{10: …, 2: …}`
/// sorts numerically, and mixed key types are a `TypeError`), cycles are a `ValueError`.
/// With `coreValuesAs` (the core's files, not `json.dumps`) sets and number-like host objects are accepted too.
private struct ValueEncoder {
    let interpreter: Interpreter?
    let sortKeys: Bool
    let allowNaN: Bool
    let skipKeys: Bool
    var coreValuesAs: String? = nil
    var active: Set<ObjectIdentifier> = []
    static let maximumDepth = 500

    mutating func encode(_ value: Value, depth: Int) throws -> JSONValue {
        if depth > Self.maximumDepth { throw ScriptError(.valueError, "Circular reference detected (or nesting deeper than \(Self.maximumDepth) levels)") }
        switch value {
        case .none: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number):
            if !number.isFinite && !allowNaN { throw ScriptError(.valueError, "Out of range float values are not JSON compliant") }
            return .double(number)
        case .str(let text): return .string(text)
        case .tuple(let items): return .array(try items.map { try encode($0, depth: depth + 1) })
        case .list(let list):
            let id = ObjectIdentifier(list)
            guard active.insert(id).inserted else { throw ScriptError(.valueError, "Circular reference detected") }
            defer { active.remove(id) }
            return .array(try list.items.map { try encode($0, depth: depth + 1) })
        case .dict(let dict):
            let id = ObjectIdentifier(dict)
            guard active.insert(id).inserted else { throw ScriptError(.valueError, "Circular reference detected") }
            defer { active.remove(id) }
            var pairs = dict.pairs
            if sortKeys, let interpreter { pairs = try pairs.sorted { try interpreter.ordering($0.0, $1.0) < 0 } }
            var members: [(key: String, value: JSONValue)] = []
            for (key, item) in pairs {
                guard let text = try keyText(key) else { continue }
                members.append((text, try encode(item, depth: depth + 1)))
            }
            return .object(members)
        case .host(let instance as Instance) where instance.namedTupleItems != nil || instance.enumMixinValue != nil:
            // A named tuple is an array; an IntEnum/StrEnum member is its value, as CPython's json writes them.
            if let items = instance.namedTupleItems { return try encode(.tuple(items), depth: depth) }
            return try encode(instance.enumMixinValue ?? .none, depth: depth)
        case .host(let instance as Instance) where instance.type.mro.contains { $0.name == "_DictBase" && $0.module == "collections" }:
            // Counter, OrderedDict and defaultdict are dicts to CPython's json: their entries are written.
            guard case .dict(let entries)? = instance.attributes.get("_data") else {
                throw ScriptError(.typeError, "Object of type \(value.typeName) is not JSON serializable")
            }
            return try encode(.dict(entries), depth: depth)
        case .set(let set) where coreValuesAs != nil:
            return .array(try set.items.map { try encode($0, depth: depth + 1) })
        case .host(let object) where coreValuesAs != nil:
            if let scalar = object.scalarValue() { return try encode(scalar, depth: depth + 1) }
            fallthrough
        default:
            if let items = value.tupleItems { return .array(try items.map { try encode($0, depth: depth + 1) }) }
            if let what = coreValuesAs { throw ScriptError(.typeError, "a \(value.typeName) cannot be \(what)") }
            throw ScriptError(.typeError, "Object of type \(value.typeName) is not JSON serializable")
        }
    }

    /// A dict key as JSON text (`True` → `"true"`, `1.5` → `"1.5"`), nil to skip it (`skipkeys=True`).
    private func keyText(_ key: Value) throws -> String? {
        switch key {
        case .str(let text): return text
        case .int(let number): return String(number)
        case .float(let number): return JSONValue.numberText(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .none: return "null"
        default:
            if skipKeys { return nil }
            throw ScriptError(.typeError, "keys must be str, int, float, bool or None, not \(key.typeName)")
        }
    }
}
