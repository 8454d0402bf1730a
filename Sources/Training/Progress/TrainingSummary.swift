import Foundation
import PythonBasics

/// The line a terminal shows when `trainer.train()` ends:
/// `Trained 60 steps (3 epochs) in 01:23 · 11.6 samples/s · train loss 0.8612 · best checkpoint-40 (eval_accuracy 0.8125)`.
public enum TrainingSummary {
    public static func line(steps: Int, epochs: Double?, seconds: Double, samples: Int, trainLoss: Double,
                            bestCheckpoint: String?, bestMetric: Double?, metricName: String?, interrupted: Bool) -> String {
        var parts: [String] = []
        var head = (interrupted ? "Stopped after " : "Trained ") + "\(steps) step" + (steps == 1 ? "" : "s")
        if let epochs { head += " (" + PythonFormat.general(epochs, significantDigits: 3) + " epoch" + (epochs == 1 ? "" : "s") + ")" }
        head += " in " + ProgressReporter.clockText(seconds)
        parts.append(head)
        if seconds > 0, samples > 0 {
            let rate = Double(samples) / seconds
            parts.append((rate >= 10 ? String(format: "%.0f", rate) : String(format: "%.2f", rate)) + " samples/s")
        }
        if trainLoss.isFinite { parts.append("train loss " + PythonFormat.general(trainLoss, significantDigits: 4)) }
        if let bestCheckpoint {
            let name = URL(fileURLWithPath: bestCheckpoint).lastPathComponent
            var best = "best " + name
            if let bestMetric {
                let metric = metricName.map { $0.hasPrefix("eval_") ? $0 : "eval_" + $0 } ?? "eval_loss"
                best += " (\(metric) " + PythonFormat.general(bestMetric, significantDigits: 4) + ")"
            }
            parts.append(best)
        }
        return parts.joined(separator: " · ")
    }
}
