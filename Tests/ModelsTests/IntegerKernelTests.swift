import Foundation
import CKernels
import XCTest
@testable import Models
import TensorCore
import TestSupport
import WeightIO

/// The integer decoding kernels (CKernels' lr_quant): activation quantization, the block dot products of
/// every instruction-set level this CPU runs against a naive sum, the threaded multi-matrix product, and
/// the decoder on integer kernels against the decoder on fp32 activations.
final class IntegerKernelTests: XCTestCase {
    let types: [GGMLType] = [.q4_0, .q4_1, .q8_0]

    /// Levels this CPU can run (portable always).
    var levels: [Int32] { Array(Int32(LRQ_PORTABLE)...lrq_best_level()) }

    func randomValues(_ count: Int, _ generator: RandomGenerator, scale: Float = 1) -> [Float] {
        (0..<count).map { _ in Float(generator.nextNormal()) * scale }
    }

    func quantize(_ x: [Float]) -> [lrq_block_q8] {
        var blocks = [lrq_block_q8](repeating: lrq_block_q8(), count: x.count / 32)
        x.withUnsafeBufferPointer { input in
            blocks.withUnsafeMutableBufferPointer { output in
                if let i = input.baseAddress, let o = output.baseAddress { lrq_quantize_row(i, Int32(x.count), o) }
            }
        }
        return blocks
    }

    func int8s(_ block: lrq_block_q8) -> [Int8] {
        withUnsafeBytes(of: block.q) { Array($0.bindMemory(to: Int8.self)) }
    }

    func testActivationBlocksRoundToTheNearestStep() {
        let generator = RandomGenerator(seed: 3)
        var x = randomValues(96, generator, scale: 2)
        x[32..<64] = ArraySlice(repeating: 0, count: 32)  // an all-zero block: scale 0, no division by zero
        x[70] = -9  // the block's largest magnitude is negative
        let blocks = quantize(x)
        for (b, block) in blocks.enumerated() {
            let values = x[(b * 32)..<(b * 32 + 32)]
            let peak = values.map(abs).max() ?? 0
            XCTAssertEqual(block.d, peak / 127, "block \(b) scale")
            let q = int8s(block)
            XCTAssertEqual(Int(block.sum), q.reduce(0) { $0 + Int($1) }, "block \(b) sum")
            for (i, value) in values.enumerated() {
                XCTAssertLessThanOrEqual(abs(value - block.d * Float(q[i])), block.d / 2 * 1.0001 + 1e-7, "block \(b) element \(i)")
            }
        }
        XCTAssertEqual(int8s(blocks[2])[6], -127)
    }

    /// One row's weights as the dequantizer gives them.
    func dequantizedRows(_ matrix: GGUFQuantizedTensor) -> [Float] { matrix.dequantizeAll() }

    func testBlockDotsMatchNaiveSumsOnEveryLevel() throws {
        let generator = RandomGenerator(seed: 11)
        for type in types {
            for columns in [32, 64, 96, 576] {  // one block, even and odd block counts, SmolLM2's width
                let rows = 5
                let weights = randomValues(rows * columns, generator, scale: 0.1)
                let matrix = try GGMLQuantizer.quantizedMatrix(weights, rows: rows, columns: columns, as: type, name: "w")
                let w = dequantizedRows(matrix)
                let x = randomValues(columns, generator)
                let blocks = quantize(x)
                for r in 0..<rows {
                    var expected = 0.0
                    for c in 0..<columns {
                        let block = blocks[c / 32]
                        expected += Double(w[r * columns + c]) * Double(block.d) * Double(int8s(block)[c % 32])
                    }
                    for level in levels {
                        let got = try matrix.withRowBytes(r) { bytes in
                            blocks.withUnsafeBufferPointer { lrq_dot_row(level, Int32(type.rawValue), bytes.baseAddress, $0.baseAddress, Int32(columns)) }
                        }
                        XCTAssertEqual(Double(got), expected, accuracy: 1e-5 * max(1, abs(expected)),
                                       "\(type.name) \(columns) columns row \(r) at \(String(cString: lrq_level_name(level)))")
                    }
                }
            }
        }
    }

    /// Q4_1's minimum and Q4_0's −8 offset with extreme nibbles and activations at ±127.
    func testExtremeBlocksStayExact() throws {
        for type in types {
            let columns = 64
            let magnitude: (Int) -> Float = { c in type == .q4_1 ? Float(c % 16) : 7 }
            let weights: [Float] = (0..<columns).map { c in (c % 2 == 0 ? 1 : -1) * magnitude(c) }
            let matrix = try GGMLQuantizer.quantizedMatrix(weights, rows: 1, columns: columns, as: type, name: "w")
            let w = matrix.dequantizeAll()
            let x: [Float] = (0..<columns).map { c in c % 3 == 0 ? -4 : 4 }
            let blocks = quantize(x)
            var expected = 0.0
            for c in 0..<columns { expected += Double(w[c]) * Double(blocks[c / 32].d) * Double(int8s(blocks[c / 32])[c % 32]) }
            for level in levels {
                let got = try matrix.withRowBytes(0) { bytes in
                    blocks.withUnsafeBufferPointer { lrq_dot_row(level, Int32(type.rawValue), bytes.baseAddress, $0.baseAddress, Int32(columns)) }
                }
                XCTAssertEqual(Double(got), expected, accuracy: 1e-4 * max(1, abs(expected)), "\(type.name) at \(String(cString: lrq_level_name(level)))")
            }
        }
    }

