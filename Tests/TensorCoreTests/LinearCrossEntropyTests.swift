import TestSupport
import XCTest
@testable import TensorCore

/// `crossEntropyOfLinear` (logit gradient made slab by slab and multiplied straight into the input's)
/// against `crossEntropy(linear(...))` and finite differences.
final class LinearCrossEntropyTests: XCTestCase {
    func testMatchesCrossEntropyOfLinearAcrossSeveralSlabs() throws {
        // 9,000 classes: two full 4,096-column slabs and a partial one; labels in each, one ignored row.
        let vocab = 9_000, hidden = 16
        let input = try Helpers.parameter([2, 3, hidden], seed: 31), weight = try Helpers.parameter([vocab, hidden], seed: 32, scale: 0.5)
        let labels = try IntTensor(shape: [6], values: [5, 4_100, -100, 8_999, 8_200, 0])
        let logits = try Tensor.linear(input, weight: weight)
        let fused = try Tensor.crossEntropyOfLinear(input: input, weight: weight, labels: labels, logits: logits.reshape([6, vocab]))
        try fused.backward()
        let fusedInput = try XCTUnwrap(input.grad).toArray(), fusedWeight = try XCTUnwrap(weight.grad).toArray()
        input.zeroGrad(); weight.zeroGrad()
        let separate = try Tensor.crossEntropy(logits: Tensor.linear(input, weight: weight).reshape([6, vocab]), labels: labels)
        try separate.backward()
        XCTAssertEqual(try fused.item(), try separate.item(), "the loss is cross_entropy's own value")
        assertClose(fusedInput, try XCTUnwrap(input.grad).toArray(), atol: 1e-6, rtol: 1e-5, "input gradient")
        assertClose(fusedWeight, try XCTUnwrap(weight.grad).toArray(), atol: 1e-7, rtol: 1e-5, "weight gradient")
        // The ignored row gets no gradient.
        XCTAssertEqual(Array(fusedInput[(2 * hidden)..<(3 * hidden)]), [Float](repeating: 0, count: hidden))
    }

    func testGradientsAgainstFiniteDifferences() throws {
        let input = try Helpers.parameter([4, 5], seed: 41), weight = try Helpers.parameter([7, 5], seed: 42)
        let labels = try IntTensor(shape: [4], values: [3, -100, 6, 0])
        try Helpers.checkGradients([input, weight]) { values in
            try Tensor.crossEntropyOfLinear(input: values[0], weight: values[1], labels: labels)
        }
    }

    func testFrozenWeightGetsNoGradientAndLogitsStayDifferentiable() throws {
        let input = try Helpers.parameter([3, 4], seed: 51), weight = try Helpers.random([6, 4], seed: 52)
        let labels = try IntTensor(shape: [3], values: [1, 2, 5])
        let logits = try Tensor.linear(input, weight: weight)
        let loss = try Tensor.crossEntropyOfLinear(input: input, weight: weight, labels: labels, logits: logits)
        // loss + Σ logits: both paths reach the input.
        try loss.adding(logits.sum()).backward()
        XCTAssertNil(weight.grad)
        let combined = try XCTUnwrap(input.grad).toArray()
        input.zeroGrad()
        try Tensor.crossEntropy(logits: Tensor.linear(input, weight: weight), labels: labels)
            .adding(Tensor.linear(input, weight: weight).sum()).backward()
        assertClose(combined, try XCTUnwrap(input.grad).toArray(), atol: 1e-6, rtol: 1e-5, "input gradient through both paths")
    }

    func testShapeMismatchAndBadLabelsAreErrors() throws {
        let input = try Tensor.zeros([2, 4]), weight = try Tensor.zeros([5, 4])
        XCTAssertThrowsError(try Tensor.crossEntropyOfLinear(input: input, weight: weight, labels: IntTensor(shape: [2], values: [0, 1]),
                                                             logits: Tensor.zeros([2, 6])))
        XCTAssertThrowsError(try Tensor.crossEntropyOfLinear(input: input, weight: Tensor.zeros([5, 3]), labels: IntTensor(shape: [2], values: [0, 1])))
        XCTAssertThrowsError(try Tensor.crossEntropyOfLinear(input: input, weight: weight, labels: IntTensor(shape: [3], values: [0, 1, 2])))
        XCTAssertThrowsError(try Tensor.crossEntropyOfLinear(input: input, weight: weight, labels: IntTensor(shape: [2], values: [0, 9]))) { error in
            XCTAssertTrue("\(error)".contains("outside"), "\(error)")
        }
    }

    /// Logits are made only for labelled rows: the same loss and gradients as the full product, with or
    /// without the caller's logits, and NaN with zero gradients when nothing is labelled.
    func testOnlyLabelledRowsAreMultiplied() throws {
        let vocab = 5_000, hidden = 8
        let input = try Helpers.parameter([2, 4, hidden], seed: 61), weight = try Helpers.parameter([vocab, hidden], seed: 62, scale: 0.5)
        let labels = try IntTensor(shape: [8], values: [-100, -100, 17, 4_999, -100, 3, -100, -100])
        var results: [(Float, [Float], [Float])] = []
        for variant in 0..<3 {
            input.zeroGrad(); weight.zeroGrad()
            let loss: Tensor
            switch variant {
            case 0: loss = try Tensor.crossEntropy(logits: Tensor.linear(input, weight: weight).reshape([8, vocab]), labels: labels)
            case 1: loss = try Tensor.crossEntropyOfLinear(input: input, weight: weight, labels: labels)
            default: loss = try Tensor.crossEntropyOfLinear(input: input, weight: weight, labels: labels, logits: Tensor.linear(input, weight: weight))
            }
            try loss.backward()
            results.append((try loss.item(), try XCTUnwrap(input.grad).toArray(), try XCTUnwrap(weight.grad).toArray()))
        }
        for variant in 1..<3 {
            XCTAssertEqual(results[variant].0, results[0].0, accuracy: 1e-6 * abs(results[0].0))
            assertClose(results[variant].1, results[0].1, atol: 1e-6, rtol: 1e-5, "input gradient \(variant)")
            assertClose(results[variant].2, results[0].2, atol: 1e-7, rtol: 1e-5, "weight gradient \(variant)")
            XCTAssertEqual(Array(results[variant].1[0..<(2 * hidden)]), [Float](repeating: 0, count: 2 * hidden), "ignored rows")
        }
        input.zeroGrad()
        let none = try Tensor.crossEntropyOfLinear(input: input, weight: weight, labels: IntTensor(shape: [8], values: Array(repeating: -100, count: 8)))
        XCTAssertTrue(try none.item().isNaN, "a mean over no labels is NaN, as in PyTorch")
        try none.backward()
        XCTAssertTrue(try XCTUnwrap(input.grad).toArray().allSatisfy { $0 == 0 })
    }
}
