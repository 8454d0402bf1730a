import XCTest
@testable import WeightIO

final class LlamaPermutationTests: XCTestCase {
    /// `convert_hf_to_gguf.py`: w.reshape(heads, 2, d/2, in).swapaxes(1, 2).reshape(out, in). With head size 4,
    /// a head's HF rows [r0, r1 | r2, r3] become [[r0, r1], [r2, r3]] → swapaxes → [[r0, r2], [r1, r3]] → [r0, r2, r1, r3].
    func testForwardPermutationMatchesTheConverterByHand() throws {
        let hf: [Float] = (0..<8).flatMap { r in [Float(r), Float(r) + 0.5] }  // 8 rows × 2 columns, row r = [r, r + 0.5]
        let gguf = try LlamaQKPermutation.apply(hf, rows: 8, columns: 2, heads: 2)
        let storedRows = stride(from: 0, to: 16, by: 2).map { Int(gguf[$0]) }
        XCTAssertEqual(storedRows, [0, 2, 1, 3, 4, 6, 5, 7])
        XCTAssertEqual(gguf[3], 2.5)  // stored row 1 is HF row 2
        // Head size 6: [r0 r1 r2 | r3 r4 r5] → [[r0, r3], [r1, r4], [r2, r5]] → [r0, r3, r1, r4, r2, r5]
        let six = try LlamaQKPermutation.apply((0..<12).map(Float.init), rows: 12, columns: 1, heads: 2)
        XCTAssertEqual(six, [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11])
    }

    func testUndoInvertsTheForwardPermutation() throws {
        for (rows, heads, columns) in [(8, 2, 3), (576, 9, 4), (192, 3, 2), (64, 4, 5)] {
            let hf = (0..<(rows * columns)).map { Float($0) * 0.25 - 7 }
            let gguf = try LlamaQKPermutation.apply(hf, rows: rows, columns: columns, heads: heads)
            XCTAssertNotEqual(gguf, hf)
            XCTAssertEqual(try undoLlamaQKPermutation(gguf, rows: rows, columns: columns, heads: heads), hf)
        }
    }

    func testInvalidShapesAreErrors() {
        assertWeightIOError(.invalidArgument, mentions: ["9 heads"]) { try LlamaQKPermutation.storedRowForHFRow(rows: 10, heads: 9) }
        assertWeightIOError(.invalidArgument, mentions: ["3 heads"]) { try LlamaQKPermutation.storedRowForHFRow(rows: 9, heads: 3) }
        assertWeightIOError(.invalidArgument, mentions: ["expected 4 × 2"]) { try undoLlamaQKPermutation([1, 2], rows: 4, columns: 2, heads: 1) }
    }
}
