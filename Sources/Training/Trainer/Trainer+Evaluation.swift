import Foundation
import Models
import TensorCore

extension Trainer {
    /// The outputs of one pass over a dataset in eval mode without gradients.
    struct EvaluationRun {
        var metrics: LogEntry
        var prediction: EvalPrediction?
        var labels: [Int]?
    }

    /// HF's `evaluation_loop`: eval mode, no autograd, batches of `per_device_eval_batch_size` in order;
    /// `<prefix>_loss` is the batch-size-weighted mean loss; `compute_metrics` sees all logits and labels.
    /// Key order as HF builds it: metrics already prefixed, `<prefix>_loss`, the other metrics
    /// (prefixed), then `<prefix>_runtime`, `_samples_per_second`, `_steps_per_second`.
    /// With `bf16=True` the forward passes use bf16 products, as HF's autocast does in evaluation.
    func evaluationLoop(_ dataset: Dataset, prefix: String) throws -> EvaluationRun {
        try BF16Products.scope(enabled: args.bf16) { try runEvaluationLoop(dataset, prefix: prefix) }
    }

    private func runEvaluationLoop(_ dataset: Dataset, prefix: String) throws -> EvaluationRun {
        try checkColumns(dataset, split: prefix == "test" ? "test" : "evaluation")
        let start = Trainer.now()
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        let batchSize = max(1, args.perDeviceEvalBatchSize)
        var gathered = EvaluationAccumulator()
        var allClassLabels = true
        let batchStarts = Array(stride(from: 0, to: dataset.count, by: batchSize))
        // Data-parallel: batch b is evaluated by rank b % N and the results are gathered back in batch
        // order, so every rank sees what one process computes (same batches, same padding, same sums).
        let group = parallelGroup
        let mine = group.map { g in batchStarts.indices.filter { $0 % g.size == g.rank } } ?? Array(batchStarts.indices)
        var results: [EvaluatedBatch] = []
        var failure: Error? = nil
        do {
            try Autograd.noGrad {
                for index in mine {
                    let first = batchStarts[index]
                    results.append(try evaluateBatch(dataset, indices: Array(first..<min(first + batchSize, dataset.count))))
                    try flow { s, c in try self.callbackHandler.fire(.predictionStep, self.args, s, &c) }
                }
            }
        } catch {
            guard group != nil else { throw error }
            failure = error
        }
        if let group { results = try gatherEvaluated(results, failure: failure, batches: batchStarts.count, group: group) }
        for result in results {
            if result.labels == nil { allClassLabels = false }
            try gathered.add(batchLoss: result.loss, batchSize: result.size, logits: result.logits, width: result.width, labels: result.labels,
                             length: result.length)
        }
        let prediction = allClassLabels ? try gathered.evalPrediction() : gathered.hasTokenBatches ? try gathered.tokenPrediction(width: gathered.width ?? 0) : nil
        var computed: LogEntry? = nil
        if let computeOrderedMetrics, let prediction { computed = try computeOrderedMetrics(prediction) }
        let metrics = gathered.metrics(computed: computed, prefix: prefix, runtime: Trainer.now() - start)
        let logits = try prediction ?? EvalPrediction(predictions: gathered.predictions, count: gathered.examples,
                                                      width: gathered.width ?? 0, labelIds: [Int](repeating: -100, count: gathered.examples))
        return EvaluationRun(metrics: metrics, prediction: logits, labels: prediction?.labelIds)
    }

    /// One evaluation batch's outputs.
    struct EvaluatedBatch {
        var loss: Double?
        var size: Int
        /// `[size, width]` row-major.
        var logits: [Double]
        var width: Int
        var labels: [Int]?
        /// The padded sequence length when the logits are per token (`[size, length, width]`).
        var length: Int? = nil
    }

