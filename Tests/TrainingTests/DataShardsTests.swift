import XCTest
@testable import Training

/// The ranks' share of an epoch equals accelerate's `BatchSamplerShard` (split_batches=False,
/// even_batches=True). Expected shards recorded from accelerate 1.16 with
/// `BatchSamplerShard(BatchSampler(range(n), b, drop_last), N, r)` for each rank r.
final class DataShardsTests: XCTestCase {
    private func shards(_ n: Int, batch: Int, ranks: Int, dropLast: Bool) -> [[[Int]]] {
        var batches: [[Int]] = []
        var start = 0
        while start < n {
            let end = min(start + batch, n)
            if end - start < batch && dropLast { break }
            batches.append(Array(start..<end))
            start = end
        }
        let dealt = DataShards.dealt(batches, worldSize: ranks, batchSize: batch, dropLast: dropLast)
        return (0..<ranks).map { DataShards.batches(forRank: $0, of: dealt, worldSize: ranks) }
    }

    func testSharesMatchAccelerate() {
        XCTAssertEqual(shards(24, batch: 4, ranks: 2, dropLast: false),
                       [[[0, 1, 2, 3], [8, 9, 10, 11], [16, 17, 18, 19]], [[4, 5, 6, 7], [12, 13, 14, 15], [20, 21, 22, 23]]])
        XCTAssertEqual(shards(22, batch: 4, ranks: 2, dropLast: false),
                       [[[0, 1, 2, 3], [8, 9, 10, 11], [16, 17, 18, 19]], [[4, 5, 6, 7], [12, 13, 14, 15], [20, 21, 0, 1]]])
        XCTAssertEqual(shards(21, batch: 4, ranks: 2, dropLast: false),
                       [[[0, 1, 2, 3], [8, 9, 10, 11], [16, 17, 18, 19]], [[4, 5, 6, 7], [12, 13, 14, 15], [20, 0, 1, 2]]])
        XCTAssertEqual(shards(20, batch: 4, ranks: 3, dropLast: false),
                       [[[0, 1, 2, 3], [12, 13, 14, 15]], [[4, 5, 6, 7], [16, 17, 18, 19]], [[8, 9, 10, 11], [0, 1, 2, 3]]])
        XCTAssertEqual(shards(5, batch: 4, ranks: 2, dropLast: false), [[[0, 1, 2, 3]], [[4, 0, 1, 2]]])
        XCTAssertEqual(shards(3, batch: 4, ranks: 3, dropLast: false), [[[0, 1, 2, 0]], [[1, 2, 0, 1]], [[2, 0, 1, 2]]])
        XCTAssertEqual(shards(22, batch: 4, ranks: 2, dropLast: true), [[[0, 1, 2, 3], [8, 9, 10, 11]], [[4, 5, 6, 7], [12, 13, 14, 15]]])
        XCTAssertEqual(shards(21, batch: 4, ranks: 3, dropLast: true), [[[0, 1, 2, 3]], [[4, 5, 6, 7]], [[8, 9, 10, 11]]])
        XCTAssertEqual(shards(10, batch: 3, ranks: 4, dropLast: false), [[[0, 1, 2]], [[3, 4, 5]], [[6, 7, 8]], [[9, 0, 1]]])
    }

    func testOneRankKeepsTheBatches() {
        XCTAssertEqual(shards(10, batch: 4, ranks: 1, dropLast: false), [[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]])
    }

    /// `len(train_dataloader)` per rank and the plan's totals for N ranks.
    func testPlanCountsEachRanksShare() throws {
        var args = TrainingArguments()
        args.perDeviceTrainBatchSize = 4
        args.gradientAccumulationSteps = 1
        args.numTrainEpochs = 2
        let plan = try TrainingPlan(arguments: args, trainExamples: 22, worldSize: 2)
        XCTAssertEqual(plan.batchesPerEpoch, 3)
        XCTAssertEqual(plan.maxSteps, 6)
        XCTAssertEqual(plan.totalTrainBatchSize, 8)
        for (n, ranks, dropLast) in [(24, 2, false), (22, 2, false), (21, 2, false), (20, 3, false), (5, 2, false), (3, 3, false),
                                     (22, 2, true), (21, 3, true), (10, 4, false)] {
            let batch = n == 10 ? 3 : 4
            let batches = dropLast ? n / batch : (n + batch - 1) / batch
            XCTAssertEqual(DataShards.batchesPerRank(batches, worldSize: ranks, dropLast: dropLast),
                           shards(n, batch: batch, ranks: ranks, dropLast: dropLast)[0].count, "n=\(n) ranks=\(ranks)")
        }
    }

    func testLaunchEnvironmentReadsOpenMPIAndPMI() {
        XCTAssertNil(LaunchEnvironment.detect([:]))
        XCTAssertEqual(LaunchEnvironment.detect(["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_RANK": "2", "OMPI_COMM_WORLD_LOCAL_RANK": "0"]),
                       LaunchEnvironment(worldSize: 4, rank: 2, localRank: 0))
        XCTAssertEqual(LaunchEnvironment.detect(["PMI_SIZE": "2", "PMI_RANK": "1"]), LaunchEnvironment(worldSize: 2, rank: 1, localRank: 1))
    }

    func testByteBlocksRoundTripAndRejectTruncation() throws {
        var writer = ByteWriter()
        writer.bool(true); writer.int(-7); writer.double(0.1); writer.string("rank 1 ✓"); writer.floats([1.5, -0.0, .nan])
        var reader = ByteReader(writer.bytes)
        XCTAssertEqual(try reader.bool(), true)
        XCTAssertEqual(try reader.int(), -7)
        XCTAssertEqual(try reader.double(), 0.1)
        XCTAssertEqual(try reader.string(), "rank 1 ✓")
        let floats = try reader.floats()
        XCTAssertEqual(floats.map(\.bitPattern), [Float(1.5), -0.0, .nan].map(\.bitPattern))
        var short = ByteReader(Array(writer.bytes.prefix(5)))
        _ = try short.bool()
        XCTAssertThrowsError(try short.int())
    }
}
