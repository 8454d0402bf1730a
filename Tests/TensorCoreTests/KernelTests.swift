import Foundation
import TestSupport
import XCTest
@testable import TensorCore

/// Forward values of every kernel against naive Double references on odd shapes.
final class KernelTests: XCTestCase {
    func testActivationsAgainstFormulas() throws {
        let x = try Helpers.random([7, 13, 29], seed: 1, scale: 2)
        let v = x.toArray().map(Double.init)
        func check(_ result: Tensor, _ formula: (Double) -> Double, _ label: String) {
            assertClose(result, v.map { Float(formula($0)) }, atol: 2e-6, rtol: 1e-5, label)
        }
        check(x.gelu(), { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }, "gelu")
        check(x.geluTanh(), { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }, "gelu_tanh")
        check(x.silu(), { $0 / (1 + Foundation.exp(-$0)) }, "silu")
        check(x.tanh(), { Foundation.tanh($0) }, "tanh")
        check(x.relu(), { Swift.max(0, $0) }, "relu")
        check(x.sigmoid(), { 1 / (1 + Foundation.exp(-$0)) }, "sigmoid")
        check(x.exp(), { Foundation.exp($0) }, "exp")
        XCTAssertEqual(try Activation(huggingFaceName: "gelu_new"), .geluTanh)
        XCTAssertThrowsError(try Activation(huggingFaceName: "mish"))
    }

    func testSoftmaxAndLogSoftmaxAlongEveryAxis() throws {
        let x = try Helpers.random([7, 13, 29], seed: 2, scale: 3)
        let shape = [7, 13, 29]
        for axis in 0..<3 {
            let v = x.toArray().map(Double.init)
            var expected = [Float](repeating: 0, count: v.count), expectedLog = expected
            let strides = Tensor.contiguousStrides(shape)
            for flat in 0..<v.count where (flat / strides[axis]) % shape[axis] == 0 {
                let positions = (0..<shape[axis]).map { flat + $0 * strides[axis] }
                let maximum = positions.map { v[$0] }.max() ?? 0
                let total = positions.reduce(0.0) { $0 + Foundation.exp(v[$1] - maximum) }
                for p in positions {
                    expected[p] = Float(Foundation.exp(v[p] - maximum) / total)
                    expectedLog[p] = Float(v[p] - maximum - Foundation.log(total))
                }
            }
            assertClose(try x.softmax(axis: axis), expected, atol: 1e-6, "softmax axis \(axis)")
            assertClose(try x.logSoftmax(axis: axis), expectedLog, atol: 1e-5, "log_softmax axis \(axis)")
        }
    }

    func testLayerNormAndRMSNormAgainstNaive() throws {
        let x = try Helpers.random([7, 13, 29], seed: 3, scale: 2)
        let weight = try Helpers.random([29], seed: 4), bias = try Helpers.random([29], seed: 5)
        let v = x.toArray().map(Double.init), w = weight.toArray().map(Double.init), b = bias.toArray().map(Double.init)
        var layer = [Float](), rms = [Float]()
        for row in 0..<(7 * 13) {
            let line = Array(v[(row * 29)..<((row + 1) * 29)])
            let mean = line.reduce(0, +) / 29
            let variance = line.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 29
            let meanSquare = line.reduce(0) { $0 + $1 * $1 } / 29
            for c in 0..<29 {
                layer.append(Float((line[c] - mean) / (variance + 1e-12).squareRoot() * w[c] + b[c]))
                rms.append(Float(line[c] / (meanSquare + 1e-6).squareRoot() * w[c]))
            }
        }
        assertClose(try x.layerNorm(weight: weight, bias: bias, eps: 1e-12), layer, atol: 1e-5)
        assertClose(try x.rmsNorm(weight: weight, eps: 1e-6), rms, atol: 1e-5)
        XCTAssertThrowsError(try x.layerNorm(weight: Tensor.zeros([28]), bias: nil))
    }

    func testEmbeddingGatherConcatArgmax() throws {
        let table = try Helpers.random([11, 5], seed: 6)
        let ids = try IntTensor(shape: [2, 3], values: [0, 10, 3, 3, 7, 1])
        let looked = try Tensor.embedding(ids: ids, weight: table)
        XCTAssertEqual(looked.shape, [2, 3, 5])
        let t = table.toArray()
        assertClose(looked, ids.values.flatMap { Array(t[(Int($0) * 5)..<(Int($0) * 5 + 5)]) })
        XCTAssertThrowsError(try Tensor.embedding(ids: IntTensor([11]), weight: table)) { error in
            XCTAssertTrue("\(error)".contains("outside the table"))
        }

        let x = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let gathered = try x.gather(axis: 1, indices: IntTensor(shape: [2, 2], values: [2, 0, 1, 1]))
        XCTAssertEqual(gathered.toArray(), [3, 1, 5, 5])
        XCTAssertEqual(try x.gather(axis: 0, indices: IntTensor(shape: [1, 3], values: [1, 0, 1])).toArray(), [4, 2, 6])
        XCTAssertThrowsError(try x.gather(axis: 1, indices: IntTensor(shape: [2, 1], values: [3, 0])))

        let y = try Tensor(shape: [2, 1], values: [7, 8])
        XCTAssertEqual(try Tensor.concat([x, y], axis: 1).toArray(), [1, 2, 3, 7, 4, 5, 6, 8])
        XCTAssertEqual(try Tensor.concat([x, x], axis: 0).shape, [4, 3])
        XCTAssertThrowsError(try Tensor.concat([x, y], axis: 0))

        let scores = try Tensor(shape: [2, 4], values: [0, 5, 5, 1, -1, -3, -0.5, -2])
        XCTAssertEqual(try scores.argmax(axis: -1).values, [1, 2])
        XCTAssertEqual(try scores.argmax(axis: 0).values, [0, 0, 0, 0])
    }

