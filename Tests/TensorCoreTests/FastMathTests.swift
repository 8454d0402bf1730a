import Foundation
import XCTest
@testable import TensorCore

final class FastMathTests: XCTestCase {
    func testExpMatchesLibmWithinTwoUlp() {
        var worst: Double = 0
        for step in 0...35_000 {
            let x = Float(-87 + Double(step) * 175 / 35_000)
            let reference = Foundation.exp(Double(x))
            let relative = abs(Double(FastMath.exp(x)) - reference) / reference
            worst = max(worst, relative)
        }
        XCTAssertLessThan(worst, 2.5e-7, "worst relative error \(worst)")
        XCTAssertEqual(FastMath.exp(0), 1)
        XCTAssertTrue(FastMath.exp(.nan).isNaN)
        XCTAssertLessThan(FastMath.exp(-1000), 1e-37)
        XCTAssertTrue(FastMath.exp(1000).isFinite)
    }

    func testOnePlusErfOnBothTails() {
        var worst: Double = 0, worstAt: Float = 0
        for step in 0...18_000 {
            let u = Float(-9 + Double(step) / 1_000)
            let reference = u < 0 ? erfc(Double(-u)) : 1 + erf(Double(u))
            let relative = abs(Double(FastMath.onePlusErf(u)) - reference) / reference
            if relative > worst { worst = relative; worstAt = u }
        }
        XCTAssertLessThan(worst, 4e-7, "worst relative error \(worst) at u = \(worstAt)")
    }
}
