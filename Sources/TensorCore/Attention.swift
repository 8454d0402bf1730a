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
    /// Offsets of every job's matrix from `row` on (`job = batch · heads + head`, head `÷ group` for K/V).
    func offsets(jobs: Int, heads: Int, group: Int = 1, row: Int = 0) -> [Int] {
        let start = layout.rowOffset(row)
        return (0..<jobs).map { offset($0 / heads, ($0 % heads) / group) + start }
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
    /// - causal: query t (aligned to the end of the keys) sees keys ≤ t + S − T. The masked half of
    ///   the scores is neither computed nor differentiated (`AttentionTiles`).
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
        try scaledDotProductAttention(query: query, key: key, value: value, paddingMask: paddingMask, causal: causal, scale: scale,
                                      dropout: dropout, generator: generator, tileRows: AttentionTiles.defaultRows)
    }

    /// `tileRows`: height of the causal tiles (`Int.max`: one tile, every score computed).
    static func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, paddingMask: IntTensor?,
                                          causal: Bool, scale: Float?, dropout: Float, generator: RandomGenerator?,
                                          tileRows: Int) throws -> Tensor {
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
        let tiles = AttentionTiles(batch: batch, queryLength: queryLength, keyLength: keyLength, causal: causal,
                                   paddingMask: paddingMask?.values, rows: tileRows)
        let jobs = batch * queryHeads
        let scoreSize = queryLength * keyLength
        /// Offsets of each job's `[T, S]` matrix from row `row` on.
        func scoreOffsets(row: Int) -> [Int] { (0..<jobs).map { $0 * scoreSize + row * keyLength } }
        let probabilities = TensorStorage(uninitialized: jobs * scoreSize)  // [B, Hq, T, S]

        // Scores = scale · Q Kᵀ, one small GEMM per (batch, head) and tile, spread over the cores.
        for tile in tiles.queryTiles {
            GEMM.multiplyBatched(transposeA: q.layout.transposed, transposeB: !k.layout.transposed,
                                 m: tile.count, n: tiles.scoreColumns(tile), k: depth, alpha: factor,
                                 a: q.pointer, lda: q.layout.leadingDimension, offsetsA: q.offsets(jobs: jobs, heads: queryHeads, row: tile.lowerBound),
                                 b: k.pointer, ldb: k.layout.leadingDimension, offsetsB: k.offsets(jobs: jobs, heads: queryHeads, group: group),
                                 beta: 0, c: probabilities.base, ldc: keyLength, offsetsC: scoreOffsets(row: tile.lowerBound))
        }
        maskedSoftmax(probabilities.base, rows: jobs * queryLength, heads: queryHeads, tiles: tiles, paddingMask: paddingMask?.values)
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
        for tile in tiles.queryTiles {
            GEMM.multiplyBatched(transposeA: false, transposeB: v.layout.transposed,
                                 m: tile.count, n: valueDepth, k: tiles.weightColumns(tile),
                                 a: weights.base, lda: keyLength, offsetsA: scoreOffsets(row: tile.lowerBound),
                                 b: v.pointer, ldb: v.layout.leadingDimension, offsetsB: v.offsets(jobs: jobs, heads: queryHeads, group: group),
                                 beta: 0, c: outputStorage.base, ldc: rowStride,
                                 offsetsC: (0..<jobs).map { (($0 / queryHeads) * queryLength + tile.lowerBound) * rowStride + ($0 % queryHeads) * valueDepth })
        }
        let result = Tensor(storage: outputStorage, shape: [batch, queryHeads, queryLength, valueDepth],
                            strides: [queryLength * rowStride, valueDepth, rowStride, 1], offset: 0)

        return record(result, "attention", [query, key, value]) { gradient in
            let dO = HeadMatrices(gradient)
            let dScores = TensorStorage(uninitialized: jobs * scoreSize)
            // dP = dO · Vᵀ
            for tile in tiles.queryTiles {
                GEMM.multiplyBatched(transposeA: dO.layout.transposed, transposeB: !v.layout.transposed,
                                     m: tile.count, n: tiles.weightColumns(tile), k: valueDepth,
                                     a: dO.pointer, lda: dO.layout.leadingDimension, offsetsA: dO.offsets(jobs: jobs, heads: queryHeads, row: tile.lowerBound),
                                     b: v.pointer, ldb: v.layout.leadingDimension, offsetsB: v.offsets(jobs: jobs, heads: queryHeads, group: group),
                                     beta: 0, c: dScores.base, ldc: keyLength, offsetsC: scoreOffsets(row: tile.lowerBound))
            }
            // dS = scale · P ⊙ (dP − Σ dP⊙P), with dP first masked by the dropout mask
            softmaxBackward(dScores.base, probabilities: probabilities.base, dropMask: dropMask?.base, rows: jobs * queryLength,
                            heads: queryHeads, tiles: tiles, scale: factor)
            let ds = dScores.base
            var gradQ: Tensor? = nil, gradK: Tensor? = nil, gradV: Tensor? = nil
            if query.requiresGrad {
                // dQ = dS · K   ([T, S] · [S, D])
                let dq = Tensor(uninitialized: [batch, queryHeads, queryLength, depth])
                for tile in tiles.queryTiles {
                    GEMM.multiplyBatched(transposeA: false, transposeB: k.layout.transposed,
                                         m: tile.count, n: depth, k: tiles.weightColumns(tile),
                                         a: ds, lda: keyLength, offsetsA: scoreOffsets(row: tile.lowerBound),
                                         b: k.pointer, ldb: k.layout.leadingDimension, offsetsB: k.offsets(jobs: jobs, heads: queryHeads, group: group),
                                         beta: 0, c: dq.data, ldc: depth, offsetsC: (0..<jobs).map { ($0 * queryLength + tile.lowerBound) * depth })
                }
                gradQ = dq
            }
            if key.requiresGrad {
                // dK = Σ over the group's query heads of dSᵀ · Q   ([S, T] · [T, D])
                gradK = groupedProduct(batch: batch, kvHeads: kvHeads, group: group, cols: depth, tiles: tiles,
                                       left: ds, right: q)
            }
            if value.requiresGrad {
                // dV = Σ over the group's query heads of P̃ᵀ · dO (P̃ = dropped weights)   ([S, T] · [T, Dv])
                gradV = groupedProduct(batch: batch, kvHeads: kvHeads, group: group, cols: valueDepth, tiles: tiles,
                                       left: weights.base, right: dO)
            }
            return [gradQ, gradK, gradV]
        }
    }

    /// `out[b, kvHead] = Σ_{j < group} leftᵀ(b, kvHead·group + j) · right(…)`, left stored `[T, S]` per job,
    /// out `[S, cols]`; each key tile starts at the first query row that sees it.
    private static func groupedProduct(batch: Int, kvHeads: Int, group: Int, cols: Int, tiles: AttentionTiles,
                                       left: UnsafeMutablePointer<Float>, right: HeadMatrices) -> Tensor {
        let rows = tiles.keyLength, inner = tiles.queryLength
        let result = Tensor(uninitialized: [batch, kvHeads, rows, cols])
        let out = result.data
        let queryHeads = kvHeads * group
        func job(_ index: Int) {
            let b = index / kvHeads, kvHead = index % kvHeads
            for keys in tiles.keyTiles {
                let first = tiles.firstQuery(keys)
                for j in 0..<group {
                    let job = b * queryHeads + kvHead * group + j
                    GEMM.multiply(transposeA: true, transposeB: right.layout.transposed, m: keys.count, n: cols, k: inner - first,
                                  a: left + job * rows * inner + first * rows + keys.lowerBound, lda: rows,
                                  b: right.pointer + right.offset(b, kvHead * group + j) + right.layout.rowOffset(first),
                                  ldb: right.layout.leadingDimension,
                                  beta: j == 0 ? 0 : 1, c: out + index * rows * cols + keys.lowerBound * cols, ldc: cols)
                }
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
}
