import Foundation
import Models
import PEFT
import TensorCore
import Tokenizers

/// One prediction of a text classifier: the class name (`id2label`) and its probability.
public struct ClassificationResult: Equatable, CustomStringConvertible {
    public var label: String
    public var score: Double
    public init(label: String, score: Double) { self.label = label; self.score = score }
    /// `{'label': 'positive', 'score': 0.9876}` like the Python dict.
    public var description: String { "{'label': \(PythonFormat.stringRepr(label)), 'score': \(PythonFormat.floatRepr(score))}" }
}

/// `pipeline("text-classification", model=…, tokenizer=…)`: tokenizes texts (truncated to the
/// tokenizer's `model_max_length`), runs the model in eval mode without gradients, and turns logits
/// into probabilities — softmax over classes, or a sigmoid for a one-output model or
/// `problem_type="multi_label_classification"` — named with `config.id2label`.
public final class TextClassificationPipeline {
    public let model: TrainerModel
    public let tokenizer: any Tokenizer
    /// Texts per forward pass.
    public var batchSize: Int

    public init(model: TrainerModel, tokenizer: any Tokenizer, batchSize: Int = 32) {
        self.model = model
        self.tokenizer = tokenizer
        self.batchSize = max(1, batchSize)
    }

    public convenience init(model: PeftModel, tokenizer: any Tokenizer, batchSize: Int = 32) {
        self.init(model: .peft(model), tokenizer: tokenizer, batchSize: batchSize)
    }

    public convenience init(model: PreTrainedModel, tokenizer: any Tokenizer, batchSize: Int = 32) {
        self.init(model: .plain(model), tokenizer: tokenizer, batchSize: batchSize)
    }

    /// `classifier(texts)`: the best class per text (`top_k=1`, HF's default), or the `topK` best
    /// (nil = all classes, best first).
    public func callAsFunction(_ texts: [String], topK: Int? = 1) throws -> [[ClassificationResult]] {
        let scores = try probabilities(texts)
        return scores.map { row in
            let ranked = row.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            let kept = topK.map { Array(ranked.prefix(max(1, $0))) } ?? ranked
            return kept.map { ClassificationResult(label: label(for: $0.offset), score: $0.element) }
        }
    }

    /// `predict_text([...])`: the best class and its probability for each text.
    public func predictText(_ texts: [String]) throws -> [ClassificationResult] {
        try self(texts, topK: 1).map { $0.first ?? ClassificationResult(label: "", score: .nan) }
    }

    /// Class probabilities per text (`[texts, classes]`).
    public func probabilities(_ texts: [String]) throws -> [[Double]] {
        guard !texts.isEmpty else { return [] }
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        let pad = Int32(truncatingIfNeeded: tokenizer.padTokenId ?? model.network.config.padTokenId ?? 0)
        let collator = DataCollatorWithPadding(padTokenId: pad)
        var out: [[Double]] = []
        let sigmoid = model.network.config.numLabels == 1 || model.network.config.problemType == .multiLabelClassification
        var first = 0
        while first < texts.count {
            let chunk = Array(texts[first..<min(first + batchSize, texts.count)])
            first += batchSize
            let encoded = try tokenizer.encodeBatch(chunk, truncation: .longestFirst, maxLength: tokenizer.modelMaxLength)
            let rows: [Row] = encoded.encodings.map { encoding in
                Row([("input_ids", .intList(encoding.ids)), ("attention_mask", .intList(encoding.attentionMask)),
                     ("token_type_ids", .intList(encoding.tokenTypeIds))])
            }
            let batch = try TrainerBatch(collator(rows))
            let logits = try Autograd.noGrad {
                try model.forward(inputIds: batch.inputIds, attentionMask: batch.attentionMask, tokenTypeIds: batch.tokenTypeIds, labels: nil).logits
            }
            guard let logits, let width = logits.shape.last, width > 0 else {
                throw TrainingError.value("the model gives no class scores", help: "use a sequence-classification model (AutoModelForSequenceClassification)")
            }
            let values = logits.toArray().map(Double.init)   // [batch, classes]
            for r in 0..<chunk.count {
                let row = Array(values[(r * width)..<((r + 1) * width)])
                if sigmoid {
                    out.append(row.map { 1 / (1 + exp(-$0)) })
                } else {
                    let top = row.max() ?? 0
                    let exps = row.map { exp($0 - top) }
                    let total = exps.reduce(0, +)
                    out.append(exps.map { $0 / total })
                }
            }
        }
        return out
    }

    func label(for index: Int) -> String { model.id2label[index] ?? "LABEL_\(index)" }
}

/// `pipeline(task, model=…, tokenizer=…)`; lorarepl has the `"text-classification"` task
/// (alias `"sentiment-analysis"`).
public func pipeline(_ task: String, model: TrainerModel, tokenizer: any Tokenizer) throws -> TextClassificationPipeline {
    guard task == "text-classification" || task == "sentiment-analysis" else {
        throw TrainingError.value("unknown pipeline task '\(task)'", help: "lorarepl supports pipeline(\"text-classification\", model=…, tokenizer=…)")
    }
    return TextClassificationPipeline(model: model, tokenizer: tokenizer)
}
