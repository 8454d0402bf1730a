import XCTest
@testable import PEFT

final class AdapterConfigFileTests: XCTestCase {
    static let fixtureConfigs = [
        "tiny-bert/tiny-bert-lora/adapter_config.json",
        "tiny-distilbert/tiny-distilbert-lora/adapter_config.json",
        "tiny-llama/tiny-llama-lora/adapter_config.json",
        "minilm/lora_step/adapter/adapter_config.json",
        "smollm2/lora_step/adapter/adapter_config.json",
    ]

    /// Reading PEFT's file and writing it again gives the same bytes (key order, indent, floats, nulls).
    func testFixtureConfigsRoundTripByteForByte() throws {
        for relative in Self.fixtureConfigs {
            let original = try FixtureModels.text(relative)
            let (config, warnings) = try capturingWarnings { try LoraConfig.fromJSON(original) }
            XCTAssertEqual(warnings, [], relative)
            XCTAssertEqual(config.jsonText(), original, relative)
        }
    }

    /// A config built in Swift like the fixture's Python call writes exactly PEFT's file.
    func testConfigBuiltFromScratchWritesPeftsFile() throws {
        var config = try LoraConfig(r: 4, loraAlpha: 8, loraDropout: 0.0, targetModules: .names(["query", "value"]),
                                    taskType: .sequenceClassification, initLoraWeights: .randomBoth)
        config.modulesToSave = config.effectiveModulesToSave  // what get_peft_model stores
        config.baseModelNameOrPath = "tiny-bert-base"
        XCTAssertEqual(config.jsonText(), try FixtureModels.text("tiny-bert/tiny-bert-lora/adapter_config.json"))
    }

    func testFixtureValuesAreRead() throws {
        let config = try LoraConfig.fromJSON(try FixtureModels.text("tiny-distilbert/tiny-distilbert-lora/adapter_config.json"))
        XCTAssertEqual(config.r, 8)
        XCTAssertEqual(config.loraAlpha, 16)
        XCTAssertEqual(config.loraDropout, 0.1)
        XCTAssertEqual(config.targetModules, .names(["v_lin", "q_lin"]))
        XCTAssertEqual(config.modulesToSave, ["classifier", "score"])
        XCTAssertEqual(config.taskType, .sequenceClassification)
        XCTAssertEqual(config.initLoraWeights, .standard)
        XCTAssertTrue(config.inferenceMode)
        XCTAssertEqual(config.baseModelNameOrPath, "tiny-distilbert-base")
        let llama = try LoraConfig.fromJSON(try FixtureModels.text("tiny-llama/tiny-llama-lora/adapter_config.json"))
        XCTAssertEqual(llama.taskType, .causalLM)
        XCTAssertNil(llama.modulesToSave)
    }

    func testInferenceModeIsAlwaysWrittenTrue() throws {
        var config = LoraConfig()
        config.inferenceMode = false
        XCTAssertTrue(config.jsonText().contains("\"inference_mode\": true"))
        XCTAssertEqual(config.jsonValue(forceInferenceMode: false)["inference_mode"], .bool(false))
    }

