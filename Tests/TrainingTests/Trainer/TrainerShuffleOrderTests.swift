import Foundation
import TestSupport
@testable import Training
import XCTest

/// The Trainer visits rows in transformers' order: the batches a transformers 5.25 + accelerate Trainer fed its
/// model, recorded once by scripts/record-trainer-order.py (seed, data_seed, drop_last, gradient accumulation,
/// 2–3 epochs), equal the batches of the Trainer's sampler for the same arguments.
final class TrainerShuffleOrderTests: XCTestCase {
    private struct Case: Decodable {
        let n: Int
        let batch_size: Int
        let epochs: Int
        let seed: Int
        let data_seed: Int?
        let drop_last: Bool?
        let accumulation: Int?
        let batches: [[Int]]
    }

    private struct Record: Decodable { let cases: [Case] }

    private func cases() throws -> [Case] {
        let url = Fixtures.projectRoot.appendingPathComponent("Tests/TrainingTests/Fixtures/trainer-order/orders.json")
        return try JSONDecoder().decode(Record.self, from: Data(contentsOf: url)).cases
    }

    func testTrainerBatchesEqualTransformersTrainer() throws {
        let recorded = try cases()
        XCTAssertEqual(recorded.count, 7)
        for item in recorded {
            var args = TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("order"))
            args.perDeviceTrainBatchSize = item.batch_size
            args.seed = item.seed
            args.dataSeed = item.data_seed
            args.dataloaderDropLast = item.drop_last ?? false
            args.gradientAccumulationSteps = item.accumulation ?? 1
            args.numTrainEpochs = Double(item.epochs)
            let trainer = try Trainer(model: try TinyTraining.model(), args: args, trainDataset: try TinyTraining.dataset(count: item.n))
            let sampler = try trainer.trainSampler(count: item.n)
            let batches = (0..<item.epochs).flatMap { sampler.batches(epoch: $0) }
            XCTAssertEqual(batches, item.batches, "n=\(item.n) batch \(item.batch_size) seed \(item.seed) data_seed \(String(describing: item.data_seed))")
        }
    }

    /// `torch.randperm(n, generator=torch.Generator().manual_seed(s))` (torch 2.x, recorded in the same run:
    /// the seed-42 epochs of the n=64 case are randperm(64) with seeds 42, 43, 44).
    func testTorchGeneratorPermutationIsTorchRandperm() throws {
        let large = try XCTUnwrap(try cases().first { $0.n == 64 })
        for epoch in 0..<3 {
            var generator = TorchGenerator(seed: UInt64(42 + epoch))
            XCTAssertEqual(generator.permutation(64), Array(large.batches[epoch * 8..<(epoch + 1) * 8].joined()))
        }
        var small = TorchGenerator(seed: 42)
        XCTAssertEqual(small.permutation(10), [2, 6, 1, 8, 4, 5, 0, 9, 3, 7])
        var generator = TorchGenerator(seed: 0)
        XCTAssertEqual(generator.permutation(1), [0])
        XCTAssertEqual(generator.permutation(0), [])
    }
}
