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
    public static func codePoints(_ text: String) -> [UInt32] {
        var points: [UInt32] = []
        points.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { points.append(scalar.value) }
        return points
    }

    /// The text of code points `range` of `codePoints` (values that are not Unicode scalars are skipped),
    /// encoded straight into the string's UTF-8 storage.
    public static func string(_ codePoints: [UInt32], _ range: Range<Int>) -> String {
        if range.isEmpty { return "" }
        return String(unsafeUninitializedCapacity: 4 * range.count) { buffer in
            var n = 0
            for c in codePoints[range] {
                if c < 0x80 {
                    buffer[n] = UInt8(truncatingIfNeeded: c)
                    n += 1
                } else if let scalar = Unicode.Scalar(c) {
                    UTF8.encode(scalar) { byte in buffer[n] = byte; n += 1 }
                }
            }
            return n
        }
    }

    /// Finds a match in `text[..<endPosition]` starting at or after `position` (`mode` decides).
    /// Returns the spans as `[start0, end0, start1, end1, …]` (group 0 is the whole match; -1 for a
    /// group that did not take part), or nil when there is no match.
    /// - Parameter notEmptyAt: reject an empty match at this position (used by `findall`/`sub`/`split`
    ///   after an empty match, as CPython's `must_advance`).
    public func execute(_ text: [UInt32], from position: Int = 0, to endPosition: Int? = nil, mode: Mode,
                        notEmptyAt: Int? = nil) throws(RegexError) -> [Int]? {
        let end = Swift.min(Swift.max(endPosition ?? text.count, 0), text.count)
        var matcher = RegexMatcher(program: program, text: text, end: end)
        return try find(&matcher, from: position, mode: mode, notEmptyAt: notEmptyAt)
    }

    /// Calls `each` with the spans of every match in `text[position..<endPosition]` left to right, at
    /// most `limit` of them (0: no limit); after an empty match the next may not be empty at the same
    /// place (CPython 3.7+). One matcher serves the whole scan. Errors of `each` are rethrown.
    public func forEachMatch(_ text: [UInt32], from position: Int, to endPosition: Int, limit: Int = 0,
                             _ each: ([Int]) throws -> Void) throws {
        let end = Swift.min(Swift.max(endPosition, 0), text.count)
        var matcher = RegexMatcher(program: program, text: text, end: end)
        var at = Swift.max(position, 0)
        var mustAdvance = false
        var found = 0
        while at <= end, limit == 0 || found < limit {
            guard let spans = try find(&matcher, from: at, mode: .search, notEmptyAt: mustAdvance ? at : nil) else { break }
            try each(spans)
            found += 1
            mustAdvance = spans[1] == spans[0]
            at = spans[1]
        }
    }

    private func find(_ matcher: inout RegexMatcher, from position: Int, mode: Mode, notEmptyAt: Int?) throws(RegexError) -> [Int]? {
        let end = matcher.end, text = matcher.text
        let start = Swift.max(position, 0)
        guard start <= end else { return nil }
        let goal = RegexMatcher.Goal(mustReachEnd: mode == .fullMatch, notEmptyAt: notEmptyAt)
        if mode != .search {
            return try matcher.match(at: start, goal: goal) ? captures(matcher) : nil
        }
        var at = start
        while at <= end {
            if let first = program.firstMatcher {
                // Every match starts with a character `first` accepts: skip to the next one.
                while at < end && !matcher.accepts(first, text[at]) { at += 1 }
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