    /// Several matrices (one with a row order, one with a bias), three input rows, over the thread pool:
    /// each output equals the single-row kernel's value bit for bit, whatever the thread count.
    func testThreadedProductEqualsRowKernel() throws {
        let generator = RandomGenerator(seed: 5)
        let columns = 128, count = 3
        let first = try GGMLQuantizer.quantizedMatrix(randomValues(200 * columns, generator), rows: 200, columns: columns, as: .q4_1, name: "a")
        let second = try GGMLQuantizer.quantizedMatrix(randomValues(64 * columns, generator), rows: 64, columns: columns, as: .q8_0, name: "b")
        let bias = try Tensor(shape: [64], values: randomValues(64, generator))
        let x = randomValues(count * columns, generator)
        let scratch = QuantizedActivations(rows: count, columns: columns)
        let firstProjection = try XCTUnwrap(IntegerProjection(first, bias: nil))
        let secondProjection = try XCTUnwrap(IntegerProjection(second, bias: bias))
        let blocks = quantize(x)
        let savedThreads = lrq_threads()
        defer { lrq_set_threads(savedThreads) }
        for threads: Int32 in [1, 2, 3] {
            lrq_set_threads(threads)
            var outA = [Float](repeating: .nan, count: count * 200), outB = [Float](repeating: .nan, count: count * 64)
            var input = x
            input.withUnsafeMutableBufferPointer { xi in
                outA.withUnsafeMutableBufferPointer { a in
                    outB.withUnsafeMutableBufferPointer { b in
                        guard let xp = xi.baseAddress, let ap = a.baseAddress, let bp = b.baseAddress else { return }
                        for t in 0..<count { lrq_quantize_row(xp + t * columns, Int32(columns), scratch.blocks + t * (columns / 32)) }
                        withUnsafeTemporaryAllocation(of: lrq_matrix.self, capacity: 2) { matrices in
                            var m0 = firstProjection.matrix, m1 = secondProjection.matrix
                            m0.out = ap
                            m1.out = bp
                            matrices[0] = m0
                            matrices[1] = m1
                            lrq_matmul(matrices.baseAddress, 2, scratch.blocks, Int32(count), Int32(columns / 32))
                        }
                    }
                }
            }
            let b = bias.toArray()
            for t in 0..<count {
                let row = Array(blocks[(t * columns / 32)..<((t + 1) * columns / 32)])
                for r in 0..<200 {
                    let expected = try first.withRowBytes(r) { bytes in row.withUnsafeBufferPointer { lrq_dot_row(lrq_level(), 3, bytes.baseAddress, $0.baseAddress, Int32(columns)) } }
                    XCTAssertEqual(outA[t * 200 + r], expected, "threads \(threads) input \(t) row \(r)")
                }
                for r in 0..<64 {
                    let expected = try second.withRowBytes(r) { bytes in row.withUnsafeBufferPointer { lrq_dot_row(lrq_level(), 8, bytes.baseAddress, $0.baseAddress, Int32(columns)) } } + b[r]
                    XCTAssertEqual(outB[t * 64 + r], expected, "threads \(threads) input \(t) bias row \(r)")
                }
            }
        }
    }

    /// The product over a matrix whose rows are read out of order (a row order, as Q/K rows of a GGUF), 11
    /// rows (groups of four and a remainder), against naive sums of the dequantized rows.
    func testReorderedRowsMatchNaiveSums() throws {
        let generator = RandomGenerator(seed: 23)
        let rows = 11, columns = 96
        for type in types {
            let weights = randomValues(rows * columns, generator, scale: 0.2)
            let matrix = try GGMLQuantizer.quantizedMatrix(weights, rows: rows, columns: columns, as: type, name: "w")
            let projection = try XCTUnwrap(IntegerProjection(matrix, bias: nil))
            let w = matrix.dequantizeAll()
            let order: [Int64] = [3, 0, 10, 7, 1, 9, 2, 8, 4, 6, 5]
            let x = randomValues(columns, generator)
            let blocks = quantize(x)
            var out = [Float](repeating: .nan, count: rows)
            order.withUnsafeBufferPointer { orderPointer in
                blocks.withUnsafeBufferPointer { xb in
                    out.withUnsafeMutableBufferPointer { y in
                        var m = projection.matrix
                        m.row_order = orderPointer.baseAddress
                        m.out = y.baseAddress
                        lrq_matmul(&m, 1, xb.baseAddress, 1, Int32(columns / 32))
                    }
                }
            }
            for r in 0..<rows {
                let stored = Int(order[r])
                var expected = 0.0
                for c in 0..<columns {
                    expected += Double(w[stored * columns + c]) * Double(blocks[c / 32].d) * Double(int8s(blocks[c / 32])[c % 32])
                }
                XCTAssertEqual(Double(out[r]), expected, accuracy: 1e-5 * max(1, abs(expected)), "\(type.name) row \(r)")
            }
        }
    }

