import Foundation
import XCTest
import TestSupport

/// The torch surface of training loops against PyTorch: each script in `TorchScripts/` is valid Python
/// and lorarepl; its `.expected` file is what CPython + PyTorch 2.13 (CPU) printed for it, recorded once
/// (`scripts/record-torch-surface.sh`). Numbers are rounded in the scripts (5 decimals), so float32
/// summation-order differences cannot flip them except at a rounding boundary.
final class TorchSurfaceTests: XCTestCase {
    static var scriptsRoot: URL { Fixtures.projectRoot.appendingPathComponent("Tests/BindingsTests/TorchScripts") }

    /// `ignoring`: prefixes of lines left out on both sides — the Trainer's own log lines (`{'loss': ...}`,
    /// `warning: ...`), which transformers prints through its logger in another form, and warnings Python
    /// writes on stderr (the harness captures lorarepl's stderr with its output).
    func runScript(_ name: String, replacing: [String: String] = [:], ignoring prefixes: [String] = [],
                   file: StaticString = #filePath, line: UInt = #line) throws {
        var source = try String(contentsOf: Self.scriptsRoot.appendingPathComponent("\(name).py"), encoding: .utf8)
        for (placeholder, value) in replacing { source = source.replacingOccurrences(of: placeholder, with: value) }
        let expected = try String(contentsOf: Self.scriptsRoot.appendingPathComponent("\(name).expected"), encoding: .utf8)
        let session = ScriptSession()
        let (output, error) = session.run(source)
        if let error { XCTFail("\(name).py raised:\n\(error)\noutput so far:\n\(output)", file: file, line: line) }
        // transformers prints its "newly initialized" loading notes on stderr; lorarepl prints them in the output.
        func trainerLine(_ text: String) -> Bool { prefixes.contains { text.hasPrefix($0) } }
        let got = output.components(separatedBy: "\n").filter {
            !$0.hasPrefix("Some weights of ") && !$0.hasPrefix("You should probably TRAIN") && !trainerLine($0)
        }
        let want = expected.components(separatedBy: "\n").filter { !trainerLine($0) }
        for (index, pair) in zip(got, want).enumerated() where pair.0 != pair.1 {
            XCTFail("\(name).py line \(index + 1) of output:\n  lorarepl: \(pair.0)\n  PyTorch:  \(pair.1)", file: file, line: line)
        }
        XCTAssertEqual(got.count, want.count, "\(name).py printed \(got.count) lines, PyTorch \(want.count)", file: file, line: line)
    }

    func testTensorMethodsMatchPyTorch() throws { try runScript("tensors") }
    func testLossesAndGradientsMatchPyTorch() throws { try runScript("losses") }
    func testOptimizersAndSchedulersMatchPyTorch() throws { try runScript("optim") }
    func testDataLoaderOrderAndCollationMatchPyTorch() throws { try runScript("data") }
    func testTrainTestSplitMatchesScikitLearn() throws { try runScript("split") }
    /// Stratified train_test_split, KFold, StratifiedKFold, precision_recall_fscore_support, roc_auc_score,
    /// matthews_corrcoef and evaluate.load(accuracy | f1 | precision | recall | rouge | seqeval).compute().
    func testScikitLearnAndEvaluateExtrasMatch() throws {
        try runScript("sklearn_evaluate", ignoring: ["UndefinedMetricWarning: ", "UserWarning: "])
    }

