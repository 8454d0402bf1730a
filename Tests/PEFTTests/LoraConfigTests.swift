import XCTest
@testable import PEFT

final class LoraConfigTests: XCTestCase {
    func testDefaultsArePeft0212() throws {
        let config = LoraConfig()
        XCTAssertEqual(config.r, 8)
        XCTAssertEqual(config.loraAlpha, 8)
        XCTAssertEqual(config.loraDropout, 0)
        XCTAssertNil(config.targetModules)
        XCTAssertNil(config.excludeModules)
        XCTAssertEqual(config.bias, .none)
        XCTAssertFalse(config.useRslora)
        XCTAssertFalse(config.fanInFanOut)
        XCTAssertNil(config.modulesToSave)
        XCTAssertEqual(config.initLoraWeights, .standard)
        XCTAssertNil(config.layersToTransform)
        XCTAssertNil(config.layersPattern)
        XCTAssertTrue(config.rankPattern.isEmpty)
        XCTAssertTrue(config.alphaPattern.isEmpty)
        XCTAssertNil(config.taskType)
        XCTAssertFalse(config.inferenceMode)
        XCTAssertEqual(config.otherField("qalora_group_size"), .int(16))
        XCTAssertEqual(config.otherField("megatron_core"), .string("megatron.core"))
        XCTAssertNoThrow(try config.validate())
    }

    func testScalingIsAlphaOverROrRootR() throws {
        var config = try LoraConfig(r: 4, loraAlpha: 8)
        XCTAssertEqual(config.scaling(rank: 4, alpha: 8), 2.0)
        config.useRslora = true
        XCTAssertEqual(config.scaling(rank: 16, alpha: 8), 2.0)
    }

    func testRankAndAlphaPatternsUseFirstMatchingKeyInOrder() throws {
        var config = LoraConfig()
        config.rankPattern = [("layer.0.attention.self.query", 16), ("query", 4)]
        config.alphaPattern = [("val.*", 32)]
        XCTAssertEqual(try config.rank(forModule: "bert.encoder.layer.0.attention.self.query"), 16)
        XCTAssertEqual(try config.rank(forModule: "bert.encoder.layer.1.attention.self.query"), 4)
        XCTAssertEqual(try config.rank(forModule: "bert.encoder.layer.1.attention.self.value"), 8)
        // "query" must match a whole name segment: "myquery" does not end with ".query".
        XCTAssertEqual(try config.rank(forModule: "bert.myquery"), 8)
        XCTAssertEqual(try config.rank(forModule: "query"), 4)
        XCTAssertEqual(try config.alpha(forModule: "bert.encoder.layer.1.attention.self.value"), 32)
        XCTAssertEqual(try config.alpha(forModule: "bert.encoder.layer.1.attention.self.key"), 8)
    }

    func testInvalidRankIsRejectedWithPeftMessage() {
        for r in [0, -3] {
            assertPeftError(.invalidConfig, contains: ["`r` should be a positive integer value but the value passed is \(r)", "help:"]) {
                try LoraConfig(r: r)
            }
        }
    }

    func testDropoutOutOfRange() {
        assertPeftError(.invalidConfig, contains: ["lora_dropout", "1.5", "between 0"]) { try LoraConfig(loraDropout: 1.5) }
        assertPeftError(.invalidConfig, contains: ["lora_dropout", "-0.1"]) { try LoraConfig(loraDropout: -0.1) }
    }

    func testStringTargetsRejectLayerSelection() {
        var config = LoraConfig()
        config.targetModules = .pattern(".*query")
        config.layersToTransform = .many([0])
        assertPeftError(.invalidConfig, contains: ["`layers_to_transform` cannot be used when `target_modules` is a str."]) {
            try config.validate()
        }
        config.layersToTransform = nil
        config.layersPattern = .one("layer")
        assertPeftError(.invalidConfig, contains: ["`layers_pattern` cannot be used when `target_modules` is a str."]) {
            try config.validate()
        }
    }

    func testLayersPatternNeedsLayersToTransform() {
        var config = LoraConfig()
        config.targetModules = .names(["query"])
        config.layersPattern = .one("layer")
        assertPeftError(.invalidConfig, contains: ["When `layers_pattern` is specified, `layers_to_transform` must also be specified."]) {
            try config.validate()
        }
        config.layersToTransform = .one(1)
        XCTAssertNoThrow(try config.validate())
    }

