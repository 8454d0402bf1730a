/// Methods of `list`, `tuple`, `dict`, `set`, `int` and `float`, one table per type.
enum ListMethods {
    static func list(_ args: Arguments) -> ListObject {
        if case .list(let l)? = args.receiver { return l }
        return ListObject()
    }

    static let table: [Builtin] = [
        Builtin("append", owner: "list", [Parameter("object")], doc: "Add an item at the end.", example: "xs.append(4)") { args in
            let l = list(args)
            if l.items.count >= args.context.interpreter.limits.maxContainerLength {
                throw ScriptError(.memoryError, "list exceeds the container limit of \(args.context.interpreter.limits.maxContainerLength) items")
            }
            l.items.append(args["object"])
            return .none
        }.fast { interpreter, receiver, arguments in
            guard arguments.count == 1, case .list(let l)? = receiver, l.items.count < interpreter.limits.maxContainerLength else { return nil }
            l.items.append(arguments[0])
            return Value.none
        },
        Builtin("extend", owner: "list", [Parameter("iterable")], doc: "Add every item of iterable at the end.",
                example: "xs.extend([5, 6])") { args in
            list(args).items += try args.context.items(of: args["iterable"])
            return .none
        },
        Builtin("insert", owner: "list", [Parameter("index", .int), Parameter("object")], doc: "Insert an item before index.",
                example: "xs.insert(0, 'first')") { args in
            let l = list(args)
            var i = try args.int("index")
            if i < 0 { i += l.items.count }
            l.items.insert(args["object"], at: min(max(0, i), l.items.count))
            return .none
        },
        Builtin("pop", owner: "list", [Parameter("index", .int, default: .int(-1))], doc: "Remove and return the item at index (default last).",
                example: "xs.pop()") { args in
            let l = list(args)
            if l.items.isEmpty { throw ScriptError(.indexError, "pop from empty list") }
            let i = try args.context.interpreter.index(args["index"], count: l.items.count, kind: "pop")
            return l.items.remove(at: i)
        },
        Builtin("remove", owner: "list", [Parameter("value")], doc: "Remove the first item equal to value.", example: "xs.remove(3)") { args in
            let l = list(args)
            guard let i = try l.items.firstIndex(where: { try args.context.interpreter.equal($0, args["value"]) }) else {
                throw ScriptError(.valueError, "list.remove(x): x not in list")
            }
            l.items.remove(at: i)
            return .none
        },
        Builtin("index", owner: "list", [Parameter("value")], doc: "Index of the first item equal to value.", example: "xs.index(3)") { args in
            guard let i = try list(args).items.firstIndex(where: { try args.context.interpreter.equal($0, args["value"]) }) else {
                throw ScriptError(.valueError, "\(try args.context.repr(args["value"])) is not in list")
            }
            return .int(i)
        },
        Builtin("count", owner: "list", [Parameter("value")], doc: "Number of items equal to value.", example: "xs.count(1)") { args in
            .int(try list(args).items.filter { try args.context.interpreter.equal($0, args["value"]) }.count)
        },
        Builtin("sort", owner: "list", [.keyword("key", .optional(.callable), default: Value.none), .keyword("reverse", .bool, default: .bool(false))],
                doc: "Sort in place (stable); key= gives the sort key.", example: "xs.sort(key=len, reverse=True)") { args in
            let l = list(args)
            l.items = try args.context.interpreter.sortValues(l.items, key: args["key"], reverse: try args.bool("reverse"))
            return .none
        },
        Builtin("reverse", owner: "list", doc: "Reverse in place.", example: "xs.reverse()") { args in
            list(args).items.reverse()
            return .none
        },
        Builtin("copy", owner: "list", doc: "A shallow copy.", example: "ys = xs.copy()") { args in .list(ListObject(list(args).items)) },
        Builtin("clear", owner: "list", doc: "Remove every item.", example: "xs.clear()") { args in
            list(args).items.removeAll()
            return .none
        },
    ]

    static let tupleTable: [Builtin] = [
        Builtin("index", owner: "tuple", [Parameter("value")], doc: "Index of the first item equal to value.", example: "t.index(2)") { args in
            let items = args.receiver?.sequenceItems ?? []
            guard let i = try items.firstIndex(where: { try args.context.interpreter.equal($0, args["value"]) }) else {
                throw ScriptError(.valueError, "tuple.index(x): x not in tuple")
            }
            return .int(i)
        },
        Builtin("count", owner: "tuple", [Parameter("value")], doc: "Number of items equal to value.", example: "t.count(2)") { args in
            .int(try (args.receiver?.sequenceItems ?? []).filter { try args.context.interpreter.equal($0, args["value"]) }.count)
        },
    ]
}

