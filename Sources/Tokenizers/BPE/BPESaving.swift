import Foundation

extension BPETokenizer {
    /// `save_pretrained(dir)`: `tokenizer.json`, `tokenizer_config.json` and `special_tokens_map.json`,
    /// each written atomically, loadable by transformers' `AutoTokenizer` (PreTrainedTokenizerFast).
    public func save(to directory: URL) throws {
        try TokenizerFiles.makeDirectory(directory)
        try TokenizerFiles.write(JSON.data(tokenizerJSON()), to: directory.appendingPathComponent("tokenizer.json"))
        try TokenizerFiles.write(JSON.data(tokenizerConfig()), to: directory.appendingPathComponent("tokenizer_config.json"))
        var map: [String: Any] = [:]
        for (name, token) in specialTokens.named { map[name] = token }
        try TokenizerFiles.write(JSON.data(map), to: directory.appendingPathComponent("special_tokens_map.json"))
    }

    func preTokenizerJSON() -> [String: Any] {
        let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": addPrefixSpace, "trim_offsets": true, "use_regex": true]
        switch preTokenizer {
        case .gpt2: return byteLevel
        case .smollm:
            return ["type": "Sequence", "pretokenizers": [["type": "Digits", "individual_digits": true], byteLevel]]
        case .llama3:
            var noRegex = byteLevel
            noRegex["use_regex"] = false
            return ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": PreTokenizerKind.llama3Pattern], "behavior": "Isolated", "invert": false],
                noRegex,
            ]]
        }
    }

    func tokenizerJSON() -> OrderedJSON {
        let vocabObject = OrderedJSON(vocab.sorted { $0.value < $1.value }.map { ($0.key, $0.value) })
        let model = OrderedJSON([
            ("type", "BPE"), ("dropout", NSNull()), ("unk_token", specialTokens.unk.map { $0 as Any } ?? NSNull()),
            ("continuing_subword_prefix", NSNull()), ("end_of_word_suffix", NSNull()), ("fuse_unk", false),
            ("byte_fallback", false), ("ignore_merges", ignoreMerges), ("vocab", vocabObject),
            ("merges", mergeList.map { [$0.0, $0.1] }),
        ])
        let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true]
        return OrderedJSON([
            ("version", "1.0"), ("truncation", NSNull()), ("padding", NSNull()),
            ("added_tokens", addedTokens.sorted { $0.id < $1.id }.map(\.json)),
            ("normalizer", NSNull()),
            ("pre_tokenizer", preTokenizerJSON()),
            ("post_processor", postProcessor == .identity ? byteLevel.merging(["trim_offsets": trimOffsets, "add_prefix_space": trimKeepsPrefixSpace]) { $1 } : postProcessor.json),
            ("decoder", byteLevel),
            ("model", model),
        ])
    }

    func tokenizerConfig() -> [String: Any] {
        TokenizerConfigFile.contents(of: self, className: "PreTrainedTokenizerFast", addedTokens: addedTokens,
                                     cleanUpTokenizationSpaces: cleanUpTokenizationSpaces)
    }
}
