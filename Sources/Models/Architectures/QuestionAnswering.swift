import Foundation
import TensorCore

/// `BertForQuestionAnswering`: BERT's hidden states (no pooler) → `qa_outputs` (hidden → 2) on every token;
/// logits `[B, T, 2]` hold the start (`[..., 0]`) and end (`[..., 1]`) scores, which scripts see as
/// `start_logits` / `end_logits` `[B, T]` (transformers' `QuestionAnsweringModelOutput`).
public final class BertForQuestionAnswering: PreTrainedModel {
    public let bert: BertModel
    public let qaOutputs: Linear

    public init(config: ModelConfig, randomness: RandomSource) throws {
        bert = try BertModel(config: config, randomness: randomness, addPoolingLayer: false)
        qaOutputs = try Linear(inFeatures: config.hiddenSize, outFeatures: 2)
        super.init(modelConfig: config, randomness: randomness)
        register("bert", bert)
        register("qa_outputs", qaOutputs)
    }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: "QuestionAnsweringModelOutput", taskHeads: ["qa_outputs"])
    }

    override public var keyRules: KeyMatchingRules {
        KeyMatchingRules(basePrefix: "bert", mayInitialize: { !$0.hasPrefix("bert.") },
                         otherHeadPrefixes: ["cls.", "classifier."],
                         ignoredSuffixes: ["position_ids", "pooler.dense.weight", "pooler.dense.bias"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        var output = try bert.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds)
        guard let hidden = output.lastHiddenState else { throw ModelError("BERT returned no hidden states") }
        let logits = try qaOutputs(hidden)  // [B, T, 2]
        output.logits = logits
        if let labels { output.loss = try spanLoss(logits: logits, labels: labels) }
        return output
    }
}

/// `DistilBertForQuestionAnswering`: DistilBERT's hidden states → dropout (`qa_dropout`, 0.1) → `qa_outputs`.
public final class DistilBertForQuestionAnswering: PreTrainedModel {
    public let distilbert: DistilBertModel
    public let qaOutputs: Linear
    let dropout: Dropout

    public init(config: ModelConfig, randomness: RandomSource) throws {
        distilbert = try DistilBertModel(config: config, randomness: randomness)
        qaOutputs = try Linear(inFeatures: config.hiddenSize, outFeatures: 2)
        dropout = Dropout(p: config.raw["qa_dropout"]?.doubleValue.map { Float($0) } ?? 0.1, randomness: randomness)
        super.init(modelConfig: config, randomness: randomness)
        register("distilbert", distilbert)
        register("qa_outputs", qaOutputs)
        register("dropout", dropout)
    }

    override public var architecture: ModelArchitecture {
        ModelArchitecture(outputClassName: "QuestionAnsweringModelOutput", taskHeads: ["qa_outputs"])
    }

    override public var keyRules: KeyMatchingRules {
        KeyMatchingRules(basePrefix: "distilbert", mayInitialize: { !$0.hasPrefix("distilbert.") },
                         otherHeadPrefixes: ["vocab_transform.", "vocab_layer_norm.", "vocab_projector.", "pre_classifier.", "classifier."],
                         ignoredSuffixes: ["position_ids"])
    }

    override public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                                 labels: Labels? = nil) throws -> ModelOutput {
        var output = try distilbert.forward(inputIds: inputIds, attentionMask: attentionMask)
        guard let hidden = output.lastHiddenState else { throw ModelError("DistilBERT returned no hidden states") }
        let logits = try qaOutputs(dropout(hidden))  // [B, T, 2]
        output.logits = logits
        if let labels { output.loss = try spanLoss(logits: logits, labels: labels) }
        return output
    }
}

extension PreTrainedModel {
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
