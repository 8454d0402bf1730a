import Foundation
import TestSupport
@testable import Tokenizers
import XCTest

/// WordPiece ids must equal transformers' `BertTokenizerFast` on every fixture line.
final class WordPieceFixtureTests: XCTestCase {
    static let modelDir = "models/sentence-transformers/all-MiniLM-L6-v2"

    private func miniLM(_ file: String) throws -> WordPieceTokenizer {
        guard let dir = Fixtures.demoAsset(Self.modelDir) else { throw XCTSkip("MiniLM demo asset missing (run `make assets`)") }
        if file == "vocab.txt" {
            let config = try JSON.readObject(dir.appendingPathComponent("tokenizer_config.json"))
            return try WordPieceTokenizer(vocabFile: dir.appendingPathComponent("vocab.txt"), config: config)
        }
        return try WordPieceTokenizer(tokenizerJSON: JSON.readObject(dir.appendingPathComponent(file)))
    }

    private func checkFixture(_ tokenizer: WordPieceTokenizer, source: String) throws {
        guard let url = Fixtures.path("minilm/tokenize.jsonl") else { throw XCTSkip("fixture minilm/tokenize.jsonl missing") }
        let rows = try readJSONLines(url)
        XCTAssertGreaterThan(rows.count, 150)
        var checkedPair = false
        for (n, row) in rows.enumerated() {
            guard let text = row["text"] as? String, let expected = intArray(row["ids"]) else {
                XCTFail("line \(n + 1) lacks text/ids"); continue
            }
            let encoding: Encoding
            if let pair = row["text_pair"] as? String {
                let maxLength = (row["max_length"] as? NSNumber)?.intValue ?? 512
                encoding = try tokenizer.encode(text, pair: pair, truncation: TruncationOptions(strategy: .longestFirst, maxLength: maxLength))
                XCTAssertEqual(encoding.tokenTypeIds, intArray(row["token_type_ids"]), "[\(source)] token_type_ids, line \(n + 1)")
                checkedPair = true
            } else {
                encoding = try tokenizer.encode(text)
                XCTAssertEqual(encoding.tokenTypeIds, Array(repeating: 0, count: encoding.count))
            }
            XCTAssertEqual(encoding.ids, expected, "[\(source)] line \(n + 1): \(text.debugDescription) tokens \(encoding.tokens)")
            XCTAssertEqual(encoding.attentionMask, Array(repeating: 1, count: encoding.count))
        }
        XCTAssertTrue(checkedPair, "the last fixture line (a truncated pair) was not checked")
        XCTAssertEqual(rows.last?["text_pair"] as? String, "and the second one")
    }

    func testFixtureIdsFromTokenizerJSON() throws {
        try checkFixture(try miniLM("tokenizer.json"), source: "tokenizer.json")
    }

    func testFixtureIdsFromVocabTxt() throws {
        try checkFixture(try miniLM("vocab.txt"), source: "vocab.txt")
    }

    func testFolderLoadingPicksTokenizerJSONAndReadsConfig() throws {
        guard let dir = Fixtures.demoAsset(Self.modelDir) else { throw XCTSkip("MiniLM demo asset missing") }
        let tokenizer = try loadTokenizer(from: dir)
        XCTAssertTrue(tokenizer is WordPieceTokenizer)
        XCTAssertEqual(tokenizer.vocabSize, 30522)
        XCTAssertEqual(tokenizer.modelMaxLength, 512)
        XCTAssertEqual(tokenizer.padTokenId, 0)
        XCTAssertEqual(tokenizer.unkTokenId, 100)
        XCTAssertEqual(tokenizer.clsTokenId, 101)
        XCTAssertEqual(tokenizer.sepTokenId, 102)
        XCTAssertEqual(tokenizer.maskTokenId, 103)
        XCTAssertEqual(tokenizer.tokenToId("hello"), 7592)
        XCTAssertEqual(tokenizer.idToToken(7592), "hello")
        XCTAssertNil(tokenizer.idToToken(-1))
        XCTAssertNil(tokenizer.idToToken(999_999))
    }

