import PythonBasics
import Foundation
import TensorCore

/// `self_attn`: q/k/v/o projections, RoPE in Hugging Face's rotate-half layout, grouped-query attention.
public final class LlamaAttention: Module {
    public let qProj: Linear
    public let kProj: Linear
    public let vProj: Linear
    public let oProj: Linear
    let attention: AttentionHeads
    let kvHeads: Int
    let rotary: RotaryEmbedding

    init(config: ModelConfig, randomness: RandomSource) throws {
        let hidden = config.hiddenSize, headDim = config.headDim, heads = config.numAttentionHeads
        attention = AttentionHeads(config: config, randomness: randomness)
        kvHeads = config.numKeyValueHeads
        qProj = try Linear(inFeatures: hidden, outFeatures: heads * headDim, bias: config.attentionBias)
        kProj = try Linear(inFeatures: hidden, outFeatures: kvHeads * headDim, bias: config.attentionBias)
        vProj = try Linear(inFeatures: hidden, outFeatures: kvHeads * headDim, bias: config.attentionBias)
        oProj = try Linear(inFeatures: heads * headDim, outFeatures: hidden, bias: config.attentionBias)
        rotary = try RotaryEmbedding(headDim: headDim, base: Float(config.ropeTheta), layout: .halves)
        super.init()
        register(("q_proj", qProj), ("k_proj", kProj), ("v_proj", vProj), ("o_proj", oProj))
    }

    /// `[B, T, hidden]` → `[B, T, hidden]`, causal, keys masked by `mask` `[B, past + T]`. With a
    /// cache, the new tokens sit at positions `cache.length…` and their keys/values are appended.
    func callAsFunction(_ hidden: Tensor, mask: IntTensor?, cache: LayerCache? = nil) throws -> Tensor {
        let offset = cache?.length ?? 0
        let q = try rotary.apply(AttentionMath.splitHeads(qProj(hidden), heads: attention.heads), positionOffset: offset)  // [B, H, T, D]
        var k = try rotary.apply(AttentionMath.splitHeads(kProj(hidden), heads: kvHeads), positionOffset: offset)  // [B, Hkv, T, D]
        var v = try AttentionMath.splitHeads(vProj(hidden), heads: kvHeads)
        if let cache {
            if let pastKeys = cache.keys, let pastValues = cache.values {
                k = try Tensor.concat([pastKeys, k], axis: 2)  // [B, Hkv, past + T, D]
                v = try Tensor.concat([pastValues, v], axis: 2)
            }
            cache.keys = k.detached()
            cache.values = v.detached()
        }
        return try oProj(attention.attend(query: q, key: k, value: v, mask: mask, causal: true, training: isTraining))
    }
}

/// `mlp`: down_proj(silu(gate_proj(x)) · up_proj(x)).
public final class LlamaMLP: Module {
    public let gateProj: Linear
    public let upProj: Linear
    public let downProj: Linear
    let activation: Activation

    init(config: ModelConfig) throws {
        gateProj = try Linear(inFeatures: config.hiddenSize, outFeatures: config.intermediateSize, bias: config.mlpBias)
        upProj = try Linear(inFeatures: config.hiddenSize, outFeatures: config.intermediateSize, bias: config.mlpBias)
        downProj = try Linear(inFeatures: config.intermediateSize, outFeatures: config.hiddenSize, bias: config.mlpBias)
        activation = try Activation(huggingFaceName: config.hiddenAct)
        super.init()
        register(("gate_proj", gateProj), ("up_proj", upProj), ("down_proj", downProj))
    }

    /// `[B, T, hidden]` → `[B, T, hidden]`; the gate's activation and the product are one fused operation.
    func callAsFunction(_ x: Tensor) throws -> Tensor {
        try downProj(Tensor.gatedActivation(gate: gateProj(x), up: upProj(x), activation: activation))  // [B, T, intermediate] inside
    }
}

/// `model.layers.<i>`: pre-norm attention and MLP with residuals.
public final class LlamaDecoderLayer: Module {
    public let selfAttn: LlamaAttention, mlp: LlamaMLP, inputLayernorm: RMSNorm, postAttentionLayernorm: RMSNorm

