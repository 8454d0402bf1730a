/// Character classes, case folding and flags of the regular expression engine, with the Unicode
/// meaning CPython gives `str` patterns (`\d` any decimal digit, `\w` letters, digits and `_`) unless ASCII.

/// `re` flags with CPython's values, so `re.I | re.M` and `pattern.flags` read the same numbers.
public struct RegexFlags: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let ignoreCase = RegexFlags(rawValue: 2)
    public static let locale = RegexFlags(rawValue: 4)
    public static let multiline = RegexFlags(rawValue: 8)
    public static let dotAll = RegexFlags(rawValue: 16)
    public static let unicode = RegexFlags(rawValue: 32)
    public static let verbose = RegexFlags(rawValue: 64)
    public static let ascii = RegexFlags(rawValue: 256)

    /// The flag of an inline letter: `(?i)` `(?m)` `(?s)` `(?x)` `(?a)` `(?u)` `(?L)`.
    static func inline(_ c: UInt32) -> RegexFlags? {
        switch c {
        case 0x69: return .ignoreCase
        case 0x6D: return .multiline
        case 0x73: return .dotAll
        case 0x78: return .verbose
        case 0x61: return .ascii
        case 0x75: return .unicode
        case 0x4C: return .locale
        default: return nil
        }
    }

    /// CPython's names in `re.compile(…)` reprs, in its order.
    public var names: [String] {
        var names: [String] = []
        if contains(.ignoreCase) { names.append("re.IGNORECASE") }
        if contains(.locale) { names.append("re.LOCALE") }
        if contains(.multiline) { names.append("re.MULTILINE") }
        if contains(.dotAll) { names.append("re.DOTALL") }
        if contains(.unicode) { names.append("re.UNICODE") }
        if contains(.verbose) { names.append("re.VERBOSE") }
        if contains(.ascii) { names.append("re.ASCII") }
        return names
    }
}

/// A `[...]` class or a `\d`-style class: ranges plus nested classes, possibly negated.
struct RegexCharSet {
    enum Builtin { case digit, space, word }
    var ranges: [ClosedRange<UInt32>] = []
    var classes: [RegexCharSet] = []
    var builtin: Builtin? = nil
    var ascii = false
    var negated = false

    init() {}

    /// `\d \D \s \S \w \W`.
    init(classEscape c: UInt32, ascii: Bool) {
        self.ascii = ascii
        switch c {
        case 0x64, 0x44: builtin = .digit
        case 0x73, 0x53: builtin = .space
        default: builtin = .word
        }
        negated = c == 0x44 || c == 0x53 || c == 0x57
    }

    func contains(_ c: UInt32) -> Bool {
        var found = false
        if let builtin {
            switch builtin {
            case .digit: found = RegexCharacters.isDigit(c, ascii: ascii)
            case .space: found = RegexCharacters.isSpace(c, ascii: ascii)
            case .word: found = RegexCharacters.isWord(c, ascii: ascii)
            }
        } else {
            for range in ranges where range.contains(c) { found = true; break }
            if !found { for inner in classes where inner.contains(c) { found = true; break } }
        }
        return found != negated
    }

    /// With IGNORECASE: the character, its lower and upper case.
    func containsIgnoringCase(_ c: UInt32) -> Bool {
        if contains(c) { return true }
        let lower = RegexCharacters.lower(c), upper = RegexCharacters.upper(c)
        if negated {
            // A negated class matches only when no case variant is in the positive class.
            var positive = self
            positive.negated = false
            return !(positive.contains(c) || positive.contains(lower) || positive.contains(upper))
        }
        return (lower != c && contains(lower)) || (upper != c && contains(upper))
    }
}

enum RegexCharacters {
    static func isDigit(_ c: UInt32, ascii: Bool) -> Bool {
        if c < 0x80 { return (0x30...0x39).contains(c) }
        if ascii { return false }
        return Unicode.Scalar(c)?.properties.numericType == .decimal
    }

    /// `str.isspace()` for `\s` (Unicode) or `[ \t\n\r\f\v]` (ASCII).
    static func isSpace(_ c: UInt32, ascii: Bool) -> Bool {
        if c < 0x80 { return c == 0x20 || (0x09...0x0D).contains(c) || (!ascii && (0x1C...0x1F).contains(c)) }
        if ascii { return false }
        guard let scalar = Unicode.Scalar(c) else { return false }
        if c == 0x85 || c == 0xA0 { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// `\w`: `str.isalnum()` characters and `_` (Unicode), or `[a-zA-Z0-9_]` (ASCII).
    static func isWord(_ c: UInt32, ascii: Bool) -> Bool {
        if c < 0x80 {
            return (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F
        }
        if ascii { return false }
        guard let scalar = Unicode.Scalar(c) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return scalar.properties.numericType != nil
        }
    }

    static func lower(_ c: UInt32) -> UInt32 {
        if c < 0x80 { return (0x41...0x5A).contains(c) ? c + 32 : c }
        guard let scalar = Unicode.Scalar(c) else { return c }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first?.value ?? c : c
    }

    static func upper(_ c: UInt32) -> UInt32 {
        if c < 0x80 { return (0x61...0x7A).contains(c) ? c - 32 : c }
        guard let scalar = Unicode.Scalar(c) else { return c }
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first?.value ?? c : c
    }

    /// Case-insensitive equality of two characters (CPython compares lower-case forms, plus upper for
    /// characters such as 'ſ' whose lower case differs).
    static func equalIgnoringCase(_ a: UInt32, _ b: UInt32) -> Bool {
        a == b || lower(a) == lower(b) || upper(a) == upper(b)
    }
}

/// `re.error`: a message and the position in the pattern (code points), as CPython words them.
public struct RegexError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// A malformed pattern (`re.error`).
        case syntax
        /// Matching took more steps than `RegexLimits.maxSteps` (catastrophic backtracking).
        case tooManySteps
        /// The compiled program would be too large (huge counted repeats).
        case tooLarge
    }
    public let kind: Kind
    public let message: String
    public let position: Int?

    init(_ message: String, position: Int?, kind: Kind = .syntax) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    /// `missing ), unterminated subpattern at position 0`.
    public var description: String { position.map { "\(message) at position \($0)" } ?? message }
}

/// Bounds that keep every pattern and every match finite.
public enum RegexLimits {
    /// Largest `{m,n}` count (CPython's MAXREPEAT is larger; past this the program would not fit anyway).
    static let maxRepeat = 100_000
    static let maxGroups = 100
    /// Instructions in one compiled program.
    static let maxProgram = 2_000_000
    /// Backtracking steps in one match or search call before it gives up with `.tooManySteps`.
    public static let maxSteps = 50_000_000
}
