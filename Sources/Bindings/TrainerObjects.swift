import Foundation
import Lang
import NumericArrays
import Models
import PEFT
import Training

/// `TrainingArguments(output_dir=..., ...)`: HF's names and defaults; attributes read back every field.
final class TrainingArgumentsObject: HostBase {
    let arguments: TrainingArguments
    let warnings: [TrainingWarning]

    init(_ arguments: TrainingArguments, warnings: [TrainingWarning] = []) {
        (self.arguments, self.warnings) = (arguments, warnings)
    }

    override var typeName: String { "TrainingArguments" }
    override func repr() -> String { arguments.description }

    override var propertyNames: [String] { arguments.pairs.map(\.0) + ["world_size", "process_index", "local_process_index"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        // The data-parallel launch (mpirun), as HF reads it from torch.distributed.
        let launch = LaunchEnvironment.current
        switch name {
        case "world_size": return .int(launch.worldSize)
        case "process_index": return .int(launch.rank)
        case "local_process_index": return .int(launch.localRank)
        default: return arguments.pairs.first { $0.0 == name }.map { Convert.value($0.1) }
        }
    }

    /// Old spellings scripts still paste, with the name transformers uses now: the value is passed on under
    /// the new name, with a one-line warning. `warmup_ratio` becomes a fractional `warmup_steps`.
    static let renamed: [String: String] = ["evaluation_strategy": "eval_strategy", "warmup_ratio": "warmup_steps",
                                            "per_gpu_train_batch_size": "per_device_train_batch_size",
                                            "per_gpu_eval_batch_size": "per_device_eval_batch_size"]

    static func renamedKeywords(_ keywords: [(String, DataValue)], context: CallContext) throws -> [(String, DataValue)] {
        var result: [(String, DataValue)] = []
        for (name, value) in keywords {
            guard let newName = renamed[name] else { result.append((name, value)); continue }
            if keywords.contains(where: { $0.0 == newName }) {
                throw ScriptError(.typeError, "TrainingArguments got both '\(name)' and '\(newName)'",
                                  help: "'\(name)' is the old spelling of '\(newName)'; keep only \(newName)=…")
            }
            if name == "warmup_ratio", case .float(let ratio) = value, ratio >= 1 {
                throw ScriptError(.valueError, "warmup_ratio must be below 1, got \(ratio)", help: "use warmup_steps=<count> for a number of steps")
            }
            try context.writeLibraryWarning("warning: '\(name)' is deprecated; use '\(newName)' (lorarepl passed \(name)=\(value) on as \(newName))\n")
            result.append((newName, value))
        }
        return result
    }

    /// Keywords removed from transformers that `parse` explains (the checker must let them through).
    static let removedKeywords = ["evaluation_strategy", "warmup_ratio", "no_cuda", "per_gpu_train_batch_size", "per_gpu_eval_batch_size"]

    static let builtin: Builtin = {
        let names = Array(Set(TrainingArguments.keywordNames + removedKeywords)).sorted { a, b in
            a == "output_dir" ? true : (b == "output_dir" ? false : a < b)
        }
        let parameters = names.map { $0 == "output_dir" ? Parameter.optional("output_dir", .str) : Parameter.omittable($0, kind: .keywordOnly) }
        let builtin = Builtin("TrainingArguments", parameters, doc: "Training hyper-parameters with Hugging Face's names and defaults.",
                       example: "TrainingArguments(output_dir='out', num_train_epochs=3, learning_rate=5e-4, eval_strategy='epoch')") { args in
            try bridged {
                var keywords: [(String, DataValue)] = []
                for name in names where args.isPassed(name) { keywords.append((name, try Convert.data(args[name]))) }
                keywords = try renamedKeywords(keywords, context: args.context)
                let (parsed, warnings) = try TrainingArguments.parse(keywords: keywords)
                for warning in warnings { try args.context.warn(warning.message) }
                return .host(TrainingArgumentsObject(parsed, warnings: warnings))
            }
        }
        builtin.parameterHelp = TrainingArgumentsHelp.entries(for: names)
        return builtin
    }()
}

/// `EarlyStoppingCallback(early_stopping_patience=1, early_stopping_threshold=0.0)`.
final class CallbackObject: HostBase {
    let callback: TrainerCallback
    let name: String

