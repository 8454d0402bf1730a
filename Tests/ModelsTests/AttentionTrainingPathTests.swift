import XCTest
@testable import Models
import TensorCore
import TestSupport

/// Training-mode attention runs TensorCore's fused kernel with dropout; it must give the same values and
/// gradients (and draw the same dropout mask) as the step-by-step composition it replaced.
final class AttentionTrainingPathTests: XCTestCase {
    func testFusedTrainingAttentionEqualsStepByStep() throws {
        for (heads, kvHeads, causal) in [(4, 4, false), (6, 2, true)] {
            let batch = 2, length = 7, depth = 8
            func input(_ heads: Int, _ seed: UInt64) throws -> Tensor {
                let t = try Tensor.normal([batch, heads, length, depth], mean: 0, std: 1, generator: RandomGenerator(seed: seed))
                t.requiresGrad = true
                return t
            }
            let mask = try IntTensor(shape: [batch, length], values: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0])
            let projection = try Tensor.normal([batch, heads, length, depth], mean: 0, std: 1, generator: RandomGenerator(seed: 9))
            var results: [[Float]] = [], gradients: [[[Float]]] = []
            for fused in [true, false] {
                let q = try input(heads, 1), k = try input(kvHeads, 2), v = try input(kvHeads, 3)
                let randomness = RandomSource(seed: 77)
                let out = fused
                    ? try AttentionMath.attend(query: q, key: k, value: v, paddingMask: mask, causal: causal, dropout: 0.25,
                                               training: true, randomness: randomness)
                    : try AttentionMath.stepByStep(query: q, key: k, value: v, paddingMask: mask, causal: causal, dropout: 0.25,
                                                   randomness: randomness)
                try out.multiplying(projection).sum().backward()
                results.append(try out.contiguous().toArray())
                gradients.append(try [q, k, v].map { try XCTUnwrap($0.grad).toArray() })
            }
            assertClose(results[0], results[1], atol: 1e-5, rtol: 1e-5, "attention output, \(heads)/\(kvHeads) heads")
            for index in 0..<3 {
                assertClose(gradients[0][index], gradients[1][index], atol: 1e-5, rtol: 1e-4, "gradient \(index), \(heads)/\(kvHeads) heads")
            }
        }
    }
}
