/// Gathers an evaluation loop's outputs batch by batch and assembles the metrics dict in HF's key order.
public struct EvaluationAccumulator {
    /// `[examples, width]` row-major logits gathered so far.
    public private(set) var predictions: [Double] = []
    public private(set) var labelIds: [Int] = []
    public private(set) var width: Int? = nil
    public private(set) var examples = 0
    public private(set) var batches = 0
    private var lossSum = 0.0
    private var lossCount = 0

    public init() {}

    /// Per-token batches (`length` = the batch's padded sequence length), kept apart until `evalPrediction`
    /// pads them all to the longest with −100, as HF's `nested_concat` does.
    private var tokenBatches: [(length: Int, logits: [Double], labels: [Int]?)] = []

    /// Adds one batch: its mean loss (if labels were given), logits `[batchSize, width]` (or
    /// `[batchSize, length, width]` for token classification) and labels (`[batchSize]` or `[batchSize, length]`).
    public mutating func add(batchLoss: Double?, batchSize: Int, logits: [Double], width: Int, labels: [Int]?, length: Int? = nil) throws {
        if let length {
            guard logits.count == batchSize * length * width, labels.map({ $0.count == batchSize * length }) ?? true else {
                throw TrainingError.value("the batch has \(logits.count) logits, not \(batchSize) × \(length) × \(width)")
            }
            if let known = self.width, known != width {
                throw TrainingError.value("evaluation batches disagree on the number of outputs (\(known) then \(width))")
            }
            self.width = width
            tokenBatches.append((length, logits, labels))
            if let batchLoss { lossSum += batchLoss * Double(batchSize); lossCount += batchSize }
            examples += batchSize
            batches += 1
            return
        }
        guard logits.count == batchSize * width else {
            throw TrainingError.value("the batch has \(logits.count) logits, not \(batchSize) × \(width)")
        }
        if let known = self.width, known != width {
            throw TrainingError.value("evaluation batches disagree on the number of outputs (\(known) then \(width))")
        }
        self.width = width
        predictions += logits
        if let labels {
            guard labels.count == batchSize else { throw TrainingError.value("\(labels.count) labels for a batch of \(batchSize)") }
            labelIds += labels
        }
        // HF repeats each batch's mean loss batch_size times and averages: a per-example mean.
        if let batchLoss { lossSum += batchLoss * Double(batchSize); lossCount += batchSize }
        examples += batchSize
        batches += 1
    }

    /// The loss averaged over examples, or nil when no batch had labels.
    public var meanLoss: Double? { lossCount > 0 ? lossSum / Double(lossCount) : nil }

    /// What `compute_metrics` receives, or nil without labels.
    public func evalPrediction() throws -> EvalPrediction? {
        if !tokenBatches.isEmpty {
            guard let width, tokenBatches.allSatisfy({ $0.labels != nil }) else { return nil }
            return try tokenPrediction(width: width)
        }
        guard let width, labelIds.count == examples, examples > 0 else { return nil }
        return try EvalPrediction(predictions: predictions, count: examples, width: width, labelIds: labelIds)
    }

    /// Token batches padded to the longest sequence: logits `[examples, T, width]` and labels `[examples, T]`,
    /// both padded with −100 (labels −100 where there is no label, as the loss ignores them).
    public func tokenPrediction(width: Int) throws -> EvalPrediction {
        let longest = tokenBatches.map(\.length).max() ?? 0
        var logits: [Double] = []
        var labels: [Int] = []
        logits.reserveCapacity(examples * longest * width)
        for batch in tokenBatches {
            let rows = batch.length == 0 ? 0 : batch.logits.count / (batch.length * width)
            for r in 0..<rows {
                logits += batch.logits[(r * batch.length * width)..<((r + 1) * batch.length * width)]
                logits += [Double](repeating: -100, count: (longest - batch.length) * width)
                // Rows without labels (question answering, predict on unlabelled data) get -100 throughout.
                labels += batch.labels.map { Array($0[(r * batch.length)..<((r + 1) * batch.length)]) }
                    ?? [Int](repeating: -100, count: batch.length)
                labels += [Int](repeating: -100, count: longest - batch.length)
            }
        }
        return try EvalPrediction(predictions: logits, count: examples, width: width, labelIds: labels, sequenceLength: longest)
    }

    /// The gathered logits of a token model (labels or not).
    public var hasTokenBatches: Bool { !tokenBatches.isEmpty }

    /// The metrics of `evaluate()` / `predict()` in HF's order: `<prefix>_loss`, then the
    /// `compute_metrics` results prefixed (`accuracy` → `eval_accuracy`, in their order), then
    /// `<prefix>_runtime`, `<prefix>_samples_per_second`, `<prefix>_steps_per_second`.
    public func metrics(computed: LogEntry?, prefix: String = "eval", runtime: Double) -> LogEntry {
        var out = LogEntry()
        var pending = computed ?? LogEntry()
        if let loss = meanLoss { pending["\(prefix)_loss"] = .double(loss) }
        // HF pops every unprefixed key and re-inserts it prefixed at the end.
        let alreadyPrefixed = pending.keys.filter { $0.hasPrefix(prefix + "_") }
        for key in alreadyPrefixed { out[key] = pending[key] }
        for key in pending.keys where !key.hasPrefix(prefix + "_") { out["\(prefix)_\(key)"] = pending[key] }
        for (key, value) in TrainerFlow.speedMetrics(split: prefix, runtime: runtime, samples: examples, steps: batches) {
            out[key] = value
        }
        return out
    }
}
