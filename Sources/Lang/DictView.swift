/// `d.keys()`, `d.values()` and `d.items()`: live views of a dict, as in Python 3. They print as
/// `dict_keys(['a', 'b'])`, have `len`, `in` and iteration that see later changes to the dict, and
/// keys/items views are set-like (`& | - ^`, `==`/`<=` with sets, `isdisjoint`); `reversed` walks them
/// backwards. Iterating while the dict changes size is CPython's RuntimeError.
final class DictView: HostObject {
    enum Kind { case keys, values, items }

    let dict: DictObject
    let kind: Kind
    /// True for the views of an `OrderedDict`, which print as `odict_keys([...])`.
    let ordered: Bool

    init(_ dict: DictObject, _ kind: Kind, ordered: Bool = false) {
        self.dict = dict
        self.kind = kind
        self.ordered = ordered
    }

    var typeName: String {
        let prefix = ordered ? "odict_" : "dict_"
        switch kind {
        case .keys: return prefix + "keys"
        case .values: return prefix + "values"
        case .items: return prefix + "items"
        }
    }

    /// `_collections.odict_view(d, 'keys')`: the view `OrderedDict.keys()` (in stdlib/collections.lora) returns.
    static let orderedTable = ModuleTable(name: "_collections", doc: "The built-in parts of collections (OrderedDict's views).", builtins: [
        Builtin("odict_view", owner: "_collections", [Parameter("mapping", .dict), Parameter("kind", .choice(["keys", "values", "items"]))],
                doc: "A live view of a dict that prints as odict_keys/odict_values/odict_items.") { args in
            guard case .dict(let dict) = args["mapping"] else { return .none }
            let kind: Kind = try args.string("kind") == "keys" ? .keys : try args.string("kind") == "values" ? .values : .items
            return .host(DictView(dict, kind, ordered: true))
        },
    ])

    /// The view's element at position `i` of the dict (a key, a value or a `(key, value)` tuple).
    @inline(__always)
    func element(_ i: Int) -> Value {
        switch kind {
        case .keys: return dict.keys[i]
        case .values: return dict.values[i]
        case .items: return .tuple([dict.keys[i], dict.values[i]])
        }
    }

    /// The elements now, in the dict's order.
    var elements: [Value] {
        switch kind {
        case .keys: return dict.keys
        case .values: return dict.values
        case .items: return dict.keys.indices.map(element)
        }
    }

    func repr() -> String { "\(typeName)(\(Repr.repr(.list(ListObject(elements)))))" }

    func length() -> Int? { dict.count }

    /// A pull iterator over the view, failing as CPython does when the dict changes size meanwhile.
    func iterate(reversed: Bool = false) -> () throws -> Value? {
        let initialCount = dict.count
        var i = 0
        return { [self] in
            if dict.count != initialCount {
                throw ScriptError(.runtimeError, "dictionary changed size during iteration",
                                  help: "loop over a copy: for k, v in list(d.items()):")
            }
            guard i < initialCount else { return nil }
            defer { i += 1 }
            return element(reversed ? initialCount - 1 - i : i)
        }
    }

    func makeIterator(context: CallContext) throws -> IteratorObject? {
        let kindName = ["keys": "dict_keyiterator", "values": "dict_valueiterator", "items": "dict_itemiterator"][String(typeName.split(separator: "_").last ?? "")]
        return IteratorObject(kindName: kindName ?? "iterator", next: iterate())
    }

    func contains(_ item: Value, context: CallContext) throws -> Bool? {
        switch kind {
        case .keys:
            return try dict.contains(item)
        case .items:
            guard case .tuple(let pair) = item, pair.count == 2, let value = try dict.get(pair[0]) else { return false }
            return try context.interpreter.identical(value, pair[1]) || context.interpreter.equal(value, pair[1])
        case .values:
            return try dict.values.contains { try context.interpreter.identical($0, item) || context.interpreter.equal($0, item) }
        }
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "mapping":
            return .host(MappingProxy(dict))
        case "isdisjoint" where kind != .values:
            return hostMethod("isdisjoint", owner: typeName, [Parameter("other")], doc: "True when no element is in other.") { args in
                let mine = try self.asSet()
                return .bool(try !args.context.items(of: args["other"]).contains { try mine.contains($0) })
            }
        default:
            return nil
        }
    }

    var attributeNames: [String] { kind == .values ? ["mapping"] : ["isdisjoint", "mapping"] }

    /// The elements as a set (keys and items views are set-like).
    func asSet() throws -> SetObject { try SetObject.of(elements) }

    /// Set operators and comparisons of keys/items views with sets, views and (for the operators)
    /// any iterable, as CPython's `dict_keys`; the result of an operator is a plain `set`.
    func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        guard kind != .values else { return nil }
        let interpreter = context.interpreter
        switch op {
        case "&", "|", "-", "^":
            guard interpreter.isIterable(other) else { return nil }
            let mine = Value.set(try asSet())
            let theirs = Value.set(try SetObject.of(try context.items(of: other)))
            guard let operation = BinaryOperator(rawValue: op) else { return nil }
            return reflected ? try interpreter.binary(operation, theirs, mine) : try interpreter.binary(operation, mine, theirs)
        case "==", "!=", "<", "<=", ">", ">=":
            let theirs: Value
            switch other {
            case .set: theirs = other
            case .host(let view as DictView) where view.kind != .values: theirs = .set(try view.asSet())
            default:
                if op == "==" { return .bool(false) }
                if op == "!=" { return .bool(true) }
                return nil
            }
            guard let comparison = CompareOperator(rawValue: op) else { return nil }
            let mine = Value.set(try asSet())
            return .bool(reflected ? try interpreter.compare(comparison, theirs, mine) : try interpreter.compare(comparison, mine, theirs))
        default:
            return nil
        }
    }

    var helpText: String { "\(typeName): a live view of a dict's \(kind == .items ? "(key, value) pairs" : "\(kind)")" }
}

/// `view.mapping`: a read-only proxy of the dict a view belongs to (`mappingproxy({...})`).
final class MappingProxy: HostObject {
    let dict: DictObject

    init(_ dict: DictObject) { self.dict = dict }

    var typeName: String { "mappingproxy" }
    func repr() -> String { "mappingproxy(\(Repr.repr(.dict(dict))))" }
    func str() -> String { Repr.repr(.dict(dict)) }
    func length() -> Int? { dict.count }
    func getItem(_ key: Value, context: CallContext) throws -> Value {
        guard let value = try dict.get(key) else { throw ScriptError(.keyError, Repr.repr(key)) }
        return value
    }
    func contains(_ item: Value, context: CallContext) throws -> Bool? { try dict.contains(item) }
    func makeIterator(context: CallContext) throws -> IteratorObject? { IteratorObject(next: DictView(dict, .keys).iterate()) }
    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "keys": return hostMethod("keys", owner: typeName, doc: "The keys view.") { _ in .host(DictView(self.dict, .keys)) }
        case "values": return hostMethod("values", owner: typeName, doc: "The values view.") { _ in .host(DictView(self.dict, .values)) }
        case "items": return hostMethod("items", owner: typeName, doc: "The items view.") { _ in .host(DictView(self.dict, .items)) }
        case "get":
            return hostMethod("get", owner: typeName, [Parameter("key"), Parameter("default", default: Value.none)], doc: "The value for key, or default.") { args in
                try self.dict.get(args["key"]) ?? args["default"]
            }
        default: return nil
        }
    }
    var attributeNames: [String] { ["get", "items", "keys", "values"] }
}