    init(config: ModelConfig, randomness: RandomSource) throws {
        selfAttn = try LlamaAttention(config: config, randomness: randomness)
        mlp = try LlamaMLP(config: config)
        inputLayernorm = try RMSNorm(dimension: config.hiddenSize, eps: config.rmsNormEps)
        postAttentionLayernorm = try RMSNorm(dimension: config.hiddenSize, eps: config.rmsNormEps)
        super.init()
        register(("self_attn", selfAttn), ("mlp", mlp), ("input_layernorm", inputLayernorm),
                 ("post_attention_layernorm", postAttentionLayernorm))
    }

    func callAsFunction(_ hidden: Tensor, mask: IntTensor?, cache: LayerCache? = nil) throws -> Tensor {
        let attended = try selfAttn(inputLayernorm(hidden), mask: mask, cache: cache) + hidden
        return try mlp(postAttentionLayernorm(attended)) + attended
    }
}

/// The LLaMA decoder (`LlamaModel`): embed_tokens, layers, final norm.
public final class LlamaModel: PreTrainedModel {
    public let embedTokens: Embedding
    public let layers: ModuleList<LlamaDecoderLayer>
    public let norm: RMSNorm

    public init(config: ModelConfig, randomness: RandomSource) throws {
        embedTokens = try Embedding(count: config.vocabSize, dimension: config.hiddenSize, paddingIndex: config.padTokenId)
        layers = ModuleList(try (0..<config.numHiddenLayers).map { _ in try LlamaDecoderLayer(config: config, randomness: randomness) })
        norm = try RMSNorm(dimension: config.hiddenSize, eps: config.rmsNormEps)
        super.init(modelConfig: config, randomness: randomness)
        register(("embed_tokens", embedTokens), ("layers", layers), ("norm", norm))
    }

    override public var keyRules: KeyMatchingRules {
        KeyMatchingRules(basePrefix: "model", mayInitialize: { _ in false }, otherHeadPrefixes: ["lm_head.", "score."],
                         ignoredSuffixes: ["rotary_emb.inv_freq"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        try AttentionMath.checkInputs(inputIds, masks: [("attention_mask", attentionMask)])
        return ModelOutput(lastHiddenState: try hiddenStates(inputIds, attentionMask: attentionMask, cache: nil))
    }

    /// `[B, T]` ids → normalised `[B, T, hidden]`; with a cache, `attentionMask` covers past + new tokens.
    func hiddenStates(_ inputIds: IntTensor, attentionMask: IntTensor?, cache: KVCache?) throws -> Tensor {
        try checkSequenceLength(inputIds, past: cache?.length ?? 0)
        var hidden = try embedTokens(inputIds)  // [B, T, hidden]
        for (index, layer) in layers.items.enumerated() {
            hidden = try layer(hidden, mask: attentionMask, cache: cache?.layers[index])
        }
        return try norm(hidden)
    }
}

extension LlamaModel {
    /// Refuses a sequence longer than `max_position_embeddings` (positions the model was trained for),
    /// and attention scores that would not fit in memory, before anything is allocated.
    func checkSequenceLength(_ inputIds: IntTensor, past: Int) throws {
        let length = inputIds.shape.count == 2 ? inputIds.shape[1] : inputIds.count
        let maxPositions = config.maxPositionEmbeddings
        guard past + length <= maxPositions else {
            throw ModelError("the input has \(past + length) tokens but this model handles at most \(maxPositions) (max_position_embeddings)",
                             help: "tokenize with truncation=True, max_length=\(maxPositions), or split the text into chunks")
        }
        let batch = inputIds.shape.first ?? 1
        try MemoryBudget.check(shape: [batch, config.numAttentionHeads, length, past + length], bytesPerElement: 2 * MemoryLayout<Float>.stride,
                               what: "the attention scores of \(batch) × \(length) tokens",
                               help: "use a smaller batch or shorter sequences (max_length=…)")
    }
}

/// `LlamaForCausalLM`: the decoder plus `lm_head` (tied to `embed_tokens` when the config says so);
/// loss = next-token cross-entropy with the labels shifted inside, −100 ignored.
public final class LlamaForCausalLM: PreTrainedModel {
    public let model: LlamaModel
    public let lmHead: Linear

    public init(config: ModelConfig, randomness: RandomSource) throws {
        model = try LlamaModel(config: config, randomness: randomness)
        lmHead = try Linear(inFeatures: config.hiddenSize, outFeatures: config.vocabSize, bias: false)
        if config.tieWordEmbeddings { lmHead.weight = model.embedTokens.weight }
        super.init(modelConfig: config, randomness: randomness)
        register(("model", model), ("lm_head", lmHead))
    }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: "CausalLMOutputWithPast", taskHeads: ["lm_head"], canGenerate: true)
    }

