import Foundation
import TensorCore

/// `BertForTokenClassification`: BERT's last hidden states → dropout → `classifier` on every token
/// (no pooler, as transformers builds it with `add_pooling_layer=False`).
public final class BertForTokenClassification: PreTrainedModel {
    public let bert: BertModel
    public let classifier: Linear
    let dropout: Dropout

    public init(config: ModelConfig, randomness: RandomSource) throws {
        bert = try BertModel(config: config, randomness: randomness, addPoolingLayer: false)
        dropout = Dropout(p: config.classifierDropout ?? config.hiddenDropoutProb, randomness: randomness)
        classifier = try Linear(inFeatures: config.hiddenSize, outFeatures: config.numLabels)
        super.init(modelConfig: config, randomness: randomness)
        register("bert", bert)
        register("dropout", dropout)
        register("classifier", classifier)
    }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: "TokenClassifierOutput", taskHeads: ["classifier"])
    }

    override public var keyRules: KeyMatchingRules {
        // transformers' `_keys_to_ignore_on_load_unexpected = [r"pooler"]`: a checkpoint's pooler is dropped silently.
        KeyMatchingRules(basePrefix: "bert", mayInitialize: { !$0.hasPrefix("bert.") },
                         otherHeadPrefixes: ["cls.", "qa_outputs."],
                         ignoredSuffixes: ["position_ids", "pooler.dense.weight", "pooler.dense.bias"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        var output = try bert.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds)
        guard let hidden = output.lastHiddenState else { throw ModelError("BERT returned no hidden states") }
        let logits = try classifier(dropout(hidden))  // [B, T, num_labels]
        output.logits = logits
        if let labels { output.loss = try tokenClassificationLoss(logits: logits, labels: labels) }
        return output
    }
}

/// `DistilBertForTokenClassification`: DistilBERT's hidden states → dropout (`dropout`, 0.1) → `classifier`.
public final class DistilBertForTokenClassification: PreTrainedModel {
    public let distilbert: DistilBertModel
    public let classifier: Linear
    let dropout: Dropout

    public init(config: ModelConfig, randomness: RandomSource) throws {
        distilbert = try DistilBertModel(config: config, randomness: randomness)
        dropout = Dropout(p: config.hiddenDropoutProb, randomness: randomness)
        classifier = try Linear(inFeatures: config.hiddenSize, outFeatures: config.numLabels)
        super.init(modelConfig: config, randomness: randomness)
        register("distilbert", distilbert)
        register("dropout", dropout)
        register("classifier", classifier)
    }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: "TokenClassifierOutput", taskHeads: ["classifier"])
    }

    override public var keyRules: KeyMatchingRules {
        KeyMatchingRules(basePrefix: "distilbert", mayInitialize: { !$0.hasPrefix("distilbert.") },
                         otherHeadPrefixes: ["vocab_transform.", "vocab_layer_norm.", "vocab_projector.", "pre_classifier.", "qa_outputs."],
                         ignoredSuffixes: ["position_ids"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        var output = try distilbert.forward(inputIds: inputIds, attentionMask: attentionMask)
        guard let hidden = output.lastHiddenState else { throw ModelError("DistilBERT returned no hidden states") }
        let logits = try classifier(dropout(hidden))  // [B, T, num_labels]
        output.logits = logits
        if let labels { output.loss = try tokenClassificationLoss(logits: logits, labels: labels) }
        return output
    }
}

extension PreTrainedModel {
    /// transformers' token-classification loss: cross-entropy over every position, labels `[B, T]`,
    /// −100 ignored (special tokens, padding, continuation sub-words).
    func tokenClassificationLoss(logits: Tensor, labels: Labels) throws -> Tensor {
        let count = config.numLabels
        guard case .classes(let ids) = labels else {
            throw ModelError("token classification needs integer labels (one class id per token, -100 to ignore), got float values",
                             help: "align the word labels to the tokens with word_ids() and pass them as ints")
        }
        let positions = logits.count / max(count, 1)
        guard ids.count == positions else {
            throw ModelError("got \(ids.count) token labels for \(positions) tokens (logits \(shapeText(logits.shape)))",
                             help: "give one label per token, padded with -100 (DataCollatorForTokenClassification does it)")
        }
        if let bad = ids.values.first(where: { $0 != -100 && ($0 < 0 || $0 >= Int32(clamping: count)) }) {
            throw ModelError("label \(bad) is outside the \(count) classes 0…\(count - 1)",
                             help: "set num_labels (or id2label) to the tag set when loading the model; use -100 for ignored tokens")
        }
        return try Tensor.crossEntropy(logits: logits.reshape([-1, count]), labels: ids.reshape([-1]))
    }
}
