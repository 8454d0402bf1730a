import Foundation

/// Methods of `str`, one table. The receiver is `args.receiver`.
enum StrMethods {
    static func text(_ args: Arguments) -> String { args.receiver?.stringValue ?? "" }

    static func method(_ name: String, _ parameters: [Parameter] = [], doc: String, example: String,
                       _ body: @escaping (String, Arguments) throws -> Value) -> Builtin {
        Builtin(name, owner: "str", parameters, doc: doc, example: example) { args in try body(text(args), args) }
    }

    /// A shortcut (see `FastPath`) for a method whose receiver is a str: `body` gets the text and the
    /// positional arguments and returns nil to take the general path.
    static func fastText(_ body: @escaping (String, [Value]) throws -> Value?) -> FastPath {
        { _, receiver, arguments in
            guard case .str(let s)? = receiver else { return nil }
            return try body(s, arguments)
        }
    }

    /// The optional str argument at `position` of a shortcut: `.some(nil)` when absent or None, nil
    /// (take the general path) for any other type or too many arguments.
    static func optionalText(_ arguments: [Value], at position: Int) -> String?? {
        if arguments.count <= position { return .some(nil) }
        guard arguments.count == position + 1 else { return nil }
        switch arguments[position] {
        case .none: return .some(nil)
        case .str(let text): return .some(text)
        default: return nil
        }
    }

    /// A shortcut for `strip`/`lstrip`/`rstrip`.
    static func fastStrip(leading: Bool, trailing: Bool) -> FastPath {
        fastText { s, arguments in
            guard let chars = optionalText(arguments, at: 0) else { return nil }
            return .str(strip(s, chars, leading: leading, trailing: trailing))
        }
    }

