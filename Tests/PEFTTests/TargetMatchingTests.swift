import XCTest
@testable import PEFT

final class TargetMatchingTests: XCTestCase {
    private func plan(_ model: ModelDescription, _ configure: (inout LoraConfig) -> Void) throws -> AdapterPlan {
        var config = LoraConfig()
        configure(&config)
        return try AdapterPlan.make(config: config, model: model)
    }

    func testListEntriesMatchExactNameOrDotSuffix() throws {
        let bert = try FixtureModels.tinyBert()
        let result = try plan(bert) { $0.targetModules = .names(["query", "value"]) }
        XCTAssertEqual(result.loraTargets.map(\.moduleName), [
            "bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.self.value",
            "bert.encoder.layer.1.attention.self.query", "bert.encoder.layer.1.attention.self.value",
        ])
        XCTAssertEqual(result.loraTargets.first?.inFeatures, 32)
        XCTAssertEqual(result.loraTargets.first?.rank, 8)
        // "output.dense" is a dotted suffix; "dense" alone also matches the pooler and intermediate layers.
        let dotted = try plan(bert) { $0.targetModules = .names(["attention.output.dense"]) }
        XCTAssertEqual(dotted.loraTargets.map(\.moduleName), ["bert.encoder.layer.0.attention.output.dense",
                                                              "bert.encoder.layer.1.attention.output.dense"])
        let exact = try plan(bert) { $0.targetModules = .names(["bert.pooler.dense"]) }
        XCTAssertEqual(exact.loraTargets.map(\.moduleName), ["bert.pooler.dense"])
    }

