/// The methods of `set` and `frozenset`, with CPython's behaviour: the non-mutating ones take any
/// number of iterables and give a set of the receiver's kind (`frozenset(a).union(b)` is a frozenset);
/// the mutating ones exist only on `set`, so `frozenset().add` is an AttributeError as in Python.
enum SetMethods {
    static func receiver(_ args: Arguments) -> SetObject {
        if case .set(let s)? = args.receiver { return s }
        return SetObject()
    }

    /// Each argument of a `*others` method as a set (any iterable is accepted, as in Python).
    static func others(_ args: Arguments) throws -> [SetObject] {
        guard case .tuple(let values) = args["others"] else { return [] }
        return try values.map { value in
            if case .set(let set) = value { return set }
            return try SetObject.of(try args.context.items(of: value))
        }
    }

    /// One argument (`issubset`, `isdisjoint`, `symmetric_difference`) as a set.
    static func other(_ args: Arguments) throws -> SetObject {
        if case .set(let set) = args["other"] { return set }
        return try SetObject.of(try args.context.items(of: args["other"]))
    }

    static func union(_ base: SetObject, _ others: [SetObject], frozen: Bool) throws -> SetObject {
        try SetObject.of(base.items + others.flatMap { $0.items }, frozen: frozen)
    }

    static func intersection(_ base: SetObject, _ others: [SetObject], frozen: Bool) throws -> SetObject {
        try SetObject.of(try base.items.filter { item in try others.allSatisfy { try $0.contains(item) } }, frozen: frozen)
    }

    static func difference(_ base: SetObject, _ others: [SetObject], frozen: Bool) throws -> SetObject {
        try SetObject.of(try base.items.filter { item in try !others.contains { try $0.contains(item) } }, frozen: frozen)
    }

    static func symmetricDifference(_ a: SetObject, _ b: SetObject, frozen: Bool) throws -> SetObject {
        try SetObject.of(try a.items.filter { try !b.contains($0) } + b.items.filter { try !a.contains($0) }, frozen: frozen)
    }

    /// Replace the receiver's items (the `*_update` methods and in-place operators).
    static func replaceItems(of set: SetObject, with result: SetObject) throws {
        set.removeAll()
        for item in result.items { try set.insert(item) }
    }

    private static func method(_ name: String, owner: String, _ parameters: [Parameter], doc: String, example: String,
                               body: @escaping (Arguments) throws -> Value) -> Builtin {
        Builtin(name, owner: owner, parameters, doc: doc, example: example, body: body)
    }

    /// The methods both kinds have (`owner` names the type in help and errors).
    static func readingTable(owner: String) -> [Builtin] {
        [
            method("union", owner: owner, [.variadic("others")], doc: "Items in this set or any of the others.",
                   example: "{1}.union([2], {3})  # {1, 2, 3}") { args in
                let s = receiver(args)
                return .set(try union(s, try others(args), frozen: s.frozen))
            },
            method("intersection", owner: owner, [.variadic("others")], doc: "Items in this set and in every other.",
                   example: "{1, 2}.intersection([2, 3])  # {2}") { args in
                let s = receiver(args)
                return .set(try intersection(s, try others(args), frozen: s.frozen))
            },
            method("difference", owner: owner, [.variadic("others")], doc: "Items in this set and in none of the others.",
                   example: "{1, 2}.difference([2])  # {1}") { args in
                let s = receiver(args)
                return .set(try difference(s, try others(args), frozen: s.frozen))
            },
            method("symmetric_difference", owner: owner, [Parameter("other")], doc: "Items in exactly one of the two.",
                   example: "{1, 2}.symmetric_difference({2, 3})  # {1, 3}") { args in
                let s = receiver(args)
                return .set(try symmetricDifference(s, try other(args), frozen: s.frozen))
            },
            method("issubset", owner: owner, [Parameter("other")], doc: "True when every item is in other (same as <=).",
                   example: "{1}.issubset({1, 2})  # True") { args in
                .bool(try receiver(args).isSubset(of: try other(args)))
            },
            method("issuperset", owner: owner, [Parameter("other")], doc: "True when every item of other is in this set (>=).",
                   example: "{1, 2}.issuperset({1})  # True") { args in
                .bool(try other(args).isSubset(of: receiver(args)))
            },
            method("isdisjoint", owner: owner, [Parameter("other")], doc: "True when no item is in other.",
                   example: "{1}.isdisjoint({2})  # True") { args in
                let mine = receiver(args)
                return .bool(try !args.context.items(of: args["other"]).contains { try mine.contains($0) })
            },
            method("copy", owner: owner, [], doc: "A shallow copy.", example: "t = s.copy()") { args in
                let s = receiver(args)
                return s.frozen ? .set(s) : .set(try SetObject.of(s.items))
            },
        ]
    }

    static let setTable: [Builtin] = readingTable(owner: "set") + [
        method("add", owner: "set", [Parameter("item")], doc: "Add an item.", example: "s.add(3)") { args in
            try receiver(args).insert(args["item"])
            return .none
        },
        method("discard", owner: "set", [Parameter("item")], doc: "Remove an item if present.", example: "s.discard(3)") { args in
            try receiver(args).remove(args["item"])
            return .none
        },
        method("remove", owner: "set", [Parameter("item")], doc: "Remove an item (KeyError if absent).", example: "s.remove(3)") { args in
            if !(try receiver(args).remove(args["item"])) { throw ScriptError(.keyError, Repr.repr(args["item"])) }
            return .none
        },
        method("pop", owner: "set", [], doc: "Remove and return an item (KeyError when empty).", example: "item = s.pop()") { args in
            let s = receiver(args)
            guard let item = s.items.first else { throw ScriptError(.keyError, "'pop from an empty set'") }
            try s.remove(item)
            return item
        },
        method("clear", owner: "set", [], doc: "Remove every item.", example: "s.clear()") { args in
            receiver(args).removeAll()
            return .none
        },
        method("update", owner: "set", [.variadic("others")], doc: "Add the items of every other iterable.",
               example: "s.update([4, 5])") { args in
            let s = receiver(args)
            for other in try others(args) { for item in other.items { try s.insert(item) } }
            return .none
        },
        method("intersection_update", owner: "set", [.variadic("others")], doc: "Keep only the items found in every other.",
               example: "s.intersection_update({1, 2})") { args in
            let s = receiver(args)
            try replaceItems(of: s, with: try intersection(s, try others(args), frozen: false))
            return .none
        },
        method("difference_update", owner: "set", [.variadic("others")], doc: "Remove the items found in any other.",
               example: "s.difference_update({1})") { args in
            let s = receiver(args)
            try replaceItems(of: s, with: try difference(s, try others(args), frozen: false))
            return .none
        },
        method("symmetric_difference_update", owner: "set", [Parameter("other")], doc: "Keep the items in exactly one of the two.",
               example: "s.symmetric_difference_update({2, 3})") { args in
            let s = receiver(args)
            try replaceItems(of: s, with: try symmetricDifference(s, try other(args), frozen: false))
            return .none
        },
    ]

    static let frozenTable: [Builtin] = readingTable(owner: "frozenset")
}
