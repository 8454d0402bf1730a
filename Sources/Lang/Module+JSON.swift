import Foundation

/// `import json`: `dumps`/`loads` with Python's exact output layout, `load` through the file gate.
enum JSONModule {
    static let table = ModuleTable(name: "json", doc: "JSON encoding and decoding.", builtins: [
        Builtin("dumps", owner: "json", [Parameter("obj"), .keyword("indent", .optional(.int), default: Value.none),
                                         .keyword("sort_keys", .bool, default: .bool(false)),
                                         .keyword("ensure_ascii", .bool, default: .bool(true))],
                doc: "Encode a value as JSON text.", example: "json.dumps({'r': 8})  # '{\"r\": 8}'") { args in
            var out = ""
            try encode(args["obj"], into: &out, indent: try args.optionalInt("indent"), level: 0,
                       sortKeys: try args.bool("sort_keys"), ascii: try args.bool("ensure_ascii"))
            return .str(out)
        },
        Builtin("loads", owner: "json", [Parameter("s", .str)], doc: "Decode JSON text.",
                example: "json.loads('[1, 2.5, null]')  # [1, 2.5, None]") { args in
            var parser = JSONParser(Array(try args.string("s").unicodeScalars))
            return try parser.parseDocument()
        },
        Builtin("load", owner: "json", [Parameter("fp")], doc: "Decode JSON from an open file.",
                example: "with open('config.json') as f: config = json.load(f)") { args in
            guard case .host(let host) = args["fp"], let file = host as? TextFile else {
                throw ScriptError(.typeError, "json.load() expects a file from open(), not \(args["fp"].typeName)")
            }
            var parser = JSONParser(Array(file.readAll().unicodeScalars))
            return try parser.parseDocument()
        },
    ])

