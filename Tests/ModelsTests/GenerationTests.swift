import XCTest
@testable import Models
import TensorCore
import TestSupport

final class GenerationTests: XCTestCase {
    func tinyLlama() throws -> LlamaForCausalLM {
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base") else { throw XCTSkip("fixture missing") }
        return try LlamaForCausalLM.fromPretrained(folder.path)
    }

    func testCachedStepsEqualFullForward() throws {
        let model = try tinyLlama()
        let prompt: [Int32] = [1, 17, 33, 5, 90, 64]
        let full = try XCTUnwrap(model.forward(inputIds: IntTensor(shape: [1, 6], values: prompt)).logits).toArray()  // [6 × 128]
        let cache = KVCache(layerCount: model.config.numHiddenLayers)
        var stepwise: [Float] = []
        for token in prompt {
            let hidden = try model.model.hiddenStates(IntTensor(shape: [1, 1], values: [token]), attentionMask: nil, cache: cache)
            stepwise += try model.lmHead(hidden).toArray()
        }
        XCTAssertEqual(cache.length, 6)
        for (a, b) in zip(full, stepwise) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }

    func testSamplingIsSeededAndTopKOneIsGreedy() throws {
        let model = try tinyLlama()
        let prompt: [Int32] = [1, 5, 9]
        let greedy = try model.generate(prompt, options: GenerationOptions(maxNewTokens: 8, eosTokenIds: []))
        let topOne = try model.generate(prompt, options: GenerationOptions(maxNewTokens: 8, doSample: true, topK: 1, eosTokenIds: [], seed: 5))
        XCTAssertEqual(greedy, topOne)
        let options = GenerationOptions(maxNewTokens: 8, doSample: true, temperature: 1.5, topK: 0, topP: 0.9, eosTokenIds: [], seed: 11)
        XCTAssertEqual(try model.generate(prompt, options: options), try model.generate(prompt, options: options))
        let penalised = try model.generate(prompt, options: GenerationOptions(maxNewTokens: 8, repetitionPenalty: 100, eosTokenIds: []))
        XCTAssertEqual(Set(penalised).count, penalised.count, "a huge repetition penalty never repeats a token")
    }

    func testBadArgumentsAreClearErrors() throws {
        let model = try tinyLlama()
        XCTAssertThrowsError(try model.generate([500])) { error in XCTAssertTrue("\(error)".contains("outside the 128-token vocabulary"), "\(error)") }
        XCTAssertThrowsError(try model.generate([]))
        XCTAssertThrowsError(try model.generate([1], options: GenerationOptions(doSample: true, temperature: 0)))
        XCTAssertThrowsError(try model.generate([1], options: GenerationOptions(topP: 0)))
    }
}

final class PaddingTests: XCTestCase {
    /// Right padding with an attention mask leaves the real positions' logits unchanged (causal LM
    /// batches in training), and −100 labels drop out of the loss.
    func testRightPaddedBatchMatchesSingleSequence() throws {
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base") else { throw XCTSkip("fixture missing") }
        let model = try LlamaForCausalLM.fromPretrained(folder.path)
        let short: [Int32] = [1, 40, 41, 42]
        let single = try XCTUnwrap(model.forward(inputIds: IntTensor(shape: [1, 4], values: short),
                                                 labels: .classes(IntTensor(shape: [1, 4], values: short))))
        let ids = try IntTensor(shape: [2, 6], values: short + [0, 0] + [1, 7, 8, 9, 10, 11])
        let mask = try IntTensor(shape: [2, 6], values: [1, 1, 1, 1, 0, 0] + [1, 1, 1, 1, 1, 1])
        let batched = try XCTUnwrap(model.forward(inputIds: ids, attentionMask: mask).logits).toArray()
        let reference = try XCTUnwrap(single.logits).toArray()
        for (a, b) in zip(batched.prefix(4 * 128), reference) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        let labels = try IntTensor(shape: [1, 6], values: short + [-100, -100])
        let paddedLoss = try XCTUnwrap(model.forward(inputIds: IntTensor(shape: [1, 6], values: short + [0, 0]),
                                                     attentionMask: IntTensor(shape: [1, 6], values: [1, 1, 1, 1, 0, 0]),
                                                     labels: .classes(labels)).loss).item()
        XCTAssertEqual(paddedLoss, try XCTUnwrap(single.loss).item(), accuracy: 1e-5)
    }
}
