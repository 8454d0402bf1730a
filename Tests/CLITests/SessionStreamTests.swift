import Foundation
import TestSupport
import XCTest

/// Script mode gives the session's two streams to the process: output on stdout, warnings and
/// `sys.stderr` on stderr; a notebook keeps both in the cell's output with stderr lines marked.
final class SessionStreamTests: XCTestCase {
    func testScriptModeSendsWarningsAndStderrToTheProcessStderr() throws {
        let code = """
        import sys
        print("result", 42)
        print("careful", file=sys.stderr)
        args = TrainingArguments(output_dir="o", do_eval=True)
        print("done")
        """
        let result = try runLoraRepl(["-c", code])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(result.stdout, "result 42\ndone\n")
        XCTAssertEqual(result.stderr, "careful\nwarning: do_eval=True is accepted for compatibility and ignored by lorarepl\n")
    }

    func testNotebookRecordsStderrMarkedInOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-streams-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("streams.lnb")
        try "<!-- lnb v1 seed=1 -->\n```lora id=a\nimport sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')\n```\n"
            .write(to: url, atomically: true, encoding: .utf8)
        let update = try runLoraRepl(["test", "--update", url.path])
        XCTAssertEqual(update.code, 0, update.stdout + update.stderr)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.contains("one\n[stderr] two\nthree\n```"), text)
        let again = try runLoraRepl(["test", url.path])
        XCTAssertEqual(again.code, 0, again.stdout + again.stderr)
    }
}
