/// `EarlyStoppingCallback(early_stopping_patience=1, early_stopping_threshold=0.0)` with HF's exact rules:
/// on each evaluation, the value of `metric_for_best_model` counts as an improvement when there is no
/// best yet, or it beats `state.bestMetric` (strictly, in the direction of `greater_is_better`) by more
/// than the threshold; then the counter resets, otherwise it grows. Training stops when
/// `counter >= patience`. The callback sees the best metric *before* this evaluation updates it.
public final class EarlyStoppingCallback: TrainerCallback {
    public let patience: Int
    public let threshold: Double
    /// Evaluations in a row without improvement.
    public private(set) var patienceCounter = 0
    /// Messages HF logs as warnings (missing metric, no load_best_model_at_end); the trainer prints them.
    public private(set) var warnings: [TrainingWarning] = []

    public init(patience: Int = 1, threshold: Double = 0.0) throws {
        guard patience >= 1 else {
            throw TrainingError.value("early_stopping_patience must be at least 1 (got \(patience))",
                                      help: "patience is how many evaluations without improvement to allow before stopping")
        }
        guard threshold >= 0 else {
            throw TrainingError.value("early_stopping_threshold cannot be negative (got \(PythonFormat.floatRepr(threshold)))")
        }
        self.patience = patience
        self.threshold = threshold
    }

    public func on(_ event: TrainerEvent, args: TrainingArguments, state: TrainerState, control: inout TrainerControl,
                   payload: LogEntry?) throws {
        switch event {
        case .trainBegin: warnings += try EarlyStoppingCallback.check(args)
        case .evaluate: if let metrics = payload { evaluated(args: args, state: state, control: &control, metrics: metrics) }
        default: break
        }
    }

    /// The up-front checks (also run by `TrainingArguments.validate(earlyStopping: true)`).
    static func check(_ args: TrainingArguments) throws -> [TrainingWarning] {
        if args.evalStrategy == .no {
            throw TrainingError.value(
                "EarlyStoppingCallback needs evaluations to watch, but eval_strategy is \"no\"",
                help: "add eval_strategy=\"epoch\" (or eval_strategy=\"steps\" with eval_steps=…) to TrainingArguments")
        }
        if args.metricForBestModel == nil {
            throw TrainingError.value(
                "EarlyStoppingCallback needs to know which metric to watch, but metric_for_best_model is not set",
                help: "add metric_for_best_model=\"eval_loss\" (or e.g. \"eval_accuracy\"), or load_best_model_at_end=True which watches the loss")
        }
        if !args.loadBestModelAtEnd {
            return [TrainingWarning("Using EarlyStoppingCallback without load_best_model_at_end=True. Once training is finished, the best model will not be loaded automatically.")]
        }
        return []
    }

    func evaluated(args: TrainingArguments, state: TrainerState, control: inout TrainerControl, metrics: LogEntry) {
        guard let key = args.metricKeyForBestModel else { return }
        guard let value = metrics.number(key) else {
            warnings.append(TrainingWarning("early stopping required metric_for_best_model, but did not find \(key) so early stopping is disabled"))
            return
        }
        observe(value, bestMetric: state.bestMetric, greaterIsBetter: args.greaterIsBetter ?? !key.hasSuffix("loss"))
        if patienceCounter >= patience { control.shouldTrainingStop = true }
    }

    /// One evaluation's effect on the counter (HF's `check_metric_value`).
    public func observe(_ value: Double, bestMetric: Double?, greaterIsBetter: Bool) {
        let better = greaterIsBetter ? (bestMetric.map { value > $0 } ?? true) : (bestMetric.map { value < $0 } ?? true)
        if let best = bestMetric, !(better && abs(value - best) > threshold) {
            patienceCounter += 1
        } else {
            patienceCounter = 0
        }
    }

    public var shouldStop: Bool { patienceCounter >= patience }

    public var savedState: JSONValue? {
        .object([
            ("args", .object([("early_stopping_patience", .int(patience)), ("early_stopping_threshold", .double(threshold))])),
            ("attributes", .object([("early_stopping_patience_counter", .int(patienceCounter))])),
        ])
    }

    public func restore(attributes: JSONValue) {
        if let counter = attributes["early_stopping_patience_counter"]?.intValue { patienceCounter = counter }
    }
}
