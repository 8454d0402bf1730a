/// Python's `json.dumps` options (the defaults are Python's).
public struct JSONDumpOptions: Sendable {
    /// `indent`: nil puts everything on one line; a number of spaces (0 gives newlines without
    /// indentation) or a string (`"\t"`) puts each item on its own line.
    public var indent: String?
    public var sortKeys: Bool
    /// Escape every non-ASCII character as `\uXXXX` (Python's default).
    public var ensureASCII: Bool
    /// `(item_separator, key_separator)`; nil means Python's default: `(", ", ": ")` without indent,
    /// `(",", ": ")` with one.
    public var separators: (item: String, key: String)?

    public init(indent: Int? = nil, sortKeys: Bool = false, ensureASCII: Bool = true,
                separators: (item: String, key: String)? = nil) {
        self.indent = indent.map { String(repeating: " ", count: max(0, $0)) }
        (self.sortKeys, self.ensureASCII, self.separators) = (sortKeys, ensureASCII, separators)
    }

    public init(indentText: String?, sortKeys: Bool = false, ensureASCII: Bool = true,
                separators: (item: String, key: String)? = nil) {
        self.indent = indentText
        (self.sortKeys, self.ensureASCII, self.separators) = (sortKeys, ensureASCII, separators)
    }
}

extension JSONValue {
    /// `json.dumps(value, indent=…, sort_keys=…, ensure_ascii=…, separators=…)` byte for byte, with
    /// Python's float repr and `NaN`/`Infinity`/`-Infinity` (allow_nan).
    public func dumps(_ options: JSONDumpOptions = JSONDumpOptions()) -> String {
        var writer = PythonJSONEncoder(options: options)
        writer.write(self, level: 0)
        return writer.out
    }

    /// `json.dumps(value, indent=indent, sort_keys=sortKeys, ensure_ascii=ensureASCII)`.
    public func dumps(indent: Int?, sortKeys: Bool = false, ensureASCII: Bool = true) -> String {
        dumps(JSONDumpOptions(indent: indent, sortKeys: sortKeys, ensureASCII: ensureASCII))
    }

    /// A JSON string literal as `json.dumps(text, ensure_ascii=…)` writes it.
    public static func quoted(_ text: String, ensureASCII: Bool = true) -> String {
        var out = ""
        PythonJSONEncoder.appendQuoted(text, ensureASCII: ensureASCII, to: &out)
        return out
    }

    /// A float as `json.dumps` writes it: `repr` for finite values, `NaN`, `Infinity`, `-Infinity`.
    public static func numberText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return PythonRepr.float(value)
    }

    /// Python's order of `str` keys: by code point.
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }
}

/// The encoder behind `JSONValue.dumps` (CPython's `json.encoder` layout).
private struct PythonJSONEncoder {
    let options: JSONDumpOptions
    let itemSeparator: String
    let keySeparator: String
    var out = ""

    init(options: JSONDumpOptions) {
        self.options = options
        itemSeparator = options.separators?.item ?? (options.indent == nil ? ", " : ",")
        keySeparator = options.separators?.key ?? ": "
    }

    private mutating func newline(_ level: Int) {
        guard let indent = options.indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    mutating func write(_ value: JSONValue, level: Int) {
        switch value {
        case .null: out += "null"
        case let .bool(flag): out += flag ? "true" : "false"
        case let .int(number): out += String(number)
        case let .double(number): out += JSONValue.numberText(number)
        case let .string(text): Self.appendQuoted(text, ensureASCII: options.ensureASCII, to: &out)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += itemSeparator }
                newline(level + 1)
                write(item, level: level + 1)
            }
            newline(level)
            out += "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            let ordered = options.sortKeys ? pairs.sorted { JSONValue.keyPrecedes($0.key, $1.key) } : pairs
            out += "{"
            for (index, pair) in ordered.enumerated() {
                if index > 0 { out += itemSeparator }
                newline(level + 1)
                Self.appendQuoted(pair.key, ensureASCII: options.ensureASCII, to: &out)
                out += keySeparator
                write(pair.value, level: level + 1)
            }
            newline(level)
            out += "}"
        }
    }

    /// CPython's `encode_basestring(_ascii)`: `"` `\` and `\b \f \n \r \t` by name, other controls as
    /// `\u00XX`; with ensure_ascii everything outside space…`~` as `\uXXXX` (surrogate pairs above U+FFFF).
    static func appendQuoted(_ text: String, ensureASCII: Bool, to out: inout String) {
        out += "\""
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
                let value = scalar.value
                if value < 0x20 || (ensureASCII && value > 0x7E) {
                    if value > 0xFFFF {
                        let offset = value - 0x10000
                        out += "\\u" + PythonRepr.hex(0xD800 + (offset >> 10), width: 4)
                        out += "\\u" + PythonRepr.hex(0xDC00 + (offset & 0x3FF), width: 4)
                    } else {
                        out += "\\u" + PythonRepr.hex(value, width: 4)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
