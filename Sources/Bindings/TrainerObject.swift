import Foundation
import Lang
import NumericArrays
import Models
import PEFT
import Training

/// `Trainer(model=, args=, train_dataset=, eval_dataset=, processing_class=, data_collator=,
/// compute_metrics=, callbacks=)` in scripts.
final class TrainerObject: HostBase, SubclassableHost {
    let trainer: Trainer
    /// The script's instance when a `Trainer` subclass built this (its `compute_loss` is then used).
    weak var scriptInstance: Instance?
    let modelValue: Value
    let argsValue: Value
    let processingClass: Value
    /// The callbacks the script gave (`callbacks=[...]`, `add_callback`), with the value it gave for each,
    /// so `pop_callback` can hand the same object back.
    var callbackValues: [(callback: TrainerCallback, value: Value)]
    /// `trainer.optimizer` / `trainer.lr_scheduler`: given with `optimizers=(opt, sched)`, set by a
    /// `create_optimizer` override, or the schedule the Trainer built over the script's optimizer.
    var optimizerValue: Value = Value.none
    var schedulerValue: Value = Value.none
    /// True when the scheduler came from `optimizers=` (kept across `train()` calls, as HF).
    var schedulerGiven = false
    /// The warmup steps of the run being set up (what `super().create_scheduler(...)` uses).
    var plannedWarmupSteps = 0
    /// The dict the last `log` override call received (HF's `evaluate` returns the dict it logged).
    var lastLogDict: DictObject?

    init(_ trainer: Trainer, model: Value, args: Value, processingClass: Value = Value.none,
         callbacks: [(callback: TrainerCallback, value: Value)] = []) {
        self.trainer = trainer
        self.modelValue = model
        self.argsValue = args
        self.processingClass = processingClass
        self.callbackValues = callbacks
    }

    override var typeName: String { "Trainer" }
    override func repr() -> String {
        "Trainer(model=\(trainer.model.className), train_dataset=\(trainer.trainDataset.map { "\($0.count) rows" } ?? "None"), "
            + "eval_dataset=\(trainer.evalDataset.map { "\($0.count) rows" } ?? "None"), global_step=\(trainer.state.globalStep))"
    }

    static func trainerModel(_ value: Value) throws -> TrainerModel {
        if case .host(let object) = value {
            if let peft = object as? PeftModelObject { return .peft(peft.peft) }
            if let model = object as? ModelObject { return .plain(model.model) }
        }
        throw ScriptError(.typeError, "Trainer(model=...) needs a model from from_pretrained or get_peft_model, not \(value.typeName)")
    }

    static func dataset(_ value: Value, name: String, context: CallContext? = nil) throws -> Dataset? {
        switch value {
        case .none: return nil
        case .host(let object as Instance) where context != nil && !(object.hostBase is DatasetObject):
            if let context { return try ScriptSubclasses.dataset(object, name: name, context: context) }
        case .host(let object as Instance):
            if let dataset = object.hostBase as? DatasetObject { return dataset.dataset }
        case .host(let object):
            if let dataset = object as? DatasetObject { return dataset.dataset }
            if object is DatasetDictObject {
                throw ScriptError(.typeError, "\(name) must be one split (a Dataset), not a DatasetDict",
                                  help: "pick a split, e.g. \(name)=tokenized[\"train\"]")
            }
        default: break
        }
        throw ScriptError(.typeError, "\(name) must be a Dataset, not \(value.typeName)",
                          help: "build one with load_dataset(...) or Dataset.from_dict({...})")
    }

    /// A metrics dict from `compute_metrics` as an ordered log entry.
    static func metrics(_ value: Value) throws -> LogEntry {
        var entry = LogEntry()
        for (name, item) in try Convert.pairs(value, what: "what compute_metrics returns (e.g. {'accuracy': 0.9})") {
            if let number = Convert.double(item) { entry[name] = .double(number) } else if case .str(let s) = item { entry[name] = .string(s) } else {
                throw ScriptError(.typeError, "compute_metrics returned \(item.typeName) for '\(name)'; metrics must be numbers")
            }
        }
        return entry
    }

