/// Splits `0..<count` into batches of indices: shuffled per epoch with a seed or in order, with or without
/// the last partial batch. The default generator gives transformers' Trainer order exactly: accelerate's
/// `SeedableRandomSampler` draws epoch `e` as `torch.randperm(count)` from a torch generator seeded with
/// `seed + e` (the seed being `data_seed or seed`).
public struct BatchSampler {
    public let count: Int
    public let batchSize: Int
    public let shuffle: Bool
    public let seed: UInt64
    public let dropLast: Bool
    private let generatorType: any SeededGenerator.Type

    public init(count: Int, batchSize: Int, shuffle: Bool, seed: UInt64 = 42, dropLast: Bool = false,
                generator: any SeededGenerator.Type = TorchGenerator.self) throws {
        guard batchSize > 0 else {
            throw TrainingError.value("batch size must be at least 1 (got \(batchSize))", help: "per_device_train_batch_size=8 is the usual default")
        }
        self.count = count
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
        self.generatorType = generator
    }

    /// Batches per epoch (`len(dataloader)`).
    public var batchesPerEpoch: Int { dropLast ? count / batchSize : (count + batchSize - 1) / batchSize }

    /// The row order of one epoch (0-based), deterministic for a seed.
    public func order(epoch: Int) -> [Int] {
        guard shuffle else { return Array(0..<count) }
        var generator = generatorType.init(seed: seed &+ UInt64(max(0, epoch)))
        return generator.permutation(count)
    }

    /// The batches of one epoch.
    public func batches(epoch: Int) -> [[Int]] {
        let indices = order(epoch: epoch)
        var out: [[Int]] = []
        out.reserveCapacity(batchesPerEpoch)
        var start = 0
        while start < indices.count {
            let end = min(start + batchSize, indices.count)
            if end - start < batchSize && dropLast { break }
            out.append(Array(indices[start..<end]))
            start = end
        }
        return out
    }
}
