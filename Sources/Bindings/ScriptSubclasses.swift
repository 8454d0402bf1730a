import Foundation
import Lang
import TensorCore
import Training

/// Host classes scripts subclass, as Hugging Face code does:
///
///     class LoggingCallback(TrainerCallback):          # on_* methods are hooks with HF's signatures
///         def on_log(self, args, state, control, logs=None, **kwargs): ...
///     class WeightedTrainer(Trainer):                   # compute_loss is called for every step
///         def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None): ...
///     class TweetDataset(torch.utils.data.Dataset):     # __len__/__getitem__ feed the Trainer
///         def __len__(self): ...
///         def __getitem__(self, i): return {"input_ids": ..., "labels": ...}
enum ScriptSubclasses {
    /// `transformers.TrainerCallback`: every hook HF fires does nothing until a subclass overrides it.
    static let trainerCallback: TypeObject = {
        let hooks = TrainerEvent.allCases.map(\.rawValue)
        let methods = hooks.map { name in
            Builtin(name, owner: "TrainerCallback", [Parameter("self"), Parameter("args"), Parameter("state"), Parameter("control"),
                                                     .keywords("kwargs")],
                    doc: "A Trainer event hook; override it in a subclass.") { _ in Value.none }
        }
        return TypeObject.nativeClass(name: "TrainerCallback", module: "transformers.trainer_callback",
                                      doc: "Base class of Trainer callbacks: subclass it and override on_log, on_epoch_end, ...",
                                      methods: methods)
    }()

    /// `torch.utils.data.Dataset`: a map-style dataset is any subclass with `__len__` and `__getitem__`.
    static let torchDataset: TypeObject = {
        let getItem = Builtin("__getitem__", owner: "Dataset", [Parameter("self"), Parameter("index")],
                              doc: "One example; a subclass must define it.") { _ in
            throw ScriptError(.notImplementedError, "Subclasses of Dataset should implement __getitem__.")
        }
        return TypeObject.nativeClass(name: "Dataset", module: "torch.utils.data.dataset",
                                      doc: "Base class of map-style datasets: define __len__ and __getitem__.", methods: [getItem])
    }()

    /// A callback given as an instance of a `TrainerCallback` subclass: its overridden `on_*` methods.
    static func callback(_ instance: Instance, context: CallContext, model: Value, processingClass: Value) throws -> ScriptCallback {
        var hooks: [(TrainerEvent, Value)] = []
        for hook in TrainerEvent.allCases {
            if let method = instance.override(hook.rawValue) { hooks.append((hook, method)) }
        }
        return ScriptCallback(source: instance.attributes, hooks: hooks, context: context, model: model, processingClass: processingClass)
    }

    /// A map-style dataset object (`__len__` + `__getitem__` returning dicts) as a Trainer dataset: every
    /// example is read once, in order; tensors become lists.
    static func dataset(_ instance: Instance, name: String, context: CallContext) throws -> Dataset {
        guard instance.type.lookup("__len__") != nil, instance.type.lookup("__getitem__") != nil else {
            throw ScriptError(.typeError, "\(name) must be a Dataset or an object with __len__ and __getitem__, not \(instance.typeName)",
                              help: "define __len__(self) and __getitem__(self, i) returning a dict such as {'input_ids': [...], 'labels': 1}")
        }
        let count = try instance.override("__len__").map { try context.interpreter.call($0, []) } ?? .int(instance.length() ?? 0)
        guard let n = count.intValue, n >= 0 else {
            throw ScriptError(.typeError, "\(instance.typeName).__len__ must return a non-negative int, not \(count.typeName)")
        }
        var rows: [Row] = []
        for i in 0..<n {
            let item = try instance.getItem(.int(i), context: context)
            guard case .dict(let dict) = item else {
                throw ScriptError(.typeError, "\(instance.typeName).__getitem__ must return a dict of columns for the Trainer, not \(item.typeName)",
                                  notes: ["item \(i)"], help: "return e.g. {'input_ids': ids, 'attention_mask': mask, 'labels': label}")
            }
            let plain = DictObject()
            for (key, value) in dict.pairs { try plain.set(key, try plainValue(value, context: context)) }
            rows.append(try Convert.rowRecord(.dict(plain)))
        }
        return try Dataset.fromList(rows)
    }

    /// Tensors (0-d or 1-d) as plain numbers and lists, so rows can be stored.
    private static func plainValue(_ value: Value, context: CallContext) throws -> Value {
        if case .host(let object) = value, let tensor = object as? TensorObject { return tensor.array.toValue() }
        return value
    }
}
