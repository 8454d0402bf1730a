import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// `pow`, `abs`, `sqrt`, `std`/`var` (unbiased / `correction=`), `norm` (p = 2, 1, ±inf or any other p; `dim`) and
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

    /// The reduced axis for `dim=` (nil: every element), checked against the rank.
    func reductionAxis(_ args: Arguments) throws -> Int? {
        guard let requested = try args.optionalInt("dim") else { return nil }
        return try array.normalizedAxis(requested)
    }

    /// A 0-d result shaped with one size-1 dimension per input dimension (`keepdim=True` over everything).
    static func keptAll(_ total: Tensor, rank: Int, keepdim: Bool) throws -> Tensor {
        keepdim ? try total.reshape([Int](repeating: 1, count: rank)) : total
    }

    /// The variance along `axis` (or of every element) divided by `n − correction`, as recorded core ops.
    static func variance(_ x: Tensor, axis: Int?, correction: Double, keepdim: Bool) throws -> Tensor {
        let n = Double(axis.map { x.shape[$0] } ?? x.count)
        let scale = Float(1 / Swift.max(n - correction, 0))
        guard let axis else {
            let flat = try x.contiguous().reshape([-1])
            let centered = try flat.subtracting(flat.mean())
            return try keptAll(centered.square().sum().scaled(by: scale), rank: x.rank, keepdim: keepdim)
        }
        let centered = try x.subtracting(try x.mean(axis: axis, keepDims: true))
        return try centered.square().sum(axis: axis, keepDims: keepdim).scaled(by: scale)
    }

    /// `torch.linalg.vector_norm` of `x` along `axis` (nil: every element). ±inf is the largest / smallest |x|,
    /// its gradient shared evenly among tied elements as PyTorch's; 0 counts the non-zero elements.
    static func vectorNorm(_ x: Tensor, p: Double, axis: Int?, keepdim: Bool) throws -> Tensor {
        func total(_ t: Tensor) throws -> Tensor {
            guard let axis else { return try keptAll(t.sum(), rank: x.rank, keepdim: keepdim) }
            return try t.sum(axis: axis, keepDims: keepdim)
        }
        switch p {
        case 2: return try total(x.square()).sqrt()
        case 1: return try total(x.abs())
        case 0:
            let nonzero = try Tensor(shape: x.shape, values: x.toArray().map { $0 != 0 ? 1 : 0 })
            return try total(nonzero)
        case .infinity, -.infinity:
            let magnitudes = x.abs()
            let weights = try tieWeights(magnitudes.toArray(), shape: x.shape, axis: axis, largest: p > 0)
            return try total(magnitudes.multiplying(weights))
        default:
            return try total(x.abs().pow(Float(p))).pow(Float(1 / p))
        }
    }

    /// 1/k at the k positions of each slice (along `axis`, or the whole tensor) that hold its extreme value.
    private static func tieWeights(_ values: [Float], shape: [Int], axis: Int?, largest: Bool) throws -> Tensor {
        let dims = shape.isEmpty ? [1] : shape
        let size = axis.map { dims[$0] } ?? values.count
        let inner = axis.map { dims[($0 + 1)...].reduce(1, *) } ?? 1
        let outer = axis.map { dims[..<$0].reduce(1, *) } ?? 1
        var weights = [Float](repeating: 0, count: values.count)
        for o in 0..<outer {
            for i in 0..<inner {
                let positions = (0..<size).map { (o * size + $0) * inner + i }
                guard let best = largest ? positions.map({ values[$0] }).max() : positions.map({ values[$0] }).min() else { continue }
                let tied = positions.filter { values[$0] == best }
                for position in tied { weights[position] = 1 / Float(tied.count) }
            }
        }
        return try Tensor(shape: shape, values: weights)
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
        let reduceParameters = [Parameter.optional("dim", .int), Parameter("unbiased", .bool, default: .bool(true)),
                                Parameter("keepdim", .bool, default: .bool(false)), .optional("correction", .number)]
        func spread(_ name: String, root: Bool) -> Builtin {
            method(name, reduceParameters, doc: root ? "Standard deviation (Bessel-corrected unless unbiased=False or correction=0)."
                   : "Variance (Bessel-corrected unless unbiased=False or correction=0).", example: "t.\(name)(dim=0, unbiased=False)") { args in
                let axis = try self.reductionAxis(args)
                let correction = try args.optionalDouble("correction") ?? (try args.bool("unbiased") ? 1 : 0)
                let keepdim = try args.bool("keepdim")
                return try self.coreComputed { x in
                    let v = try TensorObject.variance(x, axis: axis, correction: correction, keepdim: keepdim)
                    return root ? v.sqrt() : v
                }
            }
        }
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
            method("square", doc: "Each value squared.", example: "t.square()") { _ in
                if self.array.dtype != .float32, self.gradTracked == nil { return TensorObject.wrap(self.array.map { $0 * $0 }) }
                return try self.coreComputed { $0.square() }
            },
            spread("std", root: true),
            spread("var", root: false),
            method("norm", [.optional("p"), .optional("dim", .int), Parameter("keepdim", .bool, default: .bool(false))],
                   doc: "The vector norm (p=2 by default; 1, float('inf'), any p) of every element, or along dim.",
                   example: "embeddings.norm(p=2, dim=-1, keepdim=True)") { args in
                let p = try TensorObject.normOrder(args["p"])
                let axis = try self.reductionAxis(args)
                let keepdim = try args.bool("keepdim")
                return try self.coreComputed { try TensorObject.vectorNorm($0, p: p, axis: axis, keepdim: keepdim) }
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
        ]
    }
}
