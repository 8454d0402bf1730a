import Foundation

/// `import math`.
enum MathModule {
    static func unary(_ name: String, doc: String, example: String, domain: ((Double) -> Bool)? = nil,
                      _ f: @escaping (Double) -> Double) -> Builtin {
        Builtin(name, owner: "math", [Parameter("x", .number)], doc: doc, example: example) { args in
            let x = try args.double("x")
            if let domain, !domain(x) { throw ScriptError(.valueError, "math domain error", notes: ["\(name)(\(Repr.float(x))) is undefined"]) }
            return .float(f(x))
        }
    }

    static func toInt(_ x: Double, _ name: String) throws -> Value {
        guard x.isFinite else { throw ScriptError(x.isNaN ? .valueError : .overflowError, "cannot convert float \(Repr.float(x)) to integer") }
        guard let n = Int(exactly: x) else { throw ScriptError(.overflowError, "\(name) result does not fit in 64 bits") }
        return .int(n)
    }

    static let table = ModuleTable(name: "math", doc: "Mathematical functions on floats.", builtins: [
        unary("sqrt", doc: "Square root.", example: "math.sqrt(2.0)  # 1.4142135623730951", domain: { $0 >= 0 }) { $0.squareRoot() },
        unary("exp", doc: "e ** x.", example: "math.exp(1.0)  # 2.718281828459045") { Foundation.exp($0) },
        unary("log10", doc: "Base-10 logarithm.", example: "math.log10(1000)  # 3.0", domain: { $0 > 0 }) { Foundation.log10($0) },
        unary("log2", doc: "Base-2 logarithm.", example: "math.log2(8)  # 3.0", domain: { $0 > 0 }) { Foundation.log2($0) },
        unary("sin", doc: "Sine (radians).", example: "math.sin(0.0)  # 0.0") { Foundation.sin($0) },
        unary("cos", doc: "Cosine (radians).", example: "math.cos(0.0)  # 1.0") { Foundation.cos($0) },
        unary("tan", doc: "Tangent (radians).", example: "math.tan(0.0)  # 0.0") { Foundation.tan($0) },
        unary("tanh", doc: "Hyperbolic tangent.", example: "math.tanh(0.0)  # 0.0") { Foundation.tanh($0) },
        unary("atan", doc: "Arc tangent.", example: "math.atan(1.0)  # 0.7853981633974483") { Foundation.atan($0) },
        unary("fabs", doc: "Absolute value as a float.", example: "math.fabs(-2)  # 2.0") { Swift.abs($0) },
        Builtin("log", owner: "math", [Parameter("x", .number), Parameter.optional("base", .number)],
                doc: "Natural logarithm, or logarithm to base.", example: "math.log(100, 10)  # 2.0") { args in
            let x = try args.double("x")
            guard x > 0 else { throw ScriptError(.valueError, "math domain error", notes: ["log(\(Repr.repr(args["x"]))) is undefined"]) }
            if let base = try args.optionalDouble("base") { return .float(Foundation.log(x) / Foundation.log(base)) }
            return .float(Foundation.log(x))
        },
        Builtin("pow", owner: "math", [Parameter("x", .number), Parameter("y", .number)], doc: "x ** y as floats.",
                example: "math.pow(2, 0.5)  # 1.4142135623730951") { args in .float(Foundation.pow(try args.double("x"), try args.double("y"))) },
        Builtin("floor", owner: "math", [Parameter("x", .number)], doc: "Largest int <= x.", example: "math.floor(2.7)  # 2") { args in
            try toInt((try args.double("x")).rounded(.down), "floor")
        },
        Builtin("ceil", owner: "math", [Parameter("x", .number)], doc: "Smallest int >= x.", example: "math.ceil(2.1)  # 3") { args in
            try toInt((try args.double("x")).rounded(.up), "ceil")
        },
        Builtin("trunc", owner: "math", [Parameter("x", .number)], doc: "x truncated toward zero.", example: "math.trunc(-2.7)  # -2") { args in
            try toInt((try args.double("x")).rounded(.towardZero), "trunc")
        },
        Builtin("isclose", owner: "math", [Parameter("a", .number), Parameter("b", .number),
                                           .keyword("rel_tol", .number, default: .float(1e-9)), .keyword("abs_tol", .number, default: .float(0))],
                doc: "True when a and b are close.", example: "math.isclose(0.1 + 0.2, 0.3)  # True") { args in
            let a = try args.double("a"), b = try args.double("b")
            let tolerance = Swift.max(try args.double("rel_tol") * Swift.max(Swift.abs(a), Swift.abs(b)), try args.double("abs_tol"))
            return .bool(a == b || Swift.abs(a - b) <= tolerance)
        },
        Builtin("isnan", owner: "math", [Parameter("x", .number)], doc: "True for NaN.", example: "math.isnan(float('nan'))  # True") { args in
            .bool((try args.double("x")).isNaN)
        },
        Builtin("isinf", owner: "math", [Parameter("x", .number)], doc: "True for ±inf.", example: "math.isinf(math.inf)  # True") { args in
            .bool((try args.double("x")).isInfinite)
        },
        Builtin("fsum", owner: "math", [Parameter("iterable")], doc: "Accurate float sum.", example: "math.fsum([0.1] * 10)  # 1.0") { args in
            // Neumaier compensated summation.
            var sum = 0.0, compensation = 0.0
            for item in try args.context.items(of: args["iterable"]) {
                guard let x = item.doubleValue else { throw ScriptError(.typeError, "must be real number, not \(item.typeName)") }
                let t = sum + x
                compensation += Swift.abs(sum) >= Swift.abs(x) ? (sum - t) + x : (x - t) + sum
                sum = t
            }
            return .float(sum + compensation)
        },
        Builtin("gcd", owner: "math", [Parameter("a", .int), Parameter("b", .int)], doc: "Greatest common divisor.",
                example: "math.gcd(12, 18)  # 6") { args in
            var a = Swift.abs(try args.int("a")), b = Swift.abs(try args.int("b"))
            while b != 0 { (a, b) = (b, a % b) }
            return .int(a)
        },
        Builtin("factorial", owner: "math", [Parameter("n", .int)], doc: "n! (OverflowError past 20!).", example: "math.factorial(5)  # 120") { args in
            let n = try args.int("n")
            if n < 0 { throw ScriptError(.valueError, "factorial() not defined for negative values") }
            var result = 1
            for k in Swift.stride(from: 2, through: n, by: 1) {
                let (r, o) = result.multipliedReportingOverflow(by: k)
                if o { throw ScriptError(.overflowError, "factorial(\(n)) does not fit in 64 bits") }
                result = r
            }
            return .int(result)
        },
    ] + extraBuiltins, constants: [("pi", .float(Double.pi)), ("e", .float(M_E)), ("inf", .float(.infinity)), ("nan", .float(.nan)), ("tau", .float(2 * Double.pi))])
}

/// `import time`.
enum TimeModule {
    static let table = ModuleTable(name: "time", doc: "Clocks and sleeping.", builtins: [
        Builtin("time", owner: "time", doc: "Seconds since the Unix epoch, as a float.", example: "start = time.time()") { _ in
            .float(Date().timeIntervalSince1970)
        },
        Builtin("perf_counter", owner: "time", doc: "A monotonic clock in seconds, for measuring durations.",
                example: "t0 = time.perf_counter()") { _ in .float(ProcessInfo.processInfo.systemUptime) },
        Builtin("sleep", owner: "time", [Parameter("seconds", .number)], doc: "Pause (interruptible).", example: "time.sleep(0.1)") { args in
            let seconds = try args.double("seconds")
            if seconds < 0 { throw ScriptError(.valueError, "sleep length must be non-negative") }
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                try args.context.checkInterrupt()
                Thread.sleep(forTimeInterval: Swift.min(0.01, end.timeIntervalSinceNow > 0 ? end.timeIntervalSinceNow : 0))
            }
            return .none
        },
    ])
}
