import TestSupport
import XCTest
@testable import TensorCore

/// Empty and degenerate shapes must give empty results or clear errors, never a trap.
final class EdgeCaseTests: XCTestCase {
    func testZeroSizedTensorsFlowThroughKernels() throws {
        let empty = try Tensor.zeros([0, 4])
        let w = try Helpers.parameter([3, 4], seed: 1), bias = try Helpers.parameter([3], seed: 2)
        XCTAssertEqual(try Tensor.linear(empty, weight: w, bias: bias).shape, [0, 3])
        XCTAssertEqual(try empty.matmul(Tensor.zeros([4, 2])).shape, [0, 2])
        XCTAssertEqual(try Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3])).toArray(), [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try empty.softmax(axis: -1).shape, [0, 4])
        XCTAssertEqual(try empty.logSoftmax(axis: -1).shape, [0, 4])
        XCTAssertEqual(try empty.layerNorm(weight: nil, bias: nil).shape, [0, 4])
        XCTAssertEqual(try empty.rmsNorm(weight: nil).shape, [0, 4])
        XCTAssertEqual(empty.gelu().shape, [0, 4])
        XCTAssertEqual(try empty.sum(axis: 0).toArray(), [0, 0, 0, 0])
        XCTAssertEqual(try empty.dropout(p: 0.5, generator: RandomGenerator(seed: 1)).shape, [0, 4])
        XCTAssertEqual(try Tensor.embedding(ids: IntTensor([]), weight: w).shape, [0, 4])
        XCTAssertThrowsError(try empty.max(axis: 0))
        XCTAssertThrowsError(try empty.argmax(axis: 0))
        XCTAssertTrue(try Tensor.crossEntropy(logits: empty, labels: IntTensor([])).item().isNaN)
        let loss = try Tensor.linear(empty, weight: w, bias: bias).sum()
        try loss.backward()
        XCTAssertEqual(w.grad?.toArray(), [Float](repeating: 0, count: 12))
        XCTAssertEqual(bias.grad?.toArray(), [0, 0, 0])
        let q = try Tensor.zeros([0, 2, 3, 4])
        XCTAssertEqual(try Tensor.scaledDotProductAttention(query: q, key: q, value: q).shape, [0, 2, 3, 4])
    }

    func testStack() throws {
        let a = try Helpers.parameter([2, 3], seed: 3), b = try Helpers.parameter([2, 3], seed: 4)
        let stacked = try Tensor.stack([a, b], axis: 1)
        XCTAssertEqual(stacked.shape, [2, 2, 3])
        XCTAssertEqual(try stacked.select(axis: 1, index: 1).toArray(), b.toArray())
        try Helpers.checkGradients([a, b]) { try Tensor.stack($0, axis: -1) }
        XCTAssertThrowsError(try Tensor.stack([a, Tensor.zeros([3, 2])]))
    }

    func testScalarsAndBadArguments() throws {
        let scalar = Tensor(scalar: 3)
        XCTAssertEqual(try scalar.item(), 3)
        XCTAssertEqual(try (scalar * scalar).item(), 9)
        XCTAssertThrowsError(try Tensor(shape: [2, -1], values: []))
        XCTAssertThrowsError(try Tensor.zeros([-3]))
        XCTAssertThrowsError(try Tensor.zeros([2, 2]).item())
        XCTAssertThrowsError(try Tensor.zeros([2, 2]).value(at: [0]))
        XCTAssertThrowsError(try Tensor.zeros([2, 2]).softmax(axis: 2))
        XCTAssertThrowsError(try Tensor.zeros([2, 2]).transpose(0, 5))
        XCTAssertThrowsError(try Tensor.zeros([2, 2]).assign([1, 2, 3]))
    }
}
