/// A training-loop observer with HF's `on_*` hooks (`transformers.TrainerCallback`). Every hook has an
/// empty default; a hook may change `control` (e.g. ask to stop) and may throw (a script's callback
/// raising an error stops training with that error).
public protocol TrainerCallback: AnyObject {
    /// The class name HF uses as the key in `stateful_callbacks` (e.g. "EarlyStoppingCallback").
    var callbackName: String { get }
    func onTrainBegin(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    func onTrainEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    func onEpochBegin(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    func onEpochEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    func onStepBegin(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    func onStepEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    /// After each gradient-accumulation micro-batch that is not the last of its optimizer step.
    func onSubstepEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    /// After clipping, right before `optimizer.step()`.
    func onPreOptimizerStep(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    /// Right after `optimizer.step()` (before the scheduler steps and the gradients are zeroed).
    func onOptimizerStep(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    /// After each evaluation or prediction batch.
    func onPredictionStep(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    func onLog(args: TrainingArguments, state: TrainerState, control: inout TrainerControl, logs: LogEntry) throws
    func onEvaluate(args: TrainingArguments, state: TrainerState, control: inout TrainerControl, metrics: LogEntry) throws
    func onPredict(args: TrainingArguments, state: TrainerState, control: inout TrainerControl, metrics: LogEntry) throws
    func onSave(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws
    /// `{"args": {...}, "attributes": {...}}` for `stateful_callbacks`, or nil when stateless.
    var savedState: JSONValue? { get }
    /// Restores `attributes` saved by `savedState` (resume with `restore_callback_states_from_checkpoint`).
    func restore(attributes: JSONValue)
}

extension TrainerCallback {
    public var callbackName: String { String(describing: type(of: self)) }
    public func onTrainBegin(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onTrainEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onEpochBegin(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onEpochEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onStepBegin(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onStepEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onSubstepEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onPreOptimizerStep(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onOptimizerStep(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onPredictionStep(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
    public func onLog(args: TrainingArguments, state: TrainerState, control: inout TrainerControl, logs: LogEntry) throws {}
    public func onEvaluate(args: TrainingArguments, state: TrainerState, control: inout TrainerControl, metrics: LogEntry) throws {}
    public func onPredict(args: TrainingArguments, state: TrainerState, control: inout TrainerControl, metrics: LogEntry) throws {}
    public func onSave(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {}
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

    public func onTrainBegin(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        c.newTraining()
        for cb in callbacks { try cb.onTrainBegin(args: a, state: s, control: &c) }
    }
    public func onTrainEnd(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        for cb in callbacks { try cb.onTrainEnd(args: a, state: s, control: &c) }
    }
    public func onEpochBegin(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        c.newEpoch()
        for cb in callbacks { try cb.onEpochBegin(args: a, state: s, control: &c) }
    }
    public func onEpochEnd(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        for cb in callbacks { try cb.onEpochEnd(args: a, state: s, control: &c) }
    }
    public func onStepBegin(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        c.newStep()
        for cb in callbacks { try cb.onStepBegin(args: a, state: s, control: &c) }
    }
    public func onStepEnd(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        for cb in callbacks { try cb.onStepEnd(args: a, state: s, control: &c) }
    }
    public func onSubstepEnd(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        for cb in callbacks { try cb.onSubstepEnd(args: a, state: s, control: &c) }
    }
    public func onPreOptimizerStep(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        for cb in callbacks { try cb.onPreOptimizerStep(args: a, state: s, control: &c) }
    }
    public func onOptimizerStep(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        for cb in callbacks { try cb.onOptimizerStep(args: a, state: s, control: &c) }
    }
    public func onPredictionStep(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        for cb in callbacks { try cb.onPredictionStep(args: a, state: s, control: &c) }
    }
    public func onLog(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl, _ logs: LogEntry) throws {
        c.shouldLog = false
        for cb in callbacks { try cb.onLog(args: a, state: s, control: &c, logs: logs) }
    }
    public func onEvaluate(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl, _ metrics: LogEntry) throws {
        c.shouldEvaluate = false
        for cb in callbacks { try cb.onEvaluate(args: a, state: s, control: &c, metrics: metrics) }
    }
    public func onPredict(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl, _ metrics: LogEntry) throws {
        for cb in callbacks { try cb.onPredict(args: a, state: s, control: &c, metrics: metrics) }
    }
    public func onSave(_ a: TrainingArguments, _ s: TrainerState, _ c: inout TrainerControl) throws {
        c.shouldSave = false
        for cb in callbacks { try cb.onSave(args: a, state: s, control: &c) }
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

    public func onStepEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {
        DefaultFlow.stepEnd(args: args, state: state, control: &control)
    }

    public func onEpochEnd(args: TrainingArguments, state: TrainerState, control: inout TrainerControl) throws {
        DefaultFlow.epochEnd(args: args, state: state, control: &control)
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
