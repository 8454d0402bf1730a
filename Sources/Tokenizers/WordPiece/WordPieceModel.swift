import Foundation

/// The WordPiece model: greedy longest-match-first sub-words with a continuation prefix (`##`).
struct WordPieceModel {
    var vocab: [String: Int]
    /// id → token (holes are empty strings).
    var idToToken: [String]
    var unkToken: String
    var continuingPrefix: String
    var maxInputCharsPerWord: Int
    /// Longest vocabulary entry in scalars (bounds the match loop).
    private let longestToken: Int

    init(vocab: [String: Int], unkToken: String, continuingPrefix: String = "##", maxInputCharsPerWord: Int = 100) throws {
        guard vocab[unkToken] != nil else {
            throw TokenizerError("the unknown token \(unkToken) is not in the vocabulary",
                                 help: "check `unk_token` in tokenizer_config.json / tokenizer.json")
        }
        self.vocab = vocab
        self.unkToken = unkToken
        self.continuingPrefix = continuingPrefix
        self.maxInputCharsPerWord = maxInputCharsPerWord
        if let bad = vocab.first(where: { $0.value < 0 || $0.value >= 10_000_000 }) {
            throw TokenizerError("the token \(bad.key.debugDescription) has id \(bad.value), outside 0..<10,000,000",
                                 help: "vocabulary ids must be small non-negative integers")
        }
        let size = (vocab.values.max() ?? -1) + 1
        var table = Array(repeating: "", count: size)
        var longest = 1
        for (token, id) in vocab where id >= 0 {
            table[id] = token
            longest = max(longest, token.unicodeScalars.count)
        }
        self.idToToken = table
        self.longestToken = longest
    }

    /// Appends the ids of one pre-tokenized word.
    func tokenize(_ word: ArraySlice<Unicode.Scalar>, into ids: inout [Int]) {
        let unkId = vocab[unkToken] ?? 0
        let chars = Array(word)
        if chars.count > maxInputCharsPerWord {
            ids.append(unkId)
            return
        }
        let mark = ids.count
        var start = 0
        while start < chars.count {
            var end = min(chars.count, start + longestToken)
            var found: Int?
            while start < end {
                let piece = ScalarText.make(chars[start..<end], prefix: start > 0 ? continuingPrefix : "")
                if let id = vocab[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.removeLast(ids.count - mark)
                ids.append(unkId)
                return
            }
            ids.append(id)
            start = end
        }
    }
}
