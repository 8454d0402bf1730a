import Foundation
import PythonBasics

/// `import random`: CPython's MT19937 (`PythonBasics.MersenneTwister`), so `random.seed(42); random.random()`
/// gives Python's number, and so do `randint`, `choice`, `shuffle`, `sample` and `gauss`.
enum RandomModule {
    static let table = ModuleTable(name: "random", doc: "Pseudo-random numbers (Mersenne Twister, same sequences as Python).", builtins: [
        Builtin("seed", owner: "random", [Parameter("a", .int, default: .int(0))], doc: "Reset the generator.",
                example: "random.seed(42)") { args in
            args.context.interpreter.random.seed(try args.int("a"))
            return .none
        },
        Builtin("random", owner: "random", doc: "A float in [0, 1).", example: "random.random()") { args in
            .float(args.context.interpreter.random.random())
        },
        Builtin("uniform", owner: "random", [Parameter("a", .number), Parameter("b", .number)], doc: "A float between a and b.",
                example: "random.uniform(-1, 1)") { args in
            .float(args.context.interpreter.random.uniform(try args.double("a"), try args.double("b")))
        },
        Builtin("randint", owner: "random", [Parameter("a", .int), Parameter("b", .int)], doc: "An int in [a, b], both included.",
                example: "random.randint(1, 6)") { args in
            let a = try args.int("a"), b = try args.int("b")
            if b < a { throw ScriptError(.valueError, "empty range for randint(\(a), \(b))") }
            return .int(args.context.interpreter.random.randint(a, b))
        },
        Builtin("randrange", owner: "random", [Parameter("start", .int), Parameter.optional("stop", .int), Parameter("step", .int, default: .int(1))],
                doc: "An int from range(start, stop, step).", example: "random.randrange(10)") { args in
            var start = try args.int("start")
            var stop = 0
            if let s = try args.optionalInt("stop") { stop = s } else { stop = start; start = 0 }
            let step = try args.int("step")
            if step != 1 {
                // CPython: n = (width + step - 1) // step items, start + step * randbelow(n).
                guard step != 0 else { throw ScriptError(.valueError, "zero step for randrange()") }
                let width = stop - start
                let n = step > 0 ? (width + step - 1) / step : (width + step + 1) / step
                if n <= 0 { throw ScriptError(.valueError, "empty range for randrange(\(start), \(stop), \(step))") }
                return .int(start + step * args.context.interpreter.random.randbelow(n))
            }
            if stop <= start { throw ScriptError(.valueError, "empty range for randrange(\(start), \(stop))") }
            return .int(args.context.interpreter.random.randrange(start, stop))
        },
        Builtin("choice", owner: "random", [Parameter("seq")], doc: "A random item of a list, tuple, string or range.",
                example: "random.choice(['a', 'b'])") { args in
            let items = try args.context.items(of: args["seq"])
            if items.isEmpty { throw ScriptError(.indexError, "Cannot choose from an empty sequence") }
            return items[args.context.interpreter.random.randbelow(items.count)]
        },
        Builtin("shuffle", owner: "random", [Parameter("x", .list)], doc: "Shuffle a list in place.", example: "random.shuffle(items)") { args in
            guard case .list(let list) = args["x"] else { return .none }
            args.context.interpreter.random.shuffle(&list.items)
            return .none
        },
        Builtin("sample", owner: "random", [Parameter("population"), Parameter("k", .int)],
                doc: "k distinct items, in random order.", example: "random.sample(range(10), 3)") { args in
            let pool = try args.context.items(of: args["population"])
            let k = try args.int("k")
            if k < 0 || k > pool.count { throw ScriptError(.valueError, "Sample larger than population or is negative") }
            let picks = args.context.interpreter.random.sampleIndices(populationSize: pool.count, count: k)
            return .list(ListObject(picks.map { pool[$0] }))
        },
        Builtin("gauss", owner: "random", [Parameter("mu", .number, default: .float(0)), Parameter("sigma", .number, default: .float(1))],
                doc: "A normally distributed float.", example: "random.gauss(0, 1)") { args in
            .float(args.context.interpreter.random.gauss(mu: try args.double("mu"), sigma: try args.double("sigma")))
        },
    ] + extraBuiltins)
}
