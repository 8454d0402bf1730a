import Bindings
import Foundation
import Lang
import TestSupport
import XCTest

/// `docs/builtins.md` is generated from the registry tables of an interpreter with the ML bindings
/// installed: the language's built-ins and modules, and `transformers`, `peft`, `datasets`, `torch`,
/// `numpy`, `sklearn`. The test fails when the page is stale; `LORAREPL_REGENERATE=1` rewrites it.
final class BuiltinReferenceTests: XCTestCase {
    func testBuiltinReferenceIsCurrent() throws {
        let interpreter = Interpreter(output: CaptureBuffer())
        Bindings.install(into: interpreter)
        let reference = interpreter.builtinReference()
        for expected in ["`round(number, ndigits=None)`", "## Module `transformers`", "## Module `peft`", "## Module `datasets`",
                         "## Module `torch`", "## Module `numpy`", "`LoraConfig(", "`get_peft_model(", "`Trainer("] {
            XCTAssertTrue(reference.contains(expected), "docs/builtins.md should list \(expected)")
        }
        let url = Fixtures.projectRoot.appendingPathComponent("docs/builtins.md")
        let current = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        if current == reference { return }
        if ProcessInfo.processInfo.environment["LORAREPL_REGENERATE"] == "1" {
            try reference.write(to: url, atomically: true, encoding: .utf8)  // temporary file + rename
            return
        }
        XCTFail("docs/builtins.md is stale: run `LORAREPL_REGENERATE=1 swift test --filter BuiltinReferenceTests`")
    }
}
