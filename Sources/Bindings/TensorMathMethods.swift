import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// `pow`, `abs`, `sqrt`, the p-norm helper of `norm` (TensorReductions.swift) and
/// `cumsum`, each with its gradient on a tracked tensor (core ops in TensorCore/PowerAndScan.swift, or
/// compositions of recorded core ops). On plain tensors they compute in float32 as PyTorch's CPU kernels do;
/// integer tensors keep their dtype where PyTorch's do (`abs`, `cumsum`, `pow` with an int exponent).
extension TensorObject {
    /// `body` on the core tensor: recorded when this tensor is tracked, else on a float32 copy (a plain result).
    func coreComputed(_ body: (Tensor) throws -> Tensor) throws -> Value {
        if let live = gradTracked { return TensorObject.result(try bridged { try GradMode.run { try body(live) } }) }
        let input = try coreTensor()
        return .host(TensorObject(try bridged { try Autograd.noGrad { try body(input) } }))
    }

    /// A 0-d result shaped with one size-1 dimension per input dimension (`keepdim=True` over everything).
    static func keptAll(_ total: Tensor, rank: Int, keepdim: Bool) throws -> Tensor {
        keepdim ? try total.reshape([Int](repeating: 1, count: rank)) : total
    }

    /// `torch.linalg.vector_norm` of `x` along `axis` (nil: every element). ±inf is the largest / smallest |x|,
    /// its gradient shared evenly among tied elements as PyTorch's; 0 counts the non-zero elements.
    static func vectorNorm(_ x: Tensor, p: Double, dims: [Int]?, keepdim: Bool) throws -> Tensor {
        func total(_ t: Tensor) throws -> Tensor { try summed(t, dims: dims, keepdim: keepdim) }
        switch p {
        case 2: return try total(x.square()).root(2)
        case 1: return try total(x.abs())
        case 0:
            let nonzero = try Tensor(shape: x.shape, values: x.toArray().map { $0 != 0 ? 1 : 0 })
            return try total(nonzero)
        case .infinity, -.infinity:
            let magnitudes = x.abs()
            let weights = try tieWeights(magnitudes.toArray(), shape: x.shape, dims: dims, largest: p > 0)
            return try total(magnitudes.multiplying(weights))
        default:
            return try total(x.abs().pow(Float(p))).root(Float(p))
        }
    }

    /// The `p` of `norm(p=...)`: a number, `float('inf')`, or `"fro"` (2).
    static func normOrder(_ value: Value) throws -> Double {
        if value.isNone { return 2 }
        if case .str(let name) = value {
            guard name == "fro" else {
                throw ScriptError(.valueError, "norm: p=\"\(name)\" is not supported", help: "use p=2 (or \"fro\"), 1, float('inf'), or another number")
            }
            return 2
        }
        guard let p = Convert.double(value) else { throw ScriptError(.typeError, "norm: p must be a number or \"fro\", not \(value.typeName)") }
        return p
    }

    func mathMethods() -> [Builtin] {
        return [
            method("pow", [Parameter("exponent")], doc: "Each value to the power exponent (a number or a tensor).", example: "t.pow(2)") { args in
                guard let result = try self.binaryOperation("**", args["exponent"], reflected: false, context: args.context) else {
                    throw ScriptError(.typeError, "pow(): exponent must be a number or a tensor, not \(args["exponent"].typeName)")
                }
                return result
            },
            method("abs", doc: "Absolute values.", example: "t.abs()") { _ in
                if self.array.dtype == .float32 || self.gradTracked != nil { return try self.coreComputed { $0.abs() } }
                return TensorObject.wrap(self.array.map { Swift.abs($0) })
            },
            method("sqrt", doc: "Square roots (float).", example: "t.sqrt()") { _ in try self.coreComputed { $0.sqrt() } },
            method("round", [Parameter("decimals", .int, default: .int(0))],
                   doc: "Values rounded to `decimals` places, halves to even (numpy's and torch's rule).", example: "probs.round(3)") { args in
                .host(TensorObject(try TensorObject.rounded(self.array, decimals: try args.int("decimals"))))
            },
            method("square", doc: "Each value squared.", example: "t.square()") { _ in
                if self.array.dtype != .float32, self.gradTracked == nil { return TensorObject.wrap(self.array.map { $0 * $0 }) }
                return try self.coreComputed { $0.square() }
            },
            method("cumsum", [Parameter("dim", .int), .optional("dtype")], doc: "Running sums along dim.", example: "mask.cumsum(dim=1)") { args in
                let a = self.array
                let axis = try a.normalizedAxis(try args.int("dim"))
                let requested = args["dtype"].isNone ? nil : try TensorObject.dtypeArgument(args["dtype"])
                let floatResult = a.dtype == .float32 || requested == .float32
                if floatResult || self.gradTracked != nil { return try self.coreComputed { try $0.cumsum(axis: axis) } }
                let dims = a.shape.isEmpty ? [1] : a.shape
                let size = dims[axis], inner = dims[(axis + 1)...].reduce(1, *), outer = dims[..<axis].reduce(1, *)
                var values = a.values
                for o in 0..<outer {
                    for i in 0..<inner {
                        var total = 0.0
                        for s in 0..<size {
                            total += values[(o * size + s) * inner + i]
                            values[(o * size + s) * inner + i] = total
                        }
                    }
                }
                return TensorObject.wrap(NDArray(shape: a.shape, values: values, dtype: .int64))
            },
            method("bincount", [.optional("weights"), Parameter("minlength", .int, default: .int(0))],
                   doc: "How often each non-negative int occurs (index = value); sums of weights with weights=.",
                   example: "torch.bincount(labels, minlength=3)") { args in
                let a = self.array
                guard a.dtype != .float32 else {
                    throw ScriptError(.notImplementedError, "\"bincount_cpu\" not implemented for 'Float'", help: "count integer labels: t.long().bincount()")
                }
                let values = a.values.map { CheckedInt.fromStoredInt64($0) }
                guard a.rank == 1, values.allSatisfy({ $0 >= 0 }) else {
                    throw ScriptError(.runtimeError, "bincount only supports 1-d non-negative integral inputs.")
                }
                let weights = args["weights"].isNone ? nil : try TorchBindings.tensorObject(args["weights"]).array.values
                if let weights, weights.count != values.count {
                    throw ScriptError(.runtimeError, "weights should be 1-d and have the same length as input")
                }
                return TensorObject.wrap(NumericBindings.binCounts(values, weights: weights, minlength: try args.int("minlength")))
            },
        ]
    }
}

extension TensorObject {
    /// `round(x, decimals)` as numpy computes it: x·10ᵈ rounded half to even, divided by 10ᵈ (integers
    /// are unchanged for decimals ≥ 0).
    static func rounded(_ a: NDArray, decimals: Int) throws -> NDArray {
        guard abs(decimals) <= 300 else { throw ScriptError(.valueError, "decimals must be between -300 and 300, got \(decimals)") }
        if a.dtype != .float32, decimals >= 0 { return a }
        let scale = Foundation.pow(10.0, Double(abs(decimals)))
        return a.map { x in
            decimals >= 0 ? (x * scale).rounded(.toNearestOrEven) / scale : (x / scale).rounded(.toNearestOrEven) * scale
        }
    }
}
