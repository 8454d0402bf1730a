import Foundation

/// Character offsets of WordPiece tokens in the original text, equal to HF's `return_offsets_mapping=True`:
/// the normalizer's changes (lower-casing, stripped accents, CJK spacing, dropped control characters) are
/// tracked per character, so every piece maps back to the characters it came from. Offsets count Unicode
/// code points, as Python string indices do.
extension WordPieceTokenizer {
    public func tokenizeWithOffsets(_ text: String) -> TokenizedText {
        var out = TokenizedText()
        var word = 0
        for (piece, span) in splitter.splitWithSpans(text) {
            switch piece {
            case let .added(id):
                out.ids.append(id)
                out.offsets.append(span)
                out.words.append(word)
                word += 1
            case let .text(segment):
                segmentOffsets(segment, base: span.start, into: &out, word: &word)
            }
        }
        return out
    }

    /// One piece of plain text: normalized character by character (each output character remembers its
    /// source), split into words, each word into WordPiece pieces whose lengths give their spans. An
    /// unknown word is one `[UNK]` spanning the whole word.
    private func segmentOffsets(_ segment: String, base: Int, into out: inout TokenizedText, word number: inout Int) {
        var normalized: [Unicode.Scalar] = []
        var source: [Int] = []
        for (index, scalar) in segment.unicodeScalars.enumerated() {
            let out = normalizer.normalize(String(scalar))
            normalized += out
            source += Array(repeating: index, count: out.count)
        }
        let prefixLength = continuingPrefix.unicodeScalars.count
        let unknownId = tokenToId(unknownToken)
        for word in BertPreTokenizer.split(normalized) {
            var pieces: [Int] = []
            model.tokenize(word, into: &pieces)
            var cursor = word.startIndex
            for (k, id) in pieces.enumerated() {
                var length = word.count
                if id != unknownId || pieces.count > 1, let token = idToToken(id) {
                    length = token.unicodeScalars.count - (k > 0 && token.hasPrefix(continuingPrefix) ? prefixLength : 0)
                }
                let start = min(cursor, word.endIndex - 1)
                let end = max(start + 1, min(word.endIndex, cursor + length))
                out.ids.append(id)
                out.offsets.append(TokenSpan(base + source[start], base + source[end - 1] + 1))
                out.words.append(number)
                cursor = end
            }
            number += 1
        }
    }

    /// The ids of `text` and each token's `(start, end)` in `text` (the token-classification pipeline's spans).
    public func idsWithOffsets(_ text: String) -> (ids: [Int], offsets: [(start: Int, end: Int)]) {
        let tokenized = tokenizeWithOffsets(text)
        return (tokenized.ids, tokenized.offsets.map { ($0.start, $0.end) })
    }

    /// transformers' `convert_tokens_to_string` for WordPiece: tokens joined by spaces, `" ##"` removed.
    public func tokensToString(_ tokens: [String]) -> String {
        tokens.joined(separator: " ").replacingOccurrences(of: " " + continuingPrefix, with: "")
            .trimmingCharacters(in: .whitespaces)
    }
}
