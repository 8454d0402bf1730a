/// The console forms of training logs.
public enum LogFormatting {
    /// The dict line transformers v5 prints for each log: floats as strings with 4 significant digits,
    /// e.g. `{'loss': '0.6928', 'grad_norm': '0.5582', 'learning_rate': '0.0003333', 'epoch': '0.25'}`.
    /// `step` and `total_flos` are not printed (HF drops them from the console line).
    public static func consoleLine(_ logs: LogEntry) -> String {
        var parts: [String] = []
        for (key, value) in logs where key != "total_flos" && key != "step" {
            parts.append("\(PythonFormat.stringRepr(key)): \(consoleValue(value))")
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    static func consoleValue(_ value: JSONValue) -> String {
        value.pythonText { PythonFormat.stringRepr(PythonFormat.general($0, significantDigits: 4)) }
    }

    /// A training log entry as HF builds it: `{loss, grad_norm, learning_rate, epoch}` (then `step`
    /// is added when it goes into `log_history`).
    public static func trainingLog(loss: Double, gradNorm: Double?, learningRate: Double, epoch: Double) -> LogEntry {
        var entry = LogEntry()
        entry["loss"] = .double(loss)
        if let gradNorm { entry["grad_norm"] = .double(gradNorm) }
        entry["learning_rate"] = .double(learningRate)
        entry["epoch"] = .double(epoch)
        return entry
    }

    /// Prefixes metric names like HF: `accuracy` → `eval_accuracy` (keys already prefixed are kept).
    public static func prefixed(_ metrics: LogEntry, prefix: String) -> LogEntry {
        var out = LogEntry()
        for (key, value) in metrics { out[key.hasPrefix(prefix + "_") ? key : "\(prefix)_\(key)"] = value }
        return out
    }
}
