/// The parser of Python's regular expression syntax (CPython 3.11 `sre_parse`): pattern text → `RegexNode`.
/// Positions in errors are code-point offsets into the pattern, as `re.error.pos` gives them.

/// One node of a parsed pattern. Flags that change matching (IGNORECASE, MULTILINE, DOTALL, ASCII) are
/// resolved into the nodes here, so scoped flags `(?i:…)` need nothing at match time.
indirect enum RegexNode {
    case empty
    case literal(UInt32, ignoreCase: Bool)
    /// `.`; `dotAll` also matches `\n`.
    case any(dotAll: Bool)
    case set(RegexCharSet, ignoreCase: Bool)
    case sequence([RegexNode])
    case alternation([RegexNode])
    /// `(…)` with its group number, or nil for `(?:…)`.
    case group(Int?, RegexNode)
    /// `x{min,max}`; max nil = unbounded. `possessive` is `x*+` (3.11).
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool, possessive: Bool)
    case assertion(RegexAssertion)
    case backreference(Int, ignoreCase: Bool)
    /// `(?=…) (?!…) (?<=…) (?<!…)`.
    case lookaround(RegexNode, ahead: Bool, negated: Bool)
    /// `(?>…)`.
    case atomic(RegexNode)
    /// `(?(group)yes|no)`.
    case conditional(Int, yes: RegexNode, no: RegexNode)
}

enum RegexAssertion {
    case lineStart(multiline: Bool)
    case lineEnd(multiline: Bool)
    case textStart
    case textEnd
    case wordBoundary(ascii: Bool)
    case notWordBoundary(ascii: Bool)
}

/// Pattern text → nodes, group count and group names.
struct RegexParser {
    private let chars: [UInt32]
    private var index = 0
    private var flags: RegexFlags
    private(set) var groupCount = 0
    private(set) var groupNames: [(String, Int)] = []
    private var openGroups: Set<Int> = []

    init(_ pattern: String, flags: RegexFlags) {
        chars = pattern.unicodeScalars.map(\.value)
        self.flags = flags
    }

    /// The flags after global inline flags (`(?i)` at the start) were applied.
    var finalFlags: RegexFlags { flags }

    static func parse(_ pattern: String, flags: RegexFlags) throws(RegexError) -> (RegexNode, RegexParser) {
        var parser = RegexParser(pattern, flags: flags)
        try parser.readGlobalFlags()
        let node = try parser.parseAlternation()
        if parser.index < parser.chars.count {
            // Only a ')' stops the top-level alternation early.
            throw RegexError("unbalanced parenthesis", position: parser.index)
        }
        return (node, parser)
    }

    // MARK: reading characters

    private var atEnd: Bool { index >= chars.count }
    private func peek(_ offset: Int = 0) -> UInt32? { index + offset < chars.count ? chars[index + offset] : nil }
    private func isChar(_ c: Character, at offset: Int = 0) -> Bool { peek(offset) == c.unicodeScalars.first?.value }

    /// VERBOSE mode: skip whitespace and `#` comments between tokens (not inside classes).
    private mutating func skipVerbose() {
        guard flags.contains(.verbose) else { return }
        while let c = peek() {
            if c == 0x23 {  // '#'
                while let d = peek(), d != 0x0A { index += 1; _ = d }
            } else if c == 0x20 || (0x09...0x0D).contains(c) {
                index += 1
            } else {
                return
            }
        }
    }

    // MARK: grammar

    /// Global flags `(?imsx)` must open the pattern (CPython 3.11 rejects them elsewhere).
    private mutating func readGlobalFlags() throws(RegexError) {
        while isChar("("), isChar("?", at: 1), let c = peek(2), RegexFlags.inline(c) != nil {
            var j = index + 2
            var added: RegexFlags = []
            while j < chars.count, let flag = RegexFlags.inline(chars[j]) { added.insert(flag); j += 1 }
            guard j < chars.count, chars[j] == 0x29 else { return }  // scoped `(?i:…)` is parsed later
            flags.formUnion(added)
            index = j + 1
        }
    }

