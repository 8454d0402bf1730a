import Foundation

/// A JSON value that keeps what Python's `json` module keeps: the order of object keys, and the
/// difference between `8` (int) and `8.0` (float). PEFT's files are read and written through it.
public indirect enum PeftJSON: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([PeftJSON])
    /// Keys in file (insertion) order, like a Python dict.
    case object([(key: String, value: PeftJSON)])

    public static func == (lhs: PeftJSON, rhs: PeftJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value for `key` when this is an object.
    public subscript(key: String) -> PeftJSON? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.last(where: { $0.key == key })?.value
    }

    /// Python's name for the value's type, for error messages (`int`, `str`, `list`, …).
    public var pythonTypeName: String {
        switch self {
        case .null: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .object: return "dict"
        }
    }

    /// Compact Python-like rendering for messages (`['query', 'value']`, `True`, `None`).
    public var description: String {
        switch self {
        case .null: return "None"
        case let .bool(b): return b ? "True" : "False"
        case let .int(i): return String(i)
        case let .double(d): return pythonFloatRepr(d)
        case let .string(s): return "'\(s)'"
        case let .array(items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case let .object(pairs):
            return "{" + pairs.map { "'\($0.key)': \($0.value.description)" }.joined(separator: ", ") + "}"
        }
    }
}

// MARK: - Parsing

/// Parses JSON text (RFC 8259) into a `PeftJSON`; errors say where the text went wrong.
enum PeftJSONParser {
    static let maximumDepth = 256

