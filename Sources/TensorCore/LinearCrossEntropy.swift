/// Cross-entropy over a language-model head's logits with the backward fused into the head's product.
///
/// `crossEntropy(logits:)` followed by the head's `linear` backward writes the whole `[rows, vocab]`
/// logit gradient (100 MB for 512 tokens × 49,152 SmolLM2 tokens), then reads it back for one GEMM.
/// Here the gradient is made one vocabulary slab at a time (`[rows, slabWidth]`, a few MB that stay in
/// cache) and multiplied straight into the input gradient: `dx += dLogits[:, slab] · W[slab, :]`. The
/// vocabulary order of the sums is fixed, so results are deterministic.
extension Tensor {
    /// Vocabulary columns per slab of the logit gradient.
    static let crossEntropySlabWidth = 4_096

    /// Mean cross-entropy of `logits` (`[..., vocab]`), which the caller computed as `input · weightᵀ`
    /// (`input [..., hidden]`, `weight [vocab, hidden]`, no bias), against `labels` (one per row,
    /// `ignoreIndex` skipped). The value equals `crossEntropy(logits:labels:)`; the gradient goes to
    /// `input` (and `weight` when it requires one) directly, not through `logits`, which may still be
    /// used (and differentiated) separately.
    public static func crossEntropyOfLinear(logits: Tensor, input: Tensor, weight: Tensor, labels: IntTensor,
                                            ignoreIndex: Int32 = -100) throws -> Tensor {
        guard weight.rank == 2, input.rank >= 1, logits.rank >= 1 else {
            throw TensorError("cross_entropy_of_linear: weight must be [vocab, hidden] and input [..., hidden]")
        }
        let vocab = weight.shape[0], hidden = weight.shape[1]
        let rows = input.count / Swift.max(hidden, 1)
        guard input.shape.last == hidden, logits.shape.last == vocab, logits.count == rows * vocab else {
            throw TensorError("cross_entropy_of_linear: logits \(shapeText(logits.shape)), input \(shapeText(input.shape)) and weight \(shapeText(weight.shape)) do not fit together",
                              help: "logits must be input · weightᵀ: [..., vocab] from [..., hidden] and [vocab, hidden]")
        }
        // The value, label checks and row log Σ exp are cross_entropy's own; only its backward is replaced.
        let (source, logSums, valid, mean) = try crossEntropyForward(logits: logits, labels: labels, ignoreIndex: ignoreIndex)
        let packedInput = input.contiguousData(), packedWeight = weight.contiguousData()
        let result = Tensor(scalar: mean)
        let labelValues = labels.values
        return record(result, "cross_entropy_of_linear", [input, weight]) { [source, logSums, packedInput, packedWeight] gradient in
            let z = source.data, sums = logSums.base, x = packedInput, w = packedWeight
            let scale = gradient.data[0] / Float(Swift.max(valid, 1))
            let slabWidth = Swift.min(vocab, crossEntropySlabWidth)
            let slab = TensorStorage(uninitialized: rows * slabWidth)  // [rows, slabWidth]
            let dx = input.requiresGrad ? Tensor(uninitialized: input.shape) : nil
            let dw = weight.requiresGrad ? Tensor(uninitialized: [vocab, hidden]) : nil
            var start = 0
            while start < vocab {
                let width = Swift.min(slabWidth, vocab - start)
                // dLogits[:, start..<start+width] = (softmax − onehot) · scale, zero for ignored rows.
                let d = slab.base
                labelValues.withUnsafeBufferPointer { labelBuffer in
                    Parallel.forEach(rows, minimumPerChunk: Swift.max(1, 16_384 / width)) { range in
                        for row in range {
                            let target = d + row * width
                            let label = labelBuffer[row]
                            if label == ignoreIndex {
                                target.update(repeating: 0, count: width)
                                continue
                            }
                            let line = z + row * vocab + start, logSum = sums[row]
                            for column in 0..<width { target[column] = FastMath.exp(line[column] - logSum) * scale }
                            let labelColumn = Int(label) - start
                            if labelColumn >= 0, labelColumn < width { target[labelColumn] -= scale }
                        }
                    }
                }
                if let dx {
                    // dx[rows, hidden] (+)= dLogits[:, slab] · W[slab, :]
                    GEMM.multiply(transposeA: false, transposeB: false, m: rows, n: hidden, k: width,
                                  a: d, lda: width, b: w.data + start * hidden, ldb: hidden,
                                  beta: start == 0 ? 0 : 1, c: dx.data, ldc: hidden)
                }
                if let dw {
                    // dW[slab, hidden] = dLogits[:, slab]ᵀ · x
                    GEMM.multiply(transposeA: true, transposeB: false, m: width, n: hidden, k: rows,
                                  a: d, lda: width, b: x.data, ldb: hidden,
                                  beta: 0, c: dw.data + start * hidden, ldc: hidden)
                    if rows == 0 { (dw.data + start * hidden).update(repeating: 0, count: width * hidden) }
                }
                start += width
            }
            if let dx, rows > 0, hidden > 0, vocab == 0 { dx.data.update(repeating: 0, count: dx.count) }
            return [dx, dw]
        }
    }
}
