/// Python's `repr()` of strings and floats, exactly as CPython 3 prints them.
public enum PythonRepr {
    /// `repr(str)`: single quotes unless the text contains `'` and no `"`; backslash, the quote, `\n`,
    /// `\r`, `\t` escaped; every other non-printable character (CPython's `str.isprintable` rule:
    /// categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than the space) as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
    /// U+0080–U+009F are controls (Cc), so `'\x80'`.
    public static func string(_ text: String) -> String {
        let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String.UnicodeScalarView()
        out.append(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case quote: out.append("\\"); out.append(quote)
            default:
                if isPrintable(scalar) {
                    out.append(scalar)
                } else {
                    out.append(contentsOf: escaped(scalar).unicodeScalars)
                }
            }
        }
        out.append(quote)
        return String(out)
    }

    /// `ascii(str)` without the quotes: every non-ASCII character escaped (`\xe9`, `\u20ac`, `\U0001f600`).
    public static func asciiEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 { out.unicodeScalars.append(scalar) } else { out += escaped(scalar) }
        }
        return out
    }

    /// CPython's `Py_UNICODE_ISPRINTABLE`: false for Other (Cc, Cf, Cs, Co, Cn) and Separator (Zl, Zp,
    /// Zs) characters, except the ASCII space.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        if scalar.value < 0x20 || scalar.value == 0x7F { return false }
        if scalar.value < 0x7F { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// `\xNN` below U+0100, `\uNNNN` below U+10000, `\UNNNNNNNN` above (lowercase hex, as CPython).
    public static func escaped(_ scalar: Unicode.Scalar) -> String {
        if scalar.value <= 0xFF { return "\\x" + hex(scalar.value, width: 2) }
        if scalar.value <= 0xFFFF { return "\\u" + hex(scalar.value, width: 4) }
        return "\\U" + hex(scalar.value, width: 8)
    }

    /// Lowercase hexadecimal, zero-padded to `width` digits.
    public static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `repr(float)`: the shortest digits that round-trip, positional when the decimal exponent is in
    /// -4..<16 (`0.0001`, `100.0`, `1000000000000000.0`), scientific otherwise (`1e-05`, `1e+16`,
    /// `1.5e+300`); `inf`, `-inf`, `nan`, `-0.0`.
    public static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (digits, pointPosition) = shortestDigits(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let exponent = pointPosition - 1
        if exponent < -4 || exponent >= 16 {
            let mantissa = digits.count == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst()
            let exponentText = (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
            return sign + mantissa + "e" + exponentText
        }
        if pointPosition <= 0 { return sign + "0." + String(repeating: "0", count: -pointPosition) + digits }
        if pointPosition >= digits.count {
            return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
        }
        return sign + digits.prefix(pointPosition) + "." + digits.dropFirst(pointPosition)
    }

    /// The shortest round-trip decimal digits of a positive finite `value` (no leading or trailing
    /// zeros) and the position of the decimal point relative to them (`0.015` → ("15", -1)).
    /// Swift's `description` already holds the shortest round-trip digits; only the layout differs.
    static func shortestDigits(_ value: Double) -> (digits: String, pointPosition: Int) {
        var text = value.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var digits = ""
        var pointPosition = text.count
        for (index, character) in text.enumerated() {
            if character == "." { pointPosition = index } else { digits.append(character) }
        }
        pointPosition += exponent
        while digits.count > 1, digits.hasPrefix("0") { digits.removeFirst(); pointPosition -= 1 }
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        return (digits, pointPosition)
    }
}

/// Python's string-literal backslash escapes, the reverse of `PythonRepr.string` (shared by the language's
/// lexer and the Jinja chat-template lexer, whose literals follow Python's).
public enum PythonEscapes {
    /// The character a one-letter escape stands for (`n` in `\n` → newline), nil for the letters that start
    /// a longer escape (`x u U N`, octal digits such as `\0` or `\012`) or are not escapes (Python keeps
    /// those with their backslash).
    public static func simple(_ letter: Unicode.Scalar) -> Unicode.Scalar? {
        switch letter {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "\\", "'", "\"": return letter
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        default: return nil
        }
    }
}
