import Foundation
import Lang
import NumericArrays
import PythonBasics

/// numpy's text for arrays and scalars (numpy 2.x defaults of `array2string`: precision 8, `maxprec`
/// float mode, threshold 1000 with 3 edge items, line width 75): `print(np.array([0, 0]))` is `[0 0]`,
/// its repr `array([0, 0])`, floats `[0.5  1.   2.25]`, `float32` arrays name their dtype in the repr.
enum NumpyFormatter {
    static let lineWidth = 75, threshold = 1000, edgeItems = 3

    /// `str(a)`.
    static func str(_ a: NDArray, float32: Bool) -> String {
        if a.rank == 0 { return scalarStr(a.values.first ?? 0, a.dtype, float32: float32) }
        if a.count == 0 { return "[]" }
        return layout(a, float32: float32, separator: " ", prefix: "", width: lineWidth)
    }

    /// `repr(a)`: `array([...])` with `shape=` when summarised and `dtype=` when numpy would not infer it.
    static func repr(_ a: NDArray, float32: Bool) -> String {
        if a.rank == 0 { return scalarRepr(a.values.first ?? 0, a.dtype, float32: float32) }
        let prefix = "array("
        let body = a.count == 0 ? "[]" : layout(a, float32: float32, separator: ", ", prefix: prefix, width: lineWidth - 1)
        var extras: [String] = []
        if (a.count == 0 && a.shape != [0]) || a.count > threshold { extras.append("shape=\(shapeTuple(a.shape))") }
        let dtype = dtypeName(a.dtype, float32: float32)
        if a.count == 0 || dtype == "float32" { extras.append("dtype=\(dtype)") }
        guard !extras.isEmpty else { return prefix + body + ")" }
        let text = prefix + body + ","
        let extra = extras.joined(separator: ", ") + ")"
        let lastLine = text.count - ((text.lastIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) + 1 }) ?? 0)
        let spacer = lastLine + extra.count + 1 > lineWidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return text + spacer + extra
    }

    static func dtypeName(_ dtype: NDArray.DType, float32: Bool) -> String {
        switch dtype {
        case .float32: return float32 ? "float32" : "float64"
        case .int64: return "int64"
        case .bool: return "bool"
        }
    }

    /// A numpy scalar's `str`: `0.75`, `3`, `True`.
    static func scalarStr(_ x: Double, _ dtype: NDArray.DType, float32: Bool) -> String {
        switch dtype {
        case .int64: return String(CheckedInt.fromStoredInt64(x))
        case .bool: return x != 0 ? "True" : "False"
        case .float32: return PythonRepr.float(float32 ? shortestFloat32(x) : x)
        }
    }

    /// A numpy scalar's `repr`: `np.float64(0.75)`, `np.int64(3)`, `np.True_`.
    static func scalarRepr(_ x: Double, _ dtype: NDArray.DType, float32: Bool) -> String {
        switch dtype {
        case .bool: return x != 0 ? "np.True_" : "np.False_"
        default: return "np.\(dtypeName(dtype, float32: float32))(\(scalarStr(x, dtype, float32: float32)))"
        }
    }

    /// The double whose shortest repr has a float32 value's shortest digits (`0.1` for `Float(0.1)`).
    static func shortestFloat32(_ x: Double) -> Double {
        let f = Float(x)
        guard f.isFinite else { return Double(f) }
        return Double(f.description) ?? Double(f)
    }

    // MARK: layout (numpy's _formatArray)

    private static func layout(_ a: NDArray, float32: Bool, separator: String, prefix: String, width: Int) -> String {
        let summarize = a.count > threshold
        let strides = NDArray.strides(a.shape)
        func shownIndices(_ size: Int) -> [Int] {
            summarize && size > 2 * edgeItems ? Array(0..<edgeItems) + Array((size - edgeItems)..<size) : Array(0..<size)
        }
        var shown: [Double] = []
        func collect(_ dim: Int, _ offset: Int) {
            for i in shownIndices(a.shape[dim]) {
                let o = offset + i * strides[dim]
                if dim == a.rank - 1 { shown.append(a.values[o]) } else { collect(dim + 1, o) }
            }
        }
        collect(0, 0)
        let format = elementFormatter(shown, a.dtype, float32: float32)
        func recurse(_ dim: Int, _ offset: Int, hanging: String, width: Int) -> String {
            let size = a.shape[dim]
            let nextHanging = hanging + " "
            let nextWidth = width - 1
            let showSummary = summarize && size > 2 * edgeItems
            let leading = showSummary ? edgeItems : 0
            let trailing = showSummary ? edgeItems : size
            var s = ""
            if dim == a.rank - 1 {
                let elementWidth = width - Swift.max(separator.trimmingCharacters(in: .whitespaces).count, 1)
                var line = hanging
                func extend(_ word: String, _ limit: Int) {
                    var wrap = line.count + word.count > limit
                    if line.count <= hanging.count { wrap = false }
                    if wrap {
                        s += line.trimmingTrailingSpaces() + "\n"
                        line = hanging
                    }
                    line += word
                }
                for i in 0..<leading {
                    extend(format(a.values[offset + i * strides[dim]]), elementWidth)
                    line += separator
                }
                if showSummary {
                    extend("...", elementWidth)
                    line += separator
                }
                for i in stride(from: trailing, to: 1, by: -1) {
                    extend(format(a.values[offset + (size - i) * strides[dim]]), elementWidth)
                    line += separator
                }
                extend(format(a.values[offset + (size - 1) * strides[dim]]), elementWidth)
                s += line
            } else {
                let lineSeparator = separator.trimmingTrailingSpaces() + String(repeating: "\n", count: a.rank - dim - 1)
                for i in 0..<leading {
                    s += hanging + recurse(dim + 1, offset + i * strides[dim], hanging: nextHanging, width: nextWidth) + lineSeparator
                }
                if showSummary { s += hanging + "..." + lineSeparator }
                for i in stride(from: trailing, to: 1, by: -1) {
                    s += hanging + recurse(dim + 1, offset + (size - i) * strides[dim], hanging: nextHanging, width: nextWidth) + lineSeparator
                }
                s += hanging + recurse(dim + 1, offset + (size - 1) * strides[dim], hanging: nextHanging, width: nextWidth)
            }
            return "[" + String(s.dropFirst(hanging.count)) + "]"
        }
        return recurse(0, 0, hanging: " " + String(repeating: " ", count: prefix.count), width: width)
    }

    // MARK: elements

    private static func elementFormatter(_ shown: [Double], _ dtype: NDArray.DType, float32: Bool) -> (Double) -> String {
        switch dtype {
        case .bool:
            return { $0 != 0 ? " True" : "False" }
        case .int64:
            let texts = shown.map { String(CheckedInt.fromStoredInt64($0)) }
            let width = texts.map(\.count).max() ?? 1
            return { padLeft(String(CheckedInt.fromStoredInt64($0)), width) }
        case .float32:
            return FloatFormat(shown.map { float32 ? shortestFloat32($0) : $0 }, float32: float32).format
        }
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

/// numpy's FloatingFormat in `maxprec` mode: positional with up to 8 fraction digits (each value's shortest
/// round-trip digits), or scientific when the magnitudes span too much (>= 1e8, < 1e-4, ratio > 1000).
private struct FloatFormat {
    let float32: Bool
    var scientific = false
    var padLeft = 0, padRight = 0, precision = 8, exponentSize = 0

    init(_ values: [Double], float32: Bool) {
        self.float32 = float32
        let finite = values.filter(\.isFinite)
        let magnitudes = finite.filter { $0 != 0 }.map(Swift.abs)
        if let high = magnitudes.max(), let low = magnitudes.min() {
            scientific = high >= 1e8 || low < 0.0001 || high / low > 1000
        }
        if finite.isEmpty {
            padLeft = 0; padRight = 0
        } else if scientific {
            let parts = finite.map { Decimal10($0).scientific(maxDigits: 8, minDigits: 0) }
            exponentSize = Swift.max((parts.map(\.exponent.count).max() ?? 3) - 1, 2)
            precision = parts.map(\.fraction.count).max() ?? 0
            padLeft = parts.map(\.integer.count).max() ?? 1
            padRight = exponentSize + 2 + precision
        } else {
            let parts = finite.map { Decimal10($0).positional(maxFraction: 8) }
            padLeft = parts.map(\.integer.count).max() ?? 1
            padRight = parts.map(\.fraction.count).max() ?? 0
        }
        if finite.count != values.count {
            let negativeInfinity = values.contains { $0.isInfinite && $0 < 0 } ? 1 : 0
            padLeft = Swift.max(padLeft, 3 - (padRight + 1), 3 + negativeInfinity - (padRight + 1))
        }
    }

    func format(_ raw: Double) -> String {
        let x = float32 ? NumpyFormatter.shortestFloat32(raw) : raw
        if !x.isFinite {
            let text = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            return NumpyFormatter.padLeft(text, padLeft + padRight + 1)
        }
        if scientific {
            let p = Decimal10(x).scientific(maxDigits: precision, minDigits: precision)
            let digits = p.exponent.dropFirst()
            let exponent = String(p.exponent.prefix(1)) + String(repeating: "0", count: Swift.max(exponentSize - digits.count, 0)) + digits
            return NumpyFormatter.padLeft(p.integer, padLeft) + "." + p.fraction + "e" + exponent
        }
        let p = Decimal10(x).positional(maxFraction: precision)
        return NumpyFormatter.padLeft(p.integer, padLeft) + "." + p.fraction + String(repeating: " ", count: Swift.max(padRight - p.fraction.count, 0))
    }
}

/// A finite double's shortest round-trip decimal digits: value = ±0.d₁d₂… × 10^point.
private struct Decimal10 {
    var negative: Bool
    var digits: [Int]
    var point: Int

    init(_ x: Double) {
        negative = x.sign == .minus
        let text = Swift.abs(x).description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(String.init) ?? "0"
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = pieces.first.map(String.init) ?? "0"
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var all = (whole + fraction).compactMap { $0.wholeNumberValue }
        var position = whole.count + exponent
        while all.first == 0 { all.removeFirst(); position -= 1 }
        while all.last == 0 { all.removeLast() }
        digits = all
        point = all.isEmpty ? 1 : position
    }

    /// Rounds (half up) to `count` digits.
    private func rounded(to count: Int) -> (digits: [Int], point: Int) {
        guard count >= 0, digits.count > count else { return (digits, point) }
        var kept = Array(digits.prefix(count))
        var point = self.point
        if digits[count] >= 5 {
            var i = kept.count - 1
            while i >= 0 {
                if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; break }
            }
            if i < 0 { kept.insert(1, at: 0); point += 1 }
        }
        while kept.last == 0 { kept.removeLast() }
        return (kept, point)
    }

    /// `123.45` → ("123", "45"), at most `maxFraction` fraction digits, trailing zeros trimmed.
    func positional(maxFraction: Int) -> (integer: String, fraction: String) {
        let (d, p) = rounded(to: Swift.max(point + maxFraction, 0))
        let integer = p <= 0 ? "0" : (0..<p).map { $0 < d.count ? String(d[$0]) : "0" }.joined()
        let fraction = p < 0 ? String(repeating: "0", count: -p) + d.map(String.init).joined()
            : (p < d.count ? d[p...].map(String.init).joined() : "")
        return ((negative ? "-" : "") + integer, fraction)
    }

    /// `1.2345e+05` → ("1", "2345", "+05"), at most `maxDigits` fraction digits, at least `minDigits` (zeros).
    func scientific(maxDigits: Int, minDigits: Int) -> (integer: String, fraction: String, exponent: String) {
        guard !digits.isEmpty else {
            return ((negative ? "-" : "") + "0", String(repeating: "0", count: minDigits), "+00")
        }
        let (d, p) = rounded(to: maxDigits + 1)
        var fraction = d.dropFirst().map(String.init).joined()
        if fraction.count < minDigits { fraction += String(repeating: "0", count: minDigits - fraction.count) }
        let e = p - 1
        let magnitude = String(Swift.abs(e))
        return ((negative ? "-" : "") + String(d.first ?? 0), fraction,
                (e < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" + magnitude : magnitude))
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
