import Foundation
import TestSupport
import XCTest
@testable import TensorCore

/// Softmax-family kernels at a language model's size (49,152 classes per row, like SmolLM2's head).
///
/// Regression: a Float running sum of 49,152 small `exp` terms dropped every term below half an ulp
/// of the partial sum, so log Σ exp came out low; the cross-entropy loss was too small and its gradient
/// scaled every probability by 1 + that error (SmolLM2 LoRA gradients off by up to 1.3e−3). Small
/// finite-difference checks (a few dozen classes) cannot see it, so these compare with Double
/// references at full width.
final class LongRowAccuracyTests: XCTestCase {
    static let vocabulary = 49_152

    /// Logits shaped like a trained LM's: a few likely tokens, a long tail 12–22 nats below.
    static func languageModelLogits(rows: Int, classes: Int = vocabulary, seed: UInt64) -> [Float] {
        let generator = RandomGenerator(seed: seed)
        var values = [Float](repeating: 0, count: rows * classes)
        for index in values.indices { values[index] = -17 + 1.5 * Float(generator.nextNormal()) }
        for row in 0..<rows {
            for rank in 0..<6 {
                let column = Int(generator.nextUniform() * Float(classes - 1))
                values[row * classes + column] = 3 - Float(rank)  // peaks at 3, 2, …, −2
            }
        }
        return values
    }

    /// log Σ exp of one row, in Double.
    static func referenceLogSumExp(_ line: ArraySlice<Float>) -> Double {
        let maximum = Double(line.max() ?? 0)
        return maximum + Foundation.log(line.reduce(0.0) { $0 + Foundation.exp(Double($1) - maximum) })
    }

    func testCrossEntropyOverALanguageModelVocabularyMatchesDouble() throws {
        let rows = 6, classes = Self.vocabulary
        let values = Self.languageModelLogits(rows: rows, seed: 11)
        let logits = try Tensor(shape: [rows, classes], values: values)
        logits.requiresGrad = true
        let labelValues: [Int32] = [5, 49_151, -100, 1234, 40_000, 7]
        let loss = try Tensor.crossEntropy(logits: logits, labels: IntTensor(labelValues))
        var expected: Double = 0, counted = 0
        var logSums: [Double] = []
        for row in 0..<rows {
            let line = values[(row * classes)..<((row + 1) * classes)]
            logSums.append(Self.referenceLogSumExp(line))
            guard labelValues[row] != -100 else { continue }
            expected += logSums[row] - Double(values[row * classes + Int(labelValues[row])])
            counted += 1
        }
        expected /= Double(counted)
        // The Float running sum was low by ~2e−3 nats per row here.
        XCTAssertEqual(Double(try loss.item()), expected, accuracy: 2e-6 * expected)
        try loss.backward()
        let gradient = try XCTUnwrap(logits.grad).toArray()
        var worst: Double = 0
        for row in 0..<rows {
            var rowSum: Double = 0
            for column in 0..<classes {
                let index = row * classes + column
                var reference = 0.0
                if labelValues[row] != -100 {
                    reference = Foundation.exp(Double(values[index]) - logSums[row]) / Double(counted)
                    if column == Int(labelValues[row]) { reference -= 1 / Double(counted) }
                }
                worst = max(worst, abs(Double(gradient[index]) - reference))
                rowSum += Double(gradient[index])
            }
            // The loss does not change when a row's logits shift together: Σ_c ∂L/∂logit_c = 0.
            XCTAssertEqual(rowSum, 0, accuracy: 1e-6 / Double(counted), "row \(row): the gradient must sum to zero (shift invariance)")
        }
        XCTAssertLessThan(worst, 1e-7, "largest |gradient − Double reference|")
    }

    func testSoftmaxAndLogSoftmaxOverLongRowsMatchDouble() throws {
        let rows = 3, classes = Self.vocabulary
        let values = Self.languageModelLogits(rows: rows, seed: 12)
        let x = try Tensor(shape: [rows, classes], values: values)
        let probabilities = try x.softmax(axis: -1).toArray()
        let logProbabilities = try x.logSoftmax(axis: -1).toArray()
        for row in 0..<rows {
            let logSum = Self.referenceLogSumExp(values[(row * classes)..<((row + 1) * classes)])
            var total: Double = 0, worstLog: Double = 0, worstProbability: Double = 0
            for column in 0..<classes {
                let index = row * classes + column
                total += Double(probabilities[index])
                let reference = Double(values[index]) - logSum
                worstLog = max(worstLog, abs(Double(logProbabilities[index]) - reference))
                worstProbability = max(worstProbability, abs(Double(probabilities[index]) - Foundation.exp(reference)) / Foundation.exp(reference))
            }
            XCTAssertEqual(total, 1, accuracy: 1e-6, "softmax row \(row) sums to 1")
            XCTAssertLessThan(worstLog, 5e-6, "log_softmax row \(row) against Double")
            XCTAssertLessThan(worstProbability, 2e-6, "softmax row \(row), relative, against Double")
        }
    }

