import XCTest
@testable import Models
import TensorCore
import TestSupport

/// The backward pass through BERT, checked against PEFT's gradients for the MiniLM LoRA step
/// (../shared/fixtures/minilm/lora_step) with a minimal LoRA written on the Linear adapter hook.
final class MiniLMGradientTests: XCTestCase {
    func testLogitsLossAndGradientsMatchPEFT() throws {
        guard let step = Fixtures.path("minilm/lora_step") else { throw XCTSkip("fixture missing") }
        guard let folder = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2") else { throw XCTSkip("MiniLM demo asset missing") }
        let model = try BertForSequenceClassification.fromPretrained(folder.path, options: LoadOptions(numLabels: 3))
        model.setRequiresGrad(false)
        let adapter = try TensorFile.loadFloats(step.appendingPathComponent("adapter/adapter_model.safetensors"))
        XCTAssertEqual(try TestLoRA.attach(adapter, to: model, scale: 16.0 / 8.0), 12)
        try model.classifier.weight.assign(XCTUnwrap(adapter["base_model.model.classifier.weight"]))
        try XCTUnwrap(model.classifier.bias).assign(XCTUnwrap(adapter["base_model.model.classifier.bias"]))
        model.classifier.weight.requiresGrad = true
        model.classifier.bias?.requiresGrad = true

        let batchURL = step.appendingPathComponent("batch.safetensors")
        let ints = try TensorFile.loadInts(batchURL), floats = try TensorFile.loadFloats(batchURL)
        let output = try model.forward(inputIds: XCTUnwrap(ints["input_ids"]), attentionMask: XCTUnwrap(ints["attention_mask"]),
                                       labels: .classes(XCTUnwrap(ints["labels"])))
        let logits = try XCTUnwrap(output.logits).toArray(), expectedLogits = try XCTUnwrap(floats["logits"]).toArray()
        for (a, b) in zip(logits, expectedLogits) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b))) }
        let loss = try XCTUnwrap(output.loss)
        XCTAssertEqual(try loss.item(), try XCTUnwrap(floats["loss"]).item(), accuracy: 1e-4)
        try loss.backward()

        let expected = try TensorFile.loadFloats(step.appendingPathComponent("grads.safetensors"))
        let worst = try TestLoRA.compareGradients(of: model, with: expected) { name in
            name.hasPrefix("classifier.") ? "base_model.model.classifier.modules_to_save.default." + name.dropFirst("classifier.".count)
                                          : "base_model.model." + name
        }
        print("MiniLM LoRA step: \(expected.count) gradients, worst ‖diff‖/‖grad‖ = \(worst.norm), worst element |diff|/max|grad| = \(worst.element)")
    }
}
