import Foundation

/// Text given as words (`tokenizer(words, is_split_into_words=True)`), the input of token
/// classification: each word is tokenized on its own and every token remembers its word (`word_ids()`).
extension Tokenizer {
    /// Encodes one pre-split text. Each word is tokenized separately (a word with punctuation may still
    /// give several tokens, all with that word's index); a word that gives no token (only spaces or
    /// control characters) is skipped, as in HF. Truncation keeps the word ids of the tokens kept.
    public func encode(words: [String], addSpecialTokens: Bool = true, truncation: TruncationOptions? = nil) throws -> Encoding {
        var a: [Int] = []
        var aWords: [Int] = []
        for (index, word) in words.enumerated() {
            let ids = tokenizeToIds(word)
            a += ids
            aWords += Array(repeating: index, count: ids.count)
        }
        let template = addSpecialTokens ? postProcessor : .identity
        if let truncation {
            var none: [Int]? = nil
            try TruncationPadding.truncate(&a, &none, options: truncation, addedCount: template.addedCount(pair: false))
            aWords = truncation.side == .right ? Array(aWords.prefix(a.count)) : Array(aWords.suffix(a.count))
        }
        let (ids, typeIds, special) = template.apply(a: a, b: nil)
        var wordIds: [Int?] = []
        wordIds.reserveCapacity(ids.count)
        var next = 0
        for flag in special {
            if flag == 0, next < aWords.count {
                wordIds.append(aWords[next])
                next += 1
            } else {
                wordIds.append(nil)
            }
        }
        return Encoding(ids: ids, tokenTypeIds: typeIds, attentionMask: Array(repeating: 1, count: ids.count),
                        tokens: ids.map { idToToken($0) ?? "" }, specialTokensMask: special, wordIds: wordIds)
    }

    /// Pre-split words as one tokenized text: each word tokenized on its own, its tokens' offsets counted
    /// within that word (as transformers' fast tokenizers give them for `is_split_into_words=True`) and
    /// their word the word's index in the list.
    public func tokenizeWords(_ words: [String]) -> TokenizedText {
        var result = TokenizedText()
        for (index, word) in words.enumerated() {
            let pieces = tokenizeWithOffsets(word)
            result.ids += pieces.ids
            result.offsets += pieces.offsets
            result.words += Array(repeating: index, count: pieces.ids.count)
        }
        return result
    }

    /// `tokenizer(list_of_word_lists, is_split_into_words=True, padding=, truncation=, max_length=, stride=,
    /// return_offsets_mapping=, return_overflowing_tokens=)`. `offsets` fills each row's offsets (within each
    /// word); `overflowing` keeps every window of a word list that does not fit, overlapping by `stride`
    /// tokens, with `word_ids` per window and the `overflow_to_sample_mapping`.
    public func encodeBatch(words batch: [[String]], addSpecialTokens: Bool = true, padding: PaddingStrategy = .doNotPad,
                            truncation: TruncationStrategy = .doNotTruncate, maxLength: Int? = nil,
                            padToMultipleOf: Int? = nil, stride: Int = 0, offsets: Bool = false,
                            overflowing: Bool = false) throws -> BatchEncoding {
        if let maxLength, maxLength < 0 { throw TokenizerError("max_length must not be negative (got \(maxLength))") }
        let length = maxLength ?? modelMaxLength
        if truncation == .onlySecond {
            throw TokenizerError("truncation only_second needs a second text (text pair)", help: "use truncation=True")
        }
        let options = truncation == .doNotTruncate ? nil : TruncationOptions(strategy: truncation, maxLength: length, side: truncationSide)
        var encodings: [Encoding] = []
        var sampleMapping: [Int] = []
        for (i, words) in batch.enumerated() {
            if offsets || overflowing {
                let windows = try encodeWindows(tokenized: tokenizeWords(words), addSpecialTokens: addSpecialTokens,
                                                truncation: options, stride: stride)
                let kept = overflowing ? windows : Array(windows.prefix(1))
                encodings += kept
                sampleMapping += Array(repeating: i, count: kept.count)
            } else {
                encodings.append(try encode(words: words, addSpecialTokens: addSpecialTokens, truncation: options))
            }
        }
        try pad(&encodings, padding: padding, length: length, padToMultipleOf: padToMultipleOf)
        return BatchEncoding(encodings: encodings, overflowToSampleMapping: overflowing ? sampleMapping : [])
    }
}
