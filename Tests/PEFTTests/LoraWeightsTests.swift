import XCTest
import TensorCore
import Models
@testable import PEFT

/// The LoRA branch against a naive loop implementation, and its gradients against closed forms.
final class LoraWeightsTests: XCTestCase {
    private func randomTensor(_ shape: [Int], _ generator: RandomGenerator) throws -> Tensor {
        try Tensor.uniform(shape, low: -1, high: 1, generator: generator)
    }

    func testStandardInitIsKaimingUniformAndZeroB() throws {
        let weights = try LoraWeights.initialized(inFeatures: 64, outFeatures: 48, rank: 8, alpha: 16, scaling: 2, dropout: 0,
                                                  initialization: .standard, generator: RandomGenerator(seed: 1))
        XCTAssertEqual(weights.a.shape, [8, 64])
        XCTAssertEqual(weights.b.shape, [48, 8])
        let bound = 1 / Float(64).squareRoot()
        let values = weights.a.toArray()
        XCTAssertTrue(values.allSatisfy { abs($0) <= bound })
        XCTAssertGreaterThan(values.map(abs).max() ?? 0, bound * 0.9)
        XCTAssertTrue(weights.b.toArray().allSatisfy { $0 == 0 })
        XCTAssertTrue(weights.a.requiresGrad && weights.b.requiresGrad)
        // Same seed → bit-identical.
        let again = try LoraWeights.initialized(inFeatures: 64, outFeatures: 48, rank: 8, alpha: 16, scaling: 2, dropout: 0,
                                                initialization: .standard, generator: RandomGenerator(seed: 1))
        XCTAssertEqual(again.a.toArray(), values)
    }

