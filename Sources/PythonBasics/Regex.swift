/// A compiled Python regular expression: CPython 3.11's `re` syntax and matching rules (backtracking,
/// leftmost match, greedy/lazy/possessive quantifiers, lookaround, backreferences, named groups,
/// inline and scoped flags), on code points as Python's `str` indexes them. The one engine used by
/// the language's `re` module and by PEFT's `target_modules` patterns.
///
///     let pattern = try RegexPattern(#"(?P<word>\w+)@(\w+)"#)
///     let text = RegexPattern.codePoints("mail bob@example now")
///     if let spans = try pattern.execute(text, mode: .search) { spans[2] }   // 5: start of group 1
public final class RegexPattern: @unchecked Sendable {
    /// How the pattern is anchored: `re.match` (at the start), `re.search` (anywhere), `re.fullmatch`.
    public enum Mode: Sendable { case match, search, fullMatch }

    /// The pattern as written.
    public let pattern: String
    /// The flags in effect, inline global flags included; `UNICODE` is set unless `ASCII` is (as CPython does for str).
    public let flags: RegexFlags
    /// Number of capturing groups.
    public let groupCount: Int
    /// Named groups in order of definition.
    public let groupNames: [(name: String, index: Int)]
    let program: RegexProgram

    /// Compiles `pattern`; a malformed pattern throws `RegexError` with CPython's message and position.
    public init(_ pattern: String, flags: RegexFlags = []) throws(RegexError) {
        if flags.contains(.ascii) && flags.contains(.unicode) {
            throw RegexError("ASCII and UNICODE flags are incompatible", position: nil)
        }
        let (root, parser) = try RegexParser.parse(pattern, flags: flags)
        self.pattern = pattern
        var final = parser.finalFlags
        if !final.contains(.ascii) { final.insert(.unicode) }
        self.flags = final
        groupCount = parser.groupCount
        groupNames = parser.groupNames.map { (name: $0.0, index: $0.1) }
        program = try RegexProgram(root, groupCount: parser.groupCount)
    }

    /// The code points of `text`, the form `execute` matches on (indexes are Python `str` indexes).
    public static func codePoints(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    /// The text of code points `range` of `codePoints`.
    public static func string(_ codePoints: [UInt32], _ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        for c in codePoints[range] { if let scalar = Unicode.Scalar(c) { view.append(scalar) } }
        return String(view)
    }

    /// Finds a match in `text[..<endPosition]` starting at or after `position` (`mode` decides).
    /// Returns the spans as `[start0, end0, start1, end1, …]` (group 0 is the whole match; -1 for a
    /// group that did not take part), or nil when there is no match.
    /// - Parameter notEmptyAt: reject an empty match at this position (used by `findall`/`sub`/`split`
    ///   after an empty match, as CPython's `must_advance`).
    public func execute(_ text: [UInt32], from position: Int = 0, to endPosition: Int? = nil, mode: Mode,
                        notEmptyAt: Int? = nil) throws(RegexError) -> [Int]? {
        let end = Swift.min(Swift.max(endPosition ?? text.count, 0), text.count)
        let start = Swift.max(position, 0)
        guard start <= end else { return nil }
        var matcher = RegexMatcher(program: program, text: text, end: end)
        let goal = RegexMatcher.Goal(mustReachEnd: mode == .fullMatch, notEmptyAt: notEmptyAt)
        if mode != .search {
            return try matcher.match(at: start, goal: goal) ? captures(matcher) : nil
        }
        let firstChar: UInt32? = {
            if case .save = program.instructions[0], program.instructions.count > 1, case .char(let c) = program.instructions[1] { return c }
            return nil
        }()
        var at = start
        while at <= end {
            if let firstChar {
                while at < end && text[at] != firstChar { at += 1 }
                if at == end { return nil }
            }
            if try matcher.match(at: at, goal: goal) { return captures(matcher) }
            at += 1
        }
        return nil
    }

    private func captures(_ matcher: RegexMatcher) -> [Int] {
        var spans = Array(matcher.slots.prefix(2 * (groupCount + 1)))
        // A group whose end was never recorded did not take part.
        for g in 0...groupCount where spans[2 * g] < 0 || spans[2 * g + 1] < 0 {
            spans[2 * g] = -1
            spans[2 * g + 1] = -1
        }
        return spans
    }

    /// `re.fullmatch(pattern, text) is not None`.
    public func fullMatch(_ text: String) throws(RegexError) -> Bool {
        try execute(Self.codePoints(text), mode: .fullMatch) != nil
    }

    /// The text of group `name` when the whole of `text` matches, else nil.
    public func namedCapture(_ name: String, fullMatchOf text: String) throws(RegexError) -> String? {
        guard let index = groupNames.first(where: { $0.name == name })?.index else { return nil }
        let points = Self.codePoints(text)
        guard let spans = try execute(points, mode: .fullMatch), spans[2 * index] >= 0 else { return nil }
        return Self.string(points, spans[2 * index]..<spans[2 * index + 1])
    }

    /// `re.escape(text)`: every character except ASCII letters, digits and `_` is escaped
    /// (CPython 3.7+ escapes only special characters; this list is its `_special_chars_map`).
    public static func escape(_ text: String) -> String {
        let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}".unicodeScalars)
        var out = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            if special.contains(c) { out.append("\\") }
            out.append(c)
        }
        return String(out)
    }
}
