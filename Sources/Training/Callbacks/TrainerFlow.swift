import PythonBasics
import Foundation

/// The model-free parts of HF's Trainer between optimizer steps: accumulating the loss to log,
/// `_maybe_log_save_evaluate` (log → evaluate, whose `on_evaluate` sees the previous best → best-metric
/// update → save) and `_save_checkpoint` (folder name, best checkpoint, trainer_state.json, rotation).
/// The Trainer supplies the model-specific work as closures.
public enum TrainerFlow {
    /// The training loss summed since the last log (HF's `tr_loss`), with the NaN/inf filter.
    public struct LossAccumulator: Equatable {
        public private(set) var sum = 0.0
        /// `_globalstep_last_logged`.
        public internal(set) var lastLoggedStep = 0
        /// Sum of every logged loss (for `train_loss` at the end).
        public private(set) var totalLoss = 0.0

        public init(lastLoggedStep: Int = 0) { self.lastLoggedStep = lastLoggedStep }

        /// Adds the loss of optimizer step `globalStep` (1-based, the step just completed). With
        /// `nanInfFilter`, a NaN/inf loss is replaced by the mean of the steps since the last log
        /// (HF's `logging_nan_inf_filter`, which divides by `1 + steps done before this one`).
        public mutating func add(loss: Double, globalStep: Int, nanInfFilter: Bool) {
            if nanInfFilter && !loss.isFinite {
                sum += sum / Double(max(1, globalStep - lastLoggedStep))
            } else {
                sum += loss
            }
        }

        /// The mean loss since the last log; resets the running sum.
        mutating func takeMean(globalStep: Int) -> Double {
            let mean = sum / Double(max(1, globalStep - lastLoggedStep))
            totalLoss += sum
            sum = 0
            lastLoggedStep = globalStep
            return mean
        }

        /// `train_loss` of the summary: all losses over all steps.
        public func trainLoss(globalStep: Int) -> Double { (totalLoss + sum) / Double(max(1, globalStep)) }
    }

    /// `Trainer.log`: adds `epoch`, appends `{…, step}` to `log_history`, fires `on_log`.
    public static func log(_ logs: LogEntry, state: inout TrainerState, control: inout TrainerControl,
                           args: TrainingArguments, handler: CallbackHandler) throws -> LogEntry {
        var entry = logs
        if let epoch = state.epoch { entry["epoch"] = .double(epoch) }
        var history = entry
        history["step"] = .int(state.globalStep)
        state.logHistory.append(history)
        try handler.fire(.log, args, state, &control, payload: entry)
        return entry
    }

    /// What the Trainer must provide to `maybeLogSaveEvaluate`.
    public struct Work {
        /// Gradient norm (pre-clip) and learning rate of the last step, for the training log.
        public var gradNorm: Double?
        public var learningRate: Double
        /// Runs the evaluation loop and returns prefixed metrics (`eval_loss`, `eval_accuracy`, …,
        /// `eval_runtime`, …) without `epoch`.
        public var evaluate: () throws -> LogEntry
        /// Writes the model (adapter) files — and unless `save_only_model` the optimizer, scheduler and
        /// RNG state — into the given checkpoint folder (already created).
        public var writeCheckpoint: (String) throws -> Void
        /// False on the ranks of a data-parallel run other than 0: the checkpoint is planned (state,
        /// best checkpoint) but only rank 0 writes and rotates folders.
        public var writesFiles: Bool

        public init(gradNorm: Double?, learningRate: Double, evaluate: @escaping () throws -> LogEntry,
                    writeCheckpoint: @escaping (String) throws -> Void, writesFiles: Bool = true) {
            self.writesFiles = writesFiles
            self.gradNorm = gradNorm
            self.learningRate = learningRate
            self.evaluate = evaluate
            self.writeCheckpoint = writeCheckpoint
        }
    }

    /// What one call did, for the caller to print.
    public struct Outcome: Equatable {
        public var trainingLog: LogEntry? = nil
        public var metrics: LogEntry? = nil
        public var isNewBest = false
        public var checkpoint: String? = nil
        public var deletedCheckpoints: [String] = []
    }

