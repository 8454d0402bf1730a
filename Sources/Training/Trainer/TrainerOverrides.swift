import Models
import TensorCore

/// The Trainer methods a subclass (a script's `class MyTrainer(Trainer)`) overrides, called where HF's
/// Trainer calls its own methods. Each default is a public Trainer method, which is what the
/// override's `super().…` reaches.
public struct TrainerOverrides {
    /// `training_step(model, inputs, num_items_in_batch)` for one micro-batch (forward, loss, backward);
    /// returns the loss value added to the logged loss. Default: `Trainer.trainingStep(_:)`.
    public var trainingStep: ((LossStep) throws -> Double)?
    /// `evaluate()` as the training loop calls it (HF's `_evaluate`); returns the metrics.
    /// Default: `Trainer.evaluate()`.
    public var evaluate: (() throws -> LogEntry)?
    /// `log(logs)`: every training log, evaluation result and the run summary pass through it.
    /// Default: `Trainer.defaultLog(_:)`.
    public var log: ((LogEntry) throws -> Void)?

    public init() {}
}

/// An optimizer and learning-rate schedule the Trainer steps instead of its own AdamW and curve
/// (`Trainer(optimizers=(opt, sched))` or a `create_optimizer` override). Per optimizer step the Trainer
/// clips the model's gradients, fires `on_pre_optimizer_step`, calls `step()`, fires `on_optimizer_step`,
/// reads `lastLearningRate()` (what it logs), calls `schedulerStep()` and zeroes the model's gradients —
/// HF's order.
public protocol ExternalOptimizer: AnyObject {
    func step() throws
    /// `lr_scheduler.get_last_lr()[0]`: the rate of the step just taken.
    func lastLearningRate() throws -> Double
    func schedulerStep() throws
    /// Writes the optimizer's and scheduler's state into a checkpoint folder (HF saves `optimizer.pt` and
    /// `scheduler.pt`; lorarepl writes `optimizer.safetensors`, `optimizer.json` and `scheduler.json`).
    func save(to directory: String) throws
    /// Restores what `save(to:)` wrote, for `resume_from_checkpoint`.
    func load(from directory: String) throws
}

extension Trainer {
    /// HF's `training_step` for one micro-batch: the loss (a `compute_loss` override's, or the model's),
    /// scaled for gradient accumulation as transformers 5 does, then backward. Returns the scaled loss
    /// value (what HF adds to `tr_loss`).
    ///
    /// transformers 5.25 passes `num_items_in_batch` (the labels of the whole optimizer step that count,
    /// shifted by one for causal LM) to every model whose forward takes `**kwargs` — all lorarepl's
    /// models — and then does **not** divide the loss by `gradient_accumulation_steps`
    /// (`loss_is_scaled_for_ga`). A causal LM normalises its token loss by that count, so the step's
    /// gradient is the token mean over all micro-batches; a sequence classifier's cross-entropy ignores
    /// the count, so its micro-batch means are summed (the logged loss with 2 accumulation steps is about
    /// twice the loss without). A `compute_loss` override's loss is used as returned. A subclass
    /// setting `loss_is_scaled_for_ga = False` (`lossIsScaledForGA`) gets the loss divided by the
    /// micro-batches of the step instead.
    public func trainingStep(_ step: LossStep) throws -> Double {
        model.train()
        var loss: Tensor
        if let computeLoss {
            loss = try computeLoss(step).loss
        } else {
            let output = try step.forward()
            guard let modelLoss = output.loss else {
                throw TrainingError.value("the model returned no loss for a labelled batch")
            }
            loss = modelLoss
            if case .classes(let ids)? = step.labels, ids.shape.count == 2, let total = step.itemsInBatch, total > 0 {
                // A causal LM's loss with num_items_in_batch: the sum of this batch's token losses / the step's count.
                let counted = LossStep.countedLabels(step.labels)
                loss = loss * (Float(counted) / Float(total))
            }
        }
        if lossIsScaledForGA == false, currentGradientAccumulationSteps > 1 {
            loss = loss * (1 / Float(currentGradientAccumulationSteps))
        }
        let value = Double(try loss.item())
        try checkMicroBatchLoss(value)
        try loss.backward()
        return value
    }

    /// A NaN or infinite loss stops training before the step changes anything.
    func checkMicroBatchLoss(_ value: Double) throws {
        guard !value.isFinite else { return }
        zeroModelGradients()
        try TrainerFlow.checkLoss(value, step: state.globalStep + 1,
                                  learningRate: currentRun.map { $0.curve.learningRate(atGlobalStep: state.globalStep + 1) } ?? args.learningRate,
                                  adamEpsilon: args.adamEpsilon)
    }

    func zeroModelGradients() {
        for parameter in model.trainableParameters() { parameter.tensor.zeroGrad() }
    }

    /// `self.log(logs)`: through a subclass's override when there is one.
    func log(_ logs: LogEntry) throws {
        if let override = overrides.log { try override(logs) } else { _ = try defaultLog(logs) }
    }

    /// HF's `Trainer.log`: adds `epoch`, appends `{…, step}` to `log_history`, fires `on_log` and prints
    /// the console line. Returns the entry with `epoch`.
    @discardableResult
    public func defaultLog(_ logs: LogEntry) throws -> LogEntry {
        let entry = try flow { s, c in try TrainerFlow.log(logs, state: &s, control: &c, args: self.args, handler: self.callbackHandler) }
        say(LogFormatting.consoleLine(entry), progress: currentProgress)
        return entry
    }
}
