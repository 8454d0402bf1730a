import XCTest
@testable import Models
import TensorCore

/// The step-by-step attention used in training mode (for attention dropout) must equal the fused
/// kernel: masks, causality and grouped-query heads included.
final class AttentionMathTests: XCTestCase {
    func testTrainingPathMatchesFusedKernel() throws {
        let generator = RandomGenerator(seed: 3)
        let q = try Tensor.normal([2, 4, 5, 8], generator: generator)
        let k = try Tensor.normal([2, 2, 5, 8], generator: generator)
        let v = try Tensor.normal([2, 2, 5, 8], generator: generator)
        let mask = try IntTensor(shape: [2, 5], values: [1, 1, 1, 0, 0, 1, 1, 1, 1, 1])
        for causal in [false, true] {
            let fused = try AttentionMath.attend(query: q, key: k, value: v, paddingMask: mask, causal: causal,
                                                 dropout: 0, training: false, randomness: RandomSource(seed: 1))
            // p = 1e-9: dropout keeps every value (scale 1/(1−p) ≈ 1), so only the arithmetic differs.
            let stepwise = try AttentionMath.attend(query: q, key: k, value: v, paddingMask: mask, causal: causal,
                                                    dropout: 1e-9, training: true, randomness: RandomSource(seed: 1))
            XCTAssertEqual(fused.shape, stepwise.shape)
            for (a, b) in zip(try fused.contiguous().toArray(), try stepwise.contiguous().toArray()) {
                XCTAssertEqual(a, b, accuracy: 1e-5, "causal \(causal)")
            }
        }
    }
}
