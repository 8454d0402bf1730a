/// `pow(base, exp, mod)` on 64-bit ints, as CPython computes it: the result has the sign of `mod`, a
/// negative exponent uses the modular inverse of `base`, and no intermediate product overflows.
enum ModularPower {
    static func power(_ base: Int, _ exp: Int, _ mod: Int) throws -> Int {
        guard mod != 0 else { throw ScriptError(.valueError, "pow() 3rd argument cannot be 0") }
        guard mod != Int.min else { throw ScriptError(.overflowError, "pow() modulus does not fit in 64 bits") }
        let m = abs(mod)
        var b = reduced(base, m)
        var e = exp
        if e < 0 {
            guard let inverse = inverse(b, m) else { throw ScriptError(.valueError, "base is not invertible for the given modulus") }
            b = inverse
            e = e == Int.min ? Int.max : -e   // Int.min: b^(2^63) = b^(2^63 - 1) * b, finished below
            if exp == Int.min { return signed(multiply(unsignedPower(b, e, m), b, m), mod) }
        }
        return signed(unsignedPower(b, e, m), mod)
    }

    /// `base ** exp % m` for `0 <= base < m`, `exp >= 0`, `m > 0`.
    private static func unsignedPower(_ base: Int, _ exp: Int, _ m: Int) -> Int {
        var result = 1 % m, b = base, e = exp
        while e > 0 {
            if e & 1 == 1 { result = multiply(result, b, m) }
            b = multiply(b, b, m)
            e >>= 1
        }
        return result
    }

    /// `a * b % m` for `0 <= a, b < m`, through a 128-bit product.
    private static func multiply(_ a: Int, _ b: Int, _ m: Int) -> Int {
        let product = UInt(bitPattern: a).multipliedFullWidth(by: UInt(bitPattern: b))
        return Int(truncatingIfNeeded: UInt(bitPattern: m).dividingFullWidth((product.high, product.low)).remainder)
    }

    /// `value mod m` in `0..<m` (Python's `%` for a positive modulus).
    private static func reduced(_ value: Int, _ m: Int) -> Int {
        let r = value % m
        return r < 0 ? r + m : r
    }

    /// The result in Python's convention: the sign of the modulus.
    private static func signed(_ r: Int, _ mod: Int) -> Int { mod < 0 && r != 0 ? r - abs(mod) : r }

    /// The inverse of `a` modulo `m` (extended Euclid), nil when they share a factor.
    private static func inverse(_ a: Int, _ m: Int) -> Int? {
        var (oldR, r) = (a, m), (oldS, s) = (1, 0)
        while r != 0 {
            let q = oldR / r
            (oldR, r) = (r, oldR - q * r)
            (oldS, s) = (s, oldS - q * s)
        }
        guard oldR == 1 else { return m == 1 ? 0 : nil }
        return reduced(oldS, m)
    }
}