    static let parameters: [Parameter] = [
        .optional("model"), .optional("args"), .optional("data_collator"), .optional("train_dataset"), .optional("eval_dataset"),
        .optional("processing_class"), .optional("tokenizer"), .optional("model_init"), .optional("compute_loss_func"),
        .optional("compute_metrics", .callable), .optional("callbacks", .list), .optional("optimizers"),
        .optional("preprocess_logits_for_metrics"),
    ]

    static let builtin: Builtin = {
        let builtin = constructor
        builtin.classMethods = { declaredMethods(nil) }
        return builtin
    }()

    static let constructor = Builtin("Trainer", parameters, doc: "Trains and evaluates a model (Hugging Face's Trainer).",
                                 example: "trainer = Trainer(model=model, args=args, train_dataset=train, eval_dataset=test, compute_metrics=compute_metrics)") { args in
        try bridged {
            let model = try trainerModel(args["model"])
            var arguments = TrainingArguments()
            if case .host(let object) = args["args"] {
                guard let parsed = object as? TrainingArgumentsObject else {
                    throw ScriptError(.typeError, "Trainer(args=...) must be TrainingArguments, not \(object.typeName)")
                }
                arguments = parsed.arguments
            }
            if args.isPassed("tokenizer"), !args["tokenizer"].isNone {
                if args.isPassed("processing_class"), !args["processing_class"].isNone {
                    throw ScriptError(.typeError, "Trainer got both 'tokenizer' and 'processing_class'", help: "keep only processing_class=tokenizer")
                }
                try args.context.writeLibraryWarning("warning: Trainer(tokenizer=...) is deprecated; use processing_class=tokenizer\n")
            }
            let optimizers = try TrainerMethodOverrides.given(args["optimizers"])
            var tokenizer: TokenizerObject?
            for key in ["processing_class", "tokenizer"] {
                if case .host(let object) = args[key], let found = object as? TokenizerObject { tokenizer = found }
            }
            var collator: DataCollatorWithPadding?
            if case .host(let object) = args["data_collator"], let found = object as? DataCollatorObject { collator = found.collator }
            let processingClass = args.isPassed("processing_class") ? args["processing_class"] : args["tokenizer"]
            var given: [(callback: TrainerCallback, value: Value)] = []
            for item in try args.optionalList("callbacks") ?? [] {
                given.append(try callback(item, context: args.context, model: args["model"], processingClass: processingClass))
            }
            let callbacks = given.map(\.callback) + [InterruptBridge(context: args.context, flag: Bindings.state(args.context).trainingInterrupt)]
            let trainer = try Trainer(model: model, args: arguments,
                                      trainDataset: try dataset(args["train_dataset"], name: "train_dataset", context: args.context),
                                      evalDataset: try dataset(args["eval_dataset"], name: "eval_dataset", context: args.context),
                                      tokenizer: tokenizer?.tokenizer, dataCollator: collator, callbacks: callbacks)
            trainer.interrupt = Bindings.state(args.context).trainingInterrupt
            let function = args["compute_metrics"]
            let context = args.context
            if !function.isNone {
                let spans = SpanPredictions.applies(model)
                trainer.computeOrderedMetrics = { [unowned trainer] prediction in
                    let object = EvalPredictionObject(prediction)
                    if spans {
                        object.predictions = SpanPredictions.predictions(prediction)
                        object.labelIds = try trainer.evalDataset.map(SpanPredictions.labels) ?? Value.none
                    }
                    return try metrics(try context.call(function, [.host(object)]))
                }
            }
            let interpreter = context.interpreter
            trainer.write = { text in try? CallContext(interpreter: interpreter, range: nil).write(text) }
            for case let script as ScriptCallback in callbacks { try script.onInitEnd(args: trainer.args, state: trainer.state) }
            let object = TrainerObject(trainer, model: args["model"], args: args["args"], processingClass: processingClass, callbacks: given)
            object.optimizerValue = optimizers.optimizer
            object.schedulerValue = optimizers.scheduler
            object.schedulerGiven = !optimizers.scheduler.isNone
            return .host(object)
        }
    }