    /// SwiGLU's gate with the vectorised exp against Double arithmetic, a length with a scalar tail.
    func testSiLUMultiplyMatchesNaive() {
        let n = 1003
        var gate = (0..<n).map { Float($0 - 501) * 0.05 }
        let up = (0..<n).map { 1 + Float($0) * 0.001 }
        let expected = zip(gate, up).map { g, u in Double(g) / (1 + Foundation.exp(-Double(g))) * Double(u) }
        gate.withUnsafeMutableBufferPointer { g in up.withUnsafeBufferPointer { u in lrq_silu_multiply(g.baseAddress, u.baseAddress, Int32(n)) } }
        for i in 0..<n { XCTAssertEqual(Double(gate[i]), expected[i], accuracy: 1e-6 * max(1e-3, abs(expected[i])), "value \(i)") }
    }

    func testUnsupportedBlockTypesHaveNoIntegerForm() throws {
        let matrix = try GGMLQuantizer.quantizedMatrix(randomValues(2 * 32, RandomGenerator(seed: 1)), rows: 2, columns: 32, as: .f16, name: "w")
        XCTAssertNil(IntegerProjection(matrix, bias: nil))
        XCTAssertEqual(lrq_supports_type(Int32(GGMLType.q5_0.rawValue)), 0)
        XCTAssertEqual(lrq_supports_type(Int32(GGMLType.q4_K.rawValue)), 0)
        XCTAssertEqual(lrq_set_level(99), lrq_best_level(), "a level above the CPU's is lowered")
        XCTAssertTrue(["portable", "avx2", "avx512-vnni"].contains(QuantizedKernelInfo.level))
    }
}

/// The decoder on integer kernels against the same decoder on fp32 activations (same blocks).
final class IntegerDecoderTests: XCTestCase {
    func quantizedTinyLlama(_ type: GGMLType) throws -> LlamaForCausalLM {
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base") else { throw XCTSkip("tiny-llama fixture missing") }
        let model = try LlamaForCausalLM.fromPretrained(folder.path)
        for (name, module) in model.namedModules() {
            if let linear = module as? Linear {
                linear.quantizedWeight = try GGMLQuantizer.quantizedMatrix(linear.weight.toArray(), rows: linear.outFeatures, columns: linear.inFeatures, as: type, name: name)
            } else if let table = module as? Embedding {
                table.quantizedWeight = try GGMLQuantizer.quantizedMatrix(table.weight.toArray(), rows: table.weight.shape[0], columns: table.weight.shape[1], as: type, name: name)
            }
        }
        return model
    }

    /// Weights kept in blocks take the integer kernels unless the caller (or LORAREPL_INTEGER_KERNELS=0) says otherwise.
    func testIntegerKernelsAreTheDefaultForKeptBlocks() {
        let expected = ProcessInfo.processInfo.environment["LORAREPL_INTEGER_KERNELS"] != "0"
        XCTAssertEqual(GenerationOptions().integerKernels, expected)
        XCTAssertEqual(GenerationOptions.integerKernelsByDefault, expected)
    }

    /// Stated tolerance of the integer path: every logit within 2% of the largest logit magnitude of the
    /// fp32-activation path (8-bit activations round each value by at most 1/254 of its block's peak).
    func testIntegerDecoderStaysWithinTheStatedTolerance() throws {
        for type: GGMLType in [.q4_0, .q4_1, .q8_0] {
            let model = try quantizedTinyLlama(type)
            let integer = try LlamaDecoder(model: model, capacity: 12, integerKernels: true), float = try LlamaDecoder(model: model, capacity: 12)
            XCTAssertNotNil(integer.activations)
            XCTAssertNil(float.activations)
            let steps: [[Int32]] = [[1, 17, 33, 5, 90, 64], [3], [8], [120], [44]]
            var worst: Float = 0
            for tokens in steps {
                try integer.append(tokens)
                try float.append(tokens)
                let scale = float.logits.map(abs).max() ?? 1
                let diff = zip(integer.logits, float.logits).map { abs($0 - $1) }.max() ?? 0
                worst = max(worst, diff / scale)
                XCTAssertLessThanOrEqual(diff, 0.02 * scale, "\(type.name) after \(tokens)")
            }
            print("\(type.name): integer kernels vs fp32 activations, worst |Δlogit| / max|logit| = \(worst)")
        }
    }
}
