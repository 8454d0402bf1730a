import Foundation
import Lang
import Training

/// A user callback written in the language: a dict of functions keyed by HF hook names,
/// `{"on_log": on_log, "on_epoch_end": on_epoch_end}`. Each hook is called like HF calls
/// `TrainerCallback` methods: `hook(args, state, control, **kwargs)`, where kwargs are `model`,
/// `processing_class`, `optimizer`, `lr_scheduler`, `train_dataloader`, `eval_dataloader` and the
/// event's `logs=`/`metrics=`. A function gets only the keywords it declares (all of them with `**kwargs`).
/// Flags the hook sets on `control` are copied back into the Trainer's control when it returns.
final class ScriptCallback: TrainerCallback {
    let source: DictObject
    let hooks: [(TrainerEvent, Value)]
    let context: CallContext
    let modelValue: Value
    let processingClass: Value
    let identifier: Int
    private var argsObject: Value?

    init(source: DictObject, hooks: [(TrainerEvent, Value)], context: CallContext, model: Value, processingClass: Value) {
        self.source = source
        self.hooks = hooks
        self.context = context
        self.modelValue = model
        self.processingClass = processingClass
        identifier = Bindings.state(context).nextCallbackNumber()
    }

    /// Unique per dict, so `remove_callback(d)` removes exactly this one.
    var callbackName: String { "ScriptCallback#\(identifier)" }

    /// Checks a callbacks dict: str keys naming hooks HF has (with "did you mean" for typos), callable values
    /// that accept `(args, state, control)`.
    static func make(_ dict: DictObject, context: CallContext, model: Value, processingClass: Value) throws -> ScriptCallback {
        var hooks: [(TrainerEvent, Value)] = []
        let names = TrainerEvent.allCases.map(\.rawValue)
        for (key, function) in dict.pairs {
            guard case .str(let name) = key else {
                throw ScriptError(.typeError, "callback dict keys must be hook names such as 'on_log', not \(key.typeName)",
                                  help: "write {\"on_log\": on_log, \"on_epoch_end\": on_epoch_end}")
            }
            guard let hook = TrainerEvent(rawValue: name) else {
                throw ScriptError(.valueError, "unknown callback hook '\(name)'", notes: ["hooks: " + names.joined(separator: ", ")],
                                  help: "a callback dict maps Hugging Face's TrainerCallback method names to functions",
                                  suggestion: closestName(to: name, among: names))
            }
            try checkSignature(function, hook: name)
            hooks.append((hook, function))
        }
        return ScriptCallback(source: dict, hooks: hooks, context: context, model: model, processingClass: processingClass)
    }

    private static func checkSignature(_ function: Value, hook: String) throws {
        let example = "def \(hook)(args, state, control, **kwargs):"
        let parameters: [Parameter]
        switch function {
        case .function(let f): parameters = f.parameters
        case .builtin(let b): parameters = b.parameters
        case .boundMethod, .type: return
        case .host(let object) where object.asCallable() != nil: return
        default:
            throw ScriptError(.typeError, "the callback for '\(hook)' must be a function, not \(function.typeName)",
                              help: "define it with \(example) and put the function itself in the dict (no parentheses)")
        }
        let positional = parameters.filter { $0.kind == .positionalOnly || $0.kind == .positionalOrKeyword }.count
        if positional < 3 && !parameters.contains(where: { $0.kind == .variadic }) {
            throw ScriptError(.typeError, "the callback for '\(hook)' takes \(positional) positional argument\(positional == 1 ? "" : "s"), but the Trainer passes 3 (args, state, control)",
                              help: "declare it as \(example)")
        }
    }

    /// The keywords `function` accepts out of `offered` (all of them when it has `**kwargs`).
    static func acceptedKeywords(_ function: Value, _ offered: [(String, Value)]) -> [(String, Value)] {
        let parameters: [Parameter]
        switch function {
        case .function(let f): parameters = f.parameters
        case .builtin(let b): parameters = b.parameters
        default: return offered
        }
        if parameters.contains(where: { $0.kind == .variadicKeywords }) { return offered }
        let names = Set(parameters.filter { $0.kind == .positionalOrKeyword || $0.kind == .keywordOnly }.map(\.name))
        // args, state, control arrive positionally; a parameter of the same name is not passed twice.
        let positionalNames = Set(parameters.filter { $0.kind != .keywordOnly }.prefix(3).map(\.name))
        return offered.filter { names.contains($0.0) && !positionalNames.contains($0.0) }
    }

    private func argsValue(_ args: TrainingArguments) -> Value {
        // A Trainer's arguments are fixed once it is built, so one object serves every call.
        if let value = argsObject { return value }
        let value = Value.host(TrainingArgumentsObject(args))
        argsObject = value
        return value
    }

    /// Calls every function registered for `hook`, then copies the control flags back.
    func on(_ hook: TrainerEvent, args: TrainingArguments, state: TrainerState, control: inout TrainerControl,
            payload: LogEntry?) throws {
        for (registered, function) in hooks where registered == hook {
            let controlObject = TrainerControlObject(control)
            var offered: [(String, Value)] = [("model", modelValue), ("processing_class", processingClass),
                                              ("optimizer", Value.none), ("lr_scheduler", Value.none),
                                              ("train_dataloader", Value.none), ("eval_dataloader", Value.none)]
            if let keyword = hook.payloadKeyword { offered.append((keyword, payload.map(Convert.dict) ?? Value.none)) }
            do {
                _ = try context.call(function, [argsValue(args), .host(TrainerStateObject(state)), .host(controlObject)],
                                     keywords: ScriptCallback.acceptedKeywords(function, offered))
            } catch let error as ScriptError where error.exception.type === TypeObject.keyboardInterrupt {
                // Ctrl-C while the hook ran: stop at the step boundary like any interrupt, keeping the run consistent.
                Bindings.state(context).trainingInterrupt.request()
            } catch let error as ScriptError {
                error.exception.notes.append("raised by the \(hook.rawValue) callback at global step \(state.globalStep); "
                                             + "training stopped there and the model keeps the weights of that step")
                throw error
            }
            control = controlObject.control
        }
    }

    /// HF fires `on_init_end` once, at the end of `Trainer(...)`.
    func onInitEnd(args: TrainingArguments, state: TrainerState) throws {
        var control = TrainerControl()
        try on(.initEnd, args: args, state: state, control: &control, payload: nil)
    }
}

/// The closest of `candidates` to a mistyped `name` (edit distance at most a third of its length), or nil.
func closestName(to name: String, among candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let limit = Swift.max(1, (name.count + 2) / 3)
    let scored = candidates.map { ($0, distance(Array(name), Array($0))) }.filter { $0.1 <= limit }
    if let best = scored.min(by: { $0.1 < $1.1 }) { return best.0 }
    return candidates.first { $0.hasPrefix(name) || name.hasPrefix($0) }
}
