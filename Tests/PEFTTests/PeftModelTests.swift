import XCTest
import Models
import TensorCore
import WeightIO
import TestSupport
@testable import PEFT

/// PeftModel behaviour on the tiny fixtures: save/load, adapters as objects, merging, errors.
final class PeftModelTests: XCTestCase {
    var temporary: URL!

    override func setUpWithError() throws {
        temporary = FileManager.default.temporaryDirectory.appendingPathComponent("peft-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temporary)
    }

    func tinyBert(numLabels: Int? = nil) throws -> PreTrainedModel {
        let folder = try FixtureModels.fixture("tiny-bert/tiny-bert-base")
        return try ModelLoader.load(folder.path, task: .sequenceClassification,
                                    options: LoadOptions(numLabels: numLabels, ignoreMismatchedSizes: numLabels != nil)).model
    }

    func sampleIds() throws -> IntTensor {
        try IntTensor(shape: [2, 5], values: [1, 5, 17, 42, 3, 1, 9, 8, 7, 6])
    }

    func logits(_ peft: PeftModel) throws -> [Float] {
        try XCTUnwrap(try peft.forward(inputIds: try sampleIds()).logits).toArray()
    }

    func trainedLikePeft(_ model: PreTrainedModel, adapterName: String = "default", bias: LoraBias = .none) throws -> PeftModel {
        var config = try LoraConfig(r: 4, loraAlpha: 8, targetModules: .names(["query", "value"]), taskType: .sequenceClassification,
                                    bias: bias, initLoraWeights: .randomBoth)
        config.loraDropout = 0
        return try PeftModel.make(model: model, config: config, adapterName: adapterName)
    }

    func testSaveLoadRoundTripIsExact() throws {
        let peft = try trainedLikePeft(try tinyBert())
        peft.eval()
        let before = try logits(peft)
        try peft.savePretrained(temporary)
        let files = try FileManager.default.contentsOfDirectory(atPath: temporary.path).sorted()
        XCTAssertEqual(files, ["adapter_config.json", "adapter_model.safetensors"])

        // The saved config has exactly PEFT's keys, and the file the fixture's tensor names and metadata.
        let saved = try PeftJSONParser.parse(try String(contentsOf: temporary.appendingPathComponent("adapter_config.json"), encoding: .utf8))
        let reference = try PeftJSONParser.parse(try FixtureModels.text("tiny-bert/tiny-bert-lora/adapter_config.json"))
        guard case let .object(savedPairs) = saved, case let .object(referencePairs) = reference else { return XCTFail("not objects") }
        XCTAssertEqual(savedPairs.map(\.key).sorted(), referencePairs.map(\.key).sorted())
        XCTAssertEqual(saved["inference_mode"], .bool(true))
        XCTAssertEqual(saved["modules_to_save"], .array([.string("classifier"), .string("score")]))
        XCTAssertEqual(saved["peft_type"], .string("LORA"))
        let weights = try SafetensorsFile(url: temporary.appendingPathComponent("adapter_model.safetensors"))
        let fixtureWeights = try SafetensorsFile(url: try FixtureModels.fixture("tiny-bert/tiny-bert-lora/adapter_model.safetensors"))
        XCTAssertEqual(Set(weights.tensorNames), Set(fixtureWeights.tensorNames))
        XCTAssertEqual(weights.metadata, ["format": "pt"])

        let reloaded = try PeftModel.fromPretrained(try tinyBert(), directory: temporary)
        XCTAssertEqual(try logits(reloaded), before)
        let original = Dictionary(peft.namedParameters().map { ($0.name, $0.tensor.toArray()) }, uniquingKeysWith: { a, _ in a })
        for (name, tensor) in reloaded.namedParameters() {
            XCTAssertEqual(tensor.toArray(), original[name], name)
        }
    }

    /// PEFT-compatibility check without Python: a PEFT adapter loaded and saved again by lorarepl is
    /// byte-for-byte the file PEFT wrote (config and weights), for every fixture adapter.
    func testReSavingPeftAdaptersGivesPeftsExactBytes() throws {
        let cases: [(base: String, adapter: String, task: ModelTask, labels: Int?)] = [
            ("tiny-bert/tiny-bert-base", "tiny-bert/tiny-bert-lora", .sequenceClassification, nil),
            ("tiny-distilbert/tiny-distilbert-base", "tiny-distilbert/tiny-distilbert-lora", .sequenceClassification, nil),
            ("tiny-llama/tiny-llama-base", "tiny-llama/tiny-llama-lora", .causalLM, nil),
        ]
        for (base, adapter, task, labels) in cases {
            let model = try ModelLoader.load(try FixtureModels.fixture(base).path, task: task, options: LoadOptions(numLabels: labels)).model
            let source = try FixtureModels.fixture(adapter)
            let peft = try PeftModel.fromPretrained(model, directory: source)
            let target = temporary.appendingPathComponent(adapter)
            try peft.savePretrained(target)
            for file in ["adapter_config.json", "adapter_model.safetensors"] {
                XCTAssertEqual(try Data(contentsOf: target.appendingPathComponent(file)),
                               try Data(contentsOf: source.appendingPathComponent(file)), "\(adapter)/\(file)")
            }
        }
    }

    func testNonDefaultAdapterIsSavedInSubfolderAndLoadsUnderNewName() throws {
        let peft = try trainedLikePeft(try tinyBert(), adapterName: "sentiment")
        try peft.savePretrained(temporary)
        XCTAssertTrue(FileManager.default.fileExists(atPath: temporary.appendingPathComponent("sentiment/adapter_model.safetensors").path))
        let other = try trainedLikePeft(try tinyBert())
        try other.loadAdapter(temporary.appendingPathComponent("sentiment"), adapterName: "sentiment")
        XCTAssertEqual(other.adapterNames, ["default", "sentiment"])
        XCTAssertEqual(other.activeAdapter, "default")
        peft.eval()
        other.eval()
        try other.setAdapter("sentiment")
        XCTAssertEqual(try logits(other), try logits(peft))
        // Loading into an existing adapter replaces its weights (the Trainer's load_best_model_at_end).
        try peft.savePretrained(temporary.appendingPathComponent("again"))
        let freshModel = try tinyBert()
        freshModel.reseed(123)  // another seed, so the fresh adapter differs
        let fresh = try trainedLikePeft(freshModel, adapterName: "sentiment")
        fresh.eval()
        XCTAssertNotEqual(try logits(fresh), try logits(peft))
        try fresh.loadAdapter(temporary.appendingPathComponent("again/sentiment"), adapterName: "sentiment")
        XCTAssertEqual(try logits(fresh), try logits(peft))
        var otherRank = try LoraConfig(r: 2, targetModules: .names(["query", "value"]), taskType: .sequenceClassification)
        otherRank.loraDropout = 0
        let mismatched = try PeftModel.make(model: try tinyBert(), config: otherRank, adapterName: "sentiment")
        assertPeftError(.adapterMismatch, contains: ["another r / lora_alpha"]) {
            try mismatched.loadAdapter(temporary.appendingPathComponent("again/sentiment"), adapterName: "sentiment")
        }
    }

    func testAddSetDeleteAdapter() throws {
        let peft = try trainedLikePeft(try tinyBert())
        peft.eval()
        let first = try logits(peft)
        var second = try LoraConfig(r: 2, loraAlpha: 4, targetModules: .names(["key"]), taskType: .sequenceClassification,
                                    initLoraWeights: .randomBoth)
        second.loraDropout = 0
        try peft.addAdapter("second", config: second)
        XCTAssertEqual(peft.activeAdapter, "default")
        XCTAssertEqual(try logits(peft), first, "a new adapter is not active")
        let trainableNames = peft.trainableParameters().map(\.name)
        XCTAssertFalse(trainableNames.contains { $0.contains(".second.") }, "an inactive adapter is frozen")
        try peft.setAdapter("second")
        XCTAssertNotEqual(try logits(peft), first)
        XCTAssertTrue(peft.trainableParameters().allSatisfy { $0.name.contains(".second.") })
        assertPeftError(.duplicateAdapter, contains: ["Adapter with name second already exists."]) {
            try peft.addAdapter("second", config: second)
        }
        assertPeftError(.unknownAdapter, contains: ["Adapter third does not exist"]) { try peft.setAdapter("third") }
        try peft.deleteAdapter("second")
        XCTAssertEqual(peft.activeAdapter, "default")
        XCTAssertEqual(try logits(peft), first)
        XCTAssertFalse(peft.namedParameters().contains { $0.name.contains(".second.") })
        assertPeftError(.invalidState, contains: ["only adapter", "unload()"]) { try peft.deleteAdapter("default") }
    }

    func testMergeUnmergeAndUnload() throws {
        let peft = try trainedLikePeft(try tinyBert())
        peft.eval()
        let lora = try logits(peft)
        let base = try peft.withAdapterDisabled { try logits(peft) }
        let query = try XCTUnwrap(peft.baseModel.module(at: "bert.encoder.layer.0.attention.self.query") as? Linear)
        let originalWeight = query.weight.toArray()
        try peft.mergeAdapter()
        XCTAssertNotEqual(query.weight.toArray(), originalWeight)
        let merged = try logits(peft)
        for (a, b) in zip(merged, lora) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        peft.unmergeAdapter()
        XCTAssertEqual(query.weight.toArray(), originalWeight, "unmerge restores the weight bit for bit")
        XCTAssertEqual(try logits(peft), lora)
        let plain = try peft.unload()
        XCTAssertEqual(try XCTUnwrap(try plain.forward(inputIds: try sampleIds()).logits).toArray(), base)
        assertPeftError(.invalidState, contains: ["merge_and_unload() or unload()"]) { try peft.savePretrained(temporary) }
    }

    func testDisableScopeNestsAndSurvivesErrors() throws {
        let peft = try trainedLikePeft(try tinyBert())
        peft.eval()
        let lora = try logits(peft)
        try peft.enterAdapterDisabled()
        let base = try logits(peft)
        XCTAssertNotEqual(base, lora)
        try peft.withAdapterDisabled { XCTAssertEqual(try logits(peft), base) }
        XCTAssertTrue(peft.isAdapterDisabled, "inner scope leaves the outer one in place")
        peft.exitAdapterDisabled()
        XCTAssertEqual(try logits(peft), lora)
        struct Boom: Error {}
        XCTAssertThrowsError(try peft.withAdapterDisabled { throw Boom() })
        XCTAssertFalse(peft.isAdapterDisabled)
        XCTAssertEqual(try logits(peft), lora)
    }

    func testFrozenAdapterWarnsOnTrain() throws {
        let peft = try trainedLikePeft(try tinyBert())
        try peft.savePretrained(temporary)
        let frozen = try PeftModel.fromPretrained(try tinyBert(), directory: temporary)
        XCTAssertEqual(frozen.getNbTrainableParameters().trainable, 0)
        XCTAssertFalse(frozen.isTraining)
        let (_, warnings) = capturingWarnings { frozen.train() }
        XCTAssertTrue(warnings.contains { $0.contains("trainable params: 0") && $0.contains("is_trainable=True") }, "\(warnings)")
        let trainable = try PeftModel.fromPretrained(try tinyBert(), directory: temporary, isTrainable: true)
        XCTAssertEqual(trainable.getNbTrainableParameters().trainable, 1_123)
        let (_, none) = capturingWarnings { trainable.train() }
        XCTAssertEqual(none, [])
    }

    func testCorruptAdapterDirectoriesGiveClearErrors() throws {
        assertPeftError(.fileNotFound, contains: ["no adapter_config.json"]) {
            try PeftModel.fromPretrained(try tinyBert(), directory: temporary.appendingPathComponent("nowhere"))
        }
        try trainedLikePeft(try tinyBert()).savePretrained(temporary)
        let weights = temporary.appendingPathComponent("adapter_model.safetensors")
        let configURL = temporary.appendingPathComponent("adapter_config.json")
        let goodConfig = try String(contentsOf: configURL, encoding: .utf8)

        // Missing weights file.
        try FileManager.default.moveItem(at: weights, to: temporary.appendingPathComponent("moved"))
        assertPeftError(.fileNotFound, contains: ["no adapter_model.safetensors in"]) {
            try PeftModel.fromPretrained(try tinyBert(), directory: temporary)
        }
        // An old pickle file only.
        try Data("not really a pickle".utf8).write(to: temporary.appendingPathComponent("adapter_model.bin"))
        assertPeftError(.unsupportedFeature, contains: ["adapter_model.bin"]) {
            try PeftModel.fromPretrained(try tinyBert(), directory: temporary)
        }
        // Truncated safetensors.
        let good = try Data(contentsOf: temporary.appendingPathComponent("moved"))
        try good.prefix(good.count - 100).write(to: weights)
        assertPeftError(.adapterMismatch, contains: ["is not a readable safetensors file"]) {
            try PeftModel.fromPretrained(try tinyBert(), directory: temporary)
        }
        // Wrong shapes: the config says r=8 but the file holds r=4 tensors.
        try good.write(to: weights)
        try goodConfig.replacingOccurrences(of: "\"r\": 4", with: "\"r\": 8").write(to: configURL, atomically: true, encoding: .utf8)
        assertPeftError(.adapterMismatch, contains: ["size mismatch for base_model.model.bert.encoder.layer.0.attention.self", "[4, 32]", "[8, 32]"]) {
            try PeftModel.fromPretrained(try tinyBert(), directory: temporary)
        }
        // Wrong peft_type.
        try goodConfig.replacingOccurrences(of: "\"peft_type\": \"LORA\"", with: "\"peft_type\": \"IA3\"")
            .write(to: configURL, atomically: true, encoding: .utf8)
        assertPeftError(.invalidAdapterConfig, contains: ["describes a 'IA3' adapter, not a LoRA adapter"]) {
            try PeftModel.fromPretrained(try tinyBert(), directory: temporary)
        }
        // num_labels mismatch: the saved head has 3 outputs, the model 5.
        try goodConfig.write(to: configURL, atomically: true, encoding: .utf8)
        assertPeftError(.adapterMismatch, contains: ["head has 3 outputs, the model's has 5", "num_labels=3"]) {
            try PeftModel.fromPretrained(try tinyBert(numLabels: 5), directory: temporary)
        }
    }

    func testMissingKeysWarn() throws {
        try trainedLikePeft(try tinyBert()).savePretrained(temporary)
        let file = try SafetensorsFile(url: temporary.appendingPathComponent("adapter_model.safetensors"))
        let kept = try file.tensorNames.filter { !$0.contains("layer.1.attention.self.value") }.map {
            SafetensorsTensor(name: $0, shape: try file.info($0).shape, floats: try file.floats($0))
        }
        try SafetensorsWriter.write(kept, to: temporary.appendingPathComponent("adapter_model.safetensors"))
        let (_, warnings) = try capturingWarnings { try PeftModel.fromPretrained(try tinyBert(), directory: temporary) }
        XCTAssertTrue(warnings.contains { $0.contains("Found missing adapter keys") && $0.contains("layer.1.attention.self.value.lora_A") },
                      "\(warnings)")
    }

    func testBiasLoraOnlyTrainsAndSavesWrappedBiases() throws {
        let peft = try trainedLikePeft(try tinyBert(), bias: .loraOnly)
        // 1,123 + 4 wrapped biases × 32.
        XCTAssertEqual(peft.getNbTrainableParameters().trainable, 1_123 + 128)
        try peft.savePretrained(temporary)
        let names = try SafetensorsFile(url: temporary.appendingPathComponent("adapter_model.safetensors")).tensorNames
        XCTAssertTrue(names.contains("base_model.model.bert.encoder.layer.0.attention.self.query.base_layer.bias"))
        let reloaded = try PeftModel.fromPretrained(try tinyBert(), directory: temporary, isTrainable: true)
        XCTAssertEqual(reloaded.getNbTrainableParameters().trainable, 1_123 + 128)
    }

    func testSameSeedSameAdapter() throws {
        let config = try LoraConfig(r: 4, targetModules: .names(["query"]))
        let a = try getPeftModel(try tinyBert(), config).trainableParameters().map { $0.tensor.toArray() }
        let b = try getPeftModel(try tinyBert(), config).trainableParameters().map { $0.tensor.toArray() }
        XCTAssertEqual(a, b)
        // No target_modules: PEFT's default for bert (query, value).
        let defaults = try getPeftModel(try tinyBert(), LoraConfig())
        XCTAssertEqual(try defaults.matchedModules().lora.count, 4)
        XCTAssertEqual(try defaults.config(of: "default").targetModules, .names(["query", "value"]))
    }

    func testGetPeftModelTwiceIsAnError() throws {
        let model = try tinyBert()
        _ = try getPeftModel(model, try LoraConfig(targetModules: .names(["query"])))
        assertPeftError(.invalidState, contains: ["already has adapters", "add_adapter"]) {
            try getPeftModel(model, try LoraConfig(targetModules: .names(["value"])))
        }
    }

    func testFullAndPartialFineTuning() throws {
        let model = try tinyBert()
        XCTAssertEqual(FineTuning.unfreezeAll(model).trainable, 23_619)
        let partial = try FineTuning.freezeAllButTop(model, layers: 1)
        // layer.1 (6,464 + ... ) + pooler (1,056) + classifier (99)
        let expectedLayer = model.namedParameters().filter { $0.name.hasPrefix("bert.encoder.layer.1.") }.reduce(0) { $0 + $1.tensor.count }
        XCTAssertEqual(partial.trainable, expectedLayer + 1_056 + 99)
        XCTAssertEqual(try FineTuning.freezeAllButTop(model, layers: 0).trainable, 1_056 + 99)
        assertPeftError(.invalidConfig, contains: ["the model has 2"]) { try FineTuning.freezeAllButTop(model, layers: 3) }
        XCTAssertTrue(FineTuning.trainableParametersSummary(model).hasPrefix("trainable params: 1,155 || all params: 23,619"))
    }
}
