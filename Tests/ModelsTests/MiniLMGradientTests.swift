import XCTest
@testable import Models
import TensorCore
import TestSupport

/// The backward pass through BERT, checked against PEFT's gradients for the MiniLM LoRA step
/// (../shared/fixtures/minilm/lora_step) with a minimal LoRA written on the Linear adapter hook.
final class MiniLMGradientTests: XCTestCase {
    /// y = base + (alpha / r) · (x Aᵀ) Bᵀ, as PEFT's LoRA layer without dropout.
    final class TestLoRA: LinearAdapter {
        let a: Tensor, b: Tensor, scale: Float
        let replacesBase = false
        init(a: Tensor, b: Tensor, scale: Float) { self.a = a; self.b = b; self.scale = scale }
        func forward(input: Tensor, baseOutput: Tensor?, linear: Linear) throws -> Tensor {
            let update = try Tensor.linear(Tensor.linear(input, weight: a), weight: b).scaled(by: scale)
            guard let baseOutput else { return update }
            return try baseOutput + update
        }
        var namedParameters: [(name: String, tensor: Tensor)] { [("lora_A.default.weight", a), ("lora_B.default.weight", b)] }
    }

    func testLogitsLossAndGradientsMatchPEFT() throws {
        guard let step = Fixtures.path("minilm/lora_step") else { throw XCTSkip("fixture missing") }
        guard let folder = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2") else { throw XCTSkip("MiniLM demo asset missing") }
        let model = try BertForSequenceClassification.fromPretrained(folder.path, options: LoadOptions(numLabels: 3))
        model.setRequiresGrad(false)
        let adapter = try TensorFile.loadFloats(step.appendingPathComponent("adapter/adapter_model.safetensors"))
        for (name, module) in model.namedModules() where name.hasSuffix(".query") || name.hasSuffix(".value") {
            guard let linear = module as? Linear else { continue }
            let a = try XCTUnwrap(adapter["base_model.model.\(name).lora_A.weight"])
            let b = try XCTUnwrap(adapter["base_model.model.\(name).lora_B.weight"])
            a.requiresGrad = true
            b.requiresGrad = true
            linear.adapter = TestLoRA(a: a, b: b, scale: 16.0 / 8.0)
        }
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
        var checked = 0, worst: Float = 0
        for (name, tensor) in model.namedParameters() where tensor.requiresGrad {
            let key = name.hasPrefix("classifier.") ? "base_model.model.classifier.modules_to_save.default." + name.dropFirst("classifier.".count)
                                                    : "base_model.model." + name
            let reference = try XCTUnwrap(expected[key], key).toArray()
            let grad = try XCTUnwrap(tensor.grad, name).toArray()
            let scale = reference.map(abs).max() ?? 1
            for (g, r) in zip(grad, reference) {
                worst = max(worst, abs(g - r) / scale)
                XCTAssertEqual(g, r, accuracy: 1e-3 * scale, name)
            }
            checked += 1
        }
        XCTAssertEqual(checked, expected.count, "every trainable tensor has a reference gradient")
        print("MiniLM LoRA step: \(checked) gradients, worst |diff| / max|grad| = \(worst)")
    }
}
