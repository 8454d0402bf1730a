import Foundation

/// GGUF token types (`tokenizer.ggml.token_type`), as llama.cpp defines them.
public enum GGUFTokenType: Int32, Sendable {
    case undefined = 0, normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
}

/// Whose reading of a GGUF tokenizer to follow. They differ only in the pre-tokenizer split.
public enum GGUFTokenizerConvention: Sendable {
    /// transformers' `from_pretrained(..., gguf_file=)`: a `gpt2`-type vocabulary gets plain
    /// `ByteLevel(use_regex=True)` (the GPT-2 regex, whatever `tokenizer.ggml.pre` says) and no
    /// `ignore_merges`. The reference fixtures were made this way.
    case transformers
    /// llama.cpp: the split named by `tokenizer.ggml.pre` (`smollm` = every digit alone, then GPT-2).
    case llamaCpp
}

extension BPETokenizer {
    /// Builds from a GGUF file's `tokenizer.ggml.*` metadata (`tokenizer.ggml.model` must be `gpt2`).
    /// Control tokens (type 3) become special added tokens, user-defined ones (type 4) plain added tokens.
    /// - Parameters:
    ///   - preTokenizer: `tokenizer.ggml.pre` (`"smollm"`, `"llama-bpe"`, `"gpt2"`, ...).
    ///   - addBos / addEos: `tokenizer.ggml.add_bos_token` / `add_eos_token`.
    public convenience init(ggufTokens tokens: [String], merges: [String], tokenTypes: [Int32],
                            bosId: Int?, eosId: Int?, padId: Int? = nil, unkId: Int? = nil,
                            preTokenizer: String, addBos: Bool = false, addEos: Bool = false,
                            chatTemplate: String? = nil, modelMaxLength: Int = 8192,
                            convention: GGUFTokenizerConvention = .transformers) throws {
        guard let named = PreTokenizerKind(ggmlName: preTokenizer) else {
            throw TokenizerError("the GGUF pre-tokenizer \"\(preTokenizer)\" is not supported",
                                 help: "supported tokenizer.ggml.pre values: gpt2, default, llama-bpe, llama3, smollm, starcoder, refact")
        }
        guard tokenTypes.isEmpty || tokenTypes.count == tokens.count else {
            throw TokenizerError("tokenizer.ggml.token_type has \(tokenTypes.count) entries for \(tokens.count) tokens",
                                 help: "the GGUF file's tokenizer metadata is inconsistent; re-convert the model")
        }
        func checked(_ id: Int?, _ name: String) throws -> Int? {
            guard let id else { return nil }
            guard id >= 0, id < tokens.count else {
                throw TokenizerError("tokenizer.ggml.\(name) = \(id) is outside the vocabulary of \(tokens.count) tokens")
            }
            return id
        }
        let bos = try checked(bosId, "bos_token_id"), eos = try checked(eosId, "eos_token_id")
        let pad = try checked(padId, "padding_token_id"), unk = try checked(unkId, "unknown_token_id")
        var vocab: [String: Int] = [:]
        vocab.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() where vocab[token] == nil { vocab[token] = id }
        var added: [AddedToken] = []
        for (id, type) in tokenTypes.enumerated() {
            switch GGUFTokenType(rawValue: type) {
            case .control: added.append(AddedToken(id: id, content: tokens[id], special: true))
            case .userDefined: added.append(AddedToken(id: id, content: tokens[id], special: false))
            default: break
            }
        }
        let specials = SpecialTokens(pad: pad.map { tokens[$0] }, unk: unk.map { tokens[$0] },
                                     bos: bos.map { tokens[$0] }, eos: eos.map { tokens[$0] })
        var single: [TemplateProcessor.Piece] = [.sequenceA(typeId: 0)]
        var pair: [TemplateProcessor.Piece] = [.sequenceA(typeId: 0)]
        if addBos, let bos {
            single.insert(.special(token: tokens[bos], id: bos, typeId: 0), at: 0)
            pair.insert(.special(token: tokens[bos], id: bos, typeId: 0), at: 0)
        }
        if addEos, let eos { single.append(.special(token: tokens[eos], id: eos, typeId: 0)); pair.append(.special(token: tokens[eos], id: eos, typeId: 0)) }
        if addBos, let bos { pair.append(.special(token: tokens[bos], id: bos, typeId: 1)) }
        pair.append(.sequenceB(typeId: 1))
        if addEos, let eos { pair.append(.special(token: tokens[eos], id: eos, typeId: 1)) }
        let kind = convention == .transformers ? PreTokenizerKind.gpt2 : named
        try self.init(vocab: vocab, merges: try BPEModel.parseMerges(merges), preTokenizer: kind, addedTokens: added,
                      specialTokens: specials, postProcessor: TemplateProcessor(single: single, pair: pair),
                      ignoreMerges: convention == .transformers ? false : nil,
                      modelMaxLength: modelMaxLength, chatTemplate: chatTemplate)
        ggmlPreTokenizerName = preTokenizer
    }

    /// Loads `tokenizer.json` (+ `tokenizer_config.json`, `special_tokens_map.json`) from a model folder.
    public convenience init(directory: URL) throws {
        let config = try WordPieceTokenizer.readOptional(directory.appendingPathComponent("tokenizer_config.json"))
        let map = try WordPieceTokenizer.readOptional(directory.appendingPathComponent("special_tokens_map.json"))
        try self.init(tokenizerJSON: JSON.readObject(directory.appendingPathComponent("tokenizer.json")), config: config, specialTokensMap: map)
    }

