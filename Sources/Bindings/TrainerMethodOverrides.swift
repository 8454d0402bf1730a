import Foundation
import Lang
import NumericArrays
import Models
import PythonBasics
import TensorCore
import Training

/// A `Trainer` subclass's `training_step`, `evaluate`, `log` and `create_optimizer`, the class attribute
/// `loss_is_scaled_for_ga`, and `Trainer(optimizers=(optimizer, scheduler))`: the Trainer calls them
/// where Hugging Face's Trainer calls its own methods. The base methods (`TrainerObject.baseMethods`)
/// are what an override's `super().…` reaches.
enum TrainerMethodOverrides {
    /// Points the core Trainer at the script's methods before `train()`/`evaluate()`.
    static func install(on object: TrainerObject, context: CallContext) throws {
        let trainer = object.trainer
        let instance = object.scriptInstance
        var overrides = TrainerOverrides()
        if let method = instance?.override("training_step") {
            let takesCount = positionalCount(method).map { $0 >= 3 } ?? true
            overrides.trainingStep = { [unowned object] step in
                let proxy = try object.stepModel()
                var arguments: [Value] = [.host(proxy), .dict(try TrainerLossOverride.inputs(step, for: proxy.model))]
                if takesCount { arguments.append(step.itemsInBatch.map { .int($0) } ?? Value.none) }
                let result = try context.interpreter.session.deferringInterrupts { try context.interpreter.call(method, arguments) }
                guard case .host(let returned) = result, let tensor = returned as? TensorObject, tensor.array.count == 1 else {
                    throw ScriptError(.typeError, "training_step must return the step's loss as a tensor (e.g. loss.detach()), not \(result.typeName)",
                                      help: "end it with: return loss.detach()")
                }
                return tensor.array.values[0]
            }
        }
        if let method = instance?.override("evaluate") {
            overrides.evaluate = { try TrainerObject.metrics(try context.interpreter.call(method, [])) }
        }
        if let method = instance?.override("log") {
            overrides.log = { [unowned object] entry in
                let logs = TrainerObject.scriptDict(entry)
                object.lastLogDict = logs
                _ = try context.interpreter.call(method, [.dict(logs)])
            }
        }
        trainer.overrides = overrides
        trainer.lossIsScaledForGA = nil
        if let instance, let value = try instance.getAttribute("loss_is_scaled_for_ga", context: context), !value.isNone {
            guard case .bool(let flag) = value else {
                throw ScriptError(.typeError, "loss_is_scaled_for_ga must be True, False or None, not \(value.typeName)")
            }
            trainer.lossIsScaledForGA = flag
        }
        let create = instance?.override("create_optimizer")
        let createScheduler = instance?.override("create_scheduler")
        guard create != nil || createScheduler != nil || !object.optimizerValue.isNone else {
            trainer.makeOptimizer = nil
            return
        }
        // HF's create_optimizer_and_scheduler: create_optimizer(), then
        // create_scheduler(num_training_steps=max_steps, optimizer=self.optimizer).
        trainer.makeOptimizer = { [unowned object] maxSteps, warmupSteps in
            object.plannedWarmupSteps = warmupSteps
            if let create {
                let returned = try context.interpreter.call(create, [])
                let assigned = instance?.attributes.get("optimizer") ?? Value.none
                object.optimizerValue = assigned.isNone ? returned : assigned
            } else if object.optimizerValue.isNone {
                object.optimizerValue = try object.defaultOptimizer(context)
                instance?.attributes.set("optimizer", object.optimizerValue)
            }
            guard case .host(let host) = object.optimizerValue, let optimizer = host as? OptimizerObject else {
                throw ScriptError(.typeError, "the Trainer's optimizer must be a torch.optim optimizer, not \(object.optimizerValue.typeName)",
                                  help: "create_optimizer must set self.optimizer = torch.optim.AdamW(self.model.parameters(), lr=...) and return it")
            }
            let scheduler: SchedulerObject
            if object.schedulerGiven, case .host(let given) = object.schedulerValue, let found = given as? SchedulerObject {
                scheduler = found
            } else if let createScheduler {
                let returned = try context.interpreter.call(createScheduler, [], keywords: [("num_training_steps", .int(maxSteps)),
                                                                                          ("optimizer", object.optimizerValue)])
                let assigned = instance?.attributes.get("lr_scheduler") ?? Value.none
                let value = assigned.isNone ? returned : assigned
                guard case .host(let made) = value, let found = made as? SchedulerObject else {
                    throw ScriptError(.typeError, "create_scheduler must set self.lr_scheduler to a learning-rate scheduler and return it, not \(value.typeName)",
                                      help: "e.g. self.lr_scheduler = get_cosine_schedule_with_warmup(optimizer, 10, num_training_steps); return self.lr_scheduler")
                }
                guard found.optimizer === optimizer else {
                    throw ScriptError(.valueError, "the scheduler create_scheduler returned is built on another optimizer than the Trainer's",
                                      help: "build it on the optimizer argument (or self.optimizer)")
                }
                scheduler = found
                object.schedulerValue = value
            } else {
                scheduler = try object.defaultScheduler(optimizer, maxSteps: maxSteps, warmupSteps: warmupSteps, context: context)
                object.schedulerValue = .host(scheduler)
            }
            return ScriptOptimizer(optimizer: optimizer, scheduler: scheduler)
        }
    }

