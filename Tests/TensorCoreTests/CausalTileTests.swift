import TestSupport
import XCTest
@testable import TensorCore

/// Causal attention computes only the tiles of the scores a query can see (`AttentionTiles`): outputs
/// and every gradient must equal the untiled computation, with left padding (rows that attend
/// uniformly), grouped-query heads, more keys than queries, dropout, and tiles that do not divide T.
final class CausalTileTests: XCTestCase {
    func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: IntTensor?, dropout: Float, tileRows: Int) throws -> [[Float]] {
        for tensor in [q, k, v] { tensor.zeroGrad() }
        let out = try Tensor.scaledDotProductAttention(query: q, key: k, value: v, paddingMask: mask, causal: true, scale: nil,
                                                       dropout: dropout, generator: dropout > 0 ? RandomGenerator(seed: 9) : nil,
                                                       tileRows: tileRows)
        // A loss that weights every output element differently, so each gradient entry matters.
        let weights = try Helpers.random(out.shape, seed: 77)
        try out.multiplying(weights).sum().backward()
        return [out.toArray()] + (try [q, k, v].map { try XCTUnwrap($0.grad).toArray() })
    }

    func testTiledEqualsUntiled() throws {
        let (b, hq, hk, d) = (3, 4, 2, 8)
        for (t, s) in [(70, 70), (67, 75), (64, 64)] {
            let q = try Helpers.parameter([b, hq, t, d], seed: 1), k = try Helpers.parameter([b, hk, s, d], seed: 2)
            let v = try Helpers.parameter([b, hk, s, 5], seed: 3)
            // Row 0 unpadded, row 1 left-padded by 20 keys (beyond the first query's reach), row 2 with a hole.
            var mask = [Int32](repeating: 1, count: b * s)
            for j in 0..<20 { mask[s + j] = 0 }
            for j in 30..<33 { mask[2 * s + j] = 0 }
            for padding in [nil, try IntTensor(shape: [b, s], values: mask)] {
                for dropout: Float in [0, 0.2] {
                    let untiled = try attention(q, k, v, mask: padding, dropout: dropout, tileRows: .max)
                    for rows in [16, 32] {
                        let tiled = try attention(q, k, v, mask: padding, dropout: dropout, tileRows: rows)
                        for (index, name) in ["output", "dQ", "dK", "dV"].enumerated() {
                            assertClose(tiled[index], untiled[index], atol: 1e-6, rtol: 1e-6,
                                        "\(name) T=\(t) S=\(s) padding \(padding != nil) dropout \(dropout) tile \(rows)")
                        }
                    }
                }
            }
        }
    }

    func testTilesSkipOnlyMaskedScores() {
        let tiles = AttentionTiles(batch: 2, queryLength: 96, keyLength: 100, causal: true,
                                   paddingMask: [Int32](repeating: 1, count: 200), rows: 32)
        XCTAssertEqual(tiles.queryTiles, [0..<32, 32..<64, 64..<96])
        XCTAssertEqual(tiles.queryTiles.map(tiles.scoreColumns), [36, 68, 100])
        XCTAssertEqual(tiles.keyTiles.map(tiles.firstQuery), [0, 28, 60, 92])
        XCTAssertEqual(tiles.uniformRowsEnd, 0)
        // Left padding of 10 keys: the first 6 queries (t + 4 < 10) see no key and attend uniformly.
        let padded = AttentionTiles(batch: 1, queryLength: 96, keyLength: 100, causal: true,
                                    paddingMask: [Int32](repeating: 0, count: 10) + [Int32](repeating: 1, count: 90), rows: 32)
        XCTAssertEqual(padded.uniformRowsEnd, 6)
        XCTAssertEqual(padded.weightColumns(0..<32), 100)
        XCTAssertEqual(padded.weightColumns(32..<64), 68)
        XCTAssertEqual(padded.firstQuery(64..<96), 0)
        XCTAssertEqual(padded.weightEnd(batch: 0, 5), 100)
        XCTAssertEqual(padded.weightEnd(batch: 0, 6), 11)
        // Not causal, or too short: one tile.
        XCTAssertEqual(AttentionTiles(batch: 1, queryLength: 96, keyLength: 96, causal: false, paddingMask: nil).queryTiles, [0..<96])
        XCTAssertEqual(AttentionTiles(batch: 1, queryLength: 40, keyLength: 40, causal: true, paddingMask: nil).queryTiles, [0..<40])
    }
}
