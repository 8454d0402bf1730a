import Foundation
import XCTest
@testable import PEFT
import Models
import TensorCore
import TestSupport
import WeightIO

/// Deploying a merged model as a Hugging Face folder: `merge_and_unload()` → `save_pretrained(dir)` →
/// `from_pretrained(dir)` gives the merged model's logits (the folder holds fp32 weights, so exactly).
final class DeployFolderTests: XCTestCase {
    static func temporaryFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-deploy-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    }

    /// Deterministic non-zero LoRA B (a fresh B is zero and merging would change nothing).
    static func perturbAdapters(_ peft: PeftModel) throws {
        for (index, (name, tensor)) in peft.trainableParameters().enumerated() where name.contains("lora_B") || name.contains("classifier") || name.contains("score") {
            try tensor.assign((0..<tensor.count).map { Float(sin(Double($0 * 7 + index))) * 0.05 })
        }
    }

    func logits(_ model: TaskModel, _ ids: IntTensor, _ mask: IntTensor? = nil) throws -> [Float] {
        model.isTraining = false
        return try XCTUnwrap(model.forward(inputIds: ids, attentionMask: mask, tokenTypeIds: nil, labels: nil).logits).toArray()
    }

    func testMergedMiniLMClassifierSavedAndReloadedGivesEqualLogits() throws {
        guard let path = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2") else { throw XCTSkip("MiniLM demo asset missing") }
        var options = LoadOptions(numLabels: 3, id2label: [0: "negative", 1: "neutral", 2: "positive"])
        options.seed = 7
        let base = try AutoModelForSequenceClassification.fromPretrained(path.path, options: options).model
        let config = try LoraConfig(r: 4, loraAlpha: 8, loraDropout: 0, targetModules: .names(["query", "value"]), taskType: .sequenceClassification)
        let peft = try getPeftModel(base, config)
        try Self.perturbAdapters(peft)
        let ids = try IntTensor(shape: [2, 7], values: [101, 2307, 3185, 999, 102, 0, 0, 101, 1045, 2293, 2009, 2172, 1012, 102])
        let mask = try IntTensor(shape: [2, 7], values: [1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1])
        let adapterLogits = try logits(peft, ids, mask)
        let merged = try peft.mergeAndUnload()
        let mergedLogits = try logits(merged, ids, mask)
        try assertClose(mergedLogits, adapterLogits, atol: 1e-5, "merging keeps the adapter's logits")

        let folder = Self.temporaryFolder("minilm")
        defer { try? FileManager.default.removeItem(at: folder) }
        try merged.savePretrained(to: folder)
        let file = try SafetensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        XCTAssertFalse(file.tensorNames.contains { $0.contains("lora") || $0.contains("base_layer") || $0.contains("modules_to_save") },
                       "no LoRA leftovers: \(file.tensorNames.filter { $0.contains("lora") })")
        XCTAssertTrue(file.tensorNames.contains("classifier.weight"))
        XCTAssertTrue(file.tensorNames.contains("bert.encoder.layer.0.attention.self.query.weight"))
        let json = try String(contentsOf: folder.appendingPathComponent("config.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"BertForSequenceClassification\""), json)
        XCTAssertTrue(json.contains("\"2\": \"positive\""), json)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("generation_config.json").path))

        let reloaded = try AutoModelForSequenceClassification.fromPretrained(folder.path).model
        XCTAssertEqual(reloaded.config.id2label, [0: "negative", 1: "neutral", 2: "positive"])
        XCTAssertEqual(try logits(reloaded, ids, mask), mergedLogits, "reloaded logits equal the merged model's")
    }

    func testMergedTinyLlamaSavedAndReloadedGivesEqualLogitsAndGenerationConfig() throws {
        let path = try FixtureModels.fixture("tiny-llama/tiny-llama-base")
        let base = try AutoModelForCausalLM.fromPretrained(path.path).model
        let config = try LoraConfig(r: 4, loraAlpha: 8, loraDropout: 0, targetModules: .names(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj"]), taskType: .causalLM)
        let peft = try getPeftModel(base, config)
        try Self.perturbAdapters(peft)
        let ids = try IntTensor(shape: [1, 9], values: [1, 17, 33, 5, 90, 64, 3, 8, 120])
        let merged = try peft.mergeAndUnload()
        let mergedLogits = try logits(merged, ids)
        let folder = Self.temporaryFolder("tiny-llama")
        defer { try? FileManager.default.removeItem(at: folder) }
        try merged.savePretrained(to: folder, generation: [("max_new_tokens", .int(40))])
        let generation = try String(contentsOf: folder.appendingPathComponent("generation_config.json"), encoding: .utf8)
        XCTAssertTrue(generation.contains("\"eos_token_id\": 2"), generation)
        XCTAssertTrue(generation.contains("\"bos_token_id\": 1"), generation)
        XCTAssertTrue(generation.contains("\"max_new_tokens\": 40"), generation)
        let json = try String(contentsOf: folder.appendingPathComponent("config.json"), encoding: .utf8)
        XCTAssertFalse(json.contains("id2label"), "a causal LM's config has no default label maps, as transformers writes it")
        let reloaded = try AutoModelForCausalLM.fromPretrained(folder.path).model
        XCTAssertEqual(try logits(reloaded, ids), mergedLogits)
        let greedy = GenerationOptions(maxNewTokens: 12)
        XCTAssertEqual(try reloaded.generate([1, 17, 33], options: greedy, onToken: nil), try merged.generate([1, 17, 33], options: greedy, onToken: nil))
    }

    /// A LLaMA loaded from a GGUF (blocks kept quantized), LoRA merged, saved: the untouched quantized layers are
    /// dequantized, the config gets transformers' LlamaConfig keys, the tied head is written once.
    func testMergedQuantizedGGUFLlamaSavesDequantizedFolder() throws {
        let url = try TinyLlamaGGUF.write(.q8_0, tied: true)
        var options = LoadOptions()
        options.keepQuantized = true
        let base = try ModelLoader.load(url.path, task: .causalLM, options: options).model
        let peft = try getPeftModel(base, try LoraConfig(r: 4, loraAlpha: 8, loraDropout: 0, targetModules: .names(["q_proj", "v_proj"]), taskType: .causalLM))
        try Self.perturbAdapters(peft)
        let ids = try IntTensor(shape: [1, 6], values: [1, 44, 2, 77, 9, 100])
        let merged = try PeftWarnings.withHandler({ _ in }) { try peft.mergeAndUnload() }
        XCTAssertTrue(merged.hasQuantizedWeights, "untouched layers stay quantized after a QLoRA merge")
        let mergedLogits = try logits(merged, ids)
        let folder = Self.temporaryFolder("gguf-llama")
        defer { try? FileManager.default.removeItem(at: folder) }
        try merged.savePretrained(to: folder)
        let file = try SafetensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        XCTAssertFalse(file.tensorNames.contains("lm_head.weight"), "a tied head is saved once, as the embedding")
        let json = try String(contentsOf: folder.appendingPathComponent("config.json"), encoding: .utf8)
        for key in ["\"tie_word_embeddings\": true", "\"rope_parameters\"", "\"attention_bias\": false", "\"head_dim\": 16", "\"LlamaForCausalLM\""] {
            XCTAssertTrue(json.contains(key), "config.json has \(key):\n\(json)")
        }
        let reloaded = try AutoModelForCausalLM.fromPretrained(folder.path).model
        try assertClose(try logits(reloaded, ids), mergedLogits, atol: 1e-5, "fp32 folder = quantized merged model")
    }
}
