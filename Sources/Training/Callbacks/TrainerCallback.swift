/// The events of HF's `transformers.TrainerCallback`, named as its `on_*` methods, in the order a run
/// fires them.
public enum TrainerEvent: String, CaseIterable, Sendable {
    /// Once, at the end of `Trainer(...)`.
    case initEnd = "on_init_end"
    case trainBegin = "on_train_begin"
    case epochBegin = "on_epoch_begin"
    case stepBegin = "on_step_begin"
    /// After each gradient-accumulation micro-batch that is not the last of its optimizer step.
    case substepEnd = "on_substep_end"
    /// After clipping, right before `optimizer.step()`.
    case preOptimizerStep = "on_pre_optimizer_step"
    /// Right after `optimizer.step()` (before the scheduler steps and the gradients are zeroed).
    case optimizerStep = "on_optimizer_step"
    case stepEnd = "on_step_end"
    /// After each evaluation or prediction batch.
    case predictionStep = "on_prediction_step"
    case log = "on_log"
    case evaluate = "on_evaluate"
    case predict = "on_predict"
    case save = "on_save"
    case epochEnd = "on_epoch_end"
    case trainEnd = "on_train_end"

    /// The keyword HF passes the event's dict under (`logs=` for `on_log`, `metrics=` for
    /// `on_evaluate`/`on_predict`), if any.
    public var payloadKeyword: String? {
        switch self {
        case .log: return "logs"
        case .evaluate, .predict: return "metrics"
        default: return nil
        }
    }
}

/// A training-loop observer (`transformers.TrainerCallback`). It sees every event; it may change
/// `control` (e.g. ask to stop) and may throw (a script's callback raising an error stops training with
/// that error).
public protocol TrainerCallback: AnyObject {
    /// The class name HF uses as the key in `stateful_callbacks` (e.g. "EarlyStoppingCallback").
    var callbackName: String { get }
    /// One event; `payload` is its dict (the logs of `on_log`, the metrics of `on_evaluate`/`on_predict`).
    func on(_ event: TrainerEvent, args: TrainingArguments, state: TrainerState, control: inout TrainerControl,
            payload: LogEntry?) throws
    /// `{"args": {...}, "attributes": {...}}` for `stateful_callbacks`, or nil when stateless.
    var savedState: JSONValue? { get }
    /// Restores `attributes` saved by `savedState` (resume with `restore_callback_states_from_checkpoint`).
    func restore(attributes: JSONValue)
}

extension TrainerCallback {
    public var callbackName: String { String(describing: type(of: self)) }
    public var savedState: JSONValue? { nil }
    public func restore(attributes: JSONValue) {}
}

/// Calls the callbacks in order and resets the control flags the way HF's `CallbackHandler` does
/// (e.g. `should_log` is cleared before `on_log`, so a callback may set it again).
public final class CallbackHandler {
    public private(set) var callbacks: [TrainerCallback]

    /// `callbacks` usually starts with `DefaultFlowCallback()`.
    public init(_ callbacks: [TrainerCallback]) { self.callbacks = callbacks }

    public func add(_ callback: TrainerCallback) { callbacks.append(callback) }

    /// Removes callbacks by name (`trainer.remove_callback`).
    public func remove(named name: String) { callbacks.removeAll { $0.callbackName == name } }

    /// Fires `event` on every callback in order, after the reset HF's handler does for it.
    public func fire(_ event: TrainerEvent, _ args: TrainingArguments, _ state: TrainerState, _ control: inout TrainerControl,
                     payload: LogEntry? = nil) throws {
        switch event {
        case .trainBegin: control.newTraining()
        case .epochBegin: control.newEpoch()
        case .stepBegin: control.newStep()
        case .log: control.shouldLog = false
        case .evaluate: control.shouldEvaluate = false
        case .save: control.shouldSave = false
        default: break
        }
        for callback in callbacks { try callback.on(event, args: args, state: state, control: &control, payload: payload) }
    }

    /// `stateful_callbacks` for trainer_state.json: each stateful callback plus `TrainerControl`.
    public func statefulCallbacks(control: TrainerControl) -> [(key: String, value: JSONValue)] {
        var out: [(key: String, value: JSONValue)] = []
        for cb in callbacks { if let saved = cb.savedState { out.append((cb.callbackName, saved)) } }
        out.append(("TrainerControl", control.savedState))
        return out
    }
}

/// HF's `DefaultFlowCallback`: decides when to log, evaluate and save from the strategies, and stops
/// at `max_steps`. Always the first callback.
public final class DefaultFlowCallback: TrainerCallback {
    public init() {}

    public func on(_ event: TrainerEvent, args: TrainingArguments, state: TrainerState, control: inout TrainerControl,
                   payload: LogEntry?) throws {
        switch event {
        case .stepEnd: DefaultFlow.stepEnd(args: args, state: state, control: &control)
        case .epochEnd: DefaultFlow.epochEnd(args: args, state: state, control: &control)
        default: break
        }
    }
}

/// The decisions of `DefaultFlowCallback` as pure functions (also used to plan a run's schedule).
public enum DefaultFlow {
    public static func stepEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) {
        let step = state.globalStep
        if step == 1 && args.loggingFirstStep { control.shouldLog = true }
        if args.loggingStrategy == .steps, state.loggingSteps > 0, step % state.loggingSteps == 0 { control.shouldLog = true }
        if args.evalStrategy == .steps, state.evalSteps > 0, step % state.evalSteps == 0, args.evalDelay <= Double(step) {
            control.shouldEvaluate = true
        }
        if args.saveStrategy == .steps, state.saveSteps > 0, step % state.saveSteps == 0 { control.shouldSave = true }
        if step >= state.maxSteps {
            control.shouldTrainingStop = true
            if args.saveStrategy == .steps { control.shouldSave = true }
        }
    }

    public static func epochEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) {
        if args.loggingStrategy == .epoch { control.shouldLog = true }
        if args.evalStrategy == .epoch, args.evalDelay <= (state.epoch ?? 0) { control.shouldEvaluate = true }
        if args.saveStrategy == .epoch { control.shouldSave = true }
    }
}
