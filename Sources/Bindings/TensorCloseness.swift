import Lang
import NumericArrays

/// `torch.allclose` / `torch.isclose` / `torch.equal` and numpy's `allclose` / `isclose` / `array_equal`:
/// the checks scripts print after merging an adapter or reloading one (`torch.allclose(before, after,
/// atol=1e-5)`). Element-wise `|a - b| <= atol + rtol * |b|` after broadcasting, as both libraries define it.
enum TensorCloseness {
    /// The pairs of values of `a` and `b` broadcast to one shape.
    static func broadcastPair(_ a: Value, _ b: Value) throws -> (shape: [Int], a: [Double], b: [Double]) {
        let x = try NDArray.from(a), y = try NDArray.from(b)
        let shape = try NDArray.broadcastShape(x.shape, y.shape)
        return (shape, x.broadcast(to: shape), y.broadcast(to: shape))
    }

    static func close(_ x: Double, _ y: Double, rtol: Double, atol: Double, equalNaN: Bool) -> Bool {
        if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
        if x == y { return true }   // equal infinities
        return abs(x - y) <= atol + rtol * abs(y)
    }

    static func builtins(owner: String) -> [Builtin] {
        let module = owner == "torch" ? "torch" : "np"
        let tolerances: [Parameter] = [Parameter("rtol", .number, default: .float(1e-05)), Parameter("atol", .number, default: .float(1e-08)),
                                       Parameter("equal_nan", .bool, default: .bool(false))]
        func pairs(_ args: Arguments) throws -> (shape: [Int], flags: [Bool]) {
            let rtol = try args.double("rtol"), atol = try args.double("atol"), equalNaN = try args.bool("equal_nan")
            let (shape, a, b) = try broadcastPair(args[owner == "torch" ? "input" : "a"], args[owner == "torch" ? "other" : "b"])
            return (shape, zip(a, b).map { close($0, $1, rtol: rtol, atol: atol, equalNaN: equalNaN) })
        }
        let first = owner == "torch" ? "input" : "a", second = owner == "torch" ? "other" : "b"
        return [
            Builtin("allclose", owner: owner, [Parameter(first), Parameter(second)] + tolerances,
                    doc: "True when every element of the two is close: |a - b| <= atol + rtol * |b| (shapes broadcast).",
                    example: "\(module).allclose(merged_logits, lora_logits, atol=1e-5)") { args in
                try bridged { .bool(try pairs(args).flags.allSatisfy { $0 }) }
            },
            Builtin("isclose", owner: owner, [Parameter(first), Parameter(second)] + tolerances,
                    doc: "Element-wise closeness as a bool tensor: |a - b| <= atol + rtol * |b|.",
                    example: "\(module).isclose(a, b, atol=1e-6)") { args in
                try bridged {
                    let (shape, flags) = try pairs(args)
                    return TensorObject.wrap(NDArray(shape: shape, values: flags.map { $0 ? 1 : 0 }, dtype: .bool))
                }
            },
            Builtin(owner == "torch" ? "equal" : "array_equal", owner: owner, [Parameter(first), Parameter(second)],
                    doc: "True when both have the same shape and the same elements.",
                    example: owner == "torch" ? "torch.equal(a, b)" : "np.array_equal(preds, labels)") { args in
                try bridged {
                    let x = try NDArray.from(args[first]), y = try NDArray.from(args[second])
                    return .bool(x.shape == y.shape && x.values == y.values)
                }
            },
        ]
    }
}
