import Foundation
import XCTest
import TestSupport

/// Session 10's torch scripts against PyTorch 2.15 / transformers 5.25 / peft 0.21.2 (recorded once with the
/// reference stack, see TorchSurfaceTests.runScript): float32 reductions in PyTorch's order, gradient hooks,
/// type() reprs, checkpoint object identity, num_items_in_batch, and four more tutorial loops.
extension TorchSurfaceTests {
    /// `sum`/`mean`/`softmax`/`log_softmax` of plain float32 tensors over 120 random shapes and dims, printed
    /// with every digit (`tolist()`): bit-equal to PyTorch's CPU kernels (ATen cascade_sum, the AVX-512
    /// softmax with SLEEF's expf), and `torch.softmax(x, 1).sum(1)` prints `tensor([1.0000, 1.0000])`.
    /// Every sum and mean value and every last-dimension softmax value is bit-equal; `log_softmax` (PyTorch takes
    /// SLEEF's `logf`, lorarepl libm's) and the scalar tail of a softmax along another dimension (PyTorch's
    /// compiled `std::exp`) may differ in the last bit: those are held to 2 ulp and counted.
    func testFloat32ReductionsAreBitEqualToPyTorch() throws {
        let name = "float32_reductions"
        let source = try String(contentsOf: Self.scriptsRoot.appendingPathComponent("\(name).py"), encoding: .utf8)
        let expected = try String(contentsOf: Self.scriptsRoot.appendingPathComponent("\(name).expected"), encoding: .utf8)
        let (output, error) = ScriptSession().run(source)
        XCTAssertNil(error, "\(name).py raised: \(error ?? "")")
        let got = output.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
        XCTAssertEqual(got.count, want.count)
        var values = 0, equal = 0
        for (mine, theirs) in zip(got, want) {
            guard mine != theirs else {
                values += max(1, theirs.components(separatedBy: ",").count)
                equal += max(1, theirs.components(separatedBy: ",").count)
                continue
            }
            let exact = theirs.hasPrefix("sum ") || theirs.hasPrefix("mean ") || !theirs.contains("[")
            XCTAssertFalse(exact, "must be bit-equal:\n  lorarepl: \(mine)\n  PyTorch:  \(theirs)")
            func numbers(_ line: String) -> [Double] {
                guard let open = line.lastIndex(of: "[") else { return [] }
                return line[line.index(after: open)...].dropLast().components(separatedBy: ", ").compactMap { Double($0) }
            }
            let (a, b) = (numbers(mine), numbers(theirs))
            XCTAssertEqual(a.count, b.count, theirs)
            for (x, y) in zip(a, b) {
                values += 1
                if x == y { equal += 1; continue }
                XCTAssertLessThanOrEqual(abs(x - y), 2 * Double(Float(y).ulp), "\(theirs.prefix(40))…: \(x) vs \(y)")
            }
        }
        print("float32_reductions: \(equal) of \(values) printed values bit-equal to PyTorch's")
        XCTAssertGreaterThan(Double(equal) / Double(max(values, 1)), 0.99)
    }

    /// register_hook (a replacement gradient, None, handle.remove()), retain_grad, next_functions with
    /// AccumulateGrad, `.data`'s own version counter, and `type()` of torch/numpy objects with their modules.
    func testHooksNextFunctionsAndTypeReprsMatchPyTorch() throws { try runScript("hooks_types") }

    /// One tensor saved twice loads as one object; a parameter's row saved with it shares the parameter's values.
    func testCheckpointObjectIdentityMatchesPyTorch() throws { try runScript("serialization_memo") }

    /// A causal LM's loss with `num_items_in_batch` (what `super().compute_loss` passes on): transformers' values.
    func testCausalLossWithNumItemsInBatchMatchesTransformers() throws {
        let smollm = try demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct")
        try runScript("causal_items", replacing: ["{{SMOLLM}}": smollm], ignoring: ["warning: "])
    }

    /// An nn.Module MLP over synthetic data: TensorDataset/DataLoader, SGD momentum + StepLR, gradient
    /// accumulation with clipping, evaluation with softmax probabilities and scikit-learn's report.
    func testTutorialMLPAccumulationLoopMatchesPyTorch() throws { try runScript("tutorial_mlp_accumulation") }

    /// A PEFT classifier: Dataset subclass + collate_fn padding with the tokenizer, AdamW with decay groups,
    /// cosine warmup, accumulation, clipping, then torch.cat'ed logits and scikit-learn metrics.
    func testTutorialPeftAccumulationEvalMatchesPyTorch() throws { try runMiniLMScript("tutorial_peft_accumulation_eval") }

    /// A binary head over AutoModel: masked mean pooling, one-logit nn.Linear, BCEWithLogitsLoss, index batches,
    /// then sigmoid probabilities under torch.no_grad() with scikit-learn's binary metrics and ROC AUC.
    func testTutorialBinaryHeadEvaluationMatchesPyTorch() throws { try runMiniLMScript("tutorial_binary_head_eval") }

    /// A Trainer subclass with class weights passed to its own __init__, compute_loss(**kwargs) with
    /// F.cross_entropy(weight=), DataCollatorWithPadding, gradient accumulation and evaluate.load metrics.
    func testTutorialTrainerClassWeightsMatchesTransformers() throws {
        try runMiniLMScript("tutorial_trainer_class_weights", ignoring: ["{'", "warning: "])
    }
}
