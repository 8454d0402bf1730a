import Foundation
import TestSupport
@testable import Tokenizers
import XCTest

/// Inputs that must never crash either tokenizer.
final class EdgeCaseTests: XCTestCase {
    let awkward = ["", " ", "   \t\n  ", "\u{0}\u{1}\u{7F}\u{FFFD}", "\u{200B}\u{200D}\u{FEFF}", "😀👩‍👩‍👧‍👦🏳️‍🌈", "e\u{301}\u{301}\u{301}",
                   String(repeating: "x", count: 101), String(repeating: "ab", count: 5_000), String(repeating: "1", count: 300),
                   "[CLS][SEP][PAD]", "<|im_start|><|im_end|>", "\r\n\r\n", "a\u{2028}b\u{0085}c", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﬁ ǅ İ"]

    func testWordPieceEdgeCases() throws {
        guard let dir = Fixtures.demoAsset(WordPieceFixtureTests.modelDir) else { throw XCTSkip("MiniLM demo asset missing") }
        let tokenizer = try WordPieceTokenizer(directory: dir)
        for text in awkward {
            let encoding = try tokenizer.encode(text)
            XCTAssertEqual(encoding.ids.first, 101)
            XCTAssertEqual(encoding.ids.last, 102)
            _ = tokenizer.decode(encoding.ids, skipSpecialTokens: true)
        }
        XCTAssertEqual(try tokenizer.encode("").ids, [101, 102])
        XCTAssertEqual(try tokenizer.encode("\u{0}\u{1}").ids, [101, 102])
        XCTAssertEqual(try tokenizer.encode(String(repeating: "x", count: 101)).ids, [101, 100, 102])
        // Added special tokens in the text are matched whole (like HF).
        XCTAssertEqual(try tokenizer.encode("[CLS] hi [SEP]", addSpecialTokens: false).ids, [101, 7632, 102])
        XCTAssertEqual(try tokenizer.encodeBatch([], padding: .longest).count, 0)
        XCTAssertEqual(try tokenizer.encodeBatch(["", "a b"], padding: .longest).attentionMask, [[1, 1, 0, 0], [1, 1, 1, 1]])
        XCTAssertThrowsError(try tokenizer.encodeBatch(["a"], pairs: ["b", "c"]))
        XCTAssertThrowsError(try tokenizer.encodeBatch(["a"], truncation: .longestFirst, maxLength: 1))
        XCTAssertThrowsError(try tokenizer.encodeBatch(["a"], truncation: .longestFirst, maxLength: -3))
        XCTAssertThrowsError(try tokenizer.encodeBatch(["a"], padding: .maxLength, maxLength: 1 << 40))
        XCTAssertThrowsError(try WordPieceTokenizer(vocab: ["[UNK]": 0, "a": 1 << 40]))
        let longText = Array(repeating: "word", count: 1_000).joined(separator: " ")
        let truncated = try tokenizer.encodeBatch([longText], truncation: .longestFirst)
        XCTAssertEqual(truncated.inputIds[0].count, 512, "truncation=True defaults to model_max_length")
    }

    func testBPEEdgeCases() throws {
        let (tokenizer, _) = try SmolLM2Tokenizer.load()
        for text in awkward {
            let ids = tokenizer.tokenizeToIds(text)
            XCTAssertEqual(tokenizer.decode(ids, skipSpecialTokens: false, cleanUpTokenizationSpaces: false), text, text.debugDescription)
        }
        XCTAssertEqual(tokenizer.tokenizeToIds(""), [])
        // Every byte token decodes without trapping; lone non-ASCII bytes become U+FFFD.
        var byteTokens = 0
        for b in 0..<256 {
            guard let id = tokenizer.tokenToId(String(ByteLevelMapping.byteToScalar[b])) else { continue }
            byteTokens += 1
            let text = tokenizer.decode([id])
            XCTAssertEqual(text, b < 0x80 ? String(UnicodeScalar(UInt8(b))) : "\u{FFFD}")
        }
        XCTAssertGreaterThan(byteTokens, 200)
        // The GGUF names a padding token, so batches pad with it (left padding for generation).
        let padId = try XCTUnwrap(tokenizer.padTokenId)
        tokenizer.paddingSide = .left
        defer { tokenizer.paddingSide = .right }
        let batch = try tokenizer.encodeBatch(["Hello", "Hello there, world"], padding: .longest)
        XCTAssertTrue(batch.isRectangular)
        XCTAssertEqual(batch.inputIds[0].first, padId)
        XCTAssertEqual(batch.attentionMask[0].first, 0)
    }

    func testBuiltFromPartsWithoutFiles() throws {
        let vocab = ["[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4, "un": 5, "##aff": 6, "##able": 7, "aff": 8, ",": 9]
        let tokenizer = try WordPieceTokenizer(vocab: vocab)
        XCTAssertEqual(tokenizer.tokenize("Unaffable, unaffable"), ["un", "##aff", "##able", ",", "un", "##aff", "##able"])
        XCTAssertEqual(tokenizer.tokenize("unknown"), ["[UNK]"])
        XCTAssertEqual(tokenizer.decode(try tokenizer.encode("unaffable , aff").ids, skipSpecialTokens: true), "unaffable, aff")
        XCTAssertEqual(tokenizer.addTokens(["<new>"], special: false), 1)
        XCTAssertEqual(tokenizer.tokenizeToIds("un<new>aff"), [5, 10, 8])
        XCTAssertEqual(tokenizer.vocabSize, 11)
    }

    func testTinyByteLevelBPEMergesByRank() throws {
        // Vocabulary: the 256 byte characters, then merges "l o" (rank 0), "lo w" (rank 1), "Ġ lo" (rank 2).
        var vocab: [String: Int] = [:]
        for (i, s) in ByteLevelMapping.byteToScalar.enumerated() { vocab[String(s)] = i }
        vocab["lo"] = 256; vocab["low"] = 257; vocab["Ġlo"] = 258
        let tokenizer = try BPETokenizer(vocab: vocab, merges: [("l", "o"), ("lo", "w"), ("Ġ", "lo")], preTokenizer: .gpt2)
        XCTAssertEqual(tokenizer.tokenize("low lol"), ["low", "Ġlo", "l"])
        XCTAssertEqual(tokenizer.decode(tokenizer.tokenizeToIds("low lol")), "low lol")
        // No padding token: padding a batch says how to fix it.
        XCTAssertThrowsError(try tokenizer.encodeBatch(["a", "bb"], padding: .longest)) { error in
            XCTAssertTrue("\(error)".contains("pad_token"), "\(error)")
        }
        // A long word uses the heap-based merge without quadratic blow-up.
        let long = String(repeating: "lo", count: 20_000)
        XCTAssertEqual(tokenizer.tokenizeToIds(long).count, 20_000)
    }
}