    /// A callback as the script gives it: `EarlyStoppingCallback(...)`, the class itself (built with its
    /// defaults, as HF does), or a dict of hook functions `{"on_log": on_log}`.
    static func callback(_ item: Value, context: CallContext, model: Value, processingClass: Value) throws -> (callback: TrainerCallback, value: Value) {
        switch item {
        case .host(let object as CallbackObject):
            return (object.callback, item)
        case .builtin(let builtin) where builtin === CallbackObject.earlyStopping:
            let early = try bridged { try EarlyStoppingCallback(patience: 1, threshold: 0) }
            return (early, .host(CallbackObject(early, name: "EarlyStoppingCallback")))
        case .dict(let dict):
            return (try ScriptCallback.make(dict, context: context, model: model, processingClass: processingClass), item)
        case .host(let instance as Instance) where instance.isInstance(of: ScriptSubclasses.trainerCallback):
            return (try ScriptSubclasses.callback(instance, context: context, model: model, processingClass: processingClass), item)
        case .type(let type) where type.isSubtype(of: ScriptSubclasses.trainerCallback):
            guard case .host(let instance as Instance) = try context.interpreter.call(item, []) else {
                throw ScriptError(.typeError, "\(type.name)() did not build a callback")
            }
            return (try ScriptSubclasses.callback(instance, context: context, model: model, processingClass: processingClass), .host(instance))
        default:
            throw ScriptError(.typeError, "a callback must be EarlyStoppingCallback(...) or a dict of hook functions, not \(item.typeName)",
                              help: "write callbacks=[EarlyStoppingCallback(2), {\"on_log\": on_log}] with def on_log(args, state, control, logs=None, **kwargs): ...")
        }
    }

    /// The registered callback `item` names: the same dict or object, or every callback of a class.
    private func registered(_ item: Value) -> [(callback: TrainerCallback, value: Value)] {
        callbackValues.filter { entry in
            switch (item, entry.value) {
            case (.dict(let a), .dict(let b)): return a === b
            case (.host(let a), .host(let b)): return a === b
            case (.builtin(let builtin), _) where builtin === CallbackObject.earlyStopping: return entry.callback is EarlyStoppingCallback
            default: return false
            }
        }
    }

    private func remove(_ item: Value, method: String) throws -> Value {
        switch item {
        case .dict, .host, .builtin: break
        default:
            throw ScriptError(.typeError, "\(method)() needs a callback given to this Trainer (a dict of hooks, an EarlyStoppingCallback or that class), not \(item.typeName)")
        }
        let found = registered(item)
        for entry in found { trainer.removeCallback(named: entry.callback.callbackName) }
        callbackValues.removeAll { entry in found.contains { $0.callback === entry.callback } }
        return found.first?.value ?? Value.none
    }

