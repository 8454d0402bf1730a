import Foundation
import TensorCore

/// `bert.embeddings` (word + position + token-type embeddings → LayerNorm → dropout) and DistilBERT's
/// `distilbert.embeddings` (transformers' `Embeddings`: the same without token types).
public final class BertEmbeddings: Module {
    public let wordEmbeddings: Embedding
    public let positionEmbeddings: Embedding
    /// Nil for DistilBERT.
    public let tokenTypeEmbeddings: Embedding?
    public let layerNorm: LayerNorm
    let dropout: Dropout

    init(config: ModelConfig, randomness: RandomSource, tokenTypes: Bool = true, layerNormEps: Float? = nil) throws {
        wordEmbeddings = try Embedding(count: config.vocabSize, dimension: config.hiddenSize, paddingIndex: config.padTokenId)
        positionEmbeddings = try Embedding(count: config.maxPositionEmbeddings, dimension: config.hiddenSize)
        tokenTypeEmbeddings = tokenTypes ? try Embedding(count: config.typeVocabSize, dimension: config.hiddenSize) : nil
        layerNorm = try LayerNorm(dimension: config.hiddenSize, eps: layerNormEps ?? config.layerNormEps)
        dropout = Dropout(p: config.hiddenDropoutProb, randomness: randomness)
        super.init()
        register(("word_embeddings", wordEmbeddings), ("position_embeddings", positionEmbeddings))
        if let tokenTypeEmbeddings { register("token_type_embeddings", tokenTypeEmbeddings) }
        register(("LayerNorm", layerNorm), ("dropout", dropout))
    }

    override public var typeName: String { tokenTypeEmbeddings == nil ? "Embeddings" : "BertEmbeddings" }

    /// ids `[B, T]` → `[B, T, hidden]`; `tokenTypeIds` nil means all zeros (ignored without token types).
    func callAsFunction(_ ids: IntTensor, tokenTypeIds: IntTensor? = nil) throws -> Tensor {
        let length = ids.shape[1]
        let maxPositions = positionEmbeddings.weight.shape[0]
        guard length <= maxPositions else {
            throw ModelError("the input has \(length) tokens but this model handles at most \(maxPositions)",
                             help: "tokenize with truncation=True, max_length=\(maxPositions)")
        }
        let positions = try positionEmbeddings(IntTensor((0..<Int32(length)).map { $0 }))  // [T, hidden]
        guard let tokenTypeEmbeddings else { return try dropout(layerNorm(wordEmbeddings(ids) + positions)) }
        let types = try tokenTypeIds ?? IntTensor(repeating: 0, shape: ids.shape)
        let summed = try (wordEmbeddings(ids) + tokenTypeEmbeddings(types)) + positions  // [B, T, hidden]
        return try dropout(layerNorm(summed))
    }
}

/// `attention.self`: the query/key/value projections and scaled dot-product attention.
public final class BertSelfAttention: Module {
    public let query: Linear
    public let key: Linear
    public let value: Linear
    let attention: AttentionHeads

    init(config: ModelConfig, randomness: RandomSource) throws {
        query = try Linear(inFeatures: config.hiddenSize, outFeatures: config.hiddenSize)
        key = try Linear(inFeatures: config.hiddenSize, outFeatures: config.hiddenSize)
        value = try Linear(inFeatures: config.hiddenSize, outFeatures: config.hiddenSize)
        attention = AttentionHeads(config: config, randomness: randomness)
        super.init()
        register(("query", query), ("key", key), ("value", value))
    }

    /// `[B, T, hidden]` → `[B, T, hidden]` (heads merged).
    func callAsFunction(_ hidden: Tensor, mask: IntTensor?) throws -> Tensor {
        try attention.encoderSelfAttention(hidden, query: query, key: key, value: value, mask: mask, training: isTraining)
    }
}

/// `dense → dropout → LayerNorm(x + residual)`: BERT's `attention.output` and `output`.
public final class BertResidualOutput: Module {
    public let dense: Linear
    public let layerNorm: LayerNorm
    let dropout: Dropout
    let name: String

    init(name: String, inFeatures: Int, config: ModelConfig, randomness: RandomSource) throws {
        dense = try Linear(inFeatures: inFeatures, outFeatures: config.hiddenSize)
        layerNorm = try LayerNorm(dimension: config.hiddenSize, eps: config.layerNormEps)
        dropout = Dropout(p: config.hiddenDropoutProb, randomness: randomness)
        self.name = name
        super.init()
        register(("dense", dense), ("LayerNorm", layerNorm), ("dropout", dropout))
    }

    override public var typeName: String { name }

    func callAsFunction(_ hidden: Tensor, residual: Tensor) throws -> Tensor {
        try layerNorm(dropout(dense(hidden)) + residual)
    }
}

/// `attention`: self-attention + its output block.
public final class BertAttention: Module {
    public let selfAttention: BertSelfAttention
    public let output: BertResidualOutput

    init(config: ModelConfig, randomness: RandomSource) throws {
        selfAttention = try BertSelfAttention(config: config, randomness: randomness)
        output = try BertResidualOutput(name: "BertSelfOutput", inFeatures: config.hiddenSize, config: config, randomness: randomness)
        super.init()
        register(("self", selfAttention), ("output", output))
    }

    func callAsFunction(_ hidden: Tensor, mask: IntTensor?) throws -> Tensor {
        try output(selfAttention(hidden, mask: mask), residual: hidden)
    }
}

