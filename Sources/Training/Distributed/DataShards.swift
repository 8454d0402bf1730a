/// How the ranks of a data-parallel run share an epoch's batches, as accelerate's `BatchSamplerShard`
/// does for the HF Trainer (`split_batches=False`, `even_batches=True`): the epoch's per-device batches
/// (one shuffled sequence, `BatchSampler`) are dealt out in rounds of `worldSize` — batch `i` goes to
/// rank `i % worldSize` — so rank `r` trains on batches `r, r + N, r + 2N, …`.
///
/// The last round: a round is dealt only when its last batch is full. At the end of the epoch (unless
/// `dataloader_drop_last`), the full batches of the unfinished round go to their ranks, the short last
/// batch is topped up with the first examples of the epoch, and ranks still without a batch get
/// batches cut from those first examples too (repeated as often as needed), so every rank gets the
/// same number of full batches. With `dataloader_drop_last=True` an unfinished round is dropped.
public enum DataShards {
    /// The batches every rank consumes, in deal order (`[i]` goes to rank `i % worldSize`); its count is a
    /// multiple of `worldSize`. With one rank this is `batches` unchanged.
    public static func dealt(_ batches: [[Int]], worldSize: Int, batchSize: Int, dropLast: Bool) -> [[Int]] {
        let ranks = max(1, worldSize)
        guard ranks > 1, !batches.isEmpty else { return batches }
        var out: [[Int]] = []
        var round: [[Int]] = []
        var firstExamples: [Int] = []
        for (index, batch) in batches.enumerated() {
            if !dropLast && index < ranks { firstExamples += batch }
            round.append(batch)
            if index % ranks == ranks - 1 {
                if batch.count == batchSize { out += round }
                round = []
            }
        }
        guard !dropLast else { return out }
        // The unfinished round (or a finished one whose last batch was short).
        let lastIndex = batches.count - 1
        let lastRoundStart = lastIndex - lastIndex % ranks
        let lastRoundComplete = out.count > lastRoundStart
        guard !lastRoundComplete else { return out }
        var pending = Array(batches[lastRoundStart...])
        while firstExamples.count < ranks * batchSize { firstExamples += firstExamples }
        var cursor = 0
        // Full batches of the round keep their place; the short last one is topped up.
        if let short = pending.last, short.count < batchSize {
            let need = batchSize - short.count
            pending[pending.count - 1] = short + firstExamples[cursor..<(cursor + need)]
            cursor += need
        }
        while pending.count < ranks {
            pending.append(Array(firstExamples[cursor..<(cursor + batchSize)]))
            cursor += batchSize
        }
        return out + pending
    }

    /// Rank `rank`'s batches of the epoch: `dealt[rank]`, `dealt[rank + N]`, ….
    public static func batches(forRank rank: Int, of dealt: [[Int]], worldSize: Int) -> [[Int]] {
        stride(from: rank, to: dealt.count, by: max(1, worldSize)).map { dealt[$0] }
    }

    /// Batches per rank per epoch (`len(train_dataloader)` under accelerate) for `batchesPerEpoch`
    /// per-device batches of the whole set.
    public static func batchesPerRank(_ batchesPerEpoch: Int, worldSize: Int, dropLast: Bool) -> Int {
        let ranks = max(1, worldSize)
        return dropLast || batchesPerEpoch % ranks == 0 ? batchesPerEpoch / ranks : batchesPerEpoch / ranks + 1
    }
}
