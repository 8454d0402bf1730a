import TestSupport
import XCTest
@testable import TensorCore

/// Every differentiable operation against central finite differences.
final class GradientTests: XCTestCase {
    func testBroadcastArithmetic() throws {
        let a = try Helpers.parameter([3, 1, 4], seed: 1), b = try Helpers.parameter([2, 1], seed: 2)
        try Helpers.checkGradients([a, b]) { try $0[0] + $0[1] }
        try Helpers.checkGradients([a, b]) { try $0[0] - $0[1] }
        try Helpers.checkGradients([a, b]) { try $0[0] * $0[1] }
        let positive = try Tensor(shape: [2, 1], values: [1.5, -2.0]); positive.requiresGrad = true
        try Helpers.checkGradients([a, positive]) { try $0[0] / $0[1] }
        try Helpers.checkGradients([a]) { ($0[0] * 3 + 1) - 2 }
    }

    func testReductions() throws {
        let x = try Helpers.parameter([3, 4, 5], seed: 3)
        for axis in [0, 1, -1] {
            try Helpers.checkGradients([x]) { try $0[0].sum(axis: axis) }
            try Helpers.checkGradients([x]) { try $0[0].mean(axis: axis, keepDims: true) }
            try Helpers.checkGradients([x]) { try $0[0].max(axis: axis) }
        }
        try Helpers.checkGradients([x]) { $0[0].sum() }
        try Helpers.checkGradients([x]) { $0[0].mean() }
        try Helpers.checkGradients([x]) { try $0[0].expand([2, 3, 4, 5]) }
    }

    func testMatmulAllTransposeCasesAndBatches() throws {
        let a = try Helpers.parameter([3, 4], seed: 4), b = try Helpers.parameter([4, 5], seed: 5)
        let aT = try Helpers.parameter([4, 3], seed: 6), bT = try Helpers.parameter([5, 4], seed: 7)
        try Helpers.checkGradients([a, b]) { try $0[0].matmul($0[1]) }
        try Helpers.checkGradients([aT, b]) { try $0[0].t().matmul($0[1]) }
        try Helpers.checkGradients([a, bT]) { try $0[0].matmul($0[1].t()) }
        try Helpers.checkGradients([aT, bT]) { try $0[0].t().matmul($0[1].t()) }
        let batched = try Helpers.parameter([2, 3, 3, 4], seed: 8), shared = try Helpers.parameter([3, 4, 2], seed: 9)
        try Helpers.checkGradients([batched, shared]) { try $0[0].matmul($0[1]) }
        try Helpers.checkGradients([batched, b]) { try $0[0].matmul($0[1]) }
        let vector = try Helpers.parameter([4], seed: 10)
        try Helpers.checkGradients([a, vector]) { try $0[0].matmul($0[1]) }
    }

