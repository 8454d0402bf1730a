import XCTest
@testable import Models
import PythonBasics
import TestSupport

final class ModelConfigTests: XCTestCase {
    func testTinyBertConfig() throws {
        guard let folder = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("tiny-bert fixture missing") }
        let config = try ModelConfig.load(folder: folder)
        XCTAssertEqual(config.modelType, .bert)
        XCTAssertEqual(config.hiddenSize, 32)
        XCTAssertEqual(config.numHiddenLayers, 2)
        XCTAssertEqual(config.numAttentionHeads, 2)
        XCTAssertEqual(config.intermediateSize, 64)
        XCTAssertEqual(config.vocabSize, 100)
        XCTAssertEqual(config.numLabels, 3)
        XCTAssertEqual(config.id2label[2], "LABEL_2")
        XCTAssertEqual(config.layerNormEps, 1e-12)
        XCTAssertNil(config.classifierDropout)
    }

    func testDistilBertNamesAreUnified() throws {
        guard let folder = Fixtures.path("tiny-distilbert/tiny-distilbert-base") else { throw XCTSkip("fixture missing") }
        let config = try ModelConfig.load(folder: folder)
        XCTAssertEqual(config.modelType, .distilbert)
        XCTAssertEqual(config.hiddenSize, 32)
        XCTAssertEqual(config.intermediateSize, 64)
        XCTAssertEqual(config.numAttentionHeads, 2)
        XCTAssertEqual(config.classifierDropout, 0.2)
        XCTAssertEqual(config.typeVocabSize, 0)
    }

    func testTinyLlamaConfig() throws {
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base") else { throw XCTSkip("fixture missing") }
        let config = try ModelConfig.load(folder: folder)
        XCTAssertEqual(config.modelType, .llama)
        XCTAssertEqual(config.numKeyValueHeads, 2)
        XCTAssertEqual(config.headDim, 16)
        XCTAssertEqual(config.ropeTheta, 10000)
        XCTAssertEqual(config.rmsNormEps, 1e-5)
        XCTAssertFalse(config.tieWordEmbeddings)
        XCTAssertEqual(config.eosTokenIds, [2])
    }

    func testLabelOverridesFollowTransformers() throws {
        var config = try ModelConfig.parse(json: #"{"model_type": "bert", "hidden_size": 32, "num_attention_heads": 2}"#)
        XCTAssertEqual(config.numLabels, 2, "transformers' default is two labels")
        try config.applyLabelOverrides(numLabels: 3, id2label: nil, label2id: nil)
        XCTAssertEqual(config.id2label, [0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"])
        XCTAssertEqual(config.label2id["LABEL_1"], 1)
        try config.applyLabelOverrides(numLabels: nil, id2label: [0: "neg", 1: "neu", 2: "pos"], label2id: nil)
        XCTAssertEqual(config.label2id, ["neg": 0, "neu": 1, "pos": 2])
        XCTAssertThrowsError(try config.applyLabelOverrides(numLabels: 2, id2label: [0: "a", 1: "b", 2: "c"], label2id: nil)) { error in
            XCTAssertTrue("\(error)".contains("num_labels=2 does not match id2label"), "\(error)")
        }
        // The written config carries the label maps with string keys.
        let json = config.jsonObject().configText
        XCTAssertTrue(json.contains("\"2\": \"pos\""), json)
        let reread = try ModelConfig.parse(json: json)
        XCTAssertEqual(reread.id2label, config.id2label)
    }

    func testBadConfigsGiveClearErrors() {
        XCTAssertThrowsError(try ModelConfig.parse(json: #"{"model_type": "t5"}"#)) { error in
            XCTAssertTrue("\(error)".contains("\"t5\" is not supported"), "\(error)")
        }
        XCTAssertThrowsError(try ModelConfig.parse(json: #"{"model_type": "bert", "hidden_size": "big"}"#)) { error in
            XCTAssertTrue("\(error)".contains("\"hidden_size\""), "\(error)")
        }
        XCTAssertThrowsError(try ModelConfig.parse(json: #"{"model_type": "bert", "hidden_size": 30, "num_attention_heads": 4}"#))
        XCTAssertThrowsError(try ModelConfig.parse(json: #"{"model_type": "bert""#)) { error in
            XCTAssertTrue("\(error)".contains("not valid JSON"), "\(error)")
        }
    }

    func testGGUFMetadataMeaning() throws {
        let metadata: [String: JSONValue] = [
            "general.architecture": .string("llama"),
            "llama.block_count": .int(30), "llama.embedding_length": .int(576), "llama.feed_forward_length": .int(1536),
            "llama.attention.head_count": .int(9), "llama.attention.head_count_kv": .int(3),
            "llama.rope.freq_base": .double(100000), "llama.attention.layer_norm_rms_epsilon": .double(1e-5),
            "llama.context_length": .int(8192),
            "tokenizer.ggml.tokens": .array(Array(repeating: .string("x"), count: 49152)),
            "tokenizer.ggml.bos_token_id": .int(1), "tokenizer.ggml.eos_token_id": .int(2),
        ]
        let config = try ModelConfig.fromGGUF(metadata: metadata, hasOutputTensor: false, source: "test.gguf")
        XCTAssertEqual(config.numHiddenLayers, 30)
        XCTAssertEqual(config.hiddenSize, 576)
        XCTAssertEqual(config.intermediateSize, 1536)
        XCTAssertEqual(config.numAttentionHeads, 9)
        XCTAssertEqual(config.numKeyValueHeads, 3)
        XCTAssertEqual(config.headDim, 64)
        XCTAssertEqual(config.ropeTheta, 100000)
        XCTAssertEqual(config.rmsNormEps, 1e-5)
        XCTAssertEqual(config.maxPositionEmbeddings, 8192)
        XCTAssertEqual(config.vocabSize, 49152)
        XCTAssertTrue(config.tieWordEmbeddings)
        XCTAssertEqual(config.eosTokenIds, [2])
        var broken = metadata
        broken["llama.block_count"] = nil
        XCTAssertThrowsError(try ModelConfig.fromGGUF(metadata: broken, hasOutputTensor: true, source: "x.gguf")) { error in
            XCTAssertTrue("\(error)".contains("llama.block_count"), "\(error)")
        }
    }

    func testGenerationConfigSetsEOS() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("genconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = try ModelConfig.parse(json: #"{"model_type": "llama", "hidden_size": 16, "num_attention_heads": 2, "eos_token_id": 2}"#)
        try Data(#"{"eos_token_id": [2, 7], "bos_token_id": 1}"#.utf8).write(to: folder.appendingPathComponent("generation_config.json"))
        try config.applyGenerationConfig(in: folder)
        XCTAssertEqual(config.eosTokenIds, [2, 7])
    }
}
