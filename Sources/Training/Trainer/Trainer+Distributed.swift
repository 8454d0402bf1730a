import Foundation
import Models
import PythonBasics
import TensorCore

/// Data-parallel training over a `ProcessGroup` (Open MPI under `mpirun`), built so that N ranks
/// with `gradient_accumulation_steps = k` compute **bit-identically** what one process computes with
/// `gradient_accumulation_steps = N·k` on the same (dealt, `DataShards`) batch sequence:
///
/// * the optimizer step's batches, in single-process order, are the dealt batches of the step:
///   position `q = t·N + r` is rank `r`'s `t`-th local batch;
/// * every batch's loss is scaled by `1/(N·k)` before backward, as the single process scales by its
///   accumulation count;
/// * the dropout stream is positioned as the single process would have it: each forward draws the
///   same number D of seeds (one per dropout call), so batch `q` starts `q·D` draws after the step's
///   start and every rank ends the step `N·k·D` draws on;
/// * each batch's gradient is exchanged separately (an all-gather) and every rank adds them in the
///   order `q = 0, 1, …` exactly as `backward()` accumulates into `.grad` — so every rank holds the
///   same gradients, takes the same AdamW step, and stays identical to the single process.
///
/// The same all-gather carries a failure: a rank whose step raised sends its error instead, and every
/// rank stops at that step boundary naming the rank.
extension Trainer {
    /// The process group when more than one rank trains together; nil in a single process.
    var parallelGroup: ProcessGroup? {
        guard let group = processGroup, group.size > 1 else { return nil }
        return group
    }

    /// HF's `trainer.is_world_process_zero()`: true on rank 0 (and in a single process).
    public var isWorldProcessZero: Bool { (processGroup?.rank ?? 0) == 0 }

    /// The dropout positions of one run: D seeds drawn per forward pass.
    struct DropoutStride {
        let drawsPerBatch: Int
    }

    /// Counts the seeds one forward pass in train mode draws (one per dropout call with p > 0) on a
    /// one-row batch, leaving the generator where it was.
    func measureDropoutStride(_ dataset: Dataset) throws -> DropoutStride {
        let generator = model.network.randomness.generator
        let before = generator.state
        let batch = try TrainerBatch.make(dataset, indices: [0], collator: dataCollator)
        // The same path as a training batch (a `compute_loss` override checks that its loss has a graph);
        // the graph is dropped unused.
        if let computeLoss, batch.labels != nil {
            _ = try computeLoss(batch.lossStep(model: model, training: true, itemsInBatch: batch.size))
        } else {
            _ = try model.forward(inputIds: batch.inputIds, attentionMask: batch.attentionMask,
                                  tokenTypeIds: batch.tokenTypeIds, labels: batch.labels)
        }
        let after = generator.state
        try generator.restore(before)
        guard let draws = Trainer.draws(from: before, to: after, limit: 1_000_000) else {
            throw TrainingError(.runtimeError, "could not measure how many random seeds one training batch draws",
                                help: "data-parallel training needs a model whose dropout draws a fixed number of seeds per batch")
        }
        return DropoutStride(drawsPerBatch: draws)
    }

    /// The number of `next()` calls that take a generator from `before` to `after` (nil past `limit`).
    static func draws(from before: RandomGenerator.State, to after: RandomGenerator.State, limit: Int) -> Int? {
        let probe = RandomGenerator(seed: 0)
        guard (try? probe.restore(before)) != nil else { return nil }
        var count = 0
        while probe.state != after {
            guard count < limit else { return nil }
            _ = probe.next()
            count += 1
        }
        return count
    }

    static func advance(_ generator: RandomGenerator, by draws: Int) {
        for _ in 0..<max(0, draws) { _ = generator.next() }
    }

