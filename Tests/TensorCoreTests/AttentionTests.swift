import Foundation
import TestSupport
import XCTest
@testable import TensorCore

final class AttentionTests: XCTestCase {
    /// Naive attention in Double with HF's semantics (masked keys get probability 0).
    static func naive(q: Tensor, k: Tensor, v: Tensor, mask: [Int32]?, causal: Bool, dropMask: [Float]? = nil) -> [Float] {
        let (b, hq, t, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let (hk, s, dv) = (k.shape[1], k.shape[2], v.shape[3])
        let qv = q.toArray(), kv = k.toArray(), vv = v.toArray()
        var out = [Float](repeating: 0, count: b * hq * t * dv)
        for batch in 0..<b {
            for head in 0..<hq {
                let kvHead = head / (hq / hk)
                for i in 0..<t {
                    var scores = [Double](repeating: -.infinity, count: s)
                    for j in 0..<s {
                        let visible = (mask?[batch * s + j] ?? 1) != 0 && (!causal || j <= i + s - t)
                        guard visible else { continue }
                        var dot = 0.0
                        for e in 0..<d {
                            dot += Double(qv[((batch * hq + head) * t + i) * d + e]) * Double(kv[((batch * hk + kvHead) * s + j) * d + e])
                        }
                        scores[j] = dot / Double(d).squareRoot()
                    }
                    let maximum = scores.max() ?? 0
                    let weights = scores.map { $0 == -.infinity ? 0 : Foundation.exp($0 - maximum) }
                    let total = weights.reduce(0, +)
                    let row = (batch * hq + head) * t + i
                    for e in 0..<dv {
                        var value = 0.0
                        for j in 0..<s {
                            let keep = Double(dropMask?[row * s + j] ?? 1)
                            value += weights[j] / total * keep * Double(vv[((batch * hk + kvHead) * s + j) * dv + e])
                        }
                        out[((batch * hq + head) * t + i) * dv + e] = Float(value)
                    }
                }
            }
        }
        return out
    }

    func testPaddingCausalAndGroupedQueryAgainstNaive() throws {
        let (b, hq, hk, t, d) = (2, 6, 2, 7, 5)
        let q = try Helpers.random([b, hq, t, d], seed: 1), k = try Helpers.random([b, hk, t, d], seed: 2)
        let v = try Helpers.random([b, hk, t, 3], seed: 3)
        let mask: [Int32] = [1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1]
        for causal in [false, true] {
            for padding in [nil, mask] {
                let out = try Tensor.scaledDotProductAttention(query: q, key: k, value: v,
                                                               paddingMask: try padding.map { try IntTensor(shape: [b, t], values: $0) },
                                                               causal: causal)
                XCTAssertEqual(out.shape, [b, hq, t, 3])
                assertClose(out, Self.naive(q: q, k: k, v: v, mask: padding, causal: causal), atol: 1e-5,
                            "causal \(causal) padding \(padding != nil)")
            }
        }
    }

    /// Queries shorter than keys (generation with a cache): causal alignment is to the end.
    func testCausalWithFewerQueriesThanKeys() throws {
        let q = try Helpers.random([1, 2, 2, 4], seed: 4), k = try Helpers.random([1, 2, 5, 4], seed: 5)
        let v = try Helpers.random([1, 2, 5, 4], seed: 6)
        let out = try Tensor.scaledDotProductAttention(query: q, key: k, value: v, causal: true)
        assertClose(out, Self.naive(q: q, k: k, v: v, mask: nil, causal: true), atol: 1e-5)
    }

    /// A NaN query makes its rows NaN, as in PyTorch: it must not be taken for a fully masked row
    /// (which attends uniformly), or NaN weights would train on silently instead of stopping.
    func testNaNScoresPropagateInsteadOfLookingMasked() throws {
        let q = try Helpers.random([1, 1, 3, 4], seed: 40), k = try Helpers.random([1, 1, 3, 4], seed: 41)
        let v = try Helpers.random([1, 1, 3, 4], seed: 42)
        try q.withUnsafeMutableBufferPointer { $0[0] = .nan }  // query row 0
        let out = try Tensor.scaledDotProductAttention(query: q, key: k, value: v, causal: true).toArray()
        XCTAssertTrue(out[0..<4].allSatisfy { $0.isNaN }, "\(out)")
        XCTAssertTrue(out[4..<12].allSatisfy { $0.isFinite }, "\(out)")
    }

    /// Projections laid out `[B, T, H, D]` and permuted are read in place; the output's
    /// transpose(1, 2) is contiguous.
    func testPermutedInputsAndContiguousTransposedOutput() throws {
        let qFlat = try Helpers.random([2, 7, 4, 8], seed: 7), kFlat = try Helpers.random([2, 7, 4, 8], seed: 8)
        let vFlat = try Helpers.random([2, 7, 4, 8], seed: 9)
        let q = try qFlat.permute([0, 2, 1, 3]), k = try kFlat.permute([0, 2, 1, 3]), v = try vFlat.permute([0, 2, 1, 3])
        let out = try Tensor.scaledDotProductAttention(query: q, key: k, value: v)
        assertClose(out, Self.naive(q: q.copy(), k: k.copy(), v: v.copy(), mask: nil, causal: false), atol: 1e-5)
        XCTAssertTrue(try out.transpose(1, 2).isContiguous)
        XCTAssertTrue(try out.transpose(1, 2).reshape([2, 7, 32]).storage === out.storage)
    }

    /// Attention dropout uses the same block-seeded mask as `dropout` over the `[B, H, T, S]` weights.
    func testAttentionDropoutAgainstNaiveAndGradients() throws {
        let q = try Helpers.parameter([2, 4, 3, 4], seed: 30), k = try Helpers.parameter([2, 2, 5, 4], seed: 31)
        let v = try Helpers.parameter([2, 2, 5, 3], seed: 32)
        let mask = try IntTensor(shape: [2, 5], values: [1, 1, 1, 0, 1, 1, 1, 1, 1, 1])
        let out = try Tensor.scaledDotProductAttention(query: q, key: k, value: v, paddingMask: mask, dropout: 0.3,
                                                       generator: RandomGenerator(seed: 5))
        let dropMask = try Tensor.ones([2 * 4 * 3 * 5]).dropout(p: 0.3, generator: RandomGenerator(seed: 5)).toArray()
        assertClose(out, Self.naive(q: q, k: k, v: v, mask: mask.values, causal: false, dropMask: dropMask), atol: 1e-5)
        try Helpers.checkGradients([q, k, v]) { inputs in
            try Tensor.scaledDotProductAttention(query: inputs[0], key: inputs[1], value: inputs[2], paddingMask: mask, causal: true,
                                                 dropout: 0.3, generator: RandomGenerator(seed: 6))
        }
        XCTAssertThrowsError(try Tensor.scaledDotProductAttention(query: q, key: k, value: v, dropout: 0.1))
    }

    func testBadShapesThrow() throws {
        let q = try Tensor.zeros([1, 3, 4, 8]), k = try Tensor.zeros([1, 2, 4, 8])
        XCTAssertThrowsError(try Tensor.scaledDotProductAttention(query: q, key: k, value: k)) { error in
            XCTAssertTrue("\(error)".contains("not a multiple"))
        }
        XCTAssertThrowsError(try Tensor.scaledDotProductAttention(query: k, key: k, value: k, paddingMask: IntTensor([1, 1])))
    }

    func testAttentionGradientsWithMasksAndGroups() throws {
        let q = try Helpers.parameter([2, 4, 3, 4], seed: 10), k = try Helpers.parameter([2, 2, 5, 4], seed: 11)
        let v = try Helpers.parameter([2, 2, 5, 3], seed: 12)
        let mask = try IntTensor(shape: [2, 5], values: [1, 1, 1, 0, 1, 1, 1, 1, 1, 1])
        for causal in [false, true] {
            try Helpers.checkGradients([q, k, v]) { inputs in
                try Tensor.scaledDotProductAttention(query: inputs[0], key: inputs[1], value: inputs[2], paddingMask: mask, causal: causal)
            }
        }
    }

    /// Gradients through permuted (strided) inputs, as a model produces them.
    func testAttentionGradientsThroughPermutedProjections() throws {
        let x = try Helpers.parameter([2, 3, 2, 4], seed: 13)  // [B, T, H, D]
        try Helpers.checkGradients([x]) { inputs in
            let heads = try inputs[0].permute([0, 2, 1, 3])
            return try Tensor.scaledDotProductAttention(query: heads, key: heads, value: heads).transpose(1, 2).reshape([2, 3, 8])
        }
    }
}

extension AttentionTests {
    /// Many (batch, head) products run concurrently on both cores: results must not change.
    func testManyHeadsInParallelMatchNaive() throws {
        let q = try Helpers.random([4, 12, 16, 8], seed: 20), k = try Helpers.random([4, 12, 16, 8], seed: 21)
        let v = try Helpers.random([4, 12, 16, 8], seed: 22)
        let expected = Self.naive(q: q, k: k, v: v, mask: nil, causal: true)
        for _ in 0..<3 {
            assertClose(try Tensor.scaledDotProductAttention(query: q, key: k, value: v, causal: true), expected, atol: 1e-5)
        }
    }
}
