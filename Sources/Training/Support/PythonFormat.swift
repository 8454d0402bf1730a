import Foundation

/// Python-compatible text forms (repr of floats and strings, `%g`), so outputs read like HF's.
public enum PythonFormat {
    /// `repr(float)`: shortest round-trip digits, `1e-05` style exponents, `nan`/`inf`.
    public static func floatRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        // Swift's description is the shortest round-trip form too; only the exponent layout differs.
        var text = value.description
        if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var mantissa = String(text[..<eIndex])
            var exponent = String(text[text.index(after: eIndex)...])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            var sign = "+"
            if exponent.hasPrefix("-") { sign = "-"; exponent.removeFirst() }
            else if exponent.hasPrefix("+") { exponent.removeFirst() }
            if exponent.count < 2 { exponent = "0" + exponent }
            text = mantissa + "e" + sign + exponent
        }
        return text
    }

    /// `repr(str)` with Python's quote choice and escapes.
    public static func stringRepr(_ value: String) -> String {
        let quote: Character = (value.contains("'") && !value.contains("\"")) ? "\"" : "'"
        var out = String(quote)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote { out += "\\" + String(quote) }
                else if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += String(format: "\\x%02x", scalar.value)
                } else { out.unicodeScalars.append(scalar) }
            }
        }
        out.append(quote)
        return out
    }

    /// Python's `f"{value:.{digits}g}"`.
    public static func general(_ value: Double, significantDigits digits: Int = 4) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.\(digits)g", value)
    }

    /// Python's `f"{value:.{digits}f}"` (round-half-even on the exact binary value, like C).
    public static func fixed(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.\(digits)f", value)
    }
}