    /// HF's `_maybe_log_save_evaluate`, called after every optimizer step and at each epoch end.
    public static func maybeLogSaveEvaluate(args: TrainingArguments, state: inout TrainerState, control: inout TrainerControl,
                                            handler: CallbackHandler, loss: inout LossAccumulator, work: Work) throws -> Outcome {
        var outcome = Outcome()
        if control.shouldLog && state.globalStep > loss.lastLoggedStep {
            let mean = loss.takeMean(globalStep: state.globalStep)
            outcome.trainingLog = try log(LogFormatting.trainingLog(loss: mean, gradNorm: work.gradNorm, learningRate: work.learningRate,
                                                                    epoch: state.epoch ?? 0).removingEpoch(),
                                          state: &state, control: &control, args: args, handler: handler)
        }
        if control.shouldEvaluate {
            let metrics = try log(try work.evaluate(), state: &state, control: &control, args: args, handler: handler)
            try handler.fire(.evaluate, args, state, &control, payload: metrics)   // callbacks see the previous best here
            outcome.metrics = metrics
            outcome.isNewBest = try state.updateBestMetric(metrics: metrics, args: args)
            if args.saveStrategy == .best { control.shouldSave = outcome.isNewBest }
        }
        if control.shouldSave {
            let saved = try saveCheckpoint(args: args, state: &state, control: control, handler: handler,
                                           isNewBest: outcome.isNewBest, writesFiles: work.writesFiles, write: work.writeCheckpoint)
            outcome.checkpoint = saved.directory
            outcome.deletedCheckpoints = saved.deleted
            try handler.fire(.save, args, state, &control)
        }
        return outcome
    }

    /// HF's `_save_checkpoint`: `output_dir/checkpoint-<step>/`, model files via `write`, then
    /// `best_model_checkpoint`, `stateful_callbacks`, `trainer_state.json` and rotation. The folder is
    /// written as `checkpoint-<step>.tmp/`, flushed, and renamed into place (an existing folder of that
    /// name is replaced), so a process killed mid-save leaves the old checkpoint or the new one, never a mix.
    public static func saveCheckpoint(args: TrainingArguments, state: inout TrainerState, control: TrainerControl,
                                      handler: CallbackHandler, isNewBest: Bool, writesFiles: Bool = true,
                                      write: (String) throws -> Void) throws -> (directory: String, deleted: [String]) {
        let directory = Checkpoints.directory(outputDir: args.outputDir, step: state.globalStep)
        if args.saveStrategy == .best {
            if isNewBest { state.bestModelCheckpoint = directory }
        } else if let best = state.bestGlobalStep {
            let bestDirectory = Checkpoints.directory(outputDir: args.outputDir, step: best)
            if best == state.globalStep || FileManager.default.fileExists(atPath: bestDirectory) { state.bestModelCheckpoint = bestDirectory }
        }
        state.statefulCallbacks = handler.statefulCallbacks(control: control)
        let finalState = state
        guard writesFiles else { return (directory, []) }
        do {
            try PythonBasics.AtomicFile.writeFolder(URL(fileURLWithPath: directory)) { temporary in
                try write(temporary.path)
                try finalState.save(toDirectory: temporary.path)
                FaultInjection.savePoint("checkpoint folder complete, before the rename")
            }
        } catch let failure as AtomicWriteError {
            throw TrainingError(.runtimeError, "cannot write the checkpoint folder '\(directory)': \(failure.reason) (while \(failure.step))",
                                help: "check that output_dir=\(PythonFormat.stringRepr(args.outputDir)) is writable and the disk is not full")
        }
        let deleted = try Checkpoints.rotate(outputDir: args.outputDir, limit: args.saveTotalLimit, bestCheckpoint: state.bestModelCheckpoint)
        return (directory, deleted)
    }

    /// HF's `speed_metrics(split, start_time, num_samples, num_steps)`: `<split>_runtime` (4 decimals),
    /// `<split>_samples_per_second` and `<split>_steps_per_second` (3 decimals).
    public static func speedMetrics(split: String, runtime: Double, samples: Int?, steps: Int?) -> LogEntry {
        var out = LogEntry()
        out["\(split)_runtime"] = .double(round(runtime, 4))
        guard runtime > 0 else { return out }
        if let samples { out["\(split)_samples_per_second"] = .double(round(Double(samples) / runtime, 3)) }
        if let steps { out["\(split)_steps_per_second"] = .double(round(Double(steps) / runtime, 3)) }
        return out
    }

    /// The final `log_history` entry: `{train_runtime, train_samples_per_second, train_steps_per_second,
    /// total_flos, train_loss}` (then `epoch` and `step` are added by `log`).
    public static func trainSummary(runtime: Double, samples: Int, steps: Int, totalFlos: Double, trainLoss: Double) -> LogEntry {
        var out = speedMetrics(split: "train", runtime: runtime, samples: samples, steps: steps)
        out["total_flos"] = .double(totalFlos)
        out["train_loss"] = .double(trainLoss)
        return out
    }

    /// Python's `round(x, digits)` (the exact binary value rounded half-even, as printf does).
    static func round(_ x: Double, _ digits: Int) -> Double {
        Double(String(format: "%.\(digits)f", x)) ?? x
    }
}

extension OrderedRecord where Value == JSONValue {
    /// A copy without `epoch` (which `TrainerFlow.log` adds at the end, where HF puts it).
    func removingEpoch() -> LogEntry {
        var copy = self
        copy["epoch"] = nil
        return copy
    }
}
