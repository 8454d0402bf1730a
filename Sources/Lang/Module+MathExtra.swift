import Foundation

/// The rest of `math`: inverse and hyperbolic trigonometry, angles, float decomposition, special
/// functions and integer combinatorics, with CPython's results and domain errors.
extension MathModule {
    static let extraBuiltins: [Builtin] = [
        unary("asin", doc: "Arc sine (radians).", example: "math.asin(1.0)  # 1.5707963267948966", domain: { -1...1 ~= $0 }) { Foundation.asin($0) },
        unary("acos", doc: "Arc cosine (radians).", example: "math.acos(1.0)  # 0.0", domain: { -1...1 ~= $0 }) { Foundation.acos($0) },
        unary("sinh", doc: "Hyperbolic sine.", example: "math.sinh(0.0)  # 0.0") { Foundation.sinh($0) },
        unary("cosh", doc: "Hyperbolic cosine.", example: "math.cosh(0.0)  # 1.0") { Foundation.cosh($0) },
        unary("asinh", doc: "Inverse hyperbolic sine.", example: "math.asinh(0.0)  # 0.0") { Foundation.asinh($0) },
        unary("acosh", doc: "Inverse hyperbolic cosine.", example: "math.acosh(1.0)  # 0.0", domain: { $0 >= 1 }) { Foundation.acosh($0) },
        unary("atanh", doc: "Inverse hyperbolic tangent.", example: "math.atanh(0.5)  # 0.5493061443340549", domain: { $0 > -1 && $0 < 1 }) { Foundation.atanh($0) },
        unary("degrees", doc: "Radians to degrees.", example: "math.degrees(math.pi)  # 180.0") { $0 * (180.0 / Double.pi) },
        unary("radians", doc: "Degrees to radians.", example: "math.radians(180)  # 3.141592653589793") { $0 * (Double.pi / 180.0) },
        unary("log1p", doc: "log(1 + x), accurate near 0.", example: "math.log1p(1e-10)", domain: { $0 > -1 }) { Foundation.log1p($0) },
        unary("expm1", doc: "exp(x) - 1, accurate near 0.", example: "math.expm1(1e-10)") { Foundation.expm1($0) },
        unary("erf", doc: "The error function.", example: "math.erf(1.0)  # 0.8427007929497149") { Foundation.erf($0) },
        unary("erfc", doc: "1 - erf(x).", example: "math.erfc(1.0)  # 0.15729920705028513") { Foundation.erfc($0) },
        unary("gamma", doc: "The gamma function.", example: "math.gamma(5)  # 24.0",
              domain: { !($0 <= 0 && $0 == $0.rounded()) }) { Foundation.tgamma($0) },
        unary("lgamma", doc: "log(abs(gamma(x))).", example: "math.lgamma(5)  # 3.1780538303479458",
              domain: { !($0 <= 0 && $0 == $0.rounded()) }) { Foundation.lgamma($0) },
        Builtin("isfinite", owner: "math", [Parameter("x", .number)], doc: "True unless x is inf or nan.", example: "math.isfinite(1.0)  # True") { args in
            .bool((try args.double("x")).isFinite)
        },
        binary("atan2", doc: "Arc tangent of y/x, in the right quadrant.", example: "math.atan2(1, 1)  # 0.7853981633974483", "y", "x") { Foundation.atan2($0, $1) },
        binary("copysign", doc: "x with the sign of y.", example: "math.copysign(3, -0.0)  # -3.0", "x", "y") { Foundation.copysign($0, $1) },
        Builtin("fmod", owner: "math", [Parameter("x", .number), Parameter("y", .number)], doc: "C's fmod: the remainder with the sign of x.",
                example: "math.fmod(-7, 3)  # -1.0") { args in
            let x = try args.double("x"), y = try args.double("y")
            if y == 0 || x.isInfinite { throw ScriptError(.valueError, "math domain error") }
            return .float(Foundation.fmod(x, y))
        },
        Builtin("remainder", owner: "math", [Parameter("x", .number), Parameter("y", .number)], doc: "IEEE 754 remainder of x / y.",
                example: "math.remainder(7, 4)  # -1.0") { args in
            let x = try args.double("x"), y = try args.double("y")
            if y == 0 || x.isInfinite { throw ScriptError(.valueError, "math domain error") }
            return .float(Foundation.remainder(x, y))
        },
        Builtin("modf", owner: "math", [Parameter("x", .number)], doc: "(fractional part, integer part), both floats with x's sign.",
                example: "math.modf(2.5)  # (0.5, 2.0)") { args in
            let x = try args.double("x")
            if x.isInfinite { return .tuple([.float(Foundation.copysign(0, x)), .float(x)]) }
            let whole = x.rounded(.towardZero)
            return .tuple([.float(Foundation.copysign(x - whole, x)), .float(whole)])
        },
        Builtin("frexp", owner: "math", [Parameter("x", .number)], doc: "(m, e) with x == m * 2**e and 0.5 <= abs(m) < 1.",
                example: "math.frexp(8.0)  # (0.5, 4)") { args in
            let x = try args.double("x")
            guard x != 0, x.isFinite else { return .tuple([.float(x), .int(0)]) }
            let result = Foundation.frexp(x)
            return .tuple([.float(result.0), .int(result.1)])
        },
        Builtin("ldexp", owner: "math", [Parameter("x", .number), Parameter("i", .int)], doc: "x * 2**i.", example: "math.ldexp(0.5, 4)  # 8.0") { args in
            let result = Foundation.scalbn(try args.double("x"), Int(clamping: try args.int("i")))
            if result.isInfinite, (try args.double("x")).isFinite { throw ScriptError(.overflowError, "math range error") }
            return .float(result)
        },
        Builtin("hypot", owner: "math", [.variadic("coordinates")], doc: "The Euclidean norm sqrt(sum(x*x)).", example: "math.hypot(3, 4)  # 5.0") { args in
            let values = try args.variadic.map { v -> Double in
                guard let x = v.doubleValue else { throw ScriptError(.typeError, "must be real number, not \(v.typeName)") }
                return x
            }
            if values.contains(where: \.isInfinite) { return .float(.infinity) }
            let scale = values.map { Swift.abs($0) }.max() ?? 0
            guard scale > 0, scale.isFinite else { return .float(scale) }
            return .float(scale * values.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot())
        },
        Builtin("dist", owner: "math", [Parameter("p"), Parameter("q")], doc: "Euclidean distance between two points.",
                example: "math.dist((0, 0), (3, 4))  # 5.0") { args in
            let p = try args.context.items(of: args["p"]), q = try args.context.items(of: args["q"])
            guard p.count == q.count else { throw ScriptError(.valueError, "both points must have the same number of dimensions") }
            let squares = try zip(p, q).map { a, b -> Double in
                guard let x = a.doubleValue, let y = b.doubleValue else { throw ScriptError(.typeError, "must be real number") }
                return (x - y) * (x - y)
            }
            return .float(squares.reduce(0, +).squareRoot())
        },
        Builtin("isqrt", owner: "math", [Parameter("n", .int)], doc: "The integer square root (floor).", example: "math.isqrt(17)  # 4") { args in
            let n = try args.int("n")
            if n < 0 { throw ScriptError(.valueError, "isqrt() argument must be nonnegative") }
            var root = Int(exactly: Double(n).squareRoot().rounded(.down)) ?? 0
            while root > 0 && root.multipliedReportingOverflow(by: root).overflow || root * root > n { root -= 1 }
            while !(root + 1).multipliedReportingOverflow(by: root + 1).overflow && (root + 1) * (root + 1) <= n { root += 1 }
            return .int(root)
        },
        Builtin("lcm", owner: "math", [.variadic("integers")], doc: "Least common multiple.", example: "math.lcm(4, 6)  # 12") { args in
            var result = 1
            for value in args.variadic {
                guard case .int(let raw) = value else { throw ScriptError(.typeError, "'\(value.typeName)' object cannot be interpreted as an integer") }
                let n = Swift.abs(raw)
                if n == 0 || result == 0 { result = 0; continue }
                var a = result, b = n
                while b != 0 { (a, b) = (b, a % b) }
                let (r, overflow) = (result / a).multipliedReportingOverflow(by: n)
                if overflow { throw ScriptError(.overflowError, "lcm result does not fit in 64 bits") }
                result = r
            }
            return .int(result)
        },
        Builtin("comb", owner: "math", [Parameter("n", .int), Parameter("k", .int)], doc: "Ways to choose k items from n (n choose k).",
                example: "math.comb(5, 2)  # 10") { args in
            try .int(combinations(try args.int("n"), try args.int("k"), ordered: false, name: "comb"))
        },
        Builtin("perm", owner: "math", [Parameter("n", .int), Parameter.optional("k", .int)], doc: "Ordered arrangements of k items from n.",
                example: "math.perm(5, 2)  # 20") { args in
            let n = try args.int("n")
            return try .int(combinations(n, try args.optionalInt("k") ?? n, ordered: true, name: "perm"))
        },
        Builtin("prod", owner: "math", [Parameter("iterable"), .keyword("start", default: .int(1))], doc: "The product of the items.",
                example: "math.prod([2, 3, 4])  # 24") { args in
            var product = args["start"]
            for item in try args.context.items(of: args["iterable"]) {
                product = try args.context.interpreter.binary(.multiply, product, item)
            }
            return product
        },
    ]