enum DictMethods {
    static func dict(_ args: Arguments) -> DictObject {
        if case .dict(let d)? = args.receiver { return d }
        return DictObject()
    }

    static let table: [Builtin] = [
        Builtin("get", owner: "dict", [Parameter("key"), Parameter("default", default: Value.none)],
                doc: "The value for key, or default when absent.", example: "d.get('lr', 5e-5)") { args in
            try dict(args).get(args["key"]) ?? args["default"]
        }.fast { _, receiver, arguments in
            guard case .dict(let d)? = receiver, arguments.count == 1 || arguments.count == 2 else { return nil }
            return try d.get(arguments[0]) ?? (arguments.count == 2 ? arguments[1] : Value.none)
        },
        Builtin("keys", owner: "dict", doc: "A live view of the keys, in insertion order (set-like: & | - ^).",
                example: "list(d.keys())") { args in
            .host(DictView(dict(args), .keys))
        },
        Builtin("values", owner: "dict", doc: "A live view of the values, in insertion order.", example: "list(d.values())") { args in
            .host(DictView(dict(args), .values))
        },
        Builtin("items", owner: "dict", doc: "A live view of the (key, value) pairs, in insertion order.",
                example: "for k, v in d.items(): ...") { args in
            .host(DictView(dict(args), .items))
        },
        Builtin("update", owner: "dict", [Parameter("other", default: .tuple([]), kind: .positionalOnly), .keywords("kwargs")],
                doc: "Add the entries of other (a dict or pairs) and of the keyword arguments.",
                example: "d.update({'r': 16}, lora_alpha=32)") { args in
            let target = dict(args)
            if case .dict(let merged) = try TypeBuiltins.makeDict(args.renamed(from: "other", to: "iterable")) {
                for (k, v) in merged.pairs { try target.set(k, v) }
            }
            return .none
        },
        Builtin("pop", owner: "dict", [Parameter("key"), .omittable("default")],
                doc: "Remove key and return its value (or default).", example: "d.pop('labels', None)") { args in
            let d = dict(args)
            if let value = try d.remove(args["key"]) { return value }
            if args.isPassed("default") { return args["default"] }
            throw args.context.interpreter.keyError(args["key"], in: d)
        },
        Builtin("setdefault", owner: "dict", [Parameter("key"), Parameter("default", default: Value.none)],
                doc: "The value for key, inserting default first when absent.", example: "d.setdefault('tags', [])") { args in
            let d = dict(args)
            if let value = try d.get(args["key"]) { return value }
            try d.set(args["key"], args["default"])
            return args["default"]
        },
        Builtin("copy", owner: "dict", doc: "A shallow copy.", example: "e = d.copy()") { args in .dict(dict(args).copy()) },
        Builtin("clear", owner: "dict", doc: "Remove every entry.", example: "d.clear()") { args in
            dict(args).removeAll()
            return .none
        },
        Builtin("popitem", owner: "dict", doc: "Remove and return the last (key, value) pair.", example: "d.popitem()") { args in
            let d = dict(args)
            guard let key = d.keys.last else { throw ScriptError(.keyError, "'popitem(): dictionary is empty'") }
            let value = try d.remove(key) ?? .none
            return .tuple([key, value])
        },
    ]
}

enum NumberMethods {
    static let floatTable: [Builtin] = [
        Builtin("is_integer", owner: "float", doc: "True when the float has no fractional part.", example: "(2.0).is_integer()  # True") { args in
            let x = args.receiver?.doubleValue ?? 0
            return .bool(x.isFinite && x == x.rounded())
        },
    ]
    static let intTable: [Builtin] = [
        Builtin("bit_length", owner: "int", doc: "Number of bits needed to represent the absolute value.", example: "(8).bit_length()  # 4") { args in
            let n = args.receiver?.intValue ?? 0
            return .int(n == 0 ? 0 : Int.bitWidth - n.magnitude.leadingZeroBitCount)
        },
    ]
}

extension Arguments {
    /// A copy whose parameter `from` is seen under the name `to` (to reuse a constructor's body).
    func renamed(from: String, to: String) -> Arguments {
        let parameters = builtin.parameters.map { $0.name == from ? Parameter(to, $0.type, default: $0.defaultValue, kind: $0.kind) : $0 }
        let clone = Builtin(builtin.name, owner: builtin.owner, parameters, doc: builtin.doc, example: builtin.example, body: builtin.body)
        return Arguments(builtin: clone, receiver: receiver, context: context, values: values, passed: passed)
    }
}
