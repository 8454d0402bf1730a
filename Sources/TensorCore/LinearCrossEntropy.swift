/// Cross-entropy over a language-model head, `cross_entropy(input · weightᵀ, labels)`, with the logits
/// made only for labelled rows and the backward fused into the head's product.
///
/// Rows whose label is `ignoreIndex` (the last position of every causal-LM row, padding, a prompt masked
/// with −100) contribute nothing to the mean, so their logits are never computed. The logit gradient is
/// made one vocabulary slab at a time (`[rows, slabWidth]`, a few MB that stay in cache) and multiplied
/// straight into the input gradient, `dx += dLogits[:, slab] · W[slab, :]`, instead of writing the whole
/// `[rows, vocab]` gradient (100 MB for 512 tokens × 49,152 SmolLM2 tokens) and reading it back. The
/// vocabulary order of the sums is fixed, so results are deterministic.
extension Tensor {
    /// Vocabulary columns per slab of the logit gradient.
    static let crossEntropySlabWidth = 4_096

    /// Mean cross-entropy of the logits `input · weightᵀ` (`input [..., hidden]`, `weight [vocab, hidden]`,
    /// no bias) against `labels` (one per row of `input`, `ignoreIndex` skipped). The value equals
    /// `crossEntropy(logits: linear(input, weight), labels:)` (NaN when every label is ignored); the gradient
    /// goes to `input` (zero for ignored rows) and to `weight` when it requires one. `logits`: the caller's
    /// own `[rows, vocab]` product when it made one anyway (its labelled rows are used, not recomputed);
    /// it may still be used and differentiated separately.
    public static func crossEntropyOfLinear(input: Tensor, weight: Tensor, labels: IntTensor,
                                            ignoreIndex: Int32 = -100, logits given: Tensor? = nil) throws -> Tensor {
        guard weight.rank == 2, input.rank >= 1 else {
            throw TensorError("cross_entropy_of_linear: weight must be [vocab, hidden] and input [..., hidden]")
        }
        let vocab = weight.shape[0], hidden = weight.shape[1]
        guard input.shape.last == hidden else {
            throw TensorError("cross_entropy_of_linear: input \(shapeText(input.shape)) and weight \(shapeText(weight.shape)) do not fit together",
                              help: "the logits are input · weightᵀ: input [..., hidden] with weight [vocab, hidden]")
        }
        let rows = input.count / Swift.max(hidden, 1)
        guard labels.count == rows else {
            throw TensorError("cross_entropy: \(rows) rows of logits (input \(shapeText(input.shape))) but \(labels.count) labels",
                              help: "pass one label per row of logits")
        }
        let labelled = labels.values.indices.filter { labels.values[$0] != ignoreIndex }
        let packedInput = input.contiguousData(), packedWeight = weight.contiguousData()
        // A frozen head inside a bf16 scope: logits and their input gradient on its bf16 copy (BF16Products).
        let halfWeight = BF16Products.frozenCopy(of: weight)
        // The labelled rows of the input, [kept, hidden] (the input itself when every row counts).
        let kept = labelled.count
        let keptInput: Tensor
        if kept == rows {
            keptInput = packedInput
        } else {
            keptInput = Tensor(uninitialized: [kept, hidden])
            for (index, row) in labelled.enumerated() {
                (keptInput.data + index * hidden).update(from: packedInput.data + row * hidden, count: hidden)
            }
        }
        let logits: Tensor
        if let given {
            guard given.count == rows * vocab, given.shape.last == vocab else {
                throw TensorError("cross_entropy_of_linear: logits \(shapeText(given.shape)) are not input · weightᵀ ([\(rows), \(vocab)])")
            }
            let source = given.contiguousData()
            logits = kept == rows ? source : Tensor(uninitialized: [kept, vocab])
            if kept < rows {
                for (index, row) in labelled.enumerated() {
                    (logits.data + index * vocab).update(from: source.data + row * vocab, count: vocab)
                }
            }
        } else if let halfWeight {
            logits = Tensor(uninitialized: [kept, vocab])
            BF16Products.multiply(transposeB: true, m: kept, n: vocab, k: hidden, a: keptInput.data, lda: hidden,
                                  b: halfWeight.values, ldb: hidden, accumulate: false, c: logits.data, ldc: vocab)
        } else {
            logits = Tensor(uninitialized: [kept, vocab])
            GEMM.multiply(transposeA: false, transposeB: true, m: kept, n: vocab, k: hidden, a: keptInput.data, lda: hidden,
                          b: packedWeight.data, ldb: hidden, beta: 0, c: logits.data, ldc: vocab)
        }
        let keptLabels = try IntTensor(shape: [kept], values: labelled.map { labels.values[$0] })
        // The value, label checks and row log Σ exp are cross_entropy's own; only its backward is replaced.
        let (_, logSums, valid, mean) = try crossEntropyForward(logits: logits, labels: keptLabels, ignoreIndex: ignoreIndex)
        let result = Tensor(scalar: mean)
        let labelValues = keptLabels.values
        return record(result, "cross_entropy_of_linear", [input, weight]) { [logits, logSums, keptInput, packedWeight, halfWeight] gradient in
            let z = logits.data, sums = logSums.base, w = packedWeight
            let scale = gradient.data[0] / Float(Swift.max(valid, 1))
            let slabWidth = Swift.min(vocab, crossEntropySlabWidth)
            let slab = TensorStorage(uninitialized: kept * slabWidth)  // [kept, slabWidth]
            let dx = input.requiresGrad ? Tensor(uninitialized: input.shape) : nil
            // The kept rows' input gradient: dx itself when every row counts, else scattered below.
            let dxKept = dx.map { kept == rows ? $0 : Tensor(uninitialized: [kept, hidden]) }
            let dw = weight.requiresGrad ? Tensor(uninitialized: [vocab, hidden]) : nil
            var start = 0
            while start < vocab {
                let width = Swift.min(slabWidth, vocab - start)
                // dLogits[:, start..<start+width] = (softmax − onehot) · scale.
                let d = slab.base
                labelValues.withUnsafeBufferPointer { labelBuffer in
                    Parallel.forEach(kept, minimumPerChunk: Swift.max(1, 16_384 / width)) { range in
                        for row in range {
                            let target = d + row * width
                            let line = z + row * vocab + start, logSum = sums[row]
                            for column in 0..<width { target[column] = FastMath.exp(line[column] - logSum) * scale }
                            let labelColumn = Int(labelBuffer[row]) - start
                            if labelColumn >= 0, labelColumn < width { target[labelColumn] -= scale }
                        }
                    }
                }
                if let dxKept, let halfWeight {
                    BF16Products.multiply(transposeB: false, m: kept, n: hidden, k: width, a: d, lda: width,
                                          b: halfWeight.values + start * hidden, ldb: hidden, accumulate: start > 0,
                                          c: dxKept.data, ldc: hidden)
                } else if let dxKept {
                    // dx[kept, hidden] (+)= dLogits[:, slab] · W[slab, :]
                    GEMM.multiply(transposeA: false, transposeB: false, m: kept, n: hidden, k: width,
                                  a: d, lda: width, b: w.data + start * hidden, ldb: hidden,
                                  beta: start == 0 ? 0 : 1, c: dxKept.data, ldc: hidden)
                }
                if let dw {
                    // dW[slab, hidden] = dLogits[:, slab]ᵀ · x
                    GEMM.multiply(transposeA: true, transposeB: false, m: width, n: hidden, k: kept,
                                  a: d, lda: width, b: keptInput.data, ldb: hidden,
                                  beta: 0, c: dw.data + start * hidden, ldc: hidden)
                    if kept == 0 { (dw.data + start * hidden).update(repeating: 0, count: width * hidden) }
                }
                start += width
            }
            if let dx, let dxKept {
                if kept < rows || vocab == 0 { dx.data.update(repeating: 0, count: dx.count) }
                if kept < rows, vocab > 0 {
                    for (index, row) in labelled.enumerated() {
                        (dx.data + row * hidden).update(from: dxKept.data + index * hidden, count: hidden)
                    }
                }
            }
            return [dx, dw]
        }
    }
}
