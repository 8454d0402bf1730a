/// Matrix products: `matmul` (2-D and batched, any transposed views through sgemm) and the fused
/// `linear` layer `x · Wᵀ + b` with W in PyTorch's `[out, in]` layout.
extension Tensor {
    /// Matrix product with NumPy semantics for rank ≥ 2: `[..., m, k] × [..., k, n] → [..., m, n]`,
    /// batch dimensions broadcast. 1-D operands are treated as a row / column vector.
    /// Transposed views (from `t()`, `transpose`, `permute`) are read without copying.
    public func matmul(_ other: Tensor) throws -> Tensor {
        if other.rank == 1 { return try matmul(other.unsqueeze(1)).squeeze(-1) }
        if rank == 1 { return try unsqueeze(0).matmul(other).squeeze(-2) }
        guard rank >= 2, other.rank >= 2 else {
            throw TensorError("matmul needs tensors with at least 1 dimension, got \(shapeText(shape)) and \(shapeText(other.shape))")
        }
        let k = shape[rank - 1]
        guard other.shape[other.rank - 2] == k else {
            throw TensorError("matmul: shapes \(shapeText(shape)) and \(shapeText(other.shape)) do not line up",
                              help: "the last dimension of the first (\(k)) must equal the second-to-last of the second (\(other.shape[other.rank - 2]))")
        }
        // A batched input against one matrix: fold the batch into the rows (one big GEMM).
        if other.rank == 2, rank > 2 {
            let m = shape[rank - 2], n = other.shape[1]
            let folded = try reshape([-1, k]).matmul(other)
            return try folded.reshape(Array(shape.dropLast(2)) + [m, n])
        }
        let result = try Tensor.rawMatmul(self, other)
        return Tensor.record(result, "matmul", [self, other], saving: Tensor.savedOperands(self, other)) { [a = self, b = other] gradient in
            var gradA: Tensor? = nil, gradB: Tensor? = nil
            if a.requiresGrad {
                gradA = try Tensor.sumToShape(Tensor.rawMatmul(gradient, b.transpose(-2, -1)), a.shape)
            }
            if b.requiresGrad {
                gradB = try Tensor.sumToShape(Tensor.rawMatmul(a.transpose(-2, -1), gradient), b.shape)
            }
            return [gradA, gradB]
        }
    }