    /// PEFT's manual loop (DataLoader → model(**batch) → backward → clip → AdamW → linear warmup) on MiniLM
    /// from the shared adapter fixture: every step's loss, gradient norm and learning rate, the accuracies and
    /// the final logits equal PyTorch's (4 decimals; logits 3).
    func testPeftManualLoopMatchesPyTorch() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript("peft_loop", replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter])
    }

    /// Trainer extensions against transformers 5.25 (`trainer_ext.py`): gradient accumulation applies and logs
    /// what HF does (micro-batch means summed: loss and grad norm twice those without accumulation), the
    /// callback hook order with accumulation and evaluation, subclasses overriding training_step / log /
    /// evaluate / create_optimizer, `loss_is_scaled_for_ga = False`, and `optimizers=(opt, sched)`.
    func testTrainerExtensionsMatchTransformers() throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript("trainer_ext", replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter], ignoring: ["{'", "warning: "])
    }

    func testCudaIsAClearErrorAndCpuIsANoOp() {
        let session = ScriptSession()
        let (_, error) = session.run("""
        import torch
        t = torch.tensor([1.0])
        t.to("cpu")
        t.to("cuda")
        """)
        XCTAssertTrue(error?.contains("lorarepl runs on the CPU only; 'cuda' is not available") ?? false, error ?? "no error")
        let (_, cudaError) = session.run("t.cuda()")
        XCTAssertTrue(cudaError?.contains("CPU only") ?? false, cudaError ?? "no error")
    }

    func testBackwardWithoutGradientsIsAClearError() {
        let session = ScriptSession()
        let (_, error) = session.run("""
        import torch
        p = torch.tensor([1.0, 2.0], requires_grad=True)
        with torch.no_grad():
            loss = (p * 2).sum()
        loss.backward()
        """)
        XCTAssertTrue(error?.contains("does not require grad") ?? false, error ?? "no error")
    }

    func testOptimizerRejectsNonParameters() {
        let session = ScriptSession()
        let (_, error) = session.run("""
        import torch
        opt = torch.optim.AdamW([1, 2], lr=0.1)
        """)
        XCTAssertTrue(error?.contains("optimizer can only optimize parameters") ?? false, error ?? "no error")
    }
}

/// Old spellings pasted from older tutorials, and `set_format("torch")` rows.
final class TorchCompatibilityTests: XCTestCase {
    func testDeprecatedTrainingArgumentsNamesWarnOnceAndApply() {
        let session = ScriptSession()
        let output = session.ok("""
        args = TrainingArguments(output_dir="out", evaluation_strategy="epoch", warmup_ratio=0.1)
        print(args.eval_strategy, args.warmup_steps)
        """)
        XCTAssertTrue(output.contains("warning: 'evaluation_strategy' is deprecated; use 'eval_strategy'"), output)
        XCTAssertTrue(output.contains("warning: 'warmup_ratio' is deprecated; use 'warmup_steps'"), output)
        XCTAssertTrue(output.contains("epoch 0.1"), output)
        XCTAssertFalse(output.contains("unexpected keyword"), output)
        let (_, error) = session.run("TrainingArguments(output_dir='out', evaluation_strategy='epoch', eval_strategy='no')")
        XCTAssertTrue(error?.contains("got both 'evaluation_strategy' and 'eval_strategy'") ?? false, error ?? "no error")
    }

    func testSetFormatTorchGivesTensorRows() {
        let session = ScriptSession()
        let output = session.ok("""
        from datasets import Dataset
        from torch.utils.data import DataLoader
        ds = Dataset.from_dict({"input_ids": [[1, 2], [3, 4], [5, 6]], "label": [0, 1, 0], "text": ["a", "b", "c"]})
        ds.set_format("torch", columns=["input_ids", "label"])
        print(type(ds[0]["input_ids"]).__name__, ds[0]["input_ids"].tolist(), ds[0]["label"].item(), sorted(ds[0].keys()))
        batch = next(iter(DataLoader(ds, batch_size=2)))
        print(batch["input_ids"].tolist(), batch["label"].tolist())
        plain = ds.with_format(None)
        print(plain[0]["input_ids"], plain[0]["text"])
        """)
        XCTAssertEqual(output, """
        Tensor [1, 2] 0 ['input_ids', 'label']
        [[1, 2], [3, 4]] [0, 1]
        [1, 2] a

        """)
    }
}
