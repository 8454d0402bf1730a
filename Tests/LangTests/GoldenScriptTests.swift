import Foundation
import Lang
import TestSupport
import XCTest

/// Runs every golden script under `Scripts/<feature>/` (Crafting Interpreters / Wren style):
/// `# expect: text` lines give the expected output in order; `# expect error: Kind: message` on a line
/// says that line raises (or fails to parse with) exactly that diagnostic.
final class GoldenScriptTests: XCTestCase {
    static var scriptsRoot: URL { Fixtures.projectRoot.appendingPathComponent("Tests/LangTests/Scripts") }

    struct Expectations {
        var output: [String] = []
        var errors: [(line: Int, headline: String)] = []
    }

    static func expectations(in source: String) -> Expectations {
        var result = Expectations()
        for (i, line) in source.components(separatedBy: "\n").enumerated() {
            if let r = line.range(of: "# expect error: ") {
                result.errors.append((i + 1, String(line[r.upperBound...])))
            } else if let r = line.range(of: "# expect: ") {
                result.output.append(String(line[r.upperBound...]))
            } else if line.hasSuffix("# expect:") {
                result.output.append("")
            }
        }
        return result
    }

    func testEveryGoldenScript() throws {
        let files = FileManager.default.enumerator(atPath: Self.scriptsRoot.path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".lora") }.sorted() ?? []
        XCTAssertGreaterThan(files.count, 40, "golden scripts not found under \(Self.scriptsRoot.path)")
        var failures: [String] = []
        for file in files {
            let source = try String(contentsOf: Self.scriptsRoot.appendingPathComponent(file), encoding: .utf8)
            let expected = Self.expectations(in: source)
            let buffer = CaptureBuffer()
            let interpreter = Interpreter(output: buffer)
            let result = interpreter.run(source, origin: file)
            var actualLines = buffer.text.components(separatedBy: "\n")
            if actualLines.last == "" { actualLines.removeLast() }
            if actualLines != expected.output {
                failures.append("\(file): output differs\n  expected: \(expected.output)\n  actual:   \(actualLines)")
            }
            let actualErrors = result.diagnostics.map { ($0.range?.start.line ?? 0, $0.headline) }
            if actualErrors.count != expected.errors.count
                || zip(actualErrors, expected.errors).contains(where: { $0.0 != $1.line || $0.1 != $1.headline }) {
                failures.append("\(file): diagnostics differ\n  expected: \(expected.errors)\n  actual:   \(actualErrors)\n"
                                + DiagnosticRenderer.render(result.diagnostics))
            }
        }
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n\n"))
    }

    /// The renderer's exact layout (LANGUAGE.md), including a traceback note and a multi-digit gutter.
    func testRendererLayout() {
        let interpreter = Interpreter(output: CaptureBuffer())
        let result = interpreter.run("trainer = 1\ntrainr.train()", origin: "sentiment.lnb:cell train")
        XCTAssertEqual(result.error.map(DiagnosticRenderer.render), """
            error: NameError: name 'trainr' is not defined (did you mean 'trainer'?)
             --> sentiment.lnb:cell train:2:1
              |
            2 | trainr.train()
              | ^^^^^^
            """)
        let source = String(repeating: "\n", count: 9) + "def f(x):\n    return x / 0\nf(1)"
        let traced = interpreter.run(source, origin: "t.lora")
        XCTAssertEqual(traced.error.map(DiagnosticRenderer.render), """
            error: ZeroDivisionError: division by zero
              --> t.lora:11:12
               |
            11 |     return x / 0
               |            ^^^^^
            note: in 'f', called from t.lora:12:1
            """)
    }

    /// A syntax error in one cell never loses the session's state; echo follows Jupyter (last expression).
    func testSessionStateAndEcho() {
        let interpreter = Interpreter(output: CaptureBuffer())
        XCTAssertNil(interpreter.run("x = 41", origin: "cell 1").echo)
        XCTAssertFalse(interpreter.run("x = = 2", origin: "cell 2").succeeded)
        XCTAssertEqual(interpreter.run("x + 1", origin: "cell 3").echo, "42")
        XCTAssertNil(interpreter.run("None", origin: "cell 4").echo)
        XCTAssertEqual(interpreter.run("'a' * 2", origin: "cell 5").echo, "'aa'")
        XCTAssertEqual(interpreter.globalNames, ["x"])
        XCTAssertTrue(interpreter.completions(for: "pri").contains("print"))
        XCTAssertEqual(interpreter.completions(for: "math.sq"), ["math.sqrt"])
        XCTAssertTrue(interpreter.helpText(for: "len")?.contains("len(obj)") ?? false)
    }

    /// requestInterrupt from another thread stops a busy loop with KeyboardInterrupt; the session lives on.
    func testInterruptRaisesKeyboardInterrupt() {
        let interpreter = Interpreter(output: CaptureBuffer())
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { interpreter.requestInterrupt() }
        let result = interpreter.run("n = 0\nwhile True:\n    n += 1", origin: "cell")
        XCTAssertEqual(result.error?.kind, "KeyboardInterrupt")
        XCTAssertEqual(interpreter.run("n > 0", origin: "next").echo, "True")
    }

    func testTimeLimitAndOutputLimit() {
        var limits = Limits()
        limits.timeLimit = 0.2
        limits.maxOutputBytes = 1000
        let interpreter = Interpreter(output: CaptureBuffer(), limits: limits)
        XCTAssertEqual(interpreter.run("while True:\n    pass", origin: "c").error?.kind, "TimeoutError")
        XCTAssertEqual(interpreter.run("for i in range(10000):\n    print(i)", origin: "c").error?.kind, "MemoryError")
    }

    func testSandboxGate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lang-sandbox-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "a,b\n1,2\n".write(to: directory.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let buffer = CaptureBuffer()
        let interpreter = Interpreter(output: buffer, files: FileGate(sandbox: directory))
        let ok = interpreter.run("with open('data.csv') as f:\n    for line in f:\n        print(line.strip().split(','))", origin: "c")
        XCTAssertTrue(ok.succeeded, ok.error.map(DiagnosticRenderer.render) ?? "")
        XCTAssertEqual(buffer.text, "['a', 'b']\n['1', '2']\n")
        XCTAssertEqual(interpreter.run("open('/etc/passwd')", origin: "c").error?.kind, "PermissionError")
        XCTAssertEqual(interpreter.run("open('../x.csv')", origin: "c").error?.kind, "PermissionError")
    }
}

/// The REPL asks whether to keep reading lines.
final class IncompleteInputTests: XCTestCase {
    func testIncompleteInput() {
        let interpreter = Interpreter(output: CaptureBuffer())
        XCTAssertTrue(interpreter.isIncomplete("config = LoraConfig(\n    r=8,"))
        XCTAssertTrue(interpreter.isIncomplete("def f(x):"))
        XCTAssertTrue(interpreter.isIncomplete("def f(x):\n    return x"))
        XCTAssertTrue(interpreter.isIncomplete("text = \"\"\"first"))
        XCTAssertTrue(interpreter.isIncomplete("total = 1 + \\"))
        XCTAssertFalse(interpreter.isIncomplete("def f(x):\n    return x\n\n"))
        XCTAssertFalse(interpreter.isIncomplete("print(1)"))
        XCTAssertFalse(interpreter.isIncomplete("x = = 1"))
        XCTAssertFalse(interpreter.isIncomplete("x = (1 +)"))
    }
}
