import TensorCore
import XCTest

/// The worst element of a comparison: where it is and how far off.
public struct CloseReport {
    public let worstIndex: Int
    public let actual: Float
    public let expected: Float
    public let excess: Float  // |a − e| − (atol + rtol·|e|); > 0 means out of tolerance
    public let mismatches: Int
}

/// Compares element by element with `|a − e| ≤ atol + rtol·|e|` (NaN equals NaN).
public func compareClose(_ actual: [Float], _ expected: [Float], atol: Float, rtol: Float) -> CloseReport? {
    guard actual.count == expected.count, !actual.isEmpty else { return nil }
    var worst = 0, worstExcess = -Float.infinity, mismatches = 0
    for index in actual.indices {
        let a = actual[index], e = expected[index]
        if a.isNaN && e.isNaN { continue }
        let excess = (a.isNaN || e.isNaN) ? Float.infinity : abs(a - e) - (atol + rtol * abs(e))
        if excess > 0 { mismatches += 1 }
        if excess > worstExcess { worstExcess = excess; worst = index }
    }
    return CloseReport(worstIndex: worst, actual: actual[worst], expected: expected[worst], excess: worstExcess, mismatches: mismatches)
}

/// Asserts two float arrays are close; on failure prints the worst element (index, values, difference).
public func assertClose(_ actual: [Float], _ expected: [Float], atol: Float = 1e-5, rtol: Float = 1e-4,
                        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    guard actual.count == expected.count else {
        XCTFail("\(message()) count mismatch: \(actual.count) vs expected \(expected.count)", file: file, line: line)
        return
    }
    guard let report = compareClose(actual, expected, atol: atol, rtol: rtol) else { return }
    if report.excess > 0 {
        XCTFail("\(message()) \(report.mismatches)/\(actual.count) elements differ; worst at [\(report.worstIndex)]: "
                + "actual \(report.actual), expected \(report.expected), |diff| \(abs(report.actual - report.expected)) "
                + "(atol \(atol), rtol \(rtol))", file: file, line: line)
    }
}

/// Asserts shapes are equal and values close (see the array version).
public func assertClose(_ actual: Tensor, _ expected: Tensor, atol: Float = 1e-5, rtol: Float = 1e-4,
                        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    guard actual.shape == expected.shape else {
        XCTFail("\(message()) shape \(actual.shape) vs expected \(expected.shape)", file: file, line: line)
        return
    }
    assertClose(actual.toArray(), expected.toArray(), atol: atol, rtol: rtol, message(), file: file, line: line)
}

/// Asserts a tensor's values are close to `expected` (row-major).
public func assertClose(_ actual: Tensor, _ expected: [Float], atol: Float = 1e-5, rtol: Float = 1e-4,
                        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    assertClose(actual.toArray(), expected, atol: atol, rtol: rtol, message(), file: file, line: line)
}

/// Asserts two Double arrays are close.
public func assertClose(_ actual: [Double], _ expected: [Double], atol: Double = 1e-9, rtol: Double = 1e-7,
                        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    guard actual.count == expected.count else {
        XCTFail("\(message()) count mismatch: \(actual.count) vs \(expected.count)", file: file, line: line)
        return
    }
    var worst = 0, worstExcess = -Double.infinity
    for index in actual.indices {
        let excess = abs(actual[index] - expected[index]) - (atol + rtol * abs(expected[index]))
        if excess > worstExcess || excess.isNaN { worstExcess = excess.isNaN ? .infinity : excess; worst = index }
    }
    if worstExcess > 0 {
        XCTFail("\(message()) worst at [\(worst)]: actual \(actual[worst]), expected \(expected[worst])", file: file, line: line)
    }
}
