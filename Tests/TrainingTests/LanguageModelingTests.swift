import Foundation
import Models
import PEFT
import TensorCore
import TestSupport
import Tokenizers
@testable import Training
import XCTest

/// CAUSAL_LM fine-tuning: the language-modelling collator, instruction-tuning masks, and the Trainer
/// driving LlamaForCausalLM + LoRA unchanged (tiny-llama fixture: 2 layers, hidden 64, vocab 128).
final class LanguageModelingTests: XCTestCase {
    // MARK: Collator

    func testLanguageModelingCollatorCopiesIdsAndMasksPaddingPositionsOnly() throws {
        let collator = try DataCollatorWithPadding.forLanguageModeling(padTokenId: 2)
        let rows = [Row([("input_ids", .intList([5, 6, 2]))]),            // 2 is a real EOS here, not padding
                    Row([("input_ids", .intList([7])), ("labels", .intList([9]))])]  // row labels are replaced
        let batch = try collator(rows)
        XCTAssertEqual(batch.inputIds, [5, 6, 2, 7, 2, 2])
        XCTAssertEqual(batch.attentionMask, [1, 1, 1, 1, 0, 0])
        XCTAssertEqual(batch.labels, .tokens([5, 6, 2, 7, -100, -100]))
        let left = try DataCollatorWithPadding.forLanguageModeling(padTokenId: 0, padToMultipleOf: 4, paddingSide: .left)
        let padded = try left(rows)
        XCTAssertEqual(padded.inputIds, [0, 5, 6, 2, 0, 0, 0, 7])
        XCTAssertEqual(padded.labels, .tokens([-100, 5, 6, 2, -100, -100, -100, 7]))
        XCTAssertThrowsError(try DataCollatorWithPadding.forLanguageModeling(padTokenId: 0, mlm: true)) { error in
            XCTAssertTrue("\(error)".contains("mlm=False"), "\(error)")
        }
    }

    func testRowLabelsArePaddedWithIgnoreIndex() throws {
        let example = TokenizedExample(inputIds: [10, 11, 12], attentionMask: [1, 1, 1], labels: [-100, 11, 12])
        let batch = try DataCollatorWithPadding(padTokenId: 0)([example.row, Row([("input_ids", .intList([4])), ("labels", .intList([4]))])])
        XCTAssertEqual(batch.labels, .tokens([-100, 11, 12, 4, -100, -100]))
    }

    // MARK: Instruction tuning (SmolLM2's ChatML template)