    override var propertyNames: [String] {
        ["state", "log_history", "args", "model", "train_dataset", "eval_dataset", "optimizer", "lr_scheduler", "loss_is_scaled_for_ga"]
    }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "state": return .host(TrainerStateObject(trainer.state))
        case "log_history": return .list(trainer.logHistory.map(Convert.dict))
        case "args": return argsValue.isNone ? .host(TrainingArgumentsObject(trainer.args)) : argsValue
        case "model": return modelValue
        case "train_dataset": return trainer.trainDataset.map(DatasetObject.wrap) ?? Value.none
        case "eval_dataset": return trainer.evalDataset.map(DatasetObject.wrap) ?? Value.none
        case "optimizer": return optimizerValue
        case "lr_scheduler": return schedulerValue
        case "loss_is_scaled_for_ga": return trainer.lossIsScaledForGA.map(Value.bool) ?? Value.none
        default: return nil
        }
    }

    /// The global variable holding this trainer (`trainer2`), so the resume hint names what the script calls.
    private func nameFromScript(_ context: CallContext) {
        let interpreter = context.interpreter
        let names = interpreter.globalNames.filter { name in
            if case .host(let object)? = interpreter.global(name) { return object === self }
            return false
        }
        trainer.scriptName = names.contains("trainer") ? "trainer" : (names.first ?? "trainer")
    }

    /// Picks the progress display: placeholders in recording mode (notebook outputs stay stable).
    private func prepareProgress(_ context: CallContext) throws {
        let rows = trainer.trainDataset?.count ?? 0
        let total = (try? TrainingPlan(arguments: trainer.args, trainExamples: rows, worldSize: trainer.processGroup?.size ?? 1).maxSteps) ?? 10
        trainer.liveProgress = nil
        trainer.progressWrite = nil
        if context.session.isRecording {
            trainer.progressMode = .recording(every: max(1, total / 10))
        } else if let display = context.session.liveDisplay, let recorded = context.session.recordedOnly {
            // The REPL: a live bar on the terminal, the notebook form (what a replay prints) recorded.
            trainer.progressMode = .terminal
            trainer.liveProgress = (display: { display.write($0) }, recorded: { recorded.write($0) }, every: max(1, total / 10))
        } else {
            // A script: the bar on standard error as tqdm draws it, so `> log.txt` keeps the logged dicts only.
            trainer.progressMode = nil
            let interpreter = context.interpreter
            trainer.progressWrite = { text in try? CallContext(interpreter: interpreter, range: nil).writeError(text) }
        }
        let interpreter = context.interpreter
        trainer.warningWrite = context.isScriptRun ? { text in try? CallContext(interpreter: interpreter, range: nil).writeError(text) } : nil
    }

    override func methods() -> [Builtin] { Self.declaredMethods(self) }

    /// The methods bound to `object`; with nil (for `?Trainer.train` on the class) they only describe themselves.
    static func declaredMethods(_ object: TrainerObject?) -> [Builtin] {
        func owner() throws -> TrainerObject {
            guard let object else {
                throw ScriptError(.typeError, "Trainer's methods are called on a trainer, not on the class",
                                  help: "make one first: trainer = Trainer(model=model, args=args, train_dataset=train), then trainer.train()")
            }
            return object
        }
        func method(_ name: String, _ parameters: [Parameter] = [], doc: String, example: String = "",
                    _ body: @escaping (Arguments) throws -> Value) -> Builtin {
            Builtin(name, owner: "Trainer", parameters, doc: doc, example: example) { args in try bridged { try body(args) } }
        }
        return [
            method("train", [Parameter("resume_from_checkpoint", .oneOf([.bool, .str, .optional(.any)]), default: Value.none)],
                   doc: "Run the training loop; returns TrainOutput(global_step, training_loss, metrics).",
                   example: "result = trainer.train()") { args in
                try owner().prepareProgress(args.context)
                try owner().nameFromScript(args.context)
                TrainerLossOverride.install(on: try owner(), context: args.context)
                try TrainerMethodOverrides.install(on: try owner(), context: args.context)
                var resume: ResumeFrom?
                switch args["resume_from_checkpoint"] {
                case .bool(true): resume = .latest
                case .str(let path): resume = .path(try readablePath(args.context, path))
                default: resume = nil
                }
                let output: TrainOutput
                do {
                    output = try scriptWarnings(args.context) { try owner().trainer.train(resumeFromCheckpoint: resume) }   // prints its own note after Ctrl-C
                } catch {
                    // An exception from a callback hook (or the loop) ends the run at a step boundary: leave the
                    // model in eval mode as a finished run does, so later calls are deterministic (no dropout).
                    try owner().trainer.model.eval()
                    throw error
                }
                return .host(RecordObject("TrainOutput", [("global_step", .int(output.globalStep)),
                                                          ("training_loss", .float(output.trainingLoss)),
                                                          ("metrics", Convert.dict(output.metrics))], unpackable: true))
            },
            method("is_world_process_zero", doc: "True on rank 0 of a data-parallel run (mpirun), and in a single process.",
                   example: "if trainer.is_world_process_zero(): print('done')") { _ in
                .bool(try owner().trainer.isWorldProcessZero)
            },
            method("is_local_process_zero", doc: "True on the first rank of this machine (and in a single process).",
                   example: "trainer.is_local_process_zero()") { _ in
                .bool(LaunchEnvironment.current.localRank == 0)
            },
            method("evaluate", [.optional("eval_dataset"), .optional("ignore_keys", .list), Parameter("metric_key_prefix", .str, default: .str("eval"))],
                   doc: "Evaluate on the eval dataset; returns the metrics dict (eval_loss, eval_<metric>...).",
                   example: "metrics = trainer.evaluate()") { args in
                let me = try owner()
                if !me.trainer.isTraining {
                    try me.prepareProgress(args.context)
                    TrainerLossOverride.install(on: me, context: args.context)
                    try TrainerMethodOverrides.install(on: me, context: args.context)
                }
                let dataset = try TrainerObject.dataset(args["eval_dataset"], name: "eval_dataset", context: args.context)
                me.lastLogDict = nil
                let metrics = try me.trainer.evaluate(evalDataset: dataset, metricKeyPrefix: try args.string("metric_key_prefix"))
                // A log override got (and may have changed) the metrics dict: HF's evaluate returns that same dict.
                if let logged = me.lastLogDict { me.lastLogDict = nil; return .dict(logged) }
                return Convert.dict(metrics)
            },
            method("predict", [Parameter("test_dataset"), .optional("ignore_keys", .list), Parameter("metric_key_prefix", .str, default: .str("test"))],
                   doc: "Predictions, label_ids and metrics on a dataset.",
                   example: "preds, labels, metrics = trainer.predict(test)") { args in
                let me = try owner()
                if !me.trainer.isTraining {
                    TrainerLossOverride.install(on: me, context: args.context)
                    try TrainerMethodOverrides.install(on: me, context: args.context)
                }
                guard let dataset = try TrainerObject.dataset(args["test_dataset"], name: "test_dataset", context: args.context) else {
                    throw ScriptError(.valueError, "predict() needs a dataset")
                }
                let output = try owner().trainer.predict(dataset, metricKeyPrefix: try args.string("metric_key_prefix"))
                let p = output.predictions
                var predictions = TensorObject.wrap(NDArray(shape: p.predictionShape, values: p.predictions))
                var labels = output.labelIds.map { TensorObject.wrap(NDArray(shape: p.labelShape, values: $0.map(Double.init), dtype: .int64)) } ?? Value.none
                if SpanPredictions.applies(me.trainer.model) {
                    predictions = SpanPredictions.predictions(p)
                    labels = try SpanPredictions.labels(dataset)
                }
                // numpy arrays, as transformers returns them (float32 logits, int64 labels)
                predictions = TensorObject.markingNumpy(predictions, .float32)
                labels = TensorObject.markingNumpy(labels, .float32)
                return .host(RecordObject("PredictionOutput", [("predictions", predictions), ("label_ids", labels),
                                                               ("metrics", Convert.dict(output.metrics))], unpackable: true))
            },
            method("save_model", [.optional("output_dir", .str)], doc: "Save the model (the adapter for a PEFT model) and tokenizer.",
                   example: "trainer.save_model('out/best')") { args in
                let directory = try args.optionalString("output_dir").map { try writablePath(args.context, $0) }
                try owner().trainer.saveModel(directory)
                return Value.none
            },
            method("add_callback", [Parameter("callback")], doc: "Add a callback: EarlyStoppingCallback(...) or a dict of hook functions.",
                   example: "trainer.add_callback({\"on_log\": on_log})") { args in
                let added = try TrainerObject.callback(args["callback"], context: args.context, model: try owner().modelValue,
                                                       processingClass: try owner().processingClass)
                try owner().trainer.addCallback(added.callback)
                try owner().callbackValues.append(added)
                return Value.none
            },
            method("remove_callback", [Parameter("callback")], doc: "Remove a callback given earlier (the same dict or object, or a class).",
                   example: "trainer.remove_callback(EarlyStoppingCallback)") { args in
                _ = try owner().remove(args["callback"], method: "remove_callback")
                return Value.none
            },
            method("pop_callback", [Parameter("callback")], doc: "Remove a callback and return it (None when it was not there).",
                   example: "early = trainer.pop_callback(EarlyStoppingCallback)") { args in
                try owner().remove(args["callback"], method: "pop_callback")
            },
        ] + (object?.baseMethods() ?? [])
    }
}

