import Foundation

/// Long texts as several windows, with character offsets: what extractive question answering tokenizes,
/// `tokenizer(questions, contexts, truncation="only_second", max_length=384, stride=128,
/// return_overflowing_tokens=True, return_offsets_mapping=True)`, equal to a Hugging Face fast tokenizer.
extension Tokenizer {
    /// Every window of one text (or text pair): the kept part first, then the overflowing parts, each with
    /// `offsets` (code points of its own text) and `sequenceIds`. With `truncation` nil or a text that
    /// fits, there is one window. For a pair where both texts overflow (`longest_first`), the windows are
    /// combined the way `tokenizers` merges them: the main pair, then every later window of the first text
    /// with each window of the second, then the first window of the first text with the later ones of the second.
    public func encodeWindows(_ text: String, pair: String? = nil, addSpecialTokens: Bool = true,
                              truncation: TruncationOptions? = nil, stride: Int = 0) throws -> [Encoding] {
        try encodeWindows(tokenized: tokenizeWithOffsets(text), pair: pair.map { tokenizeWithOffsets($0) },
                          addSpecialTokens: addSpecialTokens, truncation: truncation, stride: stride)
    }

    /// The windows of text already split into tokens with offsets and words: a text's `tokenizeWithOffsets`,
    /// or pre-split words (`tokenizeWords`, `is_split_into_words=True`).
    public func encodeWindows(tokenized first: TokenizedText, pair second: TokenizedText? = nil, addSpecialTokens: Bool = true,
                              truncation: TruncationOptions? = nil, stride: Int = 0) throws -> [Encoding] {
        let template = addSpecialTokens ? postProcessor : .identity
        var aParts = [0..<first.ids.count]
        var bParts = second.map { [0..<$0.ids.count] }
        if let truncation {
            (aParts, bParts) = try TruncationPadding.windows(a: first.ids.count, b: second?.ids.count, options: truncation,
                                                             addedCount: template.addedCount(pair: second != nil), stride: stride)
        }
        var combinations: [(Range<Int>, Range<Int>?)] = aParts.map { ($0, nil) }
        if let bParts, let a0 = aParts.first, let b0 = bParts.first {
            combinations = [(a0, b0)]
            for later in aParts.dropFirst() { combinations += bParts.map { (later, $0) } }
            combinations += bParts.dropFirst().map { (a0, $0) }
        }
        return combinations.map { a, b in
            let bIds = b.flatMap { range in second.map { Array($0.ids[range]) } }
            let bOffsets = b.flatMap { range in second.map { Array($0.offsets[range]) } }
            let out = template.assemble(a: Array(first.ids[a]), b: bIds, aOffsets: Array(first.offsets[a]), bOffsets: bOffsets)
            // Word ids follow the tokens of each text in order (special tokens have none).
            var next = [a.lowerBound, b?.lowerBound ?? 0]
            let words: [Int?] = out.sequenceIds.map { sequence in
                guard let sequence, let source = sequence == 0 ? first : second else { return nil }
                defer { next[sequence] += 1 }
                return source.words.indices.contains(next[sequence]) ? source.words[next[sequence]] : nil
            }
            return Encoding(ids: out.ids, tokenTypeIds: out.typeIds, attentionMask: Array(repeating: 1, count: out.ids.count),
                            tokens: out.ids.map { idToToken($0) ?? "" }, specialTokensMask: out.special, wordIds: words,
                            offsets: out.offsets, sequenceIds: out.sequenceIds)
        }
    }
}
