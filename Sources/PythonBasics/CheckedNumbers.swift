import Foundation

/// The error a checked conversion or a refused allocation throws. Each carries the Python exception a
/// script sees (`int(float("nan"))` is a ValueError, `int(float("inf"))` an OverflowError, a too-large
/// buffer a MemoryError), a plain message naming the value, and the fix.
public struct NumericLimitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The Python exception class; the raw value is its name.
    public enum Kind: String, Sendable, Equatable {
        case valueError = "ValueError"
        case overflowError = "OverflowError"
        case memoryError = "MemoryError"
    }

    public var kind: Kind
    public var message: String
    public var help: String?

    public init(_ kind: Kind, _ message: String, help: String? = nil) {
        self.kind = kind
        self.message = message
        self.help = help
    }

    /// `OverflowError: message` and a `help:` line.
    public var description: String {
        "\(kind.rawValue): \(message)" + (help.map { "\n  help: \($0)" } ?? "")
    }
}

/// The one checked conversion from a script's number (a Python float, or a 64-bit int read from a file)
/// to a Swift `Int`, used wherever such a value becomes a count, an index, a size or a seed. `Int(x)` on a
/// NaN, an infinity or a value beyond 64 bits stops the process; these throw the Python error instead.
public enum CheckedInt {
    /// 2**63, the first Double beyond Int64.max.
    private static let bound = 9_223_372_036_854_775_808.0  // 2^63

    /// Python's `int(x)`: truncates toward zero. NaN → ValueError, ±inf or beyond 64 bits → OverflowError.
    /// - Parameter what: the value's name in messages (`warmup_steps`, `token id`).
    public static func truncating(_ x: Double, what: String) throws -> Int {
        if x.isNaN {
            throw NumericLimitError(.valueError, "cannot convert float NaN to integer (\(what))",
                                    help: "\(what) must be a number; check where the NaN came from")
        }
        if x.isInfinite {
            throw NumericLimitError(.overflowError, "cannot convert float \(x > 0 ? "infinity" : "-infinity") to integer (\(what))",
                                    help: "\(what) must be a finite number")
        }
        let truncated = x.rounded(.towardZero)
        guard let n = Int(exactly: truncated) else {
            throw NumericLimitError(.overflowError, "\(what) = \(x) does not fit in a 64-bit integer",
                                    help: "use a value between -2**63 and 2**63 - 1")
        }
        return n
    }

    /// A whole number (`3` or `3.0`) as an Int; a fractional value is a ValueError naming `what`.
    public static func whole(_ x: Double, what: String) throws -> Int {
        let n = try truncating(x, what: what)
        guard Double(n) == x else {
            throw NumericLimitError(.valueError, "\(what) must be a whole number, got \(x)",
                                    help: "write \(what)=\(Int(exactly: x.rounded()) ?? n)")
        }
        return n
    }

    /// numpy's and torch's float → int64 cast (`astype(np.int64)`, `.long()`), which never fails: finite
    /// values in range truncate toward zero; NaN, infinities and out-of-range values give -2**63, as the
    /// x86-64 conversion instruction both libraries use does.
    public static func castLikeNumpy(_ x: Double) -> Int {
        guard x.isFinite else { return Int.min }
        let truncated = x.rounded(.towardZero)
        return Int(exactly: truncated) ?? Int.min
    }

    /// A 64-bit int stored as a Double (the numpy subset keeps its int64 arrays as Doubles) read back:
    /// exact below 2**53; 2**63 (the rounding of Int64.max) saturates; NaN gives -2**63. Never traps.
    public static func fromStoredInt64(_ x: Double) -> Int {
        if x.isNaN { return Int.min }
        if x >= bound { return Int.max }
        if x <= -bound { return Int.min }
        return Int(exactly: x.rounded(.towardZero)) ?? Int.min
    }

    /// A 64-bit int stored as a Double, wrapped modulo 2**64 as numpy's int64 arithmetic does
    /// (`np.array([2**62]) * 4` is `[0]`). Exact for stored values within ±2**63.
    public static func wrappingStoredInt64(_ x: Double) -> Int64 {
        guard x.isFinite else { return Int64.min }
        let t = x.rounded(.towardZero)
        if let n = Int64(exactly: t) { return n }
        // |t| ≥ 2**63: reduce modulo 2**64 with the exact fmod of Doubles.
        let m = fmod(t, 18_446_744_073_709_551_616.0)  // 2**64
        let r = m < 0 ? m + 18_446_744_073_709_551_616.0 : m
        if r >= bound { return Int64(exactly: r - 18_446_744_073_709_551_616.0) ?? Int64.min }
        return Int64(exactly: r) ?? 0
    }

    /// The number of elements of `shape` (its product), checked: a negative dimension is a ValueError,
    /// a product beyond 64 bits a MemoryError.
    public static func elementCount(_ shape: [Int], what: String) throws -> Int {
        var total = 1
        for dim in shape {
            guard dim >= 0 else {
                throw NumericLimitError(.valueError, "negative dimension \(dim) in the shape of \(what)",
                                        help: "every dimension must be 0 or more")
            }
            let (product, overflow) = total.multipliedReportingOverflow(by: dim)
            if overflow {
                throw NumericLimitError(.memoryError, "\(what) of shape \(shape) would have more than 2**63 elements",
                                        help: "use a smaller shape")
            }
            total = product
        }
        return total
    }

    /// `a * b` for sizes, checked: overflow is a MemoryError naming `what`.
    public static func product(_ a: Int, _ b: Int, what: String) throws -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow || p < 0 {
            throw NumericLimitError(.memoryError, "the size of \(what) (\(a) × \(b)) does not fit in 64 bits",
                                    help: "use smaller sizes")
        }
        return p
    }
}
