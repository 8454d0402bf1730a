/// PEFT's LoRA Linear as one fused operation:
/// `y = x·Wᵀ + b + scaling · (dropout(x)·Aᵀ)·Bᵀ`, with W `[out, in]` (usually frozen),
/// A `[r, in]`, B `[out, r]`.
///
/// Forward is three sgemms into one output buffer (bias preloaded, the LoRA product accumulated
/// with `alpha = scaling, beta = 1`): no separate scale or add passes. Backward runs only what is
/// needed: with a frozen W there is no `dW` GEMM, and `dx` (for later layers) is one GEMM plus the
/// rank-r correction.
extension Tensor {
    /// With `rematerialized`, `weight` is only a frozen placeholder of the right shape: W is rebuilt for
    /// the forward GEMM and again for `dx` in backward, never held between the two.
    public static func loraLinear(_ x: Tensor, weight: Tensor, bias: Tensor?, loraA: Tensor, loraB: Tensor, scaling: Float,
                                  dropout p: Float = 0, generator: RandomGenerator? = nil, training: Bool = true,
                                  rematerialized: RematerializedWeight? = nil) throws -> Tensor {
        guard weight.rank == 2, loraA.rank == 2, loraB.rank == 2 else {
            throw TensorError("lora_linear: weight, lora_A and lora_B must be matrices")
        }
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1], rank = loraA.shape[0]
        guard loraA.shape[1] == inFeatures, loraB.shape == [outFeatures, rank] else {
            throw TensorError("lora_linear: lora_A \(shapeText(loraA.shape)) and lora_B \(shapeText(loraB.shape)) do not fit weight \(shapeText(weight.shape))",
                              help: "lora_A must be [r, \(inFeatures)] and lora_B [\(outFeatures), r]")
        }
        guard x.rank >= 1, x.shape[x.rank - 1] == inFeatures else {
            throw TensorError("lora_linear: input \(shapeText(x.shape)) does not end in in_features = \(inFeatures)")
        }
        if let bias, bias.shape != [outFeatures] {
            throw TensorError("lora_linear: bias has shape \(shapeText(bias.shape)), expected [\(outFeatures)]")
        }
        guard p >= 0, p < 1 else { throw TensorError("lora_dropout must be in [0, 1), got \(p)") }
        let applyDropout = training && p > 0
        guard !applyDropout || generator != nil else {
            throw TensorError("lora_linear: dropout \(p) needs a random generator")
        }
        try rematerialized?.check(standingFor: weight, in: "lora_linear")
        let input = x.contiguousData()
        let w = try rematerialized?.materialize() ?? weight.contiguousData()
        let a = loraA.contiguousData(), b = loraB.contiguousData()
        // A rematerialized W is not kept for backward (rebuilt there), so its memory is freed on return.
        let keptWeight: Tensor? = rematerialized == nil ? w : nil
        let rows = x.count / Swift.max(inFeatures, 1)
        let result = Tensor(uninitialized: Array(x.shape.dropLast()) + [outFeatures])
        let out = result.data
        if let bias {
            let biasValues = bias.contiguousData()
            withExtendedLifetime(biasValues) {
                for row in 0..<rows { (out + row * outFeatures).update(from: biasValues.data, count: outFeatures) }
            }
        } else {
            out.update(repeating: 0, count: result.count)
        }
        // y += x · Wᵀ (on W's bf16 copy inside a bf16 scope: BF16Products)
        let halfWeight = rematerialized == nil ? BF16Products.frozenCopy(of: weight) : nil
        if let halfWeight {
            BF16Products.multiply(transposeB: true, m: rows, n: outFeatures, k: inFeatures, a: input.data, lda: inFeatures,
                                  b: halfWeight.values, ldb: inFeatures, accumulate: true, c: out, ldc: outFeatures)
        } else {
            GEMM.multiply(transposeA: false, transposeB: true, m: rows, n: outFeatures, k: inFeatures,
                          a: input.data, lda: inFeatures, b: w.data, ldb: inFeatures, beta: 1, c: out, ldc: outFeatures)
        }
        // dropped = dropout(x), mask kept for backward
        var mask: TensorStorage? = nil
        var dropped = input
        if applyDropout, let generator {
            let keep = TensorStorage(uninitialized: input.count)
            dropped = Tensor(uninitialized: input.shape)
            fillDropout(input.data, mask: keep.base, output: dropped.data, count: input.count, p: p, generator: generator)
            mask = keep
        }
        // h = dropped · Aᵀ  [rows, r];  y += scaling · h · Bᵀ
        let hidden = Tensor(uninitialized: [rows, rank])
        GEMM.multiply(transposeA: false, transposeB: true, m: rows, n: rank, k: inFeatures,
                      a: dropped.data, lda: inFeatures, b: a.data, ldb: inFeatures, beta: 0, c: hidden.data, ldc: rank)
        GEMM.multiply(transposeA: false, transposeB: true, m: rows, n: outFeatures, k: rank, alpha: scaling,
                      a: hidden.data, lda: rank, b: b.data, ldb: rank, beta: 1, c: out, ldc: outFeatures)

