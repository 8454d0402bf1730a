import Foundation
import XCTest
import Bindings
import Lang
import TestSupport

/// Runs lorarepl code with the ML bindings installed and returns what it printed and its error.
final class ScriptSession {
    let output = CaptureBuffer()
    let interpreter: Interpreter

    init() {
        interpreter = Interpreter(output: output)
        Bindings.install(into: interpreter)
        Bindings.resetSeeds(session: interpreter.session)
        Bindings.seedCell(42, session: interpreter.session)
    }

    /// Runs `code` (as one cell); returns printed output + echoed value, and the rendered error if any.
    @discardableResult
    func run(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> (output: String, error: String?) {
        let result = interpreter.run(code, origin: "test.lora")
        var text = output.take()
        if let echo = result.echo { text += echo + "\n" }
        let error = result.diagnostics.isEmpty ? nil : DiagnosticRenderer.render(result.diagnostics)
        return (text, error)
    }

    /// Runs `code` and fails the test when it raises.
    @discardableResult
    func ok(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let (text, error) = run(code)
        if let error { XCTFail("unexpected error:\n\(error)\noutput so far:\n\(text)", file: file, line: line) }
        return text
    }
}

/// A fixture folder's path, or an XCTSkip when the fixtures are absent.
func fixture(_ relative: String) throws -> String {
    guard let url = Fixtures.path(relative) else { throw XCTSkip("fixture \(relative) is not available") }
    return url.path
}

/// A demo asset's path, or an XCTSkip.
func demoAsset(_ relative: String) throws -> String {
    guard let url = Fixtures.demoAsset(relative) else { throw XCTSkip("demo asset \(relative) is not installed") }
    return url.path
}

/// A fresh temporary folder.
func temporaryFolder() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bindings-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}
