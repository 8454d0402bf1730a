/// PyTorch's stride rules for `view` on a tensor that is itself a non-contiguous view (`t.T`, `t[:, 1:]`,
/// `permute`): lorarepl keeps a view as positions in its base, so the strides are read back from them, and
/// `TorchStrides.viewStrides` is ATen's `computeStride` — `view` succeeds exactly when PyTorch's does.
enum TorchStrides {
    /// The strides of a view whose elements sit at `map`'s positions, when they are an affine function of the
    /// index (always so for slices, transposes, permutes, narrow/select and expand); nil otherwise.
    static func strides(of map: ViewMap, shape: [Int]) -> [Int]? {
        let count = shape.reduce(1, *)
        if case .block = map { return contiguous(shape) }
        let positions = map.all
        guard count > 0, positions.count == count else { return contiguous(shape) }
        let unit = contiguous(shape)
        let origin = positions[0]
        let strides = shape.indices.map { d in shape[d] > 1 ? positions[unit[d]] - origin : unit[d] }
        // Check every element: position = origin + Σ index_d · stride_d.
        var index = [Int](repeating: 0, count: shape.count)
        var expected = origin
        for flat in 0..<count {
            if positions[flat] != expected { return nil }
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                expected += strides[d]
                if index[d] < shape[d] { break }
                expected -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
        return strides
    }

    /// Row-major strides of `shape`.
    static func contiguous(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for d in shape.indices.reversed() {
            strides[d] = running
            running *= max(shape[d], 1)
        }
        return strides
    }

    /// ATen's `computeStride(oldshape, oldstride, newshape)`: the strides of `newShape` viewing the same memory,
    /// or nil when a new dimension would span two non-contiguous chunks of the old one (PyTorch's `view` error).
    static func viewStrides(oldShape: [Int], oldStrides: [Int], newShape: [Int]) -> [Int]? {
        if oldShape.isEmpty { return [Int](repeating: 1, count: newShape.count) }
        let numel = oldShape.reduce(1, *)
        if numel == 0 { return oldShape == newShape ? oldStrides : contiguous(newShape) }
        var newStrides = [Int](repeating: 0, count: newShape.count)
        var viewD = newShape.count - 1
        var chunkBaseStride = oldStrides[oldStrides.count - 1]
        var tensorNumel = 1, viewNumel = 1
        for tensorD in stride(from: oldShape.count - 1, through: 0, by: -1) {
            tensorNumel *= oldShape[tensorD]
            if tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride) {
                while viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
                    newStrides[viewD] = viewNumel * chunkBaseStride
                    viewNumel *= newShape[viewD]
                    viewD -= 1
                }
                if viewNumel != tensorNumel { return nil }
                if tensorD > 0 {
                    chunkBaseStride = oldStrides[tensorD - 1]
                    tensorNumel = 1
                    viewNumel = 1
                }
            }
        }
        return viewD == -1 ? newStrides : nil
    }
}
