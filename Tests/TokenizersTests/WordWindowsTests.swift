import Foundation
import TestSupport
@testable import Tokenizers
import XCTest

/// `tokenizer(words, is_split_into_words=True, return_offsets_mapping=True, truncation=True, max_length=,
/// stride=, return_overflowing_tokens=True, padding=)` must equal transformers' fast tokenizers row by row (ids,
/// mask, offsets within each word, word_ids per window, overflow_to_sample_mapping), on MiniLM's WordPiece
/// and on SmolLM2's byte-level BPE (no space put before the words: transformers ignores add_prefix_space=True
/// for this tokenizer, whose pre-tokenizer is a Sequence). Fixture: scripts/record-word-windows.py.
final class WordWindowsTests: XCTestCase {
    private func cases(_ label: String) throws -> [[String: Any]] {
        let url = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/token-classification/word-windows.json")
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
              let cases = object[label] as? [[String: Any]] else { throw XCTSkip("word-windows.json lacks \(label)") }
        return cases
    }

    private func tokenizer(_ label: String) throws -> any Tokenizer {
        if label == "smollm2" { return try SmolLM2Tokenizer.load().0 }
        guard let dir = Fixtures.demoAsset(WordPieceFixtureTests.modelDir) else { throw XCTSkip("MiniLM demo asset missing (run `make assets`)") }
        return try loadTokenizer(from: dir)
    }

    private func check(_ label: String) throws {
        let tokenizer = try tokenizer(label)
        let cases = try cases(label)
        XCTAssertEqual(cases.count, 5)
        for item in cases {
            let name = item["name"] as? String ?? "?"
            let kwargs = item["kwargs"] as? [String: Any] ?? [:]
            let batch: [[String]]
            if let one = item["words"] as? [String] { batch = [one] } else { batch = item["words"] as? [[String]] ?? [] }
            XCTAssertFalse(batch.isEmpty, name)
            let padding: PaddingStrategy
            switch kwargs["padding"] {
            case let s as String where s == "max_length": padding = .maxLength
            case let b as Bool where b: padding = .longest
            default: padding = .doNotPad
            }
            let overflowing = kwargs["return_overflowing_tokens"] as? Bool ?? false
            let encoded = try tokenizer.encodeBatch(words: batch, padding: padding,
                                                    truncation: kwargs["truncation"] as? Bool == true ? .longestFirst : .doNotTruncate,
                                                    maxLength: (kwargs["max_length"] as? NSNumber)?.intValue,
                                                    stride: (kwargs["stride"] as? NSNumber)?.intValue ?? 0, offsets: true, overflowing: overflowing)
            let rows = item["rows"] as? [[String: Any]] ?? []
            XCTAssertEqual(encoded.count, rows.count, "[\(label) \(name)] number of rows")
            if overflowing {
                XCTAssertEqual(encoded.overflowToSampleMapping, intArray(item["overflow_to_sample_mapping"]), "[\(label) \(name)] sample mapping")
            }
            for (r, (row, encoding)) in zip(rows, encoded.encodings).enumerated() {
                let at = "[\(label) \(name)] row \(r)"
                XCTAssertEqual(encoding.ids, intArray(row["input_ids"]), at)
                XCTAssertEqual(encoding.attentionMask, intArray(row["attention_mask"]), at)
                XCTAssertEqual(encoding.offsets, (row["offset_mapping"] as? [[Int]] ?? []).map { TokenSpan($0[0], $0[1]) }, at)
                XCTAssertEqual(encoding.wordIds, (row["word_ids"] as? [Any] ?? []).map { ($0 as? NSNumber)?.intValue }, at)
            }
        }
    }

    func testMiniLMWordWindowsEqualTransformers() throws { try check("minilm") }
    func testSmolLM2WordWindowsEqualTransformers() throws { try check("smollm2") }

    /// Without offsets or windows the fast path (`encode(words:)`) gives the same ids and word ids.
    func testWordWindowsAgreeWithThePlainWordPath() throws {
        let tokenizer = try tokenizer("minilm")
        let words = [["Empire", "State", "Building", "=", "ESB", "!"], ["Café", "Müller", "", "opened"]]
        let plain = try tokenizer.encodeBatch(words: words, truncation: .longestFirst, maxLength: 6)
        let windowed = try tokenizer.encodeBatch(words: words, truncation: .longestFirst, maxLength: 6, offsets: true)
        XCTAssertEqual(plain.encodings.map(\.ids), windowed.encodings.map(\.ids))
        XCTAssertEqual(plain.encodings.map(\.wordIds), windowed.encodings.map(\.wordIds))
    }
}
