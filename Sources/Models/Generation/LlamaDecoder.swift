import Foundation
import TensorCore
import WeightIO

/// The decoding engine behind `LlamaForCausalLM.generate`: a KV cache preallocated for the whole
/// generation and appended in place, scratch buffers allocated once, and matrix × few-rows kernels
/// (`DecoderKernels`) instead of sgemm, which would pack a whole weight matrix for a one-row product.
/// Prompts run in chunks of up to `chunkSize` tokens (each weight row read once per chunk).
/// Works on fp32 weights or on GGUF weights kept quantized (`Linear.quantizedWeight`); kept Q4_0/Q4_1/Q8_0
/// weights take the integer kernels (`IntegerKernels.swift`: activations quantized to 8 bits as llama.cpp
/// does) when `integerKernels` is true.
final class LlamaDecoder {
    struct Layer {
        let inputNorm: Tensor, postNorm: Tensor  // [hidden]
        let query: DecoderProjection, key: DecoderProjection, value: DecoderProjection, output: DecoderProjection
        let gate: DecoderProjection, up: DecoderProjection, down: DecoderProjection
        /// `[kvHeads, capacity, headDim]` each, after RoPE.
        let keys: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>
    }

    static let chunkSize = 64
    let capacity: Int
    private(set) var length = 0
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
    /// The logits of the last position processed.
    var logits: [Float]
    /// Quantized activations for the integer kernels (nil: every product in fp32 activations).
    let activations: QuantizedActivations?
    private var allocations: [UnsafeMutablePointer<Float>] = []

    init(model lm: LlamaForCausalLM, capacity: Int, integerKernels: Bool = false) throws {
        let config = lm.config
        guard ["silu", "swish"].contains(config.hiddenAct.lowercased()) else {
            throw ModelError("the fast decoder supports SiLU MLPs only, this model uses \(config.hiddenAct)")
        }
        self.capacity = capacity
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
        let cacheCount = config.numKeyValueHeads * capacity * config.headDim
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
        logits = [Float](repeating: 0, count: vocab)
        allocations = made
        let usesIntegers = integerKernels && (layers.contains { $0.query.integer != nil || $0.down.integer != nil } || head.integer != nil)
        activations = usesIntegers ? QuantizedActivations(rows: chunk, columns: Swift.max(hidden, heads * headDim, intermediate)) : nil
    }

    deinit { for pointer in allocations { pointer.deallocate() } }

    /// Every layer's cached keys and values and the cached length (beam search keeps one per beam).
    struct CacheSnapshot {
        var keys: [[Float]]
        var values: [[Float]]
        var length: Int
    }

    func snapshot() -> CacheSnapshot {
        let count = kvHeads * capacity * headDim
        return CacheSnapshot(keys: layers.map { Array(UnsafeBufferPointer(start: $0.keys, count: count)) },
                             values: layers.map { Array(UnsafeBufferPointer(start: $0.values, count: count)) }, length: length)
    }

    /// Puts a snapshot of this decoder (same capacity) back.
    func restore(_ snapshot: CacheSnapshot) {
        let count = kvHeads * capacity * headDim
        for (index, layer) in layers.enumerated() where index < snapshot.keys.count && index < snapshot.values.count {
            snapshot.keys[index].withUnsafeBufferPointer { source in
                if let base = source.baseAddress, source.count == count { layer.keys.update(from: base, count: count) }
            }
            snapshot.values[index].withUnsafeBufferPointer { source in
                if let base = source.baseAddress, source.count == count { layer.values.update(from: base, count: count) }
            }
        }
        length = snapshot.length
    }

    /// Bytes of the weights the decoder reads per token (fp32 or quantized).
    var weightBytes: Int {
        layers.reduce(0) { total, layer in
            total + [layer.query, layer.key, layer.value, layer.output, layer.gate, layer.up, layer.down].reduce(0) { $0 + $1.weightBytes }
        } + head.weightBytes
    }

    /// Appends `tokens` to the cache and leaves the logits of the last one in `logits`.
    func append(_ tokens: [Int32]) throws {
        guard length + tokens.count <= capacity else {
            throw ModelError("the KV cache holds \(capacity) positions; \(length + tokens.count) were asked for")
        }
        var start = 0
        while start < tokens.count {
            let end = Swift.min(tokens.count, start + Self.chunkSize)
            try run(Array(tokens[start..<end]), last: end == tokens.count)
            start = end
        }
    }

    private func run(_ tokens: [Int32], last: Bool) throws {
        let count = tokens.count, past = length
        for (t, token) in tokens.enumerated() { try embed(token, into: state + t * hidden) }
        for layer in layers {
            for t in 0..<count { rmsNorm(state + t * hidden, layer.inputNorm, into: normed + t * hidden) }
            try DecoderKernels.multiply([(layer.query, query), (layer.key, key), (layer.value, value)], input: normed, count: count, scratch: activations)
            for t in 0..<count { storeKeysValues(layer, token: t, position: past + t) }
            for t in 0..<count { attend(layer, token: t, position: past + t) }
            try DecoderKernels.multiply([(layer.output, attended)], input: context, count: count, scratch: activations)
            for i in 0..<(count * hidden) { state[i] += attended[i] }
            for t in 0..<count { rmsNorm(state + t * hidden, layer.postNorm, into: normed + t * hidden) }
            try DecoderKernels.multiply([(layer.gate, gate), (layer.up, up)], input: normed, count: count, scratch: activations)
            for i in 0..<(count * intermediate) {
                let g = gate[i]
                gate[i] = g / (1 + Foundation.exp(-g)) * up[i]
            }
            try DecoderKernels.multiply([(layer.down, attended)], input: gate, count: count, scratch: activations)
            for i in 0..<(count * hidden) { state[i] += attended[i] }
        }
        length += count
        guard last else { return }
        rmsNorm(state + (count - 1) * hidden, finalNorm, into: normed)
        try logits.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress else { return }
            try DecoderKernels.multiply([(head, out)], input: normed, count: 1, scratch: activations)
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

    /// LlamaRMSNorm, with TensorCore's operation order.
    private func rmsNorm(_ x: UnsafeMutablePointer<Float>, _ weight: Tensor, into y: UnsafeMutablePointer<Float>) {
        let g = weight.storage.base + weight.offset
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

    /// RoPE on the token's query and key heads; key and value appended to the cache at `position`.
    private func storeKeysValues(_ layer: Layer, token t: Int, position: Int) {
        for h in 0..<heads { rotate(query + (t * heads + h) * headDim, position: position) }
        for h in 0..<kvHeads {
            let k = key + (t * kvHeads + h) * headDim
            rotate(k, position: position)
            let slot = (h * capacity + position) * headDim
            (layer.keys + slot).update(from: k, count: headDim)
            (layer.values + slot).update(from: value + (t * kvHeads + h) * headDim, count: headDim)
        }
    }

    /// Causal attention of one query token over positions 0...position; writes `context [heads·headDim]`.
    private func attend(_ layer: Layer, token t: Int, position: Int) {
        let scale = 1 / Float(headDim).squareRoot()
        let group = heads / kvHeads
        for h in 0..<heads {
            let q = query + (t * heads + h) * headDim
            let kvHead = h / group
            let keys = layer.keys + kvHead * capacity * headDim, values = layer.values + kvHead * capacity * headDim
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
