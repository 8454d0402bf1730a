// Small self-contained SVG line charts for exported pages: loss curves and evaluation metrics.
// Axes are labelled and scaled to the data (a loss going from 1.06 to 0.86 fills the plot instead of
// lying flat on a 0-based axis); the legend sits above the plot area, clear of the lines.
import Foundation

/// Draws loss series (train and eval) as an SVG line chart.
public enum LossCurveSVG {
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]

    public static func render(_ series: [LossSeries], width: Double = 560, height: Double = 280) -> String {
        PlotSVG.render(series, yLabel: "loss", className: "loss-curve", width: width, height: height)
    }

    /// Round tick values (1, 2 or 5 times a power of ten apart) inside [low, high].
    static func niceTicks(_ low: Double, _ high: Double, target: Int = 5) -> [Double] {
        let step = tickStep(low, high, target: target)
        guard step > 0 else { return [low] }
        var ticks: [Double] = []
        var value = ceil(low / step) * step
        while value <= high + step * 1e-9 && ticks.count < 20 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }

    /// The distance between round ticks for [low, high] (0 when the span is empty or not finite).
    static func tickStep(_ low: Double, _ high: Double, target: Int = 5) -> Double {
        let span = high - low
        guard span > 0, span.isFinite else { return 0 }
        let raw = span / Double(target)
        let magnitude = pow(10, floor(log10(raw)))
        return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    }

    static func tick(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e6 { return String(Int(value)) }
        let text = String(format: abs(value) < 0.01 ? "%.2e" : "%.3g", value)
        return text
    }
}

/// The chart itself, for any series sharing one x axis.
enum PlotSVG {
    /// The y range shown: the data's, padded by a tenth of its span and widened to round ticks;
    /// never below 0 for data that is not.
    static func yRange(_ values: [Double]) -> (low: Double, high: Double) {
        guard var low = values.min(), var high = values.max() else { return (0, 1) }
        var span = high - low
        if span == 0 { span = max(abs(high) * 0.1, 0.01) }
        let dataLow = low
        low -= span * 0.1
        high += span * 0.1
        if dataLow >= 0 { low = max(0, low) }
        let step = LossCurveSVG.tickStep(low, high)
        if step > 0 {
            low = (low / step).rounded(.down) * step
            high = (high / step).rounded(.up) * step
        }
        return (low, high)
    }

    static func render(_ series: [LossSeries], yLabel: String, className: String,
                       width: Double = 560, height: Double = 280) -> String {
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return "" }
        let left = 64.0, right = 18.0, top = 34.0, bottom = 46.0
        var minX = all.map(\.x).min() ?? 0, maxX = all.map(\.x).max() ?? 1
        if maxX == minX { minX -= 1; maxX += 1 }
        let (minY, maxY) = yRange(all.map(\.y))
        func sx(_ x: Double) -> Double { left + (x - minX) / (maxX - minX) * (width - left - right) }
        func sy(_ y: Double) -> Double { top + (1 - (y - minY) / (maxY - minY)) * (height - top - bottom) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let label = series.map(\.name).joined(separator: ", ")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(className)\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label)) by \(series.first?.xLabel ?? "step"), \(yLabel) from \(LossCurveSVG.tick(minY)) to \(LossCurveSVG.tick(maxY))\">\n"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>\n"
        for value in LossCurveSVG.niceTicks(minY, maxY) {
            let y = sy(value)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" font-size=\"13\" text-anchor=\"end\" fill=\"#555\">\(LossCurveSVG.tick(value))</text>\n"
        }
        for value in LossCurveSVG.niceTicks(minX, maxX) {
            let x = sx(value)
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(height - bottom))\" x2=\"\(f(x))\" y2=\"\(f(height - bottom + 4))\" stroke=\"#888\"/>\n"
            svg += "<text x=\"\(f(x))\" y=\"\(f(height - bottom + 18))\" font-size=\"13\" text-anchor=\"middle\" fill=\"#555\">\(LossCurveSVG.tick(value))</text>\n"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\" stroke=\"#888\"/>\n"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(height - bottom))\" stroke=\"#888\"/>\n"
        // Axis labels.
        svg += "<text x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 6))\" font-size=\"14\" text-anchor=\"middle\" fill=\"#333\">\(HTMLText.escape(series.first?.xLabel ?? "step"))</text>\n"
        svg += "<text x=\"\(f(14))\" y=\"\(f((top + height - bottom) / 2))\" font-size=\"14\" text-anchor=\"middle\" fill=\"#333\" transform=\"rotate(-90 14 \(f((top + height - bottom) / 2)))\">\(HTMLText.escape(yLabel))</text>\n"
        var legendX = left
        for (i, s) in series.enumerated() {
            let color = LossCurveSVG.colors[i % LossCurveSVG.colors.count]
            let points = s.points.map { "\(f(sx($0.x))),\(f(sy($0.y)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
            for p in s.points where s.points.count <= 60 {
                svg += "<circle cx=\"\(f(sx(p.x)))\" cy=\"\(f(sy(p.y)))\" r=\"\(s.points.count == 1 ? "4" : "2.5")\" fill=\"\(color)\"/>\n"
            }
            // Legend above the plot, entries side by side.
            svg += "<line x1=\"\(f(legendX))\" y1=\"\(f(top - 17))\" x2=\"\(f(legendX + 20))\" y2=\"\(f(top - 17))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(f(legendX + 25))\" y=\"\(f(top - 12))\" font-size=\"14\" fill=\"#333\">\(HTMLText.escape(s.name))</text>\n"
            legendX += 44 + Double(s.name.count) * 8
        }
        return svg + "</svg>"
    }
}
