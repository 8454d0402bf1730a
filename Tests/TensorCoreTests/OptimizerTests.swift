import Foundation
import TestSupport
import XCTest
@testable import TensorCore

final class OptimizerTests: XCTestCase {
    /// Constant gradient g = 0.5, p0 = 1, lr = 0.1, wd = 0.01. By hand: the bias-corrected moments
    /// are exactly g and g² at every step, so each update is lr·g/(|g| + eps) ≈ 0.1 after the decay:
    /// p1 = 1·(1 − 0.001) − 0.1 = 0.899; p2 = 0.899·0.999 − 0.1 = 0.798101; p3 = 0.798101·0.999 − 0.1.
    func testAdamWHandDerivedSteps() throws {
        let p = try Tensor(shape: [1], values: [1]); p.requiresGrad = true
        let optimizer = try AdamW(parameters: [p], learningRate: 0.1, weightDecay: 0.01)
        var expected: Double = 1
        for _ in 0..<3 {
            p.grad = Tensor([0.5])
            try optimizer.step()
            expected = expected * 0.999 - 0.1 * 0.5 / (0.5 + 1e-8)
            XCTAssertEqual(Double(try p.item()), expected, accuracy: 1e-6)
        }
        XCTAssertEqual(Double(try p.item()), 0.697302899, accuracy: 1e-6)
    }

    /// Changing gradients against the update formula written out in Double.
    func testAdamWMatchesFormulaWithVaryingGradients() throws {
        let initial: [Float] = [0.3, -1.2, 2.0]
        let p = try Tensor(shape: [3], values: initial); p.requiresGrad = true
        let (lr, wd, b1, b2, eps) = (0.01, 0.1, 0.9, 0.999, 1e-8)
        let optimizer = try AdamW(parameters: [p], learningRate: Float(lr), weightDecay: Float(wd))
        var reference = initial.map(Double.init), m = [0.0, 0, 0], v = [0.0, 0, 0]
        let gradients: [[Float]] = [[0.1, -0.2, 0.3], [1.0, 0.5, -0.25], [-0.3, 0.0, 0.7], [0.05, 2.0, -1.0]]
        for (step, g) in gradients.enumerated() {
            p.grad = Tensor(g)
            try optimizer.step()
            let t = Double(step + 1)
            for i in 0..<3 {
                reference[i] *= 1 - lr * wd
                m[i] = b1 * m[i] + (1 - b1) * Double(g[i])
                v[i] = b2 * v[i] + (1 - b2) * Double(g[i]) * Double(g[i])
                reference[i] -= lr / (1 - pow(b1, t)) * m[i] / (v[i].squareRoot() / (1 - pow(b2, t)).squareRoot() + eps)
            }
            assertClose(p.toArray(), reference.map(Float.init), atol: 1e-6, "step \(step + 1)")
        }
    }

    func testAdamWSkipsParametersWithoutGradientAndGroupsDecay() throws {
        let decayed = try Tensor(shape: [1], values: [1]), plain = try Tensor(shape: [1], values: [1]), idle = try Tensor(shape: [1], values: [1])
        let optimizer = try AdamW(groups: [ParameterGroup(parameters: [decayed, idle], weightDecay: 0.5),
                                           ParameterGroup(parameters: [plain], weightDecay: 0)], learningRate: 0.1)
        decayed.grad = Tensor([1]); plain.grad = Tensor([1])
        try optimizer.step()
        XCTAssertEqual(try decayed.item(), 0.95 - 0.1, accuracy: 1e-6)
        XCTAssertEqual(try plain.item(), 0.9, accuracy: 1e-6)
        XCTAssertEqual(try idle.item(), 1)
        XCTAssertEqual(optimizer.exportState().steps, [1, 0, 1])
        optimizer.zeroGrad()
        XCTAssertNil(decayed.grad)
    }

