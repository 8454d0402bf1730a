import XCTest
@testable import Models
import TensorCore
import TestSupport

/// `generate` on a batch: every row decoded side by side (one forward per step) gives the tokens of its
/// one-prompt run, and on SmolLM2 the tokens and per-step arg-maxes of transformers' left-padded batch.
final class BatchGenerationTests: XCTestCase {
    func tinyLlama() throws -> LlamaForCausalLM {
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base") else { throw XCTSkip("fixture missing") }
        return try LlamaForCausalLM.fromPretrained(folder.path)
    }

    /// Rows of different lengths in one decoder: each row's logits equal a one-row decoder's, for the
    /// prompts (one chunk holding every row) and for single steps of some of the rows.
    func testDecoderRowsEqualOneRowDecoders() throws {
        let model = try tinyLlama()
        let prompts: [[Int32]] = [[1, 17, 33, 5], [1, 90], [7, 8, 9, 10, 11, 12, 13]]
        let batch = try LlamaDecoder(model: model, capacity: 10, rows: prompts.count)
        try batch.append(rows: Array(prompts.indices), tokens: prompts)
        var logits: [Float] = []
        for (row, prompt) in prompts.enumerated() {
            let single = try LlamaDecoder(model: model, capacity: 10)
            try single.append(prompt)
            batch.copyLogits(row: row, into: &logits)
            for (a, b) in zip(logits, single.logits) { XCTAssertEqual(a, b, accuracy: 1e-6, "row \(row)") }
            if row != 1 {
                try single.append([42])
                try batch.append(rows: [row], tokens: [[42]])
                batch.copyLogits(row: row, into: &logits)
                for (a, b) in zip(logits, single.logits) { XCTAssertEqual(a, b, accuracy: 1e-6, "row \(row), step") }
            }
        }
        XCTAssertEqual(batch.lengths, [5, 2, 8])
        batch.reorder([2, 2, 0])
        XCTAssertEqual(batch.lengths, [8, 8, 5])
        XCTAssertThrowsError(try batch.append(rows: [0], tokens: [[1, 2, 3]])) { error in
            XCTAssertTrue("\(error)".contains("KV cache holds 10"), "\(error)")
        }
    }

    /// Greedy and seeded sampling on a batch: greedy rows equal their one-prompt runs; rows stop at EOS;
    /// sampling repeats with its seed and gives num_return_sequences rows per prompt.
    func testBatchEqualsRowByRowOnTinyLlama() throws {
        let model = try tinyLlama()
        let prompts: [[Int32]] = [[1, 17, 33, 5, 90, 64], [1, 5, 9], [3]]
        let options = GenerationOptions(maxNewTokens: 9, eosTokenIds: [])
        let batch = try model.generate(batch: prompts, options: options, padTokenId: 0)
        XCTAssertEqual(batch, try prompts.map { try model.generate($0, options: options) })
        // A token the first row generates ends that row early; the others run on.
        let stop = try XCTUnwrap(batch[0].dropFirst(2).first)
        let stopping = GenerationOptions(maxNewTokens: 9, eosTokenIds: [stop])
        let stopped = try model.generate(batch: prompts, options: stopping, padTokenId: 0)
        XCTAssertEqual(stopped, try prompts.map { try model.generate($0, options: stopping) })
        XCTAssertEqual(stopped[0].last, stop)
        var sampling = GenerationOptions(maxNewTokens: 6, doSample: true, temperature: 1.3, topK: 0, eosTokenIds: [], seed: 7)
        sampling.numReturnSequences = 2
        let drawn = try model.generate(batch: prompts, options: sampling, padTokenId: 0)
        XCTAssertEqual(drawn.count, 6)
        XCTAssertEqual(drawn, try model.generate(batch: prompts, options: sampling, padTokenId: 0))
        XCTAssertTrue(drawn.allSatisfy { $0.count == 6 })
        XCTAssertThrowsError(try model.generate(batch: [[1], []], options: options, padTokenId: 0)) { error in
            XCTAssertTrue("\(error)".contains("prompt 1 of the batch has no tokens"), "\(error)")
        }
    }

    /// Beam search runs its beams as decoder rows (one forward per step): the result is that of the
    /// beams run one at a time, which `GenerationTests` checks against transformers.
    func testBeamsAsRowsAreDeterministic() throws {
        let model = try tinyLlama()
        var options = GenerationOptions(maxNewTokens: 7, eosTokenIds: [])
        options.numBeams = 3
        options.numReturnSequences = 3
        let trace = GenerationTrace(keepScores: true)
        options.trace = trace
        let best = try model.generate([1, 17, 33], options: options)
        XCTAssertEqual(trace.sequences.count, 3)
        XCTAssertEqual(trace.sequences.first, best)
        XCTAssertTrue(trace.scores.allSatisfy { $0.count == 3 })
    }

    struct Recorded: Decodable {
        let pad_token_id: Int32
        let max_new_tokens: Int
        let input_ids: [[Int32]]
        let attention_mask: [[Int32]]
        let sequences: [[Int32]]
        let single_generated_ids: [[Int32]]
        let score_argmax: [[Int]]
        let score_max: [[Float]]
    }

    /// SmolLM2 (the demo GGUF, fp32): transformers' left-padded greedy batch (`Fixtures/generation/
    /// smollm2-batch.json`, recorded by `record_smollm2_batch.py`): the same new tokens in every row, the
    /// EOS row padded after its end, and with scores kept the same arg-max at every row and step (a
    /// finished row fed padding, as transformers does) with the largest score within 1e-3.
    func testSmolLM2PaddedBatchEqualsTransformers() throws {
        let url = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/generation/smollm2-batch.json")
        let recorded = try JSONDecoder().decode(Recorded.self, from: Data(contentsOf: url))
        guard let file = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf") else {
            throw XCTSkip("SmolLM2 demo asset missing")
        }
        let model = try XCTUnwrap(try ModelLoader.load(file.path).model as? LlamaForCausalLM)
        let prompts = zip(recorded.input_ids, recorded.attention_mask).map { ids, mask in zip(ids, mask).filter { $0.1 == 1 }.map(\.0) }
        var options = GenerationOptions(maxNewTokens: recorded.max_new_tokens)
        let trace = GenerationTrace(keepScores: true)
        options.trace = trace
        let generated = try model.generate(batch: prompts, options: options, padTokenId: recorded.pad_token_id)
        let width = recorded.input_ids[0].count
        for (row, sequence) in recorded.sequences.enumerated() {
            let padded = generated[row] + [Int32](repeating: recorded.pad_token_id, count: recorded.max_new_tokens - generated[row].count)
            XCTAssertEqual(padded, Array(sequence[width...]), "row \(row)")
            XCTAssertEqual(generated[row], recorded.single_generated_ids[row], "row \(row) against its one-prompt run")
        }
        XCTAssertEqual(generated[4].last, 2, "the chat row ends with <|im_end|>")
        XCTAssertEqual(trace.scores.count, recorded.max_new_tokens)
        for (step, rows) in trace.scores.enumerated() {
            XCTAssertEqual(rows.count, prompts.count)
            for (row, scores) in rows.enumerated() {
                let best = LlamaForCausalLM.argmax(scores)
                XCTAssertEqual(best, recorded.score_argmax[row][step], "row \(row) step \(step)")
                XCTAssertEqual(scores[best], recorded.score_max[row][step], accuracy: 1e-3, "row \(row) step \(step)")
            }
        }
    }
}
