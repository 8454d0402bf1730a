import Foundation
import XCTest
import TestSupport

/// Session 9's tutorial scripts, as a newcomer writes them, against PyTorch 2.15 / transformers 5.25 / peft 0.21.2
/// (recorded once with the reference stack; see TorchSurfaceTests.runScript), and the torch.Size / detach() /
/// version-counter / view grad_fn script.
extension TorchSurfaceTests {
    /// A script over the demo MiniLM (`{{MINILM}}`) and the shared PEFT adapter fixture (`{{ADAPTER}}`).
    func runMiniLMScript(_ name: String, ignoring prefixes: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws {
        let minilm = try demoAsset("models/sentence-transformers/all-MiniLM-L6-v2")
        let adapter = try fixture("minilm/lora_step/adapter")
        try runScript(name, replacing: ["{{MINILM}}": minilm, "{{ADAPTER}}": adapter], ignoring: prefixes, file: file, line: line)
    }

    /// `t.shape`/`t.size()` are torch.Size; detach() and .data share storage (detach() the version counter);
    /// a plain tensor saved by a node and then written in place makes backward() raise PyTorch's error; views
    /// print PyTorch's grad_fn names.
    func testSizeDetachVersionCounterAndViewGradFunctionsMatchPyTorch() throws { try runScript("shapes_detach") }

    /// PEFT's LoRA.ipynb adapted to a small tweet dataset: Dataset.from_dict, map(batched=True), DataCollatorWithPadding,
    /// DataLoader, AdamW, get_linear_schedule_with_warmup with a fractional warmup, clip_grad_norm_, tqdm, evaluation
    /// under torch.no_grad() with BatchEncoding.to(device): every step's loss, norm and lr, the accuracies, the logits.
    func testTutorialLoraNotebookLoopMatchesPyTorch() throws { try runMiniLMScript("tutorial_lora_notebook") }

    /// A custom nn.Module head (frozen AutoModel, [CLS], dropout, two nn.Linear) trained by hand with Adam over
    /// `filter(lambda p: p.requires_grad, ...)`, a Dataset subclass over a BatchEncoding, torch.max(outputs, dim=1).
    func testTutorialCustomHeadMatchesPyTorch() throws { try runMiniLMScript("tutorial_custom_head") }

    /// A Trainer subclass whose compute_loss uses CrossEntropyLoss(weight=class_weights.to(model.device)), with
    /// compute_metrics over scikit-learn, evaluate() and predict() afterwards.
    func testTutorialWeightedLossTrainerMatchesTransformers() throws { try runMiniLMScript("tutorial_weighted_loss_trainer", ignoring: ["{'", "warning: "]) }

    /// torch.device / cuda.is_available() / .to(device) on tensors, models and BatchEncodings, tensor.device,
    /// next(model.parameters()).device, .cpu().numpy() accumulation and np.concatenate.
    func testTutorialDeviceHandlingMatchesPyTorch() throws { try runMiniLMScript("tutorial_device_loop") }
}
