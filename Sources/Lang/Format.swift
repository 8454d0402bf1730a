import PythonBasics
import Foundation

/// Python's format-spec mini-language (`format(x, spec)`, f-string `{x:spec}`, `str.format`):
/// `[[fill]align][sign][#][0][width][,|_][.precision][type]`.
enum Format {
    struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var alternate = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?
    }

    static func parse(_ text: String) throws -> Spec {
        var spec = Spec()
        var chars = Array(text)
        var i = 0
        func isAlign(_ c: Character) -> Bool { "<>=^".contains(c) }
        if chars.count >= 2 && isAlign(chars[1]) {
            spec.fill = chars[0]
            spec.align = chars[1]
            i = 2
        } else if let first = chars.first, isAlign(first) {
            spec.align = first
            i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) { spec.sign = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "#" { spec.alternate = true; i += 1 }
        if i < chars.count, chars[i] == "0" {
            if spec.align == nil { spec.fill = "0"; spec.align = "=" }
            i += 1
        }
        var width = ""
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { width.append(chars[i]); i += 1 }
        spec.width = width.isEmpty ? 0 : (Int(width) ?? Int.max)
        if spec.width > 1 << 24 {
            throw ScriptError(.valueError, "format width \(width) is too large (the limit is \(1 << 24))")
        }
        if i < chars.count, chars[i] == "," || chars[i] == "_" { spec.grouping = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            var precision = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { precision.append(chars[i]); i += 1 }
            guard let p = Int(precision) else { throw ScriptError(.valueError, "Format specifier missing precision") }
            spec.precision = p
        }
        if i < chars.count { spec.type = chars[i]; i += 1 }
        if i < chars.count {
            chars = Array(chars[i...])
            throw ScriptError(.valueError, "Invalid format specifier '\(text)'",
                              help: "a format spec looks like '>10', '.4f', ',', '.1%', '08.3f'")
        }
        return spec
    }

    /// `parse`, remembered per interpreter: a loop formats with the same few specs (`.4f`) over and over.
    private static func cachedParse(_ text: String, _ interpreter: Interpreter) throws -> Spec {
        if let spec = interpreter.formatSpecs[text] { return spec }
        let spec = try parse(text)
        if interpreter.formatSpecs.count < 256 { interpreter.formatSpecs[text] = spec }
        return spec
    }

    /// Format `value` with `specText` (empty → `str(value)`).
    static func apply(_ value: Value, spec specText: String, interpreter: Interpreter) throws -> String {
        if case .host(let host) = value, let instance = host as? Instance {
            if let result = try interpreter.callSpecial(instance, "__format__", [.str(specText)]) { return try interpreter.str(result) }
            if specText.isEmpty || instance.hostBase == nil {
                if !specText.isEmpty {
                    throw ScriptError(.typeError, "unsupported format string passed to \(instance.type.name).__format__",
                                      help: "define __format__(self, spec) in the class, or format str(x)")
                }
                return try interpreter.str(value)
            }
        }
        if specText.isEmpty {
            if case .host(let host) = value, let number = host.emptyFormatValue() { return try interpreter.str(number) }
            return try interpreter.str(value)
        }
        // `f"{when:%Y-%m-%d}"`: a date's format spec is a strftime format, as in CPython.
        if case .host(let host) = value, let date = host as? DateTimeObject { return try date.strftime(specText) }
        let spec = try cachedParse(specText, interpreter)
        switch value {
        case .bool where spec.type == "s":
            throw ScriptError(.valueError, "Unknown format code 's' for object of type 'bool'")
        case .int, .bool:
            let n = value.intValue ?? 0
            if let type = spec.type, type == "e" || type == "E" || type == "f" || type == "F" || type == "g" || type == "G" || type == "%" {
                return try formatFloat(Double(n), spec)
            }
            return try formatInt(n, spec)
        case .float(let x):
            return try formatFloat(x, spec)
        case .str(let s):
            if let type = spec.type, type != "s" {
                throw ScriptError(.valueError, "Unknown format code '\(type)' for object of type 'str'",
                                  help: "convert the string to a number first, e.g. float(s)")
            }
            if spec.sign != "-" { throw ScriptError(.valueError, "Sign not allowed in string format specifier") }
            var text = s
            if let p = spec.precision { text = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))) }
            return pad(text, spec, numeric: false)
        case .host(let host):
            if let scalar = host.scalarValue() { return try apply(scalar, spec: specText, interpreter: interpreter) }
            return pad(host.str(), spec, numeric: false)
        case .none:
            throw ScriptError(.typeError, "unsupported format string passed to NoneType.__format__",
                              help: "the value is None: check where it was set")
        default:
            if spec.type == nil && spec.precision == nil { return pad(try interpreter.str(value), spec, numeric: false) }
            throw ScriptError(.typeError, "unsupported format string passed to \(value.typeName).__format__")
        }
    }

    private static func formatInt(_ n: Int, _ spec: Spec) throws -> String {
        var digits: String
        var prefix = ""
        switch spec.type {
        case nil, "d", "n": digits = String(n.magnitude)
        case "x": digits = String(n.magnitude, radix: 16); prefix = spec.alternate ? "0x" : ""
        case "X": digits = String(n.magnitude, radix: 16).uppercased(); prefix = spec.alternate ? "0X" : ""
        case "o": digits = String(n.magnitude, radix: 8); prefix = spec.alternate ? "0o" : ""
        case "b": digits = String(n.magnitude, radix: 2); prefix = spec.alternate ? "0b" : ""
        case "c":
            guard let scalar = Unicode.Scalar(UInt32(clamping: n)) else { throw ScriptError(.overflowError, "%c arg not in range") }
            return pad(String(scalar), spec, numeric: false)
        case let type?:
            throw ScriptError(.valueError, "Unknown format code '\(type)' for object of type 'int'")
        }
        if spec.precision != nil { throw ScriptError(.valueError, "Precision not allowed in integer format specifier") }
        if let grouping = spec.grouping { digits = group(digits, grouping, every: spec.type == nil || spec.type == "d" ? 3 : 4) }
        return pad(signText(n < 0, spec) + prefix + digits, spec, numeric: true, signLength: signText(n < 0, spec).count + prefix.count)
    }

    private static func formatFloat(_ x: Double, _ spec: Spec) throws -> String {
        var body: String
        var value = x
        var suffix = ""
        let type = spec.type
        switch type {
        case "f", "F", "%":
            if type == "%" { value *= 100; suffix = "%" }
            body = cFormat(value.magnitude, "f", spec.precision ?? 6, spec.alternate)
        case "e", "E":
            body = cFormat(value.magnitude, "e", spec.precision ?? 6, spec.alternate)
        case "g", "G":
            body = cFormat(value.magnitude, "g", spec.precision ?? 6, spec.alternate)
            if spec.precision == 0 { body = cFormat(value.magnitude, "g", 1, spec.alternate) }
        case nil:
            if let p = spec.precision {
                body = cFormat(value.magnitude, "g", max(p, 1), spec.alternate)
                if !body.contains("e") && !body.contains(".") && value.isFinite { body += ".0" }
            } else {
                body = Repr.float(value.magnitude)
            }
        case let other?:
            throw ScriptError(.valueError, "Unknown format code '\(other)' for object of type 'float'",
                              help: other == "d" ? "use '.0f' to show a float without decimals, or int(x)" : nil)
        }
        if !value.isFinite { body = value.isNaN ? "nan" : "inf" }
        if type == "F" || type == "E" || type == "G" { body = body.uppercased() }
        if let grouping = spec.grouping {
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            var integer = String(parts[0])
            var rest = parts.count > 1 ? "." + parts[1] : ""
            if let e = integer.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                rest = String(integer[e...]) + rest
                integer = String(integer[..<e])
            }
            if integer.allSatisfy(\.isNumber) { body = group(integer, grouping, every: 3) + rest }
        }
        let negative = value < 0 || (value == 0 && value.sign == .minus)
        let sign = signText(negative, spec)
        return pad(sign + body + suffix, spec, numeric: true, signLength: sign.count)
    }

    /// C's printf for one double (Python uses the same correctly-rounded conversions).
    /// C's `vsnprintf` into a stack buffer: Foundation's `String(format:)` costs about ten times more.
    static func cFormat(_ x: Double, _ conversion: String, _ precision: Int, _ alternate: Bool) -> String {
        let format = (alternate ? "%#." : "%.") + String(min(precision, 300)) + conversion
        let fitted: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer in
            guard let base = buffer.baseAddress else { return nil }
            let length = withVaList([x]) { vsnprintf(base, buffer.count, format, $0) }
            guard length >= 0, length < buffer.count else { return nil }
            return String(cString: base)
        }
        if let fitted { return fitted }
        // Long results (`%.300f` of a large number): size the buffer exactly.
        let length = withVaList([x]) { vsnprintf(nil, 0, format, $0) }
        guard length >= 0 else { return String(format: format, x) }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        _ = withVaList([x]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(cString: buffer)
    }

    private static func signText(_ negative: Bool, _ spec: Spec) -> String {
        if negative { return "-" }
        switch spec.sign {
        case "+": return "+"
        case " ": return " "
        default: return ""
        }
    }

    private static func group(_ digits: String, _ separator: Character, every n: Int) -> String {
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % n == 0 { out.append(separator) }
            out.append(c)
        }
        return out
    }

    private static func pad(_ text: String, _ spec: Spec, numeric: Bool, signLength: Int = 0) -> String {
        let length = text.unicodeScalars.count
        guard spec.width > length else { return text }
        let padding = spec.width - length
        let fill = String(spec.fill)
        switch spec.align ?? (numeric ? ">" : "<") {
        case "<": return text + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + text + String(repeating: fill, count: padding - left)
        case "=":
            let head = String(text.prefix(signLength))
            return head + String(repeating: fill, count: padding) + text.dropFirst(signLength)
        default: return String(repeating: fill, count: padding) + text
        }
    }

    /// `template.format(*args, **kwargs)`.
    static func strFormat(_ template: String, _ args: [Value], _ kwargs: [(String, Value)], interpreter: Interpreter) throws -> String {
        // Scanned as UTF-8 bytes: `{` and `}` are ASCII, and an ASCII byte is never part of a longer
        // character's encoding, so literal text between fields is copied in runs, not character by character.
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        let bytes = Array(template.utf8)
        var out = ""
        out.reserveCapacity(bytes.count)
        var i = 0
        var literalStart = 0
        var autoIndex = 0
        func flushLiteral(upTo end: Int) {
            if end > literalStart { out += String(decoding: bytes[literalStart..<end], as: UTF8.self) }
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == close {
                guard i + 1 < bytes.count && bytes[i + 1] == close else {
                    throw ScriptError(.valueError, "Single '}' encountered in format string")
                }
                flushLiteral(upTo: i + 1)
                i += 2
                literalStart = i
                continue
            }
            guard c == open else { i += 1; continue }
            if i + 1 < bytes.count && bytes[i + 1] == open {
                flushLiteral(upTo: i + 1)
                i += 2
                literalStart = i
                continue
            }
            flushLiteral(upTo: i)
            var j = i + 1
            var depth = 1
            while j < bytes.count {
                if bytes[j] == open { depth += 1 } else if bytes[j] == close { depth -= 1; if depth == 0 { break } }
                j += 1
            }
            guard j < bytes.count else {
                // CPython: a lone `{` at the end is "Single '{'"; a plain field name left open is "expected '}'".
                let rest = bytes[(i + 1)...]
                let plainName = !rest.isEmpty && !rest.contains { $0 == open || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: "[") }
                throw ScriptError(.valueError, plainName ? "expected '}' before end of string" : "Single '{' encountered in format string")
            }
            let field = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
            i = j + 1
            literalStart = i
            var name = field
            var specText = ""
            var conversion: Character?
            if let colon = field.firstIndex(of: ":") {
                name = String(field[..<colon])
                specText = String(field[field.index(after: colon)...])
            }
            if let bang = name.firstIndex(of: "!") {
                conversion = name[name.index(after: bang)...].first
                name = String(name[..<bang])
            }
            if specText.contains("{") {
                specText = try strFormat(specText, args, kwargs, interpreter: interpreter)
            }
            var value = try resolveField(name, args, kwargs, &autoIndex, interpreter)
            switch conversion {
            case "r": value = .str(try interpreter.repr(value))
            case "s": value = .str(try interpreter.str(value))
            case "a": value = .str(Repr.ascii(try interpreter.repr(value)))
            default: break
            }
            out += try apply(value, spec: specText, interpreter: interpreter)
        }
        flushLiteral(upTo: bytes.count)
        return out
    }

    private static func resolveField(_ field: String, _ args: [Value], _ kwargs: [(String, Value)], _ autoIndex: inout Int,
                                     _ interpreter: Interpreter) throws -> Value {
        var head = ""
        var rest = Substring(field)
        while let c = rest.first, c != "." && c != "[" { head.append(c); rest = rest.dropFirst() }
        var value: Value
        if head.isEmpty {
            guard autoIndex < args.count else {
                throw ScriptError(.indexError, "Replacement index \(autoIndex) out of range for positional args tuple")
            }
            value = args[autoIndex]
            autoIndex += 1
        } else if let n = Int(head) {
            guard n < args.count else { throw ScriptError(.indexError, "Replacement index \(n) out of range for positional args tuple") }
            value = args[n]
        } else {
            guard let found = kwargs.first(where: { $0.0 == head }) else {
                let message = "'\(head)'"
                let suggestion = Suggest.closest(to: head, among: kwargs.map(\.0))
                throw ScriptError(.keyError, message, help: "pass it as a keyword: .format(\(head)=...)", suggestion: suggestion)
            }
            value = found.1
        }
        while let c = rest.first {
            rest = rest.dropFirst()
            if c == "." {
                var attr = ""
                while let d = rest.first, d != "." && d != "[" { attr.append(d); rest = rest.dropFirst() }
                value = try interpreter.getAttribute(value, attr, range: nil)
            } else if c == "[" {
                var key = ""
                while let d = rest.first, d != "]" { key.append(d); rest = rest.dropFirst() }
                rest = rest.dropFirst()
                value = try interpreter.getItem(value, Int(key).map { .int($0) } ?? .str(key))
            }
        }
        return value
    }
}