    init(_ callback: TrainerCallback, name: String) {
        (self.callback, self.name) = (callback, name)
    }

    override var typeName: String { name }
    override func repr() -> String {
        if let early = callback as? EarlyStoppingCallback {
            return "EarlyStoppingCallback(early_stopping_patience=\(early.patience), early_stopping_threshold=\(Value.float(early.threshold).repr))"
        }
        return "<\(name)>"
    }

    override var propertyNames: [String] { callback is EarlyStoppingCallback ? ["early_stopping_patience", "early_stopping_threshold", "early_stopping_patience_counter"] : [] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        guard let early = callback as? EarlyStoppingCallback else { return nil }
        switch name {
        case "early_stopping_patience": return .int(early.patience)
        case "early_stopping_threshold": return .float(early.threshold)
        case "early_stopping_patience_counter": return .int(early.patienceCounter)
        default: return nil
        }
    }

    static let earlyStopping = Builtin("EarlyStoppingCallback", [Parameter("early_stopping_patience", .int, default: .int(1)),
                                                                Parameter("early_stopping_threshold", .number, default: .float(0))],
                                       doc: "Stop training when the eval metric stops improving for `patience` evaluations.",
                                       example: "EarlyStoppingCallback(early_stopping_patience=2)") { args in
        try bridged {
            let callback = try EarlyStoppingCallback(patience: try args.int("early_stopping_patience"),
                                                     threshold: try args.double("early_stopping_threshold"))
            return .host(CallbackObject(callback, name: "EarlyStoppingCallback"))
        }
    }
}

/// `DataCollatorWithPadding(tokenizer, padding=True, max_length=None, pad_to_multiple_of=None)`.
final class DataCollatorObject: HostBase {
    let collator: DataCollatorWithPadding
    /// The transformers class it stands for (`DataCollatorForLanguageModeling`, …).
    let name: String

    init(_ collator: DataCollatorWithPadding, name: String = "DataCollatorWithPadding") {
        (self.collator, self.name) = (collator, name)
    }

    override var typeName: String { name }
    override func repr() -> String { "\(name)(pad_token_id=\(collator.padTokenId), padding=\(collator.padding))" }

    override func asCallable() -> Builtin? {
        method("__call__", [Parameter("features")], doc: "Pad a list of tokenized rows into one batch of tensors (a BatchEncoding).",
               example: "batch = collator([train[i] for i in range(8)])") { args in
            try self.collate(args["features"])
        }
    }

    static let builtin = Builtin("DataCollatorWithPadding", [Parameter("tokenizer", .host("BertTokenizerFast")).relaxed,
                                                            Parameter("padding", .oneOf([.bool, .str]), default: .bool(true)),
                                                            .optional("max_length", .int), .optional("pad_to_multiple_of", .int),
                                                            .optional("return_tensors", .str)],
                                 doc: "Pads each batch to its longest row (dynamic padding).",
                                 example: "collator = DataCollatorWithPadding(tokenizer=tokenizer)") { args in
        try bridged {
            guard case .host(let object) = args["tokenizer"], let tokenizer = object as? TokenizerObject else {
                throw ScriptError(.typeError, "DataCollatorWithPadding() needs a tokenizer, not \(args["tokenizer"].typeName)")
            }
            let pad = Int32(truncatingIfNeeded: tokenizer.tokenizer.padTokenId ?? 0)
            return .host(DataCollatorObject(DataCollatorWithPadding(padTokenId: pad, padding: try padding(args),
                                                                    padToMultipleOf: try args.optionalInt("pad_to_multiple_of"))))
        }
    }
}

extension DataCollatorObject {
    /// The collators' `padding=` / `max_length=` pair: `'max_length'` pads to `max_length`, anything else
    /// pads each batch to its longest row.
    static func padding(_ args: Arguments) throws -> DataCollatorWithPadding.Padding {
        guard case .str("max_length") = args["padding"] else { return .longest }
        guard let length = try args.optionalInt("max_length") else {
            throw ScriptError(.valueError, "padding='max_length' needs max_length=N")
        }
        return .maxLength(length)
    }
}

extension Parameter {
    /// The same parameter accepting any value (the body checks the type and explains).
    var relaxed: Parameter { Parameter(name, .any, default: defaultValue, kind: kind, omittable: isOmittable) }
}

/// What `compute_metrics` receives: `.predictions`, `.label_ids`, and `logits, labels = eval_pred`.
final class EvalPredictionObject: HostBase {
    var predictions: Value
    var labelIds: Value

