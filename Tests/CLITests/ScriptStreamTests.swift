import Foundation
import TestSupport
import XCTest

/// Script mode keeps Python's two streams apart: `print` on standard output; logging, warnings and
/// `sys.stderr` on standard error, so `lorarepl train.py > log.txt` holds only what the script printed.
/// Each `Tests/LangTests/PythonScripts/cli_*.py` runs through the real binary in a fresh `--sandbox`
/// folder with its `# argv:` arguments; stdout, stderr and the exit code (`# exit:`, default 0) must be
/// what CPython 3.11 gave (`record.sh` recorded `.stdout` and `.stderr`).
final class ScriptStreamTests: XCTestCase {
    static var root: URL { Fixtures.projectRoot.appendingPathComponent("Tests/LangTests/PythonScripts") }

    func testScriptsKeepStdoutAndStderrApartLikeCPython() throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: Self.root.path).filter { $0.hasPrefix("cli_") && $0.hasSuffix(".py") }.sorted()
        XCTAssertFalse(scripts.isEmpty)
        for script in scripts {
            let url = Self.root.appendingPathComponent(script)
            let source = try String(contentsOf: url, encoding: .utf8)
            func header(_ key: String) -> String? {
                source.components(separatedBy: "\n").first { $0.hasPrefix("# \(key): ") }.map { String($0.dropFirst(key.count + 4)) }
            }
            let arguments = header("argv")?.split(separator: " ").map(String.init) ?? []
            let expectedCode = Int32(header("exit") ?? "0") ?? 0
            let base = url.deletingPathExtension()
            let expectedOut = try String(contentsOf: base.appendingPathExtension("stdout"), encoding: .utf8)
            let expectedErr = (try? String(contentsOf: base.appendingPathExtension("stderr"), encoding: .utf8)) ?? ""
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let result = try runLoraRepl(["--sandbox", folder.path, url.path] + arguments)
            XCTAssertEqual(result.code, expectedCode, "\(script): exit code\n\(result.stderr)")
            XCTAssertEqual(result.stdout, expectedOut, "\(script): standard output differs from CPython's")
            XCTAssertEqual(result.stderr, expectedErr, "\(script): standard error differs from CPython's")
        }
    }
}
