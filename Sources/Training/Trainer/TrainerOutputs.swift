import Foundation

/// What `Trainer.train()` returns (`transformers.trainer_utils.TrainOutput`).
public struct TrainOutput: CustomStringConvertible {
    /// Optimizer steps done.
    public var globalStep: Int
    /// Mean training loss over the run (`train_loss`).
    public var trainingLoss: Double
    /// `train_runtime`, `train_samples_per_second`, `train_steps_per_second`, `total_flos`, `train_loss`, `epoch`.
    public var metrics: LogEntry
    /// True when training stopped early because of an interrupt (Ctrl-C).
    public var interrupted: Bool = false
    /// A note for the person (how to resume after an interrupt), or nil.
    public var note: String? = nil

    /// `TrainOutput(global_step=16, training_loss=0.69…, metrics={…})`.
    public var description: String {
        "TrainOutput(global_step=\(globalStep), training_loss=\(PythonFormat.floatRepr(trainingLoss)), metrics=\(LogFormatting.pythonDict(metrics)))"
    }
}

/// What `Trainer.predict()` returns (`PredictionOutput(predictions, label_ids, metrics)`).
public struct PredictionOutput {
    /// `[count, width]` row-major model outputs (logits), as `EvalPrediction` holds them.
    public var predictions: EvalPrediction
    /// `[count]` true labels, or nil when the dataset has none.
    public var labelIds: [Int]?
    /// `test_loss`, `test_<metric>…`, `test_runtime`, `test_samples_per_second`, `test_steps_per_second`.
    public var metrics: LogEntry
}

extension LogFormatting {
    /// A Python dict repr of a metrics entry with full floats: `{'eval_loss': 0.6931, 'epoch': 1.0}`.
    public static func pythonDict(_ entry: LogEntry) -> String {
        "{" + entry.map { key, value in "\(PythonFormat.stringRepr(key)): \(value)" }.joined(separator: ", ") + "}"
    }

}
