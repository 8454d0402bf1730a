import Foundation

/// `transformers.TrainerState`: progress, best metric and `log_history`, saved as `trainer_state.json`
/// in every checkpoint (HF's key names, `indent=2, sort_keys=True`).
public struct TrainerState: Equatable {
    /// Fractional epoch (`1.5` = half-way through the second epoch).
    public var epoch: Double? = nil
    /// Optimizer updates done so far.
    public var globalStep: Int = 0
    public var maxSteps: Int = 0
    public var loggingSteps: Int = 500
    public var evalSteps: Int = 500
    public var saveSteps: Int = 500
    public var trainBatchSize: Int? = nil
    public var numTrainEpochs: Int = 0
    public var numInputTokensSeen: Int = 0
    public var totalFlos: Double = 0
    public var logHistory: [LogEntry] = []
    public var bestMetric: Double? = nil
    public var bestGlobalStep: Int? = nil
    public var bestModelCheckpoint: String? = nil
    public var isLocalProcessZero = true
    public var isWorldProcessZero = true
    public var isHyperParamSearch = false
    public var trialName: String? = nil
    /// `stateful_callbacks` (callback name → `{"args", "attributes"}`).
    public var statefulCallbacks: [(key: String, value: JSONValue)] = []

    public init() {}

    /// A fresh state for a planned run (HF sets these at the start of `train`).
    public init(plan: TrainingPlan, trainBatchSize: Int) {
        maxSteps = plan.maxSteps
        loggingSteps = plan.loggingSteps
        evalSteps = plan.evalSteps
        saveSteps = plan.saveSteps
        numTrainEpochs = plan.numTrainEpochs
        self.trainBatchSize = trainBatchSize
    }

    public static func == (lhs: TrainerState, rhs: TrainerState) -> Bool { lhs.json == rhs.json }

    /// HF's `_determine_best_metric`: reads `metric_for_best_model` (with or without `eval_`) from
    /// `metrics`; a strictly better value becomes `bestMetric` at the current step. Returns whether
    /// it was a new best. A missing metric is a KeyError listing the metrics that exist.
    @discardableResult
    public mutating func updateBestMetric(metrics: LogEntry, args: TrainingArguments) throws -> Bool {
        guard let key = args.metricKeyForBestModel else { return false }
        guard let value = metrics.number(key) else {
            throw TrainingError(.keyError,
                                "metric_for_best_model is set to '\(key)', which is not among the evaluation metrics",
                                notes: ["the evaluation returned: " + metrics.keys.map(PythonFormat.stringRepr).joined(separator: ", ")],
                                help: "set metric_for_best_model to one of those names (with or without the eval_ prefix), or return that metric from compute_metrics")
        }
        let greater = args.greaterIsBetter ?? !key.hasSuffix("loss")
        let current = bestMetric ?? (greater ? -Double.infinity : Double.infinity)
        if greater ? value > current : value < current {
            bestMetric = value
            bestGlobalStep = globalStep
            return true
        }
        if bestMetric == nil { bestMetric = current }
        return false
    }

    // MARK: JSON

    /// The object HF writes (`dataclasses.asdict(state)`).
    public var json: JSONValue {
        func optional<T>(_ v: T?, _ make: (T) -> JSONValue) -> JSONValue { v.map(make) ?? .null }
        return .object([
            ("best_global_step", optional(bestGlobalStep, JSONValue.int)),
            ("best_metric", optional(bestMetric, JSONValue.double)),
            ("best_model_checkpoint", optional(bestModelCheckpoint, JSONValue.string)),
            ("epoch", optional(epoch, JSONValue.double)),
            ("eval_steps", .int(evalSteps)),
            ("global_step", .int(globalStep)),
            ("is_hyper_param_search", .bool(isHyperParamSearch)),
            ("is_local_process_zero", .bool(isLocalProcessZero)),
            ("is_world_process_zero", .bool(isWorldProcessZero)),
            ("log_history", .array(logHistory.map(\.jsonObject))),
            ("logging_steps", .int(loggingSteps)),
            ("max_steps", .int(maxSteps)),
            ("num_input_tokens_seen", .int(numInputTokensSeen)),
            ("num_train_epochs", .int(numTrainEpochs)),
            ("save_steps", .int(saveSteps)),
            ("stateful_callbacks", .object(statefulCallbacks)),
            ("total_flos", .double(totalFlos)),
            ("train_batch_size", optional(trainBatchSize, JSONValue.int)),
            ("trial_name", optional(trialName, JSONValue.string)),
            ("trial_params", .null),
        ])
    }

    /// The text of `trainer_state.json`: `json.dumps(…, indent=2, sort_keys=True) + "\n"`.
    public var jsonText: String { json.pythonJSON(indent: 2, sortKeys: true) + "\n" }

    /// Writes `trainer_state.json` into `directory` atomically.
    public func save(toDirectory directory: String) throws {
        try AtomicFile.write(jsonText, to: (directory as NSString).appendingPathComponent("trainer_state.json"))
    }

    /// Reads a `trainer_state.json` (for resuming).
    public static func load(fromFile path: String) throws -> TrainerState {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainingError(.fileNotFound, "cannot read '\(path)'",
                                help: "resume_from_checkpoint must name a checkpoint-<step> folder written by the Trainer")
        }
        let value = try TrainingJSON.parse([UInt8](data), source: path, help: "the checkpoint is damaged; resume from an earlier one")
        var state = TrainerState()
        state.bestGlobalStep = value["best_global_step"]?.intValue
        state.bestMetric = value["best_metric"]?.doubleValue
        state.bestModelCheckpoint = value["best_model_checkpoint"]?.stringValue
        state.epoch = value["epoch"]?.doubleValue
        state.evalSteps = value["eval_steps"]?.intValue ?? state.evalSteps
        state.globalStep = value["global_step"]?.intValue ?? 0
        state.loggingSteps = value["logging_steps"]?.intValue ?? state.loggingSteps
        state.maxSteps = value["max_steps"]?.intValue ?? 0
        state.numInputTokensSeen = value["num_input_tokens_seen"]?.intValue ?? 0
        state.numTrainEpochs = value["num_train_epochs"]?.intValue ?? 0
        state.saveSteps = value["save_steps"]?.intValue ?? state.saveSteps
        state.totalFlos = value["total_flos"]?.doubleValue ?? 0
        state.trainBatchSize = value["train_batch_size"]?.intValue
        state.trialName = value["trial_name"]?.stringValue
        if case .object(let pairs)? = value["stateful_callbacks"] { state.statefulCallbacks = pairs }
        if case .array(let entries)? = value["log_history"] {
            state.logHistory = entries.map { entry in
                if case .object(let pairs) = entry { return LogEntry(pairs.map { ($0.key, $0.value) }) }
                return LogEntry()
            }
        }
        return state
    }
}
