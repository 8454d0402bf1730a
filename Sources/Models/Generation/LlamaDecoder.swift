import CKernels
import Foundation
import TensorCore
import WeightIO

/// The decoding engine behind `LlamaForCausalLM.generate`: a KV cache preallocated for the whole
/// generation and appended in place, scratch buffers allocated once, and matrix × few-rows kernels
/// (`DecoderKernels`) instead of sgemm, which would pack a whole weight matrix for a one-row product.
/// It decodes `rows` sequences side by side (the prompts of a batch, or the beams of a beam search), each
/// with its own cache and positions: the tokens of every row go through one pass per chunk of up to
/// `chunkSize` tokens (each weight row read once per chunk), so a decoding step of a batch is one forward.
/// Works on fp32 weights or on GGUF weights kept quantized (`Linear.quantizedWeight`); kept Q4_0/Q4_1/Q8_0
/// weights take the integer kernels (`IntegerKernels.swift`: activations quantized to 8 bits as llama.cpp
/// does) when `integerKernels` is true.
final class LlamaDecoder {
    struct Layer {
        let inputNorm: Tensor, postNorm: Tensor  // [hidden]
        let query: DecoderProjection, key: DecoderProjection, value: DecoderProjection, output: DecoderProjection
        let gate: DecoderProjection, up: DecoderProjection, down: DecoderProjection
        /// `[rows, kvHeads, capacity, headDim]` each, after RoPE.
        let keys: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>
    }

    static let chunkSize = 64
    /// Positions each row's cache holds.
    let capacity: Int
    /// Sequences decoded side by side.
    let rows: Int
    /// Cached positions of each row.
    private(set) var lengths: [Int]
    /// Cached positions of row 0 (the only row of a one-sequence decoder).
    var length: Int { lengths[0] }
    let hidden: Int, heads: Int, kvHeads: Int, headDim: Int, intermediate: Int, vocab: Int
    let eps: Float
    let layers: [Layer]
    let embedding: Embedding
    let finalNorm: Tensor
    let head: DecoderProjection
    /// Scratch, sized for one chunk: `[chunk, …]`.
    let state, normed, query, key, value, context, attended, gate, up: UnsafeMutablePointer<Float>
    let scores: UnsafeMutablePointer<Float>  // [capacity]
    /// `[capacity, headDim / 2]` RoPE tables, computed like TensorCore's `RotaryEmbedding`.
    let cosines, sines: UnsafeMutablePointer<Float>
    /// The logits of the last position processed (one-row decoders).
    var logits: [Float]
    /// Several rows: `[rows, vocab]`, row r's logits at slot `logitSlot[r]` of the last `append`.
    let rowLogits: UnsafeMutablePointer<Float>
    private var logitSlot: [Int]
    private var nextSlot = 0
    /// The chunk being filled: each token's row, id, position and whether its logits are wanted.
    private let pendingRow: UnsafeMutablePointer<Int>, pendingToken: UnsafeMutablePointer<Int32>
    private let pendingPosition: UnsafeMutablePointer<Int>, pendingLogits: UnsafeMutablePointer<Bool>
    private var pending = 0
    /// One layer's cache, for `reorder` (allocated on first use).
    private var spare: UnsafeMutablePointer<Float>?
    /// Quantized activations for the integer kernels (nil: every product in fp32 activations).
    let activations: QuantizedActivations?
    private var allocations: [UnsafeMutablePointer<Float>] = []

