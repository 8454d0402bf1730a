import Foundation

/// The global built-in functions, as one table (Lua's `base_funcs[]`).
enum CoreBuiltins {
    static func install(into interpreter: Interpreter) {
        TypeBuiltins.install(into: interpreter)
        for builtin in table + ClassBuiltins.table { interpreter.registerGlobal(builtin) }
        ClassBuiltins.install(into: interpreter)
        interpreter.registerMethods(StrMethods.table, forType: "str")
        interpreter.registerMethods(ListMethods.table, forType: "list")
        interpreter.registerMethods(ListMethods.tupleTable, forType: "tuple")
        interpreter.registerMethods(DictMethods.table, forType: "dict")
        interpreter.registerMethods(SetMethods.setTable, forType: "set")
        interpreter.registerMethods(SetMethods.frozenTable, forType: "frozenset")
        interpreter.registerMethods(NumberMethods.floatTable, forType: "float")
        interpreter.registerMethods(NumberMethods.intTable, forType: "int")
        for module in [MathModule.table, RandomModule.table, JSONModule.table, TimeModule.table] {
            interpreter.register(module)
        }
        StandardModules.install(into: interpreter)
        BytesBuiltins.install(into: interpreter)
        interpreter.register(HashlibModule.table)
        interpreter.register(StructModule.table)
    }

