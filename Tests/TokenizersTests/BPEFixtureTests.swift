import Foundation
import TestSupport
@testable import Tokenizers
import XCTest

/// Loads SmolLM2's tokenizer from the demo GGUF once per test run.
enum SmolLM2Tokenizer {
    static let assetPath = "models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
    nonisolated(unsafe) private static var loaded: [GGUFTokenizerConvention: (BPETokenizer, MiniGGUFMetadata)] = [:]

    static func load(_ convention: GGUFTokenizerConvention = .transformers) throws -> (BPETokenizer, MiniGGUFMetadata) {
        if let cached = loaded[convention] { return cached }
        guard let url = Fixtures.demoAsset(assetPath) else { throw XCTSkip("SmolLM2 GGUF demo asset missing (run `make assets`)") }
        let meta = try MiniGGUFMetadata(url: url)
        guard meta["tokenizer.ggml.model"]?.string == "gpt2",
              let tokens = meta["tokenizer.ggml.tokens"]?.strings,
              let merges = meta["tokenizer.ggml.merges"]?.strings,
              let types = meta["tokenizer.ggml.token_type"]?.int32s,
              let pre = meta["tokenizer.ggml.pre"]?.string else {
            throw XCTSkip("the GGUF lacks byte-level BPE tokenizer metadata")
        }
        let tokenizer = try BPETokenizer(
            ggufTokens: tokens, merges: merges, tokenTypes: types,
            bosId: meta["tokenizer.ggml.bos_token_id"]?.int, eosId: meta["tokenizer.ggml.eos_token_id"]?.int,
            padId: meta["tokenizer.ggml.padding_token_id"]?.int, unkId: meta["tokenizer.ggml.unknown_token_id"]?.int,
            preTokenizer: pre, addBos: meta["tokenizer.ggml.add_bos_token"]?.bool ?? false,
            chatTemplate: meta["tokenizer.chat_template"]?.string, convention: convention)
        loaded[convention] = (tokenizer, meta)
        return (tokenizer, meta)
    }
}

final class BPEFixtureTests: XCTestCase {
    func testFixtureIdsFromGGUFVocabulary() throws {
        let (tokenizer, meta) = try SmolLM2Tokenizer.load()
        XCTAssertEqual(meta["tokenizer.ggml.pre"]?.string, "smollm")
        XCTAssertEqual(tokenizer.preTokenizer, .gpt2, "transformers reads a gpt2-type GGUF with the plain GPT-2 regex")
        guard let url = Fixtures.path("smollm2/tokenize.jsonl") else { throw XCTSkip("fixture smollm2/tokenize.jsonl missing") }
        let rows = try readJSONLines(url)
        XCTAssertGreaterThan(rows.count, 150)
        var mismatches = 0
        for (n, row) in rows.enumerated() {
            guard let text = row["text"] as? String, let expected = intArray(row["ids"]) else { XCTFail("line \(n + 1)"); continue }
            let ids = try tokenizer.encode(text, addSpecialTokens: false).ids
            if ids != expected { mismatches += 1 }
            XCTAssertEqual(ids, expected, "line \(n + 1): \(text.debugDescription) got \(tokenizer.tokenize(text))")
        }
        XCTAssertEqual(mismatches, 0)
    }

    func testDecodeRoundTripsEveryFixtureText() throws {
        let (tokenizer, _) = try SmolLM2Tokenizer.load()
        guard let url = Fixtures.path("smollm2/tokenize.jsonl") else { throw XCTSkip("fixture missing") }
        for row in try readJSONLines(url) {
            guard let text = row["text"] as? String, let ids = intArray(row["ids"]) else { continue }
            // Byte-level BPE is lossless: the fixture ids decode to the exact text.
            XCTAssertEqual(tokenizer.decode(ids, skipSpecialTokens: false, cleanUpTokenizationSpaces: false), text)
        }
    }