    /// Python's default whitespace for split()/strip().
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return (0x09...0x0D).contains(c.value) || (0x1C...0x20).contains(c.value) }
        return c.properties.isWhitespace
    }

    static func strip(_ s: String, _ chars: String?, leading: Bool, trailing: Bool) -> String {
        func drop(_ c: Unicode.Scalar) -> Bool {
            guard let chars else { return isSpace(c) }
            return chars.unicodeScalars.contains(c)
        }
        let view = s.unicodeScalars
        var start = view.startIndex, end = view.endIndex
        if leading { while start < end, drop(view[start]) { start = view.index(after: start) } }
        if trailing {
            while end > start {
                let last = view.index(before: end)
                guard drop(view[last]) else { break }
                end = last
            }
        }
        if start == view.startIndex && end == view.endIndex { return s }
        return String(Substring(view[start..<end]))
    }

    /// `s.split()` (runs of whitespace) when `s` is ASCII, scanning bytes; nil for other text.
    static func splitASCIIWhitespace(_ s: String) -> [Value]? {
        var s = s
        return s.withUTF8 { bytes -> [Value]? in
            var parts: [Value] = []
            var start = -1
            for i in 0..<bytes.count {
                let b = bytes[i]
                if b >= 0x80 { return nil }
                let space = (0x09...0x0D).contains(b) || (0x1C...0x20).contains(b)
                if space {
                    if start >= 0 {
                        parts.append(.str(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)))
                        start = -1
                    }
                } else if start < 0 {
                    start = i
                }
            }
            if start >= 0 { parts.append(.str(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))) }
            return parts
        }
    }

    private static func matches(_ hay: UnsafeBufferPointer<UInt8>, at i: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        for j in 1..<needle.count where hay[i + j] != needle[j] { return false }
        return true
    }

    /// `s.split(sep)`: an exact search of sep's UTF-8 bytes (UTF-8 is self-synchronizing, so a byte match is
    /// a code-point match, as in Python). At most `maxsplit` splits when it is not negative.
    static func splitBytes(_ s: String, _ sep: String, maxsplit: Int) -> [String] {
        var s = s, sep = sep
        return s.withUTF8 { hay in
            sep.withUTF8 { needle in
                var parts: [String] = []
                var start = 0, i = 0
                let n = needle.count, first = needle[0]
                while i + n <= hay.count, maxsplit < 0 || parts.count < maxsplit {
                    if hay[i] == first, matches(hay, at: i, needle) {
                        parts.append(String(decoding: UnsafeBufferPointer(rebasing: hay[start..<i]), as: UTF8.self))
                        i += n
                        start = i
                    } else {
                        i += 1
                    }
                }
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: hay[start..<hay.count]), as: UTF8.self))
                return parts
            }
        }
    }

    static func split(_ s: String, _ sep: String?, maxsplit: Int) throws -> [Value] {
        guard let sep else {
            if maxsplit < 0, let parts = splitASCIIWhitespace(s) { return parts }
            var parts: [String] = []
            var current = String.UnicodeScalarView()
            var splits = 0
            var scalars = s.unicodeScalars[...]
            while let c = scalars.first {
                if isSpace(c) && (maxsplit < 0 || splits < maxsplit) {
                    if !current.isEmpty { parts.append(String(current)); current = .init(); splits += 1 }
                    scalars = scalars.dropFirst()
                    if maxsplit >= 0 && splits == maxsplit {
                        while let d = scalars.first, isSpace(d) { scalars = scalars.dropFirst() }
                        if !scalars.isEmpty { parts.append(String(String.UnicodeScalarView(scalars))) }
                        return parts.map { .str($0) }
                    }
                } else {
                    current.append(c)
                    scalars = scalars.dropFirst()
                }
            }
            if !current.isEmpty { parts.append(String(current)) }
            return parts.map { .str($0) }
        }
        if sep.isEmpty { throw ScriptError(.valueError, "empty separator") }
        return splitBytes(s, sep, maxsplit: maxsplit).map { .str($0) }
    }

    /// Python's `s.endswith(suffix)` on UTF-8 bytes (a byte suffix is a code-point suffix).
    static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        s.utf8.count >= suffix.utf8.count && s.utf8.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
    }

    /// `s.find(sub, start, end)` and its relatives on code points (CPython's index rules, see `Subsequence`).
    static func find(_ s: String, _ args: Arguments, reverse: Bool) throws -> Int {
        let (start, end) = try Subsequence.bounds(args)
        return Subsequence.find(Array(s.unicodeScalars), Array(try args.string("sub").unicodeScalars), start: start, end: end, reverse: reverse)
    }

    static func affixMatch(_ s: String, _ args: Arguments, _ name: String, atEnd: Bool) throws -> Bool {
        let affix = args[atEnd ? "suffix" : "prefix"]
        let candidates = try (affix.sequenceItems.map { items -> [String] in
            guard case .tuple = affix else { throw ScriptError(.typeError, "\(name) first arg must be str or a tuple of str, not \(affix.typeName)") }
            return try items.map { item in
                guard case .str(let text) = item else { throw ScriptError(.typeError, "tuple for \(name) must only contain str, not \(item.typeName)") }
                return text
            }
        }) ?? [try args.string(atEnd ? "suffix" : "prefix")]
        let (start, end) = try Subsequence.bounds(args)
        if start == nil && end == nil {
            return candidates.contains { atEnd ? hasSuffix(s, $0) : s.utf8.starts(with: $0.utf8) }
        }
        let scalars = Array(s.unicodeScalars)
        return candidates.contains { Subsequence.tailMatch(scalars, Array($0.unicodeScalars), start: start, end: end, atEnd: atEnd) }
    }

    static let table: [Builtin] = [
        method("split", [Parameter.optional("sep", .str), Parameter("maxsplit", .int, default: .int(-1))],
               doc: "Split at sep (default: runs of whitespace).", example: "'a,b'.split(',')  # ['a', 'b']") { s, args in
            .list(ListObject(try split(s, try args.optionalString("sep"), maxsplit: try args.int("maxsplit"))))
        }.fast(fastText { s, arguments in
            guard let sep = optionalText(arguments, at: 0) else { return nil }
            return .list(ListObject(try split(s, sep, maxsplit: -1)))
        }),
        method("rsplit", [Parameter.optional("sep", .str), Parameter("maxsplit", .int, default: .int(-1))],
               doc: "Split from the right.", example: "'a.b.c'.rsplit('.', 1)  # ['a.b', 'c']") { s, args in
            let maxsplit = try args.int("maxsplit")
            guard maxsplit >= 0, let sep = try args.optionalString("sep") else {
                return .list(ListObject(try split(s, try args.optionalString("sep"), maxsplit: maxsplit)))
            }
            var parts = s.components(separatedBy: sep)
            if parts.count > maxsplit + 1 {
                let head = parts[..<(parts.count - maxsplit)].joined(separator: sep)
                parts = [head] + parts[(parts.count - maxsplit)...]
            }
            return .list(ListObject(parts.map { .str($0) }))
        },
        method("splitlines", [Parameter("keepends", .bool, default: .bool(false))], doc: "Split at line breaks.",
               example: "'a\\nb'.splitlines()  # ['a', 'b']") { s, args in
            // Python's line boundaries, on scalars (Swift keeps "\r\n" as one character).
            let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
            let keep = try args.bool("keepends")
            let scalars = Array(s.unicodeScalars)
            var lines: [Value] = []
            var start = 0, i = 0
            while i < scalars.count {
                guard breaks.contains(scalars[i].value) else { i += 1; continue }
                var end = i + 1
                if scalars[i].value == 0x0D, end < scalars.count, scalars[end].value == 0x0A { end += 1 }
                var line = String.UnicodeScalarView()
                line.append(contentsOf: scalars[start..<(keep ? end : i)])
                lines.append(.str(String(line)))
                start = end
                i = end
            }
            if start < scalars.count {
                var line = String.UnicodeScalarView()
                line.append(contentsOf: scalars[start...])
                lines.append(.str(String(line)))
            }
            return .list(ListObject(lines))
        },
        method("join", [Parameter("iterable")], doc: "Concatenate the strings of iterable with this string between them.",
               example: "', '.join(['a', 'b'])  # 'a, b'") { s, args in
            let items = try args.context.items(of: args["iterable"])
            var parts: [String] = []
            for (i, item) in items.enumerated() {
                // A StrEnum member is a str (its value), as in CPython.
                let text: Value = { if case .host(let host as Instance) = item, case .str? = host.enumMixinValue { return host.enumMixinValue ?? item }; return item }()
                guard case .str(let part) = text else {
                    throw ScriptError(.typeError, "sequence item \(i): expected str instance, \(item.typeName) found",
                                      help: "convert first: sep.join(str(x) for x in items)")
                }
                parts.append(part)
            }
            return .str(parts.joined(separator: s))
        }.fast(fastText { s, arguments in
            guard arguments.count == 1, let items = arguments[0].sequenceItems else { return nil }
            var parts: [String] = []
            parts.reserveCapacity(items.count)
            for item in items {
                guard case .str(let part) = item else { return nil }
                parts.append(part)
            }
            return .str(parts.joined(separator: s))
        }),
        method("strip", [Parameter.optional("chars", .str)], doc: "Remove leading and trailing whitespace (or chars).",
               example: "'  hi '.strip()  # 'hi'") { s, args in .str(strip(s, try args.optionalString("chars"), leading: true, trailing: true)) }
            .fast(fastStrip(leading: true, trailing: true)),
        method("lstrip", [Parameter.optional("chars", .str)], doc: "Remove leading whitespace (or chars).",
               example: "'  hi'.lstrip()  # 'hi'") { s, args in .str(strip(s, try args.optionalString("chars"), leading: true, trailing: false)) }
            .fast(fastStrip(leading: true, trailing: false)),
        method("rstrip", [Parameter.optional("chars", .str)], doc: "Remove trailing whitespace (or chars).",
               example: "'hi\\n'.rstrip()  # 'hi'") { s, args in .str(strip(s, try args.optionalString("chars"), leading: false, trailing: true)) }
            .fast(fastStrip(leading: false, trailing: true)),
        method("lower", doc: "Lowercase copy.", example: "'Hi'.lower()  # 'hi'") { s, _ in .str(s.lowercased()) }
            .fast(fastText { s, arguments in arguments.isEmpty ? .str(s.lowercased()) : nil }),
        method("upper", doc: "Uppercase copy.", example: "'Hi'.upper()  # 'HI'") { s, _ in .str(s.uppercased()) }
            .fast(fastText { s, arguments in arguments.isEmpty ? .str(s.uppercased()) : nil }),
        method("capitalize", doc: "First character uppercase, the rest lowercase.", example: "'hello'.capitalize()  # 'Hello'") { s, _ in
            .str(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        },
        method("title", doc: "Each word capitalized.", example: "'a big day'.title()  # 'A Big Day'") { s, _ in
            var out = ""
            var previousIsLetter = false
            for c in s {
                out += previousIsLetter ? c.lowercased() : c.uppercased()
                previousIsLetter = c.isLetter
            }
            return .str(out)
        },
        method("swapcase", doc: "Swap upper and lower case.", example: "'Ab'.swapcase()  # 'aB'") { s, _ in
            .str(String(s.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) }))
        },
        method("replace", [Parameter("old", .str), Parameter("new", .str), Parameter("count", .int, default: .int(-1))],
               doc: "Replace occurrences of old with new (at most count).", example: "'a-b'.replace('-', '_')  # 'a_b'") { s, args in
            let old = try args.string("old"), new = try args.string("new"), count = try args.int("count")
            if count < 0 { return .str(old.isEmpty ? new + s.map { String($0) + new }.joined() : s.replacingOccurrences(of: old, with: new)) }
            var result = ""
            var rest = Substring(s)
            var n = 0
            while n < count, !old.isEmpty, let r = rest.range(of: old) {
                result += rest[..<r.lowerBound] + new
                rest = rest[r.upperBound...]
                n += 1
            }
            return .str(result + rest)
        },
        method("startswith", [Parameter("prefix", .oneOf([.str, .sequence]))] + Subsequence.boundParameters,
               doc: "True when the string starts with prefix (or one of a tuple of prefixes), in s[start:end].",
               example: "'lora_A'.startswith('lora')  # True") { s, args in .bool(try affixMatch(s, args, "startswith", atEnd: false)) }
            .fast(fastText { s, arguments in
                guard arguments.count == 1, case .str(let prefix) = arguments[0] else { return nil }
                return .bool(s.utf8.starts(with: prefix.utf8))
            }),
        method("endswith", [Parameter("suffix", .oneOf([.str, .sequence]))] + Subsequence.boundParameters,
               doc: "True when the string ends with suffix (or one of a tuple of suffixes), in s[start:end].",
               example: "'model.gguf'.endswith('.gguf')  # True") { s, args in .bool(try affixMatch(s, args, "endswith", atEnd: true)) }
            .fast(fastText { s, arguments in
                guard arguments.count == 1, case .str(let suffix) = arguments[0] else { return nil }
                return .bool(hasSuffix(s, suffix))
            }),
        method("find", [Parameter("sub", .str)] + Subsequence.boundParameters, doc: "Index of the first occurrence of sub in s[start:end], or -1.",
               example: "'hello'.find('l')  # 2") { s, args in .int(try find(s, args, reverse: false)) },
        method("rfind", [Parameter("sub", .str)] + Subsequence.boundParameters, doc: "Index of the last occurrence of sub in s[start:end], or -1.",
               example: "'hello'.rfind('l')  # 3") { s, args in .int(try find(s, args, reverse: true)) },
        method("index", [Parameter("sub", .str)] + Subsequence.boundParameters, doc: "Index of the first occurrence of sub (ValueError if absent).",
               example: "'hello'.index('e')  # 1") { s, args in
            let i = try find(s, args, reverse: false)
            if i < 0 { throw ScriptError(.valueError, "substring not found") }
            return .int(i)
        },
        method("rindex", [Parameter("sub", .str)] + Subsequence.boundParameters, doc: "Like rfind, but ValueError when not found.",
               example: "'a.b.c'.rindex('.')  # 3") { s, args in
            let i = try find(s, args, reverse: true)
            if i < 0 { throw ScriptError(.valueError, "substring not found") }
            return .int(i)
        },
        method("count", [Parameter("sub", .str)] + Subsequence.boundParameters, doc: "Number of non-overlapping occurrences of sub in s[start:end].",
               example: "'banana'.count('a')  # 3") { s, args in
            let sub = try args.string("sub")
            let (start, end) = try Subsequence.bounds(args)
            // Without bounds, counting UTF-8 bytes gives the same answer (UTF-8 is self-synchronizing) without decoding.
            if start == nil && end == nil && !sub.isEmpty { return .int(Subsequence.count(Array(s.utf8), Array(sub.utf8))) }
            return .int(Subsequence.count(Array(s.unicodeScalars), Array(sub.unicodeScalars), start: start, end: end))
        },
        method("format", [.variadic("args"), .keywords("kwargs")], doc: "Fill {} fields, as in f-strings.",
               example: "'{:.2f}'.format(0.5)  # '0.50'") { s, args in
            .str(try Format.strFormat(s, args.variadic, args.keywords, interpreter: args.context.interpreter))
        },
        method("isdigit", doc: "True when non-empty and all characters are digits.", example: "'42'.isdigit()  # True") { s, _ in
            .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal || $0.properties.numericType == .digit })
        },
        method("isnumeric", doc: "True when non-empty and all characters are numeric.", example: "'42'.isnumeric()  # True") { s, _ in
            .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
        },
        method("isalpha", doc: "True when non-empty and all characters are letters.", example: "'abc'.isalpha()  # True") { s, _ in
            .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic })
        },
        method("isalnum", doc: "True when non-empty and all characters are letters or digits.", example: "'a1'.isalnum()  # True") { s, _ in
            .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        },
        method("isspace", doc: "True when non-empty and all whitespace.", example: "' '.isspace()  # True") { s, _ in
            .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isSpace))
        },
        method("islower", doc: "True when it has cased characters and all are lowercase.", example: "'ab'.islower()  # True") { s, _ in
            .bool(s.contains { $0.isLetter } && s == s.lowercased())
        },
        method("isupper", doc: "True when it has cased characters and all are uppercase.", example: "'AB'.isupper()  # True") { s, _ in
            .bool(s.contains { $0.isLetter } && s == s.uppercased())
        },
        method("zfill", [Parameter("width", .int)], doc: "Pad with zeros on the left to width.", example: "'7'.zfill(3)  # '007'") { s, args in
            let width = try args.int("width"), count = s.unicodeScalars.count
            guard width > count else { return .str(s) }
            let limit = args.context.interpreter.limits.maxStringLength
            guard width <= limit else {
                throw ScriptError(.memoryError, "zfill width \(width) is over the string length limit of \(limit)")
            }
            let sign = s.hasPrefix("-") || s.hasPrefix("+") ? String(s.prefix(1)) : ""
            return .str(sign + String(repeating: "0", count: width - count) + s.dropFirst(sign.count))
        },
        method("center", [Parameter("width", .int), Parameter("fillchar", .str, default: .str(" "))], doc: "Centered in width.",
               example: "'hi'.center(6, '*')  # '**hi**'") { s, args in
            .str(try Format.apply(.str(s), spec: (try args.string("fillchar")) + "^" + String(max(0, try args.int("width"))), interpreter: args.context.interpreter))
        },
        method("ljust", [Parameter("width", .int), Parameter("fillchar", .str, default: .str(" "))], doc: "Left-justified in width.",
               example: "'hi'.ljust(4) + '|'  # 'hi  |'") { s, args in
            .str(try Format.apply(.str(s), spec: (try args.string("fillchar")) + "<" + String(max(0, try args.int("width"))), interpreter: args.context.interpreter))
        },
        method("rjust", [Parameter("width", .int), Parameter("fillchar", .str, default: .str(" "))], doc: "Right-justified in width.",
               example: "'hi'.rjust(4)  # '  hi'") { s, args in
            .str(try Format.apply(.str(s), spec: (try args.string("fillchar")) + ">" + String(max(0, try args.int("width"))), interpreter: args.context.interpreter))
        },
        method("partition", [Parameter("sep", .str)], doc: "Split at the first sep into (head, sep, tail).",
               example: "'k=v'.partition('=')  # ('k', '=', 'v')") { s, args in
            let sep = try args.string("sep")
            guard let r = s.range(of: sep) else { return .tuple([.str(s), .str(""), .str("")]) }
            return .tuple([.str(String(s[..<r.lowerBound])), .str(sep), .str(String(s[r.upperBound...]))])
        },
        method("removeprefix", [Parameter("prefix", .str)], doc: "Remove prefix when present.",
               example: "'lora_A'.removeprefix('lora_')  # 'A'") { s, args in
            let p = try args.string("prefix")
            return .str(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
        },
        method("removesuffix", [Parameter("suffix", .str)], doc: "Remove suffix when present.",
               example: "'a.csv'.removesuffix('.csv')  # 'a'") { s, args in
            let p = try args.string("suffix")
            return .str(s.hasSuffix(p) ? String(s.dropLast(p.count)) : s)
        },
    ]
}