    static let table: [Builtin] = [
        Builtin("print", [.variadic("objects"), .keyword("sep", .optional(.str), default: .str(" ")),
                          .keyword("end", .optional(.str), default: .str("\n")), .keyword("file", default: Value.none),
                          .keyword("flush", default: .bool(false))],
                doc: "Print the values separated by sep and followed by end.",
                example: "print(\"loss:\", 0.25, sep=\" \")") { args in
            let sep = try args.optionalString("sep") ?? " "
            let end = try args.optionalString("end") ?? "\n"
            let text = try args.variadic.map { try args.context.str($0) }.joined(separator: sep) + end
            let file = args["file"]
            if !file.isNone {
                // print(..., file=f): anything with a write method (files, sys.stderr).
                _ = try args.context.call(try args.context.interpreter.getAttribute(file, "write", range: args.context.range), [.str(text)])
                return .none
            }
            try args.context.write(text)
            return .none
        },
        Builtin("len", [Parameter("obj", kind: .positionalOnly)], doc: "The number of items in a container.",
                example: "len([1, 2, 3])  # 3") { args in
            let value = args["obj"]
            if let n = value.builtinLength { return .int(n) }
            if let method = args.context.interpreter.metaclassMethod(value, "__len__") {
                return try args.context.interpreter.callMetaclassMethod(method, value, [])
            }
            if case .host(let h) = value {
                if let instance = h as? Instance, instance.type.lookup("__len__") != nil {
                    return .int(try args.context.interpreter.instanceLength(instance))
                }
                if let n = h.length() { return .int(n) }
            }
            throw ScriptError(.typeError, "object of type '\(value.typeName)' has no len()")
        }.fast { _, _, arguments in
            guard arguments.count == 1, let n = arguments[0].builtinLength else { return nil }
            return .int(n)
        },
        Builtin("enumerate", [Parameter("iterable"), Parameter("start", .int, default: .int(0))],
                doc: "Pairs (index, item) for each item.", example: "list(enumerate(['a', 'b']))  # [(0, 'a'), (1, 'b')]") { args in
            let next = try args.context.interpreter.makeIterator(args["iterable"])
            var i = try args.int("start")
            return .iterator(IteratorObject(kindName: "enumerate") {
                guard let item = try next() else { return nil }
                defer { i += 1 }
                return .tuple([.int(i), item])
            })
        },
        Builtin("zip", [.variadic("iterables"), .keyword("strict", .bool, default: .bool(false))],
                doc: "Tuples of the i-th items of each iterable, stopping at the shortest.",
                example: "list(zip([1, 2], ['a', 'b']))  # [(1, 'a'), (2, 'b')]") { args in
            let iterators = try args.variadic.map { try args.context.interpreter.makeIterator($0) }
            let strict = try args.bool("strict")
            return .iterator(IteratorObject(kindName: "zip") {
                if iterators.isEmpty { return nil }
                var items: [Value] = []
                for (i, next) in iterators.enumerated() {
                    guard let item = try next() else {
                        if strict {
                            var othersDone = i == 0
                            if othersDone {
                                for other in iterators.dropFirst() where try other() != nil { othersDone = false }
                            }
                            if !othersDone || i > 0 {
                                throw ScriptError(.valueError, "zip() arguments have different lengths")
                            }
                        }
                        return nil
                    }
                    items.append(item)
                }
                return .tuple(items)
            })
        },
        Builtin("sorted", [Parameter("iterable"), .keyword("key", .optional(.callable), default: Value.none),
                           .keyword("reverse", .bool, default: .bool(false))],
                doc: "A new sorted list; key= gives the sort key, reverse=True sorts descending.",
                example: "sorted([3, 1, 2], reverse=True)  # [3, 2, 1]") { args in
            let items = try args.context.items(of: args["iterable"])
            return .list(ListObject(try args.context.interpreter.sortValues(items, key: args["key"], reverse: try args.bool("reverse"))))
        },
        Builtin("reversed", [Parameter("sequence")], doc: "The items in reverse order.",
                example: "list(reversed([1, 2, 3]))  # [3, 2, 1]") { args in
            let items = Array(try args.context.items(of: args["sequence"]).reversed())
            var i = 0
            return .iterator(IteratorObject(kindName: "reversed") {
                guard i < items.count else { return nil }
                defer { i += 1 }
                return items[i]
            })
        },
        Builtin("min", [.variadic("args"), .keyword("key", .optional(.callable), default: Value.none), .omittable("default", kind: .keywordOnly)],
                doc: "The smallest item of an iterable, or of the arguments.", example: "min([3, 1, 2])  # 1") { args in
            try extreme(args, name: "min", wantLarger: false)
        },
        Builtin("max", [.variadic("args"), .keyword("key", .optional(.callable), default: Value.none), .omittable("default", kind: .keywordOnly)],
                doc: "The largest item of an iterable, or of the arguments.", example: "max(0.91, 0.87)  # 0.91") { args in
            try extreme(args, name: "max", wantLarger: true)
        },
        Builtin("sum", [Parameter("iterable"), Parameter("start", default: .int(0))],
                doc: "The sum of the items plus start.", example: "sum([0.5, 0.25])  # 0.75") { args in
            var total = args["start"]
            let interpreter = args.context.interpreter
            if case .str = total { throw ScriptError(.typeError, "sum() can't sum strings [use ''.join(seq) instead]") }
            let next = try interpreter.makeIterator(args["iterable"])
            while let item = try next() { total = try interpreter.binary(.add, total, item) }
            return total
        },
        Builtin("abs", [Parameter("x")], doc: "The absolute value.", example: "abs(-2.5)  # 2.5") { args in
            switch args["x"] {
            case .host(let host):
                if let instance = host as? Instance, let result = try args.context.interpreter.callSpecial(instance, "__abs__", []) {
                    return result
                }
                if let scalar = host.scalarValue(), scalar.doubleValue != nil {
                    return try args.context.interpreter.callValue(.builtin(args.builtin), [scalar], [], range: args.context.range)
                }
                throw ScriptError(.typeError, "bad operand type for abs(): '\(host.typeName)'")
            case .int, .bool, .float: break
            default: throw ScriptError(.typeError, "bad operand type for abs(): '\(args["x"].typeName)'")
            }
            switch args["x"] {
            case .int(let n):
                if n == Int.min { throw ScriptError(.overflowError, "abs(\(n)) does not fit in 64 bits") }
                return .int(abs(n))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let x): return .float(abs(x))
            default: return args["x"]
            }
        },
        Builtin("round", [Parameter("number"), Parameter.optional("ndigits", .int)],
                doc: "Round half to even; with ndigits, to that many decimals (a float).",
                example: "round(0.8765, 2)  # 0.88") { args in try roundValue(args) },
        Builtin("divmod", [Parameter("a", .number), Parameter("b", .number)], doc: "The pair (a // b, a % b).",
                example: "divmod(7, 2)  # (3, 1)") { args in
            let interpreter = args.context.interpreter
            return .tuple([try interpreter.binary(.floorDivide, args["a"], args["b"]), try interpreter.binary(.modulo, args["a"], args["b"])])
        },
        Builtin("pow", [Parameter("base", .number), Parameter("exp", .number), Parameter("mod", default: Value.none)],
                doc: "base ** exp; with mod, (base ** exp) % mod computed without the huge power (ints only).",
                example: "pow(2, 10)  # 1024; pow(3, 200, 7)  # 2") { args in
            guard !args["mod"].isNone else { return try args.context.interpreter.binary(.power, args["base"], args["exp"]) }
            guard let base = args["base"].intValue, let exp = args["exp"].intValue, let mod = args["mod"].intValue else {
                throw ScriptError(.typeError, "pow() 3rd argument not allowed unless all arguments are integers")
            }
            return .int(try ModularPower.power(base, exp, mod))
        },
        Builtin("isinstance", [Parameter("object"), Parameter("classinfo")],
                doc: "True when object is an instance of the type (or of one in a tuple of types).",
                example: "isinstance(3, (int, float))  # True") { args in
            let types = args["classinfo"].sequenceItems ?? [args["classinfo"]]
            for type in types {
                if let matched = args.context.interpreter.isHostClassInstance(args["object"], type) {
                    if matched { return .bool(true) }
                    continue
                }
                guard case .type(let t) = type else {
                    throw ScriptError(.typeError, "isinstance() arg 2 must be a type or tuple of types, not \(type.typeName)")
                }
                if args.context.interpreter.isInstance(args["object"], t) { return .bool(true) }
            }
            return .bool(false)
        },
        Builtin("repr", [Parameter("object")], doc: "The printable representation (what the REPL echoes).",
                example: "repr('hi')  # \"'hi'\"") { args in .str(try args.context.repr(args["object"])) },
        Builtin("ascii", [Parameter("object")], doc: "Like repr, with non-ASCII characters escaped.",
                example: "ascii('é')  # \"'\\\\xe9'\"") { args in .str(Repr.ascii(try args.context.repr(args["object"]))) },
        Builtin("format", [Parameter("value"), Parameter("format_spec", .str, default: .str(""))],
                doc: "Format a value with a format spec, as in f\"{value:spec}\".",
                example: "format(0.125, '.1%')  # '12.5%'") { args in
            .str(try Format.apply(args["value"], spec: try args.string("format_spec"), interpreter: args.context.interpreter))
        },
        Builtin("any", [Parameter("iterable")], doc: "True when some item is true.", example: "any([0, 1])  # True") { args in
            let next = try args.context.interpreter.makeIterator(args["iterable"])
            while let item = try next() {
                if try args.context.interpreter.truthy(item) { return .bool(true) }
            }
            return .bool(false)
        },
        Builtin("all", [Parameter("iterable")], doc: "True when every item is true (or there are none).",
                example: "all([1, 2])  # True") { args in
            let next = try args.context.interpreter.makeIterator(args["iterable"])
            while let item = try next() {
                if !(try args.context.interpreter.truthy(item)) { return .bool(false) }
            }
            return .bool(true)
        },
        Builtin("map", [Parameter("function", .callable), .variadic("iterables")],
                doc: "Apply function to each item (of several iterables in parallel).",
                example: "list(map(str, [1, 2]))  # ['1', '2']") { args in
            let interpreter = args.context.interpreter
            guard !args.variadic.isEmpty else { throw ScriptError(.typeError, "map() must have at least two arguments.") }
            let iterators = try args.variadic.map { try interpreter.makeIterator($0) }
            let function = args["function"]
            return .iterator(IteratorObject(kindName: "map") {
                var items: [Value] = []
                for next in iterators {
                    guard let item = try next() else { return nil }
                    items.append(item)
                }
                return try interpreter.callValue(function, items, [], range: args.context.range)
            })
        },
        Builtin("filter", [Parameter("function", .optional(.callable)), Parameter("iterable")],
                doc: "The items for which function(item) is true (or that are true, with None).",
                example: "list(filter(None, [0, 1, 2]))  # [1, 2]") { args in
            let interpreter = args.context.interpreter
            let next = try interpreter.makeIterator(args["iterable"])
            let function = args["function"]
            return .iterator(IteratorObject(kindName: "filter") {
                while let item = try next() {
                    let keep = function.isNone ? item : try interpreter.callValue(function, [item], [], range: args.context.range)
                    if try interpreter.truthy(keep) { return item }
                }
                return nil
            })
        },
        Builtin("iter", [Parameter("object")], doc: "An iterator over an iterable.", example: "next(iter([1, 2]))  # 1") { args in
            if case .iterator = args["object"] { return args["object"] }
            if case .host(let host) = args["object"] {
                if host is GeneratorObject { return args["object"] }
                if let instance = host as? Instance, let iterator = try args.context.interpreter.callSpecial(instance, "__iter__", []) {
                    return iterator
                }
            }
            let next = try args.context.interpreter.makeIterator(args["object"])
            return .iterator(IteratorObject(kindName: "\(args["object"].typeName)_iterator", next: next))
        },
        Builtin("next", [Parameter("iterator"), .omittable("default")],
                doc: "The next item of an iterator; default (or StopIteration) when exhausted.",
                example: "next(iter([]), 'done')  # 'done'") { args in
            if case .host(let host) = args["iterator"], let next = try args.context.interpreter.nextFunction(host) {
                if let item = try next() { return item }
                if args.isPassed("default") { return args["default"] }
                if let generator = host as? GeneratorObject { throw ScriptError.stopIteration(returning: generator.core.returnValue) }
                throw ScriptError(.stopIteration, "")
            }
            guard case .iterator(let iterator) = args["iterator"] else {
                throw ScriptError(.typeError, "'\(args["iterator"].typeName)' object is not an iterator", help: "wrap it with iter(...) first")
            }
            if let item = try iterator.next() { return item }
            if args.isPassed("default") { return args["default"] }
            throw ScriptError(.stopIteration, "")
        },
        Builtin("callable", [Parameter("object")], doc: "True when the value can be called.", example: "callable(len)  # True") { args in
            .bool(ParameterType.callable.accepts(args["object"]))
        },
        Builtin("hasattr", [Parameter("object"), Parameter("name", .str)], doc: "True when the object has the attribute.",
                example: "hasattr('x', 'upper')  # True") { args in
            do {
                _ = try args.context.interpreter.getAttribute(args["object"], try args.string("name"), range: nil)
                return .bool(true)
            } catch let error as ScriptError where error.exception.type === TypeObject.attributeError {
                return .bool(false)
            }
        },
        Builtin("getattr", [Parameter("object"), Parameter("name", .str), .omittable("default")],
                doc: "The attribute named name, or default when it is missing.",
                example: "getattr(model, 'config', None)") { args in
            do {
                return try args.context.interpreter.getAttribute(args["object"], try args.string("name"), range: nil)
            } catch let error as ScriptError where error.exception.type === TypeObject.attributeError && args.isPassed("default") {
                return args["default"]
            }
        },
        Builtin("setattr", [Parameter("object"), Parameter("name", .str), Parameter("value")],
                doc: "Set the attribute named name.", example: "setattr(config, 'r', 16)") { args in
            try args.context.interpreter.setAttribute(args["object"], try args.string("name"), args["value"])
            return .none
        },
        radixBuiltin("bin", prefix: "0b", radix: 2), radixBuiltin("oct", prefix: "0o", radix: 8), radixBuiltin("hex", prefix: "0x", radix: 16),
        Builtin("chr", [Parameter("i", .int)], doc: "The character with this Unicode code point.", example: "chr(65)  # 'A'") { args in
            let code = try args.int("i")
            guard code >= 0, let scalar = Unicode.Scalar(UInt32(clamping: code)) else {
                throw ScriptError(.valueError, "chr() arg not in range(0x110000)")
            }
            return .str(String(scalar))
        },
        Builtin("ord", [Parameter("c", .str)], doc: "The Unicode code point of a one-character string.", example: "ord('A')  # 65") { args in
            let s = try args.string("c")
            guard s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
                throw ScriptError(.typeError, "ord() expected a character, but string of length \(s.unicodeScalars.count) found")
            }
            return .int(Int(scalar.value))
        },
        Builtin("hash", [Parameter("object")], doc: "A hash of a hashable value (stable within a session).",
                example: "hash('a')") { args in
            if case .host(let host) = args["object"], let instance = host as? Instance,
               let hash = try args.context.interpreter.instanceHash(instance) {
                return .int(hash)
            }
            return .int(try HashKey(args["object"]).hashValue)
        },
        Builtin("id", [Parameter("object")], doc: "An identity number for the value.", example: "id(x)") { args in
            if let key = try? HashKey(args["object"]), case .identity(let id) = key { return .int(id.hashValue) }
            return .int((try? HashKey(args["object"]).hashValue) ?? 0)
        },
        Builtin("input", [Parameter("prompt", default: .str(""))], doc: "Not available: scripts cannot read the terminal.",
                example: "") { _ in
            throw ScriptError(.runtimeError, "input() is not supported in lorarepl v1", help: "put the value in a variable instead")
        },
    ] + HelpBuiltins.table

    /// min/max over an iterable or over the arguments, with key= and default=.
    private static func extreme(_ args: Arguments, name: String, wantLarger: Bool) throws -> Value {
        let interpreter = args.context.interpreter
        var items = args.variadic
        if items.isEmpty { throw ScriptError(.typeError, "\(name) expected at least 1 argument, got 0") }
        if items.count == 1 { items = try args.context.items(of: items[0]) }
        guard var best = items.first else {
            if args.isPassed("default") { return args["default"] }
            throw ScriptError(.valueError, "\(name)() iterable argument is empty", help: "pass default=... for empty inputs")
        }
        let key = args["key"]
        func keyOf(_ v: Value) throws -> Value { key.isNone ? v : try interpreter.callValue(key, [v], [], range: args.context.range) }
        var bestKey = try keyOf(best)
        for item in items.dropFirst() {
            let k = try keyOf(item)
            let order = try interpreter.ordering(k, bestKey, op: wantLarger ? ">" : "<")
            if wantLarger ? order > 0 : order < 0 {
                best = item
                bestKey = k
            }
        }
        return best
    }

    private static func roundValue(_ args: Arguments) throws -> Value {
        var number = args["number"]
        if case .host(let host) = number, let scalar = host.scalarValue() { number = scalar }
        let digits = try args.optionalInt("ndigits")
        switch number {
        case .int, .bool:
            let n = number.intValue ?? 0
            guard let d = digits, d < 0 else { return .int(n) }
            let factor = Foundation.pow(10.0, Double(-d))
            return .int(Int((Double(n) / factor).rounded(.toNearestOrEven) * factor))
        case .float(let x):
            guard let d = digits else {
                guard x.isFinite else {
                    throw ScriptError(x.isNaN ? .valueError : .overflowError, "cannot convert float \(Repr.float(x)) to integer")
                }
                guard let n = Int(exactly: x.rounded(.toNearestOrEven)) else { throw ScriptError(.overflowError, "rounded value does not fit in 64 bits") }
                return .int(n)
            }
            return .float(roundFloat(x, digits: d))
        default:
            throw ScriptError(.typeError, "type \(number.typeName) doesn't define __round__ method")
        }
    }

    /// Python's correctly rounded round(x, n): round the exact decimal expansion half to even.
    static func roundFloat(_ x: Double, digits: Int) -> Double {
        guard x.isFinite, digits < 300 else { return x }
        if digits < -308 { return 0 * x }
        // "%.*f" gives the correctly rounded decimal (round-half-even on the exact binary value), as CPython does.
        if digits >= 0 {
            return Double(String(format: "%.\(digits)f", x)) ?? x
        }
        let factor = Foundation.pow(10.0, Double(-digits))
        return (x / factor).rounded(.toNearestOrEven) * factor
    }
}

extension Interpreter {
    /// A stable sort (as Python's) with optional key function and reverse.
    func sortValues(_ items: [Value], key: Value, reverse: Bool) throws -> [Value] {
        let keys = try items.map { key.isNone ? $0 : try callValue(key, [$0], [], range: nil) }
        var indices = Array(items.indices)
        var failure: Error?
        // Merge-sort via Swift's stable sort; comparison errors are captured and rethrown.
        indices.sort { a, b in
            if failure != nil { return false }
            do {
                let order = try ordering(keys[a], keys[b])
                return reverse ? order > 0 : order < 0
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return indices.map { items[$0] }
    }
}

/// `bin(n)`, `oct(n)`, `hex(n)`: the int in base 2, 8 or 16 with Python's prefix and sign (`hex(-255) == '-0xff'`).
private func radixBuiltin(_ name: String, prefix: String, radix: Int) -> Builtin {
    Builtin(name, [Parameter("number", .int)], doc: "The int written in base \(radix) with the '\(prefix)' prefix.",
            example: "\(name)(255)  # '\(prefix)\(String(255, radix: radix))'") { args in
        let n = try args.int("number")
        return .str((n < 0 ? "-" : "") + prefix + String(n.magnitude, radix: radix))
    }
}