    init(model lm: LlamaForCausalLM, capacity: Int, rows: Int = 1, integerKernels: Bool = false) throws {
        let config = lm.config
        guard ["silu", "swish"].contains(config.hiddenAct.lowercased()) else {
            throw ModelError("the fast decoder supports SiLU MLPs only, this model uses \(config.hiddenAct)")
        }
        guard rows >= 1 else { throw ModelError("the decoder needs at least one row, got \(rows)") }
        self.capacity = capacity
        self.rows = rows
        lengths = [Int](repeating: 0, count: rows)
        logitSlot = [Int](repeating: 0, count: rows)
        hidden = config.hiddenSize; heads = config.numAttentionHeads; kvHeads = config.numKeyValueHeads
        headDim = config.headDim; intermediate = config.intermediateSize; vocab = config.vocabSize
        eps = Float(config.rmsNormEps)
        embedding = lm.model.embedTokens
        finalNorm = try lm.model.norm.weight.contiguous()
        head = try DecoderProjection(lm.lmHead)
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
            pointer.initialize(repeating: 0, count: Swift.max(count, 1))
            return pointer
        }
        var made: [UnsafeMutablePointer<Float>] = []
        func tracked(_ count: Int) -> UnsafeMutablePointer<Float> { let p = buffer(count); made.append(p); return p }
        let cacheCount = rows * config.numKeyValueHeads * capacity * config.headDim
        layers = try lm.model.layers.items.map { layer in
            try Layer(inputNorm: layer.inputLayernorm.weight.contiguous(), postNorm: layer.postAttentionLayernorm.weight.contiguous(),
                  query: try DecoderProjection(layer.selfAttn.qProj), key: try DecoderProjection(layer.selfAttn.kProj),
                  value: try DecoderProjection(layer.selfAttn.vProj), output: try DecoderProjection(layer.selfAttn.oProj),
                  gate: try DecoderProjection(layer.mlp.gateProj), up: try DecoderProjection(layer.mlp.upProj),
                  down: try DecoderProjection(layer.mlp.downProj), keys: tracked(cacheCount), values: tracked(cacheCount))
        }
        let chunk = Self.chunkSize
        state = tracked(chunk * hidden); normed = tracked(chunk * hidden); attended = tracked(chunk * hidden)
        query = tracked(chunk * heads * headDim); context = tracked(chunk * heads * headDim)
        key = tracked(chunk * kvHeads * headDim); value = tracked(chunk * kvHeads * headDim)
        gate = tracked(chunk * intermediate); up = tracked(chunk * intermediate)
        scores = tracked(capacity)
        rowLogits = tracked(rows > 1 ? rows * vocab : 1)
        let halfDim = config.headDim / 2
        cosines = tracked(capacity * halfDim); sines = tracked(capacity * halfDim)
        let theta = Float(config.ropeTheta), depth = Float(config.headDim)
        let inverse = (0..<halfDim).map { 1 / powf(theta, Float(2 * $0) / depth) }
        for position in 0..<capacity {
            for i in 0..<halfDim {
                let angle = Float(position) * inverse[i]
                cosines[position * halfDim + i] = cosf(angle)
                sines[position * halfDim + i] = sinf(angle)
            }
        }
        pendingRow = .allocate(capacity: chunk); pendingToken = .allocate(capacity: chunk)
        pendingPosition = .allocate(capacity: chunk); pendingLogits = .allocate(capacity: chunk)
        logits = [Float](repeating: 0, count: rows == 1 ? vocab : 0)
        allocations = made
        let usesIntegers = integerKernels && (layers.contains { $0.query.integer != nil || $0.down.integer != nil } || head.integer != nil)
        activations = usesIntegers ? QuantizedActivations(rows: chunk, columns: Swift.max(hidden, heads * headDim, intermediate)) : nil
    }

    deinit {
        for pointer in allocations { pointer.deallocate() }
        spare?.deallocate()
        pendingRow.deallocate(); pendingToken.deallocate(); pendingPosition.deallocate(); pendingLogits.deallocate()
    }

    /// Bytes of the weights the decoder reads per token (fp32 or quantized).
    var weightBytes: Int {
        layers.reduce(0) { total, layer in
            total + [layer.query, layer.key, layer.value, layer.output, layer.gate, layer.up, layer.down].reduce(0) { $0 + $1.weightBytes }
        } + head.weightBytes
    }

    /// Appends `tokens` to row 0's cache and leaves the logits of the last one in `logits`.
    func append(_ tokens: [Int32]) throws {
        nextSlot = 0
        for (index, token) in tokens.enumerated() { try push(row: 0, token: token, wantsLogits: index == tokens.count - 1) }
        try flush()
    }

    /// Appends `tokens[i]` to row `rows[i]`'s cache, every row in the same passes (one forward for a
    /// decoding step of a batch); the logits of each row's last new token are then `logits(row:)`.
    func append(rows chosen: [Int], tokens: [[Int32]]) throws {
        nextSlot = 0
        for (row, sequence) in zip(chosen, tokens) {
            guard row >= 0, row < rows else { throw ModelError("row \(row) is outside this decoder's \(rows) rows") }
            for (index, token) in sequence.enumerated() { try push(row: row, token: token, wantsLogits: index == sequence.count - 1) }
        }
        try flush()
    }

    /// Copies row `row`'s logits after the last `append` that gave it tokens into `scores` (no allocation
    /// once `scores` holds `vocab` values).
    func copyLogits(row: Int, into scores: inout [Float]) {
        guard rows > 1 else { scores = logits; return }
        if scores.count != vocab { scores = [Float](repeating: 0, count: vocab) }
        let source = rowLogits + logitSlot[row] * vocab
        scores.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress?.update(from: source, count: vocab) }
    }

    /// Row i takes the cache of row `sources[i]` (beam search keeps the beams that continue). Only the
    /// cached positions are copied.
    func reorder(_ sources: [Int]) {
        let headCount = capacity * headDim, rowCount = kvHeads * headCount
        let scratch = spare ?? .allocate(capacity: rows * rowCount)
        spare = scratch
        let moves = sources.enumerated().filter { $0.offset < rows && $0.element >= 0 && $0.element < rows }
        let read = Set(moves.map(\.element))
        for layer in layers {
            for cache in [layer.keys, layer.values] {
                for source in read {
                    for h in 0..<kvHeads {
                        let offset = source * rowCount + h * headCount
                        (scratch + offset).update(from: cache + offset, count: lengths[source] * headDim)
                    }
                }
                for (row, source) in moves {
                    for h in 0..<kvHeads {
                        (cache + row * rowCount + h * headCount).update(from: scratch + source * rowCount + h * headCount,
                                                                        count: lengths[source] * headDim)
                    }
                }
            }
        }
        let old = lengths
        for (row, source) in moves { lengths[row] = old[source] }
    }

    private func push(row: Int, token: Int32, wantsLogits: Bool) throws {
        guard lengths[row] < capacity else {
            throw ModelError("the KV cache holds \(capacity) positions; \(lengths[row] + 1) were asked for")
        }
        pendingRow[pending] = row; pendingToken[pending] = token
        pendingPosition[pending] = lengths[row]; pendingLogits[pending] = wantsLogits
        if wantsLogits { logitSlot[row] = nextSlot; nextSlot += 1 }
        lengths[row] += 1
        pending += 1
        if pending == Self.chunkSize { try flush() }
    }

    /// Runs the pending tokens through every layer, then the head for those whose logits are wanted.
    private func flush() throws {
        let count = pending
        guard count > 0 else { return }
        pending = 0
        for t in 0..<count { try embed(pendingToken[t], into: state + t * hidden) }
        for layer in layers {
            for t in 0..<count { rmsNorm(state + t * hidden, layer.inputNorm, into: normed + t * hidden) }
            try DecoderKernels.multiply([(layer.query, query), (layer.key, key), (layer.value, value)], input: normed, count: count, scratch: activations)
            for t in 0..<count { storeKeysValues(layer, token: t) }
            for t in 0..<count { attend(layer, token: t) }
            try DecoderKernels.multiply([(layer.output, attended)], input: context, count: count, scratch: activations)
            addResidual(count: count)
            for t in 0..<count { rmsNorm(state + t * hidden, layer.postNorm, into: normed + t * hidden) }
            try DecoderKernels.multiply([(layer.gate, gate), (layer.up, up)], input: normed, count: count, scratch: activations)
            if activations != nil {
                // Integer path (within its logits tolerance): vectorised exp; count·intermediate fits Int32 (scratch sizes).
                lrq_silu_multiply(gate, up, Int32(truncatingIfNeeded: count * intermediate))
            } else {
                for i in 0..<(count * intermediate) {
                    let g = gate[i]
                    gate[i] = g / (1 + Foundation.exp(-g)) * up[i]
                }
            }
            try DecoderKernels.multiply([(layer.down, attended)], input: gate, count: count, scratch: activations)
            addResidual(count: count)
        }
        // The wanted positions' final norms, side by side; their slots are consecutive (given in push order).
        var wanted = 0, firstSlot = -1
        for t in 0..<count where pendingLogits[t] {
            if firstSlot < 0 { firstSlot = logitSlot[pendingRow[t]] }
            rmsNorm(state + t * hidden, finalNorm, into: normed + wanted * hidden)
            wanted += 1
        }
        guard wanted > 0 else { return }
        if rows == 1 {
            try logits.withUnsafeMutableBufferPointer { buffer in
                guard let out = buffer.baseAddress else { return }
                try DecoderKernels.multiply([(head, out)], input: normed, count: 1, scratch: activations)
            }
        } else {
            try DecoderKernels.multiply([(head, rowLogits + firstSlot * vocab)], input: normed, count: wanted, scratch: activations)
        }
    }

    private func embed(_ token: Int32, into destination: UnsafeMutablePointer<Float>) throws {
        let row = Int(token)
        guard row >= 0, row < vocab else { throw ModelError("token \(token) is outside the \(vocab)-token vocabulary") }
        if let quantized = embedding.quantizedWeight {
            try quantized.dequantizeRow(row, into: destination)
        } else {
            let weight = try embedding.weight.contiguous()
            destination.update(from: weight.storage.base + weight.offset + row * hidden, count: hidden)
        }
    }

    /// `state += attended` for the chunk's tokens.
    private func addResidual(count: Int) {
        if activations != nil {
            // Integer path: the vectorised C loop (the same sums); count·hidden fits Int32 (scratch sizes).
            lrq_add(state, attended, Int32(truncatingIfNeeded: count * hidden))
            return
        }
        for i in 0..<(count * hidden) { state[i] += attended[i] }
    }

    /// LlamaRMSNorm, with TensorCore's operation order (fp32 path) or with the sum of squares in vector
    /// lanes (integer path, within its logits tolerance).
    private func rmsNorm(_ x: UnsafeMutablePointer<Float>, _ weight: Tensor, into y: UnsafeMutablePointer<Float>) {
        let g = weight.storage.base + weight.offset
        if activations != nil {
            lrq_rms_norm(x, g, Int32(truncatingIfNeeded: hidden), eps, y)  // hidden ≤ the scratch's Int32 columns
            return
        }
        var squares: Float = 0
        for i in 0..<hidden { squares += x[i] * x[i] }
        let rstd = 1 / (squares / Float(hidden) + eps).squareRoot()
        for i in 0..<hidden { y[i] = x[i] * rstd * g[i] }
    }

    /// Rotates `vector` (one head) for `position` in HF's rotate-half layout.
    private func rotate(_ vector: UnsafeMutablePointer<Float>, position: Int) {
        let halfDim = headDim / 2
        let c = cosines + position * halfDim, s = sines + position * halfDim
        for i in 0..<halfDim {
            let a = vector[i], b = vector[i + halfDim]
            vector[i] = a * c[i] - b * s[i]
            vector[i + halfDim] = b * c[i] + a * s[i]
        }
    }

    /// RoPE on pending token t's query and key heads; key and value stored in its row's cache at its position.
    private func storeKeysValues(_ layer: Layer, token t: Int) {
        let row = pendingRow[t], position = pendingPosition[t]
        for h in 0..<heads { rotate(query + (t * heads + h) * headDim, position: position) }
        for h in 0..<kvHeads {
            let k = key + (t * kvHeads + h) * headDim
            rotate(k, position: position)
            let slot = ((row * kvHeads + h) * capacity + position) * headDim
            (layer.keys + slot).update(from: k, count: headDim)
            (layer.values + slot).update(from: value + (t * kvHeads + h) * headDim, count: headDim)
        }
    }

    /// Causal attention of pending token t over positions 0...position of its row; writes `context [heads·headDim]`.
    private func attend(_ layer: Layer, token t: Int) {
        let row = pendingRow[t], position = pendingPosition[t]
        let scale = 1 / Float(headDim).squareRoot()
        if activations != nil {
            // Integer path (within its logits tolerance): vectorised scores, exp and weighted sum, no allocation.
            // Head counts, headDim and positions are bounded by the config and the cache (Int32 scratch sizes).
            let cache = row * kvHeads * capacity * headDim
            lrq_attend(query + t * heads * headDim, layer.keys + cache, layer.values + cache, Int32(truncatingIfNeeded: heads),
                       Int32(truncatingIfNeeded: kvHeads), Int32(truncatingIfNeeded: headDim), capacity * headDim,
                       Int32(truncatingIfNeeded: position + 1), scale, scores, context + t * heads * headDim)
            return
        }
        let group = heads / kvHeads
        for h in 0..<heads {
            let q = query + (t * heads + h) * headDim
            let kvHead = h / group
            let cache = (row * kvHeads + kvHead) * capacity * headDim
            let keys = layer.keys + cache, values = layer.values + cache
            var peak = -Float.greatestFiniteMagnitude
            for s in 0...position {
                let score = DecoderKernels.dot(q, keys + s * headDim, headDim) * scale
                scores[s] = score
                peak = Swift.max(peak, score)
            }
            var total: Float = 0
            for s in 0...position {
                let e = Foundation.exp(scores[s] - peak)
                scores[s] = e
                total += e
            }
            let out = context + (t * heads + h) * headDim
            out.initialize(repeating: 0, count: headDim)
            let inverseTotal = 1 / total
            for s in 0...position {
                let weight = scores[s] * inverseTotal
                let v = values + s * headDim
                for d in 0..<headDim { out[d] += weight * v[d] }
            }
        }
    }
}
