import XCTest
@testable import Models
import TensorCore
import TestSupport

final class ParameterCountTests: XCTestCase {
    /// PEFT printed "all params: 26,758" for tiny-distilbert with 2,048 LoRA and 1,155 modules_to_save
    /// values, so the base model must hold exactly 23,555 — the same parameters as PyTorch's.
    func testParameterCountsEqualPyTorch() throws {
        guard let distil = Fixtures.path("tiny-distilbert/tiny-distilbert-base"),
              let bert = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("fixture missing") }
        XCTAssertEqual(try DistilBertForSequenceClassification.fromPretrained(distil.path).parameterCount, 26_758 - 2_048 - 1_155)
        XCTAssertEqual(try BertForSequenceClassification.fromPretrained(bert.path).parameterCount, 23_619)
    }

    func testBuildFromConfigIsSeededAndInTrainingMode() throws {
        let config = try ModelConfig.parse(json: #"{"model_type": "llama", "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1, "vocab_size": 50, "tie_word_embeddings": true}"#)
        let a = try ModelLoader.build(config: config, task: .causalLM, seed: 3)
        let b = try ModelLoader.build(config: config, task: .causalLM, seed: 3)
        XCTAssertTrue(a.isTraining)
        for ((name, x), (_, y)) in zip(a.stateDict(), b.stateDict()) { XCTAssertEqual(x.toArray(), y.toArray(), name) }
        XCTAssertNil(a.stateDict().first { $0.name == "lm_head.weight" }, "a tied head is stored once, as embed_tokens")
        let norms = a.stateDict().filter { $0.name.hasSuffix("layernorm.weight") || $0.name == "model.norm.weight" }
        XCTAssertTrue(norms.allSatisfy { $0.tensor.toArray().allSatisfy { $0 == 1 } })
    }
}