    /// Loads a byte-level BPE `tokenizer.json` (HF format).
    public convenience init(tokenizerJSON root: [String: Any], config: [String: Any] = [:], specialTokensMap: [String: Any] = [:]) throws {
        guard let model = root["model"] as? [String: Any], (model["type"] as? String ?? "BPE") == "BPE" else {
            throw TokenizerError("tokenizer.json does not hold a BPE model")
        }
        guard let rawVocab = model["vocab"] as? [String: Any] else { throw TokenizerError("tokenizer.json has no model.vocab object") }
        if model["byte_fallback"] as? Bool == true {
            throw TokenizerError("this BPE uses byte_fallback (SentencePiece style, e.g. LLaMA-2/Mistral), which lorarepl does not support yet",
                                 help: "byte-level BPE (GPT-2, LLaMA-3, SmolLM, Qwen-style) is supported")
        }
        var vocab: [String: Int] = [:]
        vocab.reserveCapacity(rawVocab.count)
        for (token, value) in rawVocab {
            guard let id = JSON.int(value), id >= 0, id < 10_000_000 else { throw TokenizerError("tokenizer.json: bad id for \(token)") }
            vocab[token] = id
        }
        let merges = try BPEModel.parseMerges(model["merges"] as? [Any] ?? [])
        let added = try (root["added_tokens"] as? [[String: Any]] ?? []).map(AddedToken.init(json:))
        for token in added where vocab[token.content] == nil { vocab[token.content] = token.id }
        let (kind, prefixSpace) = try Self.preTokenizerKind(root["pre_tokenizer"] as? [String: Any])
        var specials = SpecialTokens(unk: model["unk_token"] as? String)
        specials.merge(from: config)
        specials.merge(from: specialTokensMap)
        let processor = try TemplateProcessor.fromJSON(root["post_processor"] as? [String: Any], idOf: { vocab[$0] })
        try self.init(vocab: vocab, merges: merges, preTokenizer: kind, addedTokens: added, specialTokens: specials,
                      postProcessor: processor, ignoreMerges: model["ignore_merges"] as? Bool ?? false, addPrefixSpace: prefixSpace,
                      modelMaxLength: WordPieceTokenizer.modelMaxLength(config) ?? 8192,
                      chatTemplate: config["chat_template"] as? String)
        if let side = (config["padding_side"] as? String).flatMap(Side.init(rawValue:)) { paddingSide = side }
        if let side = (config["truncation_side"] as? String).flatMap(Side.init(rawValue:)) { truncationSide = side }
        let trimming = Self.offsetTrimming(root["post_processor"] as? [String: Any])
        trimOffsets = trimming?.trim ?? false
        trimKeepsPrefixSpace = trimming?.addPrefixSpace ?? true
    }

    /// The post-processor (or the step of a `Sequence`) that trims offsets in `tokenizers`: ByteLevel or
    /// RobertaProcessing, with its `trim_offsets` and `add_prefix_space` (both true by default).
    static func offsetTrimming(_ json: [String: Any]?) -> (trim: Bool, addPrefixSpace: Bool)? {
        guard let json else { return nil }
        if let type = json["type"] as? String, type == "ByteLevel" || type == "RobertaProcessing" {
            return (json["trim_offsets"] as? Bool ?? true, json["add_prefix_space"] as? Bool ?? true)
        }
        return (json["processors"] as? [[String: Any]] ?? []).lazy.compactMap { offsetTrimming($0) }.first
    }

    /// Recognises the pre-tokenizer layouts HF uses for GPT-2, LLaMA-3 and SmolLM.
    static func preTokenizerKind(_ json: [String: Any]?) throws -> (PreTokenizerKind, Bool) {
        let unsupported = TokenizerError("this tokenizer.json's pre_tokenizer is not one lorarepl knows: \(json.map { "\($0)" } ?? "none")",
                                         help: "supported: ByteLevel (GPT-2), Split with LLaMA-3's regex + ByteLevel, Digits(individual) + ByteLevel (SmolLM)")
        guard let json, let type = json["type"] as? String else { throw unsupported }
        let parts: [[String: Any]] = type == "Sequence" ? (json["pretokenizers"] as? [[String: Any]] ?? []) : [json]
        var kind: PreTokenizerKind?
        var sawDigits = false, prefixSpace = false, sawByteLevel = false
        for part in parts {
            switch part["type"] as? String {
            case "ByteLevel":
                sawByteLevel = true
                prefixSpace = part["add_prefix_space"] as? Bool ?? false
                if part["use_regex"] as? Bool ?? true { kind = kind ?? .gpt2 }
            case "Digits":
                guard part["individual_digits"] as? Bool == true else { throw unsupported }
                sawDigits = true
            case "Split":
                let pattern = (part["pattern"] as? [String: Any])?["Regex"] as? String
                if pattern == PreTokenizerKind.llama3Pattern { kind = .llama3 }
                else if pattern == PreTokenizerKind.gpt2Pattern { kind = .gpt2 }
                else { throw unsupported }
            default:
                throw unsupported
            }
        }
        guard sawByteLevel, var found = kind else { throw unsupported }
        if sawDigits {
            guard found == .gpt2 else { throw unsupported }
            found = .smollm
        }
        return (found, prefixSpace)
    }
}
