import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// Reductions over any set of dimensions, as PyTorch takes `dim=`: an int, a tuple or list of ints, or None
/// (every element), with `keepdim=`: `sum mean amax amin logsumexp std var norm`. On a tracked tensor each is a
/// composition of recorded core ops (so gradients are PyTorch's: `amax` shares its gradient evenly among tied
/// elements, `logsumexp`'s is the softmax).
extension TensorObject {
    /// The dimensions `dim=` names (also read from `axis=`), sorted; nil for every dimension.
    func reductionDims(_ args: Arguments) throws -> [Int]? {
        var value = args["dim"]
        if value.isNone, args.builtin.parameters.contains(where: { $0.name == "axis" }) { value = args["axis"] }
        if value.isNone { return nil }
        let items: [Value]
        if let sequence = value.sequenceItems { items = sequence } else { items = [value] }
        let a = array
        let dims = try items.map { item -> Int in
            guard case .int(let d) = item else {
                throw ScriptError(.typeError, "dim must be an int or a tuple of ints, not \(item.typeName)", help: "e.g. t.sum(dim=(0, 1))")
            }
            return a.rank == 0 && (d == 0 || d == -1) ? 0 : try a.normalizedAxis(d)
        }
        if a.rank == 0 { return nil }
        var seen = Set<Int>()
        for d in dims where !seen.insert(d).inserted {
            throw ScriptError(.runtimeError, "dim \(d) appears multiple times in the list of dims")
        }
        return dims.isEmpty ? nil : dims.sorted()
    }

    /// For each element, the position of its group in the reduced result (dimensions in `dims` collapsed).
    static func groupIndices(_ shape: [Int], dims: [Int]) -> (indices: [Int], groups: Int) {
        let inner = NDArray.strides(shape)
        let outShape = shape.enumerated().map { dims.contains($0.offset) ? 1 : $0.element }
        let outer = NDArray.strides(outShape)
        let count = shape.reduce(1, *)
        var indices = [Int](repeating: 0, count: count)
        for flat in 0..<count {
            var position = 0
            for d in shape.indices where !dims.contains(d) { position += ((flat / inner[d]) % shape[d]) * outer[d] }
            indices[flat] = position
        }
        return (indices, outShape.reduce(1, *))
    }

    /// The result shape: reduced dimensions kept as 1 or removed.
    static func reducedShape(_ shape: [Int], dims: [Int]?, keepdim: Bool) -> [Int] {
        guard let dims else { return keepdim ? [Int](repeating: 1, count: shape.count) : [] }
        return keepdim ? shape.enumerated().map { dims.contains($0.offset) ? 1 : $0.element }
            : shape.enumerated().filter { !dims.contains($0.offset) }.map(\.element)
    }

    /// `f` over each group of a plain array.
    static func reduced(_ a: NDArray, dims: [Int]?, keepdim: Bool, dtype: NDArray.DType, _ f: ([Double]) -> Double) -> NDArray {
        let shape = reducedShape(a.shape, dims: dims, keepdim: keepdim)
        guard let dims else { return NDArray(shape: shape, values: [f(a.values)], dtype: dtype) }
        let (indices, count) = groupIndices(a.shape, dims: dims)
        var groups = [[Double]](repeating: [], count: count)
        for (value, group) in zip(a.values, indices) { groups[group].append(value) }
        return NDArray(shape: shape, values: groups.map(f), dtype: dtype)
    }

    /// A recorded sum over `dims`.
    static func summed(_ x: Tensor, dims: [Int]?, keepdim: Bool) throws -> Tensor {
        guard let dims else { return try keptAll(x.sum(), rank: x.rank, keepdim: keepdim) }
        var total = x
        for d in dims { total = try total.sum(axis: d, keepDims: true) }
        return keepdim ? total : try total.reshape(reducedShape(x.shape, dims: dims, keepdim: false))
    }

    /// How many elements each group of `dims` holds.
    static func groupSize(_ shape: [Int], dims: [Int]?) -> Int {
        dims.map { $0.reduce(1) { $0 * shape[$1] } } ?? shape.reduce(1, *)
    }

