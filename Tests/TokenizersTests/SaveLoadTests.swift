import Foundation
import TestSupport
@testable import Tokenizers
import XCTest

/// `save(to:)` writes files that load back to the same tokenizer (and that transformers can read:
/// checked by hand with transformers 5.24, see docs/tokenizers.md).
final class SaveLoadTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        if let keep = ProcessInfo.processInfo.environment["LORAREPL_TOK_SAVE_DIR"] {
            scratch = URL(fileURLWithPath: keep)
        } else {
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-tok-\(UUID().uuidString)")
        }
    }

    override func tearDownWithError() throws {
        if ProcessInfo.processInfo.environment["LORAREPL_TOK_SAVE_DIR"] == nil { try? FileManager.default.removeItem(at: scratch) }
    }

    private func fixtureTexts(_ name: String) throws -> [String] {
        guard let url = Fixtures.path(name) else { throw XCTSkip("fixture \(name) missing") }
        return try readJSONLines(url).compactMap { $0["text"] as? String }
    }

    func testWordPieceSaveThenLoadEveryWay() throws {
        guard let dir = Fixtures.demoAsset(WordPieceFixtureTests.modelDir) else { throw XCTSkip("MiniLM demo asset missing") }
        let original = try WordPieceTokenizer(directory: dir)
        let out = scratch.appendingPathComponent("minilm")
        try original.save(to: out)
        for file in ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), file)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "atomic writes must not leave temporary files")

        let fromJSON = try WordPieceTokenizer(directory: out)
        let config = try JSON.readObject(out.appendingPathComponent("tokenizer_config.json"))
        let fromVocab = try WordPieceTokenizer(vocabFile: out.appendingPathComponent("vocab.txt"), config: config)
        XCTAssertEqual(fromJSON.vocabSize, original.vocabSize)
        XCTAssertEqual(fromVocab.vocabSize, original.vocabSize)
        XCTAssertEqual(fromJSON.modelMaxLength, 512)
        XCTAssertEqual(fromJSON.specialTokens, original.specialTokens)
        for text in try fixtureTexts("minilm/tokenize.jsonl") {
            let expected = try original.encode(text).ids
            XCTAssertEqual(try fromJSON.encode(text).ids, expected, text)
            XCTAssertEqual(try fromVocab.encode(text).ids, expected, text)
        }
        // Saving again over existing files replaces them atomically.
        try fromJSON.save(to: out)
        XCTAssertEqual(try WordPieceTokenizer(directory: out).vocabSize, original.vocabSize)
    }

    func testBPESaveThenLoadFromTokenizerJSON() throws {
        let (original, _) = try SmolLM2Tokenizer.load()
        let out = scratch.appendingPathComponent("smollm2")
        try original.save(to: out)
        let loaded = try loadTokenizer(from: out)
        guard let bpe = loaded as? BPETokenizer else { return XCTFail("expected a BPE tokenizer, got \(type(of: loaded))") }
        XCTAssertEqual(bpe.preTokenizer, original.preTokenizer)
        XCTAssertEqual(bpe.vocabSize, original.vocabSize)
        XCTAssertEqual(bpe.chatTemplate, original.chatTemplate)
        XCTAssertEqual(bpe.eosTokenId, original.eosTokenId)
        for text in try fixtureTexts("smollm2/tokenize.jsonl") + ["<|im_start|>user\nhi<|im_end|>"] {
            XCTAssertEqual(bpe.tokenizeToIds(text), original.tokenizeToIds(text), text)
        }
    }

    func testSavingIntoAFileIsAClearError() throws {
        let tokenizer = try WordPieceTokenizer(vocab: ["[UNK]": 0, "a": 1])
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let blocker = scratch.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        XCTAssertThrowsError(try tokenizer.save(to: blocker)) { error in
            XCTAssertTrue(error is TokenizerError, "\(error)")
        }
    }

    func testBadFilesGiveClearErrors() throws {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        XCTAssertThrowsError(try loadTokenizer(from: scratch)) { XCTAssertTrue("\($0)".contains("no tokenizer.json or vocab.txt")) }
        try Data("{not json".utf8).write(to: scratch.appendingPathComponent("tokenizer.json"))
        XCTAssertThrowsError(try loadTokenizer(from: scratch)) { XCTAssertTrue("\($0)".contains("not valid JSON"), "\($0)") }
        try Data(#"{"model": {"type": "Unigram"}}"#.utf8).write(to: scratch.appendingPathComponent("tokenizer.json"))
        XCTAssertThrowsError(try loadTokenizer(from: scratch)) { XCTAssertTrue("\($0)".contains("Unigram"), "\($0)") }
        try Data(#"{"model": {"type": "WordPiece", "vocab": {"a": 0}, "unk_token": "[UNK]"}}"#.utf8)
            .write(to: scratch.appendingPathComponent("tokenizer.json"))
        XCTAssertThrowsError(try loadTokenizer(from: scratch)) { XCTAssertTrue("\($0)".contains("[UNK]"), "\($0)") }
        try Data(#"{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}, "pre_tokenizer": {"type": "ByteLevel"}}"#.utf8)
            .write(to: scratch.appendingPathComponent("tokenizer.json"))
        XCTAssertThrowsError(try loadTokenizer(from: scratch)) { XCTAssertTrue("\($0)".contains("merge #0"), "\($0)") }
        XCTAssertThrowsError(try BPETokenizer(ggufTokens: ["a"], merges: [], tokenTypes: [1, 1], bosId: nil, eosId: nil, preTokenizer: "gpt2"))
        XCTAssertThrowsError(try BPETokenizer(ggufTokens: ["a"], merges: [], tokenTypes: [1], bosId: 7, eosId: nil, preTokenizer: "gpt2"))
        XCTAssertThrowsError(try BPETokenizer(ggufTokens: ["a"], merges: [], tokenTypes: [1], bosId: nil, eosId: nil, preTokenizer: "mystery"))
    }
}
