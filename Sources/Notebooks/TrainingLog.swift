// Reads loss curves out of recorded training logs, for SVG plots on export.
//
// Two line shapes are recognised (documented in docs/notebooks.md):
//   1. Hugging Face Trainer log dicts: {'loss': 0.6931, 'learning_rate': 4.5e-05, 'epoch': 0.5}
//      and {'eval_loss': 0.61, 'eval_accuracy': 0.7, 'epoch': 1.0}. The x value is 'step' when
//      present, else 'epoch', else the point's index.
//      transformers v5 quotes the values ({'loss': '0.6931', …}); both forms are read.
//   2. Progress lines: the Trainer's bar `  12/240 [##----]   5% | loss 0.6928 | …`, `step 10/50  loss 3.412 …`
//      (also `step 10: loss=3.412`, `Iteration 10: training loss 3.4`).
import Foundation

/// A series of (x, y) points from a training log.
public struct LossSeries: Equatable, Sendable {
    public var name: String
    public var points: [(x: Double, y: Double)]
    /// What x is: "step", "epoch" or "point".
    public var xLabel: String = "step"

    public static func == (a: LossSeries, b: LossSeries) -> Bool {
        a.name == b.name && a.points.map(\.x) == b.points.map(\.x) && a.points.map(\.y) == b.points.map(\.y)
    }
}

/// Extracts loss curves from output text.
public enum TrainingLog {
    /// `'key': 0.69` or, as transformers v5 prints, `'key': '0.69'`.
    static let dictEntry = try? NSRegularExpression(pattern: #"'([A-Za-z_][A-Za-z0-9_]*)':\s*'?([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)'?"#)
    /// The Trainer's progress bar line: `  12/240 [##------]   5% | loss 0.6928 | lr 0.0003333 | …`.
    static let progressBar = try? NSRegularExpression(
        pattern: #"^\s*(\d+)\s*/\s*\d+\s+\[[^\]]*\].*?\bloss\s+([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"#)
    static let progress = try? NSRegularExpression(
        pattern: #"(?i)\b(?:step|iteration|iter)\s+(\d+)(?:\s*/\s*\d+)?\s*[:,]?\s*(?:.*?\b(?:training\s+)?loss)\s*[=:]?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"#)

    /// Evaluation metrics other than the loss (`eval_accuracy`, `eval_f1`, …), one series per metric named
    /// without its `eval_` prefix, x as in `series(in:)`; empty unless some metric was evaluated twice.
    /// Timings and throughputs (`eval_runtime`, `…_per_second`) are not metrics.
    public static func metricSeries(in text: String) -> [LossSeries] {
        var order: [String] = []
        var points: [String: [(x: Double, y: Double)]] = [:]
        var xLabel = "step"
        var evaluations = 0
        for line in text.split(separator: "\n") where line.trimmingSpaces().hasPrefix("{") {
            let line = String(line)
            guard let dictEntry, line.contains("'eval_") else { continue }
            var fields: [(String, Double)] = []
            for match in dictEntry.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                guard let key = Range(match.range(at: 1), in: line), let value = Range(match.range(at: 2), in: line),
                      let number = Double(line[value]) else { continue }
                fields.append((String(line[key]), number))
            }
            let lookup = Dictionary(fields, uniquingKeysWith: { a, _ in a })
            let metrics = fields.filter { key, _ in
                key.hasPrefix("eval_") && key != "eval_loss" && key != "eval_runtime" && !key.hasSuffix("_per_second")
            }
            guard !metrics.isEmpty else { continue }
            evaluations += 1
            if lookup["step"] == nil { xLabel = lookup["epoch"] == nil ? "evaluation" : "epoch" }
            let x = lookup["step"] ?? lookup["epoch"] ?? Double(evaluations)
            for (key, value) in metrics {
                let name = String(key.dropFirst(5))
                if points[name] == nil { order.append(name) }
                points[name, default: []].append((x, value))
            }
        }
        guard order.contains(where: { (points[$0]?.count ?? 0) >= 2 }) else { return [] }
        return order.map { LossSeries(name: $0, points: points[$0] ?? [], xLabel: xLabel) }
    }

    /// The series found in `text`: "train loss" and/or "eval loss" (empty when none).
    /// When a log has both shapes (the Trainer's progress bar every few steps and its log dicts every
    /// `logging_steps`), the log dicts win: they share the eval points' x axis (step or epoch), while the bar
    /// counts steps, and mixing the two would draw one curve over two different axes.
    public static func series(in text: String) -> [LossSeries] {
        var train: [(Double, Double)] = []
        var progressPoints: [(Double, Double)] = []
        var xLabel = "step"
        var eval: [(Double, Double)] = []
        for line in text.split(separator: "\n") {
            let line = String(line)
            let range = NSRange(line.startIndex..., in: line)
            if line.trimmingSpaces().hasPrefix("{"), let dictEntry {
                var fields: [String: Double] = [:]
                for match in dictEntry.matches(in: line, range: range) {
                    guard let key = Range(match.range(at: 1), in: line), let value = Range(match.range(at: 2), in: line),
                          let number = Double(line[value]) else { continue }
                    fields[String(line[key])] = number
                }
                if let loss = fields["loss"] {
                    if fields["step"] == nil { xLabel = fields["epoch"] == nil ? "point" : "epoch" }
                    train.append((fields["step"] ?? fields["epoch"] ?? Double(train.count + 1), loss))
                } else if let loss = fields["eval_loss"] {
                    eval.append((fields["step"] ?? fields["epoch"] ?? Double(eval.count + 1), loss))
                }
                continue
            }
            let match = progressBar?.firstMatch(in: line, range: range) ?? progress?.firstMatch(in: line, range: range)
            if let match,
               let stepRange = Range(match.range(at: 1), in: line), let lossRange = Range(match.range(at: 2), in: line),
               let step = Double(line[stepRange]), let loss = Double(line[lossRange]) {
                progressPoints.append((step, loss))
            }
        }
        if train.isEmpty { train = progressPoints }
        var result: [LossSeries] = []
        if train.count >= 2 { result.append(LossSeries(name: "train loss", points: train, xLabel: xLabel)) }
        if eval.count >= 1 && (train.count >= 2 || eval.count >= 2) { result.append(LossSeries(name: "eval loss", points: eval, xLabel: xLabel)) }
        return result
    }
}
