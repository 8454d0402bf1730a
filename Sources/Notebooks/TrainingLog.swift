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
    static let dictEntry = try? NSRegularExpression(pattern: #"'([A-Za-z_]+)':\s*'?([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)'?"#)
    /// The Trainer's progress bar line: `  12/240 [##------]   5% | loss 0.6928 | lr 0.0003333 | …`.
    static let progressBar = try? NSRegularExpression(
        pattern: #"^\s*(\d+)\s*/\s*\d+\s+\[[^\]]*\].*?\bloss\s+([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"#)
    static let progress = try? NSRegularExpression(
        pattern: #"(?i)\b(?:step|iteration|iter)\s+(\d+)(?:\s*/\s*\d+)?\s*[:,]?\s*(?:.*?\b(?:training\s+)?loss)\s*[=:]?\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"#)

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

/// Draws loss series as a small self-contained SVG line chart.
public enum LossCurveSVG {
    static let colors = ["#1f77b4", "#d62728", "#2ca02c"]

    public static func render(_ series: [LossSeries], width: Double = 640, height: Double = 260) -> String {
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return "" }
        let left = 56.0, right = 16.0, top = 16.0, bottom = 40.0
        var minX = all.map(\.x).min() ?? 0, maxX = all.map(\.x).max() ?? 1
        var minY = min(0, all.map(\.y).min() ?? 0), maxY = all.map(\.y).max() ?? 1
        if maxX == minX { minX -= 1; maxX += 1 }
        if maxY == minY { maxY += 1 }
        maxY += (maxY - minY) * 0.05
        func sx(_ x: Double) -> Double { left + (x - minX) / (maxX - minX) * (width - left - right) }
        func sy(_ y: Double) -> Double { top + (1 - (y - minY) / (maxY - minY)) * (height - top - bottom) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"loss-curve\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"loss curve\">\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>\n"
        // Grid and y ticks.
        for value in niceTicks(minY, maxY) {
            let y = sy(value)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">\(tick(value))</text>\n"
        }
        for value in niceTicks(minX, maxX) {
            let x = sx(value)
            svg += "<text x=\"\(f(x))\" y=\"\(f(height - bottom + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">\(tick(value))</text>\n"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\" stroke=\"#888\"/>\n"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(height - bottom))\" stroke=\"#888\"/>\n"
        svg += "<text x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 6))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">\(series.first?.xLabel ?? "step")</text>\n"
        for (i, s) in series.enumerated() {
            let color = colors[i % colors.count]
            let points = s.points.map { "\(f(sx($0.x))),\(f(sy($0.y)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
            for p in s.points where s.points.count <= 60 {
                svg += "<circle cx=\"\(f(sx(p.x)))\" cy=\"\(f(sy(p.y)))\" r=\"2.5\" fill=\"\(color)\"/>\n"
            }
            let legendY = top + 14 + Double(i) * 16
            svg += "<line x1=\"\(f(width - right - 110))\" y1=\"\(f(legendY - 4))\" x2=\"\(f(width - right - 90))\" y2=\"\(f(legendY - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(f(width - right - 85))\" y=\"\(f(legendY))\" font-size=\"12\" fill=\"#333\">\(s.name)</text>\n"
        }
        return svg + "</svg>"
    }

    /// Round tick values (1, 2 or 5 times a power of ten apart) inside [low, high].
    static func niceTicks(_ low: Double, _ high: Double, target: Int = 5) -> [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [low] }
        let raw = span / Double(target)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [Double] = []
        var value = ceil(low / step) * step
        while value <= high + step * 1e-9 && ticks.count < 20 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }

    static func tick(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e6 { return String(Int(value)) }
        return String(format: abs(value) < 0.01 ? "%.2e" : "%.3g", value)
    }
}
