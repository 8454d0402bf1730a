import Foundation

extension WordPieceTokenizer {
    /// Loads from a model folder: `tokenizer.json` when present, else `vocab.txt`; `tokenizer_config.json`
    /// and `special_tokens_map.json` add special tokens, `model_max_length`, casing and the chat template.
    public convenience init(directory: URL) throws {
        let fm = FileManager.default
        let config = try Self.readOptional(directory.appendingPathComponent("tokenizer_config.json"))
        let specialMap = try Self.readOptional(directory.appendingPathComponent("special_tokens_map.json"))
        let tokenizerJSON = directory.appendingPathComponent("tokenizer.json")
        if fm.fileExists(atPath: tokenizerJSON.path) {
            try self.init(tokenizerJSON: JSON.readObject(tokenizerJSON), config: config, specialTokensMap: specialMap)
        } else {
            let vocabURL = directory.appendingPathComponent("vocab.txt")
            guard fm.fileExists(atPath: vocabURL.path) else {
                throw TokenizerError("no tokenizer.json or vocab.txt in \(directory.path)",
                                     help: "a BERT tokenizer folder needs vocab.txt (and usually tokenizer_config.json)")
            }
            try self.init(vocabFile: vocabURL, config: config, specialTokensMap: specialMap)
        }
    }

    /// Loads `vocab.txt` (one token per line, id = line number) with BertTokenizer's config keys.
    public convenience init(vocabFile: URL, config: [String: Any] = [:], specialTokensMap: [String: Any] = [:]) throws {
        guard let data = try? Data(contentsOf: vocabFile) else {
            throw TokenizerError("cannot read \(vocabFile.path)", help: "check that the file exists and is readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { throw TokenizerError("\(vocabFile.path) is empty", help: "vocab.txt must list one token per line") }
        var vocab: [String: Int] = [:]
        vocab.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() { vocab[line] = i }
        var specials = SpecialTokens(pad: "[PAD]", unk: "[UNK]", cls: "[CLS]", sep: "[SEP]", mask: "[MASK]")
        specials.merge(from: config)
        specials.merge(from: specialTokensMap)
        let lowercase = config["do_lower_case"] as? Bool ?? true
        let normalizer = BertNormalizer(cleanText: true, handleChineseChars: config["tokenize_chinese_chars"] as? Bool ?? true,
                                        stripAccents: config["strip_accents"] as? Bool, lowercase: lowercase)
        try self.init(vocab: vocab, normalizer: normalizer, specialTokens: specials,
                      modelMaxLength: Self.modelMaxLength(config) ?? 512)
        applyConfig(config)
    }

    /// Loads a WordPiece `tokenizer.json` (HF format).
    public convenience init(tokenizerJSON root: [String: Any], config: [String: Any] = [:], specialTokensMap: [String: Any] = [:]) throws {
        guard let model = root["model"] as? [String: Any], (model["type"] as? String ?? "WordPiece") == "WordPiece" else {
            throw TokenizerError("tokenizer.json does not hold a WordPiece model",
                                 help: "BERT-family tokenizers use WordPiece; load other models with loadTokenizer(from:)")
        }
        guard let rawVocab = model["vocab"] as? [String: Any] else {
            throw TokenizerError("tokenizer.json has no model.vocab object")
        }
        var vocab: [String: Int] = [:]
        vocab.reserveCapacity(rawVocab.count)
        for (token, value) in rawVocab {
            guard let id = JSON.int(value), id >= 0, id < 10_000_000 else {
                throw TokenizerError("tokenizer.json: the id of \(token) is not a valid integer")
            }
            vocab[token] = id
        }
        let added = try (root["added_tokens"] as? [[String: Any]] ?? []).map(AddedToken.init(json:))
        for token in added where vocab[token.content] == nil { vocab[token.content] = token.id }
        let normalizer = try (root["normalizer"] as? [String: Any]).map(BertNormalizer.init(json:))
            ?? BertNormalizer(cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: false)
        if let pre = root["pre_tokenizer"] as? [String: Any], let type = pre["type"] as? String, type != "BertPreTokenizer" {
            throw TokenizerError("pre-tokenizer \(type) is not supported with WordPiece",
                                 help: "lorarepl's WordPiece supports BERT's pre-tokenizer (BertPreTokenizer)")
        }
        var specials = SpecialTokens(unk: model["unk_token"] as? String ?? "[UNK]")
        for token in added where token.special {
            switch token.content {
            case "[PAD]", "<pad>": specials.pad = token.content
            case "[CLS]": specials.cls = token.content
            case "[SEP]": specials.sep = token.content
            case "[MASK]", "<mask>": specials.mask = token.content
            default: break
            }
        }
        specials.merge(from: config)
        specials.merge(from: specialTokensMap)
        let processor = try TemplateProcessor.fromJSON(root["post_processor"] as? [String: Any], idOf: { vocab[$0] })
        try self.init(vocab: vocab, normalizer: normalizer, specialTokens: specials, addedTokens: added, postProcessor: processor,
                      continuingPrefix: model["continuing_subword_prefix"] as? String ?? "##",
                      maxInputCharsPerWord: JSON.int(model["max_input_chars_per_word"]) ?? 100,
                      modelMaxLength: Self.modelMaxLength(config) ?? 512)
        if let decoder = root["decoder"] as? [String: Any], let cleanup = decoder["cleanup"] as? Bool {
            decoderCleanup = cleanup
        }
        applyConfig(config)
    }

    private func applyConfig(_ config: [String: Any]) {
        if let clean = config["clean_up_tokenization_spaces"] as? Bool { cleanUpTokenizationSpaces = clean }
        if let side = (config["padding_side"] as? String).flatMap(Side.init(rawValue:)) { paddingSide = side }
        if let side = (config["truncation_side"] as? String).flatMap(Side.init(rawValue:)) { truncationSide = side }
        if let template = config["chat_template"] as? String { chatTemplate = template }
    }

    static func modelMaxLength(_ config: [String: Any]) -> Int? {
        guard let value = config["model_max_length"] else { return nil }
        if let i = JSON.int(value), i > 0, i < 1_000_000_000 { return i }
        return nil   // HF writes a huge float (1e30) for "no limit"
    }

    static func readOptional(_ url: URL) throws -> [String: Any] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        return try JSON.readObject(url)
    }
}
