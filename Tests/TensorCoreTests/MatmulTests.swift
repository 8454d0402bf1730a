import TestSupport
import XCTest
@testable import TensorCore

final class MatmulTests: XCTestCase {
    let (m, k, n) = (7, 13, 29)

    func testBLASIsLoadedWithFastKernel() {
        XCTAssertNil(BLAS.load(), "OpenBLAS should load")
        XCTAssertTrue(GEMM.usesBLAS)
        XCTAssertFalse(["Prescott", "Generic", "none"].contains(BLAS.kernel), "kernel \(BLAS.kernel)")
    }

    /// All four transpose cases, built from transposed views so sgemm gets each flag.
    func testAllTransposeCasesAgainstNaive() throws {
        let a = try Helpers.random([m, k], seed: 1), b = try Helpers.random([k, n], seed: 2)
        let expected = Helpers.naiveMatmul(a.toArray(), b.toArray(), m: m, k: k, n: n)
        let aT = try Tensor(shape: [k, m], values: Helpers.transpose(a.toArray(), rows: m, cols: k))
        let bT = try Tensor(shape: [n, k], values: Helpers.transpose(b.toArray(), rows: k, cols: n))
        let cases: [(String, Tensor, Tensor)] = [
            ("NN", a, b), ("TN", try aT.t(), b), ("NT", a, try bT.t()), ("TT", try aT.t(), try bT.t()),
        ]
        for (label, left, right) in cases {
            XCTAssertEqual(left.gemmReadable().layout?.transposed, label.first == "T")
            XCTAssertEqual(right.gemmReadable().layout?.transposed, label.last == "T")
            assertClose(try left.matmul(right), expected, atol: 1e-4, rtol: 1e-4, label)
        }
    }

    func testNaiveGEMMFallbackMatchesBLAS() throws {
        let a = try Helpers.random([m, k], seed: 3), b = try Helpers.random([n, k], seed: 4)
        var blas = [Float](repeating: 1, count: m * n), naive = [Float](repeating: 1, count: m * n)
        GEMM.multiply(transposeA: false, transposeB: true, m: m, n: n, k: k, alpha: 0.5, a: a.data, lda: k, b: b.data, ldb: k,
                      beta: 2, c: &blas, ldc: n)
        GEMM.naive(transposeA: false, transposeB: true, m: m, n: n, k: k, alpha: 0.5, a: a.data, lda: k, b: b.data, ldb: k,
                   beta: 2, c: &naive, ldc: n)
        assertClose(blas, naive, atol: 1e-4)
    }

    func testBatchedMatmulWithBroadcastBatch() throws {
        let a = try Helpers.random([3, 2, m, k], seed: 5), b = try Helpers.random([2, k, n], seed: 6)
        let out = try a.matmul(b)
        XCTAssertEqual(out.shape, [3, 2, m, n])
        let av = a.toArray(), bv = b.toArray(), ov = out.toArray()
        for outer in 0..<3 {
            for inner in 0..<2 {
                let left = Array(av[((outer * 2 + inner) * m * k)..<((outer * 2 + inner + 1) * m * k)])
                let right = Array(bv[(inner * k * n)..<((inner + 1) * k * n)])
                let got = Array(ov[((outer * 2 + inner) * m * n)..<((outer * 2 + inner + 1) * m * n)])
                assertClose(got, Helpers.naiveMatmul(left, right, m: m, k: k, n: n), atol: 1e-4, "batch \(outer),\(inner)")
            }
        }
    }

    func testBatchedTimesMatrixFoldsRows() throws {
        let a = try Helpers.random([4, m, k], seed: 7), b = try Helpers.random([k, n], seed: 8)
        let out = try a.matmul(b)
        XCTAssertEqual(out.shape, [4, m, n])
        assertClose(out, Helpers.naiveMatmul(a.toArray(), b.toArray(), m: 4 * m, k: k, n: n), atol: 1e-4)
    }

    func testVectorProducts() throws {
        let v = try Tensor(shape: [3], values: [1, 2, 3]), m = try Tensor(shape: [3, 2], values: [1, 0, 0, 1, 1, 1])
        let dot = try v.matmul(v)
        XCTAssertEqual(dot.shape, [])
        XCTAssertEqual(try dot.item(), 14)
        XCTAssertEqual(try v.matmul(m).toArray(), [4, 5])
        XCTAssertEqual(try m.t().matmul(v).toArray(), [4, 5])
    }

    func testMatmulShapeErrorIsThrown() throws {
        let a = try Tensor.zeros([2, 3]), b = try Tensor.zeros([4, 5])
        XCTAssertThrowsError(try a.matmul(b)) { error in
            XCTAssertTrue("\(error)".contains("do not line up"), "\(error)")
        }
    }

    func testLinearMatchesNaiveWithAndWithoutBias() throws {
        let x = try Helpers.random([2, m, k], seed: 9), w = try Helpers.random([n, k], seed: 10), b = try Helpers.random([n], seed: 11)
        var expected = Helpers.naiveMatmul(x.toArray(), Helpers.transpose(w.toArray(), rows: n, cols: k), m: 2 * m, k: k, n: n)
        assertClose(try Tensor.linear(x, weight: w), expected, atol: 1e-4)
        let bias = b.toArray()
        for index in expected.indices { expected[index] += bias[index % n] }
        let y = try Tensor.linear(x, weight: w, bias: b)
        XCTAssertEqual(y.shape, [2, m, n])
        assertClose(y, expected, atol: 1e-4)
        // A transposed view as the weight ([in, out] stored) gives the same result.
        let wStoredTransposed = try Tensor(shape: [k, n], values: Helpers.transpose(w.toArray(), rows: n, cols: k)).t()
        assertClose(try Tensor.linear(x, weight: wStoredTransposed, bias: b), expected, atol: 1e-4)
    }

    func testLinearRejectsWrongInputWidth() throws {
        XCTAssertThrowsError(try Tensor.linear(Tensor.zeros([3, 5]), weight: Tensor.zeros([4, 6])))
        XCTAssertThrowsError(try Tensor.linear(Tensor.zeros([3, 6]), weight: Tensor.zeros([4, 6]), bias: Tensor.zeros([5])))
    }
}
