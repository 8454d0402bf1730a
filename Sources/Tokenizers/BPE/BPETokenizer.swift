import Foundation
import PythonBasics

/// Byte-level BPE (GPT-2, LLaMA-3, SmolLM/StarCoder): added tokens are cut out first, the rest is split
/// by the pre-tokenizer rules, each word's UTF-8 bytes are merged by rank. Decoding maps the GPT-2
/// characters back to bytes; invalid UTF-8 becomes U+FFFD, like HF.
public final class BPETokenizer: Tokenizer {
    var model: BPEModel
    public internal(set) var preTokenizer: PreTokenizerKind
    /// ByteLevel's `add_prefix_space`: a space is put before text that does not start with one.
    public var addPrefixSpace: Bool
    /// The ByteLevel post-processor's `trim_offsets`: offsets leave out a token's leading/trailing spaces.
    /// transformers turns a GGUF vocabulary into `ByteLevel(trim_offsets=False)`, so it is off unless a
    /// tokenizer.json says otherwise.
    public var trimOffsets = false
    /// That post-processor's own `add_prefix_space`: when trimming, a token starting at offset 0 keeps a
    /// single leading space in its span (`tokenizers`' `process_offsets`), whatever the pre-tokenizer did.
    public var trimKeepsPrefixSpace = true
    public private(set) var addedTokens: [AddedToken]
    public var postProcessor: TemplateProcessor
    public var specialTokens: SpecialTokens
    public var modelMaxLength: Int
    public var paddingSide: Side = .right
    public var truncationSide: Side = .right
    public var chatTemplate: String?
    /// transformers' `clean_up_tokenization_spaces`. Off: transformers 5 ignores it for BPE (it would
    /// delete real spaces before punctuation), and so does loading here.
    public var cleanUpTokenizationSpaces = false
    /// The `tokenizer.ggml.pre` name of the GGUF file this tokenizer was read from (nil for tokenizer.json),
    /// written back by a GGUF export so llama.cpp splits text as the original file said.
    public internal(set) var ggmlPreTokenizerName: String?

    var splitter: AddedTokenSplitter
    private var specialIds: Set<Int>
    /// The ids of words seen before (shared by the threads that encode in parallel).
    private let cache = BoundedCache<String, [Int]>(limit: 200_000)

    /// Builds from parts. `merges` are in rank order.
    public init(vocab: [String: Int], merges: [(String, String)], preTokenizer: PreTokenizerKind,
                addedTokens: [AddedToken] = [], specialTokens: SpecialTokens = SpecialTokens(),
                postProcessor: TemplateProcessor = .identity, ignoreMerges: Bool? = nil, addPrefixSpace: Bool = false,
                modelMaxLength: Int = 8192, chatTemplate: String? = nil) throws {
        self.model = try BPEModel(vocab: vocab, merges: merges, ignoreMerges: ignoreMerges ?? (preTokenizer == .llama3),
                                  unkId: specialTokens.unk.flatMap { vocab[$0] })
        (self.preTokenizer, self.addPrefixSpace, self.addedTokens) = (preTokenizer, addPrefixSpace, addedTokens)
        self.splitter = AddedTokenSplitter(tokens: addedTokens)
        self.specialIds = Set(addedTokens.filter(\.special).map(\.id))
        self.specialTokens = specialTokens
        self.postProcessor = postProcessor
        self.modelMaxLength = modelMaxLength
        self.chatTemplate = chatTemplate
    }

    /// What transformers 5's `GPT2Tokenizer` (and the other classes that build their own pre-tokenizer)
    /// makes of a loaded `tokenizer.json`: `ByteLevel(add_prefix_space=…)` with the GPT-2 regex alone (a
    /// `Digits` or LLaMA-3 split in the file is dropped) and a BPE model that always merges.
    public func useByteLevelPreTokenizer(addPrefixSpace: Bool) {
        preTokenizer = .gpt2
        self.addPrefixSpace = addPrefixSpace
        model.ignoreMerges = false
        cache.removeAll()
    }

    public var vocabSize: Int { model.idToToken.count }
    public var vocab: [String: Int] { model.vocab }
    public var ignoreMerges: Bool { model.ignoreMerges }
    var mergeList: [(String, String)] { model.mergeList }

    public func tokenToId(_ token: String) -> Int? { model.vocab[token] }

    public func idToToken(_ id: Int) -> String? {
        guard id >= 0, id < model.idToToken.count else { return nil }
        let token = model.idToToken[id]
        return token.isEmpty && model.vocab[""] != id ? nil : token
    }

    /// Whether `id` is a special (control) token that `decode(skipSpecialTokens: true)` drops.
    public func isSpecial(_ id: Int) -> Bool { specialIds.contains(id) }

    /// Adds tokens that are never split; returns how many were new.
    @discardableResult
    public func addTokens(_ contents: [String], special: Bool) -> Int {
        var added = 0
        for content in contents where !content.isEmpty && !addedTokens.contains(where: { $0.content == content }) {
            let id: Int
            if let existing = model.vocab[content] {
                id = existing
            } else {
                id = vocabSize
                model.appendVocabEntry(content)
            }
            addedTokens.append(AddedToken(id: id, content: content, special: special, normalized: !special))
            added += 1
        }
        splitter = AddedTokenSplitter(tokens: addedTokens)
        specialIds = Set(addedTokens.filter(\.special).map(\.id))
        return added
    }

    public func tokenizeToIds(_ text: String) -> [Int] {
        var ids: [Int] = []
        var first = true
        for piece in splitter.split(text) {
            switch piece {
            case let .added(id): ids.append(id)
            case let .text(segment):
                var segment = segment
                if addPrefixSpace && first && !segment.hasPrefix(" ") { segment = " " + segment }
                tokenizeSegment(segment, into: &ids)
            }
            first = false
        }
        return ids
    }

    private func tokenizeSegment(_ text: String, into ids: inout [Int]) {
        let scalars = Array(text.unicodeScalars)
        for range in preTokenizer.split(scalars) {
            let word = ScalarText.make(scalars[range])
            ids += cache.value(for: word) {
                var wordIds: [Int] = []
                model.tokenize(bytes: word.utf8, into: &wordIds)
                return wordIds
            }
        }
    }

    public func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String {
        decode(ids, skipSpecialTokens: skipSpecialTokens, cleanUpTokenizationSpaces: cleanUpTokenizationSpaces)
    }

    /// Decodes with an explicit `clean_up_tokenization_spaces` (false gives the exact bytes back).
    public func decode(_ ids: [Int], skipSpecialTokens: Bool, cleanUpTokenizationSpaces cleanUp: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids {
            if skipSpecialTokens && specialIds.contains(id) { continue }
            guard let token = idToToken(id) else { continue }
            ByteLevelMapping.bytes(of: token, into: &bytes)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return cleanUp ? WordPieceTokenizer.cleanup(text) : text
    }
}