    /// The backward passes of softmax and log-softmax reduce over the row too.
    func testLongRowSoftmaxBackwardsAreShiftInvariant() throws {
        let rows = 2, classes = Self.vocabulary
        let values = Self.languageModelLogits(rows: rows, seed: 13)
        let upstream = try Helpers.random([rows, classes], seed: 14)
        for useLog in [false, true] {
            let x = try Tensor(shape: [rows, classes], values: values)
            x.requiresGrad = true
            let y = useLog ? try x.logSoftmax(axis: -1) : try x.softmax(axis: -1)
            try y.multiplying(upstream).sum().backward()
            let gradient = try XCTUnwrap(x.grad).toArray()
            let g = upstream.toArray()
            for row in 0..<rows {
                let range = (row * classes)..<((row + 1) * classes)
                let logSum = Self.referenceLogSumExp(values[range])
                var gTotal: Double = 0, dot: Double = 0
                for index in range {
                    let p = Foundation.exp(Double(values[index]) - logSum)
                    gTotal += Double(g[index]); dot += Double(g[index]) * p
                }
                var worst: Double = 0, rowSum: Double = 0
                for index in range {
                    let p = Foundation.exp(Double(values[index]) - logSum)
                    let reference = useLog ? Double(g[index]) - p * gTotal : p * (Double(g[index]) - dot)
                    worst = max(worst, abs(Double(gradient[index]) - reference))
                    rowSum += Double(gradient[index])
                }
                let scale = useLog ? abs(gTotal) + 1 : 1
                XCTAssertLessThan(worst, 2e-6 * scale, "\(useLog ? "log_softmax" : "softmax") backward row \(row)")
                XCTAssertEqual(rowSum, 0, accuracy: 2e-5 * scale, "\(useLog ? "log_softmax" : "softmax") backward row \(row) sums to 0")
            }
        }
    }

    /// Attention rows as long as a long context (2,048 keys, causal) against a Double reference.
    func testCausalAttentionOverLongKeyRowsMatchesDouble() throws {
        let length = 2_048, depth = 8
        let q = try Helpers.random([1, 1, length, depth], seed: 21, scale: 2)
        let k = try Helpers.random([1, 1, length, depth], seed: 22, scale: 2)
        let v = try Helpers.random([1, 1, length, depth], seed: 23)
        let out = try Tensor.scaledDotProductAttention(query: q, key: k, value: v, causal: true).contiguous().toArray()
        let qv = q.toArray(), kv = k.toArray(), vv = v.toArray()
        let scale = 1 / Double(depth).squareRoot()
        var worst: Double = 0
        for t in stride(from: length - 1, through: 0, by: -97) {
            var scores = [Double](repeating: 0, count: t + 1)
            for s in 0...t {
                var dot: Double = 0
                for d in 0..<depth { dot += Double(qv[t * depth + d]) * Double(kv[s * depth + d]) }
                scores[s] = dot * scale
            }
            let maximum = scores.max() ?? 0
            let weights = scores.map { Foundation.exp($0 - maximum) }
            let total = weights.reduce(0, +)
            for d in 0..<depth {
                var value: Double = 0
                for s in 0...t { value += weights[s] / total * Double(vv[s * depth + d]) }
                worst = max(worst, abs(Double(out[t * depth + d]) - value))
            }
        }
        XCTAssertLessThan(worst, 2e-6)
    }

    func testSummationHelpersOnOddLengths() {
        let generator = RandomGenerator(seed: 5)
        for count in [0, 1, 7, 8, 255, 256, 257, 1_000, 49_152, 100_003] {
            let a = (0..<count).map { _ in Float(generator.nextNormal()) }
            let b = (0..<count).map { _ in generator.nextUniform() }
            // One spare element so even an empty row has a base address.
            let paddedA = a + [0], paddedB = b + [0]
            let sum = paddedA.withUnsafeBufferPointer { Summation.sum($0.baseAddress.unsafelyUnwrapped, count) }
            let dot = paddedA.withUnsafeBufferPointer { x in paddedB.withUnsafeBufferPointer { y in
                Summation.dot(x.baseAddress.unsafelyUnwrapped, y.baseAddress.unsafelyUnwrapped, count)
            } }
            let exps = paddedB.withUnsafeBufferPointer { Summation.sumOfExponentials($0.baseAddress.unsafelyUnwrapped, count, shift: 1) }
            let magnitude = a.reduce(0.0) { $0 + abs(Double($1)) } + 1
            XCTAssertEqual(Double(sum), a.reduce(0.0) { $0 + Double($1) }, accuracy: 1e-6 * magnitude, "sum of \(count)")
            XCTAssertEqual(Double(dot), zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }, accuracy: 1e-6 * magnitude, "dot of \(count)")
            let exact = b.reduce(0.0) { $0 + Foundation.exp(Double($1) - 1) }
            XCTAssertEqual(Double(exps), exact, accuracy: 1e-6 * exact + 1e-12, "Σ exp of \(count)")
        }
    }
}
