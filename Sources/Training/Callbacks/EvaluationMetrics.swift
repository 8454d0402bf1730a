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

    /// Adds one batch: its mean loss (if labels were given), logits `[batchSize, width]` and labels.
    public mutating func add(batchLoss: Double?, batchSize: Int, logits: [Double], width: Int, labels: [Int]?) throws {
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
        guard let width, labelIds.count == examples, examples > 0 else { return nil }
        return try EvalPrediction(predictions: predictions, count: examples, width: width, labelIds: labelIds)
    }

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
