import Foundation
import TensorCore

/// An encoder (BERT or DistilBERT) with one linear head on every token's last hidden state. This one class
/// is transformers' `BertForTokenClassification`, `DistilBertForTokenClassification`,
/// `BertForQuestionAnswering` and `DistilBertForQuestionAnswering`: they differ only in the head's name and
/// width, the dropout before it, and the loss. Scripts and reprs see the transformers class name (`typeName`).
public final class PerTokenHeadModel: PreTrainedModel {
    /// What the per-token scores mean.
    public enum Task: Equatable {
        /// `…ForTokenClassification`: `classifier` (hidden → num_labels), a label per token (NER, POS tagging).
        case tokenClassification
        /// `…ForQuestionAnswering`: `qa_outputs` (hidden → 2), start (`[..., 0]`) and end (`[..., 1]`) scores
        /// that scripts see as `start_logits` / `end_logits` `[B, T]`.
        case questionAnswering
    }

    public let task: Task
    /// `BertModel` (built without its pooler, as transformers' `add_pooling_layer=False`) or `DistilBertModel`.
    public let encoder: PreTrainedModel
    /// `classifier` or `qa_outputs`.
    public let head: Linear
    let dropout: Dropout?
    private let encoderName: String

    public init(config: ModelConfig, task: Task, randomness: RandomSource) throws {
        self.task = task
        let isBert = config.modelType == .bert
        guard isBert || config.modelType == .distilbert else {
            throw ModelError("a per-token head needs a BERT or DistilBERT encoder, not \(config.modelType.rawValue)",
                             help: "load a BERT-family checkpoint for token classification or question answering")
        }
        encoderName = isBert ? "bert" : "distilbert"
        encoder = isBert ? try BertModel(config: config, randomness: randomness, addPoolingLayer: false)
                         : try DistilBertModel(config: config, randomness: randomness)
        head = try Linear(inFeatures: config.hiddenSize, outFeatures: task == .tokenClassification ? config.numLabels : 2)
        switch (task, isBert) {
        case (.tokenClassification, true):
            dropout = Dropout(p: config.classifierDropout ?? config.hiddenDropoutProb, randomness: randomness)
        case (.tokenClassification, false):
            dropout = Dropout(p: config.hiddenDropoutProb, randomness: randomness)
        case (.questionAnswering, true):
            dropout = nil  // BertForQuestionAnswering has none
        case (.questionAnswering, false):
            dropout = Dropout(p: config.raw["qa_dropout"]?.doubleValue.map { Float($0) } ?? 0.1, randomness: randomness)
        }
        super.init(modelConfig: config, randomness: randomness)
        // Registration order is transformers' (it is the order of print(model) and of the state dict).
        register(encoderName, encoder)
        if task == .tokenClassification, let dropout { register("dropout", dropout) }
        register(headName, head)
        if task == .questionAnswering, let dropout { register("dropout", dropout) }
    }

    /// `classifier` or `qa_outputs`: the checkpoint name of the head.
    var headName: String { task == .tokenClassification ? "classifier" : "qa_outputs" }

    override public var typeName: String {
        (encoderName == "bert" ? "Bert" : "DistilBert") + (task == .tokenClassification ? "ForTokenClassification" : "ForQuestionAnswering")
    }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: task == .tokenClassification ? "TokenClassifierOutput" : "QuestionAnsweringModelOutput",
                          taskHeads: [headName])
    }

    override public var keyRules: KeyMatchingRules {
        // Other tasks' heads in a checkpoint are dropped silently; so is BERT's pooler
        // (transformers' `_keys_to_ignore_on_load_unexpected = [r"pooler"]`).
        let otherTaskHead = task == .tokenClassification ? "qa_outputs." : "classifier."
        if encoderName == "bert" {
            return KeyMatchingRules(basePrefix: "bert", mayInitialize: { !$0.hasPrefix("bert.") },
                                    otherHeadPrefixes: ["cls.", otherTaskHead],
                                    ignoredSuffixes: ["position_ids", "pooler.dense.weight", "pooler.dense.bias"])
        }
        return KeyMatchingRules(basePrefix: "distilbert", mayInitialize: { !$0.hasPrefix("distilbert.") },
                                otherHeadPrefixes: ["vocab_transform.", "vocab_layer_norm.", "vocab_projector.", "pre_classifier.", otherTaskHead],
                                ignoredSuffixes: ["position_ids"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        var output = try encoder.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds)
        guard let hidden = output.lastHiddenState else { throw ModelError("\(encoder.typeName) returned no hidden states") }
        let logits = try head(dropout.map { try $0(hidden) } ?? hidden)  // [B, T, num_labels] or [B, T, 2]
        output.logits = logits
        if let labels {
            output.loss = task == .tokenClassification ? try tokenClassificationLoss(logits: logits, labels: labels)
                                                       : try spanLoss(logits: logits, labels: labels)
        }
        return output
    }

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

    /// transformers' question-answering loss: labels `[B, 2]` = (start_positions, end_positions); positions
    /// are clamped to `[0, T]` and T (outside the sequence) is ignored; the loss is the mean of the start
    /// and end cross-entropies.
    func spanLoss(logits: Tensor, labels: Labels) throws -> Tensor {
        guard case .classes(let positions) = labels, logits.shape.count == 3 else {
            throw ModelError("question answering needs integer start and end positions",
                             help: "pass start_positions=… and end_positions=… (token indices of the answer span)")
        }
        let batch = logits.shape[0], length = logits.shape[1]
        guard positions.count == 2 * batch else {
            throw ModelError("got \(positions.count) positions for a batch of \(batch); each example needs a start and an end",
                             help: "pass start_positions and end_positions with one token index per example")
        }
        let clamped = positions.values.map { min(max($0, 0), Int32(clamping: length)) }
        let starts = try IntTensor(shape: [batch], values: (0..<batch).map { clamped[2 * $0] })
        let ends = try IntTensor(shape: [batch], values: (0..<batch).map { clamped[2 * $0 + 1] })
        let startLogits = try logits.select(axis: 2, index: 0)  // [B, T]
        let endLogits = try logits.select(axis: 2, index: 1)
        let ignored = Int32(clamping: length)
        let startLoss = try Tensor.crossEntropy(logits: startLogits, labels: starts, ignoreIndex: ignored)
        let endLoss = try Tensor.crossEntropy(logits: endLogits, labels: ends, ignoreIndex: ignored)
        return try (startLoss + endLoss).scaled(by: 0.5)
    }
}