    init(_ prediction: EvalPrediction) {
        // numpy arrays, as transformers hands them to compute_metrics (float32 logits, int64 labels).
        predictions = TensorObject.markingNumpy(TensorObject.wrap(NDArray(shape: prediction.predictionShape, values: prediction.predictions)), .float32)
        labelIds = TensorObject.markingNumpy(TensorObject.wrap(NDArray(shape: prediction.labelShape, values: prediction.labelIds.map(Double.init), dtype: .int64)), .float32)
    }

    override var typeName: String { "EvalPrediction" }
    override func repr() -> String { "EvalPrediction(predictions=\(RecordObject.text(predictions)), label_ids=\(RecordObject.text(labelIds)))" }
    override var propertyNames: [String] { ["predictions", "label_ids", "inputs"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "predictions": return predictions
        case "label_ids": return labelIds
        case "inputs": return Value.none
        default: return nil
        }
    }
    override func length() -> Int? { 2 }
    override func makeIterator(context: CallContext) throws -> IteratorObject? { listIterator([predictions, labelIds]) }
    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        switch key.intValue {
        case 0, -2: return predictions
        case 1, -1: return labelIds
        default: throw ScriptError(.indexError, "EvalPrediction index out of range (it holds predictions and label_ids)")
        }
    }
}

/// Forwards the language's interrupt (Ctrl-C) to the Trainer's stop flag at every step boundary.
final class InterruptBridge: TrainerCallback {
    let context: CallContext, flag: TrainingInterrupt

    init(context: CallContext, flag: TrainingInterrupt) {
        (self.context, self.flag) = (context, flag)
    }

    var callbackName: String { "InterruptBridge" }

    func on(_ event: TrainerEvent, args: TrainingArguments, state: TrainerState, control: inout TrainerControl, payload: LogEntry?) throws {
        guard event == .stepEnd else { return }
        do { try context.checkInterrupt() } catch let error as ScriptError where error.exception.type === TypeObject.keyboardInterrupt {
            flag.request()
        }
    }
}

/// `state` in a callback hook (`transformers.TrainerState`): a read-only snapshot of the Trainer's
/// progress at the moment the hook runs, with HF's attribute names.
final class TrainerStateObject: HostBase {
    let state: TrainerState

    init(_ state: TrainerState) { self.state = state }

    override var typeName: String { "TrainerState" }
    override func repr() -> String {
        "TrainerState(epoch=\(state.epoch.map { Value.float($0).repr } ?? "None"), global_step=\(state.globalStep), "
            + "max_steps=\(state.maxSteps), best_metric=\(state.bestMetric.map { Value.float($0).repr } ?? "None"), "
            + "log_history=[\(state.logHistory.count) entries])"
    }

