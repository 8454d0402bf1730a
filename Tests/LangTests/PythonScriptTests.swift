import Foundation
import Lang
import TestSupport
import XCTest

/// Golden scripts written as plain Python (`PythonScripts/*.py`), each with the standard output CPython 3.11
/// gave for it (`*.stdout`, recorded by `record.sh`; the tests never need Python). Each runs in a fresh
/// sandbox folder, with the arguments of its `# argv:` line in `sys.argv`, as `record.sh` runs it. Scripts named
/// `cli_*` also write standard error and run through the binary instead (CLITests/ScriptStreamTests).
final class PythonScriptTests: XCTestCase {
    static var root: URL { Fixtures.projectRoot.appendingPathComponent("Tests/LangTests/PythonScripts") }

    func testEveryPythonScriptMatchesCPython() throws {
        try checkScripts(in: Self.root)
    }

    /// The loop-heavy scripts `lorarepl-bench lang` times against python3 (`PythonScripts/bench`): here only
    /// their output is checked (never their speed).
    func testBenchmarkScriptsMatchCPython() throws {
        try checkScripts(in: Self.root.appendingPathComponent("bench"))
    }

    private func checkScripts(in root: URL) throws {
        let scripts = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".py") && !$0.hasPrefix("cli_") }.sorted()
        XCTAssertGreaterThan(scripts.count, 1, "no scripts under \(root.path)")
        var failures: [String] = []
        for script in scripts {
            let source = try String(contentsOf: root.appendingPathComponent(script), encoding: .utf8)
            let expected = try String(contentsOf: root.appendingPathComponent(script.replacingOccurrences(of: ".py", with: ".stdout")), encoding: .utf8)
            let arguments = source.components(separatedBy: "\n").first { $0.hasPrefix("# argv: ") }
                .map { $0.dropFirst(8).split(separator: " ").map(String.init) } ?? []
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-py-\(getpid())-\(script)")
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let buffer = CaptureBuffer()
            let interpreter = Interpreter(output: buffer, files: FileGate(sandbox: folder))
            interpreter.setScriptArguments([script] + arguments)
            let result = interpreter.run(source, origin: script)
            if let error = result.error {
                failures.append("\(script): \(DiagnosticRenderer.render(error))")
            }
            if buffer.text != expected {
                let got = buffer.text.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
                let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
                failures.append("\(script): output differs from CPython at line \(line + 1)\n  expected: \(line < want.count ? want[line] : "<end>")\n  actual:   \(line < got.count ? got[line] : "<end>")")
            }
        }
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n\n"))
    }
}