    func testDecodeRoundTripsNormalText() throws {
        let tokenizer = try miniLM("tokenizer.json")
        let texts = ["hello, world!", "the quick brown fox jumps over the lazy dog.",
                     "is it small, or not? yes!", "lora adapters are small.",
                     "supercalifragilisticexpialidocious words get split into pieces"]
        for text in texts {
            let ids = try tokenizer.encode(text).ids
            XCTAssertEqual(tokenizer.decode(ids, skipSpecialTokens: true), text)
        }
        // Like HF: punctuation inside words comes back spaced (the WordPiece decoder joins words with spaces).
        XCTAssertEqual(tokenizer.decode(try tokenizer.encode("Fine-tuning (LoRA) is cheap.").ids, skipSpecialTokens: true),
                       "fine - tuning ( lora ) is cheap.")
        // transformers 5 leaves clean_up_tokenization_spaces off unless tokenizer_config.json sets it.
        let apostrophes = try tokenizer.encode("I don't think it's cheap.").ids
        XCTAssertEqual(tokenizer.decode(apostrophes, skipSpecialTokens: true), "i don ' t think it ' s cheap.")
        tokenizer.cleanUpTokenizationSpaces = true
        XCTAssertEqual(tokenizer.decode(apostrophes, skipSpecialTokens: true), "i don't think it's cheap.")
        tokenizer.cleanUpTokenizationSpaces = false
        let ids = try tokenizer.encode("Hello world").ids
        XCTAssertEqual(tokenizer.decode(ids, skipSpecialTokens: false), "[CLS] hello world [SEP]")
        // Unknown ids are skipped, never a crash.
        XCTAssertEqual(tokenizer.decode([7592, -5, 1_000_000, 2088]), "hello world")
    }

    func testBatchPaddingTruncationAndMasks() throws {
        let tokenizer = try miniLM("tokenizer.json")
        let batch = try tokenizer.encodeBatch(["Hello, world!", "hi"], padding: .longest)
        XCTAssertEqual(batch.inputIds, [[101, 7592, 1010, 2088, 999, 102], [101, 7632, 102, 0, 0, 0]])
        XCTAssertEqual(batch.attentionMask, [[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]])
        XCTAssertEqual(batch.tokenTypeIds, [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]])
        XCTAssertTrue(batch.isRectangular)

        let fixed = try tokenizer.encodeBatch(["Hello, world!", "hi"], padding: .maxLength, truncation: .longestFirst, maxLength: 4)
        XCTAssertEqual(fixed.inputIds, [[101, 7592, 1010, 102], [101, 7632, 102, 0]])
        XCTAssertEqual(fixed.attentionMask, [[1, 1, 1, 1], [1, 1, 1, 0]])

        tokenizer.paddingSide = .left
        let left = try tokenizer.encodeBatch(["Hello, world!", "hi"], padding: .longest)
        XCTAssertEqual(left.inputIds[1], [0, 0, 0, 101, 7632, 102])
        XCTAssertEqual(left.attentionMask[1], [0, 0, 0, 1, 1, 1])
    }

    func testPairTruncationStrategies() throws {
        let tokenizer = try miniLM("tokenizer.json")
        let a = "first segment here is long", b = "and the second"   // 5 and 3 word tokens
        let onlyFirst = try tokenizer.encode(a, pair: b, truncation: TruncationOptions(strategy: .onlyFirst, maxLength: 8))
        XCTAssertEqual(onlyFirst.tokens, ["[CLS]", "first", "segment", "[SEP]", "and", "the", "second", "[SEP]"])
        XCTAssertEqual(onlyFirst.tokenTypeIds, [0, 0, 0, 0, 1, 1, 1, 1])
        let onlySecond = try tokenizer.encode(a, pair: b, truncation: TruncationOptions(strategy: .onlySecond, maxLength: 10))
        XCTAssertEqual(onlySecond.tokens, ["[CLS]", "first", "segment", "here", "is", "long", "[SEP]", "and", "the", "[SEP]"])
        let longest = try tokenizer.encode(a, pair: b, truncation: TruncationOptions(strategy: .longestFirst, maxLength: 7))
        XCTAssertEqual(longest.tokens, ["[CLS]", "first", "segment", "[SEP]", "and", "the", "[SEP]"])
        // only_second without a pair, and a text too short to cut: clear errors.
        XCTAssertThrowsError(try tokenizer.encode(a, truncation: TruncationOptions(strategy: .onlySecond, maxLength: 3)))
        XCTAssertThrowsError(try tokenizer.encode(a, pair: b, truncation: TruncationOptions(strategy: .onlySecond, maxLength: 4)))
        // max_length smaller than the special tokens: a clear error naming the fix.
        XCTAssertThrowsError(try tokenizer.encode(a, pair: b, truncation: TruncationOptions(maxLength: 2))) { error in
            XCTAssertTrue("\(error)".contains("special tokens"), "\(error)")
        }
        // Exactly the special tokens: every text token goes.
        XCTAssertEqual(try tokenizer.encode(a, truncation: TruncationOptions(maxLength: 2)).ids, [101, 102])
    }
}
