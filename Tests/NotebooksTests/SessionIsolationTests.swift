import Foundation
import XCTest
import Bindings
import Lang
import TestSupport
@testable import Notebooks

/// One `Session` per engine: two notebooks run in one process, interleaved cell by cell, give exactly
/// what each gives alone (seeded draws, `set_seed`, new LoRA weights, unseeded shuffles, training), and
/// one notebook's recording mode, seeds and warnings never reach the other.
final class SessionIsolationTests: XCTestCase {
    /// An engine with the ML bindings, as the CLI makes it.
    private func makeEngine() -> CellEngine {
        LangCellEngine(prepare: { Bindings.install(into: $0, session: $0.session) })
    }

    /// A notebook that draws from every random stream, loads tiny-bert with LoRA, sets a seed halfway and
    /// trains a few steps on an unseeded shuffle.
    private func notebook(seed: Int, setSeed: Int, rank: Int, output: String, path: String) throws -> Notebook {
        try NotebookParser.parse("""
        <!-- lnb v1 seed=\(seed) -->
        ```lora id=draws
        import random
        import torch
        print(random.random(), random.randint(1, 1000))
        print(torch.randn(4))
        ```

        ```lora id=model
        from transformers import BertForSequenceClassification, Trainer, TrainingArguments
        from peft import LoraConfig, get_peft_model
        from datasets import Dataset
        model = BertForSequenceClassification.from_pretrained("\(path)", num_labels=3)
        model = get_peft_model(model, LoraConfig(task_type="SEQ_CLS", r=\(rank), lora_alpha=8, target_modules=["query", "value"]))
        print(torch.randn(2), random.random())
        ```

        ```lora id=seeded
        set_seed(\(setSeed))
        print(torch.randn(3))
        rows = {"input_ids": [[1, 5 + i % 7, 17, 42 - i % 5, 3] for i in range(18)], "label": [i % 3 for i in range(18)]}
        data = Dataset.from_dict(rows).shuffle()
        print(data["label"])
        ```

        ```lora id=train
        args = TrainingArguments(output_dir="\(output)", per_device_train_batch_size=6, num_train_epochs=2, logging_steps=1,
                                 save_strategy="no", report_to=[], learning_rate=1e-2, do_train=True)
        result = Trainer(model=model, args=args, train_dataset=data).train()
        print(round(result.training_loss, 6), torch.randn(2))
        ```

        ```lora id=after
        print(random.random(), torch.randn(2))
        ```
        """)
    }

    /// Runs the cells of `notebooks` alternately (cell 1 of each, then cell 2 of each, …), each notebook
    /// in its own engine and mode, and returns every notebook's cell outputs.
    private func runInterleaved(_ notebooks: [(Notebook, EngineMode)]) -> [[String]] {
        let engines = notebooks.map { notebook, mode -> CellEngine in
            let engine = makeEngine()
            engine.mode = mode
            return engine
        }
        var outputs = Array(repeating: [String](), count: notebooks.count)
        let longest = notebooks.map { $0.0.cells.count }.max() ?? 0
        for index in 0..<longest {
            for (n, (notebook, _)) in notebooks.enumerated() where index < notebook.cells.count {
                let cell = notebook.cells[index]
                let execution = NotebookRunner.runCell(engine: engines[n], source: cell.source, origin: "nb\(n).lnb:cell \(cell.id)",
                                                       seed: CellSeed.derive(notebookSeed: notebook.header.seed, cellID: cell.id), timeout: nil)
                guard case .ran(let outcome, _) = execution else {
                    outputs[n].append("not run")
                    continue
                }
                outputs[n].append(outcome.recordedOutput + (outcome.error.map { "\nERROR " + $0 } ?? ""))
            }
        }
        return outputs
    }

    /// Durations and rates (progress lines, the Trainer's runtime summary), as `lorarepl test` sanitizes them.
    private func withoutTimings(_ text: String) -> String { Sanitizer.standard().sanitize(text) }

    func testTwoNotebooksInterleavedGiveWhatEachGivesAlone() throws {
        let path = try XCTUnwrap(Fixtures.path("tiny-bert/tiny-bert-base"), "SKIPPED: tiny-bert fixture")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let recorded = try notebook(seed: 42, setSeed: 7, rank: 4, output: folder.appendingPathComponent("a").path, path: path.path)
        let interactive = try notebook(seed: 1234, setSeed: 99, rank: 2, output: folder.appendingPathComponent("b").path, path: path.path)

        let aloneA = runInterleaved([(recorded, .recording)])[0]
        let aloneB = runInterleaved([(interactive, .interactive)])[0]
        let together = runInterleaved([(recorded, .recording), (interactive, .interactive)])

        XCTAssertEqual(aloneA.count, 5)
        for output in aloneA + aloneB { XCTAssertFalse(output.contains("ERROR"), output) }
        XCTAssertEqual(together[0].map(withoutTimings), aloneA.map(withoutTimings), "notebook A interleaved with B")
        XCTAssertEqual(together[1].map(withoutTimings), aloneB.map(withoutTimings), "notebook B interleaved with A")
        XCTAssertNotEqual(aloneA[0], aloneB[0], "the two notebooks draw different numbers (different seeds)")

        // Recording mode stays with its engine: A's progress has placeholders, B's has real rates.
        XCTAssertTrue(together[0][3].contains("{{rate≈"), together[0][3])
        XCTAssertFalse(together[1][3].contains("{{"), together[1][3])
        XCTAssertTrue(together[1][3].contains("it/s") || together[1][3].contains("s/it"), together[1][3])
        // The ignored keyword's warning is the session's standard error, marked in the cell's output.
        XCTAssertTrue(together[0][3].hasPrefix("[stderr] warning: do_train=True is accepted for compatibility"), together[0][3])
    }