    func smolTokenizer() throws -> any Tokenizer {
        guard let model = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct") else {
            throw XCTSkip("demo SmolLM2 missing (make assets)")
        }
        return try TokenizerLoader.load(model.path)
    }

    func testChatLabelsKeepOnlyAssistantTurns() throws {
        let tokenizer = try smolTokenizer()
        let chat = [["role": "user", "content": "Capital of France?"], ["role": "assistant", "content": "Paris."],
                    ["role": "user", "content": "And of Italy?"], ["role": "assistant", "content": "Rome."]]
        let example = try InstructionTuning.tokenize(chat: chat, tokenizer: tokenizer)
        // The ids are exactly apply_chat_template(messages, tokenize=True).
        XCTAssertEqual(example.inputIds, try tokenizer.applyChatTemplateIds(chat))
        XCTAssertEqual(example.labels.count, example.inputIds.count)
        let trained = zip(example.inputIds, example.labels).filter { $0.1 != -100 }
        XCTAssertTrue(trained.allSatisfy { $0.0 == $0.1 }, "trained labels equal their ids (the loss shifts them)")
        XCTAssertEqual(tokenizer.decode(trained.map(\.0)), "Paris.<|im_end|>Rome.<|im_end|>")
        // System prompt, user turns and the assistant headers carry no loss.
        let masked = tokenizer.decode(zip(example.inputIds, example.labels).filter { $0.1 == -100 }.map(\.0))
        XCTAssertTrue(masked.contains("Capital of France?") && masked.contains("<|im_start|>assistant"), masked)
        XCTAssertFalse(masked.contains("Paris"), masked)

        let short = try InstructionTuning.tokenize(chat: chat, tokenizer: tokenizer, maxLength: 10)
        XCTAssertEqual(short.inputIds, Array(example.inputIds.prefix(10)))
        XCTAssertThrowsError(try InstructionTuning.tokenize(chat: [["role": "user", "content": "hi"]], tokenizer: tokenizer)) { error in
            XCTAssertTrue("\(error)".contains("nothing would be trained"), "\(error)")
        }
        XCTAssertThrowsError(try InstructionTuning.tokenize(chat: [["role": "user"]], tokenizer: tokenizer))
    }

    func testPromptCompletionMasksThePrompt() throws {
        let tokenizer = try smolTokenizer()
        let example = try InstructionTuning.tokenize(prompt: "Q: 2+2?\nA:", completion: " 4", tokenizer: tokenizer)
        let promptCount = tokenizer.tokenizeToIds("Q: 2+2?\nA:").count
        XCTAssertEqual(Array(example.labels.prefix(promptCount)), Array(repeating: -100, count: promptCount))
        XCTAssertEqual(tokenizer.decode(Array(example.labels.dropFirst(promptCount))), " 4<|im_end|>")
        let dataset = try InstructionTuning.dataset(chats: [[["role": "user", "content": "hi"], ["role": "assistant", "content": "hello"]]],
                                                    tokenizer: tokenizer)
        XCTAssertEqual(dataset.columnNames, ["input_ids", "attention_mask", "labels"])
    }

    // MARK: Trainer + LlamaForCausalLM + LoRA

    /// Sequences counting up by a per-row step, lengths 6–15 (batches need padding); the tests train on
    /// one batch of four, which LoRA learns to reproduce.
    static func countingDataset(count: Int, seed: UInt64 = 3) throws -> Dataset {
        let generator = RandomGenerator(seed: seed)
        var rows: [Row] = []
        for _ in 0..<count {
            let length = 6 + generator.nextInt(below: 10)
            let start = 1 + generator.nextInt(below: 100), step = 1 + generator.nextInt(below: 3)
            let ids = (0..<length).map { 1 + (start + $0 * step) % 120 }
            rows.append(Row([("input_ids", .intList(ids)), ("attention_mask", .intList([Int](repeating: 1, count: length)))]))
        }
        return try Dataset.fromList(rows)
    }

    func runLlamaLoRA(targets: [String]) throws -> (losses: [Double], values: [String: [Float]], output: TrainOutput) {
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base") else { throw XCTSkip("tiny-llama fixture missing") }
        let base = try LlamaForCausalLM.fromPretrained(folder.path)
        let peft = try getPeftModel(base, try LoraConfig(r: 8, loraAlpha: 16, loraDropout: 0.05, targetModules: .names(targets),
                                                         taskType: .causalLM))
        peft.output = { _ in }
        var args = TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("causal"))
        args.perDeviceTrainBatchSize = 4
        args.maxSteps = 20
        args.learningRate = 5e-2
        args.lrSchedulerType = .constant
        let trainer = TinyTraining.quietTrainer(try Trainer(model: peft, args: args, trainDataset: try Self.countingDataset(count: 4),
                                                            dataCollator: try DataCollatorWithPadding.forLanguageModeling(padTokenId: 0)))
        let output = try trainer.train()
        let losses = trainer.logHistory.compactMap { $0.number("loss") }
        return (losses, TinyTraining.trainableValues(trainer.model), output)
    }

    func testTrainerDrivesLlamaLoRAOnAllSevenProjections() throws {
        let seven = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
        let first = try runLlamaLoRA(targets: seven)
        XCTAssertEqual(first.output.globalStep, 20)
        XCTAssertEqual(first.losses.count, 20)
        XCTAssertEqual(first.values.count, 2 * 7 * 2, "lora_A and lora_B of seven projections in two layers")
        let early = first.losses.prefix(3).reduce(0, +) / 3, late = first.losses.suffix(3).reduce(0, +) / 3
        XCTAssertLessThan(late, early - 0.1, "loss should fall (measured 4.84 → 4.55 over 20 steps): \(first.losses)")
        let second = try runLlamaLoRA(targets: seven)
        XCTAssertEqual(first.losses, second.losses, "same seed → same losses")
        assertSameValues(second.values, first.values)
    }

    func testTrainerDrivesLlamaLoRAOnQueryAndValue() throws {
        let run = try runLlamaLoRA(targets: ["q_proj", "v_proj"])
        XCTAssertEqual(run.values.count, 2 * 2 * 2)
        let early = run.losses.prefix(3).reduce(0, +) / 3, late = run.losses.suffix(3).reduce(0, +) / 3
        XCTAssertLessThan(late, early - 0.05, "loss should fall: \(run.losses)")
    }
}