/// printf-style `"%s has %d items" % (name, n)`.
enum PercentFormat {
    /// The number a `%d`/`%f` conversion formats: an int, float or bool, or the number an object stands
    /// for (an IntEnum member, an object with `__index__`/`__float__`).
    static func numeric(_ value: Value) -> Double? {
        if let number = value.doubleValue { return number }
        if case .host(let host) = value { return host.scalarValue()?.doubleValue }
        return nil
    }

    static func format(_ template: String, _ right: Value, interpreter: Interpreter) throws -> String {
        var args: [Value]
        var mapping: DictObject?
        switch right {
        case .tuple(let items): args = items
        case .host(let instance as Instance) where instance.namedTupleItems != nil: args = instance.namedTupleItems ?? []
        case .dict(let d): args = [right]; mapping = d
        default: args = right.tupleItems ?? [right]
        }
        let chars = Array(template)
        var out = ""
        var i = 0
        var next = 0
        while i < chars.count {
            guard chars[i] == "%" else { out.append(chars[i]); i += 1; continue }
            i += 1
            guard i < chars.count else { throw ScriptError(.valueError, "incomplete format") }
            if chars[i] == "%" { out.append("%"); i += 1; continue }
            var key: String?
            if chars[i] == "(" {
                var k = ""
                i += 1
                while i < chars.count && chars[i] != ")" { k.append(chars[i]); i += 1 }
                i += 1
                key = k
            }
            var flags = ""
            while i < chars.count, "-+ 0#".contains(chars[i]) { flags.append(chars[i]); i += 1 }
            var width = ""
            while i < chars.count, chars[i].isNumber { width.append(chars[i]); i += 1 }
            var precision: String?
            if i < chars.count, chars[i] == "." {
                i += 1
                var p = ""
                while i < chars.count, chars[i].isNumber { p.append(chars[i]); i += 1 }
                precision = p.isEmpty ? "0" : p
            }
            guard i < chars.count else { throw ScriptError(.valueError, "incomplete format") }
            let conversion = chars[i]
            i += 1
            let value: Value
            if let key, let mapping {
                guard let found = try mapping.get(.str(key)) else { throw ScriptError(.keyError, Repr.repr(.str(key))) }
                value = found
            } else {
                guard next < args.count else { throw ScriptError(.typeError, "not enough arguments for format string") }
                value = args[next]
                next += 1
            }
            var spec = ""
            if flags.contains("-") { spec += "<" } else if flags.contains("0") && "dfeEgGi".contains(conversion) { spec += "0" } else if "sr".contains(conversion) { spec += ">" }
            if flags.contains("+") { spec += "+" } else if flags.contains(" ") { spec += " " }
            spec += width
            if let precision { spec += "." + precision }
            switch conversion {
            case "s": out += try Format.apply(.str(try interpreter.str(value)), spec: spec.replacingOccurrences(of: "+", with: ""), interpreter: interpreter)
            case "r": out += try Format.apply(.str(try interpreter.repr(value)), spec: spec, interpreter: interpreter)
            case "d", "i", "u":
                guard let number = numeric(value) else {
                    throw ScriptError(.typeError, "%\(conversion) format: a real number is required, not \(value.typeName)")
                }
                out += try Format.apply(.int(try CheckedInt.truncating(number, what: "%d format")), spec: spec.split(separator: ".").first.map(String.init) ?? "", interpreter: interpreter)
            case "f", "F", "e", "E", "g", "G":
                guard let number = numeric(value) else {
                    throw ScriptError(.typeError, "must be real number, not \(value.typeName)")
                }
                out += try Format.apply(.float(number), spec: spec + (precision == nil ? ".6" : "") + String(conversion), interpreter: interpreter)
            case "x", "X", "o":
                guard let number = value.intValue else { throw ScriptError(.typeError, "%\(conversion) format: an integer is required") }
                out += try Format.apply(.int(number), spec: spec + String(conversion), interpreter: interpreter)
            default:
                throw ScriptError(.valueError, "unsupported format character '\(conversion)'")
            }
        }
        if mapping == nil && next < args.count {
            throw ScriptError(.typeError, "not all arguments converted during string formatting")
        }
        return out
    }
}