    /// A `set_seed` in one session does not change the draws of another session's next cell.
    func testSetSeedStaysInItsSession() {
        let a = makeEngine(), b = makeEngine()
        let before = b.run("import torch\nprint(torch.randn(3))", origin: "b", seed: 5).output
        _ = a.run("set_seed(1)\nimport torch\ntorch.manual_seed(3)", origin: "a", seed: 5)
        XCTAssertEqual(b.run("import torch\nprint(torch.randn(3))", origin: "b", seed: 5).output, before)
        XCTAssertNotEqual(a.run("print(torch.randn(3))", origin: "a", seed: 5).output, before)
    }

    /// Standard error is kept in the cell's output in order, each of its lines marked; a piece that
    /// follows unfinished standard output starts a new line.
    func testCaptureMarksStandardErrorLines() {
        let capture = CellCapture()
        var streamed = ""
        capture.forward = { streamed += $0 }
        capture.standardOutput.write("loss 0.5\n")
        capture.standardError.write("warning: one\nwarning: ")
        capture.standardError.write("two\n")
        capture.standardOutput.write("partial")
        capture.standardError.write("note: three\n")
        let expected = "loss 0.5\n[stderr] warning: one\n[stderr] warning: two\npartial\n[stderr] note: three\n"
        XCTAssertEqual(capture.take(), expected)
        XCTAssertEqual(streamed, expected, "the REPL sees the same marked text as it is written")
        XCTAssertEqual(capture.take(), "")
    }

    /// Sessions made without a separate standard error (`Interpreter(output:)`) keep one stream; script
    /// mode's session sends warnings to its own sink.
    func testWarningsGoToTheSessionsStandardError() {
        let out = CaptureBuffer(), err = CaptureBuffer()
        let interpreter = Interpreter(session: Session(output: out, errors: err))
        Bindings.install(into: interpreter, session: interpreter.session)
        let result = interpreter.run("args = TrainingArguments(output_dir='o', do_eval=True)\nprint('done')", origin: "t")
        XCTAssertNil(result.error)
        XCTAssertEqual(out.text, "done\n")
        XCTAssertTrue(err.text.hasPrefix("warning: do_eval=True is accepted for compatibility"), err.text)

        let merged = CaptureBuffer()
        let single = Interpreter(output: merged)
        Bindings.install(into: single)
        _ = single.run("args = TrainingArguments(output_dir='o', do_eval=True)\nprint('done')", origin: "t")
        XCTAssertTrue(merged.text.hasPrefix("warning: do_eval=True") && merged.text.hasSuffix("done\n"), merged.text)
    }

    /// Each session resolves relative paths from its own working folder.
    func testWorkingFolderBelongsToTheSession() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "inside\n".write(to: folder.appendingPathComponent("note.txt"), atomically: true, encoding: .utf8)
        let moved = Interpreter(output: CaptureBuffer()), stayed = Interpreter(output: CaptureBuffer())
        moved.session.workingDirectory = folder
        XCTAssertEqual(moved.run("open('note.txt').read()", origin: "t").echo, "'inside\\n'")
        XCTAssertEqual(stayed.session.workingDirectory.path, FileManager.default.currentDirectoryPath)
        XCTAssertNotNil(stayed.run("open('note.txt').read()", origin: "t").error)
    }

    /// `os.environ` assignments stay in their session; `sys.stderr` lands in the cell output, marked.
    func testEnvironmentAndStandardErrorBelongToTheSession() {
        let a = LangCellEngine(), b = LangCellEngine()
        _ = a.run("import os\nos.environ['LORAREPL_SESSION_TEST'] = 'a'", origin: "a", seed: 1)
        XCTAssertEqual(a.run("os.getenv('LORAREPL_SESSION_TEST')", origin: "a", seed: 1).value, "'a'")
        XCTAssertEqual(b.run("import os\nos.environ.get('LORAREPL_SESSION_TEST', 'unset')", origin: "b", seed: 1).value, "'unset'")
        let printed = b.run("import sys\nprint('out')\nprint('err', file=sys.stderr)\nsys.stderr.write('more\\n')", origin: "b", seed: 1)
        XCTAssertEqual(printed.output, "out\n[stderr] err\n[stderr] more\n")
    }
}
