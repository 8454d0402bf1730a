import TestSupport
import XCTest
@testable import TensorCore

final class LoRALinearTests: XCTestCase {
    func composed(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ a: Tensor, _ b: Tensor, scaling: Float, p: Float, seed: UInt64) throws -> Tensor {
        let dropped = try x.dropout(p: p, generator: RandomGenerator(seed: seed))
        let delta = try Tensor.linear(Tensor.linear(dropped, weight: a), weight: b)
        return try Tensor.linear(x, weight: w, bias: bias) + delta * scaling
    }

    func testMatchesComposedOpsWithAndWithoutDropout() throws {
        let x = try Helpers.random([2, 7, 13], seed: 1), w = try Helpers.random([29, 13], seed: 2), bias = try Helpers.random([29], seed: 3)
        let a = try Helpers.random([4, 13], seed: 4), b = try Helpers.random([29, 4], seed: 5)
        for p: Float in [0, 0.3] {
            let fused = try Tensor.loraLinear(x, weight: w, bias: bias, loraA: a, loraB: b, scaling: 2, dropout: p,
                                              generator: RandomGenerator(seed: 9))
            assertClose(fused, try composed(x, w, bias, a, b, scaling: 2, p: p, seed: 9), atol: 1e-5, "p = \(p)")
        }
        let eval = try Tensor.loraLinear(x, weight: w, bias: nil, loraA: a, loraB: b, scaling: 0.5, dropout: 0.3,
                                         generator: RandomGenerator(seed: 9), training: false)
        assertClose(eval, try composed(x, w, nil, a, b, scaling: 0.5, p: 0, seed: 9), atol: 1e-5)
    }

    func testZeroBIsTheBaseLayer() throws {
        let x = try Helpers.random([5, 6], seed: 6), w = try Helpers.random([3, 6], seed: 7)
        let a = try Tensor.kaimingUniform([2, 6], generator: RandomGenerator(seed: 1)), b = try Tensor.zeros([3, 2])
        assertClose(try Tensor.loraLinear(x, weight: w, bias: nil, loraA: a, loraB: b, scaling: 8), try Tensor.linear(x, weight: w))
    }

    func testGradientsOfEveryInputWithDropout() throws {
        let x = try Helpers.parameter([2, 3, 5], seed: 8), w = try Helpers.parameter([4, 5], seed: 9), bias = try Helpers.parameter([4], seed: 10)
        let a = try Helpers.parameter([2, 5], seed: 11), b = try Helpers.parameter([4, 2], seed: 12)
        try Helpers.checkGradients([x, w, a, b, bias]) { inputs in
            try Tensor.loraLinear(inputs[0], weight: inputs[1], bias: inputs[4], loraA: inputs[2], loraB: inputs[3], scaling: 1.5,
                                  dropout: 0.25, generator: RandomGenerator(seed: 3))
        }
        try Helpers.checkGradients([x, a, b]) { inputs in
            try Tensor.loraLinear(inputs[0], weight: w, bias: nil, loraA: inputs[1], loraB: inputs[2], scaling: 2)
        }
    }

    func testFrozenBaseGetsNoGradient() throws {
        let x = try Helpers.random([3, 5], seed: 13), w = try Helpers.random([4, 5], seed: 14), bias = try Helpers.random([4], seed: 15)
        let a = try Helpers.parameter([2, 5], seed: 16), b = try Helpers.parameter([4, 2], seed: 17)
        try Tensor.loraLinear(x, weight: w, bias: bias, loraA: a, loraB: b, scaling: 2).sum().backward()
        XCTAssertNil(w.grad)
        XCTAssertNil(bias.grad)
        XCTAssertNil(x.grad)
        XCTAssertNotNil(a.grad)
        XCTAssertNotNil(b.grad)
    }

    func testShapeErrors() throws {
        let x = try Tensor.zeros([3, 5]), w = try Tensor.zeros([4, 5])
        XCTAssertThrowsError(try Tensor.loraLinear(x, weight: w, bias: nil, loraA: Tensor.zeros([2, 4]), loraB: Tensor.zeros([4, 2]), scaling: 1))
        XCTAssertThrowsError(try Tensor.loraLinear(x, weight: w, bias: nil, loraA: Tensor.zeros([2, 5]), loraB: Tensor.zeros([4, 3]), scaling: 1))
        XCTAssertThrowsError(try Tensor.loraLinear(x, weight: w, bias: nil, loraA: Tensor.zeros([2, 5]), loraB: Tensor.zeros([4, 2]),
                                                   scaling: 1, dropout: 0.1)) { error in
            XCTAssertTrue("\(error)".contains("generator"))
        }
    }
}
