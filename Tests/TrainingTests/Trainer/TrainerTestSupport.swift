import Foundation
import Models
import PEFT
import TensorCore
import TestSupport
@testable import Training
import XCTest

/// Tiny models and datasets for the Trainer tests (the tiny-bert fixture: 2 layers, hidden 32, vocab 100, 3 labels).
enum TinyTraining {
    static func model(seed: UInt64 = 42) throws -> PreTrainedModel {
        guard let folder = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("tiny-bert fixture missing") }
        return try BertForSequenceClassification.fromPretrained(folder.path, options: LoadOptions(numLabels: 3, seed: seed))
    }

    /// LoRA r=4 alpha=8 on query/value with the given dropout; classifier trained in full (SEQ_CLS).
    static func peftModel(dropout: Double = 0.1, seed: UInt64 = 42) throws -> PeftModel {
        let config = try LoraConfig(r: 4, loraAlpha: 8, loraDropout: dropout, targetModules: .names(["query", "value"]),
                                    taskType: .sequenceClassification)
        let peft = try getPeftModel(try model(seed: seed), config)
        peft.output = { _ in }
        return peft
    }

    /// `count` rows of 3–12 random token ids (1…99) and a label that depends on the first token (learnable).
    static func dataset(count: Int, seed: UInt64 = 7) throws -> Dataset {
        let generator = RandomGenerator(seed: seed)
        var rows: [Row] = []
        for _ in 0..<count {
            let length = 3 + generator.nextInt(below: 10)
            let ids = (0..<length).map { _ in 1 + generator.nextInt(below: 99) }
            rows.append(Row([("input_ids", .intList(ids)), ("attention_mask", .intList([Int](repeating: 1, count: length))),
                             ("label", .int(ids[0] % 3))]))
        }
        return try Dataset.fromList(rows)
    }

    static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "lorarepl-trainer-\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func quietTrainer(_ trainer: Trainer) -> Trainer {
        trainer.write = { _ in }
        trainer.interrupt = TrainingInterrupt()
        return trainer
    }

    /// The trainable parameters' values by name.
    static func trainableValues(_ model: TrainerModel) -> [String: [Float]] {
        Dictionary(model.trainableParameters().map { ($0.name, $0.tensor.toArray()) }, uniquingKeysWith: { a, _ in a })
    }

    static func arguments(outputDir: String) -> TrainingArguments {
        var args = TrainingArguments()
        args.outputDir = outputDir
        args.learningRate = 1e-2
        args.perDeviceTrainBatchSize = 8
        args.perDeviceEvalBatchSize = 16
        args.loggingSteps = .steps(1)
        args.saveStrategy = .no
        args.disableTqdm = true
        return args
    }
}

/// A callback that runs a closure at each step end (to script interrupts, poison weights, record values).
final class StepHook: TrainerCallback {
    let body: (TrainerState, inout TrainerControl) throws -> Void
    init(_ body: @escaping (TrainerState, inout TrainerControl) throws -> Void) { self.body = body }
    func on(_ event: TrainerEvent, args: TrainingArguments, state: TrainerState, control: inout TrainerControl, payload: LogEntry?) throws {
        guard event == .stepEnd else { return }
        try body(state, &control)
    }
}

/// Bit-for-bit equality of two name → values maps, reported compactly.
func assertSameValues(_ actual: [String: [Float]], _ expected: [String: [Float]], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.keys.sorted(), expected.keys.sorted(), file: file, line: line)
    for (name, values) in expected {
        let other = actual[name] ?? []
        let differing = zip(values, other).filter { $0.bitPattern != $1.bitPattern }.count
        XCTAssertTrue(differing == 0 && other.count == values.count, "\(name): \(differing) of \(values.count) values differ", file: file, line: line)
    }
}