    /// Batched product without autograd.
    static func rawMatmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batchShape = try Broadcast.shape(batchA, batchB, op: "matmul")
        let result = Tensor(uninitialized: batchShape + [m, n])
        guard result.count > 0 else { return result }
        let left = a.gemmReadable(), right = b.gemmReadable()
        guard let layoutA = left.layout, let layoutB = right.layout else {
            throw TensorError("internal: matmul operand layout not readable")
        }
        let batch = batchShape.reduce(1, *)
        let offsetsA = Tensor.batchOffsets(left.tensor, batchShape: batchShape)
        let offsetsB = Tensor.batchOffsets(right.tensor, batchShape: batchShape)
        let offsetsC = (0..<batch).map { $0 * m * n }
        if k == 0 {
            result.data.update(repeating: 0, count: result.count)
            return result
        }
        GEMM.multiplyBatched(transposeA: layoutA.transposed, transposeB: layoutB.transposed, m: m, n: n, k: k,
                             a: left.tensor.data, lda: layoutA.leadingDimension, offsetsA: offsetsA,
                             b: right.tensor.data, ldb: layoutB.leadingDimension, offsetsB: offsetsB,
                             beta: 0, c: result.data, ldc: n, offsetsC: offsetsC)
        return result
    }

    /// This tensor (or a contiguous copy) with a layout sgemm can read for its last two dimensions.
    func gemmReadable() -> (tensor: Tensor, layout: MatrixLayout?) {
        let rows = shape[rank - 2], cols = shape[rank - 1]
        if let layout = MatrixLayout(rows: rows, cols: cols, rowStride: strides[rank - 2], colStride: strides[rank - 1]) {
            return (self, layout)
        }
        let packed = copy()
        return (packed, MatrixLayout(rows: rows, cols: cols, rowStride: cols, colStride: 1))
    }

    /// Element offset (from `data`) of each matrix of `tensor` when its batch dimensions are
    /// broadcast to `batchShape`.
    static func batchOffsets(_ tensor: Tensor, batchShape: [Int]) -> [Int] {
        let batchOnly = Tensor(storage: tensor.storage, shape: Array(tensor.shape.dropLast(2)),
                               strides: Array(tensor.strides.dropLast(2)), offset: 0)
        let strides = Broadcast.strides(of: batchOnly, to: batchShape)
        let batch = batchShape.reduce(1, *)
        guard !batchShape.isEmpty else { return [0] }
        // rowOffset treats the last dimension as the column; append a dummy one.
        let shapeWithColumn = batchShape + [1], stridesWithColumn = strides + [0]
        return (0..<batch).map { rowOffset($0, shape: shapeWithColumn, strides: stridesWithColumn) }
    }

    /// `x · Wᵀ + b` (PyTorch's `F.linear`): `x` is `[..., in]`, `weight` `[out, in]`, `bias` `[out]`.
    /// One sgemm with the bias preloaded; backward computes only the gradients that are needed
    /// (no weight-gradient GEMM for a frozen weight). With `rematerialized`, `weight` is only a frozen
    /// placeholder of the right shape and W is rebuilt for forward and again for backward.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, rematerialized: RematerializedWeight? = nil) throws -> Tensor {
        guard weight.rank == 2 else {
            throw TensorError("linear: weight must be [out_features, in_features], got \(shapeText(weight.shape))")
        }
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        guard x.rank >= 1, x.shape[x.rank - 1] == inFeatures else {
            throw TensorError("linear: input of shape \(shapeText(x.shape)) does not end in in_features = \(inFeatures)",
                              help: "the weight is \(shapeText(weight.shape)) ([out, in]); the input's last dimension must be \(inFeatures)")
        }
        if let bias, bias.shape != [outFeatures] {
            throw TensorError("linear: bias has shape \(shapeText(bias.shape)), expected [\(outFeatures)]")
        }
        try rematerialized?.check(standingFor: weight, in: "linear")
        let input = x.contiguousData()
        let rows = x.count / Swift.max(inFeatures, 1)
        let outShape = Array(x.shape.dropLast()) + [outFeatures]
        let result = Tensor(uninitialized: outShape)
        let out = result.data
        if let bias {
            let biasValues = bias.contiguousData()
            let b = biasValues.data
            Parallel.forEach(rows, minimumPerChunk: Swift.max(1, 16_384 / Swift.max(outFeatures, 1))) { range in
                for row in range { (out + row * outFeatures).update(from: b, count: outFeatures) }
            }
        }
        let (w, layoutW) = try rematerialized?.materialize().gemmReadable() ?? weight.gemmReadable()
        // A rematerialized W is not kept for backward (rebuilt there), so its memory is freed on return.
        let keptWeight: Tensor? = rematerialized == nil ? w : nil
        // Inside a bf16 scope, a frozen W's products run on its bf16 copy (BF16Products).
        let halfWeight = rematerialized == nil ? BF16Products.frozenCopy(of: weight) : nil
        if let halfWeight, inFeatures > 0 {
            BF16Products.multiply(transposeB: true, m: rows, n: outFeatures, k: inFeatures, a: input.data, lda: inFeatures,
                                  b: halfWeight.values, ldb: inFeatures, accumulate: bias != nil, c: out, ldc: outFeatures)
        } else if let layoutW, inFeatures > 0 {
            // y[rows, out] = x[rows, in] · Wᵀ  (W stored [out, in] → transposeB, unless it is a transposed view).
            GEMM.multiply(transposeA: false, transposeB: !layoutW.transposed, m: rows, n: outFeatures, k: inFeatures,
                          a: input.data, lda: inFeatures, b: w.data, ldb: layoutW.leadingDimension,
                          beta: bias == nil ? 0 : 1, c: out, ldc: outFeatures)
        } else if bias == nil {
            out.update(repeating: 0, count: result.count)
        }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return record(result, "linear", inputs) { gradient in
            let g = gradient.contiguousData()  // [rows, out]
            var grads: [Tensor?] = [nil, nil, nil]
            if x.requiresGrad {
                // dx[rows, in] = g[rows, out] · W[out, in]
                let dx = Tensor(uninitialized: x.shape)
                try BF16Products.inputGradient(g.data, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, halfWeight: halfWeight,
                                               transposed: layoutW?.transposed ?? false, leadingDimension: layoutW?.leadingDimension,
                                               weight: { try keptWeight ?? rebuilt(rematerialized) }, into: dx.data)
                grads[0] = dx
            }
            if weight.requiresGrad {
                // dW[out, in] = gᵀ[out, rows] · x[rows, in]
                let dw = Tensor(uninitialized: [outFeatures, inFeatures])
                GEMM.multiply(transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: rows,
                              a: g.data, lda: outFeatures, b: input.data, ldb: inFeatures,
                              beta: 0, c: dw.data, ldc: inFeatures)
                if rows == 0 { dw.data.update(repeating: 0, count: dw.count) }
                grads[1] = dw
            }
            if let bias, bias.requiresGrad {
                grads[2] = try sumToShape(g.reshape([rows, outFeatures]), [outFeatures])
            }
            return Array(grads.prefix(inputs.count))
        }
    }
}
