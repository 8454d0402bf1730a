import XCTest
@testable import Models
import TensorCore
import TestSupport

/// The causal-LM loss path multiplies the head only for labelled positions and leaves the full logits
/// to be made when read: the loss, the gradients and the logits a script reads must not change.
final class CausalLossPathTests: XCTestCase {
    func loadTinyLlama() throws -> LlamaForCausalLM {
        guard let fixtures = Fixtures.path("tiny-llama") else { throw XCTSkip("fixture missing") }
        return try LlamaForCausalLM.fromPretrained(fixtures.appendingPathComponent("tiny-llama-base").path)
    }

    func testLabelledRowsOnlyAndLogitsOnRead() throws {
        let model = try loadTinyLlama()
        let ids = try IntTensor(shape: [2, 6], values: [5, 9, 14, 3, 8, 21, 0, 0, 7, 12, 30, 2])
        let mask = try IntTensor(shape: [2, 6], values: [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1])
        // A prompt masked with −100 in row 0, left padding in row 1.
        let labels = try IntTensor(shape: [2, 6], values: [-100, -100, -100, 3, 8, 21, -100, -100, 7, 12, 30, 2])
        let reference = try XCTUnwrap(Autograd.noGrad { try model.forward(inputIds: ids, attentionMask: mask).logits })
        let vocab = model.config.vocabSize
        var shifted = [Int32](repeating: -100, count: 12)
        for b in 0..<2 { for t in 0..<5 { shifted[b * 6 + t] = labels.values[b * 6 + t + 1] } }
        let expectedLoss = try Tensor.crossEntropy(logits: reference.reshape([12, vocab]), labels: IntTensor(shape: [12], values: shifted)).item()

        // Frozen head (LoRA, tied embeddings): the logits wait until read.
        model.setRequiresGrad(false)
        for parameter in model.model.layers.items[0].selfAttn.qProj.parameters { parameter.tensor.requiresGrad = true }
        let output = try model.forward(inputIds: ids, attentionMask: mask, labels: .classes(labels))
        XCTAssertFalse(output.logitsAreComputed, "the loss path must not make the full logits")
        let loss = try XCTUnwrap(output.loss)
        XCTAssertEqual(try loss.item(), expectedLoss, accuracy: 1e-6 * abs(expectedLoss))
        try loss.backward()
        let fusedGradient = try XCTUnwrap(model.model.layers.items[0].selfAttn.qProj.weight.grad).toArray()
        assertClose(try XCTUnwrap(output.logits).toArray(), reference.toArray(), atol: 1e-6, rtol: 1e-6, "logits read after the loss")
        XCTAssertTrue(output.logitsAreComputed)

        // The same gradient through the full logits and plain cross-entropy.
        model.model.layers.items[0].selfAttn.qProj.weight.zeroGrad()
        let hidden = try XCTUnwrap(model.model.forward(inputIds: ids, attentionMask: mask).lastHiddenState)
        let plain = try Tensor.crossEntropy(logits: model.lmHead(hidden).reshape([12, vocab]), labels: IntTensor(shape: [12], values: shifted))
        try plain.backward()
        assertClose(fusedGradient, try XCTUnwrap(model.model.layers.items[0].selfAttn.qProj.weight.grad).toArray(),
                    atol: 1e-6, rtol: 1e-5, "q_proj gradient")

        // A trainable head: logits made at once (the optimizer changes the head in place), same loss.
        model.lmHead.weight.requiresGrad = true
        let trained = try model.forward(inputIds: ids, attentionMask: mask, labels: .classes(labels))
        XCTAssertTrue(trained.logitsAreComputed)
        XCTAssertEqual(try XCTUnwrap(trained.loss).item(), expectedLoss, accuracy: 1e-6 * abs(expectedLoss))
    }
}