/// `pipeline("text-classification", model=..., tokenizer=...)`: label and score per text.
final class PipelineObject: HostBase {
    let pipeline: TextClassificationPipeline

    init(_ pipeline: TextClassificationPipeline) { self.pipeline = pipeline }

    override var typeName: String { "TextClassificationPipeline" }
    override func repr() -> String { "TextClassificationPipeline(model=\(pipeline.model.className))" }

    override func asCallable() -> Builtin? {
        method("__call__", [Parameter("inputs"), Parameter("top_k", .optional(.int), default: .int(1))],
               doc: "Classify a text or a list of texts.", example: "classifier(['I love it', 'meh'])") { args in
            let (texts, single) = try PipelineInputs.texts(args["inputs"], context: args.context)
            let explicitTopK = args.isPassed("top_k")
            let results = try self.pipeline(texts, topK: try args.optionalInt("top_k"))
            let rows: [Value] = results.map { ranked in
                let dicts = ranked.map { Value.dict([("label", .str($0.label)), ("score", .float($0.score))]) }
                return explicitTopK ? .list(dicts) : (dicts.first ?? Value.none)
            }
            return single && explicitTopK ? (rows.first ?? .list([])) : .list(rows)
        }
    }

    static let builtin = Builtin("pipeline", [Parameter("task", .str), .optional("model"), .optional("tokenizer"), .optional("device"),
                                              .keyword("aggregation_strategy", default: Value.none), .keyword("ignore_labels", default: Value.none),
                                              .keyword("stride", default: Value.none)],
                                 doc: "An inference helper: pipeline('text-classification', 'ner' (token-classification), 'question-answering' or 'text-generation', model=model, tokenizer=tokenizer).",
                                 example: "classifier = pipeline('text-classification', model=model, tokenizer=tokenizer)") { args in
        try bridged {
            guard case .host(let object) = args["tokenizer"], let tokenizer = object as? TokenizerObject else {
                throw ScriptError(.typeError, "pipeline() needs tokenizer=, the tokenizer of the model")
            }
            if ["ner", "token-classification"].contains(try args.string("task")) {
                return try TokenClassificationPipelineObject.make(model: args["model"], tokenizer: tokenizer, aggregation: args["aggregation_strategy"],
                                                                  ignoreLabels: args["ignore_labels"], stride: args["stride"], context: args.context)
            }
            if try args.string("task") == "question-answering" {
                let model = try TrainerObject.trainerModel(args["model"])
                return .host(QuestionAnsweringPipelineObject(QuestionAnsweringPipeline(model: model, tokenizer: tokenizer.tokenizer)))
            }
            if try args.string("task") == "text-generation" {
                return .host(try TextGenerationPipelineObject(model: args["model"], tokenizer: tokenizer, context: args.context))
            }
            let model = try TrainerObject.trainerModel(args["model"])
            return .host(PipelineObject(try Training.pipeline(try args.string("task"), model: model, tokenizer: tokenizer.tokenizer)))
        }
    }
}

extension CallContext {
    /// True when running a script (the session writes to the process's stderr): not a notebook, not the REPL.
    var isScriptRun: Bool { !session.isRecording && session.liveDisplay == nil && session.errors is StandardError }

    /// A library warning (the Trainer's, TrainingArguments' renames): standard error in a script, as
    /// transformers' logging writes it (so `> log.txt` keeps only what the script printed); the cell's
    /// output in notebooks and the REPL, as before.
    func writeLibraryWarning(_ text: String) throws {
        if isScriptRun { try writeError(text) } else { try write(text) }
    }
}
