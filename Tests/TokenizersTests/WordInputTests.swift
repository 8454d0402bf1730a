import XCTest
@testable import Tokenizers

/// `tokenizer(words, is_split_into_words=True)` and `word_ids()`, plus the token offsets of the NER pipeline.
final class WordInputTests: XCTestCase {
    func tokenizer() throws -> WordPieceTokenizer {
        let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "empire", "state", "build", "##ing", "=", "es", "##b", "!", "new", "york"]
        return try WordPieceTokenizer(vocab: Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($1, $0) }))
    }

    func testWordIdsFollowEveryPieceOfAWord() throws {
        let encoding = try tokenizer().encode(words: ["Empire", "State", "Building", "=", "ESB!", "Zürich"])
        XCTAssertEqual(encoding.tokens, ["[CLS]", "empire", "state", "build", "##ing", "=", "es", "##b", "!", "[UNK]", "[SEP]"])
        XCTAssertEqual(encoding.wordIds, [nil, 0, 1, 2, 2, 3, 4, 4, 4, 5, nil])
    }

    func testTruncationAndPaddingKeepWordIdsAligned() throws {
        let batch = try tokenizer().encodeBatch(words: [["Empire", "State", "Building"], ["New", "York", "Building", "ESB"]], padding: .longest,
                                                truncation: .longestFirst, maxLength: 5)
        XCTAssertEqual(batch.encodings[0].wordIds, [nil, 0, 1, 2, nil])
        XCTAssertEqual(batch.encodings[1].wordIds, [nil, 0, 1, 2, nil])
        let padded = try tokenizer().encodeBatch(words: [["Empire"], ["New", "York"]], padding: .longest)
        XCTAssertEqual(padded.encodings[0].wordIds, [nil, 0, nil, nil])
        XCTAssertEqual(padded.encodings[0].attentionMask, [1, 1, 1, 0])
    }

    /// Offsets count code points of the original text; a piece whose normalized word changes length spans the word.
    func testOffsetsOfPiecesInTheOriginalText() throws {
        let (ids, offsets) = try tokenizer().idsWithOffsets("New York  Building=ESB")
        XCTAssertEqual(ids.count, offsets.count)
        XCTAssertEqual(offsets.map { [$0.start, $0.end] }, [[0, 3], [4, 8], [10, 15], [15, 18], [18, 19], [19, 21], [21, 22]])
        XCTAssertEqual(try tokenizer().tokensToString(["build", "##ing", "es", "##b"]), "building esb")
    }
}
