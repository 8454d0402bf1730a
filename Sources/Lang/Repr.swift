/// `repr()` and `str()` exactly as Python 3 prints them.
enum Repr {
    /// Nesting beyond this prints `...` (Python would raise RecursionError).
    static let maxDepth = 500

    static func repr(_ value: Value) -> String {
        var seen: [ObjectIdentifier] = []
        return repr(value, &seen, depth: 0)
    }

    static func str(_ value: Value) -> String {
        switch value {
        case .str(let s): return s
        case .exception(let e): return e.message
        case .host(let h): return h.str()
        default: return repr(value)
        }
    }

    private static func repr(_ value: Value, _ seen: inout [ObjectIdentifier], depth: Int) -> String {
        if depth > maxDepth { return "..." }
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let n): return String(n)
        case .float(let x): return float(x)
        case .str(let s): return string(s)
        case .list(let list):
            let id = ObjectIdentifier(list)
            if seen.contains(id) { return "[...]" }
            seen.append(id)
            defer { seen.removeLast() }
            return "[" + list.items.map { repr($0, &seen, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .tuple(let items):
            if items.count == 1 { return "(" + repr(items[0], &seen, depth: depth + 1) + ",)" }
            return "(" + items.map { repr($0, &seen, depth: depth + 1) }.joined(separator: ", ") + ")"
        case .dict(let dict):
            let id = ObjectIdentifier(dict)
            if seen.contains(id) { return "{...}" }
            seen.append(id)
            defer { seen.removeLast() }
            return "{" + dict.pairs.map { repr($0.0, &seen, depth: depth + 1) + ": " + repr($0.1, &seen, depth: depth + 1) }
                .joined(separator: ", ") + "}"
        case .set(let set):
            if set.count == 0 { return "set()" }
            return "{" + set.items.map { repr($0, &seen, depth: depth + 1) }.joined(separator: ", ") + "}"
        case .range(let r):
            return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
        case .slice(let s):
            return "slice(\(repr(s.start)), \(repr(s.stop)), \(repr(s.step)))"
        case .function(let f): return f.name == "<lambda>" ? "<function <lambda>>" : "<function \(f.name)>"
        case .builtin(let b): return "<built-in function \(b.qualifiedName)>"
        case .boundMethod(let m): return "<built-in method \(m.builtin.name) of \(m.receiver.typeName) object>"
        case .type(let t): return "<class '\(t.name)'>"
        case .module(let m): return "<module '\(m.name)'>"
        case .exception(let e):
            let args = e.args.count == 1 ? repr(e.args[0]) : e.args.map { repr($0) }.joined(separator: ", ")
            return "\(e.type.name)(\(args))"
        case .iterator(let it): return "<\(it.kindName) object>"
        case .host(let h): return h.repr()
        }
    }

    /// Python's shortest round-trip float repr: `0.1`, `1e-05`, `1e+16`, `100.0`, `-0.0`, `inf`, `nan`.
    static func float(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is also the shortest round-trip digit string; only the layout differs.
        var text = x.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var digits = ""
        var pointPosition = text.count
        for (i, c) in text.enumerated() {
            if c == "." { pointPosition = i } else { digits.append(c) }
        }
        var decimalPoint = pointPosition + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let sign = x < 0 ? "-" : ""
        if decimalPoint > 16 || decimalPoint < -3 {
            let mantissa = digits.count == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst()
            let e = decimalPoint - 1
            let exponentText = (e < 0 ? "-" : "+") + (abs(e) < 10 ? "0" : "") + String(abs(e))
            return sign + mantissa + "e" + exponentText
        }
        if decimalPoint <= 0 { return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits }
        if decimalPoint >= digits.count { return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) + ".0" }
        let integer = digits.prefix(decimalPoint)
        return sign + integer + "." + digits.dropFirst(decimalPoint)
    }

    /// Python's string repr: single quotes unless the text contains ' and no ".
    static func string(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value >= 0x80 && scalar.value < 0xA0 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }

    /// `ascii()`: non-ASCII escaped.
    static func ascii(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x80 {
                out.unicodeScalars.append(scalar)
            } else if scalar.value <= 0xFF {
                out += "\\x" + hex(scalar.value, width: 2)
            } else if scalar.value <= 0xFFFF {
                out += "\\u" + hex(scalar.value, width: 4)
            } else {
                out += "\\U" + hex(scalar.value, width: 8)
            }
        }
        return out
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Interpreter {
    /// `repr(value)`.
    public func repr(_ value: Value) throws -> String {
        if case .host(let host) = value, let instance = host as? Instance { return try instanceRepr(instance) }
        if case .exception(let exception) = value, exception.type.isUserClass, let method = exception.type.lookup("__repr__") {
            return try str(try callValue(bind(method, to: value, type: exception.type), [], [], range: nil))
        }
        return Repr.repr(value)
    }
    /// `str(value)`.
    public func str(_ value: Value) throws -> String {
        if case .host(let host) = value, let instance = host as? Instance { return try instanceStr(instance) }
        if case .exception(let exception) = value, exception.type.isUserClass {
            try refreshMessage(exception)
            return exception.message
        }
        return Repr.str(value)
    }
}

extension Value {
    /// Python's `repr()` of this value (for host objects' own reprs, e.g. a config listing its fields).
    public var repr: String { Repr.repr(self) }
    /// Python's `str()` of this value.
    public var str: String { Repr.str(self) }
}