        let inputs = [x, weight, loraA, loraB] + (bias.map { [$0] } ?? [])
        return record(result, "lora_linear", inputs) { gradient in
            let g = gradient.contiguousData()  // [rows, out]
            var grads: [Tensor?] = [nil, nil, nil, nil, nil]
            if loraB.requiresGrad {
                // dB = scaling · gᵀ · h   [out, r]
                let db = Tensor(uninitialized: [outFeatures, rank])
                GEMM.multiply(transposeA: true, transposeB: false, m: outFeatures, n: rank, k: rows, alpha: scaling,
                              a: g.data, lda: outFeatures, b: hidden.data, ldb: rank, beta: 0, c: db.data, ldc: rank)
                grads[3] = db
            }
            var dHidden: Tensor? = nil
            if loraA.requiresGrad || x.requiresGrad {
                // dh = scaling · g · B   [rows, r]
                let dh = Tensor(uninitialized: [rows, rank])
                GEMM.multiply(transposeA: false, transposeB: false, m: rows, n: rank, k: outFeatures, alpha: scaling,
                              a: g.data, lda: outFeatures, b: b.data, ldb: rank, beta: 0, c: dh.data, ldc: rank)
                dHidden = dh
            }
            if loraA.requiresGrad, let dh = dHidden {
                // dA = dhᵀ · dropped   [r, in]
                let da = Tensor(uninitialized: [rank, inFeatures])
                GEMM.multiply(transposeA: true, transposeB: false, m: rank, n: inFeatures, k: rows,
                              a: dh.data, lda: rank, b: dropped.data, ldb: inFeatures, beta: 0, c: da.data, ldc: inFeatures)
                grads[2] = da
            }
            if x.requiresGrad, let dh = dHidden {
                // dx = g · W + (dh · A) ⊙ mask
                let dx = Tensor(uninitialized: x.shape)
                try BF16Products.inputGradient(g.data, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, halfWeight: halfWeight,
                                               weight: { try keptWeight ?? rebuilt(rematerialized) }, into: dx.data)
                if let mask {
                    let correction = Tensor(uninitialized: [rows, inFeatures])
                    GEMM.multiply(transposeA: false, transposeB: false, m: rows, n: inFeatures, k: rank,
                                  a: dh.data, lda: rank, b: a.data, ldb: inFeatures, beta: 0, c: correction.data, ldc: inFeatures)
                    let target = dx.data, values = correction.data, keep = mask.base
                    Parallel.forEach(dx.count) { range in
                        for index in range { target[index] += values[index] * keep[index] }
                    }
                } else {
                    GEMM.multiply(transposeA: false, transposeB: false, m: rows, n: inFeatures, k: rank,
                                  a: dh.data, lda: rank, b: a.data, ldb: inFeatures, beta: 1, c: dx.data, ldc: inFeatures)
                }
                grads[0] = dx
            }
            if weight.requiresGrad {
                let dw = Tensor(uninitialized: [outFeatures, inFeatures])
                GEMM.multiply(transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: rows,
                              a: g.data, lda: outFeatures, b: input.data, ldb: inFeatures, beta: 0, c: dw.data, ldc: inFeatures)
                grads[1] = dw
            }
            if let bias, bias.requiresGrad {
                grads[4] = try sumToShape(g.reshape([rows, outFeatures]), [outFeatures])
            }
            return Array(grads.prefix(inputs.count))
        }
    }
}
