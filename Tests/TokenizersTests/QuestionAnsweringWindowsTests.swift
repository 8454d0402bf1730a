import Foundation
import TestSupport
@testable import Tokenizers
import XCTest

/// `tokenizer(questions, contexts, truncation=..., stride=..., return_overflowing_tokens=True,
/// return_offsets_mapping=True, padding=...)` must equal transformers' fast tokenizers row by row (ids, type
/// ids, mask, offsets, sequence_ids, word_ids, overflow_to_sample_mapping), on MiniLM's WordPiece and on
/// SmolLM2's byte-level BPE. Fixture: scripts/record-question-answering.py.
final class QuestionAnsweringWindowsTests: XCTestCase {
    private func fixture() throws -> [String: Any] {
        let url = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/question-answering/tokenizer-windows.json")
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw XCTSkip("tokenizer-windows.json is not a JSON object")
        }
        return object
    }

    private func tokenizer(_ label: String) throws -> any Tokenizer {
        if label == "smollm2" { return try SmolLM2Tokenizer.load().0 }
        guard let dir = Fixtures.demoAsset(WordPieceFixtureTests.modelDir) else { throw XCTSkip("MiniLM demo asset missing (run `make assets`)") }
        return try loadTokenizer(from: dir)
    }

    private func strings(_ value: Any?) -> [String]? {
        if let one = value as? String { return [one] }
        return value as? [String]
    }

    private func optionalInts(_ value: Any?) -> [Int?] {
        (value as? [Any] ?? []).map { ($0 as? NSNumber)?.intValue }
    }

    private func check(_ label: String) throws {
        let tokenizer = try tokenizer(label)
        guard let data = try fixture()[label] as? [String: Any], let cases = data["cases"] as? [[String: Any]],
              let singles = data["singles"] as? [[String: Any]] else { return XCTFail("fixture lacks \(label)") }
        XCTAssertEqual(cases.count, 7)
        for item in cases {
            let name = item["name"] as? String ?? "?"
            let kwargs = item["kwargs"] as? [String: Any] ?? [:]
            guard let first = strings(item["first"]) else { XCTFail(name); continue }
            let padding: PaddingStrategy
            switch kwargs["padding"] {
            case let s as String where s == "max_length": padding = .maxLength
            case let b as Bool where b: padding = .longest
            default: padding = .doNotPad
            }
            var truncation = TruncationStrategy.doNotTruncate
            if let s = kwargs["truncation"] as? String { truncation = TruncationStrategy(name: s) ?? .doNotTruncate }
            if kwargs["truncation"] as? Bool == true { truncation = .longestFirst }
            let overflowing = kwargs["return_overflowing_tokens"] as? Bool ?? false
            if name.hasSuffix("_left"), let bpe = tokenizer as? BPETokenizer { bpe.truncationSide = .left }
            if name.hasSuffix("_left"), let wordPiece = tokenizer as? WordPieceTokenizer { wordPiece.truncationSide = .left }
            defer {
                (tokenizer as? BPETokenizer)?.truncationSide = .right
                (tokenizer as? WordPieceTokenizer)?.truncationSide = .right
            }
            let batch = try tokenizer.encodeBatch(first, pairs: strings(item["second"]), padding: padding, truncation: truncation,
                                                  maxLength: (kwargs["max_length"] as? NSNumber)?.intValue,
                                                  stride: (kwargs["stride"] as? NSNumber)?.intValue ?? 0, offsets: true, overflowing: overflowing)
            let rows = item["rows"] as? [[String: Any]] ?? []
            XCTAssertEqual(batch.count, rows.count, "[\(label) \(name)] number of rows")
            if overflowing { XCTAssertEqual(batch.overflowToSampleMapping, intArray(item["overflow_to_sample_mapping"]), "[\(label) \(name)] sample mapping") }
            for (r, (row, encoding)) in zip(rows, batch.encodings).enumerated() {
                let at = "[\(label) \(name)] row \(r)"
                XCTAssertEqual(encoding.ids, intArray(row["input_ids"]), at)
                if let types = intArray(row["token_type_ids"]) { XCTAssertEqual(encoding.tokenTypeIds, types, at) }
                XCTAssertEqual(encoding.attentionMask, intArray(row["attention_mask"]), at)
                let offsets = (row["offset_mapping"] as? [[Int]] ?? []).map { TokenSpan($0[0], $0[1]) }
                XCTAssertEqual(encoding.offsets, offsets, at)
                XCTAssertEqual(encoding.sequenceIds, optionalInts(row["sequence_ids"]), at)
                XCTAssertEqual(encoding.wordIds, optionalInts(row["word_ids"]), at)
            }
        }
        var mismatches = 0
        for single in singles {
            guard let text = single["text"] as? String else { continue }
            let tokenized = tokenizer.tokenizeWithOffsets(text)
            let offsets = (single["offsets"] as? [[Int]] ?? []).map { TokenSpan($0[0], $0[1]) }
            let words = optionalInts(single["word_ids"])
            if tokenized.ids != intArray(single["ids"]) || tokenized.offsets != offsets || tokenized.words.map(Optional.some) != words {
                mismatches += 1
                XCTAssertEqual(tokenized.offsets, offsets, "[\(label)] \(text.debugDescription)")
                XCTAssertEqual(tokenized.words.map(Optional.some), words, "[\(label)] words of \(text.debugDescription)")
            }
        }
        XCTAssertEqual(mismatches, 0, "[\(label)] texts whose offsets differ from transformers'")
        XCTAssertGreaterThan(singles.count, 150)
    }

    func testMiniLMWindowsEqualTransformers() throws { try check("minilm") }
    func testSmolLM2WindowsEqualTransformers() throws { try check("smollm2") }

    func testStrideMustBeSmallerThanTheWindow() throws {
        let tokenizer = try tokenizer("minilm")
        XCTAssertThrowsError(try tokenizer.encodeBatch(["a question"], pairs: [String(repeating: "word ", count: 50)],
                                                       truncation: .onlySecond, maxLength: 12, stride: 8, overflowing: true)) { error in
            XCTAssertTrue("\(error)".contains("stride 8 must be smaller"), "\(error)")
        }
    }
}