    func testUnknownEnumValuesNameTheAllowedOnes() {
        assertPeftError(.invalidConfig, contains: ["bias='some'", "'none', 'all' or 'lora_only'"]) { try LoraBias.parse("some") }
        assertPeftError(.invalidConfig, contains: ["Invalid task type: 'SEQ_CLASSIFICATION'", "SEQ_CLS, SEQ_2_SEQ_LM, CAUSAL_LM"]) {
            try TaskType.parse("SEQ_CLASSIFICATION")
        }
        assertPeftError(.invalidConfig, contains: ["task_type=\"SEQ_CLS\""]) { try TaskType.parse("seq_cls") }
        assertPeftError(.invalidConfig, contains: ["init_lora_weights='kaiming'", "'gaussian'", "'pissa'"]) {
            try LoraInitialization.parse("kaiming")
        }
        XCTAssertEqual(try LoraInitialization.parse("pissa_niter_4"), .other("pissa_niter_4"))
        XCTAssertEqual(try TaskType.parse("CAUSAL_LM"), .causalLM)
    }

    func testBadRegexNamesTheField() {
        var config = LoraConfig()
        config.targetModules = .pattern("(query")
        assertPeftError(.invalidConfig, contains: ["target_modules", "'(query'", "not a valid regular expression"]) { try config.validate() }
        config.targetModules = nil
        config.rankPattern = [("[", 4)]
        assertPeftError(.invalidConfig, contains: ["rank_pattern", "'['"]) { try config.validate() }
    }

    func testOtherPeftRules() {
        var config = LoraConfig()
        config.loraBias = true
        config.initLoraWeights = .gaussian
        assertPeftError(.invalidConfig, contains: ["lora_bias=True is only supported with init_lora_weights=True or False"]) { try config.validate() }
        config = LoraConfig()
        config.initLoraWeights = .other("loftq")
        assertPeftError(.invalidConfig, contains: ["`loftq_config` must be specified"]) { try config.validate() }
        config = LoraConfig()
        config.rankPattern = [("query", 0)]
        assertPeftError(.invalidConfig, contains: ["rank_pattern['query'] = 0"]) { try config.validate() }
        config = LoraConfig()
        config.modulesToSave = [""]
        assertPeftError(.invalidConfig, contains: ["modules_to_save contains an empty name"]) { try config.validate() }
        config = LoraConfig()
        config.layersToTransform = .many([-1])
        config.targetModules = .names(["query"])
        assertPeftError(.invalidConfig, contains: ["layers_to_transform contains -1"]) { try config.validate() }
    }

    func testUnsupportedFeaturesAreReportedNotIgnored() throws {
        var config = LoraConfig()
        XCTAssertEqual(config.unsupportedFeatures, [])
        config.useDora = true
        config.initLoraWeights = .other("pissa")
        XCTAssertEqual(config.unsupportedFeatures, ["use_dora=True (DoRA)", "init_lora_weights=\"pissa\""])
        assertPeftError(.unsupportedFeature, contains: ["lorarepl does not implement use_dora=True (DoRA)", "help: remove these options"]) {
            try config.checkSupported()
        }
        XCTAssertEqual(PeftError(.unsupportedFeature, "x").pythonType, "NotImplementedError")
    }

    func testKeywordConstructionRejectsUnknownKeywordsWithSuggestion() {
        assertPeftError(.wrongType, contains: ["unexpected keyword argument 'lora_alpah'", "did you mean 'lora_alpha'"]) {
            try LoraConfig.from(dictionary: [("r", .int(8)), ("lora_alpah", .int(16))], unknownKeys: .reject)
        }
        assertPeftError(.wrongType, contains: ["r must be an int, got str"]) {
            try LoraConfig.from(dictionary: [("r", .string("8"))], unknownKeys: .reject)
        }
        assertPeftError(.wrongType, contains: ["modules_to_save must be a list", "modules_to_save=[\"classifier\"]"]) {
            try LoraConfig.from(dictionary: [("modules_to_save", .string("classifier"))], unknownKeys: .reject)
        }
    }

    func testKeywordConstructionLikeTheSeed() throws {
        let config = try LoraConfig.from(dictionary: [
            ("task_type", .string("SEQ_CLS")), ("r", .int(8)), ("lora_alpha", .int(16)), ("lora_dropout", .double(0.1)),
            ("target_modules", .array([.string("query"), .string("value"), .string("query")])),
        ], unknownKeys: .reject)
        XCTAssertEqual(config.taskType, .sequenceClassification)
        XCTAssertEqual(config.targetModules, .names(["query", "value"]))  // a set in PEFT: duplicates dropped
        XCTAssertEqual(config.effectiveModulesToSave, ["classifier", "score"])
        XCTAssertEqual(config.loraDropout, 0.1)
    }

    func testEffectiveModulesToSaveFollowsTask() throws {
        var config = LoraConfig()
        XCTAssertNil(config.effectiveModulesToSave)
        config.taskType = .causalLM
        XCTAssertNil(config.effectiveModulesToSave)
        config.taskType = .tokenClassification
        config.modulesToSave = ["pre_classifier", "classifier"]
        XCTAssertEqual(config.effectiveModulesToSave, ["pre_classifier", "classifier", "score"])
        config.taskType = .questionAnswering
        config.modulesToSave = nil
        XCTAssertEqual(config.effectiveModulesToSave, ["qa_outputs"])
    }
}
