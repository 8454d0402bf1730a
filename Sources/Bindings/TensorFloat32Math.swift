import Foundation
import NumericArrays

/// Where a plain (untracked) tensor's reductions run in float32 as PyTorch's CPU kernels do
/// (TorchCPUKernels.swift): float32 tensors with no other declared dtype. Other dtypes, numpy arrays, and
/// tensors in the autograd graph (the core's float32 ops), keep their own arithmetic.
extension TensorObject {
    /// True for a float32 torch tensor PyTorch would reduce in float32 (numpy arrays keep numpy's arithmetic).
    var reducesInFloat32: Bool { numpyFlavor == nil && array.dtype == .float32 && declaredType == nil }

    /// `sum` (or `mean`) over `dims` (nil: every dimension) in PyTorch's float32 order.
    static func float32Sum(_ a: NDArray, dims: [Int]?, keepdim: Bool, mean: Bool) -> NDArray {
        let reduced = Set(dims ?? Array(a.shape.indices))
        var values = TorchCPUKernels.sum(a.values.map { Float($0) }, shape: a.shape, dims: reduced)
        if mean {
            let n = Float(groupSize(a.shape, dims: dims))
            values = values.map { $0 / n }
        }
        return NDArray(shape: reducedShape(a.shape, dims: dims, keepdim: keepdim), values: values.map(Double.init), dtype: .float32)
    }

    /// `softmax`/`log_softmax` along `dim` of a plain array: PyTorch's float32 kernel for float32 values, the
    /// double-precision one otherwise.
    static func plainSoftmax(_ a: NDArray, dim: Int, log: Bool, float32: Bool) throws -> NDArray {
        guard float32, a.rank > 0 else {
            let p = try a.softmax(axis: dim)
            return log ? p.map { Foundation.log($0) } : p
        }
        let axis = try a.normalizedAxis(dim)
        let values = TorchCPUKernels.softmax(a.values.map { Float($0) }, shape: a.shape, axis: axis, log: log)
        return NDArray(shape: a.shape, values: values.map(Double.init), dtype: .float32)
    }
}