    /// eps = 0 as PyTorch: torch.optim.AdamW([p, q], lr=0.1, eps=0.0), p and q ones, grads 2 and 0 → p = 0.899
    /// (decay 0.01, then a step of lr), q = NaN (0 / 0), as LoRA's A matrices at the first step.
    func testAdamWWithZeroEpsilonIsPyTorchs() throws {
        let p = try Tensor(shape: [3], values: [1, 1, 1]), q = try Tensor(shape: [2], values: [1, 1])
        let optimizer = try AdamW(groups: [ParameterGroup(parameters: [p, q], weightDecay: 0.01)], learningRate: 0.1, eps: 0)
        p.grad = Tensor([2, 2, 2]); q.grad = Tensor([0, 0])
        try optimizer.step()
        assertClose(p.toArray(), [0.899, 0.899, 0.899], atol: 1e-6)
        XCTAssertTrue(q.toArray().allSatisfy(\.isNaN), "\(q.toArray())")
    }

    func testSGDWithMomentumAndDecay() throws {
        let p = try Tensor(shape: [1], values: [1])
        let optimizer = try SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.1)
        p.grad = Tensor([1])
        try optimizer.step()  // d = 1 + 0.1 = 1.1, buf = 1.1, p = 1 − 0.11 = 0.89
        XCTAssertEqual(try p.item(), 0.89, accuracy: 1e-6)
        try optimizer.step()  // d = 1 + 0.089 = 1.089, buf = 0.99 + 1.089 = 2.079, p = 0.89 − 0.2079
        XCTAssertEqual(try p.item(), 0.6821, accuracy: 1e-6)
    }

    /// Export after 3 steps, import into a fresh optimizer: continuing gives bit-identical values.
    func testStateExportImportResumesExactly() throws {
        func run(resumeAfter: Int?) throws -> [Float] {
            let p = try Tensor(shape: [3], values: [0.1, 0.2, 0.3])
            var optimizer = try AdamW(parameters: [p], learningRate: 0.01)
            for step in 0..<6 {
                if step == resumeAfter {
                    let data = try JSONEncoder().encode(optimizer.exportState())
                    optimizer = try AdamW(parameters: [p], learningRate: 0.01)
                    try optimizer.importState(JSONDecoder().decode(OptimizerState.self, from: data))
                }
                p.grad = Tensor([Float(step) * 0.1, -0.2, 0.05 * Float(step * step)])
                try optimizer.step()
            }
            return p.toArray()
        }
        XCTAssertEqual(try run(resumeAfter: nil), try run(resumeAfter: 3))
        let other = try SGD(parameters: [Tensor.zeros([3])], learningRate: 0.1)
        let adam = try AdamW(parameters: [Tensor.zeros([3])], learningRate: 0.1)
        XCTAssertThrowsError(try other.importState(adam.exportState()))
        XCTAssertThrowsError(try AdamW(parameters: [Tensor.zeros([2])], learningRate: 0.1).importState(
            OptimizerState(kind: "adamw", steps: [1], buffers: [[[1, 2, 3], [1, 2, 3]]])))
    }

    func testClipGradNormReturnsPreClipNorm() throws {
        let a = try Tensor.zeros([2]), b = try Tensor.zeros([1]), none = try Tensor.zeros([4])
        a.grad = Tensor([3, 0]); b.grad = Tensor([4])
        let norm = clipGradNorm([a, b, none], maxNorm: 1)
        XCTAssertEqual(norm, 5, accuracy: 1e-6)
        XCTAssertEqual(a.grad?.toArray()[0] ?? 0, Float(3.0 / (5 + 1e-6)), accuracy: 1e-6)
        XCTAssertEqual(b.grad?.toArray()[0] ?? 0, Float(4.0 / (5 + 1e-6)), accuracy: 1e-6)
        a.grad = Tensor([0.3, 0]); b.grad = Tensor([0.4])
        XCTAssertEqual(clipGradNorm([a, b], maxNorm: 1), 0.5, accuracy: 1e-6)
        XCTAssertEqual(a.grad?.toArray(), [0.3, 0], "below the limit nothing changes")
    }
}