    /// `Trainer(optimizers=(optimizer, scheduler))`: either may be None (HF's default for that part).
    static func given(_ value: Value) throws -> (optimizer: Value, scheduler: Value) {
        guard !value.isNone else { return (Value.none, Value.none) }
        guard let items = value.sequenceItems, items.count == 2 else {
            throw ScriptError(.typeError, "optimizers must be a tuple (optimizer, lr_scheduler), not \(value.typeName)",
                              help: "write optimizers=(optimizer, scheduler), or optimizers=(optimizer, None) for the Trainer's schedule")
        }
        if !items[0].isNone { _ = try SchedulerObject.optimizer(items[0]) }
        if !items[1].isNone {
            guard case .host(let host) = items[1], let scheduler = host as? SchedulerObject else {
                throw ScriptError(.typeError, "the second item of optimizers must be a learning-rate scheduler or None, not \(items[1].typeName)",
                                  help: "e.g. get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps)")
            }
            guard case .host(let host) = items[0], host === scheduler.optimizer else {
                throw ScriptError(.valueError, "the scheduler in optimizers=(optimizer, scheduler) must be built on that optimizer",
                                  help: "create the scheduler with the same optimizer object")
            }
        }
        return (items[0], items[1])
    }

    /// Positional parameters of a bound script method after `self` (nil when unknown or `*args`).
    static func positionalCount(_ method: Value) -> Int? {
        guard case .host(let object) = method, let bound = object as? BoundMethodObject, case .function(let f) = bound.callee else { return nil }
        if f.parameters.contains(where: { $0.kind == .variadic }) { return nil }
        return f.parameters.filter { $0.kind == .positionalOnly || $0.kind == .positionalOrKeyword }.count - 1
    }
}

/// A script's torch.optim optimizer and scheduler, stepped by the Trainer in HF's order.
final class ScriptOptimizer: ExternalOptimizer {
    let optimizer: OptimizerObject
    let scheduler: SchedulerObject

    init(optimizer: OptimizerObject, scheduler: SchedulerObject) {
        (self.optimizer, self.scheduler) = (optimizer, scheduler)
    }

    func step() throws { try optimizer.step() }
    func lastLearningRate() throws -> Double { scheduler.firstLastLr }
    func schedulerStep() throws { try scheduler.step() }
}

extension TrainerObject {
    /// The model a `training_step`/`compute_loss` override receives (forward passes keep their autograd history).
    func stepModel() throws -> StepModel {
        guard case .host(let object) = modelValue, let model = (object as? ModelHost)?.taskModel else {
            throw ScriptError(.typeError, "the Trainer's model cannot run a training step")
        }
        return StepModel(host: object, model: model)
    }

    /// A log entry as the dict a script's `log(logs)` gets (ints stay ints).
    static func scriptDict(_ entry: LogEntry) -> DictObject {
        let dict = DictObject()
        for (key, value) in entry { dict.set(key, Convert.value(value)) }
        return dict
    }

