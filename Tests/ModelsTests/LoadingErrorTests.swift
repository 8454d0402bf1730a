import XCTest
@testable import Models
import PythonBasics
import TensorCore
import TestSupport

/// Key-map verification on real files, save/load round trips and the HF-style entry points.
final class LoadingErrorTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func tinyBert() throws -> URL {
        guard let folder = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("fixture missing") }
        return folder
    }

    /// A copy of tiny-bert whose weights are edited by `edit`.
    func editedTinyBert(_ edit: (inout [(name: String, tensor: Tensor)]) throws -> Void) throws -> URL {
        let source = try tinyBert()
        let model = try BertForSequenceClassification.fromPretrained(source.path)
        var weights = model.stateDict()
        try edit(&weights)
        let folder = scratch.appendingPathComponent("edited")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        try TensorFile.save(weights, to: folder.appendingPathComponent("model.safetensors"))
        return folder
    }

    func testMissingKeyIsAnErrorNamingIt() throws {
        let folder = try editedTinyBert { $0.removeAll { $0.name == "bert.encoder.layer.1.output.dense.weight" } }
        XCTAssertThrowsError(try ModelLoader.load(folder.path)) { error in
            XCTAssertTrue("\(error)".contains("missing from the checkpoint: bert.encoder.layer.1.output.dense.weight"), "\(error)")
        }
    }

    func testUnexpectedKeyIsAnErrorNamingIt() throws {
        let folder = try editedTinyBert { $0.append(("bert.encoder.layer.7.attention.self.query.weight", try Tensor.zeros([32, 32]))) }
        XCTAssertThrowsError(try ModelLoader.load(folder.path)) { error in
            XCTAssertTrue("\(error)".contains("in the checkpoint but not in the model: bert.encoder.layer.7.attention.self.query.weight"), "\(error)")
        }
    }

    func testMisshapedKeyIsAnErrorNamingIt() throws {
        let folder = try editedTinyBert { weights in
            let index = try XCTUnwrap(weights.firstIndex { $0.name == "bert.pooler.dense.bias" })
            weights[index].tensor = try Tensor.zeros([31])
        }
        XCTAssertThrowsError(try ModelLoader.load(folder.path)) { error in
            XCTAssertTrue("\(error)".contains("bert.pooler.dense.bias is [31] in the checkpoint, [32] in the model"), "\(error)")
        }
    }

    func testOldGammaBetaNamesAreAccepted() throws {
        let folder = try editedTinyBert { weights in
            weights = weights.map { entry in
                var name = entry.name
                if name.hasSuffix("LayerNorm.weight") { name = String(name.dropLast(6)) + "gamma" }
                if name.hasSuffix("LayerNorm.bias") { name = String(name.dropLast(4)) + "beta" }
                return (name, entry.tensor)
            }
        }
        let loaded = try ModelLoader.load(folder.path)
        XCTAssertEqual(loaded.report.renamedKeys.count, 10)
        XCTAssertTrue(loaded.report.newlyInitializedKeys.isEmpty)
    }

    func testOtherLabelCountNeedsIgnoreMismatchedSizes() throws {
        let folder = try tinyBert()
        XCTAssertThrowsError(try ModelLoader.load(folder.path, options: LoadOptions(numLabels: 5))) { error in
            XCTAssertTrue("\(error)".contains("ignore_mismatched_sizes=True"), "\(error)")
        }
        let loaded = try ModelLoader.load(folder.path, options: LoadOptions(numLabels: 5, ignoreMismatchedSizes: true))
        XCTAssertEqual(loaded.report.mismatchedKeys.map(\.key), ["classifier.weight", "classifier.bias"])
        XCTAssertEqual(loaded.model.config.numLabels, 5)
    }

    func testWrongClassForCheckpointIsAClearError() throws {
        guard let folder = Fixtures.path("tiny-distilbert/tiny-distilbert-base") else { throw XCTSkip("fixture missing") }
        XCTAssertThrowsError(try BertForSequenceClassification.fromPretrained(folder.path)) { error in
            XCTAssertTrue("\(error)".contains("is a distilbert model, not bert"), "\(error)")
        }
        XCTAssertNoThrow(try DistilBertForSequenceClassification.fromPretrained(folder.path))
    }

    func testSavePretrainedRoundTrip() throws {
        let model = try BertForSequenceClassification.fromPretrained(try tinyBert().path,
                                                                          options: LoadOptions(id2label: [0: "neg", 1: "neu", 2: "pos"]))
        let folder = scratch.appendingPathComponent("saved")
        try model.savePretrained(to: folder)
        let reloaded = try BertForSequenceClassification.fromPretrained(folder.path)
        let report = try XCTUnwrap(reloaded.loadReport)
        XCTAssertTrue(report.newlyInitializedKeys.isEmpty)
        XCTAssertEqual(reloaded.config.id2label, [0: "neg", 1: "neu", 2: "pos"])
        XCTAssertEqual(reloaded.config.architectures, ["BertForSequenceClassification"])
        for ((name, a), (_, b)) in zip(model.stateDict(), reloaded.stateDict()) { XCTAssertEqual(a.toArray(), b.toArray(), name) }
    }

    func testDropoutFollowsTrainAndEval() throws {
        let model = try BertForSequenceClassification.fromPretrained(try tinyBert().path)
        XCTAssertFalse(model.isTraining, "from_pretrained returns eval mode")
        let ids = try IntTensor(shape: [1, 5], values: [1, 5, 17, 42, 3])
        let a = try XCTUnwrap(model.forward(inputIds: ids).logits).toArray()
        let b = try XCTUnwrap(model.forward(inputIds: ids).logits).toArray()
        XCTAssertEqual(a, b, "eval mode is deterministic")
        model.train()
        XCTAssertTrue(model.namedModules().allSatisfy { $0.module.isTraining })
        let c = try XCTUnwrap(model.forward(inputIds: ids).logits).toArray()
        XCTAssertNotEqual(a, c, "dropout changes training-mode outputs")
        model.eval()
        XCTAssertEqual(try XCTUnwrap(model.forward(inputIds: ids).logits).toArray(), a)
    }

    func testModuleNamesFollowHuggingFace() throws {
        let model = try BertForSequenceClassification.fromPretrained(try tinyBert().path)
        let names = model.namedModules().map(\.name)
        for expected in ["bert.embeddings.word_embeddings", "bert.encoder.layer.0.attention.self.query",
                         "bert.encoder.layer.1.attention.output.dense", "bert.encoder.layer.0.output.LayerNorm",
                         "bert.pooler.dense", "dropout", "classifier"] {
            XCTAssertTrue(names.contains(expected), expected)
        }
        XCTAssertEqual(model.namedParameters().first?.name, "bert.embeddings.word_embeddings.weight")
        guard let llamaFolder = Fixtures.path("tiny-llama/tiny-llama-base") else { return }
        let llama = try LlamaForCausalLM.fromPretrained(llamaFolder.path)
        let llamaNames = Set(llama.namedModules().map(\.name))
        for expected in ["model.layers.0.self_attn.q_proj", "model.layers.1.mlp.down_proj", "model.layers.0.input_layernorm", "model.norm", "lm_head"] {
            XCTAssertTrue(llamaNames.contains(expected), expected)
        }
    }

    func testClassificationLossesFollowTransformers() throws {
        let model = try BertForSequenceClassification.fromPretrained(try tinyBert().path)
        let ids = try IntTensor(shape: [2, 3], values: [1, 5, 3, 1, 9, 3])
        let output = try model.forward(inputIds: ids, labels: .classes(IntTensor([0, 2])))
        let logits = try XCTUnwrap(output.logits).toArray()
        func logSumExp(_ row: ArraySlice<Float>) -> Float { let m = row.max() ?? 0; return m + log(row.map { exp($0 - m) }.reduce(0, +)) }
        let expectedCE = ((logSumExp(logits[0..<3]) - logits[0]) + (logSumExp(logits[3..<6]) - logits[5])) / 2
        XCTAssertEqual(try XCTUnwrap(output.loss).item(), expectedCE, accuracy: 1e-6)
        // Float multi-hot targets → BCE with logits.
        let targets = try Tensor(shape: [2, 3], values: [1, 0, 1, 0, 1, 0])
        let bce = try XCTUnwrap(model.forward(inputIds: ids, labels: .values(targets)).loss).item()
        let expectedBCE = zip(logits, targets.toArray()).map { x, y in max(x, 0) - x * y + log(1 + exp(-abs(x))) }.reduce(0, +) / 6
        XCTAssertEqual(bce, expectedBCE, accuracy: 1e-6)
        XCTAssertThrowsError(try model.forward(inputIds: ids, labels: .classes(IntTensor([0, 7])))) { error in
            XCTAssertTrue("\(error)".contains("label 7 is outside the 3 classes"), "\(error)")
        }
    }

    func testShardedCheckpointLoads() throws {
        let source = try tinyBert()
        let model = try BertForSequenceClassification.fromPretrained(source.path)
        let weights = model.stateDict()
        let folder = scratch.appendingPathComponent("sharded")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        let half = weights.count / 2
        let shards = [("model-00001-of-00002.safetensors", Array(weights[..<half])), ("model-00002-of-00002.safetensors", Array(weights[half...]))]
        var map: [String: String] = [:]
        for (file, part) in shards {
            try TensorFile.save(part, to: folder.appendingPathComponent(file))
            for entry in part { map[entry.name] = file }
        }
        let index = JSONValue.sortedObject(["metadata": .sortedObject(["total_size": .int(weights.reduce(0) { $0 + $1.tensor.count * 4 })]),
                                        "weight_map": .sortedObject(map.mapValues { .string($0) })])
        try Data(index.dumps(indent: 2, sortKeys: true).utf8).write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        let reloaded = try BertForSequenceClassification.fromPretrained(folder.path)
        for ((name, a), (_, b)) in zip(weights, reloaded.stateDict()) { XCTAssertEqual(a.toArray(), b.toArray(), name) }
    }

    func testGGUFFileArgumentLikeTransformers() throws {
        guard let folder = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct") else { throw XCTSkip("demo asset missing") }
        let options = LoadOptions(ggufFile: "SmolLM2-135M-Instruct.Q4_1.gguf")
        let source = try options.resolver.resolve(folder.path, ggufFile: options.ggufFile)
        XCTAssertEqual(source, .gguf(folder.appendingPathComponent("SmolLM2-135M-Instruct.Q4_1.gguf")))
        XCTAssertThrowsError(try ModelLoader.load(folder.path, options: LoadOptions(ggufFile: "missing.gguf"))) { error in
            XCTAssertTrue("\(error)".contains("no missing.gguf in this folder"), "\(error)")
        }
        XCTAssertThrowsError(try ModelLoader.load(folder.path, task: .sequenceClassification)) { error in
            XCTAssertTrue("\(error)".contains("LlamaForSequenceClassification is not supported"), "\(error)")
        }
        XCTAssertEqual(try ModelTask(name: "SEQ_CLS"), .sequenceClassification)
        XCTAssertEqual(try ModelTask(name: "CAUSAL_LM"), .causalLM)
        XCTAssertThrowsError(try ModelTask(name: "translation"))
    }
}
