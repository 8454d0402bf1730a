import Foundation
import Models
import PEFT
import TensorCore
import Tokenizers

/// `transformers.Trainer` for lorarepl: trains a PEFT-wrapped or plain task model with AdamW (two
/// parameter groups), HF's learning-rate schedules, gradient clipping and accumulation; evaluates,
/// logs, saves `checkpoint-<step>/` folders, stops early, resumes bit-identically, and reloads the
/// best adapter. See docs/training.md ("The Trainer").
public final class Trainer {
    public let model: TrainerModel
    /// The validated arguments (derived defaults filled in).
    public private(set) var args: TrainingArguments
    public var trainDataset: Dataset?
    public var evalDataset: Dataset?
    /// `tokenizer` / `processing_class`: saved with checkpoints and `save_model`, pads batches.
    public let tokenizer: (any Tokenizer)?
    public var dataCollator: DataCollatorWithPadding
    /// `compute_metrics` returning metrics in order (a script's dict); keys get the `eval_`/`test_` prefix.
    public var computeOrderedMetrics: ((EvalPrediction) throws -> LogEntry)?
    /// A replacement for the model's loss in every training and evaluation step (a script's
    /// `compute_loss` override); nil uses the loss the model computes from the labels.
    public var computeLoss: ((LossStep) throws -> LossStepResult)?
    /// A subclass's `training_step`, `evaluate` and `log` (nil fields use the Trainer's own).
    public var overrides = TrainerOverrides()
    /// HF's `loss_is_scaled_for_ga`: nil is transformers' default for lorarepl's models (the loss is not
    /// divided by the accumulation steps, see `trainingStep(_:)`); false divides it.
    public var lossIsScaledForGA: Bool? = nil
    /// Builds the script's optimizer and schedule when training starts (`optimizers=(opt, sched)` or a
    /// `create_optimizer` override), given the run's total optimizer steps and warmup steps; nil uses the
    /// built-in AdamW with two parameter groups and the `lr_scheduler_type` curve.
    public var makeOptimizer: ((_ maxSteps: Int, _ warmupSteps: Int) throws -> ExternalOptimizer)?
    /// HF's `current_gradient_accumulation_steps`: micro-batches in the optimizer step being computed.
    public internal(set) var currentGradientAccumulationSteps = 1
    var currentProgress: ProgressReporter?
    var currentRun: Run?
    /// True while `train()` runs (an override's `super().evaluate()` is then part of the loop).
    public var isTraining: Bool { currentRun != nil }
    /// Calls the callbacks (`DefaultFlowCallback` first, then the user's).
    public let callbackHandler: CallbackHandler
    /// `trainer.state` (global step, epoch, best metric, `log_history`).
    public internal(set) var state = TrainerState()
    /// `trainer.control` between calls.
    public internal(set) var control = TrainerControl()
    /// Warnings about the arguments and callbacks (printed once when training starts).
    public private(set) var warnings: [TrainingWarning]
    /// The stop flag checked at every step boundary (the Trainer's own unless replaced; the bindings give
    /// every Trainer of a session that session's flag).
    public var interrupt = TrainingInterrupt()
    /// How the script calls this trainer (its variable's name), for the resume hint after an interrupt.
    public var scriptName = "trainer"
    /// Where text goes (log lines, progress, notes); newlines included. Standard output by default.
    public var write: (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
    /// The progress display; nil picks a redrawn line on a terminal and plain lines otherwise.
    /// `disable_tqdm=True` turns it off (log lines are still printed).
    public var progressMode: ProgressReporter.Mode? = nil
    /// Where the progress bar goes when not `write` (a script's stderr, as tqdm's; log lines stay on `write`).
    public var progressWrite: ((String) -> Void)? = nil
    /// Where the trainer's own warnings go when not `write` (a script's stderr, as transformers' logging).
    public var warningWrite: ((String) -> Void)? = nil
    /// In the REPL: terminal frames go to `display` (shown, not recorded) and the notebook form every
    /// `every` steps to `recorded` (recorded, not shown), so a saved session replays.
    public var liveProgress: (display: (String) -> Void, recorded: (String) -> Void, every: Int)? = nil
    var warningsPrinted = false
    /// The ranks training together (`mpirun -np N`): the job's MPI world when launched with more than
    /// one rank, nil in a single process. Only rank 0 prints, shows progress and writes files; see
    /// docs/distributed.md.
    public var processGroup: ProcessGroup?

    /// `Trainer(model, args, train_dataset, eval_dataset, processing_class, data_collator,
    /// compute_metrics, callbacks)`. Validates the arguments up front (one clear message per problem)
    /// and seeds the model's random stream (dropout) with `args.seed`, like HF's `set_seed`.
    public init(model: TrainerModel, args: TrainingArguments = TrainingArguments(), trainDataset: Dataset? = nil,
                evalDataset: Dataset? = nil, tokenizer: (any Tokenizer)? = nil, dataCollator: DataCollatorWithPadding? = nil,
                computeMetrics: ((EvalPrediction) throws -> [String: Double])? = nil, callbacks: [TrainerCallback] = []) throws {
        var checked = args
        let earlyStopping = callbacks.contains { $0 is EarlyStoppingCallback }
        warnings = try checked.validate(earlyStopping: earlyStopping)
        if evalDataset == nil, checked.evalStrategy != .no {
            throw TrainingError.value("eval_strategy is \"\(checked.evalStrategy.rawValue)\" but no eval_dataset was given",
                                      help: "pass eval_dataset=… to the Trainer, or set eval_strategy=\"no\"")
        }
        self.model = model
        self.args = checked
        (self.trainDataset, self.evalDataset, self.tokenizer) = (trainDataset, evalDataset, tokenizer)
        let pad = tokenizer?.padTokenId ?? model.network.config.padTokenId ?? 0
        self.dataCollator = dataCollator ?? DataCollatorWithPadding(padTokenId: Int32(truncatingIfNeeded: pad))
        if let computeMetrics {
            computeOrderedMetrics = { prediction in
                let values = try computeMetrics(prediction)
                return LogEntry(values.keys.sorted().compactMap { key in values[key].map { (key, JSONValue.double($0)) } })
            }
        }
        callbackHandler = CallbackHandler([DefaultFlowCallback()] + callbacks)
        processGroup = try MPIProcessGroup.world()
        model.network.reseed(UInt64(truncatingIfNeeded: checked.seed))
    }

    /// A Trainer for a PEFT-wrapped model (LoRA adapter + modules_to_save train; checkpoints hold the adapter).
    public convenience init(model: PeftModel, args: TrainingArguments = TrainingArguments(), trainDataset: Dataset? = nil,
                            evalDataset: Dataset? = nil, tokenizer: (any Tokenizer)? = nil, dataCollator: DataCollatorWithPadding? = nil,
                            computeMetrics: ((EvalPrediction) throws -> [String: Double])? = nil, callbacks: [TrainerCallback] = []) throws {
        try self.init(model: .peft(model), args: args, trainDataset: trainDataset, evalDataset: evalDataset, tokenizer: tokenizer,
                      dataCollator: dataCollator, computeMetrics: computeMetrics, callbacks: callbacks)
    }

    /// A Trainer for a plain task model (its parameters with `requiresGrad` train; checkpoints hold the whole model).
    public convenience init(model: PreTrainedModel, args: TrainingArguments = TrainingArguments(), trainDataset: Dataset? = nil,
                            evalDataset: Dataset? = nil, tokenizer: (any Tokenizer)? = nil, dataCollator: DataCollatorWithPadding? = nil,
                            computeMetrics: ((EvalPrediction) throws -> [String: Double])? = nil, callbacks: [TrainerCallback] = []) throws {
        try self.init(model: .plain(model), args: args, trainDataset: trainDataset, evalDataset: evalDataset, tokenizer: tokenizer,
                      dataCollator: dataCollator, computeMetrics: computeMetrics, callbacks: callbacks)
    }

    /// `trainer.state.log_history`.
    public var logHistory: [LogEntry] { state.logHistory }

    /// `add_callback` / `remove_callback`.
    public func addCallback(_ callback: TrainerCallback) { callbackHandler.add(callback) }
    public func removeCallback(named name: String) { callbackHandler.remove(named: name) }

    /// `save_model(output_dir=None)`: the adapter (or config.json + model.safetensors), the tokenizer
    /// and `training_args.json` in `directory` (default `output_dir`).
    public func saveModel(_ directory: String? = nil) throws {
        guard isWorldProcessZero else { return }  // HF's `should_save`: rank 0 writes
        let target = directory ?? args.outputDir
        try model.save(to: target)
        try saveTokenizer(to: target)
        try AtomicFile.write(args.jsonText, to: CheckpointFiles.path(target, CheckpointFiles.argsJSON))
    }

    func saveTokenizer(to directory: String) throws {
        guard let tokenizer else { return }
        do { try tokenizer.save(to: URL(fileURLWithPath: directory)) } catch {
            throw TrainingError(.runtimeError, "could not save the tokenizer to '\(directory)': \(error)",
                                help: "check that the folder is writable")
        }
    }

    /// HF's `_remove_unused_columns` check: a dataset with none of the model's inputs (not tokenized
    /// yet) is an error with the fix; other columns (`text`, …) are simply not read by the collator.
    func checkColumns(_ dataset: Dataset, split: String) throws {
        _ = try TrainerFlow.unusedColumns(datasetColumns: dataset.columnNames,
                                          forwardArguments: ["input_ids", "attention_mask", "token_type_ids", "start_positions", "end_positions"],
                                          labelNames: args.labelNames, modelName: model.className, split: split)
    }

    // MARK: Output

    func say(_ line: String, progress: ProgressReporter? = nil) {
        guard isWorldProcessZero else { return }
        if let progress { progress.message(line) } else { write(line + "\n") }
    }

    func printWarningsOnce() {
        guard !warningsPrinted else { return }
        warningsPrinted = true
        for warning in warnings {
            if let warningWrite {
                if isWorldProcessZero { warningWrite("warning: " + warning.message + "\n") }
            } else {
                say("warning: " + warning.message)
            }
        }
    }

    func makeProgress(total: Int) -> ProgressReporter? {
        if args.disableTqdm || !isWorldProcessZero { return nil }
        let stream = progressWrite == nil ? STDOUT_FILENO : STDERR_FILENO
        let mode = progressMode ?? (isatty(stream) != 0 ? .terminal : .plain(every: max(1, total / 10)))
        let reporter = ProgressReporter(total: total, mode: mode, write: progressWrite ?? write, lines: write)
        if let live = liveProgress, mode == .terminal { reporter.attachLive(display: live.display, recorded: live.recorded, every: live.every) }
        return reporter
    }

    static func now() -> Double { ProcessInfo.processInfo.systemUptime }
}

extension Trainer {
    /// Runs `body` on copies of `state` and `control` and stores them back afterwards (also on error).
    /// Callbacks and the checkpoint writer may read the trainer while the flow functions mutate the
    /// copies, which Swift's exclusivity rules forbid on the stored properties themselves.
    func flow<Result>(_ body: (inout TrainerState, inout TrainerControl) throws -> Result) rethrows -> Result {
        var localState = state
        var localControl = control
        defer { state = localState; control = localControl }
        return try body(&localState, &localControl)
    }
}
