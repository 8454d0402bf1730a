/// Element selection with gradients: indexing by flat offsets (`x[idx]`, `x[mask]`, slices), `torch.where`
/// (and `masked_fill`, which is `where(mask, value, x)`), and `clamp`. Forward and backward side by side.
extension Tensor {
    /// The elements at `offsets` (row-major positions in this tensor's logical layout), shaped `shape`.
    /// Every kind of script indexing reduces to this: ints, slices, index tensors, boolean masks and their
    /// mixtures name a list of source positions. Backward scatter-adds the output gradient into a zero
    /// tensor of this tensor's shape, as PyTorch's `index` backward (`index_put_(accumulate=True)`) does, so
    /// a position picked twice gets both gradients.
    public func take(offsets: [Int], shape outShape: [Int]) throws -> Tensor {
        guard outShape.reduce(1, *) == offsets.count else {
            throw TensorError("take: \(offsets.count) offsets cannot fill the shape \(shapeText(outShape))")
        }
        if let bad = offsets.first(where: { $0 < 0 || $0 >= count }) {
            throw TensorError("take: offset \(bad) is outside a tensor of \(count) elements")
        }
        try Tensor.checkShape(outShape)
        let source = contiguousData()
        let result = Tensor(uninitialized: outShape)
        let x = source.data, out = result.data
        for (position, offset) in offsets.enumerated() { out[position] = x[offset] }
        let originalShape = shape
        return Tensor.record(result, "take", [self]) { gradient in
            let g = gradient.contiguousData()
            let dx = try Tensor.zeros(originalShape)
            for (position, offset) in offsets.enumerated() { dx.data[offset] += g.data[position] }
            return [dx]
        }
    }

    /// `torch.where(condition, a, b)`: `a` where `condition` is non-zero, else `b`, all three broadcast
    /// together. `condition` takes no gradient; `a` gets the output gradient where the condition holds and
    /// `b` where it does not (zeros elsewhere, summed over broadcast dimensions). Never multiplies by the
    /// mask, so `-inf` fills stay `-inf` and their zero gradients stay zero.
    public static func selecting(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let outShape = try Broadcast.shape(try Broadcast.shape(condition.shape, a.shape, op: "where"), b.shape, op: "where")
        let result = try select(condition, a, b, shape: outShape)
        return record(result, "where", [a, b]) { gradient in
            let zero = Tensor(scalar: 0)
            return [a.requiresGrad ? try sumToShape(select(condition, gradient, zero, shape: outShape), a.shape) : nil,
                    b.requiresGrad ? try sumToShape(select(condition, zero, gradient, shape: outShape), b.shape) : nil]
        }
    }

    /// The unrecorded element-wise choice of `selecting`, every operand read through broadcast strides.
    private static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor, shape outShape: [Int]) throws -> Tensor {
        let result = try Tensor.zeros(outShape)
        let sc = Broadcast.strides(of: condition, to: outShape), sa = Broadcast.strides(of: a, to: outShape)
        let sb = Broadcast.strides(of: b, to: outShape)
        let width = outShape.last ?? 1
        let rows = result.count / Swift.max(width, 1)
        let c = condition.storage.base + condition.offset, x = a.storage.base + a.offset, y = b.storage.base + b.offset
        let ic = sc.last ?? 0, ia = sa.last ?? 0, ib = sb.last ?? 0
        let out = result.data
        for row in 0..<rows {
            let rc = rowOffset(row, shape: outShape, strides: sc), ra = rowOffset(row, shape: outShape, strides: sa)
            let rb = rowOffset(row, shape: outShape, strides: sb)
            for column in 0..<width {
                out[row * width + column] = c[rc + column * ic] != 0 ? x[ra + column * ia] : y[rb + column * ib]
            }
        }
        return result
    }

    /// `torch.clamp(x, min, max)` (either bound may be nil). The gradient passes strictly inside the bounds
    /// (`min < x < max`) and is zero elsewhere, at the bounds too — what PyTorch 2.15's `clamp` backward gives.
    public func clamped(min lower: Float?, max upper: Float?) throws -> Tensor {
        let source = contiguousData()
        let result = Tensor(uninitialized: shape)
        let x = source.data, out = result.data
        for index in 0..<count {
            var value = x[index]
            if let lower, value < lower { value = lower }
            if let upper, value > upper { value = upper }
            if x[index].isNaN { value = x[index] }
            out[index] = value
        }
        return Tensor.record(result, "clamp", [self], saving: [self]) { gradient in
            let g = gradient.contiguousData()
            let dx = Tensor(uninitialized: source.shape)
            for index in 0..<source.count {
                let value = x[index]
                let inside = (lower.map { value > $0 } ?? true) && (upper.map { value < $0 } ?? true)
                dx.data[index] = inside ? g.data[index] : 0
            }
            return [dx]
        }
    }
}
