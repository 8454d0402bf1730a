import TestSupport
import XCTest
@testable import TensorCore

final class AutogradTests: XCTestCase {
    func testGradientsAccumulateAcrossBackwardCalls() throws {
        let w = try Tensor(shape: [2], values: [1, 2]); w.requiresGrad = true
        try (w * 3).sum().backward()
        try (w * 3).sum().backward()
        XCTAssertEqual(w.grad?.toArray(), [6, 6])
        w.zeroGrad()
        XCTAssertNil(w.grad)
    }

    func testReusedInputSumsBothPaths() throws {
        let x = try Tensor(shape: [3], values: [1, -2, 3]); x.requiresGrad = true
        try (x * x).sum().backward()  // d/dx x² = 2x
        XCTAssertEqual(x.grad?.toArray(), [2, -4, 6])
    }

    func testFrozenWeightsGetNoGradientAndNoGraphWithoutTrainables() throws {
        let frozen = try Helpers.random([4, 3], seed: 1)
        let adapter = try Helpers.parameter([4, 4], seed: 2)
        let x = try Helpers.random([5, 3], seed: 3)
        let hidden = try Tensor.linear(x, weight: frozen)
        XCTAssertFalse(hidden.requiresGrad, "nothing trainable upstream → no graph")
        XCTAssertTrue(hidden.isLeaf)
        let out = try Tensor.linear(hidden, weight: adapter).gelu().mean()
        try out.backward()
        XCTAssertNil(frozen.grad)
        XCTAssertNotNil(adapter.grad)
    }

    func testNoGradScopeRecordsNothing() throws {
        let w = try Helpers.parameter([3], seed: 4)
        let y = Autograd.noGrad { w * 2 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue(Autograd.isEnabled)
        XCTAssertThrowsError(try y.sum().backward()) { error in
            XCTAssertTrue("\(error)".contains("does not require gradients"))
        }
    }

    func testBackwardNeedsScalarOrGradient() throws {
        let w = try Helpers.parameter([3], seed: 5)
        let y = w * 2
        XCTAssertThrowsError(try y.backward())
        try y.backward(gradient: Tensor([1, 0, 2]))
        XCTAssertEqual(w.grad?.toArray(), [2, 0, 4])
    }

    func testGraphIsReleasedAfterBackward() throws {
        let w = try Helpers.parameter([3], seed: 6)
        let y = (w * 2).sum()
        try y.backward()
        XCTAssertTrue(y.isLeaf, "graph freed")
        let z = (w * 2).sum()
        try z.backward(retainGraph: true)
        XCTAssertFalse(z.isLeaf)
        try z.backward()
        XCTAssertEqual(w.grad?.toArray(), [6, 6, 6])
    }

    func testDetachedStopsGradient() throws {
        let w = try Helpers.parameter([2], seed: 7)
        let y = try (w * w.detached()).sum()
        try y.backward()
        assertClose(w.grad?.toArray() ?? [], w.toArray())
    }
}
