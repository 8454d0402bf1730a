import XCTest
@testable import Notebooks

/// The adapter from the real interpreter to CellEngine, and the runner/tester on real code.
final class LangEngineTests: XCTestCase {
    func testRunCapturesOutputEchoAndErrorsWithoutLosingState() {
        let engine = LangCellEngine()
        var streamed = ""
        engine.onOutput = { streamed += $0 }
        let first = engine.run("x = 20\nprint('hi', x)\nx + 1", origin: "nb.lnb:cell a", seed: 1)
        XCTAssertEqual(first, CellOutcome(output: "hi 20\n", value: "21"))
        XCTAssertEqual(streamed, "hi 20\n", "output is streamed as it is written")
        XCTAssertEqual(first.recordedOutput, "hi 20\n21")
        let failed = engine.run("y = x * 2\nx / 0", origin: "nb.lnb:cell b", seed: 2)
        XCTAssertNotNil(failed.error)
        XCTAssertTrue(failed.error?.contains("ZeroDivisionError") == true, failed.error ?? "")
        XCTAssertTrue(failed.error?.contains("--> nb.lnb:cell b:2:1") == true, failed.error ?? "")
        XCTAssertEqual(engine.run("y + _", origin: "c", seed: 3).value, "61", "state survives errors; _ is the last value")
        XCTAssertEqual(engine.variables().map(\.name), ["x", "y"])
        XCTAssertEqual(engine.variables().first?.typeName, "int")
        engine.reset()
        XCTAssertEqual(engine.variables().map(\.name), [])
    }

    func testCompletionKeywordArgumentsAndHelp() {
        let engine = LangCellEngine()
        _ = engine.run("learning_rate = 0.1\nwords = ['a']", origin: "a", seed: 0)
        XCTAssertEqual(engine.completions(of: "learn"), ["learning_rate"])
        XCTAssertTrue(engine.completions(of: "words.app").contains("words.append"))
        XCTAssertTrue(engine.keywordArguments(of: "sorted").contains("reverse"), "\(engine.keywordArguments(of: "sorted"))")
        XCTAssertNotNil(engine.help("len"))
        XCTAssertNil(engine.help("no_such_name_here"))
    }

    func testSeedsMakeACellReproducibleAlone() throws {
        let text = "<!-- lnb v1 seed=42 -->\n```lora id=a\nimport random\nrandom.random()\n```\n```lora id=b\nrandom.random()\n```\n"
        let notebook = try NotebookParser.parse(text)
        let run = NotebookRunner { LangCellEngine() }.run(notebook, file: "nb.lnb", mode: .recording)
        guard case .ran(let a, _) = run.cells[0].execution, case .ran(let b, _) = run.cells[1].execution else { return XCTFail() }
        XCTAssertNotEqual(a.value, b.value)
        // Cell b alone, in a fresh engine, gives what it gave in the replay.
        let engine = LangCellEngine()
        _ = engine.run("import random", origin: "setup", seed: 0)
        let alone = engine.run("random.random()", origin: "nb.lnb:cell b", seed: CellSeed.derive(notebookSeed: 42, cellID: "b"))
        XCTAssertEqual(alone.value, b.value)
    }

    func testTimeoutInterruptsRealCode() throws {
        let text = "<!-- lnb v1 seed=1 -->\n```lora id=spin timeout=0.3\nwhile True:\n    pass\n```\n```lora id=after\n1\n```\n"
        let report = NotebookTester(runner: NotebookRunner { LangCellEngine() }).test(text: text, file: "nb.lnb")
        XCTAssertEqual(report.exitCode, 2)
        guard case .errored(let detail) = report.cells[0].verdict else { return XCTFail("\(report.cells)") }
        XCTAssertTrue(detail.contains("timeout of 0.30 s"), detail)
        XCTAssertEqual(report.cells[1].verdict, .notRun)
    }

    func testRecordThenReplayRealNotebookTwice() throws {
        let text = "<!-- lnb v1 seed=7 -->\n# Tour\n\n```lora id=a\nnums = [3, 1, 2]\nfor n in sorted(nums):\n    print(n)\n```\n\n```lora id=b expect=error\nnums[5]\n```\n\n```lora id=c check=numbers\nsum(nums) / 3\n```\n"
        let recorded = try XCTUnwrap(NotebookTester(runner: NotebookRunner { LangCellEngine() }, update: true).test(text: text, file: "tour.lnb").updatedText)
        XCTAssertTrue(recorded.contains("```output of=a hash="))
        XCTAssertTrue(recorded.contains("1\n2\n3\n```"))
        XCTAssertTrue(recorded.contains("```error of=b hash="))
        XCTAssertTrue(recorded.contains("--> tour.lnb:cell b:1:1"))
        for _ in 0..<2 {
            let report = NotebookTester(runner: NotebookRunner { LangCellEngine() }).test(text: recorded, file: "dir/tour.lnb")
            XCTAssertEqual(report.exitCode, 0, "\(report.cells)")
        }
        XCTAssertEqual(StaleCheck.check(try NotebookParser.parse(recorded)), [])
    }

    func testSessionRecorderRelocatesREPLErrors() throws {
        var recorder = SessionRecorder(seed: 42)
        let engine = LangCellEngine()
        let sources = ["def f(v):\n    return v[9]", "f([1])"]
        for (i, source) in sources.enumerated() {
            let outcome = engine.run(source, origin: "[\(i + 1)]", seed: CellSeed.derive(notebookSeed: 42, cellID: "c\(i + 1)"))
            recorder.record(number: i + 1, source: source, outcome: outcome)
        }
        let text = NotebookPrinter.print(recorder.notebook(title: nil, sanitizer: .standard(), fileName: "s.lnb"))
        XCTAssertFalse(text.contains("[2]:"), text)
        XCTAssertTrue(text.contains("s.lnb:cell c"), text)
        let report = NotebookTester(runner: NotebookRunner { LangCellEngine() }).test(text: text, file: "s.lnb")
        XCTAssertEqual(report.exitCode, 0, "\(report.cells)\n\(text)")
    }
}

extension LangEngineTests {
    func testHeaderParamsAreVisibleAsADict() throws {
        let text = "<!-- lnb v1 seed=1 params steps=50 lr=2e-4 name=demo -->\n```lora id=a\nprint(params['steps'] * 2, params['lr'], params['name'])\n```\n"
        let recorded = try XCTUnwrap(NotebookTester(runner: NotebookRunner { LangCellEngine() }, update: true).test(text: text, file: "p.lnb").updatedText)
        XCTAssertTrue(recorded.contains("100 0.0002 demo\n```"), recorded)
    }
}

extension LangEngineTests {
    /// The language tour (a real notebook with recorded outputs) passes twice in a row and is not stale.
    func testLanguageTourReplaysTwice() throws {
        let text = try NotebookFixtures.text("language-tour.lnb")
        XCTAssertEqual(StaleCheck.check(try NotebookParser.parse(text)), [])
        for _ in 0..<2 {
            let report = NotebookTester(runner: NotebookRunner { LangCellEngine() }).test(text: text, file: "language-tour.lnb")
            XCTAssertEqual(report.exitCode, 0, "\(report.cells)")
            XCTAssertEqual(report.passed, 7)
        }
    }
}
