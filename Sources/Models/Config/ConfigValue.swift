import Foundation

/// A JSON value as found in `config.json` (and GGUF metadata converted to the same shape).
///
/// Integers and floats stay distinct so a config written back keeps `"num_labels": 3` and
/// `"rope_theta": 10000.0` as they were.
public enum ConfigValue: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    /// The value as an integer (an integral double counts).
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9e15: return Int(value)
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    /// The value as a double (an integer counts).
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    public var stringValue: String? { if case .string(let value) = self { return value }; return nil }
    public var boolValue: Bool? { if case .bool(let value) = self { return value }; return nil }
    public var arrayValue: [ConfigValue]? { if case .array(let value) = self { return value }; return nil }
    public var objectValue: [String: ConfigValue]? { if case .object(let value) = self { return value }; return nil }
    public var isNull: Bool { self == .null }

    /// Compact JSON text (keys sorted, like `json.dumps(sort_keys=True)`).
    public var description: String { jsonText(indent: nil) }

    /// JSON text; with `indent` the layout transformers uses for `config.json` (2 spaces, sorted keys).
    public func jsonText(indent: Int? = 2) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += ConfigValue.formatDouble(value)
        case .string(let value): out += ConfigValue.quote(value)
        case .array(let values):
            if values.isEmpty { out += "[]"; return }
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                value.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                out += ConfigValue.quote(key) + (indent == nil ? ":" : ": ")
                members[key]?.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, indent: Int?, level: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    static func formatDouble(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity") }
        if value.rounded() == value && abs(value) < 1e16 { return String(format: "%.1f", value) }
        return "\(value)"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

extension ConfigValue {
    /// Parses JSON text. Errors name the byte offset and what was expected there.
    public static func parse(_ text: String, source: String = "JSON") throws -> ConfigValue {
        var parser = JSONTextParser(bytes: Array(text.utf8), source: source)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }
}

/// A small strict JSON parser (RFC 8259, plus NaN/Infinity as Python writes them).
struct JSONTextParser {
    let bytes: [UInt8]
    let source: String
    var position = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    func failure(_ what: String) -> ModelError {
        ModelError("\(source) is not valid JSON: \(what) at byte \(position)",
                   help: "check the file is complete and was not edited by hand into invalid JSON")
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func parseValue(depth: Int) throws -> ConfigValue {
        guard depth < 512 else { throw failure("nesting deeper than 512 levels") }
        guard position < bytes.count else { throw failure("unexpected end of text") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "N"): try expectWord("NaN"); return .double(.nan)
        case UInt8(ascii: "I"): try expectWord("Infinity"); return .double(.infinity)
        default: return try parseNumber()
        }
    }

    mutating func expectWord(_ word: String) throws {
        let wordBytes = Array(word.utf8)
        guard position + wordBytes.count <= bytes.count,
              Array(bytes[position..<position + wordBytes.count]) == wordBytes else { throw failure("expected \(word)") }
        position += wordBytes.count
    }

    mutating func parseObject(depth: Int) throws -> ConfigValue {
        position += 1
        var members: [String: ConfigValue] = [:]
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            skipWhitespace()
            members[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of text inside an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw failure("expected ',' or '}'")
        }
    }

    mutating func parseArray(depth: Int) throws -> ConfigValue {
        position += 1
        var values: [ConfigValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(values) }
        while true {
            skipWhitespace()
            values.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw failure("unexpected end of text inside an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(values) }
            throw failure("expected ',' or ']'")
        }
    }

    mutating func parseString() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { position += 1; flush(); return String(scalars) }
            if byte == UInt8(ascii: "\\") {
                flush()
                position += 1
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800..<0xDC00).contains(code), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try parseHex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00 & 0x3FF)
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: throw failure("unknown escape \\\(Character(Unicode.Scalar(escape)))")
                }
                continue
            }
            raw.append(byte)
            position += 1
        }
        throw failure("unterminated string")
    }

    mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else { throw failure("bad \\u escape") }
            value = value * 16 + UInt32(digit)
            position += 1
        }
        return value
    }

    mutating func parseNumber() throws -> ConfigValue {
        let start = position
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "I") { try expectWord("Infinity"); return .double(-.infinity) }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if (0x30...0x39).contains(byte) { position += 1; continue }
            if [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(byte) {
                isInteger = false
                position += 1
                continue
            }
            break
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if text.isEmpty || text == "-" { position = start; throw failure("expected a value") }
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { position = start; throw failure("bad number '\(text)'") }
        return .double(value)
    }
}
