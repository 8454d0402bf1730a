/// Reductions along an axis (sum, mean, max) and over all elements, with gradients.
extension Tensor {
    /// Splits a contiguous shape around `axis` into `[outer, size, inner]`.
    func splitAround(_ axis: Int) -> (outer: Int, size: Int, inner: Int) {
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }

    private func reducedShape(_ axis: Int, keepDims: Bool) -> [Int] {
        var result = shape
        if keepDims { result[axis] = 1 } else { result.remove(at: axis) }
        return result
    }

    /// Sum along `axis` (negative counts from the end).
    public func sum(axis: Int, keepDims: Bool = false) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "sum")
        guard rank > 0 else { return self }
        let source = contiguousData()
        let (outer, size, inner) = splitAround(resolved)
        let result = try Tensor.zeros(reducedShape(resolved, keepDims: keepDims))
        let x = source.data, out = result.data
        Parallel.forEach(outer, minimumPerChunk: Swift.max(1, 16_384 / Swift.max(size * inner, 1))) { range in
            for o in range {
                let target = out + o * inner
                for s in 0..<size {
                    let line = x + (o * size + s) * inner
                    for i in 0..<inner { target[i] += line[i] }
                }
            }
        }
        let keptShape = reducedShape(resolved, keepDims: true), originalShape = shape
        return Tensor.record(result, "sum", [self]) { gradient in
            [try Tensor.broadcastTo(gradient.reshape(keptShape), originalShape)]
        }
    }

    /// Mean along `axis`.
    public func mean(axis: Int, keepDims: Bool = false) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "mean")
        guard rank > 0 else { return self }
        return try sum(axis: resolved, keepDims: keepDims).scaled(by: 1 / Float(Swift.max(shape[resolved], 1)))
    }

    /// Sum of all elements (a scalar).
    public func sum() -> Tensor {
        let source = contiguousData()
        var total: Double = 0
        let x = source.data
        for index in 0..<count { total += Double(x[index]) }
        let result = Tensor(scalar: Float(total))
        let originalShape = shape
        return Tensor.record(result, "sum_all", [self]) { gradient in
            [try Tensor.full(originalShape, value: gradient.data[0])]
        }
    }

    /// Mean of all elements (a scalar).
    public func mean() -> Tensor { sum().scaled(by: 1 / Float(Swift.max(count, 1))) }

    /// Maximum along `axis`; the gradient flows to the first maximal element.
    public func max(axis: Int, keepDims: Bool = false) throws -> Tensor {
        let resolved = try normalizeAxis(axis, rank: rank, op: "max")
        guard rank > 0, shape[resolved] > 0 else {
            throw TensorError("max: cannot reduce an empty dimension of shape \(shapeText(shape))")
        }
        let source = contiguousData()
        let (outer, size, inner) = splitAround(resolved)
        let result = Tensor(uninitialized: reducedShape(resolved, keepDims: keepDims))
        var winners = [Int32](repeating: 0, count: outer * inner)
        winners.withUnsafeMutableBufferPointer { positions in
            Tensor.maxAlongMiddle(source.data, outer: outer, size: size, inner: inner, values: result.data, positions: positions)
        }
        let originalShape = shape
        return Tensor.record(result, "max", [self]) { gradient in
            let g = gradient.contiguousData()
            let dx = try Tensor.zeros(originalShape)
            for o in 0..<outer {
                for i in 0..<inner {
                    dx.data[(o * size + Int(winners[o * inner + i])) * inner + i] = g.data[o * inner + i]
                }
            }
            return [dx]
        }
    }

    /// For `x` laid out as `[outer, size, inner]` (size ≥ 1): the largest of the `size` values of each
    /// (outer, inner) pair into `values` (when given) and its position, the first on ties, into `positions`.
    static func maxAlongMiddle(_ x: UnsafeMutablePointer<Float>, outer: Int, size: Int, inner: Int,
                               values: UnsafeMutablePointer<Float>?, positions: UnsafeMutableBufferPointer<Int32>) {
        for o in 0..<outer {
            for i in 0..<inner {
                var best = x[o * size * inner + i], bestIndex = 0
                for s in 1..<Swift.max(size, 1) where x[(o * size + s) * inner + i] > best {
                    best = x[(o * size + s) * inner + i]
                    bestIndex = s
                }
                values?[o * inner + i] = best
                positions[o * inner + i] = Int32(bestIndex)
            }
        }
    }

    /// A contiguous copy of `tensor` broadcast to `shape` (not recorded).
    static func broadcastTo(_ tensor: Tensor, _ shape: [Int]) throws -> Tensor {
        let zeros = Tensor(storage: TensorStorage(zeros: 1), shape: shape, strides: [Int](repeating: 0, count: shape.count), offset: 0)
        return try binaryMap(tensor, zeros, AddKernel.self, op: "broadcast")
    }

    /// Broadcasts to `shape` (like `expand`), as a copy. Recorded.
    public func expand(_ newShape: [Int]) throws -> Tensor {
        let result = try Tensor.broadcastTo(self, newShape)
        guard result.shape == newShape else {
            throw TensorError("expand: cannot expand \(shapeText(shape)) to \(shapeText(newShape))")
        }
        let originalShape = shape
        return Tensor.record(result, "expand", [self]) { gradient in [try Tensor.sumToShape(gradient, originalShape)] }
    }
}
