import Foundation
import TestSupport
import XCTest

/// `lorarepl --version` names the kernels in use and says when OPENBLAS_CORETYPE slows OpenBLAS down.
final class VersionTests: XCTestCase {
    func environment(coretype: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = coretype
        return environment
    }

    func testVersionNamesTheKernels() throws {
        let result = try runLoraRepl(["--version"], environment: environment(coretype: nil))
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("BLAS: OpenBLAS, kernel"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Quantized decoding: integer kernels"), result.stdout)
        XCTAssertFalse(result.stdout.contains("warning:"), "no OPENBLAS_CORETYPE set, nothing to warn about: \(result.stdout)")
    }

    /// An AVX2 CPU made to run OpenBLAS's SSE3 kernel: the warning, honoured, with the fix.
    func testSlowerUserKernelIsReportedNotOverridden() throws {
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard flags.contains(" avx2"), flags.contains(" fma") else { throw XCTSkip("needs an AVX2 CPU") }
        let result = try runLoraRepl(["--version"], environment: environment(coretype: "Prescott"))
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("kernel Prescott (OPENBLAS_CORETYPE set by the user)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("warning: OPENBLAS_CORETYPE=Prescott is set"), result.stdout)
        XCTAssertTrue(result.stdout.contains("unset OPENBLAS_CORETYPE"), result.stdout)
    }
}