    func evaluateBatch(_ dataset: Dataset, indices: [Int]) throws -> EvaluatedBatch {
        let batch = try TrainerBatch.make(dataset, indices: indices, collator: dataCollator)
        var batchLoss: Double?
        var output: ModelOutput?
        var overridden: LossStepResult?
        if let computeLoss, batch.labels != nil {
            overridden = try computeLoss(batch.lossStep(model: model, training: false, itemsInBatch: nil))
            batchLoss = Double(try overridden?.loss.item() ?? 0)
        }
        if overridden?.logits == nil {
            output = try model.forward(inputIds: batch.inputIds, attentionMask: batch.attentionMask,
                                       tokenTypeIds: batch.tokenTypeIds, labels: batch.labels)
            if overridden == nil { batchLoss = try output?.loss.map { Double(try $0.item()) } }
        }
        guard let logits = overridden?.logits ?? output?.logits, let width = logits.shape.last else {
            throw TrainingError.value("the model returned no logits to evaluate",
                                      help: "evaluate() and predict() work with task models (e.g. AutoModelForSequenceClassification)")
        }
        if logits.shape.count == 3 {
            // Token classification: one row of logits per token, the labels `[size, length]`.
            var tokenLabels: [Int]? = nil
            if case .classes(let ids)? = batch.labels, ids.count == logits.shape[0] * logits.shape[1] { tokenLabels = ids.values.map(Int.init) }
            return EvaluatedBatch(loss: batchLoss, size: batch.size, logits: logits.toArray().map(Double.init), width: width,
                                  labels: tokenLabels, length: logits.shape[1])
        }
        return EvaluatedBatch(loss: batchLoss, size: batch.size, logits: logits.toArray().map(Double.init), width: width, labels: batch.classLabels)
    }

    /// Every rank's evaluated batches, back in batch order (batch b came from rank b % N). A rank that
    /// failed sends its error and every rank stops, naming it.
    func gatherEvaluated(_ results: [EvaluatedBatch], failure: Error?, batches: Int, group: ProcessGroup) throws -> [EvaluatedBatch] {
        var block = ByteWriter()
        block.bool(failure == nil)
        if let failure {
            block.string(Trainer.describe(failure))
        } else {
            for result in results {
                block.bool(result.loss != nil)
                block.double(result.loss ?? 0)
                block.int(result.size)
                block.int(result.width)
                block.int(result.length ?? -1)
                block.doubles(result.logits)
                block.bool(result.labels != nil)
                block.ints(result.labels ?? [])
            }
        }
        var readers = try group.allGather(block.bytes, what: "evaluation").map(ByteReader.init)
        for rank in readers.indices {
            guard try !readers[rank].bool() else { continue }
            if let failure, rank == group.rank { throw failure }
            throw TrainingError(.runtimeError, "rank \(rank) of \(group.size) failed during evaluation: \(try readers[rank].string())",
                                help: "rank \(rank)'s own message says what to fix; every rank stopped here")
        }
        var out: [EvaluatedBatch] = []
        for b in 0..<batches {
            let source = b % group.size
            let hasLoss = try readers[source].bool()
            let loss = try readers[source].double()
            let size = try readers[source].int()
            let width = try readers[source].int()
            let length = try readers[source].int()
            let logits = try readers[source].doubles()
            let hasLabels = try readers[source].bool()
            let labels = try readers[source].ints()
            out.append(EvaluatedBatch(loss: hasLoss ? loss : nil, size: size, logits: logits, width: width, labels: hasLabels ? labels : nil,
                                      length: length >= 0 ? length : nil))
        }
        return out
    }

    /// `trainer.evaluate(eval_dataset=None, metric_key_prefix="eval")`: metrics (`eval_loss`,
    /// `eval_<metric>`…, runtime, samples/steps per second, `epoch`), logged through `log` (to
    /// `log_history`, printed), and passed to the callbacks' `on_evaluate`.
    @discardableResult
    public func evaluate(evalDataset dataset: Dataset? = nil, metricKeyPrefix prefix: String = "eval") throws -> LogEntry {
        guard let data = dataset ?? evalDataset else {
            throw TrainingError.value("evaluate() needs an evaluation dataset",
                                      help: "pass eval_dataset=… to the Trainer or to evaluate()")
        }
        let run = try evaluationLoop(data, prefix: prefix)
        try log(run.metrics)
        var logged = run.metrics
        if let epoch = state.epoch { logged["epoch"] = .double(epoch) }
        try flow { s, c in try self.callbackHandler.fire(.evaluate, self.args, s, &c, payload: logged) }
        return logged
    }

    /// `trainer.predict(test_dataset, metric_key_prefix="test")`: logits, labels and `test_*` metrics
    /// (not logged; fires `on_predict`).
    public func predict(_ dataset: Dataset, metricKeyPrefix prefix: String = "test") throws -> PredictionOutput {
        let run = try evaluationLoop(dataset, prefix: prefix)
        guard let prediction = run.prediction else {
            throw TrainingError.value("the model returned no logits to predict with",
                                      help: "predict() works with task models (e.g. AutoModelForSequenceClassification)")
        }
        try flow { s, c in try self.callbackHandler.fire(.predict, self.args, s, &c, payload: run.metrics) }
        return PredictionOutput(predictions: prediction, labelIds: run.labels, metrics: run.metrics)
    }
}
