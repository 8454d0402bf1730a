import XCTest
@testable import Models
import Tokenizers
import TestSupport

final class TokenizerLoaderTests: XCTestCase {
    struct Line: Decodable { let text: String?; let ids: [Int]? }

    func firstLines(_ path: String, count: Int) throws -> [Line] {
        guard let url = Fixtures.path(path) else { throw XCTSkip("fixture missing") }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").prefix(count).map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
    }

    func testMiniLMFolderGivesWordPiece() throws {
        guard let folder = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2") else { throw XCTSkip("demo asset missing") }
        let tokenizer = try TokenizerLoader.load(folder.path)
        XCTAssertTrue(tokenizer is WordPieceTokenizer)
        for line in try firstLines("minilm/tokenize.jsonl", count: 20) {
            guard let text = line.text, let ids = line.ids else { continue }
            XCTAssertEqual(try tokenizer.encode(text).ids, ids, text)
        }
    }

    func testSmolLM2GGUFGivesBPEWithChatTemplate() throws {
        guard Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct") != nil else { throw XCTSkip("demo asset missing") }
        let tokenizer = try TokenizerLoader.load("HuggingFaceTB/SmolLM2-135M-Instruct")
        XCTAssertTrue(tokenizer is BPETokenizer)
        XCTAssertEqual(tokenizer.vocabSize, 49152)
        XCTAssertEqual(tokenizer.eosTokenId, 2)
        XCTAssertNotNil(tokenizer.chatTemplate)
        XCTAssertEqual(tokenizer.tokenizeToIds("The capital of France is"), [504, 3575, 282, 4649, 314])
        for line in try firstLines("smollm2/tokenize.jsonl", count: 20) {
            guard let text = line.text, let ids = line.ids else { continue }
            XCTAssertEqual(tokenizer.tokenizeToIds(text), ids, text)
        }
    }

    func testFolderWithoutTokenizerIsAClearError() throws {
        guard let folder = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("fixture missing") }
        XCTAssertThrowsError(try TokenizerLoader.load(folder.path)) { error in
            XCTAssertTrue("\(error)".contains("no tokenizer in"), "\(error)")
        }
    }
}
