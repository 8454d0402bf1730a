/// Shape-changing operations. They return views sharing storage where the layout allows
/// (reshape of a contiguous tensor, transpose, permute, slice) and copy otherwise.
extension Tensor {
    /// The same values in a new shape; one entry may be -1 (inferred). A view when contiguous.
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        let resolved = try resolveShape(newShape)
        let source = isContiguous ? self : try contiguous()
        let result = Tensor(storage: source.storage, shape: resolved, offset: source.offset)
        let originalShape = shape
        return Tensor.record(result, "reshape", [source]) { gradient in
            [try gradient.reshape(originalShape)]
        }
    }

    /// `reshape([-1])`.
    public func flatten() throws -> Tensor { try reshape([-1]) }

    private func resolveShape(_ newShape: [Int]) throws -> [Int] {
        let inferred = newShape.filter { $0 == -1 }.count
        guard inferred <= 1, !newShape.contains(where: { $0 < -1 }) else {
            throw TensorError("reshape: shape \(shapeText(newShape)) is invalid", help: "use at most one -1 and no other negative sizes")
        }
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        var resolved = newShape
        if let position = newShape.firstIndex(of: -1) {
            guard known > 0, count % known == 0 else {
                throw TensorError("reshape: cannot view \(count) values of shape \(shapeText(shape)) as \(shapeText(newShape))")
            }
            resolved[position] = count / known
        }
        guard resolved.reduce(1, *) == count else {
            throw TensorError("reshape: cannot view \(count) values of shape \(shapeText(shape)) as \(shapeText(newShape))",
                              help: "the new shape must hold exactly \(count) values")
        }
        return resolved
    }

    /// A contiguous tensor with the same values (self when already contiguous). Recorded.
    public func contiguous() throws -> Tensor {
        if isContiguous { return self }
        let result = copy()
        return Tensor.record(result, "contiguous", [self]) { gradient in [gradient] }
    }

    /// Reorders dimensions: result dimension `i` is input dimension `axes[i]`. A view.
    public func permute(_ axes: [Int]) throws -> Tensor {
        guard axes.count == rank else {
            throw TensorError("permute: got \(axes.count) axes for a tensor with \(rank) dimensions")
        }
        let resolved = try axes.map { try normalizeAxis($0, rank: rank, op: "permute") }
        guard Set(resolved).count == rank else {
            throw TensorError("permute: axes \(axes) repeat a dimension", help: "list every dimension exactly once")
        }
        let result = Tensor(storage: storage, shape: resolved.map { shape[$0] },
                            strides: resolved.map { strides[$0] }, offset: offset)
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in resolved.enumerated() { inverse[axis] = position }
        return Tensor.record(result, "permute", [self]) { gradient in [try gradient.permute(inverse)] }
    }

    /// Swaps two dimensions. A view.
    public func transpose(_ first: Int, _ second: Int) throws -> Tensor {
        let a = try normalizeAxis(first, rank: rank, op: "transpose")
        let b = try normalizeAxis(second, rank: rank, op: "transpose")
        var axes = Array(0..<rank)
        axes.swapAt(a, b)
        return try permute(axes)
    }

    /// The transpose of a matrix (swaps the last two dimensions).
    public func t() throws -> Tensor {
        guard rank >= 2 else { throw TensorError("t() needs at least 2 dimensions, got shape \(shapeText(shape))") }
        return try transpose(-2, -1)
    }

    /// Elements `range` along `axis` (like `x[:, a:b]`). A view.
    public func slice(axis: Int, _ range: Range<Int>) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "slice")
        guard range.lowerBound >= 0, range.upperBound <= shape[resolved] else {
            throw TensorError("slice: range \(range.lowerBound)..<\(range.upperBound) is outside dimension \(axis) of size \(shape[resolved])")
        }
        var newShape = shape
        newShape[resolved] = range.count
        let result = Tensor(storage: storage, shape: newShape, strides: strides,
                            offset: offset + range.lowerBound * strides[resolved])
        let originalShape = shape
        return Tensor.record(result, "slice", [self]) { gradient in
            let full = try Tensor.zeros(originalShape)
            let window = try full.slice(axis: resolved, range)
            try window.assignStrided(from: gradient)
            return [full]
        }
    }

    /// The sub-tensor at `index` along `axis`, with that dimension removed (like `x[:, 0]`). A view.
    public func select(axis: Int, index: Int) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "select")
        let position = index < 0 ? index + shape[resolved] : index
        guard position >= 0, position < shape[resolved] else {
            throw TensorError("select: index \(index) is out of range for dimension \(axis) of size \(shape[resolved])")
        }
        let sliced = try slice(axis: resolved, position..<(position + 1))
        var newShape = shape
        newShape.remove(at: resolved)
        return try sliced.squeezeView(axis: resolved, to: newShape)
    }

    private func squeezeView(axis: Int, to newShape: [Int]) throws -> Tensor {
        var newStrides = strides
        newStrides.remove(at: axis)
        let result = Tensor(storage: storage, shape: newShape, strides: newStrides, offset: offset)
        let originalShape = shape
        return Tensor.record(result, "squeeze", [self]) { gradient in [try gradient.reshape(originalShape)] }
    }

    /// Inserts a dimension of size 1 at `axis`. A view.
    public func unsqueeze(_ axis: Int) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank + 1, op: "unsqueeze")
        var newShape = shape, newStrides = strides
        newShape.insert(1, at: resolved)
        newStrides.insert(resolved < rank ? strides[resolved] * shape[resolved] : 1, at: resolved)
        let result = Tensor(storage: storage, shape: newShape, strides: newStrides, offset: offset)
        let originalShape = shape
        return Tensor.record(result, "unsqueeze", [self]) { gradient in [try gradient.reshape(originalShape)] }
    }

    /// Removes dimension `axis`, which must have size 1. A view.
    public func squeeze(_ axis: Int) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "squeeze")
        guard shape[resolved] == 1 else {
            throw TensorError("squeeze: dimension \(axis) has size \(shape[resolved]), not 1")
        }
        var newShape = shape
        newShape.remove(at: resolved)
        return try squeezeView(axis: resolved, to: newShape)
    }

    /// Writes `source`'s values (same shape) into this possibly strided view. Not recorded.
    func assignStrided(from source: Tensor) throws {
        guard source.shape == shape else {
            throw TensorError("internal: cannot write shape \(shapeText(source.shape)) into \(shapeText(shape))")
        }
        let packed = source.contiguousData()
        if isContiguous {
            data.update(from: packed.data, count: count)
            return
        }
        let width = rank == 0 ? 1 : shape[rank - 1]
        let rows = count / Swift.max(width, 1)
        let innerStride = rank == 0 ? 1 : strides[rank - 1]
        let base = storage.base, values = packed.data
        for row in 0..<rows {
            let start = offset + rowOffset(row, shape: shape, strides: strides)
            for column in 0..<width { base[start + column * innerStride] = values[row * width + column] }
        }
    }
}