    /// llama.cpp's `smollm` split isolates digits before the GPT-2 regex; transformers' GGUF loader uses
    /// the GPT-2 regex alone. They differ only where a run of spaces precedes a digit.
    func testLlamaCppConventionSplitsDigitsFirst() throws {
        let (hf, _) = try SmolLM2Tokenizer.load(.transformers)
        let (cpp, _) = try SmolLM2Tokenizer.load(.llamaCpp)
        XCTAssertEqual(cpp.preTokenizer, .smollm)
        XCTAssertEqual(hf.tokenize(",  4"), [",", "Ġ", "Ġ", "4"])
        XCTAssertEqual(cpp.tokenize(",  4"), [",", "ĠĠ", "4"])
        XCTAssertEqual(cpp.tokenize("at 45,000"), hf.tokenize("at 45,000"))
        guard let url = Fixtures.path("smollm2/tokenize.jsonl") else { throw XCTSkip("fixture missing") }
        var compared = 0
        for row in try readJSONLines(url) {
            guard let text = row["text"] as? String, let ids = intArray(row["ids"]) else { continue }
            let scalars = Array(text.unicodeScalars)
            let spacesBeforeDigit = scalars.indices.dropFirst(2).contains {
                scalars[$0].properties.numericType != nil && scalars[$0 - 1] == " " && scalars[$0 - 2].properties.isWhitespace
            }
            if spacesBeforeDigit { continue }
            XCTAssertEqual(cpp.tokenizeToIds(text), ids, text)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 150)
    }

    /// `greedy.json`: the prompts re-encode to their ids and the generated ids decode to the reference text.
    func testGreedyFixturePromptsAndTexts() throws {
        let (tokenizer, _) = try SmolLM2Tokenizer.load()
        guard let url = Fixtures.path("smollm2/greedy.json") else { throw XCTSkip("fixture smollm2/greedy.json missing") }
        let cases = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        XCTAssertEqual(cases.count, 2)
        for entry in cases {
            let prompt = try XCTUnwrap(intArray(entry["prompt_ids"]))
            let generated = try XCTUnwrap(intArray(entry["generated_ids"]))
            XCTAssertEqual(tokenizer.tokenizeToIds(tokenizer.decode(prompt)), prompt)
            XCTAssertEqual(tokenizer.decode(generated), entry["text"] as? String)
        }
        XCTAssertEqual(tokenizer.tokenizeToIds("The capital of France is"), intArray(cases[0]["prompt_ids"]))
    }

    func testSpecialTokensAreMatchedBeforeSplittingAndSkippedOnDecode() throws {
        let (tokenizer, _) = try SmolLM2Tokenizer.load()
        let start = try XCTUnwrap(tokenizer.tokenToId("<|im_start|>"))
        let end = try XCTUnwrap(tokenizer.tokenToId("<|im_end|>"))
        let ids = tokenizer.tokenizeToIds("<|im_start|>user\nHi<|im_end|>")
        XCTAssertEqual(ids.first, start)
        XCTAssertEqual(ids.last, end)
        XCTAssertEqual(ids.filter { $0 == start || $0 == end }.count, 2)
        XCTAssertEqual(tokenizer.decode(ids), "<|im_start|>user\nHi<|im_end|>")
        XCTAssertEqual(tokenizer.decode(ids, skipSpecialTokens: true), "user\nHi")
        XCTAssertEqual(tokenizer.eosTokenId, tokenizer.tokenToId("<|im_end|>"))
        XCTAssertEqual(tokenizer.vocabSize, 49152)
    }

    func testInvalidUTF8DecodesToReplacementCharacter() throws {
        let (tokenizer, _) = try SmolLM2Tokenizer.load()
        // "é" is two bytes (C3 A9); each byte alone is its own token. Decoding only the first byte
        // is invalid UTF-8 and becomes U+FFFD, like HF's from_utf8_lossy.
        let firstByte = try XCTUnwrap(tokenizer.tokenToId(String(ByteLevelMapping.byteToScalar[0xC3])))
        let secondByte = try XCTUnwrap(tokenizer.tokenToId(String(ByteLevelMapping.byteToScalar[0xA9])))
        XCTAssertEqual(tokenizer.decode([firstByte]), "\u{FFFD}")
        XCTAssertEqual(tokenizer.decode([firstByte, secondByte]), "é")
        XCTAssertEqual(tokenizer.decode([secondByte, secondByte]), "\u{FFFD}\u{FFFD}")
        XCTAssertEqual(tokenizer.decode([-1, 10_000_000]), "")
    }
}
