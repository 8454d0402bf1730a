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

    /// `tokenizer(list_of_word_lists, is_split_into_words=True, padding=, truncation=, max_length=)`.
    public func encodeBatch(words batch: [[String]], addSpecialTokens: Bool = true, padding: PaddingStrategy = .doNotPad,
                            truncation: TruncationStrategy = .doNotTruncate, maxLength: Int? = nil,
                            padToMultipleOf: Int? = nil) throws -> BatchEncoding {
        if let maxLength, maxLength < 0 { throw TokenizerError("max_length must not be negative (got \(maxLength))") }
        let length = maxLength ?? modelMaxLength
        if truncation == .onlySecond {
            throw TokenizerError("truncation only_second needs a second text (text pair)", help: "use truncation=True")
        }
        let options = truncation == .doNotTruncate ? nil : TruncationOptions(strategy: truncation, maxLength: length, side: truncationSide)
        var encodings = try batch.map { try encode(words: $0, addSpecialTokens: addSpecialTokens, truncation: options) }
        if padding != .doNotPad {
            guard let padId = padTokenId, let padToken = specialTokens.pad else {
                throw TokenizerError("this tokenizer has no padding token, so a batch cannot be padded",
                                     help: "set one first, e.g. tokenizer.pad_token = tokenizer.eos_token")
            }
            TruncationPadding.pad(&encodings, options: PaddingOptions(strategy: padding, maxLength: length, padToMultipleOf: padToMultipleOf,
                                                                      side: paddingSide, padId: padId, padTypeId: 0, padToken: padToken))
        }
        return BatchEncoding(encodings: encodings)
    }
}
