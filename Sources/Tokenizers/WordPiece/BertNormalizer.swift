import Foundation

/// HF's `BertNormalizer`: clean text, space out CJK characters, strip accents, lower-case.
public struct BertNormalizer: Equatable, Sendable {
    /// Drop NUL, U+FFFD and control characters; turn every whitespace into a space.
    public var cleanText: Bool
    /// Put spaces around CJK ideographs so each becomes its own word.
    public var handleChineseChars: Bool
    /// `nil` follows `lowercase` (HF's default).
    public var stripAccents: Bool?
    public var lowercase: Bool

    public init(cleanText: Bool = true, handleChineseChars: Bool = true, stripAccents: Bool? = nil, lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseChars = handleChineseChars
        self.stripAccents = stripAccents
        self.lowercase = lowercase
    }

    /// Normalizes text to a scalar array (BERT works on Unicode scalars, not grapheme clusters).
    func normalize(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count + 8)
        var allASCII = true
        var mayDecompose = false   // every scalar with a canonical decomposition is >= U+00C0
        for s in text.unicodeScalars {
            if cleanText {
                if s.value == 0 || s.value == 0xFFFD || UnicodeClasses.isControl(s) { continue }
                if UnicodeClasses.isWhitespace(s) { out.append(" "); continue }
            }
            if s.value >= 0x80 {
                allASCII = false
                if s.value >= 0xC0 { mayDecompose = true }
            }
            if handleChineseChars && UnicodeClasses.isChineseChar(s) {
                out.append(" "); out.append(s); out.append(" ")
            } else {
                out.append(s)
            }
        }
        if stripAccents ?? lowercase, !allASCII {
            if mayDecompose {
                out = Array(ScalarText.make(out).decomposedStringWithCanonicalMapping.unicodeScalars)
            }
            out.removeAll { UnicodeClasses.isNonspacingMark($0) }
        }
        if lowercase {
            if allASCII {
                for i in out.indices where out[i].value >= 65 && out[i].value <= 90 {
                    out[i] = Unicode.Scalar(out[i].value + 32) ?? out[i]
                }
            } else {
                var lowered: [Unicode.Scalar] = []
                lowered.reserveCapacity(out.count)
                for s in out {
                    if s.value < 0x80 {
                        lowered.append(s.value >= 65 && s.value <= 90 ? (Unicode.Scalar(s.value + 32) ?? s) : s)
                    } else {
                        lowered.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
                    }
                }
                out = lowered
            }
        }
        return out
    }

    // MARK: tokenizer.json

    init(json: [String: Any]) throws {
        guard (json["type"] as? String) == "BertNormalizer" else {
            throw TokenizerError("normalizer type \(json["type"] as? String ?? "?") is not supported for WordPiece",
                                 help: "lorarepl's WordPiece supports BERT's normalizer (BertNormalizer)")
        }
        self.init(cleanText: json["clean_text"] as? Bool ?? true,
                  handleChineseChars: json["handle_chinese_chars"] as? Bool ?? true,
                  stripAccents: json["strip_accents"] as? Bool,
                  lowercase: json["lowercase"] as? Bool ?? true)
    }

    var json: [String: Any] {
        ["type": "BertNormalizer", "clean_text": cleanText, "handle_chinese_chars": handleChineseChars,
         "strip_accents": stripAccents.map { $0 as Any } ?? NSNull(), "lowercase": lowercase]
    }
}

/// HF's `BertPreTokenizer`: split on whitespace (dropped) and on punctuation (kept as single-character words).
enum BertPreTokenizer {
    static func split(_ scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var words: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        for (i, s) in scalars.enumerated() {
            if UnicodeClasses.isWhitespace(s) {
                if start < i { words.append(scalars[start..<i]) }
                start = i + 1
            } else if UnicodeClasses.isBertPunctuation(s) {
                if start < i { words.append(scalars[start..<i]) }
                words.append(scalars[i..<(i + 1)])
                start = i + 1
            }
        }
        if start < scalars.count { words.append(scalars[start..<scalars.count]) }
        return words
    }
}