    private mutating func parseAlternation() throws(RegexError) -> RegexNode {
        var branches = [try parseSequence()]
        while isChar("|") {
            index += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(RegexError) -> RegexNode {
        var items: [RegexNode] = []
        while true {
            skipVerbose()
            guard let c = peek(), c != 0x7C, c != 0x29 else { break }  // '|' ')'
            let start = index
            var atom = try parseAtom()
            skipVerbose()
            if let quantifier = try parseQuantifier() {
                switch atom {
                case .assertion, .empty:
                    throw RegexError("nothing to repeat", position: start)
                default: break
                }
                if case .repetition = atom, quantifier.wasFollowingRepeat {
                    throw RegexError("multiple repeat", position: quantifier.position)
                }
                atom = .repetition(atom, min: quantifier.min, max: quantifier.max, greedy: quantifier.greedy,
                                   possessive: quantifier.possessive)
                skipVerbose()
                if let c = peek(), c == 0x2A || c == 0x2B || c == 0x3F || (c == 0x7B && quantifierAhead()) {
                    throw RegexError("multiple repeat", position: index)
                }
            }
            items.append(atom)
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .sequence(items))
    }

    private struct Quantifier {
        var min: Int, max: Int?, greedy: Bool, possessive: Bool, position: Int, wasFollowingRepeat: Bool
    }

    /// Whether `{` at the cursor starts a valid `{m}`, `{m,}`, `{,n}` or `{m,n}`.
    private func quantifierAhead() -> Bool {
        var j = index + 1
        var digits = 0, commas = 0
        while j < chars.count {
            let c = chars[j]
            if c == 0x7D { return digits > 0 || commas == 1 }
            if c == 0x2C { commas += 1; if commas > 1 { return false } } else if (0x30...0x39).contains(c) { digits += 1 } else { return false }
            j += 1
        }
        return false
    }

    private mutating func parseQuantifier() throws(RegexError) -> Quantifier? {
        guard let c = peek() else { return nil }
        let position = index
        var min = 0, max: Int? = nil
        switch c {
        case 0x2A: index += 1                       // *
        case 0x2B: index += 1; min = 1              // +
        case 0x3F: index += 1; max = 1              // ?
        case 0x7B where quantifierAhead():          // {m,n}
            index += 1
            var low = "", high = "", sawComma = false
            while let d = peek(), d != 0x7D {
                if d == 0x2C { sawComma = true } else if sawComma { high.unicodeScalars.append(Unicode.Scalar(d)!) } else { low.unicodeScalars.append(Unicode.Scalar(d)!) }
                index += 1
            }
            index += 1
            guard let lowValue = low.isEmpty ? 0 : Int(low), lowValue <= RegexLimits.maxRepeat else {
                throw RegexError("the repetition number is too large", position: position + 1)
            }
            min = lowValue
            if sawComma {
                if !high.isEmpty {
                    guard let highValue = Int(high), highValue <= RegexLimits.maxRepeat else {
                        throw RegexError("the repetition number is too large", position: position + 1)
                    }
                    guard highValue >= lowValue else { throw RegexError("min repeat greater than max repeat", position: position + 1) }
                    max = highValue
                }
            } else {
                max = lowValue
            }
        default: return nil
        }
        var greedy = true, possessive = false
        if isChar("?") { greedy = false; index += 1 } else if isChar("+") { possessive = true; index += 1 }
        return Quantifier(min: min, max: max, greedy: greedy, possessive: possessive, position: position, wasFollowingRepeat: true)
    }

    private mutating func parseAtom() throws(RegexError) -> RegexNode {
        guard let c = peek() else { return .empty }
        let ignoreCase = flags.contains(.ignoreCase)
        switch c {
        case 0x28: return try parseGroup()
        case 0x5B: return try parseClass()
        case 0x2E: index += 1; return .any(dotAll: flags.contains(.dotAll))
        case 0x5E: index += 1; return .assertion(.lineStart(multiline: flags.contains(.multiline)))
        case 0x24: index += 1; return .assertion(.lineEnd(multiline: flags.contains(.multiline)))
        case 0x2A, 0x2B, 0x3F: throw RegexError("nothing to repeat", position: index)
        case 0x7B where quantifierAhead(): throw RegexError("nothing to repeat", position: index)
        case 0x5C: return try parseEscape()
        default:
            index += 1
            return .literal(c, ignoreCase: ignoreCase)
        }
    }

    private mutating func parseGroup() throws(RegexError) -> RegexNode {
        let open = index
        index += 1
        var capture: Int? = nil
        var savedFlags: RegexFlags? = nil
        if isChar("?") {
            index += 1
            guard let c = peek() else { throw RegexError("unexpected end of pattern", position: index) }
            switch c {
            case 0x3A: index += 1                                   // (?:
            case 0x3E:                                              // (?>
                index += 1
                let body = try parseAlternation()
                try close(open)
                return .atomic(body)
            case 0x3D, 0x21:                                        // (?= (?!
                index += 1
                let body = try parseAlternation()
                try close(open)
                return .lookaround(body, ahead: true, negated: c == 0x21)
            case 0x3C where isChar("=", at: 1) || isChar("!", at: 1):  // (?<= (?<!
                let negated = isChar("!", at: 1)
                index += 2
                let body = try parseAlternation()
                try close(open)
                guard RegexWidth.fixed(body) != nil else { throw RegexError("look-behind requires fixed-width pattern", position: nil) }
                return .lookaround(body, ahead: false, negated: negated)
            case 0x23:                                              // (?#comment)
                while let d = peek(), d != 0x29 { index += 1; _ = d }
                guard !atEnd else { throw RegexError("missing ), unterminated comment", position: open) }
                index += 1
                return .empty
            case 0x50:                                              // (?P<name>…) (?P=name)
                index += 1
                if isChar("<") {
                    index += 1
                    let name = try readName(terminator: 0x3E)
                    capture = try newGroup(named: name, at: open)
                } else if isChar("=") {
                    index += 1
                    let nameStart = index
                    let name = try readName(terminator: 0x29)
                    guard let number = groupNames.first(where: { $0.0 == name })?.1 else {
                        throw RegexError("unknown group name '\(name)'", position: nameStart)
                    }
                    if openGroups.contains(number) { throw RegexError("cannot refer to an open group", position: open) }
                    return .backreference(number, ignoreCase: flags.contains(.ignoreCase))
                } else {
                    throw RegexError("unknown extension ?P" + (peek().flatMap { Unicode.Scalar($0).map { String($0) } } ?? ""), position: open + 1)
                }
            case 0x28:                                              // (?(group)yes|no)
                index += 1
                let nameStart = index
                let name = try readName(terminator: 0x29, allowDigits: true)
                let number: Int
                if let n = Int(name) { number = n } else if let found = groupNames.first(where: { $0.0 == name })?.1 { number = found } else {
                    throw RegexError("unknown group name '\(name)'", position: nameStart)
                }
                if number > groupCount || number == 0 { throw RegexError("invalid group reference \(number)", position: nameStart) }
                let yes = try parseSequence()
                var no = RegexNode.empty
                if isChar("|") {
                    index += 1
                    no = try parseSequence()
                    if isChar("|") { throw RegexError("conditional backref with more than two branches", position: index) }
                }
                try close(open)
                return .conditional(number, yes: yes, no: no)
            default:
                guard RegexFlags.inline(c) != nil || c == 0x2D else {
                    throw RegexError("unknown extension ?" + (Unicode.Scalar(c).map { String($0) } ?? ""), position: open + 1)
                }
                var on: RegexFlags = [], off: RegexFlags = []
                var negative = false
                while let d = peek(), d != 0x3A, d != 0x29 {
                    if d == 0x2D { negative = true } else if let flag = RegexFlags.inline(d) {
                        if negative { off.insert(flag) } else { on.insert(flag) }
                    } else {
                        throw RegexError("unknown flag", position: index)
                    }
                    index += 1
                }
                guard let end = peek() else { throw RegexError("missing -, : or )", position: index) }
                index += 1
                if end == 0x29 {
                    throw RegexError("global flags not at the start of the expression", position: open)
                }
                savedFlags = flags
                flags.formUnion(on)
                flags.subtract(off)
            }
        } else {
            capture = try newGroup(named: nil, at: open)
        }
        if let capture { openGroups.insert(capture) }
        let body = try parseAlternation()
        try close(open)
        if let capture { openGroups.remove(capture) }
        if let savedFlags { flags = savedFlags }
        return capture.map { .group($0, body) } ?? .group(nil, body)
    }

    private mutating func newGroup(named name: String?, at position: Int) throws(RegexError) -> Int {
        groupCount += 1
        if groupCount > RegexLimits.maxGroups { throw RegexError("too many groups", position: position) }
        if let name {
            if let existing = groupNames.first(where: { $0.0 == name }) {
                throw RegexError("redefinition of group name '\(name)' as group \(groupCount); was group \(existing.1)", position: position + 4)
            }
            groupNames.append((name, groupCount))
        }
        return groupCount
    }

    private mutating func readName(terminator: UInt32, allowDigits: Bool = false) throws(RegexError) -> String {
        let start = index
        var name = ""
        while let c = peek(), c != terminator {
            name.unicodeScalars.append(Unicode.Scalar(c) ?? " ")
            index += 1
        }
        guard !atEnd else { throw RegexError("missing \(terminator == 0x3E ? ">" : "), unterminated name")", position: start) }
        index += 1
        if name.isEmpty { throw RegexError("missing group name", position: start) }
        let isIdentifier = name.first.map { $0 == "_" || $0.isLetter } == true && name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        if !isIdentifier && !(allowDigits && name.allSatisfy(\.isASCII) && Int(name) != nil) {
            throw RegexError("bad character in group name '\(name)'", position: start)
        }
        return name
    }

    private mutating func close(_ open: Int) throws(RegexError) {
        guard isChar(")") else { throw RegexError("missing ), unterminated subpattern", position: open) }
        index += 1
    }

    // MARK: escapes

    private mutating func parseEscape() throws(RegexError) -> RegexNode {
        let start = index
        index += 1
        guard let c = peek() else { throw RegexError("bad escape (end of pattern)", position: start) }
        let ascii = flags.contains(.ascii)
        let ignoreCase = flags.contains(.ignoreCase)
        switch c {
        case 0x41: index += 1; return .assertion(.textStart)                 // \A
        case 0x5A: index += 1; return .assertion(.textEnd)                   // \Z
        case 0x62: index += 1; return .assertion(.wordBoundary(ascii: ascii))    // \b
        case 0x42: index += 1; return .assertion(.notWordBoundary(ascii: ascii)) // \B
        case 0x64, 0x44, 0x73, 0x53, 0x77, 0x57:                             // \d \D \s \S \w \W
            index += 1
            return .set(RegexCharSet(classEscape: c, ascii: ascii), ignoreCase: false)
        case 0x31...0x39:
            // \1..\99 is a group reference, unless it is three octal digits.
            if let d1 = peek(1), let d2 = peek(2), (0x30...0x37).contains(c), (0x30...0x37).contains(d1), (0x30...0x37).contains(d2) {
                index += 3
                let value = (c - 0x30) * 64 + (d1 - 0x30) * 8 + (d2 - 0x30)
                guard value <= 0o377 else { throw RegexError("octal escape value \\\(Unicode.Scalar(c)!)\(Unicode.Scalar(d1)!)\(Unicode.Scalar(d2)!) outside of range 0-0o377", position: start) }
                return .literal(value, ignoreCase: ignoreCase)
            }
            var number = Int(c - 0x30)
            index += 1
            if let d = peek(), (0x30...0x39).contains(d) { number = number * 10 + Int(d - 0x30); index += 1 }
            guard number <= groupCount else { throw RegexError("invalid group reference \(number)", position: start + 1) }
            if openGroups.contains(number) { throw RegexError("cannot refer to an open group", position: start) }
            return .backreference(number, ignoreCase: ignoreCase)
        default:
            return .literal(try parseCharacterEscape(start: start, inClass: false), ignoreCase: ignoreCase)
        }
    }

    /// An escape that stands for one character (`\n`, `\x41`, `\.`); the cursor is after the backslash.
    private mutating func parseCharacterEscape(start: Int, inClass: Bool) throws(RegexError) -> UInt32 {
        guard let c = peek() else { throw RegexError("bad escape (end of pattern)", position: start) }
        index += 1
        switch c {
        case 0x6E: return 0x0A   // n
        case 0x74: return 0x09   // t
        case 0x72: return 0x0D   // r
        case 0x66: return 0x0C   // f
        case 0x76: return 0x0B   // v
        case 0x61: return 0x07   // a
        case 0x62 where inClass: return 0x08  // \b in a class is backspace
        case 0x78: return try readHex(count: 2, start: start, letter: "x")
        case 0x75: return try readHex(count: 4, start: start, letter: "u")
        case 0x55:
            let value = try readHex(count: 8, start: start, letter: "U")
            guard value <= 0x10FFFF else { throw RegexError("bad escape \\U\(String(value, radix: 16))", position: start) }
            return value
        case 0x30...0x37:
            // Octal: \0, \01, \012 (up to three digits).
            var value = c - 0x30
            var digits = 1
            while digits < 3, let d = peek(), (0x30...0x37).contains(d) { value = value * 8 + (d - 0x30); index += 1; digits += 1 }
            if inClass || c == 0x30 || digits == 3 { return value }
            throw RegexError("bad escape \\\(Unicode.Scalar(c)!)", position: start)
        default:
            let isASCIILetterOrDigit = (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
            if isASCIILetterOrDigit {
                throw RegexError("bad escape \\\(Unicode.Scalar(c).map { String($0) } ?? "")", position: start)
            }
            return c
        }
    }

    private mutating func readHex(count: Int, start: Int, letter: String) throws(RegexError) -> UInt32 {
        var value: UInt32 = 0
        var text = ""
        for _ in 0..<count {
            guard let c = peek(), let scalar = Unicode.Scalar(c), let digit = scalar.properties.numericType != nil || scalar.isASCII ? UInt32(String(scalar), radix: 16) : nil else {
                throw RegexError("incomplete escape \\\(letter)\(text)", position: start)
            }
            text.unicodeScalars.append(scalar)
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    // MARK: character classes

    private mutating func parseClass() throws(RegexError) -> RegexNode {
        let open = index
        index += 1
        var set = RegexCharSet()
        if isChar("^") { set.negated = true; index += 1 }
        var first = true
        while true {
            guard let c = peek() else { throw RegexError("unterminated character set", position: open) }
            if c == 0x5D && !first { index += 1; break }
            first = false
            let itemStart = index
            var low: UInt32
            if c == 0x5C {
                index += 1
                guard let e = peek() else { throw RegexError("unterminated character set", position: open) }
                if [0x64, 0x44, 0x73, 0x53, 0x77, 0x57].contains(e) {
                    index += 1
                    set.classes.append(RegexCharSet(classEscape: e, ascii: flags.contains(.ascii)))
                    continue
                }
                low = try parseCharacterEscape(start: itemStart, inClass: true)
            } else {
                low = c
                index += 1
            }
            if isChar("-"), let next = peek(1), next != 0x5D {
                index += 1
                var high: UInt32
                let highStart = index
                if next == 0x5C {
                    index += 1
                    if let e = peek(), [0x64, 0x44, 0x73, 0x53, 0x77, 0x57].contains(e) {
                        throw RegexError("bad character range \(Self.text(chars[itemStart..<index + 1]))", position: itemStart)
                    }
                    high = try parseCharacterEscape(start: highStart, inClass: true)
                } else {
                    high = next
                    index += 1
                }
                guard low <= high else {
                    throw RegexError("bad character range \(Self.text(chars[itemStart..<index]))", position: itemStart)
                }
                set.ranges.append(low...high)
            } else {
                set.ranges.append(low...low)
            }
        }
        return .set(set, ignoreCase: flags.contains(.ignoreCase))
    }

    private static func text(_ scalars: ArraySlice<UInt32>) -> String {
        var s = ""
        for c in scalars { if let u = Unicode.Scalar(c) { s.unicodeScalars.append(u) } }
        return s
    }
}

/// Widths of subpatterns, for look-behind (which must be fixed-width, as in CPython).
enum RegexWidth {
    static func fixed(_ node: RegexNode) -> Int? {
        switch node {
        case .empty, .assertion, .lookaround: return 0
        case .literal, .any, .set: return 1
        case .sequence(let items):
            var total = 0
            for item in items { guard let w = fixed(item) else { return nil }; total += w }
            return total
        case .alternation(let branches):
            let widths = branches.map(fixed)
            guard let first = widths.first ?? nil, widths.allSatisfy({ $0 == first }) else { return nil }
            return first
        case .group(_, let body), .atomic(let body): return fixed(body)
        case .repetition(let body, let min, let max, _, _):
            guard max == min, let w = fixed(body) else { return nil }
            return w * min
        case .backreference: return nil
        case .conditional(_, let yes, let no):
            guard let a = fixed(yes), let b = fixed(no), a == b else { return nil }
            return a
        }
    }

    /// Whether the node can match the empty string (loops over such bodies need the progress check).
    static func canBeEmpty(_ node: RegexNode) -> Bool {
        switch node {
        case .empty, .assertion, .lookaround, .backreference: return true
        case .literal, .any, .set: return false
        case .sequence(let items): return items.allSatisfy(canBeEmpty)
        case .alternation(let branches): return branches.contains(where: canBeEmpty)
        case .group(_, let body), .atomic(let body): return canBeEmpty(body)
        case .repetition(let body, let min, _, _, _): return min == 0 || canBeEmpty(body)
        case .conditional(_, let yes, let no): return canBeEmpty(yes) || canBeEmpty(no)
        }
    }
}
