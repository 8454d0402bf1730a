import PythonBasics

/// A method of a host object, going through the one argument checker like every built-in.
func hostMethod(_ name: String, owner: String, _ parameters: [Parameter] = [], doc: String, example: String = "",
                _ body: @escaping (Arguments) throws -> Value) -> Value {
    .builtin(Builtin(name, owner: owner, parameters, doc: doc, example: example, body: body))
}

/// `re.compile(…)`: a compiled pattern (`re.Pattern`).
final class RePattern: HostObject {
    let regex: RegexPattern

    init(_ regex: RegexPattern) { self.regex = regex }

    var typeName: String { "re.Pattern" }

    /// `re.compile('\\d+', re.IGNORECASE)` (the implicit UNICODE flag is not shown, as in CPython).
    func repr() -> String {
        var flags = regex.flags
        flags.remove(.unicode)
        let shown = flags.names
        return "re.compile(\(Repr.string(regex.pattern))" + (shown.isEmpty ? ")" : ", \(shown.joined(separator: "|")))")
    }

    var attributeNames: [String] {
        ["findall", "finditer", "flags", "fullmatch", "groupindex", "groups", "match", "pattern", "search", "split", "sub", "subn"]
    }

    private static let span = [Parameter("pos", .int, default: .int(0)), Parameter("endpos", .int, default: .int(Int.max))]

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "pattern": return .str(regex.pattern)
        case "flags": return .int(regex.flags.rawValue)
        case "groups": return .int(regex.groupCount)
        case "groupindex": return .dict(regex.groupNames.map { ($0.name, Value.int($0.index)) })
        case "match", "search", "fullmatch":
            let mode: RegexPattern.Mode = name == "match" ? .match : name == "search" ? .search : .fullMatch
            return hostMethod(name, owner: "Pattern", [Parameter("string", .str)] + Self.span, doc: "A Match or None.") { args in
                try self.find(try ReModule.text(args), mode: mode, from: try args.int("pos"), to: try args.int("endpos"))
            }
        case "findall":
            return hostMethod(name, owner: "Pattern", [Parameter("string", .str)] + Self.span, doc: "All non-overlapping matches.") { args in
                try self.findAll(try ReModule.text(args), args.context, from: try args.int("pos"), to: try args.int("endpos"))
            }
        case "finditer":
            return hostMethod(name, owner: "Pattern", [Parameter("string", .str)] + Self.span, doc: "An iterator of Match objects.") { args in
                try self.findIter(try ReModule.text(args), from: try args.int("pos"), to: try args.int("endpos"))
            }
        case "sub", "subn":
            return hostMethod(name, owner: "Pattern", [Parameter("repl"), Parameter("string", .str), Parameter("count", .int, default: .int(0))],
                              doc: "Replace matches.") { args in
                let (text, count) = try self.substitute(args["repl"], in: try ReModule.text(args), count: try args.int("count"), args.context)
                return name == "sub" ? .str(text) : .tuple([.str(text), .int(count)])
            }
        case "split":
            return hostMethod(name, owner: "Pattern", [Parameter("string", .str), Parameter("maxsplit", .int, default: .int(0))],
                              doc: "Split by the matches.") { args in
                try self.split(try ReModule.text(args), maxSplit: try args.int("maxsplit"))
            }
        default: return nil
        }
    }

    func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        guard op == "==" || op == "!=" else { return nil }
        var same = false
        if case .host(let h) = other, let p = h as? RePattern { same = p.regex.pattern == regex.pattern && p.regex.flags == regex.flags }
        return .bool(op == "==" ? same : !same)
    }

    // MARK: matching

    private func execute(_ points: [UInt32], from: Int, to: Int, mode: RegexPattern.Mode, notEmptyAt: Int? = nil) throws -> [Int]? {
        do { return try regex.execute(points, from: from, to: to, mode: mode, notEmptyAt: notEmptyAt) } catch { throw ReModule.scriptError(error) }
    }

    private static func clamp(_ position: Int, _ count: Int) -> Int { Swift.min(Swift.max(position, 0), count) }

    func find(_ text: String, mode: RegexPattern.Mode, from: Int = 0, to: Int = Int.max) throws -> Value {
        let points = RegexPattern.codePoints(text)
        let start = Self.clamp(from, points.count), end = Self.clamp(to, points.count)
        guard let spans = try execute(points, from: start, to: end, mode: mode) else { return .none }
        return .host(ReMatch(pattern: self, text: text, points: points, spans: spans, pos: start, endpos: end))
    }

    /// Every match left to right; after an empty match the next may not be empty at the same place (CPython 3.7+).
    func matches(_ points: [UInt32], from: Int = 0, to: Int = Int.max, limit: Int = 0, _ each: ([Int]) throws -> Void) throws {
        do {
            try regex.forEachMatch(points, from: Self.clamp(from, points.count), to: Self.clamp(to, points.count), limit: limit, each)
        } catch let error as RegexError {
            throw ReModule.scriptError(error)
        }
    }

    private func groupValue(_ points: [UInt32], _ spans: [Int], _ g: Int, default fallback: Value) -> Value {
        spans[2 * g] < 0 ? fallback : .str(RegexPattern.string(points, spans[2 * g]..<spans[2 * g + 1]))
    }

    func findAll(_ text: String, _ context: CallContext, from: Int = 0, to: Int = Int.max) throws -> Value {
        let points = RegexPattern.codePoints(text)
        var results: [Value] = []
        try matches(points, from: from, to: to) { spans in
            switch regex.groupCount {
            case 0: results.append(groupValue(points, spans, 0, default: .str("")))
            case 1: results.append(groupValue(points, spans, 1, default: .str("")))
            default: results.append(.tuple((1...regex.groupCount).map { groupValue(points, spans, $0, default: .str("")) }))
            }
        }
        return .list(ListObject(results))
    }

    func findIter(_ text: String, from: Int = 0, to: Int = Int.max) throws -> Value {
        let points = RegexPattern.codePoints(text)
        var all: [Value] = []
        let start = Self.clamp(from, points.count), end = Self.clamp(to, points.count)
        try matches(points, from: start, to: end) { spans in
            all.append(.host(ReMatch(pattern: self, text: text, points: points, spans: spans, pos: start, endpos: end)))
        }
        var index = 0
        return .iterator(IteratorObject(kindName: "callable_iterator") {
            guard index < all.count else { return nil }
            defer { index += 1 }
            return all[index]
        })
    }

    func split(_ text: String, maxSplit: Int) throws -> Value {
        let points = RegexPattern.codePoints(text)
        var parts: [Value] = []
        var last = 0
        if maxSplit < 0 { return .list(ListObject([.str(text)])) }
        try matches(points, limit: maxSplit) { spans in
            parts.append(.str(RegexPattern.string(points, last..<spans[0])))
            if regex.groupCount > 0 {
                for g in 1...regex.groupCount { parts.append(groupValue(points, spans, g, default: .none)) }
            }
            last = spans[1]
        }
        parts.append(.str(RegexPattern.string(points, last..<points.count)))
        return .list(ListObject(parts))
    }

    func substitute(_ replacement: Value, in text: String, count: Int, _ context: CallContext) throws -> (text: String, count: Int) {
        let points = RegexPattern.codePoints(text)
        var template: [ReTemplate.Piece]? = nil
        if case .str(let s) = replacement {
            template = try ReTemplate.parse(s, pattern: regex)
        } else if !ParameterType.callable.accepts(replacement) {
            throw ScriptError(.typeError, "expected str or callable for repl, got \(replacement.typeName)")
        }
        var output = ""
        var last = 0
        var done = 0
        if count < 0 { return (text, 0) }
        try matches(points, limit: count) { spans in
            output += RegexPattern.string(points, last..<spans[0])
            if let template {
                output += ReTemplate.expand(template, points: points, spans: spans)
            } else {
                let match = ReMatch(pattern: self, text: text, points: points, spans: spans, pos: 0, endpos: points.count)
                let value = try context.call(replacement, [.host(match)])
                guard case .str(let s) = value else {
                    throw ScriptError(.typeError, "expected str instance, \(value.typeName) found",
                                      notes: ["the replacement function must return a string"])
                }
                output += s
            }
            last = spans[1]
            done += 1
        }
        output += RegexPattern.string(points, last..<points.count)
        return (output, done)
    }
}

