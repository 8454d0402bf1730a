import CKernels
import TestSupport
import XCTest
@testable import TensorCore

/// The bf16 GEMM (CKernels' lr_bf16_gemm.c) on every level this CPU runs against a naive Double product of
/// the rounded inputs, and `BF16Products` inside `linear`, `lora_linear` and the LM-head cross-entropy.
final class BF16ProductsTests: XCTestCase {
    override func tearDown() {
        lrb_set_level(lrb_best_level())
        super.tearDown()
    }

    /// Round to nearest even, written independently of the kernel: ±0 for subnormals, quiet NaN.
    func roundedBits(_ x: Float) -> UInt16 {
        let bits = x.bitPattern
        if bits & 0x7F80_0000 == 0 { return UInt16((bits >> 16) & 0x8000) }
        if x.isNaN { return UInt16(bits >> 16) | 0x0040 }
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(rounded >> 16)
    }

    func widened(_ half: UInt16) -> Float { Float(bitPattern: UInt32(half) << 16) }

    var levels: [Int32] { Array(Int32(LRB_PORTABLE)...lrb_best_level()) }

    func testRoundingIsNearestEvenOnEveryLevel() {
        var values: [Float] = [0, -0, 1, -1, .leastNonzeroMagnitude, -.leastNormalMagnitude / 2, .leastNormalMagnitude,
                               .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan,
                               Float(bitPattern: 0x3F80_8000), Float(bitPattern: 0x3F81_8000), Float(bitPattern: 0x3F80_8001),
                               Float(bitPattern: 0x7F80_0001), 3.14159, -2.71828e-20, 6.5e37]
        var state: UInt32 = 12_345
        for _ in 0..<4_000 {
            state = state &* 1_664_525 &+ 1_013_904_223
            values.append(Float(bitPattern: state))
        }
        let expected = values.map(roundedBits)
        XCTAssertEqual(expected[12], 0x3F80, "a tie rounds to the even neighbour")
        XCTAssertEqual(expected[13], 0x3F82, "a tie rounds up to the even neighbour")
        XCTAssertEqual(expected[7], 0x7F80, "the largest float rounds up to infinity")
        for level in levels {
            var out = [UInt16](repeating: 0, count: values.count)
            lrb_round_at(level, values, &out, Int64(values.count))
            XCTAssertEqual(out, expected, "level \(String(cString: lrb_level_name(level)))")
        }
    }