    func testGaussianAndRandomBothInits() throws {
        let gaussian = try LoraWeights.initialized(inFeatures: 256, outFeatures: 16, rank: 4, alpha: 8, scaling: 2, dropout: 0,
                                                   initialization: .gaussian, generator: RandomGenerator(seed: 2))
        let values = gaussian.a.toArray()
        let mean = values.reduce(0, +) / Float(values.count)
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)).squareRoot()
        XCTAssertEqual(std, 0.25, accuracy: 0.02)  // 1/r
        XCTAssertTrue(gaussian.b.toArray().allSatisfy { $0 == 0 })
        let both = try LoraWeights.initialized(inFeatures: 32, outFeatures: 16, rank: 4, alpha: 8, scaling: 2, dropout: 0,
                                               initialization: .randomBoth, generator: RandomGenerator(seed: 3))
        XCTAssertTrue(both.b.toArray().contains { $0 != 0 })
        XCTAssertTrue(both.b.toArray().allSatisfy { abs($0) <= 0.5 })  // U(±1/√r)
        XCTAssertThrowsError(try LoraWeights.initialized(inFeatures: 4, outFeatures: 4, rank: 2, alpha: 2, scaling: 1, dropout: 0,
                                                         initialization: .other("pissa"), generator: RandomGenerator(seed: 0)))
    }

    func testForwardAndGradientsMatchNaiveMaths() throws {
        let generator = RandomGenerator(seed: 7)
        let (batch, inF, outF, r) = (5, 6, 4, 3)
        let weights = LoraWeights(a: try randomTensor([r, inF], generator), b: try randomTensor([outF, r], generator),
                                  rank: r, alpha: 6, scaling: 2, dropout: 0)
        let x = try randomTensor([batch, inF], generator)
        x.requiresGrad = true
        let upstream = try randomTensor([batch, outF], generator)
        let y = try weights.delta(input: x, training: true, generator: generator)
        try (y * upstream).sum().backward()

        let a = weights.a.toArray(), b = weights.b.toArray(), xs = x.toArray(), g = upstream.toArray()
        // h[n, k] = Σ_i A[k, i] x[n, i];  y[n, o] = s Σ_k B[o, k] h[n, k]
        var h = [Float](repeating: 0, count: batch * r)
        for n in 0..<batch { for k in 0..<r { for i in 0..<inF { h[n * r + k] += a[k * inF + i] * xs[n * inF + i] } } }
        var expectedY = [Float](repeating: 0, count: batch * outF)
        for n in 0..<batch { for o in 0..<outF { for k in 0..<r { expectedY[n * outF + o] += 2 * b[o * r + k] * h[n * r + k] } } }
        assertClose(y.toArray(), expectedY, "forward")
        // dB[o, k] = s Σ_n g[n, o] h[n, k]
        var dB = [Float](repeating: 0, count: outF * r)
        for o in 0..<outF { for k in 0..<r { for n in 0..<batch { dB[o * r + k] += 2 * g[n * outF + o] * h[n * r + k] } } }
        // gh[n, k] = s Σ_o g[n, o] B[o, k];  dA[k, i] = Σ_n gh[n, k] x[n, i];  dx[n, i] = Σ_k gh[n, k] A[k, i]
        var gh = [Float](repeating: 0, count: batch * r)
        for n in 0..<batch { for k in 0..<r { for o in 0..<outF { gh[n * r + k] += 2 * g[n * outF + o] * b[o * r + k] } } }
        var dA = [Float](repeating: 0, count: r * inF)
        var dx = [Float](repeating: 0, count: batch * inF)
        for k in 0..<r { for i in 0..<inF { for n in 0..<batch { dA[k * inF + i] += gh[n * r + k] * xs[n * inF + i] } } }
        for n in 0..<batch { for i in 0..<inF { for k in 0..<r { dx[n * inF + i] += gh[n * r + k] * a[k * inF + i] } } }
        assertClose(weights.b.grad?.toArray() ?? [], dB, "dB")
        assertClose(weights.a.grad?.toArray() ?? [], dA, "dA")
        assertClose(x.grad?.toArray() ?? [], dx, "dx")

        // ΔW = s·B·A reproduces the branch: ΔW x = y.
        let delta = try weights.deltaWeight()
        XCTAssertEqual(delta.shape, [outF, inF])
        let viaDelta = try Autograd.noGrad { try Tensor.linear(x, weight: delta) }
        assertClose(viaDelta.toArray(), expectedY, "delta weight")
    }

    func testDropoutOnlyInTrainingAndDeterministic() throws {
        let generator = RandomGenerator(seed: 9)
        let weights = LoraWeights(a: try randomTensor([2, 8], generator), b: try randomTensor([3, 2], generator),
                                  rank: 2, alpha: 2, scaling: 1, dropout: 0.5)
        let x = try randomTensor([4, 8], generator)
        let eval1 = try weights.delta(input: x, training: false, generator: RandomGenerator(seed: 1)).toArray()
        let plain = try LoraWeights(a: weights.a, b: weights.b, rank: 2, alpha: 2, scaling: 1, dropout: 0)
            .delta(input: x, training: true, generator: RandomGenerator(seed: 1)).toArray()
        XCTAssertEqual(eval1, plain)
        let train1 = try weights.delta(input: x, training: true, generator: RandomGenerator(seed: 5)).toArray()
        let train2 = try weights.delta(input: x, training: true, generator: RandomGenerator(seed: 5)).toArray()
        XCTAssertEqual(train1, train2)
        XCTAssertNotEqual(train1, eval1)
    }

    /// Through the Linear hook (TensorCore's fused loraLinear): dropout touches only the LoRA branch, and
    /// the result equals the composed maths.
    func testAdapterOnLinearFusedPath() throws {
        let generator = RandomGenerator(seed: 21)
        let linear = try Linear(inFeatures: 6, outFeatures: 4)
        try linear.weight.assign(try randomTensor([4, 6], generator))
        try linear.bias?.assign(try randomTensor([4], generator))
        let x = try randomTensor([3, 6], generator)
        let base = try Tensor.linear(x, weight: linear.weight, bias: linear.bias).toArray()
        let zeroB = try LoraWeights.initialized(inFeatures: 6, outFeatures: 4, rank: 2, alpha: 4, scaling: 2, dropout: 0.5,
                                                initialization: .standard, generator: generator)
        let adapter = LoraLinearAdapter(randomness: RandomSource(seed: 1))
        adapter.add("default", zeroB)
        adapter.activeAdapters = ["default"]
        linear.adapter = adapter
        linear.isTraining = true
        assertClose(try linear(x).toArray(), base, "B = 0 with dropout on: the base output is untouched")
        // Non-zero B: eval equals base + s·B·A·x; training differs (dropout on the LoRA input only).
        let weights = LoraWeights(a: try randomTensor([2, 6], generator), b: try randomTensor([4, 2], generator),
                                  rank: 2, alpha: 4, scaling: 2, dropout: 0.5)
        adapter.remove("default")
        adapter.add("default", weights)
        adapter.activeAdapters = ["default"]
        linear.isTraining = false
        let delta = try weights.delta(input: x, training: false, generator: generator).toArray()
        assertClose(try linear(x).toArray(), zip(base, delta).map { $0 + $1 }, "eval output")
        linear.isTraining = true
        XCTAssertNotEqual(try linear(x).toArray(), zip(base, delta).map { $0 + $1 })
        adapter.isDisabled = true
        assertClose(try linear(x).toArray(), base, "disabled")
    }

    private func assertClose(_ actual: [Float], _ expected: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        for (index, (x, y)) in zip(actual, expected).enumerated() where abs(x - y) > 1e-5 * max(1, abs(y)) {
            XCTFail("\(what)[\(index)]: \(x) vs \(y)", file: file, line: line)
            return
        }
    }
}
