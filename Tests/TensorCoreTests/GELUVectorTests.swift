import CKernels
import XCTest
@testable import TensorCore

/// The AVX-512 erf GELU (CKernels' lr_gelu.c) against TensorCore's scalar `GELUKernel`, bit for bit,
/// and the pointwise op that uses it against the scalar formula (lengths with a scalar tail).
final class GELUVectorTests: XCTestCase {
    var inputs: [Float] {
        var values = stride(from: Float(-14), through: 14, by: 0.0137).map { $0 }
        values += [0, -0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, 1e-20, -1e-20, 3.4e38, -3.4e38,
                   .infinity, -.infinity, .nan, 5.5, -5.5, 9.1, -9.1, 13.2, -13.2, 120, -120]
        while values.count % 16 != 0 { values.append(Float(values.count) * -0.001) }
        return values
    }

    func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    func testVectorKernelEqualsScalarKernelBitForBit() throws {
        guard lrq_best_level() >= LRQ_AVX512_VNNI else { throw XCTSkip("this CPU has no AVX-512: the scalar loop runs") }
        let x = inputs, n = x.count
        var y = [Float](repeating: 0, count: n), dx = [Float](repeating: 0, count: n)
        let g = (0..<n).map { Float($0 % 7) - 3.25 }
        XCTAssertEqual(lrg_gelu_forward(x, &y, Int64(n)), Int64(n))
        XCTAssertEqual(lrg_gelu_backward(x, g, &dx, Int64(n)), Int64(n))
        XCTAssertEqual(bits(y), bits(x.map { GELUKernel.forward($0) }))
        XCTAssertEqual(bits(dx), bits((0..<n).map { g[$0] * GELUKernel.derivative(x[$0], 0) }))
    }

    /// `gelu()` and its gradient over a length that is not a multiple of 16 (split over both cores).
    func testGELUOpMatchesScalarFormula() throws {
        let n = 70_001
        let values = (0..<n).map { Float($0 % 2_003) * 0.007 - 7 }
        let x = try Tensor(shape: [n], values: values)
        x.requiresGrad = true
        let y = x.gelu()
        XCTAssertEqual(bits(y.toArray()), bits(values.map { GELUKernel.forward($0) }))
        try y.sum().backward()
        XCTAssertEqual(bits(try XCTUnwrap(x.grad).toArray()), bits(values.map { GELUKernel.derivative($0, 0) }))
    }
}