    func testCrossEntropyWithIgnoreIndexAgainstNaive() throws {
        let logits = try Helpers.random([7, 13], seed: 7, scale: 2)
        let labels = IntTensor([3, -100, 0, 12, 5, -100, 7])
        let v = logits.toArray().map(Double.init)
        var total = 0.0, counted = 0.0
        for row in 0..<7 where labels.values[row] != -100 {
            let line = Array(v[(row * 13)..<((row + 1) * 13)])
            let maximum = line.max() ?? 0
            let logSum = maximum + Foundation.log(line.reduce(0) { $0 + Foundation.exp($1 - maximum) })
            total += logSum - line[Int(labels.values[row])]
            counted += 1
        }
        XCTAssertEqual(Double(try Tensor.crossEntropy(logits: logits, labels: labels).item()), total / counted, accuracy: 1e-5)
        XCTAssertTrue(try Tensor.crossEntropy(logits: logits, labels: IntTensor([Int32](repeating: -100, count: 7))).item().isNaN)
        XCTAssertThrowsError(try Tensor.crossEntropy(logits: logits, labels: IntTensor([Int32](repeating: 13, count: 7)))) { error in
            XCTAssertTrue("\(error)".contains("outside 0..<13"))
        }
        XCTAssertThrowsError(try Tensor.crossEntropy(logits: logits, labels: IntTensor([1, 2])))
    }

    /// Reference rotary: HF `q·cos + rotate_half(q)·sin` and the interleaved pairs.
    func testRotaryBothLayoutsAgainstNaive() throws {
        let (batch, heads, seq, dim) = (2, 3, 5, 8)
        let x = try Helpers.random([batch, heads, seq, dim], seed: 8)
        let v = x.toArray().map(Double.init)
        for layout in [RotaryEmbedding.Layout.halves, .interleaved] {
            let rope = try RotaryEmbedding(headDim: dim, base: 10_000, layout: layout)
            let offset = 3
            var expected = [Float](repeating: 0, count: v.count)
            for row in 0..<(batch * heads * seq) {
                let position = Double(row % seq + offset)
                for i in 0..<(dim / 2) {
                    let angle = position / Foundation.pow(10_000, Double(2 * i) / Double(dim))
                    let (first, second) = layout == .halves ? (i, i + dim / 2) : (2 * i, 2 * i + 1)
                    let a = v[row * dim + first], b = v[row * dim + second]
                    expected[row * dim + first] = Float(a * cos(angle) - b * sin(angle))
                    expected[row * dim + second] = Float(b * cos(angle) + a * sin(angle))
                }
            }
            assertClose(try rope.apply(x, positionOffset: offset), expected, atol: 2e-5, "\(layout)")
        }
        XCTAssertThrowsError(try RotaryEmbedding(headDim: 7))
    }

    func testDropoutIsSeededAndScales() throws {
        let x = try Tensor.ones([1000])
        let first = try x.dropout(p: 0.25, generator: RandomGenerator(seed: 5)).toArray()
        let second = try x.dropout(p: 0.25, generator: RandomGenerator(seed: 5)).toArray()
        XCTAssertEqual(first, second)
        XCTAssertTrue(first.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3.0) < 1e-6 })
        let dropped = first.filter { $0 == 0 }.count
        XCTAssertTrue((180...320).contains(dropped), "dropped \(dropped) of 1000 at p=0.25")
        XCTAssertTrue(try x.dropout(p: 0.5, generator: RandomGenerator(seed: 1), training: false) === x)
        XCTAssertThrowsError(try x.dropout(p: 1, generator: RandomGenerator(seed: 1)))
    }
}

extension KernelTests {
    /// A language-model-sized row (5000 classes) runs the parallel path; gradient = (softmax − onehot) / n.
    func testCrossEntropyLargeVocabularyForwardAndGradient() throws {
        let logits = try Helpers.parameter([6, 5000], seed: 30, scale: 3)
        let labels = IntTensor([17, 4999, -100, 0, 2500, 1])
        let loss = try Tensor.crossEntropy(logits: logits, labels: labels)
        try loss.backward()
        let v = logits.toArray().map(Double.init)
        var total = 0.0
        var expectedGrad = [Float](repeating: 0, count: v.count)
        for row in 0..<6 where labels.values[row] != -100 {
            let line = Array(v[(row * 5000)..<((row + 1) * 5000)])
            let maximum = line.max() ?? 0
            let sum = line.reduce(0) { $0 + Foundation.exp($1 - maximum) }
            total += maximum + Foundation.log(sum) - line[Int(labels.values[row])]
            for c in 0..<5000 {
                let p = Foundation.exp(line[c] - maximum) / sum - (c == Int(labels.values[row]) ? 1 : 0)
                expectedGrad[row * 5000 + c] = Float(p / 5)
            }
        }
        XCTAssertEqual(Double(try loss.item()), total / 5, accuracy: 1e-4)
        assertClose(logits.grad?.toArray() ?? [], expectedGrad, atol: 1e-7, rtol: 1e-4)
    }
}
