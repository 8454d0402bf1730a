import XCTest
@testable import Models
import TensorCore
import TestSupport

/// LLaMA backward passes (RMSNorm, RoPE, grouped-query attention, SwiGLU, shifted loss) against PEFT.
final class LlamaGradientTests: XCTestCase {
    func testTinyLlamaLoRAOnAllSevenProjections() throws {
        guard let fixtures = Fixtures.path("tiny-llama") else { throw XCTSkip("fixture missing") }
        let model = try LlamaForCausalLM.fromPretrained(fixtures.appendingPathComponent("tiny-llama-base").path)
        model.setRequiresGrad(false)
        let adapter = try TensorFile.loadFloats(fixtures.appendingPathComponent("tiny-llama-lora/adapter_model.safetensors"))
        XCTAssertEqual(try TestLoRA.attach(adapter, to: model, scale: 8.0 / 4.0), 14)
        let expectedURL = fixtures.appendingPathComponent("expected.safetensors")
        let ids = try XCTUnwrap(TensorFile.loadInts(expectedURL)["input_ids"]).reshape([1, -1])
        let expected = try TensorFile.loadFloats(expectedURL)
        let output = try model.forward(inputIds: ids, labels: .classes(ids))
        let logits = try XCTUnwrap(output.logits).toArray(), reference = try XCTUnwrap(expected["lora_logits"]).toArray()
        for (a, b) in zip(logits, reference) { XCTAssertEqual(a, b, accuracy: 1e-5 + 1e-4 * abs(b)) }
        let loss = try XCTUnwrap(output.loss)
        XCTAssertEqual(try loss.item(), try XCTUnwrap(expected["loss"]).item(), accuracy: 1e-4)
        try loss.backward()
        let grads = try TensorFile.loadFloats(fixtures.appendingPathComponent("grads.safetensors"))
        let worst = try TestLoRA.compareGradients(of: model, with: grads) { "base_model.model." + $0 }
        print("tiny-llama LoRA: \(grads.count) gradients, worst ‖diff‖/‖grad‖ = \(worst.norm), worst element |diff|/max|grad| = \(worst.element)")
    }

    func testSmolLM2LoRAStepFromGGUF() throws {
        guard let step = Fixtures.path("smollm2/lora_step") else { throw XCTSkip("fixture missing") }
        guard let file = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf") else {
            throw XCTSkip("SmolLM2 demo asset missing")
        }
        let model = try LlamaForCausalLM.fromPretrained(file.path)
        model.setRequiresGrad(false)
        let adapter = try TensorFile.loadFloats(step.appendingPathComponent("adapter/adapter_model.safetensors"))
        XCTAssertEqual(try TestLoRA.attach(adapter, to: model, scale: 16.0 / 8.0), 60)
        let batchURL = step.appendingPathComponent("batch.safetensors")
        let ids = try XCTUnwrap(TensorFile.loadInts(batchURL)["input_ids"]).reshape([1, -1])
        let loss = try XCTUnwrap(model.forward(inputIds: ids, labels: .classes(ids)).loss)
        let referenceLoss = try XCTUnwrap(TensorFile.loadFloats(batchURL)["loss"]).item()
        // Measured 8e-7 relative; a low log-sum-exp over the 49,152-class head (Float running sum) gave 1.9e-5.
        XCTAssertEqual(try loss.item(), referenceLoss, accuracy: 1e-5 * referenceLoss)
        try loss.backward()
        let grads = try TensorFile.loadFloats(step.appendingPathComponent("grads.safetensors"))
        // Measured ‖diff‖/‖grad‖ ≤ 6e-5, elements ≤ 1.3e-4 · max|grad| (the reference itself is 7e-5 from fp64).
        let worst = try TestLoRA.compareGradients(of: model, with: grads, normTolerance: 1e-3, elementTolerance: 1e-3) { "base_model.model." + $0 }
        print("SmolLM2 LoRA step: loss \(try loss.item()) (reference \(referenceLoss)), \(grads.count) gradients, worst ‖diff‖/‖grad‖ = \(worst.norm), worst element |diff|/max|grad| = \(worst.element)")
    }
}
