import Foundation

/// A byte-level BPE vocabulary as llama.cpp's GGUF files hold it (`tokenizer.ggml.*`), for writing a GGUF.
/// Reading it back (`BPETokenizer(ggufTokens:…)`) gives the same tokenizer.
public struct GGUFVocabulary: Equatable, Sendable {
    /// `tokenizer.ggml.model`: `gpt2` for byte-level BPE.
    public var model = "gpt2"
    /// `tokenizer.ggml.pre`: llama.cpp's name of the pre-tokenizer split (`smollm`, `llama-bpe`, `gpt2`).
    public var pre: String
    /// `tokenizer.ggml.tokens`, by id.
    public var tokens: [String]
    /// `tokenizer.ggml.token_type`: 1 normal, 3 control (special added tokens), 4 user-defined (other added tokens).
    public var tokenTypes: [Int32]
    /// `tokenizer.ggml.merges`: "left right", in rank order.
    public var merges: [String]
    public var bosId: Int?
    public var eosId: Int?
    public var unknownId: Int?
    public var paddingId: Int?
    /// `tokenizer.ggml.add_bos_token` / `add_eos_token`: whether encoding puts BOS first / EOS last.
    public var addBos: Bool
    public var addEos: Bool
    /// `tokenizer.chat_template`.
    public var chatTemplate: String?
}

extension PreTokenizerKind {
    /// The `tokenizer.ggml.pre` name llama.cpp's converter writes for this split.
    public var ggmlName: String {
        switch self {
        case .gpt2: return "gpt2"
        case .smollm: return "smollm"
        case .llama3: return "llama-bpe"
        }
    }
}

extension BPETokenizer {
    /// The vocabulary in GGUF form. Every id below `vocabSize` must have a token (llama.cpp indexes tokens by id).
    public func ggufVocabulary() throws -> GGUFVocabulary {
        var tokens: [String] = []
        tokens.reserveCapacity(vocabSize)
        for id in 0..<vocabSize {
            guard let token = idToToken(id) else {
                throw TokenizerError("token id \(id) has no token, so the vocabulary cannot be written as a GGUF token list",
                                     help: "GGUF stores tokens by id; a vocabulary with holes cannot be exported")
            }
            tokens.append(token)
        }
        var types = [Int32](repeating: GGUFTokenType.normal.rawValue, count: tokens.count)
        for token in addedTokens where token.id >= 0 && token.id < types.count {
            types[token.id] = token.special ? GGUFTokenType.control.rawValue : GGUFTokenType.userDefined.rawValue
        }
        func id(_ token: String?) -> Int? { token.flatMap(tokenToId) }
        let bos = id(specialTokens.bos), eos = id(specialTokens.eos)
        func isSpecial(_ piece: TemplateProcessor.Piece?, _ wanted: Int?) -> Bool {
            guard case let .special(_, pieceId, _)? = piece, let wanted else { return false }
            return pieceId == wanted
        }
        return GGUFVocabulary(pre: ggmlPreTokenizerName ?? preTokenizer.ggmlName, tokens: tokens, tokenTypes: types,
                              merges: mergeList.map { "\($0.0) \($0.1)" }, bosId: bos, eosId: eos,
                              unknownId: id(specialTokens.unk), paddingId: id(specialTokens.pad),
                              addBos: isSpecial(postProcessor.single.first, bos),
                              addEos: isSpecial(postProcessor.single.last, eos), chatTemplate: chatTemplate)
    }
}
