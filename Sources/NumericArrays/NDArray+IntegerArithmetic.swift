import Foundation
import Lang
import PythonBasics

/// numpy's int64 arithmetic for the numpy subset: `+ - * // % **` on two integer arrays wrap modulo 2**64
/// as numpy's do (`np.array([2**62]) * 4` is `array([0])`), and integer division or remainder by zero gives
/// 0 with numpy's `RuntimeWarning` (`np.array([1, 2]) // 0` is `array([0, 0])`). Nothing here can trap.
/// Values are kept as Doubles (`NDArray.values`), so results beyond ±2**53 are rounded to the nearest Double.
extension NDArray {
    /// The int64 result of `a op b`, or nil when `op` is not integer arithmetic. `warn` receives numpy's
    /// warning text once per operation.
    public static func integerArithmetic(_ op: String, _ a: NDArray, _ b: NDArray, warn: (String) -> Void) throws -> NDArray? {
        let name: String
        switch op {
        case "+", "-", "*": name = ""
        case "//": name = "floor_divide"
        case "%": name = "remainder"
        case "**": name = "power"
        default: return nil
        }
        let shape = try broadcastShape(a.shape, b.shape)
        try MemoryBudget.check(shape: shape, bytesPerElement: MemoryLayout<Double>.stride, what: "the result of \(op)")
        let x = a.broadcast(to: shape), y = b.broadcast(to: shape)
        var out = [Double](repeating: 0, count: x.count)
        var dividedByZero = false
        for i in 0..<x.count {
            let p = CheckedInt.wrappingStoredInt64(x[i]), q = CheckedInt.wrappingStoredInt64(y[i])
            let r: Int64
            switch op {
            case "+": r = p &+ q
            case "-": r = p &- q
            case "*": r = p &* q
            case "//":
                if q == 0 { dividedByZero = true; r = 0 } else { r = floorDivide(p, q) }
            case "%":
                if q == 0 { dividedByZero = true; r = 0 } else { r = p &- floorDivide(p, q) &* q }
            default:
                guard q >= 0 else {
                    throw ScriptError(.valueError, "Integers to negative integer powers are not allowed.",
                                      help: "make one operand a float first, e.g. a.astype(float) ** -1")
                }
                r = wrappingPower(p, q)
            }
            out[i] = Double(r)
        }
        if dividedByZero { warn("RuntimeWarning: divide by zero encountered in \(name)") }
        return NDArray(shape: shape, values: out, dtype: .int64)
    }

    /// Python's floor division for a non-zero divisor; Int64.min // -1 wraps to Int64.min as numpy's does.
    private static func floorDivide(_ p: Int64, _ q: Int64) -> Int64 {
        if p == Int64.min && q == -1 { return Int64.min }
        let quotient = p / q
        return (p % q != 0) && ((p < 0) != (q < 0)) ? quotient - 1 : quotient
    }

    /// `p ** q` modulo 2**64 by repeated squaring.
    private static func wrappingPower(_ p: Int64, _ q: Int64) -> Int64 {
        var result: Int64 = 1, base = p, exponent = q
        while exponent > 0 {
            if exponent & 1 == 1 { result = result &* base }
            base = base &* base
            exponent >>= 1
        }
        return result
    }
}
