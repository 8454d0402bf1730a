import XCTest
@testable import PEFT

final class ParameterCountTests: XCTestCase {
    func testLineFormatting() {
        XCTAssertEqual(trainableParametersLine(trainable: 1_123, all: 39_078),
                       "trainable params: 1,123 || all params: 39,078 || trainable%: 2.8737")
        XCTAssertEqual(trainableParametersLine(trainable: 0, all: 26_758),
                       "trainable params: 0 || all params: 26,758 || trainable%: 0.0000")
        XCTAssertEqual(groupedThousands(999), "999")
        XCTAssertEqual(groupedThousands(1_000), "1,000")
        XCTAssertEqual(groupedThousands(22_789_254), "22,789,254")
    }

    /// PEFT's printed line for the tiny-distilbert fixture (seed-like config, pre_classifier caught by suffix).
    func testTinyDistilBertMatchesPeftsPrintedLine() throws {
        let model = try FixtureModels.tinyDistilBert()
        let expected = try FixtureModels.text("tiny-distilbert/expected_logits.json")
        let printed = try XCTUnwrap(try PeftJSONParser.parse(expected)["print_trainable_parameters"])
        let config = try LoraConfig(r: 8, loraAlpha: 16, loraDropout: 0.1, targetModules: .names(["q_lin", "v_lin"]),
                                    taskType: .sequenceClassification)
        let plan = try AdapterPlan.make(config: config, model: model)
        let counts = plan.parameterCounts(model: model)
        XCTAssertEqual(PeftJSON.string(trainableParametersLine(trainable: counts.trainable, all: counts.all)), printed)
        XCTAssertEqual(trainableParametersLine(trainable: counts.trainable, all: counts.all),
                       "trainable params: 3,203 || all params: 26,758 || trainable%: 11.9703")
    }

    /// The line for the demo model: MiniLM-L6 as BertForSequenceClassification(3 labels) + query,value.
    func testMiniLMQueryValueMatchesPeft() throws {
        let model = try FixtureModels.miniLMForSequenceClassification(numLabels: 3)
        let config = try LoraConfig(r: 8, loraAlpha: 16, loraDropout: 0.1, targetModules: .names(["query", "value"]),
                                    taskType: .sequenceClassification)
        let counts = try AdapterPlan.make(config: config, model: model).parameterCounts(model: model)
        XCTAssertEqual(trainableParametersLine(trainable: counts.trainable, all: counts.all),
                       "trainable params: 74,883 || all params: 22,789,254 || trainable%: 0.3286")
    }

    /// tiny-bert r=4: 4 LoRA layers × 4·(32+32) + head 99 trainable; base 23,619 + 1,024 + 99 (head counted twice).
    func testTinyBertCountsHeadTwice() throws {
        let model = try FixtureModels.tinyBert()
        let config = try LoraConfig(r: 4, loraAlpha: 8, targetModules: .names(["query", "value"]), taskType: .sequenceClassification)
        let counts = try AdapterPlan.make(config: config, model: model).parameterCounts(model: model)
        XCTAssertEqual(counts.trainable, 1_123)
        XCTAssertEqual(counts.all, 24_742)
        XCTAssertEqual(trainableParametersLine(trainable: counts.trainable, all: counts.all),
                       "trainable params: 1,123 || all params: 24,742 || trainable%: 4.5388")
    }
}

final class AdapterKeyTests: XCTestCase {
    /// Every key of the fixture adapter files is understood, and maps back to itself.
    func testFixtureAdapterFileKeysParseAndRoundTrip() throws {
        let cases: [(String, ModelDescription, LoraConfig)] = [
            ("tiny-distilbert/tiny-distilbert-lora/adapter_model.safetensors", try FixtureModels.tinyDistilBert(),
             try LoraConfig.fromJSON(try FixtureModels.text("tiny-distilbert/tiny-distilbert-lora/adapter_config.json"))),
            ("tiny-bert/tiny-bert-lora/adapter_model.safetensors", try FixtureModels.tinyBert(),
             try LoraConfig.fromJSON(try FixtureModels.text("tiny-bert/tiny-bert-lora/adapter_config.json"))),
            ("tiny-llama/tiny-llama-lora/adapter_model.safetensors", try FixtureModels.tinyLlama(),
             try LoraConfig.fromJSON(try FixtureModels.text("tiny-llama/tiny-llama-lora/adapter_config.json"))),
        ]
        for (file, model, config) in cases {
            let plan = try AdapterPlan.make(config: config, model: model)
            let tensors = try FixtureModels.header(try FixtureModels.fixture(file))
            var expected: Set<AdapterTensorKey> = []
            for target in plan.loraTargets {
                expected.insert(.loraA(module: target.moduleName))
                expected.insert(.loraB(module: target.moduleName))
            }
            for module in plan.modulesToSave {
                for parameter in model.parameters where parameter.name.hasPrefix(module + ".") {
                    expected.insert(.savedModuleParameter(module: module, parameter: String(parameter.name.dropFirst(module.count + 1))))
                }
            }
            var found: Set<AdapterTensorKey> = []
            for tensor in tensors {
                let key = try XCTUnwrap(AdapterTensorKey.parseDiskKey(tensor.name, savedModules: plan.modulesToSave,
                                                                      loraModules: Set(plan.loraTargets.map(\.moduleName))), tensor.name)
                XCTAssertEqual(key.diskKey, tensor.name)
                found.insert(key)
            }
            XCTAssertEqual(found, expected, file)
            // Shapes: A is [r, in], B is [out, r].
            for tensor in tensors where tensor.name.hasSuffix("lora_A.weight") {
                let module = String(tensor.name.dropFirst(AdapterTensorKey.prefix.count).dropLast(".lora_A.weight".count))
                let target = try XCTUnwrap(plan.loraTargets.first { $0.moduleName == module })
                XCTAssertEqual(tensor.shape, [target.rank, target.inFeatures])
            }
        }
    }

    /// The in-memory names of minilm/lora_step/grads.safetensors map to the adapter file's keys.
    func testGradientNamesMapToDiskKeys() throws {
        let grads = try FixtureModels.header(try FixtureModels.fixture("minilm/lora_step/grads.safetensors")).map(\.name)
        let disk = Set(try FixtureModels.header(try FixtureModels.fixture("minilm/lora_step/adapter/adapter_model.safetensors")).map(\.name))
        XCTAssertEqual(grads.count, disk.count)
        for name in grads {
            let key = try XCTUnwrap(AdapterTensorKey.parseMemoryKey(name, adapterName: "default", savedModules: ["classifier"]), name)
            XCTAssertEqual(key.memoryKey(adapterName: "default"), name)
            XCTAssertTrue(disk.contains(key.diskKey), key.diskKey)
        }
        XCTAssertEqual(AdapterTensorKey.savedModuleParameter(module: "classifier", parameter: "weight").memoryKey(adapterName: "default"),
                       "base_model.model.classifier.modules_to_save.default.weight")
        XCTAssertEqual(AdapterTensorKey.loraA(module: "bert.encoder.layer.0.attention.self.query").memoryKey(adapterName: "x"),
                       "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.x.weight")
        XCTAssertNil(AdapterTensorKey.parseDiskKey("bert.pooler.dense.weight", savedModules: [], loraModules: []))
        XCTAssertEqual(AdapterTensorKey.parseDiskKey("base_model.model.bert.encoder.layer.0.attention.self.query.base_layer.bias",
                                                     savedModules: [], loraModules: ["bert.encoder.layer.0.attention.self.query"]),
                       .wrappedBias(module: "bert.encoder.layer.0.attention.self.query"))
    }
}
