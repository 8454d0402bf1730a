import Foundation
@testable import Tokenizers
import XCTest

/// Recognising the pre-tokenizer layouts HF writes in tokenizer.json (checked during development: files
/// saved here in each layout load in HF `tokenizers` 0.23 and give the same ids on 6,000 texts).
final class BPELoadingTests: XCTestCase {
    private func byteLevel(useRegex: Bool = true, prefix: Bool = false) -> [String: Any] {
        ["type": "ByteLevel", "add_prefix_space": prefix, "trim_offsets": true, "use_regex": useRegex]
    }

    private func tokenizerJSON(pre: [String: Any], post: [String: Any]? = nil, ignoreMerges: Bool? = nil) -> [String: Any] {
        var vocab: [String: Any] = [:]
        for (i, s) in ByteLevelMapping.byteToScalar.enumerated() { vocab[String(s)] = i }
        vocab["Ġh"] = 256; vocab["Ġhi"] = 257; vocab["<|begin_of_text|>"] = 258
        var model: [String: Any] = ["type": "BPE", "vocab": vocab, "merges": [["Ġ", "h"], "Ġh i"]]
        if let ignoreMerges { model["ignore_merges"] = ignoreMerges }
        var root: [String: Any] = [
            "model": model, "pre_tokenizer": pre,
            "added_tokens": [["id": 258, "content": "<|begin_of_text|>", "special": true]],
        ]
        if let post { root["post_processor"] = post }
        return root
    }

    func testRecognisesGPT2Llama3AndSmolLMLayouts() throws {
        let gpt2 = try BPETokenizer(tokenizerJSON: tokenizerJSON(pre: byteLevel()))
        XCTAssertEqual(gpt2.preTokenizer, .gpt2)
        XCTAssertEqual(gpt2.tokenize(" hi 42"), ["Ġhi", "Ġ", "4", "2"])

        let llama3 = try BPETokenizer(tokenizerJSON: tokenizerJSON(
            pre: ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": PreTokenizerKind.llama3Pattern], "behavior": "Isolated", "invert": false],
                byteLevel(useRegex: false)]],
            post: ["type": "TemplateProcessing",
                   "single": [["SpecialToken": ["id": "<|begin_of_text|>", "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]]],
                   "pair": [["Sequence": ["id": "A", "type_id": 0]], ["Sequence": ["id": "B", "type_id": 1]]],
                   "special_tokens": ["<|begin_of_text|>": ["id": "<|begin_of_text|>", "ids": [258], "tokens": ["<|begin_of_text|>"]]]],
            ignoreMerges: true))
        XCTAssertEqual(llama3.preTokenizer, .llama3)
        XCTAssertTrue(llama3.ignoreMerges)
        XCTAssertEqual(try llama3.encode(" hi").ids, [258, 257])
        XCTAssertEqual(try llama3.encode(" hi", addSpecialTokens: false).ids, [257])
        XCTAssertEqual(llama3.decode([258, 257], skipSpecialTokens: true), " hi")
        XCTAssertEqual(llama3.decode([258, 257], skipSpecialTokens: false), "<|begin_of_text|> hi")

        let smol = try BPETokenizer(tokenizerJSON: tokenizerJSON(
            pre: ["type": "Sequence", "pretokenizers": [["type": "Digits", "individual_digits": true], byteLevel()]]))
        XCTAssertEqual(smol.preTokenizer, .smollm)

        let prefixed = try BPETokenizer(tokenizerJSON: tokenizerJSON(pre: byteLevel(prefix: true)))
        XCTAssertEqual(prefixed.tokenize("hi"), ["Ġhi"])
    }

    func testUnsupportedLayoutsAreClearErrors() {
        let layouts: [[String: Any]] = [
            ["type": "Metaspace", "replacement": "▁"],
            ["type": "Sequence", "pretokenizers": [["type": "Split", "pattern": ["Regex": "\\w+"]], byteLevel(useRegex: false)]],
            ["type": "Sequence", "pretokenizers": [["type": "Digits", "individual_digits": false], byteLevel()]],
            ["type": "Whitespace"],
        ]
        for pre in layouts {
            XCTAssertThrowsError(try BPETokenizer(tokenizerJSON: tokenizerJSON(pre: pre))) { error in
                XCTAssertTrue("\(error)".contains("pre_tokenizer"), "\(error)")
            }
        }
        var sentencePiece = tokenizerJSON(pre: byteLevel())
        var model = sentencePiece["model"] as? [String: Any] ?? [:]
        model["byte_fallback"] = true
        sentencePiece["model"] = model
        XCTAssertThrowsError(try BPETokenizer(tokenizerJSON: sentencePiece)) { XCTAssertTrue("\($0)".contains("byte_fallback")) }
    }

    func testGGUFAddBosTemplate() throws {
        var tokens = ByteLevelMapping.byteToScalar.map { String($0) }
        tokens += ["<s>", "</s>"]
        let types = Array(repeating: Int32(1), count: 256) + [3, 3]
        let tokenizer = try BPETokenizer(ggufTokens: tokens, merges: [], tokenTypes: types, bosId: 256, eosId: 257,
                                         preTokenizer: "llama-bpe", addBos: true, convention: .llamaCpp)
        XCTAssertEqual(tokenizer.preTokenizer, .llama3)
        XCTAssertEqual(try tokenizer.encode("a").ids, [256, 97])   // tokens are in byte order: "a" is id 97
        XCTAssertEqual(try tokenizer.encode("a", addSpecialTokens: false).ids.count, 1)
        XCTAssertEqual(tokenizer.bosTokenId, 256)
        XCTAssertEqual(tokenizer.eosTokenId, 257)
        XCTAssertTrue(tokenizer.isSpecial(257))
        XCTAssertEqual(tokenizer.tokenizeToIds("a</s>"), [tokenizer.tokenToId("a") ?? -1, 257])
    }
}
