import Foundation
import TensorCore

/// `attention`: q_lin/k_lin/v_lin/out_lin multi-head self-attention.
public final class DistilBertAttention: Module {
    public let qLin: Linear
    public let kLin: Linear
    public let vLin: Linear
    public let outLin: Linear
    let attention: AttentionHeads

    init(config: ModelConfig, randomness: RandomSource) throws {
        let dim = config.hiddenSize
        qLin = try Linear(inFeatures: dim, outFeatures: dim)
        kLin = try Linear(inFeatures: dim, outFeatures: dim)
        vLin = try Linear(inFeatures: dim, outFeatures: dim)
        outLin = try Linear(inFeatures: dim, outFeatures: dim)
        attention = AttentionHeads(config: config, randomness: randomness)
        super.init()
        register(("q_lin", qLin), ("k_lin", kLin), ("v_lin", vLin), ("out_lin", outLin))
    }

    override public var typeName: String { "DistilBertSdpaAttention" }

    func callAsFunction(_ hidden: Tensor, mask: IntTensor?) throws -> Tensor {
        try outLin(attention.encoderSelfAttention(hidden, query: qLin, key: kLin, value: vLin, mask: mask, training: isTraining))
    }
}

/// `ffn`: lin1 → activation → lin2 → dropout.
public final class DistilBertFeedForward: Module {
    public let lin1: Linear
    public let lin2: Linear
    let dropout: Dropout
    let activation: Activation

    init(config: ModelConfig, randomness: RandomSource) throws {
        lin1 = try Linear(inFeatures: config.hiddenSize, outFeatures: config.intermediateSize)
        lin2 = try Linear(inFeatures: config.intermediateSize, outFeatures: config.hiddenSize)
        dropout = Dropout(p: config.hiddenDropoutProb, randomness: randomness)
        activation = try Activation(huggingFaceName: config.hiddenAct)
        super.init()
        register(("dropout", dropout), ("lin1", lin1), ("lin2", lin2))
    }

    override public var typeName: String { "FFN" }

    func callAsFunction(_ hidden: Tensor) throws -> Tensor { try dropout(lin2(lin1(hidden).activated(activation))) }
}

/// `transformer.layer.<i>`: attention → sa_layer_norm(+x) → ffn → output_layer_norm(+).
public final class DistilBertLayer: Module {
    public let attention: DistilBertAttention, saLayerNorm: LayerNorm, ffn: DistilBertFeedForward, outputLayerNorm: LayerNorm

    init(config: ModelConfig, randomness: RandomSource) throws {
        attention = try DistilBertAttention(config: config, randomness: randomness)
        saLayerNorm = try LayerNorm(dimension: config.hiddenSize, eps: 1e-12)
        ffn = try DistilBertFeedForward(config: config, randomness: randomness)
        outputLayerNorm = try LayerNorm(dimension: config.hiddenSize, eps: 1e-12)
        super.init()
        register(("attention", attention), ("sa_layer_norm", saLayerNorm), ("ffn", ffn),
                 ("output_layer_norm", outputLayerNorm))
    }

    override public var typeName: String { "TransformerBlock" }

    func callAsFunction(_ hidden: Tensor, mask: IntTensor?) throws -> Tensor {
        let attended = try saLayerNorm(attention(hidden, mask: mask) + hidden)
        return try outputLayerNorm(ffn(attended) + attended)
    }
}

/// The DistilBERT encoder (`DistilBertModel`): embeddings and the transformer stack.
public final class DistilBertModel: PreTrainedModel {
    public let embeddings: BertEmbeddings
    public let layers: ModuleList<DistilBertLayer>

    public init(config: ModelConfig, randomness: RandomSource) throws {
        embeddings = try BertEmbeddings(config: config, randomness: randomness, tokenTypes: false, layerNormEps: 1e-12)
        layers = ModuleList(try (0..<config.numHiddenLayers).map { _ in try DistilBertLayer(config: config, randomness: randomness) })
        super.init(modelConfig: config, randomness: randomness)
        register("embeddings", embeddings)
        let transformer = ModuleContainer(typeName: "Transformer")
        transformer.register("layer", layers)
        register("transformer", transformer)
    }

    override public var keyRules: KeyMatchingRules {
        KeyMatchingRules(basePrefix: "distilbert", mayInitialize: { _ in false },
                         otherHeadPrefixes: ["vocab_transform.", "vocab_layer_norm.", "vocab_projector.", "pre_classifier.", "classifier.", "qa_outputs."],
                         ignoredSuffixes: ["position_ids"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        try AttentionMath.checkInputs(inputIds, masks: [("attention_mask", attentionMask)])
        var hidden = try embeddings(inputIds)  // [B, T, dim]
        for layer in layers.items { hidden = try layer(hidden, mask: attentionMask) }
        return ModelOutput(lastHiddenState: hidden)
    }
}

/// `DistilBertForSequenceClassification`: h[:, 0] → pre_classifier → ReLU → dropout → classifier.
public final class DistilBertForSequenceClassification: PreTrainedModel {
    public let distilbert: DistilBertModel
    public let preClassifier: Linear
    public let classifier: Linear
    let dropout: Dropout

    public init(config: ModelConfig, randomness: RandomSource) throws {
        distilbert = try DistilBertModel(config: config, randomness: randomness)
        preClassifier = try Linear(inFeatures: config.hiddenSize, outFeatures: config.hiddenSize)
        classifier = try Linear(inFeatures: config.hiddenSize, outFeatures: config.numLabels)
        dropout = Dropout(p: config.classifierDropout ?? 0.2, randomness: randomness)
        super.init(modelConfig: config, randomness: randomness)
        register(("distilbert", distilbert), ("pre_classifier", preClassifier), ("classifier", classifier),
                 ("dropout", dropout))
    }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: "SequenceClassifierOutput", taskHeads: ["pre_classifier", "classifier"])
    }

    override public var keyRules: KeyMatchingRules {
        KeyMatchingRules(basePrefix: "distilbert", mayInitialize: { !$0.hasPrefix("distilbert.") },
                         otherHeadPrefixes: ["vocab_transform.", "vocab_layer_norm.", "vocab_projector.", "qa_outputs."],
                         ignoredSuffixes: ["position_ids"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        var output = try distilbert.forward(inputIds: inputIds, attentionMask: attentionMask)
        guard let hidden = output.lastHiddenState else { throw ModelError("DistilBERT returned no hidden states") }
        let pooled = try preClassifier(hidden.select(axis: 1, index: 0)).relu()  // [B, dim]
        let logits = try classifier(dropout(pooled))
        output.logits = logits
        if let labels { output.loss = try classificationLoss(logits: logits, labels: labels) }
        return output
    }
}
