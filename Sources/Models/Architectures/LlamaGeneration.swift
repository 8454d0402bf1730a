import PythonBasics
import Foundation
import TensorCore

/// Keys and values of every layer for the tokens seen so far, so each new token costs one position.
public final class KVCache {
    let layers: [LayerCache]

    public init(layerCount: Int) { layers = (0..<layerCount).map { _ in LayerCache() } }

    /// Number of cached positions.
    public var length: Int { layers.first?.length ?? 0 }
}

/// One layer's cached `[B, Hkv, S, D]` keys and values (after RoPE).
final class LayerCache {
    var keys: Tensor?
    var values: Tensor?
    var length: Int { keys?.shape[2] ?? 0 }
}

/// `generate()` arguments, with transformers' defaults.
public struct GenerationOptions {
    public var maxNewTokens: Int = 20
    /// Sample from the (processed) distribution instead of taking the arg-max.
    public var doSample: Bool = false
    public var temperature: Float = 1
    /// Keep the k most likely tokens (0 = off). transformers' default is 50.
    public var topK: Int = 50
    /// Keep the smallest set of tokens whose probability reaches p (1 = off).
    public var topP: Float = 1
    /// > 1 discourages tokens already in the prompt or output (CTRL-style, as transformers).
    public var repetitionPenalty: Float = 1
    /// Stop after any of these (default: the config's eos_token_id).
    public var eosTokenIds: [Int32]?
    /// Seed of the sampling generator (nil: the model's generator).
    public var seed: UInt64?
    /// Weights kept in Q4_0/Q4_1/Q8_0 blocks (`keep_quantized=True`) multiply 8-bit activations with integer
    /// kernels (llama.cpp's scheme): ~3× faster decoding, logits within 2% of the largest logit of the
    /// fp32-activation products, but greedy output can differ at near-ties (SmolLM2's greedy fixture: 1 of 2
    /// identical). On by default; false (or LORAREPL_INTEGER_KERNELS=0 in the environment) gives fp32
    /// activations, equal to the dequantized fp32 model within 1e-4. fp32-loaded weights are unaffected.
    public var integerKernels: Bool = GenerationOptions.integerKernelsByDefault

    /// True unless the environment sets LORAREPL_INTEGER_KERNELS=0 (docs/performance.md).
    public static let integerKernelsByDefault: Bool = ProcessInfo.processInfo.environment["LORAREPL_INTEGER_KERNELS"] != "0"
    /// The end-of-sequence token is masked until this many new tokens exist (`min_new_tokens`).
    public var minNewTokens: Int = 0
    /// The end-of-sequence token is masked until the sequence (prompt included) has this length (`min_length`).
    public var minLength: Int = 0
    /// No n-gram of this size occurs twice (`no_repeat_ngram_size`; 0 = off).
    public var noRepeatNgramSize: Int = 0
    /// Token sequences never generated (`bad_words_ids`).
    public var badWordsIds: [[Int32]] = []
    /// Beam search with this many beams (`num_beams`; 1 = greedy or sampling).
    public var numBeams: Int = 1
    /// Beam search: finished scores are divided by generated_length^length_penalty.
    public var lengthPenalty: Float = 1
    public var earlyStopping: EarlyStopping = .heuristic
    /// Sequences returned per prompt (beam search: the best ones; sampling: independent draws).
    public var numReturnSequences: Int = 1
    /// Filled with the per-step scores and all returned sequences when given.
    public var trace: GenerationTrace? = nil

    public init(maxNewTokens: Int = 20, doSample: Bool = false, temperature: Float = 1, topK: Int = 50, topP: Float = 1,
                repetitionPenalty: Float = 1, eosTokenIds: [Int32]? = nil, seed: UInt64? = nil) {
        self.maxNewTokens = maxNewTokens
        self.doSample = doSample
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.repetitionPenalty = repetitionPenalty
        self.eosTokenIds = eosTokenIds
        self.seed = seed
    }

    func validate() throws {
        guard maxNewTokens >= 0 else { throw ModelError("max_new_tokens must be 0 or more, got \(maxNewTokens)") }
        guard temperature > 0 || !doSample else {
            throw ModelError("temperature must be positive when sampling, got \(temperature)", help: "use do_sample=False for greedy decoding")
        }
        guard topP > 0, topP <= 1 else { throw ModelError("top_p must be in (0, 1], got \(topP)") }
        guard topK >= 0 else { throw ModelError("top_k must be 0 or more, got \(topK)") }
        guard repetitionPenalty > 0 else { throw ModelError("repetition_penalty must be positive, got \(repetitionPenalty)") }
        guard minNewTokens >= 0, minLength >= 0 else { throw ModelError("min_new_tokens and min_length must be 0 or more") }
        guard noRepeatNgramSize >= 0 else { throw ModelError("`no_repeat_ngram_size` has to be a strictly positive integer, but is \(noRepeatNgramSize)") }
        guard numBeams >= 1 else { throw ModelError("num_beams must be 1 or more, got \(numBeams)") }
        guard numReturnSequences >= 1 else { throw ModelError("num_return_sequences must be 1 or more, got \(numReturnSequences)") }
        if numBeams == 1, !doSample, numReturnSequences > 1 {
            throw ModelError("Greedy methods without beam search do not support `num_return_sequences` different than 1 (got \(numReturnSequences)).",
                             help: "use num_beams >= num_return_sequences, or do_sample=True")
        }
        if numBeams > 1, numReturnSequences > numBeams {
            throw ModelError("`num_return_sequences` (\(numReturnSequences)) has to be smaller or equal to `num_beams` (\(numBeams)).")
        }
        for words in badWordsIds where words.isEmpty || words.contains(where: { $0 < 0 }) {
            throw ModelError("`bad_words_ids` has to be a list of lists of positive integers, got \(badWordsIds)")
        }
    }
}