    func testOldFileWithMissingAndUnknownKeys() throws {
        // A peft 0.6-style file: no use_dora, layer_replication, …; plus a key newer versions dropped.
        let text = """
        {"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 16, "lora_alpha": 32, "target_modules": "q_proj|v_proj",
         "init_lora_weights": "gaussian", "enable_lora": null, "bias": "none", "modules_to_save": null}
        """
        let (config, warnings) = try capturingWarnings { try LoraConfig.fromJSON(text) }
        XCTAssertEqual(config.r, 16)
        XCTAssertEqual(config.targetModules, .pattern("q_proj|v_proj"))
        XCTAssertEqual(config.initLoraWeights, .gaussian)
        XCTAssertEqual(config.useDora, false)
        XCTAssertEqual(config.otherField("layer_replication"), .null)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("['enable_lora']"), warnings[0])
        XCTAssertTrue(config.jsonText().contains("\"init_lora_weights\": \"gaussian\""))
        XCTAssertTrue(config.jsonText().contains("\"target_modules\": \"q_proj|v_proj\""))
    }

    func testWrongPeftTypeIsAClearError() {
        assertPeftError(.invalidAdapterConfig, contains: ["describes a 'PREFIX_TUNING' adapter, not a LoRA adapter"]) {
            try LoraConfig.fromJSON(#"{"peft_type": "PREFIX_TUNING", "num_virtual_tokens": 20}"#)
        }
    }

    func testBrokenFilesGiveClearErrors() {
        assertPeftError(.invalidAdapterConfig, contains: ["is not valid JSON", "line 1"]) { try LoraConfig.fromJSON(#"{"r": 8,"#) }
        assertPeftError(.invalidAdapterConfig, contains: ["must hold a JSON object"]) { try LoraConfig.fromJSON("[1, 2]") }
        assertPeftError(.wrongType, contains: ["lora_alpha must be a number, got str"]) {
            try LoraConfig.fromJSON(#"{"peft_type": "LORA", "lora_alpha": "16"}"#)
        }
        assertPeftError(.invalidAdapterConfig, contains: ["adapter_config.json: `r` should be a positive integer"]) {
            try LoraConfig.fromJSON(#"{"peft_type": "LORA", "r": 0}"#)
        }
        assertPeftError(.fileNotFound, contains: ["no adapter_config.json in"]) {
            try LoraConfig.read(from: URL(fileURLWithPath: "/nonexistent-adapter-folder"))
        }
    }

    func testNumbersKeepPythonsIntFloatDistinction() throws {
        let config = try LoraConfig.fromJSON(#"{"peft_type": "LORA", "lora_alpha": 16.0, "lora_dropout": 0, "alpha_pattern": {"q": 4}}"#)
        let text = config.jsonText()
        XCTAssertTrue(text.contains("\"lora_alpha\": 16.0"), text)
        XCTAssertTrue(text.contains("\"lora_dropout\": 0,"), text)
        XCTAssertTrue(text.contains("\"alpha_pattern\": {\n    \"q\": 4\n  }"), text)
    }

    func testWriteIsAtomicAndReadable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peft-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = try LoraConfig(r: 4, targetModules: .names(["query"]))
        config.baseModelNameOrPath = "some/model"
        try config.write(toDirectory: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(files, ["adapter_config.json"])  // no temporary file left behind
        let reread = try LoraConfig.read(from: directory)
        XCTAssertEqual(reread.jsonText(), config.jsonText())
        XCTAssertEqual(reread.baseModelNameOrPath, "some/model")
    }
}

final class PythonJSONTests: XCTestCase {
    func testFloatReprMatchesPython() {
        // Values checked against CPython's repr().
        let cases: [(Double, String)] = [
            (0.0, "0.0"), (0.1, "0.1"), (16.0, "16.0"), (1e-05, "1e-05"), (1e-07, "1e-07"), (2.5e-05, "2.5e-05"),
            (0.0001, "0.0001"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (123456.0, "123456.0"),
            (0.30000000000000004, "0.30000000000000004"), (123456789012345678.0, "1.2345678901234568e+17"),
            (-0.5, "-0.5"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        ]
        for (value, expected) in cases { XCTAssertEqual(pythonFloatRepr(value), expected, "\(value)") }
    }

    func testDumpsMatchesPythonIndentTwoSortKeys() throws {
        let value = PeftJSON.object([
            ("x", .double(1e-07)), ("lora_alpha", .double(16)), ("u", .string("ü😀\"\\/")), ("b", .array([])), ("c", .object([])),
            ("nested", .object([("z", .int(1)), ("a", .array([.null, .bool(true)]))])),
        ])
        let expected = """
        {
          "b": [],
          "c": {},
          "lora_alpha": 16.0,
          "nested": {
            "a": [
              null,
              true
            ],
            "z": 1
          },
          "u": "\\u00fc\\ud83d\\ude00\\"\\\\/",
          "x": 1e-07
        }
        """
        XCTAssertEqual(PythonJSONWriter.dumps(value), expected)
    }

    func testParserKeepsOrderTypesAndEscapes() throws {
        let value = try PeftJSONParser.parse(#"{"b": 1, "a": 1.0, "s": "\u00e9\ud83d\ude00\n", "l": [true, false, null], "b": 2}"#)
        guard case let .object(pairs) = value else { return XCTFail("not an object") }
        XCTAssertEqual(pairs.map(\.key), ["b", "a", "s", "l"])
        XCTAssertEqual(value["b"], .int(2))
        XCTAssertEqual(value["a"], .double(1))
        XCTAssertEqual(value["s"], .string("é😀\n"))
        XCTAssertEqual(value["l"], .array([.bool(true), .bool(false), .null]))
        XCTAssertThrowsError(try PeftJSONParser.parse(String(repeating: "[", count: 1000)))
        XCTAssertThrowsError(try PeftJSONParser.parse(#"{"a": 1} x"#))
        XCTAssertThrowsError(try PeftJSONParser.parse(#"{"a": NaN}"#))
    }
}