    /// Continues `prompt` (see `continueTokens`: KV cache, greedy or sampled, streaming through `onToken`).
    override public func generate(_ prompt: [Int32], options: GenerationOptions = GenerationOptions(),
                                  onToken: ((Int32) -> Bool)? = nil) throws -> [Int32] {
        try continueTokens(prompt, options: options, onToken: onToken)
    }

    /// Continues every prompt of a batch side by side (see `continueBatch`: one forward per step).
    override public func generate(batch prompts: [[Int32]], options: GenerationOptions = GenerationOptions(), padTokenId: Int32,
                                  onStep: (() -> Bool)? = nil) throws -> [[Int32]] {
        try continueBatch(prompts, options: options, padTokenId: padTokenId, onStep: onStep)
    }

    override public var keyRules: KeyMatchingRules {
        let tied = config.tieWordEmbeddings
        return KeyMatchingRules(basePrefix: "model", mayInitialize: { $0.hasPrefix("lm_head.") }, otherHeadPrefixes: ["score."],
                                ignoredSuffixes: tied ? ["rotary_emb.inv_freq", "lm_head.weight"] : ["rotary_emb.inv_freq"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        var output = try model.forward(inputIds: inputIds, attentionMask: attentionMask)
        guard let hidden = output.lastHiddenState else { throw ModelError("LLaMA returned no hidden states") }
        guard let labels else {
            output.logits = try lmHead(hidden)  // [B, T, vocab]
            return output
        }
        guard case .classes(let ids) = labels else {
            throw ModelError("a causal language model needs integer token labels", help: "pass labels = input_ids (with -100 where no loss is wanted)")
        }
        let shifted = try shiftedLabels(ids, batch: hidden.shape[0], length: hidden.shape[1])
        if headIsPlainProduct {
            // The loss makes logits only for labelled positions (each row's last position and every −100
            // have none); the full [B, T, vocab] logits are made if and when they are read.
            let weight = lmHead.weight
            if weight.requiresGrad {
                // A trainable head changes in place after the step, so its logits are made now (and reused).
                let logits = try lmHead(hidden)
                output.logits = logits
                output.loss = try Tensor.crossEntropyOfLinear(input: hidden, weight: weight, labels: shifted, logits: logits)
            } else {
                output.loss = try Tensor.crossEntropyOfLinear(input: hidden, weight: weight, labels: shifted)
                output.deferLogits { try Tensor.linear(hidden, weight: weight) }
            }
        } else {
            let logits = try lmHead(hidden)
            output.logits = logits
            output.loss = try Tensor.crossEntropy(logits: logits.reshape([shifted.count, config.vocabSize]), labels: shifted)
        }
        return output
    }

    /// Whether `lm_head` is a plain `hidden · Wᵀ` (no bias, adapter or quantized weight), so the loss may
    /// multiply only the labelled positions and send its backward straight to the hidden states
    /// (`Tensor.crossEntropyOfLinear`).
    var headIsPlainProduct: Bool { lmHead.bias == nil && !lmHead.isAdapted && lmHead.quantizedWeight == nil }

    /// transformers' `ForCausalLMLoss` labels, flattened `[B·T]`: position t predicts label t+1; the last
    /// position predicts nothing (−100).
    func shiftedLabels(_ labels: IntTensor, batch: Int, length: Int) throws -> IntTensor {
        guard labels.shape == [batch, length] else {
            throw ModelError("labels have shape \(shapeText(labels.shape)) but input_ids have [\(batch), \(length)]",
                             help: "labels are the input ids themselves (shifted inside the loss)")
        }
        var shifted = [Int32](repeating: -100, count: batch * length)
        for b in 0..<batch {
            for t in 0..<Swift.max(0, length - 1) { shifted[b * length + t] = labels.values[b * length + t + 1] }
        }
        let vocab = config.vocabSize
        if let bad = shifted.first(where: { $0 != -100 && ($0 < 0 || Int($0) >= vocab) }) {
            throw ModelError("label \(bad) is not a token id of this \(vocab)-token vocabulary", help: "use -100 for positions without a loss")
        }
        return try IntTensor(shape: [batch * length], values: shifted)
    }
}
