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