/// `intermediate`: dense → activation (exact erf GELU for `hidden_act="gelu"`).
public final class BertIntermediate: Module {
    public let dense: Linear
    let activation: Activation

    init(config: ModelConfig) throws {
        dense = try Linear(inFeatures: config.hiddenSize, outFeatures: config.intermediateSize)
        activation = try Activation(huggingFaceName: config.hiddenAct)
        super.init()
        register("dense", dense)
    }

    func callAsFunction(_ hidden: Tensor) throws -> Tensor { try dense(hidden).activated(activation) }
}

/// `encoder.layer.<i>`.
public final class BertLayer: Module {
    public let attention: BertAttention, intermediate: BertIntermediate, output: BertResidualOutput

    init(config: ModelConfig, randomness: RandomSource) throws {
        attention = try BertAttention(config: config, randomness: randomness)
        intermediate = try BertIntermediate(config: config)
        output = try BertResidualOutput(name: "BertOutput", inFeatures: config.intermediateSize, config: config, randomness: randomness)
        super.init()
        register(("attention", attention), ("intermediate", intermediate), ("output", output))
    }

    func callAsFunction(_ hidden: Tensor, mask: IntTensor?) throws -> Tensor {
        let attended = try attention(hidden, mask: mask)
        return try output(intermediate(attended), residual: attended)
    }
}

/// `encoder`: the stack of layers.
public final class BertEncoder: Module {
    public let layers: ModuleList<BertLayer>

    init(config: ModelConfig, randomness: RandomSource) throws {
        layers = ModuleList(try (0..<config.numHiddenLayers).map { _ in try BertLayer(config: config, randomness: randomness) })
        super.init()
        register("layer", layers)
    }

    func callAsFunction(_ hidden: Tensor, mask: IntTensor?) throws -> Tensor {
        var hidden = hidden
        for layer in layers.items { hidden = try layer(hidden, mask: mask) }
        return hidden
    }
}

/// `pooler`: tanh(dense(h[:, 0])).
public final class BertPooler: Module {
    public let dense: Linear

    init(config: ModelConfig) throws {
        dense = try Linear(inFeatures: config.hiddenSize, outFeatures: config.hiddenSize)
        super.init()
        register("dense", dense)
    }

    func callAsFunction(_ hidden: Tensor) throws -> Tensor { try dense(hidden.select(axis: 1, index: 0)).tanh() }
}

/// The BERT encoder (`BertModel`): embeddings, encoder, pooler.
public final class BertModel: PreTrainedModel {
    public let embeddings: BertEmbeddings
    public let encoder: BertEncoder
    /// Nil for heads transformers builds with `add_pooling_layer=False` (token classification, QA).
    public let pooler: BertPooler?

    public init(config: ModelConfig, randomness: RandomSource, addPoolingLayer: Bool = true) throws {
        embeddings = try BertEmbeddings(config: config, randomness: randomness)
        encoder = try BertEncoder(config: config, randomness: randomness)
        pooler = addPoolingLayer ? try BertPooler(config: config) : nil
        super.init(modelConfig: config, randomness: randomness)
        register(("embeddings", embeddings), ("encoder", encoder))
        if let pooler { register("pooler", pooler) }
    }

    override public var keyRules: KeyMatchingRules { BertModel.rules }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: "BaseModelOutputWithPoolingAndCrossAttentions")
    }

    static let rules = KeyMatchingRules(
        basePrefix: "bert",
        mayInitialize: { $0.hasPrefix("pooler.") },
        otherHeadPrefixes: ["cls.", "classifier.", "qa_outputs.", "dropout."],
        ignoredSuffixes: ["position_ids"])

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        try AttentionMath.checkInputs(inputIds, masks: [("attention_mask", attentionMask), ("token_type_ids", tokenTypeIds)])
        let hidden = try encoder(embeddings(inputIds, tokenTypeIds: tokenTypeIds), mask: attentionMask)  // [B, T, hidden]
        return ModelOutput(lastHiddenState: hidden, poolerOutput: try pooler.map { try $0(hidden) })
    }
}

/// `BertForSequenceClassification`: BERT → pooled [CLS] → dropout → classifier.
public final class BertForSequenceClassification: PreTrainedModel {
    public let bert: BertModel
    public let classifier: Linear
    let dropout: Dropout

    public init(config: ModelConfig, randomness: RandomSource) throws {
        bert = try BertModel(config: config, randomness: randomness)
        dropout = Dropout(p: config.classifierDropout ?? config.hiddenDropoutProb, randomness: randomness)
        classifier = try Linear(inFeatures: config.hiddenSize, outFeatures: config.numLabels)
        super.init(modelConfig: config, randomness: randomness)
        register(("bert", bert), ("dropout", dropout), ("classifier", classifier))
    }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: "SequenceClassifierOutput", taskHeads: ["classifier"])
    }

    override public var keyRules: KeyMatchingRules {
        KeyMatchingRules(basePrefix: "bert", mayInitialize: { !$0.hasPrefix("bert.") || $0.hasPrefix("bert.pooler.") },
                         otherHeadPrefixes: ["cls.", "qa_outputs."], ignoredSuffixes: ["position_ids"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        var output = try bert.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds)
        guard let pooled = output.poolerOutput else { throw ModelError("BERT returned no pooled output") }
        let logits = try classifier(dropout(pooled))  // [B, num_labels]
        output.logits = logits
        if let labels { output.loss = try classificationLoss(logits: logits, labels: labels) }
        return output
    }
}