extension LlamaForCausalLM {
    /// Generates up to `maxNewTokens` tokens after `prompt` with a KV cache (the prompt is processed
    /// once, then one position per step). Greedy unless `doSample`; logits are processed like
    /// transformers: repetition penalty, then temperature, top-k, top-p. Stops after an EOS token.
    /// `onToken` sees each new token as it is chosen (streaming); return false from it to stop.
    /// Returns only the new tokens.
    func continueTokens(_ prompt: [Int32], options: GenerationOptions, onToken: ((Int32) -> Bool)?) throws -> [Int32] {
        try options.validate()
        guard !prompt.isEmpty else { throw ModelError("generation needs at least one prompt token", help: "encode a prompt first") }
        let vocab = config.vocabSize
        if let bad = prompt.first(where: { $0 < 0 || Int($0) >= vocab }) {
            throw ModelError("prompt token \(bad) is outside the \(vocab)-token vocabulary", help: "use the tokenizer that belongs to this model")
        }
        let eos = options.eosTokenIds ?? config.eosTokenIds.compactMap { Int32(exactly: $0) }
        let sampler = options.seed.map { RandomGenerator(seed: $0) } ?? randomness.generator
        var seen = prompt
        var generated: [Int32] = []
        var next = prompt
        let wasTraining = isTraining
        isTraining = false
        defer { isTraining = wasTraining }
        guard options.maxNewTokens > 0 else { return [] }
        // Positions beyond max_position_embeddings are never generated (the cache is sized for at most that many).
        let maxPositions = config.maxPositionEmbeddings
        guard prompt.count < maxPositions else {
            throw ModelError("the prompt has \(prompt.count) tokens but this model handles at most \(maxPositions) (max_position_embeddings), "
                             + "with room for new tokens", help: "shorten the prompt (tokenize with truncation=True, max_length=\(maxPositions - 1))")
        }
        let newTokens = min(options.maxNewTokens, maxPositions - prompt.count)
        // One preallocated cache for the prompt and every new token; the decoder appends in place.
        try MemoryBudget.check(shape: [2, config.numHiddenLayers, config.numKeyValueHeads, prompt.count + newTokens, config.headDim],
                               bytesPerElement: MemoryLayout<Float>.stride, what: "the KV cache for \(prompt.count + newTokens) positions",
                               help: "use a smaller max_new_tokens")
        if options.numBeams > 1 { return try beamSearch(prompt, options: options, eos: eos, newTokens: newTokens, generator: sampler) }
        let decoder = try LlamaDecoder(model: self, capacity: prompt.count + newTokens, integerKernels: options.integerKernels)
        seen.reserveCapacity(prompt.count + newTokens)
        generated.reserveCapacity(newTokens)
        try Autograd.noGrad {
            while generated.count < newTokens {
                try decoder.append(next)
                let token = try Self.choose(&decoder.logits, seen: seen, promptLength: prompt.count, eos: eos, options: options, generator: sampler)
                generated.append(token)
                seen.append(token)
                next = [token]
                if let onToken, !onToken(token) { break }
                if eos.contains(token) { break }
            }
        }
        options.trace?.sequences.append(generated)
        return generated
    }

    /// Greedy decoding (`generate` with `do_sample=False`).
    public func greedyGenerate(_ prompt: [Int32], maxNewTokens: Int, eosTokenIds: [Int32] = []) throws -> [Int32] {
        try generate(prompt, options: GenerationOptions(maxNewTokens: maxNewTokens, eosTokenIds: eosTokenIds))
    }

    /// Applies the logits processors and picks the next token.
    static func choose(_ scores: inout [Float], seen: [Int32], promptLength: Int, eos: [Int32], options: GenerationOptions,
                       generator: RandomGenerator) throws -> Int32 {
        LogitsProcessors.apply(&scores, sequence: seen, promptLength: promptLength, eos: eos, options: options)
        guard options.doSample else {
            if options.trace?.keepScores == true { options.trace?.scores.append([scores]) }
            return Int32(argmax(scores))
        }
        defer { if options.trace?.keepScores == true { options.trace?.scores.append([scores]) } }
        LogitsProcessors.warp(&scores, options: options)
        let peak = scores.max() ?? 0
        let probabilities = scores.map { $0 == -.infinity ? 0 : Double(Foundation.exp($0 - peak)) }
        let total = probabilities.reduce(0, +)
        var target = generator.nextUniformDouble() * total
        for (index, probability) in probabilities.enumerated() where probability > 0 {
            target -= probability
            if target < 0 { return Int32(index) }
        }
        return Int32(argmax(probabilities.map { Float($0) }))
    }

    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }
}
