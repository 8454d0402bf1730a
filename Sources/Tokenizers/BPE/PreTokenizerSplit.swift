import Foundation

/// The split rules that cut text into words before byte-level BPE, implemented by hand with Unicode
/// categories (`\p{L}` letters, `\p{N}` numbers, `\s` White_Space) to equal the regexes exactly.
public enum PreTokenizerKind: String, Sendable {
    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    case gpt2
    /// LLaMA-3: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    case llama3
    /// SmolLM / StarCoder (llama.cpp `smollm`): every digit alone (`\p{N}`), then the GPT-2 regex.
    /// HF writes it as `Sequence[Digits(individual_digits=true), ByteLevel(use_regex=true)]`.
    case smollm

    /// llama.cpp's `tokenizer.ggml.pre` names.
    public init?(ggmlName: String) {
        switch ggmlName {
        case "gpt2", "default", "gpt-2": self = .gpt2
        case "llama3", "llama-bpe", "llama-v3", "smaug-bpe": self = .llama3
        case "smollm", "starcoder", "refact", "codeshell", "command-r", "exaone", "minerva-7b": self = .smollm
        default: return nil
        }
    }

    /// The Split regex LLaMA-3's tokenizer.json carries.
    static let llama3Pattern = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    /// GPT-2's regex (what `ByteLevel(use_regex=true)` applies).
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    /// Cuts `s` into word ranges (they cover the text without gaps).
    func split(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        out.reserveCapacity(s.count / 3 + 1)
        switch self {
        case .gpt2: Self.splitGPT2(s, 0, s.count, into: &out)
        case .llama3: Self.splitLlama3(s, into: &out)
        case .smollm:
            var start = 0
            for i in 0..<s.count where UnicodeClasses.isNumber(s[i]) {
                if start < i { Self.splitGPT2(s, start, i, into: &out) }
                out.append(i..<(i + 1))
                start = i + 1
            }
            if start < s.count { Self.splitGPT2(s, start, s.count, into: &out) }
        }
        return out
    }

    @inline(__always) private static func isSpace(_ c: Unicode.Scalar) -> Bool { UnicodeClasses.isWhitespace(c) }
    @inline(__always) private static func isLetter(_ c: Unicode.Scalar) -> Bool { UnicodeClasses.isLetter(c) }
    @inline(__always) private static func isNumber(_ c: Unicode.Scalar) -> Bool { UnicodeClasses.isNumber(c) }
    /// `[^\s\p{L}\p{N}]`
    @inline(__always) private static func isOther(_ c: Unicode.Scalar) -> Bool { !isSpace(c) && !isLetter(c) && !isNumber(c) }

    /// Length of a contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`) at `i`, or 0.
    private static func contraction(_ s: [Unicode.Scalar], _ i: Int, _ end: Int, caseInsensitive: Bool) -> Int {
        guard s[i] == "'", i + 1 < end else { return 0 }
        func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
            caseInsensitive && c.value >= 65 && c.value <= 90 ? (Unicode.Scalar(c.value + 32) ?? c) : c
        }
        let a = lower(s[i + 1])
        if a == "s" || a == "t" || a == "m" || a == "d" { return 2 }
        if i + 2 < end {
            let b = lower(s[i + 2])
            if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") { return 3 }
        }
        return 0
    }

    /// `\s+(?!\S)|\s+` at a whitespace character: the run, minus its last character when a
    /// non-space follows and the run is longer than one.
    private static func whitespaceRun(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int {
        var e = i
        while e < end, isSpace(s[e]) { e += 1 }
        if e == end || e - i == 1 { return e }
        return e - 1
    }

    private static func splitGPT2(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, into out: inout [Range<Int>]) {
        var i = start
        while i < end {
            let c = s[i]
            var j = i
            let n = contraction(s, i, end, caseInsensitive: false)
            if n > 0 {
                j = i + n
            } else {
                // ` ?` then letters / numbers / others.
                var k = i
                if c == " ", i + 1 < end, !isSpace(s[i + 1]) { k = i + 1 }
                let first = s[k]
                if k > i || !isSpace(first) {
                    j = k + 1
                    if isLetter(first) {
                        while j < end, isLetter(s[j]) { j += 1 }
                    } else if isNumber(first) {
                        while j < end, isNumber(s[j]) { j += 1 }
                    } else {
                        while j < end, isOther(s[j]) { j += 1 }
                    }
                } else {
                    j = whitespaceRun(s, i, end)
                }
            }
            out.append(i..<j)
            i = j
        }
    }

    private static func splitLlama3(_ s: [Unicode.Scalar], into out: inout [Range<Int>]) {
        let end = s.count
        var i = 0
        while i < end {
            let c = s[i]
            var j: Int
            let n = contraction(s, i, end, caseInsensitive: true)
            if n > 0 {
                j = i + n
            } else if c != "\r", c != "\n", !isNumber(c), i + 1 < end, isLetter(isLetter(c) ? c : s[i + 1]) {
                // `[^\r\n\p{L}\p{N}]?\p{L}+`
                j = isLetter(c) ? i + 1 : i + 2
                while j < end, isLetter(s[j]) { j += 1 }
            } else if isLetter(c) {
                j = i + 1
                while j < end, isLetter(s[j]) { j += 1 }
            } else if isNumber(c) {
                // `\p{N}{1,3}`
                j = i + 1
                while j < end, j < i + 3, isNumber(s[j]) { j += 1 }
            } else if isOther(c) || (c == " " && i + 1 < end && isOther(s[i + 1])) {
                // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
                j = c == " " ? i + 2 : i + 1
                while j < end, isOther(s[j]) { j += 1 }
                while j < end, s[j] == "\r" || s[j] == "\n" { j += 1 }
            } else {
                // whitespace: `\s*[\r\n]+`, else `\s+(?!\S)|\s+`
                var e = i
                var lastNewline = -1
                while e < end, isSpace(s[e]) {
                    if s[e] == "\r" || s[e] == "\n" { lastNewline = e }
                    e += 1
                }
                j = lastNewline >= 0 ? lastNewline + 1 : whitespaceRun(s, i, end)
            }
            out.append(i..<j)
            i = j
        }
    }
}