    func testLinearAllGradientsAndFrozenWeight() throws {
        let x = try Helpers.parameter([2, 3, 4], seed: 11), w = try Helpers.parameter([5, 4], seed: 12), b = try Helpers.parameter([5], seed: 13)
        try Helpers.checkGradients([x, w, b]) { try Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
        try Helpers.checkGradients([x, w]) { try Tensor.linear($0[0], weight: $0[1]) }
        let frozen = try Helpers.random([5, 4], seed: 14)
        try Helpers.checkGradients([x, frozen]) { try Tensor.linear($0[0], weight: $0[1], bias: b) }
        XCTAssertNil(frozen.grad)
        // A weight stored [in, out] and passed as a transposed view.
        let stored = try Helpers.parameter([4, 5], seed: 15)
        try Helpers.checkGradients([x, stored, b]) { try Tensor.linear($0[0], weight: $0[1].t(), bias: $0[2]) }
    }

    func testActivations() throws {
        // Values away from ReLU's kink at 0.
        let x = try Tensor(shape: [2, 5], values: [-2.1, -1.3, -0.7, -0.2, 0.3, 0.6, 1.1, 1.7, 2.4, 3.0]); x.requiresGrad = true
        for activation in Activation.allCases {
            try Helpers.checkGradients([x], epsilon: 1e-3, atol: 2e-3) { $0[0].activated(activation) }
        }
        try Helpers.checkGradients([x], epsilon: 1e-3) { $0[0].exp() }
        try Helpers.checkGradients([x], epsilon: 1e-3) { $0[0].square() }
        let positive = try Tensor(shape: [4], values: [0.5, 1, 2, 3]); positive.requiresGrad = true
        try Helpers.checkGradients([positive], epsilon: 1e-3) { $0[0].log() }
        try Helpers.checkGradients([positive], epsilon: 1e-3) { $0[0].sqrt() }
    }

    func testSoftmaxFamily() throws {
        let x = try Helpers.parameter([3, 4, 5], seed: 15)
        for axis in [0, -1] {
            try Helpers.checkGradients([x]) { try $0[0].softmax(axis: axis) }
            try Helpers.checkGradients([x]) { try $0[0].logSoftmax(axis: axis) }
        }
    }

    func testNormalizations() throws {
        let x = try Helpers.parameter([3, 4, 6], seed: 16), w = try Helpers.parameter([6], seed: 17), b = try Helpers.parameter([6], seed: 18)
        try Helpers.checkGradients([x, w, b], epsilon: 1e-2, atol: 3e-3) { try $0[0].layerNorm(weight: $0[1], bias: $0[2], eps: 1e-5) }
        try Helpers.checkGradients([x], atol: 3e-3) { try $0[0].layerNorm(weight: nil, bias: nil) }
        try Helpers.checkGradients([x, w], atol: 3e-3) { try $0[0].rmsNorm(weight: $0[1], eps: 1e-6) }
    }

    func testEmbeddingGatherConcatViews() throws {
        let table = try Helpers.parameter([6, 3], seed: 19)
        let ids = try IntTensor(shape: [2, 3], values: [1, 5, 1, 0, 2, 1])
        try Helpers.checkGradients([table]) { try Tensor.embedding(ids: ids, weight: $0[0]) }
        let x = try Helpers.parameter([3, 4], seed: 20), y = try Helpers.parameter([3, 2], seed: 21)
        try Helpers.checkGradients([x]) { try $0[0].gather(axis: 1, indices: IntTensor(shape: [3, 2], values: [0, 3, 3, 3, 2, 1])) }
        try Helpers.checkGradients([x, y]) { try Tensor.concat([$0[0], $0[1]], axis: 1) }
        try Helpers.checkGradients([x]) { try $0[0].t().slice(axis: 0, 1..<3).reshape([-1]) }
        try Helpers.checkGradients([x]) { try $0[0].select(axis: 1, index: 2).unsqueeze(0) }
        try Helpers.checkGradients([x]) { try $0[0].reshape([2, 2, 3]).permute([2, 0, 1]).contiguous() }
    }

    /// `take` (script indexing), `selecting` (torch.where / masked_fill) and `clamped` against finite differences.
    func testTakeWhereClamp() throws {
        let x = try Helpers.parameter([3, 4], seed: 40), y = try Helpers.parameter([4], seed: 41)
        // A repeated position gets both gradients (x[[0, 0, 2]]-style), a mask-style pick, a strided slice.
        try Helpers.checkGradients([x]) { try $0[0].take(offsets: [0, 1, 0, 11, 5, 5], shape: [2, 3]) }
        try Helpers.checkGradients([x]) { try $0[0].take(offsets: [2, 6, 10], shape: [3]).exp() }
        let condition = try Tensor(shape: [3, 1], values: [1, 0, 1])
        try Helpers.checkGradients([x, y]) { try Tensor.selecting(condition, $0[0], $0[1]) }
        let mask = try Tensor(shape: [4], values: [0, 1, 1, 0])
        try Helpers.checkGradients([x]) { try Tensor.selecting(mask, Tensor(scalar: -5), $0[0]).softmax(axis: -1) }
        // masked_fill with -inf keeps finite gradients for the kept positions and zeros for the filled ones.
        let filled = try Tensor.selecting(mask, Tensor(scalar: -.infinity), x).softmax(axis: -1)
        try filled.sum().backward()
        XCTAssertTrue(x.grad?.toArray().allSatisfy { $0.isFinite } ?? false)
        x.zeroGrad()
        try Helpers.checkGradients([x]) { try $0[0].clamped(min: -0.3, max: 0.5) }
        let edge = try Tensor(shape: [3], values: [-1, 0.5, 2])
        edge.requiresGrad = true
        try edge.clamped(min: -1, max: 1).sum().backward()
        XCTAssertEqual(edge.grad?.toArray(), [0, 1, 0], "no gradient at a bound, as PyTorch 2.15's clamp")
    }

    func testAbsPowCumsumIndexPut() throws {
        let x = try Helpers.parameter([3, 4], seed: 42), y = try Helpers.parameter([4], seed: 43)
        try Helpers.checkGradients([x]) { $0[0].abs() }
        try Helpers.checkGradients([x]) { $0[0].pow(3) }
        try Helpers.checkGradients([x]) { $0[0].abs().adding(scalar: 0.5).pow(-1.5) }
        try Helpers.checkGradients([x, y]) { try Tensor.power($0[0].abs().adding(scalar: 0.5), $0[1]) }
        try Helpers.checkGradients([x]) { try Tensor.power(Tensor(scalar: 2), $0[0]) }
        for axis in [0, 1, -1] { try Helpers.checkGradients([x]) { try $0[0].cumsum(axis: axis) } }
        // index_put: written positions take the value's gradient, the rest pass through; accumulate adds.
        try Helpers.checkGradients([x, y]) { try $0[0].putting($0[1], at: [1, 4, 6, 11], accumulate: false) }
        try Helpers.checkGradients([x, y]) { try $0[0].putting($0[1], at: [1, 1, 6, 11], accumulate: true) }
        let zero = try Tensor(shape: [2], values: [0, 1])
        zero.requiresGrad = true
        try zero.pow(0).sum().backward()
        XCTAssertEqual(zero.grad?.toArray(), [0, 0], "x ** 0 has a zero gradient, as PyTorch")
        let signs = try Tensor(shape: [3], values: [-2, 0, 3])
        signs.requiresGrad = true
        try signs.abs().sum().backward()
        XCTAssertEqual(signs.grad?.toArray(), [-1, 0, 1], "abs' gradient is sign(x), 0 at 0")
    }

    func testCrossEntropyAndMSE() throws {
        let logits = try Helpers.parameter([5, 4], seed: 22)
        let labels = IntTensor([3, -100, 0, 1, -100])
        try Helpers.checkGradients([logits]) { try Tensor.crossEntropy(logits: $0[0], labels: labels) }
        let target = try Helpers.random([5, 4], seed: 23)
        try Helpers.checkGradients([logits]) { try Tensor.mseLoss($0[0], target) }
    }

    func testDropoutWithFixedSeed() throws {
        let x = try Helpers.parameter([4, 5], seed: 24)
        try Helpers.checkGradients([x]) { try $0[0].dropout(p: 0.3, generator: RandomGenerator(seed: 7)) }
    }

    func testRotaryBothLayouts() throws {
        let x = try Helpers.parameter([2, 2, 3, 6], seed: 25)
        for layout in [RotaryEmbedding.Layout.halves, .interleaved] {
            let rope = try RotaryEmbedding(headDim: 6, base: 100, layout: layout)
            try Helpers.checkGradients([x]) { try rope.apply($0[0], positionOffset: 2) }
        }
    }
}
