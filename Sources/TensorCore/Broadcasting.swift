import PythonBasics

/// NumPy/PyTorch broadcasting: shapes are aligned on the right; a dimension of size 1 (or a
/// missing one) stretches to match the other.
enum Broadcast {
    /// The broadcast result shape of `a` and `b`, or an error naming both shapes.
    static func shape(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        switch BroadcastShapes.result(a, b) {
        case .success(let shape): return shape
        case .failure(let mismatch):
            throw TensorError("\(op): shapes \(shapeText(a)) and \(shapeText(b)) cannot be broadcast together",
                              help: "dimension \(mismatch.position) is \(mismatch.left) vs \(mismatch.right); sizes must match or one must be 1")
        }
    }

    /// Strides that read `tensor` as if it had `shape` (0 along stretched dimensions).
    static func strides(of tensor: Tensor, to shape: [Int]) -> [Int] {
        let shift = shape.count - tensor.rank
        var result = [Int](repeating: 0, count: shape.count)
        for axis in 0..<tensor.rank where tensor.shape[axis] != 1 {
            result[axis + shift] = tensor.strides[axis]
        }
        return result
    }
}

extension Tensor {
    /// Sums `gradient` over the dimensions that broadcasting stretched, giving `targetShape`.
    /// Deterministic (sequential over rows).
    static func sumToShape(_ gradient: Tensor, _ targetShape: [Int]) throws -> Tensor {
        if gradient.shape == targetShape { return gradient }
        let result = try Tensor.zeros(targetShape)
        let source = gradient.contiguousData()
        let outShape = gradient.shape
        // Target strides aligned to the gradient's shape, 0 where the target was stretched.
        let targetStrides = Broadcast.strides(of: result, to: outShape)
        let width = outShape.last ?? 1
        let rows = source.count / Swift.max(width, 1)
        let innerStride = targetStrides.last ?? 0
        let target = result.data, values = source.data
        for row in 0..<rows {
            let start = rowOffset(row, shape: outShape, strides: targetStrides)
            let line = values + row * width
            if innerStride == 0 {
                var total: Float = 0
                for column in 0..<width { total += line[column] }
                target[start] += total
            } else {
                let out = target + start
                for column in 0..<width { out[column] += line[column] }
            }
        }
        return result
    }
}
