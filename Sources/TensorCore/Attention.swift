import Foundation

/// One `[B, H, T, D]` attention operand as sgemm reads it: per-(batch, head) matrices at
/// offsets, in place when the last two dimensions allow it (e.g. a `[B, T, H, D]` projection
/// permuted to `[B, H, T, D]` is read with leading dimension `H·D`, no copy).
struct HeadMatrices {
    let tensor: Tensor
    let layout: MatrixLayout
    @inline(__always) func offset(_ batch: Int, _ head: Int) -> Int {
        batch * tensor.strides[0] + head * tensor.strides[1]
    }
    var pointer: UnsafeMutablePointer<Float> { tensor.data }

    init(_ input: Tensor) {
        let readable = input.gemmReadable()
        tensor = readable.tensor
        layout = readable.layout ?? MatrixLayout(transposed: false, leadingDimension: Swift.max(1, input.shape.last ?? 1))
    }
}

extension Tensor {
    /// Scaled dot-product attention, `softmax(Q·Kᵀ·scale + masks) · V`, per batch and head.
    ///
    /// - query `[B, Hq, T, D]`, key `[B, Hkv, S, D]`, value `[B, Hkv, S, Dv]`; `Hq` must be a
    ///   multiple of `Hkv` (grouped-query attention: query head h reads kv head h / (Hq/Hkv)).
    /// - paddingMask `[B, S]`: 1 = attend, 0 = padding (Hugging Face's `attention_mask`).
    /// - causal: query t (aligned to the end of the keys) sees keys ≤ t + S − T.
    /// - scale: default `1/√D`.
    /// - dropout: probability of dropping an attention weight (BERT's `attention_probs_dropout_prob`
    ///   in training), drawn from `generator`; 0 = none.
    ///
    /// Returns `[B, Hq, T, Dv]` as a view of `[B, T, Hq, Dv]` storage, so
    /// `transpose(1, 2).reshape([B, T, Hq·Dv])` is free. Masked positions get probability 0 (a
    /// row with every key masked attends uniformly, as with Hugging Face's additive mask).
    public static func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, paddingMask: IntTensor? = nil,
                                                 causal: Bool = false, scale: Float? = nil,
                                                 dropout: Float = 0, generator: RandomGenerator? = nil) throws -> Tensor {
        guard dropout >= 0, dropout < 1 else { throw TensorError("attention dropout must be in [0, 1), got \(dropout)") }
        guard dropout == 0 || generator != nil else {
            throw TensorError("attention dropout \(dropout) needs a random generator")
        }
        guard query.rank == 4, key.rank == 4, value.rank == 4 else {
            throw TensorError("attention expects [batch, heads, seq, head_dim] tensors, got query \(shapeText(query.shape)), key \(shapeText(key.shape)), value \(shapeText(value.shape))")
        }
        let batch = query.shape[0], queryHeads = query.shape[1], queryLength = query.shape[2], depth = query.shape[3]
        let kvHeads = key.shape[1], keyLength = key.shape[2], valueDepth = value.shape[3]
        guard key.shape[0] == batch, value.shape[0] == batch, key.shape[3] == depth,
              value.shape[1] == kvHeads, value.shape[2] == keyLength else {
            throw TensorError("attention: query \(shapeText(query.shape)), key \(shapeText(key.shape)) and value \(shapeText(value.shape)) do not fit together",
                              help: "key and value need the same batch, heads and length; query and key the same head_dim")
        }
        guard kvHeads > 0, queryHeads % kvHeads == 0 else {
            throw TensorError("attention: \(queryHeads) query heads is not a multiple of \(kvHeads) key/value heads")
        }
        if let paddingMask, paddingMask.shape != [batch, keyLength] {
            throw TensorError("attention: padding mask has shape \(shapeText(paddingMask.shape)), expected [\(batch), \(keyLength)]",
                              help: "pass attention_mask as [batch, seq] with 1 for tokens and 0 for padding")
        }
        let group = queryHeads / kvHeads
        let factor = scale ?? 1 / Float(depth).squareRoot()
        let q = HeadMatrices(query), k = HeadMatrices(key), v = HeadMatrices(value)
        let jobs = batch * queryHeads
        let scoreSize = queryLength * keyLength
        let probabilities = TensorStorage(uninitialized: jobs * scoreSize)  // [B, Hq, T, S]

        // Scores = scale · Q Kᵀ, one small GEMM per (batch, head), spread over the cores.
        GEMM.multiplyBatched(transposeA: q.layout.transposed, transposeB: !k.layout.transposed,
                             m: queryLength, n: keyLength, k: depth, alpha: factor,
                             a: q.pointer, lda: q.layout.leadingDimension,
                             offsetsA: (0..<jobs).map { q.offset($0 / queryHeads, $0 % queryHeads) },
                             b: k.pointer, ldb: k.layout.leadingDimension,
                             offsetsB: (0..<jobs).map { k.offset($0 / queryHeads, ($0 % queryHeads) / group) },
                             beta: 0, c: probabilities.base, ldc: keyLength,
                             offsetsC: (0..<jobs).map { $0 * scoreSize })
        maskedSoftmax(probabilities.base, rows: jobs * queryLength, queryLength: queryLength, keyLength: keyLength,
                      heads: queryHeads, paddingMask: paddingMask?.values, causal: causal)
        // Attention dropout: the product with V uses the dropped weights; P itself is kept for backward.
        let dropMask: TensorStorage?, weights: TensorStorage
        if dropout > 0, let generator {
            let keep = TensorStorage(uninitialized: jobs * scoreSize), dropped = TensorStorage(uninitialized: jobs * scoreSize)
            fillDropout(probabilities.base, mask: keep.base, output: dropped.base, count: jobs * scoreSize, p: dropout, generator: generator)
            dropMask = keep
            weights = dropped
        } else {
            dropMask = nil
            weights = probabilities
        }

        // Output = P · V, written as [B, T, Hq, Dv] and returned as a [B, Hq, T, Dv] view.
        let outputStorage = TensorStorage(uninitialized: batch * queryLength * queryHeads * valueDepth)
        let rowStride = queryHeads * valueDepth
        GEMM.multiplyBatched(transposeA: false, transposeB: v.layout.transposed,
                             m: queryLength, n: valueDepth, k: keyLength,
                             a: weights.base, lda: keyLength, offsetsA: (0..<jobs).map { $0 * scoreSize },
                             b: v.pointer, ldb: v.layout.leadingDimension,
                             offsetsB: (0..<jobs).map { v.offset($0 / queryHeads, ($0 % queryHeads) / group) },
                             beta: 0, c: outputStorage.base, ldc: rowStride,
                             offsetsC: (0..<jobs).map { ($0 / queryHeads) * queryLength * rowStride + ($0 % queryHeads) * valueDepth })
        let result = Tensor(storage: outputStorage, shape: [batch, queryHeads, queryLength, valueDepth],
                            strides: [queryLength * rowStride, valueDepth, rowStride, 1], offset: 0)

        return record(result, "attention", [query, key, value]) { gradient in
            let dO = HeadMatrices(gradient)
            let dScores = TensorStorage(uninitialized: jobs * scoreSize)
            // dP = dO · Vᵀ
            GEMM.multiplyBatched(transposeA: dO.layout.transposed, transposeB: !v.layout.transposed,
                                 m: queryLength, n: keyLength, k: valueDepth,
                                 a: dO.pointer, lda: dO.layout.leadingDimension,
                                 offsetsA: (0..<jobs).map { dO.offset($0 / queryHeads, $0 % queryHeads) },
                                 b: v.pointer, ldb: v.layout.leadingDimension,
                                 offsetsB: (0..<jobs).map { v.offset($0 / queryHeads, ($0 % queryHeads) / group) },
                                 beta: 0, c: dScores.base, ldc: keyLength, offsetsC: (0..<jobs).map { $0 * scoreSize })
            // dS = scale · P ⊙ (dP − Σ dP⊙P), with dP first masked by the dropout mask
            let p = probabilities.base, ds = dScores.base, keep = dropMask?.base
            Parallel.forEach(jobs * queryLength, minimumPerChunk: Swift.max(1, 8_192 / Swift.max(keyLength, 1))) { range in
                for row in range {
                    let line = p + row * keyLength, target = ds + row * keyLength
                    if let keep {
                        let rowMask = keep + row * keyLength
                        for s in 0..<keyLength { target[s] *= rowMask[s] }
                    }
                    let dot = Summation.dot(target, line, keyLength)
                    for s in 0..<keyLength { target[s] = factor * line[s] * (target[s] - dot) }
                }
            }
            var gradQ: Tensor? = nil, gradK: Tensor? = nil, gradV: Tensor? = nil
            if query.requiresGrad {
                // dQ = dS · K   ([T, S] · [S, D])
                let dq = Tensor(uninitialized: [batch, queryHeads, queryLength, depth])
                GEMM.multiplyBatched(transposeA: false, transposeB: k.layout.transposed,
                                     m: queryLength, n: depth, k: keyLength,
                                     a: ds, lda: keyLength, offsetsA: (0..<jobs).map { $0 * scoreSize },
                                     b: k.pointer, ldb: k.layout.leadingDimension,
                                     offsetsB: (0..<jobs).map { k.offset($0 / queryHeads, ($0 % queryHeads) / group) },
                                     beta: 0, c: dq.data, ldc: depth, offsetsC: (0..<jobs).map { $0 * queryLength * depth })
                gradQ = dq
            }
            if key.requiresGrad {
                // dK = Σ over the group's query heads of dSᵀ · Q   ([S, T] · [T, D])
                gradK = groupedProduct(batch: batch, kvHeads: kvHeads, group: group, rows: keyLength, cols: depth, inner: queryLength,
                                       left: ds, leftOffset: { $0 * scoreSize }, leftLD: keyLength,
                                       right: q, rightOffset: { q.offset($0 / queryHeads, $0 % queryHeads) })
            }
            if value.requiresGrad {
                // dV = Σ over the group's query heads of P̃ᵀ · dO (P̃ = dropped weights)   ([S, T] · [T, Dv])
                gradV = groupedProduct(batch: batch, kvHeads: kvHeads, group: group, rows: keyLength, cols: valueDepth, inner: queryLength,
                                       left: weights.base, leftOffset: { $0 * scoreSize }, leftLD: keyLength,
                                       right: dO, rightOffset: { dO.offset($0 / queryHeads, $0 % queryHeads) })
            }
            return [gradQ, gradK, gradV]
        }
    }

    /// `out[b, kvHead] = Σ_{j < group} leftᵀ(b, kvHead·group + j) · right(…)`, left stored `[inner, rows]`.
    private static func groupedProduct(batch: Int, kvHeads: Int, group: Int, rows: Int, cols: Int, inner: Int,
                                       left: UnsafeMutablePointer<Float>, leftOffset: (Int) -> Int, leftLD: Int,
                                       right: HeadMatrices, rightOffset: (Int) -> Int) -> Tensor {
        let result = Tensor(uninitialized: [batch, kvHeads, rows, cols])
        let out = result.data
        let queryHeads = kvHeads * group
        func job(_ index: Int) {
            let b = index / kvHeads, kvHead = index % kvHeads
            for j in 0..<group {
                let job = b * queryHeads + kvHead * group + j
                GEMM.multiply(transposeA: true, transposeB: right.layout.transposed, m: rows, n: cols, k: inner,
                              a: left + leftOffset(job), lda: leftLD,
                              b: right.pointer + rightOffset(job), ldb: right.layout.leadingDimension,
                              beta: j == 0 ? 0 : 1, c: out + index * rows * cols, ldc: cols)
            }
        }
        let count = batch * kvHeads
        if GEMM.spreadsOverCores(batch: count, product: rows * cols * inner) {
            GEMM.withSingleThreadedBLAS {
                Parallel.forEach(count, minimumPerChunk: 1) { range in for index in range { job(index) } }
            }
        } else {
            for index in 0..<count { job(index) }
        }
        return result
    }

    /// In-place softmax of score rows `[B·H·T, S]` with padding and causal masks (masked → 0).
    private static func maskedSoftmax(_ scores: UnsafeMutablePointer<Float>, rows: Int, queryLength: Int, keyLength: Int,
                                      heads: Int, paddingMask: [Int32]?, causal: Bool) {
        let shift = keyLength - queryLength
        paddingMask.withOptionalBuffer { mask in
            Parallel.forEach(rows, minimumPerChunk: Swift.max(1, 8_192 / Swift.max(keyLength, 1))) { range in
                for row in range {
                    let line = scores + row * keyLength
                    let t = row % queryLength, b = row / (queryLength * heads)
                    let visibleEnd = causal ? Swift.min(keyLength, Swift.max(0, t + shift + 1)) : keyLength
                    let keep = mask.map { $0 + b * keyLength }
                    // A NaN score makes the whole row NaN (as in PyTorch), so NaN weights surface as a NaN
                    // loss instead of being mistaken for a fully masked row.
                    var maximum = -Float.infinity
                    var visibleKeys = 0
                    for s in 0..<visibleEnd where (keep?[s] ?? 1) != 0 {
                        visibleKeys += 1
                        let score = line[s]
                        if score.isNaN { maximum = .nan } else if score > maximum { maximum = score }
                    }
                    if visibleKeys == 0 {  // every key masked: attend uniformly
                        let uniform = 1 / Float(Swift.max(keyLength, 1))
                        for s in 0..<keyLength { line[s] = uniform }
                        continue
                    }
                    // Keys up to the causal limit (padding → 0), then zeros: runs that vectorise.
                    if let keep {
                        for s in 0..<visibleEnd { line[s] = keep[s] != 0 ? FastMath.exp(line[s] - maximum) : 0 }
                    } else {
                        for s in 0..<visibleEnd { line[s] = FastMath.exp(line[s] - maximum) }
                    }
                    for s in visibleEnd..<keyLength { line[s] = 0 }
                    let inverse = 1 / Summation.sum(line, keyLength)
                    for s in 0..<keyLength { line[s] *= inverse }
                }
            }
        }
    }
}

extension Optional where Wrapped == [Int32] {
    /// Calls `body` with a pointer to the array's elements, or nil.
    func withOptionalBuffer<Result>(_ body: (UnsafePointer<Int32>?) -> Result) -> Result {
        guard let array = self else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
