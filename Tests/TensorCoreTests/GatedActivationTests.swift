import TestSupport
import XCTest
@testable import TensorCore

/// The fused `act(gate) · up` against the separate operations (bit for bit) and finite differences.
final class GatedActivationTests: XCTestCase {
    func testFusedMatchesSeparateOperationsBitForBit() throws {
        for activation in Activation.allCases {
            // 40,000 values: large enough to run on both cores.
            let gate = try Helpers.parameter([2, 50, 400], seed: 11, scale: 3), up = try Helpers.parameter([2, 50, 400], seed: 12)
            let projection = try Helpers.random([2, 50, 400], seed: 13)
            let fused = try Tensor.gatedActivation(gate: gate, up: up, activation: activation)
            try fused.multiplying(projection).sum().backward()
            let fusedGate = try XCTUnwrap(gate.grad).toArray(), fusedUp = try XCTUnwrap(up.grad).toArray()
            gate.zeroGrad(); up.zeroGrad()
            let separate = try gate.activated(activation) * up
            try separate.multiplying(projection).sum().backward()
            XCTAssertEqual(fused.toArray(), separate.toArray(), "\(activation) forward")
            XCTAssertEqual(fusedGate, try XCTUnwrap(gate.grad).toArray(), "\(activation) gate gradient")
            XCTAssertEqual(fusedUp, try XCTUnwrap(up.grad).toArray(), "\(activation) up gradient")
        }
    }

    func testGradientsAgainstFiniteDifferences() throws {
        let gate = try Helpers.parameter([3, 7], seed: 21), up = try Helpers.parameter([3, 7], seed: 22)
        for activation in [Activation.silu, .gelu, .geluTanh, .sigmoid] {
            try Helpers.checkGradients([gate, up]) { try Tensor.gatedActivation(gate: $0[0], up: $0[1], activation: activation) }
        }
        // Only one side trainable: the other gets no gradient and the trainable one is still right.
        let frozenUp = try Helpers.random([3, 7], seed: 23)
        try Helpers.checkGradients([gate, frozenUp]) { try Tensor.gatedActivation(gate: $0[0], up: $0[1], activation: .silu) }
        XCTAssertNil(frozenUp.grad)
        let frozenGate = try Helpers.random([3, 7], seed: 24)
        try Helpers.checkGradients([frozenGate, up]) { try Tensor.gatedActivation(gate: $0[0], up: $0[1], activation: .silu) }
    }

    func testMismatchedShapesAreAnError() throws {
        let gate = try Tensor.zeros([2, 3]), up = try Tensor.zeros([2, 4])
        XCTAssertThrowsError(try Tensor.gatedActivation(gate: gate, up: up, activation: .silu)) { error in
            XCTAssertTrue("\(error)".contains("same shape"), "\(error)")
        }
    }
}