    /// The variance over `dims` divided by `n − correction`, as recorded core ops.
    static func variance(_ x: Tensor, dims: [Int]?, correction: Double, keepdim: Bool) throws -> Tensor {
        let n = Double(groupSize(x.shape, dims: dims))
        let mean = try summed(x, dims: dims, keepdim: true).scaled(by: Float(1 / n))
        let centered = try x.subtracting(mean)
        return try summed(centered.square(), dims: dims, keepdim: keepdim).scaled(by: Float(1 / Swift.max(n - correction, 0)))
    }

    /// 1/k at the k positions of each group that hold its extreme value (PyTorch's even split among ties).
    static func tieWeights(_ values: [Float], shape: [Int], dims: [Int]?, largest: Bool) throws -> Tensor {
        let (indices, count) = dims.map { groupIndices(shape, dims: $0) } ?? ([Int](repeating: 0, count: values.count), 1)
        var best = [Float](repeating: largest ? -.infinity : .infinity, count: count)
        var hasNaN = [Bool](repeating: false, count: count)
        for (value, group) in zip(values, indices) {
            if value.isNaN { hasNaN[group] = true } else if largest ? value > best[group] : value < best[group] { best[group] = value }
        }
        var ties = [Int](repeating: 0, count: count)
        for (value, group) in zip(values, indices) where hasNaN[group] ? value.isNaN : value == best[group] { ties[group] += 1 }
        let weights = zip(values, indices).map { value, group -> Float in
            (hasNaN[group] ? value.isNaN : value == best[group]) ? 1 / Float(Swift.max(ties[group], 1)) : 0
        }
        return try Tensor(shape: shape, values: weights)
    }

    /// `amax`/`amin`: the extreme value of each group; recorded as a tie-weighted sum.
    func extremeValues(dims: [Int]?, keepdim: Bool, largest: Bool) throws -> Value {
        let a = array
        guard let live = gradTracked else {
            return .host(TensorObject(TensorObject.reduced(a, dims: dims, keepdim: keepdim, dtype: a.dtype) { group in
                if group.contains(where: \.isNaN) { return .nan }
                return (largest ? group.max() : group.min()) ?? .nan
            }))
        }
        let weights = try TensorObject.tieWeights(live.toArray(), shape: live.shape, dims: dims, largest: largest)
        return TensorObject.result(try bridged { try GradMode.run { try TensorObject.summed(live.multiplying(weights), dims: dims, keepdim: keepdim) } })
    }

    /// `logsumexp`: max + log Σ exp(x − max) per group (the max a constant, so the gradient is the softmax).
    static func logSumExp(_ x: Tensor, dims: [Int]?, keepdim: Bool) throws -> Tensor {
        let values = x.toArray()
        let kept = reducedShape(x.shape, dims: dims, keepdim: true)
        let maxima = reduced(NDArray(shape: x.shape, values: values.map(Double.init), dtype: .float32), dims: dims, keepdim: true, dtype: .float32) { group in
            let m = group.max() ?? 0
            return m.isFinite ? m : 0
        }
        let shift = try Tensor(shape: kept, values: maxima.values.map { Float($0) })
        let total = try summed(x.subtracting(shift).exp(), dims: dims, keepdim: true).log().adding(shift)
        return keepdim ? total : try total.reshape(reducedShape(x.shape, dims: dims, keepdim: false))
    }

