import CKernels
import Foundation
import XCTest
import TensorCore

/// The decoding step's own loops in CKernels (lr_decode_ops.c, used by the integer path): RMSNorm,
/// residual add and attention over a KV cache on every instruction-set level this CPU runs, against
/// Double arithmetic; and the vectorised activation quantizer, bit for bit against the portable one.
final class DecodeStepKernelTests: XCTestCase {
    var levels: [Int32] { Array(Int32(LRQ_PORTABLE)...lrq_best_level()) }

    override func tearDown() {
        lrq_set_level(lrq_best_level())
        super.tearDown()
    }

    func values(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        let generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in Float(generator.nextNormal()) * scale }
    }

    /// Every level gives the same blocks, including halves that round to even, an all-zero block, a
    /// negative peak and a NaN (ignored by the peak, clamped to +127).
    func testQuantizedBlocksAreTheSameOnEveryLevel() {
        var x = values(32 * 48, seed: 5, scale: 3)
        x[64..<96] = ArraySlice(repeating: 0, count: 32)
        for i in 96..<128 { x[i] = Float(i - 112) * 0.5 }  // peak 8: x · 127/8 hits halves
        x[130] = -40
        x[200] = .nan
        var reference: [lrq_block_q8] = []
        for level in levels {
            lrq_set_level(level)
            var blocks = [lrq_block_q8](repeating: lrq_block_q8(), count: 48)
            x.withUnsafeBufferPointer { input in
                blocks.withUnsafeMutableBufferPointer { output in
                    if let i = input.baseAddress, let o = output.baseAddress { lrq_quantize_row(i, Int32(x.count), o) }
                }
            }
            if reference.isEmpty { reference = blocks; continue }
            for (b, (got, expected)) in zip(blocks, reference).enumerated() {
                XCTAssertEqual(got.d, expected.d, "block \(b) scale at \(String(cString: lrq_level_name(level)))")
                XCTAssertEqual(got.sum, expected.sum, "block \(b) sum")
                XCTAssertEqual(withUnsafeBytes(of: got.q) { Array($0) }, withUnsafeBytes(of: expected.q) { Array($0) }, "block \(b) bytes")
            }
        }
        let nanBlock = reference[200 / 32]
        XCTAssertEqual(withUnsafeBytes(of: nanBlock.q) { Array($0.bindMemory(to: Int8.self)) }[200 % 32], 127)
    }

    func testRMSNormAndResidualMatchDoubleArithmetic() {
        let n = 581  // a scalar tail after the vector lanes
        let x = values(n, seed: 7, scale: 2), weight = values(n, seed: 8)
        let mean = x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(n)
        let rstd = 1 / (mean + 1e-5).squareRoot()
        for level in levels {
            lrq_set_level(level)
            var y = [Float](repeating: 0, count: n)
            lrq_rms_norm(x, weight, Int32(n), 1e-5, &y)
            for i in 0..<n {
                let expected = Double(x[i]) * rstd * Double(weight[i])
                XCTAssertEqual(Double(y[i]), expected, accuracy: 2e-6 * max(1, abs(expected)), "value \(i) at level \(level)")
            }
            var sum = x
            lrq_add(&sum, weight, Int32(n))
            XCTAssertEqual(sum, zip(x, weight).map { $0 + $1 })
        }
    }

    /// Grouped-query attention (6 query heads on 2 KV heads) over a cache with room for more positions,
    /// head sizes that take the 512-bit, 256-bit and portable loops, lengths with vector tails.
    func testAttentionMatchesDoubleSoftmax() {
        let heads = 6, kvHeads = 2, capacity = 40
        for headDim in [64, 24, 12] {
            for length in [1, 17, 33] {
                let q = values(heads * headDim, seed: 11, scale: 2)
                let keys = values(kvHeads * capacity * headDim, seed: 12, scale: 2), cached = values(kvHeads * capacity * headDim, seed: 13)
                let scale = 1 / Float(headDim).squareRoot()
                var expected = [Double](repeating: 0, count: heads * headDim)
                for h in 0..<heads {
                    let kv = h / (heads / kvHeads)
                    let scores = (0..<length).map { s in
                        (0..<headDim).reduce(0.0) { $0 + Double(q[h * headDim + $1]) * Double(keys[(kv * capacity + s) * headDim + $1]) } * Double(scale)
                    }
                    let peak = scores.max() ?? 0
                    let weights = scores.map { Foundation.exp($0 - peak) }
                    let total = weights.reduce(0, +)
                    for d in 0..<headDim {
                        expected[h * headDim + d] = (0..<length).reduce(0.0) { $0 + weights[$1] * Double(cached[(kv * capacity + $1) * headDim + d]) } / total
                    }
                }
                for level in levels {
                    lrq_set_level(level)
                    var scratch = [Float](repeating: 0, count: capacity), out = [Float](repeating: 0, count: heads * headDim)
                    lrq_attend(q, keys, cached, Int32(heads), Int32(kvHeads), Int32(headDim), capacity * headDim, Int32(length), scale, &scratch, &out)
                    for i in 0..<out.count {
                        XCTAssertEqual(Double(out[i]), expected[i], accuracy: 2e-6 * max(1, abs(expected[i])),
                                       "head size \(headDim), \(length) positions, value \(i), level \(level)")
                    }
                }
            }
        }
    }
}