    /// `C = (accumulate ? C : 0) + bf16(A) · op(B)` with a Double reference on the rounded values.
    func reference(transposeB: Bool, m: Int, n: Int, k: Int, a: [Float], b: [UInt16], c: [Float], accumulate: Bool) -> [Float] {
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var total = accumulate ? Double(c[i * n + j]) : 0
                for q in 0..<k {
                    let x = widened(roundedBits(a[i * k + q])), y = widened(transposeB ? b[j * k + q] : b[q * n + j])
                    total += Double(x) * Double(y)
                }
                out[i * n + j] = Float(total)
            }
        }
        return out
    }

    func product(level: Int32, transposeB: Bool, m: Int, n: Int, k: Int, a: [Float], b: [UInt16], c: [Float], accumulate: Bool) -> [Float] {
        var out = c
        lrb_gemm(level, transposeB ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(k), b, Int64(transposeB ? k : n),
                 accumulate ? 1 : 0, &out, Int64(n))
        return out
    }

    /// Small integers: every partial sum is exact in fp32, so every level must equal the reference exactly
    /// (edge tiles, an odd k, k across the 256 block, accumulation into C).
    func testExactOnRepresentableInputs() {
        for (m, n, k) in [(1, 1, 1), (13, 33, 7), (25, 70, 301), (12, 32, 512), (37, 45, 83)] {
            let a = (0..<(m * k)).map { Float(($0 * 7 + 3) % 17) - 8 }
            let b = (0..<(n * k)).map { roundedBits(Float(($0 * 5 + 1) % 13) - 6) }
            let c = (0..<(m * n)).map { Float($0 % 9) - 4 }
            for transposeB in [true, false] {
                for accumulate in [false, true] {
                    let expected = reference(transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c, accumulate: accumulate)
                    for level in levels {
                        XCTAssertEqual(product(level: level, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c, accumulate: accumulate),
                                       expected, "\(m)×\(n)×\(k) transposeB \(transposeB) accumulate \(accumulate) level \(level)")
                    }
                }
            }
        }
    }

    /// Random values: within fp32 rounding of the running sum (relative to Σ|a·b|), and the levels agree.
    func testRandomInputsWithinAccumulationTolerance() throws {
        let m = 29, n = 67, k = 530
        let a = try Helpers.random([m, k], seed: 1).toArray()
        let b = try Helpers.random([n, k], seed: 2).toArray().map(roundedBits)
        let magnitude = reference(transposeB: true, m: m, n: n, k: k, a: a.map(abs), b: b.map { $0 & 0x7FFF }, c: [], accumulate: false)
        for transposeB in [true, false] {
            let expected = reference(transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: [], accumulate: false)
            for level in levels {
                let got = product(level: level, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b,
                                  c: [Float](repeating: 0, count: m * n), accumulate: false)
                for index in got.indices {
                    let bound = Float(k) * 1.2e-7 * magnitude.max()! + 1e-6
                    XCTAssertEqual(got[index], expected[index], accuracy: bound, "level \(level) index \(index)")
                }
            }
        }
    }

    /// `linear` with a frozen weight: bf16 products inside the scope (forward and input gradient equal the
    /// kernel's product of the rounded values), fp32 outside it, the copy freed when the scope ends.
    func testLinearUsesTheFrozenWeightsCopyOnlyInsideTheScope() throws {
        let x = try Helpers.parameter([3, 5, 40], seed: 3), w = try Helpers.random([24, 40], seed: 4), bias = try Helpers.random([24], seed: 5)
        let fp32 = try Tensor.linear(x, weight: w, bias: bias)
        let (half, dx) = try BF16Products.scope(enabled: true) { () throws -> (Tensor, [Float]) in
            let y = try Tensor.linear(x, weight: w, bias: bias)
            XCTAssertEqual(BF16Products.heldBytes, 24 * 40 * 2)
            try y.sum().backward()
            return (y, try XCTUnwrap(x.grad).toArray())
        }
        XCTAssertEqual(BF16Products.heldBytes, 0, "the copies go when the scope ends")
        XCTAssertNil(w.storage.bf16Copy)
        let wHalf = w.toArray().map(roundedBits), xValues = x.toArray()
        let product = reference(transposeB: true, m: 15, n: 24, k: 40, a: xValues, b: wHalf, c: [], accumulate: false)
        let biasValues = bias.toArray()
        let expected = product.indices.map { product[$0] + biasValues[$0 % 24] }
        assertClose(half, try Tensor(shape: [3, 5, 24], values: expected), atol: 2e-5)
        assertClose(half, fp32, atol: 0.1)  // bf16 keeps 8 bits: about 2⁻⁹ relative per value
        XCTAssertNotEqual(half.toArray(), fp32.toArray(), "the scope changed the arithmetic")
        let ones = [Float](repeating: 1, count: 15 * 24)
        let expectedDx = reference(transposeB: false, m: 15, n: 40, k: 24, a: ones, b: wHalf, c: [], accumulate: false)
        for index in dx.indices { XCTAssertEqual(dx[index], expectedDx[index], accuracy: 1e-5) }
        XCTAssertEqual(try Tensor.linear(x, weight: w, bias: bias).toArray(), fp32.toArray(), "fp32 again after the scope")
    }

    /// Trainable weights stay fp32 inside the scope; a frozen weight written in place gets a fresh copy.
    func testTrainableWeightsStayFloat32AndWritesRemakeTheCopy() throws {
        let x = try Helpers.random([6, 16], seed: 6), trainable = try Helpers.parameter([8, 16], seed: 7)
        let frozen = try Helpers.random([8, 16], seed: 8)
        let outside = try Tensor.linear(x, weight: trainable).toArray()
        try BF16Products.scope(enabled: true) {
            XCTAssertEqual(try Tensor.linear(x, weight: trainable).toArray(), outside)
            XCTAssertNil(trainable.storage.bf16Copy)
            let before = try Tensor.linear(x, weight: frozen).toArray()
            try frozen.assign(frozen.toArray().map { $0 * 2 })
            let after = try Tensor.linear(x, weight: frozen).toArray()
            for index in before.indices { XCTAssertEqual(after[index], before[index] * 2, accuracy: 1e-5) }
        }
    }

    /// `lora_linear` and the LM-head cross-entropy: the frozen W in bf16, close to fp32, and the same bits
    /// with one thread or two.
    func testLoraLinearAndHeadAreDeterministicAndClose() throws {
        let w = try Helpers.random([48, 64], seed: 9), a = try Helpers.parameter([4, 64], seed: 10)
        let b = try Helpers.parameter([48, 4], seed: 11), head = try Helpers.random([300, 48], seed: 12)
        let labels = try IntTensor(shape: [40], values: (0..<40).map { $0 % 7 == 0 ? -100 : Int32($0 * 7 % 300) })
        func run() throws -> [Float] {
            let x = try Helpers.parameter([40, 64], seed: 13)
            let hidden = try Tensor.loraLinear(x, weight: w, bias: nil, loraA: a, loraB: b, scaling: 2)
            let loss = try Tensor.crossEntropyOfLinear(input: hidden, weight: head, labels: labels)
            try loss.backward()
            defer { a.grad = nil; b.grad = nil }
            return loss.toArray() + (try XCTUnwrap(x.grad).toArray()) + (try XCTUnwrap(a.grad).toArray())
        }
        let fp32 = try run()
        let saved = Parallel.threads
        defer { Parallel.threads = saved }
        let twoThreads = try BF16Products.scope(enabled: true) { try run() }
        Parallel.threads = 1
        let oneThread = try BF16Products.scope(enabled: true) { try run() }
        XCTAssertEqual(twoThreads.map(\.bitPattern), oneThread.map(\.bitPattern))
        XCTAssertNotEqual(twoThreads, fp32)
        XCTAssertEqual(twoThreads[0], fp32[0], accuracy: 0.02 * abs(fp32[0]), "loss")
        let scale = fp32.map(abs).max()!
        for index in fp32.indices { XCTAssertEqual(twoThreads[index], fp32[index], accuracy: 0.03 * scale, "value \(index)") }
    }
}