    /// One optimizer step's forward and backward on this rank's `local` batches (the dealt batches
    /// `stepStart·N ..< stepEnd·N` of the epoch), then the exchange and the ordered sum. Returns the
    /// step loss (the single process's sum of the micro-batch values `training_step` returned, in order q).
    func accumulateGradientsParallel(dealt: [[Int]], localRange: Range<Int>, group: ProcessGroup, dataset: Dataset,
                                     run: Run, gas: Int, stride: DropoutStride) throws -> Double {
        let ranks = group.size, rank = group.rank
        let equivalentGas = gas * ranks
        let perRank = localRange.count
        let stepBatches = Array(dealt[(localRange.lowerBound * ranks)..<(localRange.upperBound * ranks)])
        let generator = model.network.randomness.generator
        let stepStart = generator.state
        var block = ByteWriter()
        var ownError: Error? = nil
        do {
            // The labels of the whole step (every rank's micro-batches), as one process counts them.
            let itemsInBatch = try stepBatches.reduce(0) { $0 + (try TrainerBatch.make(dataset, indices: $1, collator: dataCollator)).countedLabels }
            currentGradientAccumulationSteps = stepBatches.count
            var records = ByteWriter()
            try generator.restore(stepStart)
            var position = 0
            for local in 0..<perRank {
                let q = local * ranks + rank
                Trainer.advance(generator, by: q * stride.drawsPerBatch - position)
                position = q * stride.drawsPerBatch
                let before = generator.state
                let batch = try TrainerBatch.make(dataset, indices: stepBatches[q], collator: dataCollator)
                let value = try microBatchStep(batch, itemsInBatch: itemsInBatch)
                guard Trainer.draws(from: before, to: generator.state, limit: stride.drawsPerBatch) == stride.drawsPerBatch else {
                    throw TrainingError(.runtimeError, "a training batch drew a different number of dropout seeds than the first one (\(stride.drawsPerBatch))",
                                        help: "data-parallel training needs a fixed number of dropout calls per forward pass")
                }
                position += stride.drawsPerBatch
                records.double(value)
                records.int(batch.tokenCount)
                for parameter in run.parameters {
                    if let grad = parameter.grad {
                        records.bool(true)
                        try grad.withUnsafeBufferPointer { records.floats($0) }
                    } else {
                        records.bool(false)
                    }
                }
                zeroModelGradients()
            }
            block.bool(true)
            block = Trainer.joined(block, records)
        } catch {
            ownError = error
            zeroModelGradients()
            block = ByteWriter()
            block.bool(false)
            block.string(Trainer.describe(error))
        }
        let blocks = try group.allGather(block.bytes, what: "gradient")
        var readers = blocks.map(ByteReader.init)
        var failures: [(rank: Int, message: String)] = []
        for index in readers.indices {
            if try !readers[index].bool() { failures.append((index, try readers[index].string())) }
        }
        // Every rank leaves the step with the stream where the single process would be.
        try generator.restore(stepStart)
        Trainer.advance(generator, by: stepBatches.count * stride.drawsPerBatch)
        if let first = failures.first {
            zeroModelGradients()
            if let ownError, first.rank == rank { throw ownError }
            throw TrainingError(.runtimeError, "rank \(first.rank) of \(ranks) stopped at step \(state.globalStep + 1): \(first.message)",
                                notes: failures.count > 1 ? ["ranks that failed: " + failures.map { String($0.rank) }.joined(separator: ", ")] : [],
                                help: "rank \(first.rank)'s own message above says what to fix; every rank stopped at the same step")
        }
        var stepLoss = 0.0
        for q in 0..<stepBatches.count {
            let value = try readers[q % ranks].double()
            let tokens = try readers[q % ranks].int()
            stepLoss += value
            state.totalFlos += run.flopsPerToken * Double(tokens)
            for parameter in run.parameters {
                guard try readers[q % ranks].bool() else { continue }
                let values = try readers[q % ranks].floats()
                guard values.count == parameter.count else {
                    throw TrainingError(.runtimeError, "rank \(q % ranks) sent \(values.count) gradient values for a parameter of \(parameter.count)",
                                        help: "every rank must build the same model with the same adapter")
                }
                if let existing = parameter.grad {
                    try existing.withUnsafeMutableBufferPointer { target in
                        for index in 0..<values.count { target[index] += values[index] }
                    }
                } else {
                    parameter.grad = try Tensor(shape: parameter.shape, values: values)
                }
            }
        }
        return stepLoss
    }

    static func joined(_ head: ByteWriter, _ tail: ByteWriter) -> ByteWriter {
        var out = head
        out.raw(tail.bytes)
        return out
    }

    /// `ValueError: message` for an error crossing to the other ranks.
    static func describe(_ error: Error) -> String {
        if let error = error as? any PythonError { return "\(error.exceptionType.rawValue): \(error.exceptionMessage)" }
        return String(describing: error)
    }

    /// After a step's (or an epoch's) log/evaluate/save: rank 0's decisions (stop, best model) become
    /// every rank's, and an interrupt on any rank stops them all. Returns whether to stop for an interrupt.
    func synchronizeDecisions(_ group: ProcessGroup, interruptedHere: Bool) throws -> Bool {
        var block = ByteWriter()
        block.bool(interruptedHere)
        block.bool(control.shouldTrainingStop)
        block.bool(control.shouldEpochStop)
        block.bool(state.bestMetric != nil)
        block.double(state.bestMetric ?? 0)
        block.int(state.bestGlobalStep ?? -1)
        block.string(state.bestModelCheckpoint ?? "")
        let blocks = try group.allGather(block.bytes, what: "step decision")
        var anyInterrupt = false
        for (index, bytes) in blocks.enumerated() {
            var reader = ByteReader(bytes)
            if try reader.bool() { anyInterrupt = true }
            guard index == 0 else { continue }
            control.shouldTrainingStop = try reader.bool()
            control.shouldEpochStop = try reader.bool()
            let hasBest = try reader.bool()
            let best = try reader.double()
            state.bestMetric = hasBest ? best : nil
            let bestStep = try reader.int()
            state.bestGlobalStep = bestStep >= 0 ? bestStep : nil
            let checkpoint = try reader.string()
            state.bestModelCheckpoint = checkpoint.isEmpty ? nil : checkpoint
        }
        return anyInterrupt
    }

    /// Rank 0's values of `parameters` copied to every rank (after rank 0 loaded the best checkpoint).
    func broadcastParameters(_ parameters: [Tensor], group: ProcessGroup) throws {
        var block = ByteWriter()
        if group.rank == 0 { for parameter in parameters { block.floats(parameter.toArray()) } }
        let bytes = try group.broadcastFromZero(block.bytes, what: "best model")
        var reader = ByteReader(bytes)
        for parameter in parameters {
            let values = try reader.floats()
            if group.rank != 0 { try parameter.assign(values) }
        }
    }
}