    /// A dict a script logs, as a log entry (numbers, strings, bools; ints stay ints).
    static func logEntry(_ value: Value) throws -> LogEntry {
        var entry = LogEntry()
        for (name, item) in try Convert.pairs(value, what: "the logs passed to log() (e.g. {'my_metric': 0.5})") {
            switch item {
            case .int(let i): entry[name] = .int(i)
            case .bool(let b): entry[name] = .bool(b)
            case .str(let s): entry[name] = .string(s)
            case .none: entry[name] = .null
            default:
                guard let number = Convert.double(item) else {
                    throw ScriptError(.typeError, "log() got \(item.typeName) for '\(name)'; logged values must be numbers or strings")
                }
                entry[name] = .double(number)
            }
        }
        return entry
    }
}

extension TrainerObject {
    /// HF's own `training_step`, `compute_loss`, `log` and `create_optimizer`: what a subclass's
    /// `super().…` calls (and what `trainer.log({...})` does on a plain Trainer).
    func baseMethods() -> [Builtin] {
        [
            method("training_step", [Parameter("model"), Parameter("inputs", .dict), .optional("num_items_in_batch")],
                   doc: "One micro-batch: compute_loss, gradient-accumulation scaling as transformers 5, backward; returns the detached loss.",
                   example: "loss = super().training_step(model, inputs, num_items_in_batch)") { args in
                guard self.trainer.isTraining else {
                    throw ScriptError(.runtimeError, "training_step runs inside trainer.train()", help: "call trainer.train()")
                }
                let step = try self.lossStep(args["inputs"], itemsInBatch: args["num_items_in_batch"])
                let value = try bridged { try self.trainer.trainingStep(step) }
                return TensorObject.wrap(NDArray(scalar: value))
            },
            method("compute_loss", [Parameter("model"), Parameter("inputs", .dict), Parameter("return_outputs", .bool, default: .bool(false)),
                                    .optional("num_items_in_batch")],
                   doc: "The model's loss on inputs (outputs.loss); (loss, outputs) with return_outputs=True.",
                   example: "loss, outputs = super().compute_loss(model, inputs, return_outputs=True)") { args in
                guard case .dict(let inputs) = args["inputs"] else { throw ScriptError(.typeError, "inputs must be a dict") }
                var keywords: [(String, Value)] = []
                for (key, value) in inputs.pairs {
                    guard case .str(let name) = key else { throw ScriptError(.typeError, "inputs keys must be str") }
                    keywords.append((name, value))
                }
                // As transformers: the count goes to the model (causal LMs divide their summed loss by it).
                if !args["num_items_in_batch"].isNone { keywords.append(("num_items_in_batch", args["num_items_in_batch"])) }
                let outputs = try args.context.interpreter.call(args["model"], [], keywords: keywords)
                guard case .host(let host) = outputs, let record = host as? RecordObject,
                      let loss = record.fields.first(where: { $0.0 == "loss" })?.1, !loss.isNone else {
                    throw ScriptError(.valueError, "The model did not return a loss from the inputs; pass 'labels' in inputs",
                                      help: "the batch needs a labels column (or compute the loss yourself from outputs.logits)")
                }
                return try args.bool("return_outputs") ? .tuple([loss, outputs]) : loss
            },
            method("log", [Parameter("logs", .dict), .optional("start_time")],
                   doc: "Add epoch, append to state.log_history, call the callbacks' on_log and print the line.",
                   example: "self.log({'my_metric': 0.5})") { args in
                guard case .dict(let logs) = args["logs"] else { throw ScriptError(.typeError, "logs must be a dict") }
                if let epoch = self.trainer.state.epoch { logs.set("epoch", .float(epoch)) }
                let entry = try TrainerObject.logEntry(args["logs"])
                _ = try bridged { try self.trainer.defaultLog(entry) }
                return Value.none
            },
            method("create_scheduler", [Parameter("num_training_steps", .int), .optional("optimizer")],
                   doc: "HF's get_scheduler(lr_scheduler_type, optimizer, warmup, num_training_steps) unless trainer.lr_scheduler is set; sets and returns it.",
                   example: "scheduler = super().create_scheduler(num_training_steps, optimizer)") { args in
                if self.schedulerValue.isNone {
                    let given = args["optimizer"].isNone ? self.optimizerValue : args["optimizer"]
                    let optimizer = try SchedulerObject.optimizer(given)
                    self.schedulerValue = .host(try self.defaultScheduler(optimizer, maxSteps: try args.int("num_training_steps"),
                                                                          warmupSteps: self.plannedWarmupSteps, context: args.context))
                }
                if let instance = self.scriptInstance { instance.attributes.set("lr_scheduler", self.schedulerValue) }
                return self.schedulerValue
            },
            method("create_optimizer", [.optional("model")],
                   doc: "HF's AdamW over the trainable parameters (decay and no-decay groups); sets and returns trainer.optimizer.",
                   example: "optimizer = super().create_optimizer()") { args in
                if self.optimizerValue.isNone { self.optimizerValue = try self.defaultOptimizer(args.context) }
                if let instance = self.scriptInstance { instance.attributes.set("optimizer", self.optimizerValue) }
                return self.optimizerValue
            },
        ]
    }