    static func parse(_ text: String) throws -> PeftJSON {
        var parser = Cursor(bytes: Array(text.utf8))
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func failure(_ what: String) -> PeftError {
            var line = 1, column = 1
            for byte in bytes[..<min(index, bytes.count)] {
                if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            }
            return PeftError(.invalidAdapterConfig, "invalid JSON: \(what) at line \(line), column \(column)")
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ literal: String) throws {
            for byte in literal.utf8 {
                guard index < bytes.count, bytes[index] == byte else { throw failure("expected '\(literal)'") }
                index += 1
            }
        }

        mutating func parseValue(depth: Int) throws -> PeftJSON {
            guard depth < PeftJSONParser.maximumDepth else { throw failure("nesting deeper than \(PeftJSONParser.maximumDepth)") }
            guard index < bytes.count else { throw failure("unexpected end of text") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw failure("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
            }
        }

        mutating func parseObject(depth: Int) throws -> PeftJSON {
            index += 1
            var pairs: [(key: String, value: PeftJSON)] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key in quotes") }
                let key = try parseString()
                skipWhitespace()
                try expect(":")
                skipWhitespace()
                let value = try parseValue(depth: depth + 1)
                if let existing = pairs.firstIndex(where: { $0.key == key }) {
                    pairs[existing].value = value  // Python keeps the last value, at the first position
                } else {
                    pairs.append((key, value))
                }
                skipWhitespace()
                guard index < bytes.count else { throw failure("unexpected end of text in an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
                throw failure("expected ',' or '}'")
            }
        }

        mutating func parseArray(depth: Int) throws -> PeftJSON {
            index += 1
            var items: [PeftJSON] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw failure("unexpected end of text in a list") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw failure("expected ',' or ']'")
            }
        }

        mutating func parseHex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw failure("invalid \\u escape")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        mutating func parseString() throws -> String {
            index += 1  // opening quote
            var scalars = String.UnicodeScalarView()
            var rawStart = index
            var raw: [UInt8] = []
            while true {
                guard index < bytes.count else { throw failure("unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    raw.append(contentsOf: bytes[rawStart..<index])
                    index += 1
                    break
                }
                if byte < 0x20 { throw failure("control character inside a string") }
                if byte == UInt8(ascii: "\\") {
                    raw.append(contentsOf: bytes[rawStart..<index])
                    guard let decoded = String(bytes: raw, encoding: .utf8) else { throw failure("invalid UTF-8") }
                    scalars.append(contentsOf: decoded.unicodeScalars)
                    raw.removeAll()
                    index += 1
                    guard index < bytes.count else { throw failure("unterminated escape") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try parseHex4()
                        if (0xD800..<0xDC00).contains(code), index + 6 <= bytes.count,
                           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            let save = index
                            index += 2
                            let low = try parseHex4()
                            if (0xDC00..<0xE000).contains(low) {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = save
                            }
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: throw failure("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                    }
                    rawStart = index
                    continue
                }
                index += 1
            }
            guard let decoded = String(bytes: raw, encoding: .utf8) else { throw failure("invalid UTF-8") }
            scalars.append(contentsOf: decoded.unicodeScalars)
            return String(scalars)
        }

        mutating func parseNumber() throws -> PeftJSON {
            let start = index
            var isFloat = false
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            while index < bytes.count {
                let byte = bytes[index]
                if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                    index += 1
                } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                    isFloat = true
                    index += 1
                } else {
                    break
                }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if !isFloat, let value = Int(text) { return .int(value) }
            guard let value = Double(text), value.isFinite else { throw failure("invalid number '\(text)'") }
            return .double(value)
        }
    }
}

// MARK: - Writing exactly like Python's json.dumps(indent=2, sort_keys=True)

enum PythonJSONWriter {
    /// `json.dumps(value, indent: indent, sort_keys: sortKeys)` byte for byte (ensure_ascii on).
    static func dumps(_ value: PeftJSON, indent: Int = 2, sortKeys: Bool = true) -> String {
        var out = ""
        write(value, into: &out, level: 0, indent: indent, sortKeys: sortKeys)
        return out
    }

    private static func write(_ value: PeftJSON, into out: inout String, level: Int, indent: Int, sortKeys: Bool) {
        switch value {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .double(d): out += pythonFloatRepr(d)
        case let .string(s): out += quoted(s)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            let inner = String(repeating: " ", count: (level + 1) * indent)
            out += "[\n"
            for (position, item) in items.enumerated() {
                out += inner
                write(item, into: &out, level: level + 1, indent: indent, sortKeys: sortKeys)
                out += position == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: level * indent) + "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            let ordered = sortKeys ? pairs.sorted { pythonStringLess($0.key, $1.key) } : pairs
            let inner = String(repeating: " ", count: (level + 1) * indent)
            out += "{\n"
            for (position, pair) in ordered.enumerated() {
                out += inner + quoted(pair.key) + ": "
                write(pair.value, into: &out, level: level + 1, indent: indent, sortKeys: sortKeys)
                out += position == ordered.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: level * indent) + "}"
        }
    }

    /// Python compares strings by code point.
    static func pythonStringLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    /// A JSON string literal with Python's `ensure_ascii=True` escaping.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        out += hex4(scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Python's `repr(float)`: the shortest digits that round-trip, in positional notation when the decimal
/// exponent is in -4..<16 (always with a `.0` or fraction), scientific (`1e-05`, `1.5e+16`) otherwise.
func pythonFloatRepr(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
    if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
    // Swift's description also gives the shortest round-trip digits; re-lay them out Python's way.
    let swiftText = "\(value.magnitude)"
    var mantissa = swiftText
    var exponent = 0
    if let eIndex = swiftText.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = String(swiftText[..<eIndex])
        exponent = Int(swiftText[swiftText.index(after: eIndex)...]) ?? 0
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let integerPart = String(parts.first ?? "0")
    let fractionPart = parts.count > 1 ? String(parts[1]) : ""
    var digits = integerPart + fractionPart
    var pointPosition = integerPart.count + exponent  // digits before the decimal point
    // Normalise: drop leading zeros (adjusting the point) and trailing zeros.
    while digits.count > 1, digits.first == "0" { digits.removeFirst(); pointPosition -= 1 }
    while digits.count > 1, digits.last == "0" { digits.removeLast() }
    let decimalExponent = pointPosition - 1
    let sign = value < 0 ? "-" : ""
    if decimalExponent >= -4 && decimalExponent < 16 {
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
        }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<split] + "." + digits[split...]
    }
    let head = String(digits.prefix(1))
    let tail = String(digits.dropFirst())
    let exponentText = (decimalExponent < 0 ? "-" : "+") + (abs(decimalExponent) < 10 ? "0" : "") + String(abs(decimalExponent))
    return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + exponentText
}