    func reductionMethods() -> [Builtin] {
        let dimParameters = TensorObject.withNumpyAliases([Parameter.optional("dim"), Parameter("keepdim", .bool, default: .bool(false))])
        let withAxis = dimParameters + [.optional("axis"), .optional("dtype")]
        func spread(_ name: String, root: Bool) -> Builtin {
            method(name, dimParameters + [Parameter("unbiased", .bool, default: .bool(true)), .optional("correction", .number)],
                   doc: root ? "Standard deviation over dim (an int or a tuple; Bessel-corrected unless unbiased=False or correction=0)."
                   : "Variance over dim (an int or a tuple; Bessel-corrected unless unbiased=False or correction=0).",
                   example: "t.\(name)(dim=(0, 1), unbiased=False)") { args in
                let dims = try self.reductionDims(args)
                let correction = try args.optionalDouble("correction") ?? (try args.bool("unbiased") ? 1 : 0)
                let keepdim = try args.bool("keepdim")
                return try self.coreComputed { x in
                    let v = try TensorObject.variance(x, dims: dims, correction: correction, keepdim: keepdim)
                    return root ? v.root(2) : v
                }
            }
        }
        return [
            method("sum", withAxis, doc: "Sum over every element, or over dim (an int or a tuple).", example: "mask.sum(dim=(1, 2))") { args in
                let dims = try self.reductionDims(args), keepdim = try args.bool("keepdim")
                if let live = self.gradTracked {
                    return TensorObject.result(try bridged { try GradMode.run { try TensorObject.summed(live, dims: dims, keepdim: keepdim) } },
                                               gradFunction: dims == nil ? "SumBackward0" : "SumBackward1")
                }
                let a = self.array
                let requested = args["dtype"].isNone ? nil : try TensorObject.dtypeArgument(args["dtype"])
                if requested == nil || requested == .float32, self.reducesInFloat32 {
                    return .host(TensorObject(TensorObject.float32Sum(a, dims: dims, keepdim: keepdim, mean: false)))
                }
                let dtype = requested ?? (a.dtype == .float32 ? .float32 : .int64)
                return .host(TensorObject(TensorObject.reduced(a, dims: dims, keepdim: keepdim, dtype: dtype) { $0.reduce(0, +) }))
            },
            method("mean", withAxis, doc: "Mean over every element, or over dim (an int or a tuple).", example: "hidden.mean(dim=1)") { args in
                let dims = try self.reductionDims(args), keepdim = try args.bool("keepdim")
                if let live = self.gradTracked {
                    let n = Float(TensorObject.groupSize(live.shape, dims: dims))
                    return TensorObject.result(try bridged { try GradMode.run { try TensorObject.summed(live, dims: dims, keepdim: keepdim).scaled(by: 1 / n) } },
                                               gradFunction: dims == nil ? "MeanBackward0" : "MeanBackward1")
                }
                if self.reducesInFloat32 {
                    return .host(TensorObject(TensorObject.float32Sum(self.array, dims: dims, keepdim: keepdim, mean: true)))
                }
                return .host(TensorObject(TensorObject.reduced(self.array, dims: dims, keepdim: keepdim, dtype: .float32) {
                    $0.reduce(0, +) / Double($0.count)
                }))
            },
            method("amax", dimParameters, doc: "Largest value over dim (an int or a tuple; every element by default).",
                   example: "logits.amax(dim=-1)") { args in
                try self.extremeValues(dims: try self.reductionDims(args), keepdim: try args.bool("keepdim"), largest: true)
            },
            method("amin", dimParameters, doc: "Smallest value over dim (an int or a tuple; every element by default).",
                   example: "t.amin(dim=(0, 1))") { args in
                try self.extremeValues(dims: try self.reductionDims(args), keepdim: try args.bool("keepdim"), largest: false)
            },
            method("logsumexp", dimParameters, doc: "log Σ exp over dim (an int or a tuple), computed stably.",
                   example: "logits.logsumexp(dim=-1)") { args in
                let dims = try self.reductionDims(args), keepdim = try args.bool("keepdim")
                return try self.coreComputed { try TensorObject.logSumExp($0, dims: dims, keepdim: keepdim) }
            },
            spread("std", root: true),
            spread("var", root: false),
            method("norm", [.optional("p")] + dimParameters, doc: "The vector norm (p=2 by default; 1, float('inf'), any p) of every element, or over dim (an int or a tuple).",
                   example: "embeddings.norm(p=2, dim=-1, keepdim=True)") { args in
                let p = try TensorObject.normOrder(args["p"])
                let dims = try self.reductionDims(args), keepdim = try args.bool("keepdim")
                return try self.coreComputed { try TensorObject.vectorNorm($0, p: p, dims: dims, keepdim: keepdim) }
            },
        ]
    }
}