    /// HF's `create_scheduler`: `get_scheduler(lr_scheduler_type, optimizer, warmup, total)`, a LambdaLR with
    /// transformers' formula over each group's initial rate.
    func defaultScheduler(_ optimizer: OptimizerObject, maxSteps: Int, warmupSteps: Int, context: CallContext) throws -> SchedulerObject {
        let base = try optimizer.groups.first.map { try OptimizerObject.number($0, "lr") } ?? trainer.args.learningRate
        let curve = LearningRateCurve(type: trainer.args.lrSchedulerType, baseLearningRate: base, warmupSteps: warmupSteps,
                                      totalSteps: maxSteps, kwargs: trainer.args.lrSchedulerKwargs)
        return try SchedulerObject(name: "LambdaLR", optimizer: optimizer, rule: .curve(curve), context: context)
    }

    /// `torch.optim.AdamW` with HF's two groups (weight decay except biases and norm weights) and the
    /// TrainingArguments' learning rate, betas and epsilon.
    func defaultOptimizer(_ context: CallContext) throws -> Value {
        let model = trainer.model
        let groups = OptimizerSetup.groups(parameters: model.trainableParameters(), normTensors: model.normParameterIdentifiers())
        let a = trainer.args
        var dicts: [Value] = []
        for (entries, decay) in [(groups.decay, a.weightDecay), (groups.noDecay, 0.0)] where !entries.isEmpty {
            dicts.append(.dict([("params", .list(entries.map { TensorObject.parameter($0.tensor) })),
                                ("weight_decay", .float(decay))]))
        }
        guard let adamW = TorchOptimBindings.optimizers.first(where: { $0.name == "AdamW" }) else {
            throw ScriptError(.runtimeError, "torch.optim.AdamW is missing")
        }
        return try context.interpreter.call(.builtin(adamW), [.list(dicts)],
                                            keywords: [("lr", .float(a.learningRate)), ("betas", .tuple([.float(a.adamBeta1), .float(a.adamBeta2)])),
                                                       ("eps", .float(a.adamEpsilon))])
    }

    /// A script's `inputs` dict (tensors or lists) as the core's step.
    func lossStep(_ value: Value, itemsInBatch: Value) throws -> LossStep {
        guard case .dict(let inputs) = value else { throw ScriptError(.typeError, "inputs must be a dict of tensors") }
        guard let ids = inputs.get("input_ids") else {
            throw ScriptError(.keyError, "inputs has no 'input_ids'", help: "pass the batch dict the Trainer gave training_step")
        }
        let inputIds = try ModelInputs.ids(ids, name: "input_ids")
        let mask = try inputs.get("attention_mask").map { try ModelInputs.ids($0, name: "attention_mask") }
            ?? (try IntTensor(shape: inputIds.shape, values: [Int32](repeating: 1, count: inputIds.values.count)))
        let types = try inputs.get("token_type_ids").map { try ModelInputs.ids($0, name: "token_type_ids") }
        let labels = try (inputs.get("labels") ?? inputs.get("label")).map(ModelInputs.labels)
        var items: Int? = nil
        if !itemsInBatch.isNone {
            guard let number = Convert.double(itemsInBatch), number.isFinite, number >= 0 else {
                throw ScriptError(.typeError, "num_items_in_batch must be a count, not \(itemsInBatch.typeName)")
            }
            items = try CheckedInt.truncating(number, what: "num_items_in_batch")
        }
        return LossStep(inputIds: inputIds, attentionMask: mask, tokenTypeIds: types, labels: labels, training: true,
                        itemsInBatch: items, model: trainer.model)
    }
}