    static func encode(_ value: Value, into out: inout String, indent: Int?, level: Int, sortKeys: Bool, ascii: Bool) throws {
        if level > 500 { throw ScriptError(.valueError, "Circular reference detected (or nesting deeper than 500 levels)") }
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) }
        let closing = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        let separator = indent == nil ? ", " : ","
        switch value {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .float(let x):
            out += x.isNaN ? "NaN" : x.isInfinite ? (x < 0 ? "-Infinity" : "Infinity") : Repr.float(x)
        case .str(let s): out += quote(s, ascii: ascii)
        case .list, .tuple:
            let items = value.sequenceItems ?? []
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += separator }
                out += newline ?? ""
                try encode(item, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys, ascii: ascii)
            }
            out += closing + "]"
        case .dict(let dict):
            if dict.count == 0 { out += "{}"; return }
            var pairs = try dict.pairs.map { pair -> (String, Value) in
                switch pair.0 {
                case .str(let s): return (s, pair.1)
                case .int, .float, .bool, .none:
                    var key = ""
                    try encode(pair.0, into: &key, indent: nil, level: 0, sortKeys: false, ascii: ascii)
                    return (key, pair.1)
                default: throw ScriptError(.typeError, "keys must be str, int, float, bool or None, not \(pair.0.typeName)")
                }
            }
            if sortKeys { pairs.sort { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) { $0.value < $1.value } } }
            out += "{"
            for (i, (key, item)) in pairs.enumerated() {
                if i > 0 { out += separator }
                out += (newline ?? "") + quote(key, ascii: ascii) + ": "
                try encode(item, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys, ascii: ascii)
            }
            out += closing + "}"
        default:
            throw ScriptError(.typeError, "Object of type \(value.typeName) is not JSON serializable")
        }
    }

    static func quote(_ s: String, ascii: Bool) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (ascii && scalar.value > 0x7E) {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += "\\u" + Repr.hex(0xD800 + (v >> 10), width: 4) + "\\u" + Repr.hex(0xDC00 + (v & 0x3FF), width: 4)
                    } else {
                        out += "\\u" + Repr.hex(scalar.value, width: 4)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A strict JSON parser producing language values (objects keep their key order).
struct JSONParser {
    let text: [Unicode.Scalar]
    var i = 0

    init(_ text: [Unicode.Scalar]) { self.text = text }

    func fail(_ message: String) -> ScriptError {
        var line = 1, column = 1
        for c in text[..<min(i, text.count)] { if c == "\n" { line += 1; column = 1 } else { column += 1 } }
        return ScriptError(.valueError, "\(message): line \(line) column \(column) (char \(i))", help: "json.JSONDecodeError in Python")
    }

    mutating func skipSpace() { while i < text.count, [" ", "\n", "\r", "\t"].contains(text[i]) { i += 1 } }

    mutating func parseDocument() throws -> Value {
        let value = try parseValue(depth: 0)
        skipSpace()
        if i < text.count { throw fail("Extra data") }
        return value
    }

    mutating func parseValue(depth: Int) throws -> Value {
        if depth > 500 { throw fail("JSON nested too deeply") }
        skipSpace()
        guard i < text.count else { throw fail("Expecting value") }
        switch text[i] {
        case "{":
            i += 1
            let dict = DictObject()
            skipSpace()
            if i < text.count, text[i] == "}" { i += 1; return .dict(dict) }
            while true {
                skipSpace()
                guard i < text.count, text[i] == "\"" else { throw fail("Expecting property name enclosed in double quotes") }
                let key = try parseString()
                skipSpace()
                guard i < text.count, text[i] == ":" else { throw fail("Expecting ':' delimiter") }
                i += 1
                dict.set(key, try parseValue(depth: depth + 1))
                skipSpace()
                guard i < text.count else { throw fail("Expecting ',' delimiter") }
                if text[i] == "," { i += 1; continue }
                if text[i] == "}" { i += 1; return .dict(dict) }
                throw fail("Expecting ',' delimiter")
            }
        case "[":
            i += 1
            var items: [Value] = []
            skipSpace()
            if i < text.count, text[i] == "]" { i += 1; return .list(ListObject(items)) }
            while true {
                items.append(try parseValue(depth: depth + 1))
                skipSpace()
                guard i < text.count else { throw fail("Expecting ',' delimiter") }
                if text[i] == "," { i += 1; continue }
                if text[i] == "]" { i += 1; return .list(ListObject(items)) }
                throw fail("Expecting ',' delimiter")
            }
        case "\"":
            return .str(try parseString())
        default:
            for (word, value) in [("true", Value.bool(true)), ("false", .bool(false)), ("null", .none),
                                  ("NaN", .float(.nan)), ("Infinity", .float(.infinity)), ("-Infinity", .float(-.infinity))] {
                let scalars = Array(word.unicodeScalars)
                if i + scalars.count <= text.count, Array(text[i..<(i + scalars.count)]) == scalars {
                    i += scalars.count
                    return value
                }
            }
            return try parseNumber()
        }
    }

    mutating func parseNumber() throws -> Value {
        let start = i
        var isFloat = false
        while i < text.count, "+-0123456789.eE".unicodeScalars.contains(text[i]) {
            if ".eE".unicodeScalars.contains(text[i]) { isFloat = true }
            i += 1
        }
        let s = String(String.UnicodeScalarView(text[start..<i]))
        if s.isEmpty { throw fail("Expecting value") }
        if !isFloat, let n = Int(s) { return .int(n) }
        if let x = Double(s) { return .float(x) }
        throw fail("Expecting value")
    }

    mutating func parseString() throws -> String {
        i += 1
        var out = String.UnicodeScalarView()
        while i < text.count {
            let c = text[i]
            i += 1
            if c == "\"" { return String(out) }
            if c == "\\" {
                guard i < text.count else { break }
                let e = text[i]
                i += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "u":
                    guard i + 4 <= text.count, var code = UInt32(String(String.UnicodeScalarView(text[i..<(i + 4)])), radix: 16) else {
                        throw fail("Invalid \\uXXXX escape")
                    }
                    i += 4
                    if code >= 0xD800 && code < 0xDC00, i + 6 <= text.count, text[i] == "\\", text[i + 1] == "u",
                       let low = UInt32(String(String.UnicodeScalarView(text[(i + 2)..<(i + 6)])), radix: 16), low >= 0xDC00, low < 0xE000 {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                    out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: out.append(e)
                }
            } else {
                out.append(c)
            }
        }
        throw fail("Unterminated string starting at")
    }
}
