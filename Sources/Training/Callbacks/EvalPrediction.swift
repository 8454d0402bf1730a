/// What `compute_metrics` receives (`transformers.EvalPrediction`): the model outputs for the whole
/// evaluation set and the true labels. Plain arrays, row-major, so this layer needs no Tensor.
public struct EvalPrediction: Equatable {
    /// `[count, width]` row-major: logits for classification (width = number of labels).
    public var predictions: [Double]
    public var count: Int
    public var width: Int
    /// `[count]` true labels (`[count, sequenceLength]` for token classification, −100 where ignored).
    public var labelIds: [Int]
    /// Token classification: predictions are `[count, sequenceLength, width]` (padded with −100); nil otherwise.
    public var sequenceLength: Int?

    public init(predictions: [Double], count: Int, width: Int, labelIds: [Int], sequenceLength: Int? = nil) throws {
        let positions = count * (sequenceLength ?? 1)
        guard predictions.count == positions * width else {
            throw TrainingError.value("predictions hold \(predictions.count) values, not \(positions) rows × \(width)")
        }
        guard labelIds.count == positions else {
            throw TrainingError.value("EvalPrediction has \(positions) prediction rows but \(labelIds.count) labels")
        }
        self.predictions = predictions
        self.count = count
        self.width = width
        self.labelIds = labelIds
        self.sequenceLength = sequenceLength
    }

    /// The numpy shape of `predictions`: `[count, width]` or `[count, sequenceLength, width]`.
    public var predictionShape: [Int] { sequenceLength.map { [count, $0, width] } ?? [count, width] }
    /// The numpy shape of `label_ids`: `[count]` or `[count, sequenceLength]`.
    public var labelShape: [Int] { sequenceLength.map { [count, $0] } ?? [count] }

    /// Prediction row `i` (`[width]`).
    public func row(_ i: Int) -> ArraySlice<Double> { predictions[(i * width)..<((i + 1) * width)] }

    /// `np.argmax(predictions, axis=-1)`: the first index of each row's maximum (NaN counts as the
    /// maximum, as numpy does).
    public func argmax() -> [Int] {
        (0..<count).map { i in
            var best = 0
            var bestValue = -Double.infinity
            for (j, v) in row(i).enumerated() {
                if v.isNaN { return j }
                if v > bestValue || j == 0 { best = j; bestValue = v }
            }
            return best
        }
    }
}

/// Checks a step's loss: NaN or infinite stops training with a message naming the step.
extension TrainerFlow {
    /// `adamEpsilon` 0 makes AdamW write NaN into weights whose gradient is still zero: the help then says so.
    public static func checkLoss(_ loss: Double, step: Int, learningRate: Double, adamEpsilon: Double = 1e-8) throws {
        guard loss.isFinite else {
            let help = adamEpsilon == 0
                ? "adam_epsilon is 0: AdamW divided 0 by 0 for weights whose gradient was still zero (LoRA's A matrices at the first step) and made them NaN; set adam_epsilon=1e-8 (the default)"
                : "lower learning_rate (e.g. divide it by 10), keep max_grad_norm=1.0, and check the labels are valid class indices"
            throw TrainingError(.runtimeError, "the training loss became \(loss.isNaN ? "NaN" : "infinite") at step \(step)",
                                notes: ["learning rate at that step: \(PythonFormat.general(learningRate, significantDigits: 4))"], help: help)
        }
    }

    /// HF's `_remove_unused_columns`: the dataset columns the model's `forward` does not take (plus the
    /// label columns, which it keeps), and the message HF logs about them. Throws when nothing is left.
    public static func unusedColumns(datasetColumns: [String], forwardArguments: [String], labelNames: [String]?,
                                     modelName: String, split: String = "training") throws -> (ignored: [String], message: String?) {
        let signature = Set(forwardArguments + ["label", "label_ids"] + (labelNames ?? ["labels"]))
        let ignored = datasetColumns.filter { !signature.contains($0) }
        if ignored.count == datasetColumns.count {
            throw TrainingError.value(
                "No columns in the dataset match the model's forward method signature (\(forwardArguments.joined(separator: ", "))). The following columns have been ignored: [\(ignored.joined(separator: ", "))].",
                help: "tokenize the dataset first (dataset.map(tokenize, batched=True)) so it has input_ids and attention_mask")
        }
        guard !ignored.isEmpty else { return ([], nil) }
        let list = ignored.joined(separator: ", ")
        return (ignored, "The following columns in the \(split) set don't have a corresponding argument in `\(modelName).forward` and have been ignored: \(list). If \(list) are not expected by `\(modelName).forward`,  you can safely ignore this message.")
    }
}
