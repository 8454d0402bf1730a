import Foundation
import PEFT
import TensorCore
import TestSupport
@testable import Training
import XCTest

/// `TrainingArguments(bf16=True)`: the frozen weights' products in bf16 during train() and evaluate(),
/// reproducible bit for bit, close to the float32 run, and no bf16 copy left once training returns.
final class TrainerBF16Tests: XCTestCase {
    struct Run {
        let losses: [Double]
        let weights: [String: [Float]]
        let evalLoss: Double
    }

    func run(bf16: Bool) throws -> Run {
        var args = TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("bf16"))
        args.numTrainEpochs = 2
        args.bf16 = bf16
        let data = try TinyTraining.dataset(count: 48)
        let trainer = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(dropout: 0.1), args: args,
                                                            trainDataset: data, evalDataset: data))
        try trainer.train()
        XCTAssertEqual(BF16Products.heldBytes, 0, "the bf16 copies are freed when train() returns")
        let evalLoss = try XCTUnwrap(trainer.evaluate().number("eval_loss"))
        return Run(losses: trainer.logHistory.compactMap { $0.number("loss") }, weights: TinyTraining.trainableValues(trainer.model),
                   evalLoss: evalLoss)
    }

    func testSameSeedSameBitsAndCloseToFloat32() throws {
        let first = try run(bf16: true), second = try run(bf16: true), fp32 = try run(bf16: false)
        XCTAssertEqual(first.losses, second.losses)
        assertSameValues(first.weights, second.weights)
        XCTAssertEqual(first.evalLoss, second.evalLoss)
        XCTAssertNotEqual(first.losses, fp32.losses, "bf16 changed the arithmetic")
        XCTAssertEqual(first.losses.count, fp32.losses.count)
        for (half, full) in zip(first.losses, fp32.losses) { XCTAssertEqual(half, full, accuracy: 0.02 * abs(full) + 1e-3) }
        XCTAssertEqual(first.evalLoss, fp32.evalLoss, accuracy: 0.02 * abs(fp32.evalLoss))
    }

    func testBF16IsAcceptedWithoutTheIgnoredWarning() throws {
        let (args, warnings) = try TrainingArguments.parse(keywords: [("output_dir", .string("out")), ("bf16", .bool(true))])
        XCTAssertTrue(args.bf16)
        if BF16Products.isNative {
            XCTAssertEqual(warnings.map(\.message), [])
        } else {
            XCTAssertEqual(warnings.count, 1)
            XCTAssertTrue(warnings.first?.message.contains("AVX512_BF16") ?? false)
        }
    }
}