    override var propertyNames: [String] {
        ["epoch", "global_step", "max_steps", "logging_steps", "eval_steps", "save_steps", "train_batch_size", "num_train_epochs",
         "num_input_tokens_seen", "total_flos", "log_history", "best_metric", "best_global_step", "best_model_checkpoint",
         "is_local_process_zero", "is_world_process_zero", "is_hyper_param_search", "trial_name", "trial_params", "stateful_callbacks"]
    }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        let s = state
        switch name {
        case "epoch": return s.epoch.map { .float($0) } ?? Value.none
        case "global_step": return .int(s.globalStep)
        case "max_steps": return .int(s.maxSteps)
        case "logging_steps": return .int(s.loggingSteps)
        case "eval_steps": return .int(s.evalSteps)
        case "save_steps": return .int(s.saveSteps)
        case "train_batch_size": return s.trainBatchSize.map { .int($0) } ?? Value.none
        case "num_train_epochs": return .int(s.numTrainEpochs)
        case "num_input_tokens_seen": return .int(s.numInputTokensSeen)
        case "total_flos": return .float(s.totalFlos)
        case "log_history": return .list(s.logHistory.map(Convert.dict))
        case "best_metric": return s.bestMetric.map { .float($0) } ?? Value.none
        case "best_global_step": return s.bestGlobalStep.map { .int($0) } ?? Value.none
        case "best_model_checkpoint": return s.bestModelCheckpoint.map { .str($0) } ?? Value.none
        case "is_local_process_zero": return .bool(s.isLocalProcessZero)
        case "is_world_process_zero": return .bool(s.isWorldProcessZero)
        case "is_hyper_param_search": return .bool(s.isHyperParamSearch)
        case "trial_name": return s.trialName.map { .str($0) } ?? Value.none
        case "trial_params": return Value.none
        case "stateful_callbacks": return .dict(s.statefulCallbacks.map { ($0.0, Convert.value($0.1)) })
        default: return nil
        }
    }

    override func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool {
        throw ScriptError(.attributeError, "TrainerState.\(name) is read-only in a callback",
                          help: "steer training through control instead, e.g. control.should_training_stop = True")
    }
}

/// `control` in a callback hook (`transformers.TrainerControl`): the flags a hook sets are copied back
/// into the Trainer when the hook returns, so `control.should_training_stop = True` stops the run.
final class TrainerControlObject: HostBase {
    var control: TrainerControl

    init(_ control: TrainerControl) { self.control = control }

    static let flagNames = ["should_training_stop", "should_epoch_stop", "should_save", "should_evaluate", "should_log"]

    override var typeName: String { "TrainerControl" }
    override func repr() -> String {
        "TrainerControl(" + TrainerControlObject.flagNames.map { "\($0)=\(flag($0).map { $0 ? "True" : "False" } ?? "None")" }
            .joined(separator: ", ") + ")"
    }

    override var propertyNames: [String] { TrainerControlObject.flagNames }

    private func flag(_ name: String) -> Bool? {
        switch name {
        case "should_training_stop": return control.shouldTrainingStop
        case "should_epoch_stop": return control.shouldEpochStop
        case "should_save": return control.shouldSave
        case "should_evaluate": return control.shouldEvaluate
        case "should_log": return control.shouldLog
        default: return nil
        }
    }

    override func property(_ name: String, context: CallContext) throws -> Value? { flag(name).map { .bool($0) } }

    override func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool {
        guard flag(name) != nil else {
            // A silently ignored typo (control.should_stop = True) would let training run on: always an error.
            throw ScriptError(.attributeError, "'TrainerControl' object has no attribute '\(name)'",
                              notes: ["flags: " + TrainerControlObject.flagNames.joined(separator: ", ")],
                              help: "to stop training, set control.should_training_stop = True",
                              suggestion: name.contains("stop") && !name.contains("epoch")
                                  ? "should_training_stop" : closestName(to: name, among: TrainerControlObject.flagNames))
        }
        guard case .bool(let on) = value else {
            throw ScriptError(.typeError, "control.\(name) must be True or False, not \(value.typeName)")
        }
        switch name {
        case "should_training_stop": control.shouldTrainingStop = on
        case "should_epoch_stop": control.shouldEpochStop = on
        case "should_save": control.shouldSave = on
        case "should_evaluate": control.shouldEvaluate = on
        default: control.shouldLog = on
        }
        return true
    }
}
