/// `import copy`: `copy` (shallow) and `deepcopy` with CPython's rules: immutable values are returned as
/// they are, containers and instances of script classes are copied (deep copies keep shared references
/// shared through a memo), `__copy__`/`__deepcopy__` are honoured, host objects are shared.
enum CopyModule {
    static func shallow(_ value: Value, _ context: CallContext) throws -> Value {
        switch value {
        case .list(let list): return .list(ListObject(list.items))
        case .dict(let dict): return .dict(dict.copy())
        case .set(let set):
            return set.frozen ? value : .set(try SetObject.of(set.items))
        case .host(let instance as Instance) where instance.hostBase == nil:
            if instance.type.lookup("__copy__") != nil {
                return try context.call(try context.interpreter.getAttribute(value, "__copy__", range: context.range), [])
            }
            let copy = Instance(type: instance.type)
            for (key, item) in instance.attributes.pairs { try copy.attributes.set(key, item) }
            return .host(copy)
        default: return value
        }
    }

    static func deep(_ value: Value, _ memo: inout [ObjectIdentifier: Value], _ context: CallContext) throws -> Value {
        switch value {
        case .list(let list):
            let id = ObjectIdentifier(list)
            if let done = memo[id] { return done }
            let copy = ListObject([])
            memo[id] = .list(copy)
            for item in list.items { copy.items.append(try deep(item, &memo, context)) }
            return .list(copy)
        case .tuple(let items):
            return .tuple(try items.map { try deep($0, &memo, context) })
        case .dict(let dict):
            let id = ObjectIdentifier(dict)
            if let done = memo[id] { return done }
            let copy = DictObject()
            memo[id] = .dict(copy)
            for (key, item) in dict.pairs { try copy.set(try deep(key, &memo, context), try deep(item, &memo, context)) }
            return .dict(copy)
        case .set(let set):
            let id = ObjectIdentifier(set)
            if let done = memo[id] { return done }
            let copy = SetObject(frozen: set.frozen)
            memo[id] = .set(copy)
            for item in set.items { try copy.insert(try deep(item, &memo, context)) }
            return .set(copy)
        case .host(let instance as Instance) where instance.hostBase == nil:
            let id = ObjectIdentifier(instance)
            if let done = memo[id] { return done }
            if instance.type.lookup("__deepcopy__") != nil {
                let result = try context.call(try context.interpreter.getAttribute(value, "__deepcopy__", range: context.range), [.dict([])])
                memo[id] = result
                return result
            }
            let copy = Instance(type: instance.type)
            memo[id] = .host(copy)
            for (key, item) in instance.attributes.pairs { try copy.attributes.set(key, try deep(item, &memo, context)) }
            return .host(copy)
        default:
            return value
        }
    }

    static let table = ModuleTable(name: "copy", doc: "Shallow and deep copies.", builtins: [
        Builtin("copy", owner: "copy", [Parameter("x")], doc: "A shallow copy: a new container holding the same items.",
                example: "config2 = copy.copy(config)") { args in try shallow(args["x"], args.context) },
        Builtin("deepcopy", owner: "copy", [Parameter("x"), Parameter("memo", default: Value.none)],
                doc: "A deep copy: nested lists, dicts and objects are copied too.", example: "best = copy.deepcopy(history)") { args in
            var memo: [ObjectIdentifier: Value] = [:]
            return try deep(args["x"], &memo, args.context)
        },
    ], constants: [("Error", .type(.exception))])
}
