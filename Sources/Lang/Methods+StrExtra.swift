import Foundation

/// More `str` methods the standard modules and tweet-cleaning code use: `translate`/`maketrans`,
/// `expandtabs`, `isidentifier`, `casefold`, `rindex`, `rpartition`, `isdecimal`, `istitle`,
/// `isprintable`, `isascii`.
enum StrExtraMethods {
    private static func method(_ name: String, _ parameters: [Parameter] = [], doc: String, example: String,
                               _ body: @escaping (String, Arguments) throws -> Value) -> Builtin {
        StrMethods.method(name, parameters, doc: doc, example: example, body)
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return s.unicodeScalars.dropFirst().allSatisfy { $0.properties.isXIDContinue }
    }

    static let table: [Builtin] = [
        method("translate", [Parameter("table")], doc: "Each character mapped through table (from str.maketrans); None deletes it.",
               example: "s.translate(str.maketrans('', '', string.punctuation))") { s, args in
            let table = args["table"]
            var out = ""
            for c in s.unicodeScalars {
                let mapped: Value?
                if case .dict(let dict) = table { mapped = try dict.get(.int(Int(c.value))) } else {
                    do { mapped = try args.context.interpreter.getItem(table, .int(Int(c.value))) } catch let e as ScriptError where e.exception.type.isSubtype(of: .lookupError) { mapped = nil }
                }
                switch mapped {
                case nil: out.unicodeScalars.append(c)
                case .some(.none): break
                case .some(.str(let r)): out += r
                case .some(.int(let n)):
                    guard let scalar = Unicode.Scalar(UInt32(clamping: max(0, n))) else { throw ScriptError(.valueError, "character mapping must be in range(0x110000)") }
                    out.unicodeScalars.append(scalar)
                case .some(let other): throw ScriptError(.typeError, "character mapping must return integer, None or str, not \(other.typeName)")
                }
            }
            return .str(out)
        },
        // Called as str.maketrans(x, y, z): the unbound call passes x as the receiver.
        method("maketrans", [Parameter("y", default: Value.none), Parameter("z", default: Value.none)],
               doc: "A translation table: maketrans({'a': 'b'}), maketrans('ab', 'xy'), or maketrans('', '', chars_to_delete).",
               example: "str.maketrans('', '', '!?.')") { x, args in
            let table = DictObject()
            let y = args["y"], z = args["z"]
            if case .dict(let mapping)? = args.receiver {
                // One dict: its one-character keys become code points, as CPython's maketrans does.
                guard y.isNone else { throw ScriptError(.typeError, "if you give only two arguments, they must be strings") }
                for (key, value) in mapping.pairs {
                    switch key {
                    case .int: try table.set(key, value)
                    case .str(let text) where text.unicodeScalars.count == 1:
                        try table.set(.int(Int(text.unicodeScalars.first?.value ?? 0)), value)
                    case .str: throw ScriptError(.valueError, "string keys in translate table must be of length 1")
                    default: throw ScriptError(.typeError, "keys in translate table must be strings or integers")
                    }
                }
                return .dict(table)
            }
            if case .str(let to) = y {
                let from = Array(x.unicodeScalars), target = Array(to.unicodeScalars)
                guard from.count == target.count else { throw ScriptError(.valueError, "the first two maketrans arguments must have equal length") }
                for (a, b) in zip(from, target) { try table.set(.int(Int(a.value)), .int(Int(b.value))) }
            } else if !y.isNone {
                throw ScriptError(.typeError, "maketrans() argument 2 must be str, not \(y.typeName)")
            }
            if case .str(let delete) = z {
                for c in delete.unicodeScalars { try table.set(.int(Int(c.value)), .none) }
            }
            return .dict(table)
        },
        method("expandtabs", [Parameter("tabsize", .int, default: .int(8))], doc: "Tabs replaced by spaces up to the next tab stop.",
               example: "'a\\tb'.expandtabs(4)  # 'a   b'") { s, args in
            let size = try args.int("tabsize")
            var out = "", column = 0
            for c in s {
                if c == "\t" {
                    if size > 0 { let n = size - column % size; out += String(repeating: " ", count: n); column += n }
                } else {
                    out.append(c)
                    column = (c == "\n" || c == "\r") ? 0 : column + 1
                }
            }
            return .str(out)
        },
        method("isidentifier", doc: "True for a valid Python name.", example: "'max_len'.isidentifier()  # True") { s, _ in .bool(isIdentifier(s)) },
        method("format_map", [Parameter("mapping")], doc: "Fill {name} fields from a mapping (str.format(**mapping)).",
               example: "'{name}: {n}'.format_map({'name': 'cart', 'n': 3})") { s, args in
            guard case .dict(let mapping) = args["mapping"] else {
                throw ScriptError(.typeError, "format_map() argument must be a dict, not \(args["mapping"].typeName)")
            }
            let keywords = mapping.pairs.compactMap { key, value in key.stringValue.map { ($0, value) } }
            return .str(try Format.strFormat(s, [], keywords, interpreter: args.context.interpreter))
        },
        method("casefold", doc: "Lower case for caseless comparison.", example: "'Straße'.casefold()") { s, _ in
            .str(s.lowercased().replacingOccurrences(of: "ß", with: "ss"))
        },
        method("isdecimal", doc: "True when every character is a decimal digit.", example: "'42'.isdecimal()  # True") { s, _ in
            .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal })
        },
        method("isascii", doc: "True when every character is ASCII.", example: "'abc'.isascii()  # True") { s, _ in
            .bool(s.unicodeScalars.allSatisfy(\.isASCII))
        },
        method("isprintable", doc: "True when no character is a control character.", example: "'a b'.isprintable()  # True") { s, _ in
            .bool(s.unicodeScalars.allSatisfy { c in
                switch c.properties.generalCategory {
                case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: return false
                case .spaceSeparator: return c == " "
                default: return true
                }
            })
        },
        method("istitle", doc: "True for title case ('Hello World').", example: "'Hello World'.istitle()  # True") { s, _ in
            var cased = false, previousCased = false
            for c in s.unicodeScalars {
                if c.properties.isUppercase || c.properties.generalCategory == .titlecaseLetter {
                    if previousCased { return .bool(false) }
                    previousCased = true; cased = true
                } else if c.properties.isLowercase {
                    if !previousCased { return .bool(false) }
                    previousCased = true; cased = true
                } else {
                    previousCased = false
                }
            }
            return .bool(cased)
        },
        method("rpartition", [Parameter("sep", .str)], doc: "(head, sep, tail) split at the last sep.", example: "'a.b.c'.rpartition('.')") { s, args in
            let sep = try args.string("sep")
            if sep.isEmpty { throw ScriptError(.valueError, "empty separator") }
            guard let r = s.range(of: sep, options: .backwards) else { return .tuple([.str(""), .str(""), .str(s)]) }
            return .tuple([.str(String(s[..<r.lowerBound])), .str(sep), .str(String(s[r.upperBound...]))])
        },
    ]
}