    static func binary(_ name: String, doc: String, example: String, _ first: String, _ second: String,
                       _ f: @escaping (Double, Double) -> Double) -> Builtin {
        Builtin(name, owner: "math", [Parameter(first, .number), Parameter(second, .number)], doc: doc, example: example) { args in
            .float(f(try args.double(first), try args.double(second)))
        }
    }

    /// n! / (n-k)! (ordered) or n! / (k! (n-k)!), exact, OverflowError past 64 bits.
    static func combinations(_ n: Int, _ k: Int, ordered: Bool, name: String) throws -> Int {
        if n < 0 || k < 0 { throw ScriptError(.valueError, "\(k < 0 ? "k" : "n") must be a non-negative integer") }
        if k > n { return 0 }
        let steps = ordered ? k : Swift.min(k, n - k)
        var result = 1
        for i in 0..<steps {
            if ordered {
                let (r, o) = result.multipliedReportingOverflow(by: n - i)
                if o { throw ScriptError(.overflowError, "\(name)(\(n), \(k)) does not fit in 64 bits") }
                result = r
            } else {
                // result * (n - i) / (i + 1) stays an integer at every step.
                let (r, o) = result.multipliedReportingOverflow(by: n - i)
                if o { throw ScriptError(.overflowError, "\(name)(\(n), \(k)) does not fit in 64 bits") }
                result = r / (i + 1)
            }
        }
        return result
    }
}
