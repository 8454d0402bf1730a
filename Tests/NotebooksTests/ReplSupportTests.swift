import XCTest
import Lang
@testable import Notebooks

final class ReplSupportTests: XCTestCase {
    func testContinuationDecision() {
        let complete = ["x = 1", "print('a:b')", "f(1)", "d = {'a': 1}", "# comment:", "s = '''one\ntwo'''", "%who", "?LoraConfig",
                        "for i in range(3):\n    print(i)\n", "x = [1,\n 2]", "a = 'unterminated"]
        for text in complete { XCTAssertFalse(CellInput.needsMoreLines(text), text.debugDescription) }
        let open = ["def f(x):", "for i in range(3):\n    print(i)", "x = (1,", "f(a,\n  b", "d = {", "s = '''start",
                    "if x:  # comment", "y = 1 + \\", "t = [[1, 2],\n     [3, 4]"]
        for text in open { XCTAssertTrue(CellInput.needsMoreLines(text), text.debugDescription) }
        XCTAssertFalse(CellInput.needsMoreLines("x = ')'"), "brackets inside strings do not count")
        XCTAssertFalse(CellInput.needsMoreLines("x = 1  # (open in a comment"))
    }

    func testCompletionContexts() {
        XCTAssertEqual(CompletionContext.analyze("mod"), .expression(prefix: "mod"))
        XCTAssertEqual(CompletionContext.analyze("x = model.print_tr"), .expression(prefix: "model.print_tr"))
        XCTAssertEqual(CompletionContext.analyze("cfg = LoraConfig(r=8, lora_"), .keyword(callee: "LoraConfig", prefix: "lora_"))
        XCTAssertEqual(CompletionContext.analyze("peft.LoraConfig("), .keyword(callee: "peft.LoraConfig", prefix: ""))
        XCTAssertEqual(CompletionContext.analyze("f(g(1), "), .keyword(callee: "f", prefix: ""))
        XCTAssertEqual(CompletionContext.analyze("f(x + y"), .expression(prefix: "y"))
        XCTAssertEqual(CompletionContext.analyze("load_dataset(\"csv\", data_files=\"data/tw"), .path(prefix: "data/tw"))
        XCTAssertEqual(CompletionContext.analyze("open('~/"), .path(prefix: "~/"))
        XCTAssertEqual(CompletionContext.analyze("%wh"), .magic(prefix: "%wh"))
        XCTAssertEqual(CompletionContext.analyze("%load notebooks/01"), .path(prefix: "notebooks/01"))
        XCTAssertEqual(CompletionContext.analyze("[1, 2][0].bit"), .expression(prefix: ".bit"))
    }

    func testSessionRecorderWritesAReplayableNotebook() throws {
        var recorder = SessionRecorder(seed: 7)
        recorder.record(number: 1, source: "set x 1", outcome: CellOutcome(output: "", value: "1"))
        recorder.record(number: 2, source: "sleep 99", outcome: CellOutcome(output: "", error: "KeyboardInterrupt", interrupted: true))
        recorder.record(number: 3, source: "get x", outcome: CellOutcome(output: "1\nsaved to /tmp/run-1/x.bin\n"))
        recorder.record(number: 4, source: "error boom", outcome: CellOutcome(error: "error: boom\n --> [4]:1:1"))
        let notebook = recorder.notebook(title: nil, sanitizer: .standard(home: nil, temporaryDirectory: "/tmp/"))
        let text = NotebookPrinter.print(notebook)
        XCTAssertTrue(text.hasPrefix("<!-- lnb v1 seed=7 -->\n"))
        XCTAssertEqual(notebook.cells.map(\.id), ["c1", "c3", "c4"], "interrupted cells are left out; ids keep the session numbers")
        XCTAssertEqual(notebook.cells.map(\.hasExplicitID), [false, true, true])
        XCTAssertTrue(text.contains("```lora id=c4 expect=error\nerror boom\n```"), text)
        XCTAssertTrue(text.contains("1\nsaved to {{path}}\n```"), "volatile values are sanitized: \(text)")
        // It parses back byte-identically and nothing is stale.
        let parsed = try NotebookParser.parse(text)
        XCTAssertEqual(NotebookPrinter.print(parsed), text)
        XCTAssertEqual(StaleCheck.check(parsed), [])
    }

    /// Ctrl-C in `trainer.train()` leaves `model` half trained: a later cell that reads `model` (held by the
    /// trainer, never named by the interrupted cell) is left out too; modules and unrelated names are not.
    func testObjectsAnInterruptedCellReachedUnderAnotherNameAreFollowed() {
        var recorder = SessionRecorder(seed: 0)
        let cells = ["import numpy as np\nfrom transformers import Trainer", "model = load()", "trainer = Trainer(model=model)",
                     "size = np.zeros(3)", "trainer.train()", "print(model(x))", "print(size, np.ones(2))", "out = model\nprint(out)"]
        for (i, source) in cells.enumerated() {
            recorder.record(number: i + 1, source: source, outcome: CellOutcome(interrupted: i == 4))
        }
        XCTAssertEqual(recorder.leftOutCells().map(\.description),
                       ["cell 5 (interrupted)", "cell 6 (reads model, written by interrupted cell 5)",
                        "cell 8 (reads model, written by interrupted cell 5)"])
        XCTAssertEqual(CellNames.imported(in: "import numpy as np, os\nfrom a.b import c as d\nx = 1"), ["numpy", "np", "os", "c", "d"])
    }
}

/// Auto-indent, recalled cells and `from … import` completion (the REPL's editing helpers).
final class ReplEditingTests: XCTestCase {
    func testAutoIndentFollowsBlocks() {
        XCTAssertEqual(CellInput.autoIndent(after: "def f(x):"), "    ")
        XCTAssertEqual(CellInput.autoIndent(after: "    if x:  # comment"), "        ")
        XCTAssertEqual(CellInput.autoIndent(after: "    return x"), "    ")
        XCTAssertEqual(CellInput.autoIndent(after: "   "), "")
        XCTAssertEqual(CellInput.autoIndent(after: "cfg = LoraConfig(r=8,"), "")
    }

    func testTypedIndentationWinsOverTheAutomaticOne() {
        XCTAssertEqual(CellInput.keepTypedIndent("    return x", autoIndent: "    "), "    return x")
        XCTAssertEqual(CellInput.keepTypedIndent("        return x", autoIndent: "    "), "    return x", "a paste brings its own indent")
        XCTAssertEqual(CellInput.keepTypedIndent("  x", autoIndent: "    "), "  x", "erased part of the indent")
        XCTAssertEqual(CellInput.keepTypedIndent("x", autoIndent: ""), "x")
    }

    func testRecalledCellsRunUnlessOpen() {
        XCTAssertFalse(CellInput.isOpen("def f(x):\n    return x"))
        XCTAssertTrue(CellInput.isOpen("def f(x):"))
        XCTAssertTrue(CellInput.isOpen("x = [1,\n 2,"))
        XCTAssertTrue(CellInput.needsMoreLines("def f(x):\n    return x"), "typed: waits for the blank line")
    }

    func testImportCompletionContext() {
        XCTAssertEqual(CompletionContext.analyze("from transformers import Auto"), .importName(module: "transformers", prefix: "Auto"))
        XCTAssertEqual(CompletionContext.analyze("from peft import LoraConfig, get_"), .importName(module: "peft", prefix: "get_"))
        XCTAssertEqual(CompletionContext.analyze("from transformers import "), .importName(module: "transformers", prefix: ""))
        XCTAssertEqual(CompletionContext.analyze("from transformers imp"), .expression(prefix: "imp"))
    }
}
