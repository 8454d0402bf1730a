import XCTest
@testable import Models
import TensorCore
import TestSupport

/// The demo SmolLM2-135M-Instruct Q4_1 GGUF against transformers' numbers (weights dequantized as ggml does).
final class SmolLM2Tests: XCTestCase {
    static var cached: LoadedModel?

    func loadModel() throws -> LoadedModel {
        if let cached = Self.cached { return cached }
        guard let file = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf") else {
            throw XCTSkip("SmolLM2 demo asset missing")
        }
        let loaded = try ModelLoader.load(file.path)
        Self.cached = loaded
        return loaded
    }

    func testConfigAndKeysFromGGUF() throws {
        let loaded = try loadModel()
        let config = loaded.model.config
        XCTAssertEqual(config.numHiddenLayers, 30)
        XCTAssertEqual(config.hiddenSize, 576)
        XCTAssertEqual(config.numAttentionHeads, 9)
        XCTAssertEqual(config.numKeyValueHeads, 3)
        XCTAssertEqual(config.intermediateSize, 1536)
        XCTAssertEqual(config.ropeTheta, 100000)
        XCTAssertEqual(config.vocabSize, 49152)
        XCTAssertTrue(config.tieWordEmbeddings)
        XCTAssertTrue(loaded.report.newlyInitializedKeys.isEmpty)
        let model = try XCTUnwrap(loaded.model as? LlamaForCausalLM)
        XCTAssertTrue(model.lmHead.weight === model.model.embedTokens.weight, "tied head shares the embedding")
        print("SmolLM2 load: \(String(format: "%.2f", loaded.loadSeconds)) s; \(loaded.notes.joined(separator: "; "))")
    }

    func testLogitsAtEveryPosition() throws {
        guard let referenceURL = Fixtures.path("smollm2/forward.safetensors") else { throw XCTSkip("fixture missing") }
        let loaded = try loadModel()
        let ids = try XCTUnwrap(TensorFile.loadInts(referenceURL)["input_ids"])
        let expected = try XCTUnwrap(TensorFile.loadFloats(referenceURL)["logits"])
        let output = try Autograd.noGrad { try loaded.model.forward(inputIds: ids.reshape([1, -1])) }
        let logits = try XCTUnwrap(output.logits).toArray()
        let reference = expected.toArray()
        XCTAssertEqual(logits.count, reference.count)
        var worst: Float = 0
        var worstRelative: Float = 0
        let vocab = expected.shape[1]
        for position in 0..<expected.shape[0] {
            let row = position * vocab..<(position + 1) * vocab
            let scale = reference[row].map(abs).max() ?? 1
            let diff = zip(logits[row], reference[row]).map { abs($0 - $1) }.max() ?? 0
            worst = Swift.max(worst, diff)
            worstRelative = Swift.max(worstRelative, diff / scale)
            // Same arg-max at every position.
            let mine = logits[row].indices.max { logits[$0] < logits[$1] }
            let theirs = reference[row].indices.max { reference[$0] < reference[$1] }
            XCTAssertEqual(mine, theirs, "arg-max at position \(position)")
        }
        print("SmolLM2 logits: max |diff| \(worst), max |diff| / max|logit| per position \(worstRelative)")
        XCTAssertLessThan(worst, 5e-4, "logits within 5e-4 absolute (values are O(10); measured 8.6e-5)")
    }

    func testGreedyContinuationOfThePrompt() throws {
        guard let greedyURL = Fixtures.path("smollm2/greedy.json") else { throw XCTSkip("fixture missing") }
        struct Case: Decodable { let prompt_ids: [Int32]; let generated_ids: [Int32] }
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: greedyURL))
        let model = try XCTUnwrap(try loadModel().model as? LlamaForCausalLM)
        XCTAssertEqual(cases.count, 2)
        for (index, example) in cases.enumerated() {
            var streamed: [Int32] = []
            let generated = try model.generate(example.prompt_ids, options: GenerationOptions(maxNewTokens: 24)) { token in
                streamed.append(token)
                return true
            }
            XCTAssertEqual(generated, example.generated_ids, "case \(index)")
            XCTAssertEqual(streamed, generated)
        }
        // The chat case stops on <|im_end|> (id 2, the GGUF's EOS) before 24 tokens.
        XCTAssertEqual(cases[1].generated_ids.last, 2)
    }
}
