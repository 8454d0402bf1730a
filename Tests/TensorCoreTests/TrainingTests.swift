import TestSupport
import XCTest
@testable import TensorCore

/// End-to-end: a 2-layer MLP learns XOR with AdamW; same seed → bit-identical training.
final class TrainingTests: XCTestCase {
    struct MLP {
        let w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor
        init(generator: RandomGenerator) throws {
            w1 = try Tensor.kaimingUniform([16, 2], generator: generator)
            b1 = try Tensor.zeros([16])
            w2 = try Tensor.kaimingUniform([2, 16], generator: generator)
            b2 = try Tensor.zeros([2])
            for p in parameters { p.requiresGrad = true }
        }
        var parameters: [Tensor] { [w1, b1, w2, b2] }
        func callAsFunction(_ x: Tensor, dropout: RandomGenerator?) throws -> Tensor {
            var hidden = try Tensor.linear(x, weight: w1, bias: b1).tanh()
            if let dropout { hidden = try hidden.dropout(p: 0.1, generator: dropout) }
            return try Tensor.linear(hidden, weight: w2, bias: b2)
        }
    }

    static let labels = IntTensor([0, 1, 1, 0])

    func train(seed: UInt64, steps: Int, dropout: Bool = false) throws -> (losses: [Float], weights: [[Float]]) {
        let inputs = try Tensor(shape: [4, 2], values: [0, 0, 0, 1, 1, 0, 1, 1])
        let generator = RandomGenerator(seed: seed)
        let model = try MLP(generator: generator)
        let optimizer = try AdamW(parameters: model.parameters, learningRate: 0.05, weightDecay: 0.01)
        let schedule = try LearningRateSchedule(kind: .linear, warmupSteps: 10, totalSteps: steps)
        var losses: [Float] = []
        for step in 0..<steps {
            let logits = try model(inputs, dropout: dropout ? generator : nil)
            let loss = try Tensor.crossEntropy(logits: logits, labels: Self.labels)
            try loss.backward()
            clipGradNorm(model.parameters, maxNorm: 1)
            optimizer.learningRate = 0.05 * Float(schedule.multiplier(step: step))
            try optimizer.step()
            optimizer.zeroGrad()
            losses.append(try loss.item())
        }
        return (losses, model.parameters.map { $0.toArray() })
    }

    func testMLPLearnsXOR() throws {
        let run = try train(seed: 42, steps: 300)
        XCTAssertLessThan(run.losses.last ?? 1, 0.05, "final loss \(run.losses.last ?? -1)")
        XCTAssertGreaterThan(run.losses.first ?? 0, 0.5)
    }

    func testSameSeedIsBitIdentical() throws {
        let first = try train(seed: 7, steps: 40, dropout: true)
        let second = try train(seed: 7, steps: 40, dropout: true)
        XCTAssertEqual(first.losses, second.losses)
        XCTAssertEqual(first.weights, second.weights)
        let other = try train(seed: 8, steps: 40, dropout: true)
        XCTAssertNotEqual(first.weights, other.weights)
    }
}

extension TrainingTests {
    /// Dropout masks do not depend on how many cores generate them.
    func testDropoutIndependentOfThreadCount() throws {
        let x = try Tensor.ones([3, 10_000])
        let saved = Parallel.threads
        defer { Parallel.threads = saved }
        Parallel.threads = 1
        let serial = try x.dropout(p: 0.2, generator: RandomGenerator(seed: 11)).toArray()
        Parallel.threads = 4
        let parallel = try x.dropout(p: 0.2, generator: RandomGenerator(seed: 11)).toArray()
        XCTAssertEqual(serial, parallel)
    }
}

extension TrainingTests {
    /// A tiny attention block with LoRA, dropout, layer norm and AdamW: two runs with one seed are
    /// bit-identical (covers the parallel kernels and concurrent per-head sgemms).
    func testAttentionBlockTrainingIsBitIdentical() throws {
        func run() throws -> [[Float]] {
            let generator = RandomGenerator(seed: 99)
            let (batch, length, hidden, heads) = (4, 9, 16, 4)
            let x = try Tensor.normal([batch, length, hidden], generator: generator)
            let w = try Tensor.normal([hidden, hidden], std: 0.2, generator: generator)
            let a = try Tensor.kaimingUniform([2, hidden], generator: generator)
            let b = try Tensor.zeros([hidden, 2])
            let gamma = try Tensor.ones([hidden]), beta = try Tensor.zeros([hidden])
            for parameter in [a, b, gamma, beta] { parameter.requiresGrad = true }
            let mask = try IntTensor(shape: [batch, length], values: (0..<(batch * length)).map { Int32($0 % length < length - $0 / length ? 1 : 0) })
            let optimizer = try AdamW(parameters: [a, b, gamma, beta], learningRate: 0.01)
            for _ in 0..<5 {
                let projected = try Tensor.loraLinear(x, weight: w, bias: nil, loraA: a, loraB: b, scaling: 2, dropout: 0.1, generator: generator)
                let headsView = try projected.reshape([batch, length, heads, hidden / heads]).permute([0, 2, 1, 3])
                let attended = try Tensor.scaledDotProductAttention(query: headsView, key: headsView, value: headsView, paddingMask: mask)
                    .transpose(1, 2).reshape([batch, length, hidden])
                let normed = try (attended.dropout(p: 0.1, generator: generator) + x).layerNorm(weight: gamma, bias: beta)
                let loss = try Tensor.crossEntropy(logits: normed.reshape([-1, hidden]), labels: IntTensor((0..<(batch * length)).map { Int32($0 % hidden) }))
                try loss.backward()
                try optimizer.step()
                optimizer.zeroGrad()
            }
            return [a, b, gamma, beta].map { $0.toArray() }
        }
        XCTAssertEqual(try run(), try run())
    }
}
