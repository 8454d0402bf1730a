import Foundation
import PythonBasics

/// BERT's WordPiece tokenizer, equal to Hugging Face's `BertTokenizerFast`:
/// `BertNormalizer` → `BertPreTokenizer` → WordPiece (`##` pieces) → `[CLS] A [SEP] (B [SEP])`.
public final class WordPieceTokenizer: Tokenizer {
    public var normalizer: BertNormalizer
    var model: WordPieceModel
    public private(set) var addedTokens: [AddedToken]
    public var postProcessor: TemplateProcessor
    public var specialTokens: SpecialTokens
    public var modelMaxLength: Int
    public var paddingSide: Side = .right
    public var truncationSide: Side = .right
    /// transformers' `clean_up_tokenization_spaces` on the decoded text (`" ."` → `"."`, `" ' "` → `"'"`,
    /// `" n't"` → `"n't"`, ...). Read from tokenizer_config.json; transformers 5 defaults it to false.
    public var cleanUpTokenizationSpaces: Bool = false
    /// The WordPiece decoder's own `cleanup` (tokenizer.json `decoder.cleanup`, true for BERT): the same
    /// replacements applied to each token with its leading space, so `" ."` → `"."` but `" ' "` stays.
    public var decoderCleanup: Bool = true
    public var chatTemplate: String?

    var splitter: AddedTokenSplitter
    private var specialIds: Set<Int>
    private var addedById: [Int: String]
    /// The ids of words seen before (shared by the threads that encode in parallel).
    private let cache = BoundedCache<String, [Int]>(limit: 200_000)

    /// Builds a tokenizer from its parts. `addedTokens` defaults to the special tokens found in the vocabulary.
    public init(vocab: [String: Int], normalizer: BertNormalizer = BertNormalizer(), specialTokens: SpecialTokens? = nil,
                addedTokens: [AddedToken]? = nil, postProcessor: TemplateProcessor? = nil, continuingPrefix: String = "##",
                maxInputCharsPerWord: Int = 100, modelMaxLength: Int = 512) throws {
        let specials = specialTokens ?? SpecialTokens(pad: "[PAD]", unk: "[UNK]", cls: "[CLS]", sep: "[SEP]", mask: "[MASK]")
        guard let unk = specials.unk else {
            throw TokenizerError("a WordPiece tokenizer needs an unknown token", help: "set unk_token (usually \"[UNK]\")")
        }
        self.model = try WordPieceModel(vocab: vocab, unkToken: unk, continuingPrefix: continuingPrefix,
                                        maxInputCharsPerWord: maxInputCharsPerWord)
        self.normalizer = normalizer
        self.specialTokens = specials
        self.modelMaxLength = modelMaxLength
        let added = addedTokens ?? specials.named.compactMap { _, token in
            vocab[token].map { AddedToken(id: $0, content: token, special: true) }
        }
        self.addedTokens = added
        self.splitter = AddedTokenSplitter(tokens: added)
        self.specialIds = Set(added.filter(\.special).map(\.id))
        self.addedById = Dictionary(added.map { ($0.id, $0.content) }, uniquingKeysWith: { a, _ in a })
        if let postProcessor {
            self.postProcessor = postProcessor
        } else if let cls = specials.cls, let sep = specials.sep, let clsId = vocab[cls], let sepId = vocab[sep] {
            self.postProcessor = .bert(cls: cls, clsId: clsId, sep: sep, sepId: sepId)
        } else {
            self.postProcessor = .identity
        }
    }

    /// Adds tokens that are never split (HF `add_tokens` / `add_special_tokens`); returns how many were new.
    @discardableResult
    public func addTokens(_ contents: [String], special: Bool) -> Int {
        var added = 0
        for content in contents where !content.isEmpty {
            if addedTokens.contains(where: { $0.content == content }) { continue }
            let id = model.vocab[content] ?? vocabSize
            if model.vocab[content] == nil {
                model.vocab[content] = id
                model.idToToken.append(content)
            }
            addedTokens.append(AddedToken(id: id, content: content, special: special, normalized: !special))
            added += 1
        }
        splitter = AddedTokenSplitter(tokens: addedTokens)
        specialIds = Set(addedTokens.filter(\.special).map(\.id))
        addedById = Dictionary(addedTokens.map { ($0.id, $0.content) }, uniquingKeysWith: { a, _ in a })
        return added
    }

    public var vocabSize: Int { model.idToToken.count }
    public var vocab: [String: Int] { model.vocab }
    public var unknownToken: String { model.unkToken }
    public var continuingPrefix: String { model.continuingPrefix }
    public var maxInputCharsPerWord: Int { model.maxInputCharsPerWord }

    public func tokenToId(_ token: String) -> Int? { model.vocab[token] }

    public func idToToken(_ id: Int) -> String? {
        guard id >= 0, id < model.idToToken.count else { return nil }
        let token = model.idToToken[id]
        return token.isEmpty ? nil : token
    }

    public func tokenizeToIds(_ text: String) -> [Int] {
        var ids: [Int] = []
        for piece in splitter.split(text) {
            switch piece {
            case let .added(id): ids.append(id)
            case let .text(segment): tokenizeSegment(segment, into: &ids)
            }
        }
        return ids
    }

    private func tokenizeSegment(_ text: String, into ids: inout [Int]) {
        let normalized = normalizer.normalize(text)
        for word in BertPreTokenizer.split(normalized) {
            ids += cache.value(for: ScalarText.make(word)) {
                var wordIds: [Int] = []
                model.tokenize(word, into: &wordIds)
                return wordIds
            }
        }
    }

    /// HF's WordPiece decoder (`##` pieces joined, others separated by spaces, per-token cleanup), then
    /// `clean_up_tokenization_spaces` on the whole text when enabled.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String {
        var out = ""
        var first = true
        for id in ids {
            if skipSpecialTokens && specialIds.contains(id) { continue }
            guard var token = idToToken(id) else { continue }
            if !first {
                if token.hasPrefix(model.continuingPrefix) {
                    token.removeFirst(model.continuingPrefix.count)
                } else {
                    token = " " + token
                }
            }
            first = false
            out += decoderCleanup ? Self.cleanup(token) : token
        }
        return cleanUpTokenizationSpaces ? Self.cleanup(out) : out
    }

    /// transformers' `clean_up_tokenization` (also the WordPiece decoder's `cleanup`).
    static func cleanup(_ text: String) -> String {
        guard text.contains(" ") else { return text }
        return text.replacingOccurrences(of: " .", with: ".")
            .replacingOccurrences(of: " ?", with: "?")
            .replacingOccurrences(of: " !", with: "!")
            .replacingOccurrences(of: " ,", with: ",")
            .replacingOccurrences(of: " ' ", with: "'")
            .replacingOccurrences(of: " n't", with: "n't")
            .replacingOccurrences(of: " 'm", with: "'m")
            .replacingOccurrences(of: " 's", with: "'s")
            .replacingOccurrences(of: " 've", with: "'ve")
            .replacingOccurrences(of: " 're", with: "'re")
    }

    var specialTokenIds: Set<Int> { specialIds }
}