/// Replacement templates of `re.sub`: `\1`, `\g<1>`, `\g<name>`, and the usual escapes (`\n`).
enum ReTemplate {
    enum Piece {
        case text(String)
        case group(Int)
    }

    static func parse(_ template: String, pattern: RegexPattern) throws -> [Piece] {
        let chars = Array(template.unicodeScalars)
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        func flush() {
            if !literal.isEmpty { pieces.append(.text(String(literal))); literal = String.UnicodeScalarView() }
        }
        func groupNumber(_ n: Int, at position: Int) throws -> Int {
            guard n <= pattern.groupCount else { throw ScriptError(ReModule.errorType, "invalid group reference \(n) at position \(position)") }
            return n
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "\\", i + 1 < chars.count else {
                if c == "\\" { throw ScriptError(ReModule.errorType, "bad escape (end of pattern) at position \(i)") }
                literal.append(c)
                i += 1
                continue
            }
            let e = chars[i + 1]
            switch e {
            case "g":
                guard i + 2 < chars.count, chars[i + 2] == "<", let close = chars[(i + 3)...].firstIndex(of: ">") else {
                    throw ScriptError(ReModule.errorType, "missing < at position \(i + 2)")
                }
                let name = String(String.UnicodeScalarView(chars[(i + 3)..<close]))
                flush()
                if let n = Int(name), name.allSatisfy(\.isASCII) {
                    pieces.append(.group(try groupNumber(n, at: i + 3)))
                } else if let n = pattern.groupNames.first(where: { $0.name == name })?.index {
                    pieces.append(.group(n))
                } else if name.isEmpty {
                    throw ScriptError(ReModule.errorType, "missing group name at position \(i + 3)")
                } else {
                    throw ScriptError(.indexError, "unknown group name '\(name)'")
                }
                i = close + 1
            case "0"..."9":
                flush()
                var j = i + 1
                var digits = ""
                while j < chars.count, digits.count < 2, ("0"..."9").contains(chars[j]) { digits.unicodeScalars.append(chars[j]); j += 1 }
                if digits.hasPrefix("0") || (digits.count == 2 && j < chars.count && ("0"..."7").contains(chars[j]) && digits.allSatisfy { $0 < "8" }) {
                    // Octal escape.
                    var k = i + 1, value: UInt32 = 0, n = 0
                    while k < chars.count, n < 3, ("0"..."7").contains(chars[k]) { value = value * 8 + (chars[k].value - 48); k += 1; n += 1 }
                    if let scalar = Unicode.Scalar(value) { literal.append(scalar) }
                    i = k
                } else {
                    pieces.append(.group(try groupNumber(Int(digits) ?? 0, at: i + 1)))
                    i = j
                }
            case "n": literal.append("\n"); i += 2
            case "t": literal.append("\t"); i += 2
            case "r": literal.append("\r"); i += 2
            case "f": literal.append("\u{0C}"); i += 2
            case "v": literal.append("\u{0B}"); i += 2
            case "a": literal.append("\u{07}"); i += 2
            case "b": literal.append("\u{08}"); i += 2
            case "\\": literal.append("\\"); i += 2
            default:
                if e.isASCII, e.properties.isAlphabetic {
                    throw ScriptError(ReModule.errorType, "bad escape \\\(e) at position \(i)")
                }
                literal.append("\\")
                literal.append(e)
                i += 2
            }
        }
        flush()
        return pieces
    }

    static func expand(_ pieces: [Piece], points: [UInt32], spans: [Int]) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let s): out += s
            case .group(let g): if spans[2 * g] >= 0 { out += RegexPattern.string(points, spans[2 * g]..<spans[2 * g + 1]) }
            }
        }
        return out
    }
}
