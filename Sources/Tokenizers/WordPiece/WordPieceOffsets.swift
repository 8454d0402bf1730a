import Foundation

/// Character offsets of WordPiece tokens in the original text (HF's `return_offsets_mapping=True` for
/// one text without special tokens): what the token-classification pipeline reports as `start`/`end`.
/// Offsets count Unicode code points, as Python string indices do.
extension WordPieceTokenizer {
    /// The token ids of `text` (no special tokens) and each token's `(start, end)` in `text`.
    /// A word whose normalized form keeps its length (lower-casing ASCII, most letters) gives each piece
    /// its own span; otherwise (accents stripped, CJK split) every piece spans the whole word.
    public func idsWithOffsets(_ text: String) -> (ids: [Int], offsets: [(start: Int, end: Int)]) {
        let scalars = Array(text.unicodeScalars)
        var ids: [Int] = []
        var offsets: [(start: Int, end: Int)] = []
        for word in BertPreTokenizer.split(scalars) {
            let start = word.startIndex, end = word.endIndex
            var view = String.UnicodeScalarView()
            view.append(contentsOf: word)
            let wordText = String(view)
            let pieces = tokenizeToIds(wordText)
            let sameLength = normalizer.normalize(wordText).count == word.count
            var cursor = start
            for id in pieces {
                ids.append(id)
                guard sameLength, var token = idToToken(id), token != unknownToken else {
                    offsets.append((start, end))
                    continue
                }
                if cursor > start, token.hasPrefix(continuingPrefix) { token.removeFirst(continuingPrefix.count) }
                let length = token.unicodeScalars.count
                let pieceEnd = min(end, cursor + length)
                offsets.append((cursor, pieceEnd))
                cursor = pieceEnd
            }
        }
        return (ids, offsets)
    }

    /// transformers' `convert_tokens_to_string` for WordPiece: tokens joined by spaces, `" ##"` removed.
    public func tokensToString(_ tokens: [String]) -> String {
        tokens.joined(separator: " ").replacingOccurrences(of: " " + continuingPrefix, with: "")
            .trimmingCharacters(in: .whitespaces)
    }
}
