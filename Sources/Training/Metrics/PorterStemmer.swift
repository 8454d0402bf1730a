import Foundation

/// Porter's suffix-stripping stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3),
/// 1980) with the three variants of NLTK's `nltk.stem.PorterStemmer`:
///
/// - `.nltkExtensions` (NLTK's default, and what `rouge_score` uses with `use_stemmer=True`): Martin
///   Porter's later changes plus NLTK's (a table of irregular forms, `ies`/`ied` on four-letter words,
///   `y → i` only after a consonant, `alli`, `fulli`, `logi`);
/// - `.martinExtensions`: the changes in Martin Porter's own published implementations (`bli → ble`,
///   `logi → log`, words of one or two letters left alone);
/// - `.originalAlgorithm`: the rules of the 1980 paper only.
///
/// A word is a sequence of Unicode scalars (Python's characters); letters other than `a e i o u` are
/// consonants, and `y` is a consonant unless it follows a consonant.
public struct PorterStemmer: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case nltkExtensions = "NLTK_EXTENSIONS"
        case martinExtensions = "MARTIN_EXTENSIONS"
        case originalAlgorithm = "ORIGINAL_ALGORITHM"
    }

    public let mode: Mode

    public init(mode: Mode = .nltkExtensions) { self.mode = mode }

    typealias Word = [Unicode.Scalar]

    /// A suffix rule: when the word ends with `suffix`, the rule decides. If `condition` holds for the
    /// word without the suffix (the stem), the suffix becomes `replacement`; otherwise the word is kept and
    /// no later rule of the list is tried.
    struct Rule {
        let suffix: Word
        let replacement: Word
        let condition: ((Word) -> Bool)?

        init(_ suffix: String, _ replacement: String, _ condition: ((Word) -> Bool)? = nil) {
            self.suffix = Array(suffix.unicodeScalars)
            self.replacement = Array(replacement.unicodeScalars)
            self.condition = condition
        }
    }

    /// NLTK's irregular forms, looked up before any rule in `.nltkExtensions` mode.
    static let irregularForms: [String: String] = {
        let groups: [(String, [String])] = [
            ("sky", ["sky", "skies"]), ("die", ["dying"]), ("lie", ["lying"]), ("tie", ["tying"]), ("news", ["news"]),
            ("inning", ["innings", "inning"]), ("outing", ["outings", "outing"]), ("canning", ["cannings", "canning"]),
            ("howe", ["howe"]), ("proceed", ["proceed"]), ("exceed", ["exceed"]), ("succeed", ["succeed"]),
        ]
        var table: [String: String] = [:]
        for (stem, forms) in groups { for form in forms { table[form] = stem } }
        return table
    }()

    /// The stem of `word` (lower-cased first unless `toLowercase` is false), as `PorterStemmer(mode).stem(word)`.
    public func stem(_ word: String, toLowercase: Bool = true) -> String {
        let text = toLowercase ? word.lowercased() : word
        if mode == .nltkExtensions, let irregular = Self.irregularForms[text] { return irregular }
        if mode != .originalAlgorithm && word.unicodeScalars.count <= 2 { return text }
        var w = Array(text.unicodeScalars)
        w = step1a(w)
        w = step1b(w)
        w = step1c(w)
        w = step2(w)
        w = step3(w)
        w = step4(w)
        w = step5a(w)
        w = step5b(w)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: w)
        return String(result)
    }

    // MARK: - Measures and conditions

    static func isVowelLetter(_ c: Unicode.Scalar) -> Bool { c == "a" || c == "e" || c == "i" || c == "o" || c == "u" }

    /// For each letter, whether it is a consonant.
    static func consonants(_ w: Word) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(w.count)
        for (i, c) in w.enumerated() {
            if isVowelLetter(c) { flags.append(false) } else if c == "y" { flags.append(i == 0 ? true : !flags[i - 1]) } else { flags.append(true) }
        }
        return flags
    }

    /// m in the paper's `[C](VC)^m[V]`: how many times a vowel is followed by a consonant.
    static func measure(_ w: Word) -> Int {
        let flags = consonants(w)
        var m = 0
        for i in flags.indices.dropFirst() where flags[i] && !flags[i - 1] { m += 1 }
        return m
    }

    static func containsVowel(_ w: Word) -> Bool { consonants(w).contains(false) }

    static func isConsonant(_ w: Word, at i: Int) -> Bool { consonants(Array(w[...i]))[i] }

    /// `*d`: the word ends with the same consonant twice.
    static func endsDoubleConsonant(_ w: Word) -> Bool {
        w.count >= 2 && w[w.count - 1] == w[w.count - 2] && isConsonant(w, at: w.count - 1)
    }

    /// `*o`: the word ends consonant-vowel-consonant and the last consonant is not w, x or y (NLTK also
    /// accepts a two-letter word vowel-consonant).
    func endsCVC(_ w: Word) -> Bool {
        let n = w.count
        if n >= 3 {
            let flags = Self.consonants(w)
            if flags[n - 3] && !flags[n - 2] && flags[n - 1] && !["w", "x", "y"].contains(w[n - 1]) { return true }
        }
        if mode == .nltkExtensions && n == 2 {
            let flags = Self.consonants(w)
            return !flags[0] && flags[1]
        }
        return false
    }

    static func positiveMeasure(_ w: Word) -> Bool { measure(w) > 0 }
    static func measureAboveOne(_ w: Word) -> Bool { measure(w) > 1 }

    static func ends(_ w: Word, _ suffix: String) -> Bool {
        let s = Array(suffix.unicodeScalars)
        return w.count >= s.count && Array(w[(w.count - s.count)...]) == s
    }

    static func dropping(_ w: Word, _ count: Int) -> Word { Array(w[..<(w.count - count)]) }

    /// The first rule whose suffix the word ends with decides (see `Rule`); no match keeps the word.
    static func apply(_ rules: [Rule], to w: Word) -> Word {
        for rule in rules where w.count >= rule.suffix.count && Array(w[(w.count - rule.suffix.count)...]) == rule.suffix {
            let stem = dropping(w, rule.suffix.count)
            if let condition = rule.condition, !condition(stem) { return w }
            return stem + rule.replacement
        }
        return w
    }

    // MARK: - The steps

    /// SSES → SS, IES → I, SS → SS, S → (NLTK: a four-letter word in -ies keeps -ie).
    func step1a(_ w: Word) -> Word {
        if mode == .nltkExtensions && w.count == 4 && Self.ends(w, "ies") { return Self.dropping(w, 3) + Array("ie".unicodeScalars) }
        return Self.apply([Rule("sses", "ss"), Rule("ies", "i"), Rule("ss", "ss"), Rule("s", "")], to: w)
    }

    /// (m>0) EED → EE; (*v*) ED, ING → removed, then AT/BL/IZ get their E back, a double consonant other
    /// than l, s, z loses a letter, and (m=1 and *o) gets an E.
    func step1b(_ w: Word) -> Word {
        if mode == .nltkExtensions && Self.ends(w, "ied") {
            return Self.dropping(w, 3) + Array((w.count == 4 ? "ie" : "i").unicodeScalars)
        }
        if Self.ends(w, "eed") {
            let stem = Self.dropping(w, 3)
            return Self.measure(stem) > 0 ? stem + Array("ee".unicodeScalars) : w
        }
        var stem: Word?
        for suffix in ["ed", "ing"] where Self.ends(w, suffix) {
            let candidate = Self.dropping(w, suffix.unicodeScalars.count)
            if Self.containsVowel(candidate) { stem = candidate; break }
        }
        guard let s = stem else { return w }
        for (suffix, replacement) in [("at", "ate"), ("bl", "ble"), ("iz", "ize")] where Self.ends(s, suffix) {
            return Self.dropping(s, suffix.unicodeScalars.count) + Array(replacement.unicodeScalars)
        }
        if Self.endsDoubleConsonant(s) {
            guard let last = s.last, !["l", "s", "z"].contains(last) else { return s }
            return Self.dropping(s, 1)
        }
        return Self.measure(s) == 1 && endsCVC(s) ? s + ["e"] : s
    }

    /// Y → I when the stem has a vowel (NLTK: when a consonant, not the whole stem, comes before the y).
    func step1c(_ w: Word) -> Word {
        let condition: (Word) -> Bool = mode == .nltkExtensions
            ? { stem in stem.count > 1 && Self.isConsonant(stem, at: stem.count - 1) }
            : { stem in Self.containsVowel(stem) }
        return Self.apply([Rule("y", "i", condition)], to: w)
    }

    /// Double suffixes to single ones, (m>0): ATIONAL → ATE, TIONAL → TION, ….
    func step2(_ w: Word) -> Word {
        let positive = Self.positiveMeasure
        if mode == .nltkExtensions && Self.ends(w, "alli") && positive(Self.dropping(w, 4)) {
            return step2(Self.dropping(w, 4) + Array("al".unicodeScalars))
        }
        var rules = [
            Rule("ational", "ate", positive), Rule("tional", "tion", positive), Rule("enci", "ence", positive),
            Rule("anci", "ance", positive), Rule("izer", "ize", positive),
            mode == .originalAlgorithm ? Rule("abli", "able", positive) : Rule("bli", "ble", positive),
            Rule("alli", "al", positive), Rule("entli", "ent", positive), Rule("eli", "e", positive), Rule("ousli", "ous", positive),
            Rule("ization", "ize", positive), Rule("ation", "ate", positive), Rule("ator", "ate", positive), Rule("alism", "al", positive),
            Rule("iveness", "ive", positive), Rule("fulness", "ful", positive), Rule("ousness", "ous", positive),
            Rule("aliti", "al", positive), Rule("iviti", "ive", positive), Rule("biliti", "ble", positive),
        ]
        switch mode {
        case .nltkExtensions:
            rules.append(Rule("fulli", "ful", positive))
            // The l of -logi stays with the stem, so that geo-, theo- count like archaeo-.
            let withL = Self.dropping(w, min(3, w.count))
            rules.append(Rule("logi", "log") { _ in positive(withL) })
        case .martinExtensions: rules.append(Rule("logi", "log", positive))
        case .originalAlgorithm: break
        }
        return Self.apply(rules, to: w)
    }

    /// (m>0) ICATE → IC, ATIVE →, ALIZE → AL, ICITI → IC, ICAL → IC, FUL →, NESS →.
    func step3(_ w: Word) -> Word {
        let positive = Self.positiveMeasure
        return Self.apply([Rule("icate", "ic", positive), Rule("ative", "", positive), Rule("alize", "al", positive),
                           Rule("iciti", "ic", positive), Rule("ical", "ic", positive), Rule("ful", "", positive),
                           Rule("ness", "", positive)], to: w)
    }

    /// (m>1) removes AL, ANCE, ENCE, ER, IC, ABLE, IBLE, ANT, EMENT, MENT, ENT, ION (after s or t), OU,
    /// ISM, ATE, ITI, OUS, IVE, IZE.
    func step4(_ w: Word) -> Word {
        let above = Self.measureAboveOne
        let plain = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent"].map { Rule($0, "", above) }
        let ion = Rule("ion", "") { stem in above(stem) && (stem.last == "s" || stem.last == "t") }
        let rest = ["ou", "ism", "ate", "iti", "ous", "ive", "ize"].map { Rule($0, "", above) }
        return Self.apply(plain + [ion] + rest, to: w)
    }

    /// (m>1) E →; (m=1 and not *o) E →.
    func step5a(_ w: Word) -> Word {
        guard w.last == "e" else { return w }
        let stem = Self.dropping(w, 1)
        let m = Self.measure(stem)
        return m > 1 || (m == 1 && !endsCVC(stem)) ? stem : w
    }

    /// (m>1 and *d and *L) → single letter: controll → control.
    func step5b(_ w: Word) -> Word {
        Self.ends(w, "ll") && Self.measure(Self.dropping(w, 1)) > 1 ? Self.dropping(w, 1) : w
    }
}
