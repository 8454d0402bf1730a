/// Index-driven operations: embedding lookup, gather, concat, argmax.
extension Tensor {
    /// Rows of `weight` (`[vocab, hidden]`) picked by `ids` (any shape) → `[ids..., hidden]`.
    /// Backward scatter-adds into the weight gradient (only if the weight requires one).
    public static func embedding(ids: IntTensor, weight: Tensor) throws -> Tensor {
        guard weight.rank == 2 else {
            throw TensorError("embedding: weight must be [num_embeddings, dim], got \(shapeText(weight.shape))")
        }
        let vocab = weight.shape[0], width = weight.shape[1]
        if let bad = ids.values.first(where: { $0 < 0 || Int($0) >= vocab }) {
            throw TensorError("embedding: id \(bad) is outside the table of \(vocab) rows",
                              help: "token ids must be in 0..<\(vocab); check that the tokenizer matches the model")
        }
        let table = weight.contiguousData()
        let result = Tensor(uninitialized: ids.shape + [width])
        let source = table.data, out = result.data
        let values = ids.values
        values.withUnsafeBufferPointer { idBuffer in
            Parallel.forEach(idBuffer.count, minimumPerChunk: Swift.max(1, 16_384 / Swift.max(width, 1))) { range in
                for position in range {
                    (out + position * width).update(from: source + Int(idBuffer[position]) * width, count: width)
                }
            }
        }
        return record(result, "embedding", [weight]) { gradient in
            let g = gradient.contiguousData()
            let dw = Tensor.zeros(like: weight)
            for (position, id) in values.enumerated() {
                let target = dw.data + Int(id) * width, line = g.data + position * width
                for column in 0..<width { target[column] += line[column] }
            }
            return [dw]
        }
    }

    /// `torch.gather(x, axis, indices)`: `out[i][j][k] = x[i][indices[i][j][k]][k]` (for axis 1).
    /// `indices` has the rank of `x`; its size may be smaller along any dimension.
    public func gather(axis: Int, indices: IntTensor) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "gather")
        guard indices.rank == rank else {
            throw TensorError("gather: indices have \(indices.rank) dimensions but the input has \(rank)")
        }
        for dimension in 0..<rank where dimension != resolved && indices.shape[dimension] > shape[dimension] {
            throw TensorError("gather: indices shape \(shapeText(indices.shape)) is larger than the input \(shapeText(shape)) in dimension \(dimension)")
        }
        let size = shape[resolved]
        if let bad = indices.values.first(where: { $0 < 0 || Int($0) >= size }) {
            throw TensorError("gather: index \(bad) is out of range for dimension \(axis) of size \(size)")
        }
        let source = contiguousData()
        let sourceStrides = Tensor.contiguousStrides(shape)
        // For each output element: its offset in the source.
        let outStrides = Tensor.contiguousStrides(indices.shape)
        var offsets = [Int](repeating: 0, count: indices.count)
        for position in 0..<indices.count {
            var remaining = position, offset = 0
            for dimension in 0..<rank {
                let coordinate = remaining / Swift.max(outStrides[dimension], 1)
                remaining -= coordinate * outStrides[dimension]
                let index = dimension == resolved ? Int(indices.values[position]) : coordinate
                offset += index * sourceStrides[dimension]
            }
            offsets[position] = offset
        }
        let result = Tensor(uninitialized: indices.shape)
        for position in 0..<offsets.count { result.data[position] = source.data[offsets[position]] }
        let originalShape = shape
        return Tensor.record(result, "gather", [self]) { gradient in
            let g = gradient.contiguousData()
            let dx = try Tensor.zeros(originalShape)
            for position in 0..<offsets.count { dx.data[offsets[position]] += g.data[position] }
            return [dx]
        }
    }

    /// Joins tensors along `axis`; all other dimensions must match.
    public static func concat(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError("concat needs at least one tensor") }
        let resolved = try normalizeAxis(axis, rank: first.rank, op: "concat")
        for tensor in tensors {
            var a = tensor.shape, b = first.shape
            guard a.count == b.count else {
                throw TensorError("concat: tensors of rank \(a.count) and \(b.count) cannot be joined")
            }
            a[resolved] = 0; b[resolved] = 0
            guard a == b else {
                throw TensorError("concat: shapes \(shapeText(tensor.shape)) and \(shapeText(first.shape)) differ outside axis \(axis)")
            }
        }
        var outShape = first.shape
        outShape[resolved] = tensors.reduce(0) { $0 + $1.shape[resolved] }
        let result = Tensor(uninitialized: outShape)
        let outer = first.shape[..<resolved].reduce(1, *)
        let inner = first.shape[(resolved + 1)...].reduce(1, *)
        let outRow = outShape[resolved] * inner
        var start = 0
        var ranges: [Range<Int>] = []
        for tensor in tensors {
            let source = tensor.contiguousData()
            let width = tensor.shape[resolved] * inner
            for o in 0..<outer {
                (result.data + o * outRow + start * inner).update(from: source.data + o * width, count: width)
            }
            ranges.append(start..<(start + tensor.shape[resolved]))
            start += tensor.shape[resolved]
        }
        return record(result, "concat", tensors) { gradient in
            try zip(tensors, ranges).map { tensor, range in
                tensor.requiresGrad ? try gradient.slice(axis: resolved, range).copy() : nil
            }
        }
    }

    /// Stacks same-shaped tensors along a new dimension `axis` (like `torch.stack`).
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError("stack needs at least one tensor") }
        let resolved = try normalizeAxis(axis, rank: first.rank + 1, op: "stack")
        for tensor in tensors where tensor.shape != first.shape {
            throw TensorError("stack: shapes \(shapeText(tensor.shape)) and \(shapeText(first.shape)) differ",
                              help: "every tensor must have the same shape")
        }
        return try concat(tensors.map { try $0.unsqueeze(resolved) }, axis: resolved)
    }

    /// Index of the largest value along `axis` (first one on ties), as Int32.
    public func argmax(axis: Int = -1) throws -> IntTensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "argmax")
        guard rank > 0, shape[resolved] > 0 else {
            throw TensorError("argmax: cannot reduce an empty dimension of shape \(shapeText(shape))")
        }
        let source = contiguousData()
        let (outer, size, inner) = splitAround(resolved)
        var outShape = shape
        outShape.remove(at: resolved)
        var winners = [Int32](repeating: 0, count: outer * inner)
        winners.withUnsafeMutableBufferPointer { positions in
            Tensor.maxAlongMiddle(source.data, outer: outer, size: size, inner: inner, values: nil, positions: positions)
        }
        return try IntTensor(shape: outShape, values: winners)
    }
}
