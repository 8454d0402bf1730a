import Foundation

/// The rest of `random`, with CPython 3.11's algorithms so a seed gives Python's draws: `choices`
/// (weights and cumulative weights, bisecting as CPython does), `normalvariate`, `expovariate`, `triangular`.
extension RandomModule {
    static let extraBuiltins: [Builtin] = [
        Builtin("choices", owner: "random", [Parameter("population"), Parameter("weights", default: Value.none),
                                             .keyword("cum_weights", default: Value.none), .keyword("k", .int, default: .int(1))],
                doc: "k items drawn with replacement, optionally weighted.", example: "random.choices(['a', 'b'], weights=[3, 1], k=5)") { args in
            let population = try args.context.items(of: args["population"])
            let k = try args.int("k")
            let n = population.count
            let interpreter = args.context.interpreter
            if args["cum_weights"].isNone && args["weights"].isNone {
                guard n > 0 || k <= 0 else { throw ScriptError(.indexError, "Cannot choose from an empty sequence") }
                return .list(ListObject((0..<max(k, 0)).map { _ in population[min(Int(exactly: (interpreter.random.random() * Double(n)).rounded(.down)) ?? 0, n - 1)] }))
            }
            if !args["cum_weights"].isNone && !args["weights"].isNone {
                throw ScriptError(.typeError, "Cannot specify both weights and cumulative weights")
            }
            var cumulative: [Double] = []
            if args["cum_weights"].isNone {
                var total = 0.0
                for weight in try args.context.items(of: args["weights"]) {
                    guard let w = weight.doubleValue else { throw ScriptError(.typeError, "weights must be numbers, not \(weight.typeName)") }
                    total += w
                    cumulative.append(total)
                }
            } else {
                cumulative = try args.context.items(of: args["cum_weights"]).map {
                    guard let w = $0.doubleValue else { throw ScriptError(.typeError, "cum_weights must be numbers, not \($0.typeName)") }
                    return w
                }
            }
            guard cumulative.count == n else { throw ScriptError(.valueError, "The number of weights does not match the population") }
            guard let total = cumulative.last, total > 0 else { throw ScriptError(.valueError, "Total of weights must be greater than zero") }
            guard total.isFinite else { throw ScriptError(.valueError, "Total of weights must be finite") }
            return .list(ListObject((0..<max(k, 0)).map { _ in population[bisectRight(cumulative, interpreter.random.random() * total, hi: n - 1)] }))
        },
        Builtin("normalvariate", owner: "random", [Parameter("mu", .number, default: .float(0)), Parameter("sigma", .number, default: .float(1))],
                doc: "A normally distributed float (Kinderman-Monahan, as CPython).", example: "random.normalvariate(0, 1)") { args in
            let magic = 4 * Foundation.exp(-0.5) / 2.0.squareRoot()
            var z = 0.0
            while true {
                let u1 = args.context.interpreter.random.random()
                let u2 = 1.0 - args.context.interpreter.random.random()
                z = magic * (u1 - 0.5) / u2
                if z * z / 4.0 <= -Foundation.log(u2) { break }
            }
            return .float(try args.double("mu") + z * args.double("sigma"))
        },
        Builtin("expovariate", owner: "random", [Parameter("lambd", .number)], doc: "An exponentially distributed float (rate lambd).",
                example: "random.expovariate(1.5)") { args in
            let lambd = try args.double("lambd")
            if lambd == 0 { throw ScriptError(.zeroDivisionError, "float division by zero") }
            return .float(-Foundation.log(1.0 - args.context.interpreter.random.random()) / lambd)
        },
        Builtin("triangular", owner: "random", [Parameter("low", .number, default: .float(0)), Parameter("high", .number, default: .float(1)),
                                                Parameter("mode", default: Value.none)],
                doc: "A float in [low, high] from the triangular distribution.", example: "random.triangular(0, 10, 3)") { args in
            var u = args.context.interpreter.random.random()
            var low = try args.double("low"), high = try args.double("high")
            if high == low { return .float(low) }
            var c = try args.optionalDouble("mode").map { ($0 - low) / (high - low) } ?? 0.5
            if u > c {
                u = 1.0 - u
                c = 1.0 - c
                swap(&low, &high)
            }
            return .float(low + (high - low) * (u * c).squareRoot())
        },
    ]

    /// `bisect.bisect_right(a, x, 0, hi)`.
    static func bisectRight(_ a: [Double], _ x: Double, hi: Int) -> Int {
        var lo = 0, hi = hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if x < a[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
