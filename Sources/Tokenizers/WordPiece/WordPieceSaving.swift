import Foundation

extension WordPieceTokenizer {
    /// `save_pretrained(dir)`: writes `tokenizer.json`, `tokenizer_config.json`, `special_tokens_map.json`
    /// and `vocab.txt`, each atomically, in the layout transformers writes for `BertTokenizerFast`.
    public func save(to directory: URL) throws {
        try TokenizerFiles.makeDirectory(directory)
        try TokenizerFiles.write(Data(vocabText().utf8), to: directory.appendingPathComponent("vocab.txt"))
        try TokenizerFiles.write(JSON.data(tokenizerJSON()), to: directory.appendingPathComponent("tokenizer.json"))
        try TokenizerFiles.write(JSON.data(tokenizerConfig()), to: directory.appendingPathComponent("tokenizer_config.json"))
        var map: [String: Any] = [:]
        for (name, token) in specialTokens.named { map[name] = token }
        try TokenizerFiles.write(JSON.data(map), to: directory.appendingPathComponent("special_tokens_map.json"))
    }

    /// One token per line in id order (holes written as `[unusedN]` so ids keep their line numbers).
    func vocabText() -> String {
        var lines: [String] = []
        lines.reserveCapacity(vocabSize)
        for id in 0..<vocabSize {
            lines.append(idToToken(id) ?? "[unused_hole_\(id)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func tokenizerJSON() -> OrderedJSON {
        let vocabObject = OrderedJSON(vocab.sorted { $0.value < $1.value }.map { ($0.key, $0.value) })
        let model = OrderedJSON([
            ("type", "WordPiece"), ("unk_token", unknownToken), ("continuing_subword_prefix", continuingPrefix),
            ("max_input_chars_per_word", maxInputCharsPerWord), ("vocab", vocabObject),
        ])
        return OrderedJSON([
            ("version", "1.0"),
            ("truncation", NSNull()),
            ("padding", NSNull()),
            ("added_tokens", addedTokens.sorted { $0.id < $1.id }.map(\.json)),
            ("normalizer", normalizer.json),
            ("pre_tokenizer", ["type": "BertPreTokenizer"]),
            ("post_processor", postProcessor.json),
            ("decoder", ["type": "WordPiece", "prefix": continuingPrefix, "cleanup": decoderCleanup] as [String: Any]),
            ("model", model),
        ])
    }

    func tokenizerConfig() -> [String: Any] {
        TokenizerConfigFile.contents(of: self, className: "BertTokenizer", addedTokens: addedTokens,
                                     cleanUpTokenizationSpaces: cleanUpTokenizationSpaces, extra: [
                                         "do_lower_case": normalizer.lowercase,
                                         "tokenize_chinese_chars": normalizer.handleChineseChars,
                                         "strip_accents": normalizer.stripAccents.map { $0 as Any } ?? NSNull(),
                                     ])
    }
}
