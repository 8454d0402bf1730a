import XCTest
@testable import Models
import TensorCore
import TestSupport

/// The Models ↔ PEFT contract: the Linear adapter hook, parameter names, freezing.
final class AdapterHookTests: XCTestCase {
    /// Adds a constant matrix product: y + x·Aᵀ (a stand-in for LoRA).
    final class AddProjection: LinearAdapter {
        let a: Tensor
        var replacesBase = false
        init(_ a: Tensor) { self.a = a }
        func forward(input: Tensor, baseOutput: Tensor?, linear: Linear) throws -> Tensor {
            let extra = try Tensor.linear(input, weight: a)
            guard let baseOutput else { return extra }
            return try baseOutput + extra
        }
        var namedParameters: [(name: String, tensor: Tensor)] { [("lora_A.default.weight", a)] }
    }

    func testAdapterChangesOutputAndIsNamedLikePEFT() throws {
        guard let folder = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("fixture missing") }
        let model = try BertForSequenceClassification.fromPretrained(folder.path)
        XCTAssertTrue(model.stateDict().allSatisfy { $0.tensor.requiresGrad }, "weights are trainable after loading, like PyTorch")
        let ids = try IntTensor(shape: [1, 4], values: [1, 5, 17, 3])
        let before = try XCTUnwrap(model.forward(inputIds: ids).logits).toArray()
        let query = model.bert.encoder.layers.items[0].attention.selfAttention.query
        let a = try Tensor.normal([32, 32], std: 0.5, generator: RandomGenerator(seed: 7))
        query.adapter = AddProjection(a)
        let after = try XCTUnwrap(model.forward(inputIds: ids).logits).toArray()
        XCTAssertNotEqual(before, after)
        XCTAssertTrue(model.namedParameters().contains { $0.name == "bert.encoder.layer.0.attention.self.query.lora_A.default.weight" })
        XCTAssertFalse(model.stateDict().contains { $0.name.contains("lora_A") }, "the base state dict holds no adapter weights")
        // Freezing: no gradient for frozen weights, gradients for the rest.
        model.setRequiresGrad(false)
        a.requiresGrad = true
        let loss = try XCTUnwrap(model.forward(inputIds: ids, labels: .classes(IntTensor([1]))).loss)
        try loss.backward()
        XCTAssertNotNil(a.grad)
        XCTAssertNil(query.weight.grad)
        query.adapter = nil
        XCTAssertEqual(try XCTUnwrap(model.forward(inputIds: ids).logits).toArray(), before)
    }

    func testReplaceChildOnlyWhereSupported() throws {
        guard let folder = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("fixture missing") }
        let model = try BertForSequenceClassification.fromPretrained(folder.path)
        XCTAssertThrowsError(try model.replaceChild(named: "classifier", with: Linear(inFeatures: 32, outFeatures: 3))) { error in
            XCTAssertTrue("\(error)".contains("adapter"), "\(error)")
        }
        XCTAssertThrowsError(try model.replaceChild(named: "nope", with: Module()))
        print(model.summary)
        XCTAssertTrue(model.summary.contains("2 layers, hidden size 32"))
    }
}