    func testRegexMustMatchTheWholeName() throws {
        let bert = try FixtureModels.tinyBert()
        let result = try plan(bert) { $0.targetModules = .pattern(#".*layer\.1\..*(query|key)"#) }
        XCTAssertEqual(Set(result.loraTargets.map(\.moduleName)), ["bert.encoder.layer.1.attention.self.query",
                                                                   "bert.encoder.layer.1.attention.self.key"])
        XCTAssertEqual(result.config.targetModules, .pattern(#".*layer\.1\..*(query|key)"#))
        // As a regex, "query" alone matches no full name: PEFT's error.
        assertPeftError(.targetModulesNotFound, contains: ["Target modules query not found in the base model."]) {
            try plan(bert) { $0.targetModules = .pattern("query") }
        }
    }

    func testAllLinearOnBertForSequenceClassificationSkipsTheClassifier() throws {
        let bert = try FixtureModels.tinyBert()
        let result = try plan(bert) {
            $0.targetModules = .pattern("ALL-LINEAR")
            $0.taskType = .sequenceClassification
        }
        let names = result.loraTargets.map(\.moduleName)
        XCTAssertEqual(names.count, 13)  // 6 per layer × 2 + pooler
        XCTAssertTrue(names.contains("bert.pooler.dense"))
        XCTAssertFalse(names.contains("classifier"))
        XCTAssertEqual(result.config.targetModules, .names(names))  // the file holds the expanded full names
    }

    func testAllLinearOnLlamaSkipsLmHead() throws {
        let llama = try FixtureModels.tinyLlama()
        let result = try plan(llama) {
            $0.targetModules = .pattern("all-linear")
            $0.taskType = .causalLM
        }
        XCTAssertEqual(result.loraTargets.count, 14)
        XCTAssertFalse(result.loraTargets.map(\.moduleName).contains("lm_head"))
        // The seven projections by list give the same set, and match the fixture adapter's modules.
        let seven = try plan(llama) {
            $0.targetModules = .names(["up_proj", "v_proj", "k_proj", "down_proj", "o_proj", "q_proj", "gate_proj"])
        }
        XCTAssertEqual(Set(seven.loraTargets.map(\.moduleName)), Set(result.loraTargets.map(\.moduleName)))
        let down = try XCTUnwrap(seven.loraTargets.first { $0.moduleName == "model.layers.0.mlp.down_proj" })
        XCTAssertEqual([down.inFeatures, down.outFeatures], [128, 64])
    }

    func testDefaultTargetsPerArchitecture() throws {
        let bert = try plan(try FixtureModels.tinyBert()) { _ in }
        XCTAssertEqual(bert.loraTargets.count, 4)
        XCTAssertEqual(bert.config.targetModules, .names(["query", "value"]))
        let llama = try plan(try FixtureModels.tinyLlama()) { _ in }
        XCTAssertEqual(llama.loraTargets.map(\.moduleName).filter { $0.hasSuffix("q_proj") }.count, 2)
        XCTAssertEqual(llama.config.targetModules, .names(["q_proj", "v_proj"]))
        assertPeftError(.targetModulesNotFound, contains: [
            "Please specify `target_modules` or `target_parameters`in `peft_config`",
            "no default target modules for model type 'distilbert'", "q_lin", "lin1",
            "target_modules=[\"q_lin\", \"v_lin\"]",
        ]) { try plan(try FixtureModels.tinyDistilBert()) { _ in } }
    }

    func testEveryListEntryMustMatchBeyondPeft() throws {
        let bert = try FixtureModels.tinyBert()
        assertPeftError(.targetModulesNotFound, contains: [
            "target_modules entry 'qurey' matches no module of this model", "'qurey': did you mean 'query'",
            "Linear layers in this model: ", "query", "classifier",
        ]) { try plan(bert) { $0.targetModules = .names(["qurey", "value"]) } }
        // When nothing matches, PEFT's own message, with lorarepl's notes.
        let distil = try FixtureModels.tinyDistilBert()
        assertPeftError(.targetModulesNotFound, contains: [
            "Target modules {'q_proj', 'v_proj'} not found in the base model. Please check the target modules and try again.",
            "'q_proj': did you mean 'q_lin'", "'v_proj': did you mean 'v_lin'",
        ]) { try plan(distil) { $0.targetModules = .names(["q_proj", "v_proj"]) } }
    }

    func testNonLinearTargetsAreRejected() throws {
        let distil = try FixtureModels.tinyDistilBert()
        assertPeftError(.unsupportedTarget, contains: ["Target module distilbert.transformer.layer.0.attention (Module) is not supported",
                                                       "Linear layers inside it: k_lin, out_lin, q_lin, v_lin"]) {
            try plan(distil) { $0.targetModules = .names(["attention"]) }
        }
        assertPeftError(.unsupportedTarget, contains: ["word_embeddings is an Embedding"]) {
            try plan(distil) { $0.targetModules = .names(["word_embeddings"]) }
        }
    }

    func testExcludeModulesWins() throws {
        let bert = try FixtureModels.tinyBert()
        let result = try plan(bert) {
            $0.targetModules = .names(["query", "value"])
            $0.excludeModules = .pattern(#".*layer\.0\..*"#)
        }
        XCTAssertEqual(result.loraTargets.map(\.moduleName), ["bert.encoder.layer.1.attention.self.query",
                                                              "bert.encoder.layer.1.attention.self.value"])
        XCTAssertEqual(result.excludedModules.count, 2)
        assertPeftError(.targetModulesNotFound, contains: ["All modules were excluded."]) {
            try plan(bert) {
                $0.targetModules = .names(["query"])
                $0.excludeModules = .names(["query"])
            }
        }
    }

    func testLayersToTransformAndLayersPattern() throws {
        let bert = try FixtureModels.tinyBert()
        let only1 = try plan(bert) {
            $0.targetModules = .names(["query", "value"])
            $0.layersToTransform = .one(1)
        }
        XCTAssertEqual(only1.loraTargets.map(\.moduleName), ["bert.encoder.layer.1.attention.self.query",
                                                             "bert.encoder.layer.1.attention.self.value"])
        let withPattern = try plan(bert) {
            $0.targetModules = .names(["query"])
            $0.layersToTransform = .many([0])
            $0.layersPattern = .one("layer")
        }
        XCTAssertEqual(withPattern.loraTargets.map(\.moduleName), ["bert.encoder.layer.0.attention.self.query"])
        // A pattern naming a list that does not exist keeps nothing → PEFT's not-found error.
        assertPeftError(.targetModulesNotFound, contains: ["not found in the base model", "layers_to_transform=[0]"]) {
            try plan(bert) {
                $0.targetModules = .names(["query"])
                $0.layersToTransform = .many([0])
                $0.layersPattern = .one("layers")
            }
        }
        XCTAssertEqual(try TargetMatcher.layerIndex(of: "model.layers.12.self_attn.q_proj", patterns: []), 12)
        XCTAssertEqual(try TargetMatcher.layerIndex(of: "a.h.3.b.7.c", patterns: []), 3)
        XCTAssertEqual(try TargetMatcher.layerIndex(of: "a.h.3.b.7.c", patterns: ["b"]), 7)
        XCTAssertNil(try TargetMatcher.layerIndex(of: "layers.3.q", patterns: []))
    }

    func testRankPatternPerModule() throws {
        let bert = try FixtureModels.tinyBert()
        let result = try plan(bert) {
            $0.targetModules = .names(["query", "value"])
            $0.rankPattern = [("value", 2)]
            $0.alphaPattern = [(#"layer\.1\.attention\.self\.query"#, 32)]
        }
        XCTAssertEqual(result.loraTargets.map(\.rank), [8, 2, 8, 2])
        XCTAssertEqual(result.loraTargets.map(\.alpha), [8, 8, 32, 8])
        XCTAssertEqual(result.loraTargets.map(\.scaling), [1, 4, 4, 4])
    }

    func testModulesToSaveSuffixMatchWithoutDot() throws {
        let distil = try FixtureModels.tinyDistilBert()
        let seqCls = try plan(distil) {
            $0.targetModules = .names(["q_lin", "v_lin"])
            $0.taskType = .sequenceClassification
        }
        XCTAssertEqual(Set(seqCls.modulesToSave), ["classifier", "pre_classifier"])
        XCTAssertEqual(seqCls.config.modulesToSave, ["classifier", "score"])
        let bert = try plan(try FixtureModels.tinyBert()) { $0.taskType = .sequenceClassification }
        XCTAssertEqual(bert.modulesToSave, ["classifier"])
        let llama = try plan(try FixtureModels.tinyLlama()) { $0.taskType = .causalLM }
        XCTAssertEqual(llama.modulesToSave, [])
        assertPeftError(.targetModulesNotFound, contains: ["modules_to_save entry 'clasifier' matches no module",
                                                           "did you mean 'classifier'"]) {
            try plan(try FixtureModels.tinyBert()) { $0.modulesToSave = ["clasifier"] }
        }
        let (_, warnings) = try capturingWarnings {
            try plan(try FixtureModels.tinyLlama()) { $0.taskType = .sequenceClassification }
        }
        XCTAssertTrue(warnings.contains { $0.contains("no classifier head will be trained") }, "\(warnings)")
    }

    func testModulesToSaveAreNeverLoraTargets() throws {
        let bert = try FixtureModels.tinyBert()
        let result = try plan(bert) {
            $0.targetModules = .pattern("all-linear")
            $0.modulesToSave = ["pooler"]
        }
        XCTAssertFalse(result.loraTargets.map(\.moduleName).contains("bert.pooler.dense"))
        XCTAssertTrue(result.excludedModules.contains("bert.pooler.dense"))
        XCTAssertEqual(result.modulesToSave, ["bert.pooler"])
    }

    func testBiasModesChooseTrainableBiases() throws {
        let bert = try FixtureModels.tinyBert()
        let loraOnly = try plan(bert) {
            $0.targetModules = .names(["query"])
            $0.bias = .loraOnly
        }
        XCTAssertEqual(loraOnly.trainableBaseParameters, ["bert.encoder.layer.0.attention.self.query.bias",
                                                          "bert.encoder.layer.1.attention.self.query.bias"])
        let all = try plan(bert) {
            $0.targetModules = .names(["query"])
            $0.bias = .all
            $0.taskType = .sequenceClassification
        }
        XCTAssertTrue(all.trainableBaseParameters.contains("bert.embeddings.LayerNorm.bias"))
        XCTAssertFalse(all.trainableBaseParameters.contains("classifier.bias"))  // the head's copy trains instead
    }

    func testAdapterNameRules() throws {
        let bert = try FixtureModels.tinyBert()
        assertPeftError(.invalidConfig, contains: ["peft #2699"]) {
            try AdapterPlan.make(config: LoraConfig(), model: bert, adapterName: "lora")
        }
        assertPeftError(.invalidConfig, contains: ["adapter name 'a.b' is not allowed"]) {
            try AdapterPlan.make(config: LoraConfig(), model: bert, adapterName: "a.b")
        }
        XCTAssertEqual(try AdapterPlan.make(config: LoraConfig(), model: bert, adapterName: "sentiment").adapterName, "sentiment")
    }
}
