import Foundation
import Lang
import Models
import PEFT
import TensorCore
import Training

/// `LoraConfig(...)` in scripts: every PEFT field, read back as attributes (one field at a time, from
/// PEFT's `LoraConfigField` list); the repr lists the common fields.
final class LoraConfigObject: HostBase {
    let config: LoraConfig

    init(_ config: LoraConfig) { self.config = config }

    override var typeName: String { "LoraConfig" }

    /// The fields a repr shows (PEFT's order; the rarely used ones are left out).
    static let shownFields = ["task_type", "r", "lora_alpha", "lora_dropout", "target_modules", "exclude_modules", "bias",
                              "use_rslora", "modules_to_save", "init_lora_weights", "layers_to_transform", "layers_pattern",
                              "rank_pattern", "alpha_pattern", "inference_mode", "base_model_name_or_path"]

    override func repr() -> String {
        let shown = LoraConfigObject.shownFields.compactMap { key in config.value(named: key).map { (key, $0) } }
        return "LoraConfig(" + shown.map { "\($0.0)=\(Convert.value($0.1).repr)" }.joined(separator: ", ") + ")"
    }

    override var propertyNames: [String] {
        LoraConfigField.allCases.map(\.rawValue) + config.otherFields.map(\.key) + ["peft_type"]
    }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        guard let value = config.value(named: name) else { return nil }
        if name == "target_modules", case .array(let items) = value {
            let set = SetObject()
            for item in items { try set.insert(Convert.value(item)) }
            return .set(set)
        }
        return Convert.value(value)
    }

    override func methods() -> [Builtin] {
        [method("to_dict", doc: "Every field as a dict (what adapter_config.json holds).", example: "config.to_dict()") { _ in
            Convert.value(self.config.jsonValue(forceInferenceMode: false))
        }]
    }

    /// `LoraConfig(r=8, lora_alpha=16, ...)`: one keyword parameter per PEFT field, so a misspelt
    /// keyword gets the checker's "did you mean".
    static let builtin: Builtin = {
        let names = LoraConfig.keywordNames
        let ordered = shownFields.filter(names.contains) + names.filter { !shownFields.contains($0) }.sorted()
        let defaults = LoraConfig()
        // The common fields show their PEFT defaults in the signature; the rare ones are just optional.
        let parameters = ordered.map { name -> Parameter in
            if shownFields.contains(name), let value = defaults.value(named: name) {
                return Parameter(name, default: Convert.value(value), kind: .keywordOnly)
            }
            return Parameter.omittable(name, kind: .keywordOnly)
        }
        let builtin = Builtin("LoraConfig", parameters, doc: "LoRA settings: rank r, lora_alpha, lora_dropout, target_modules, task_type, ...",
                       example: "LoraConfig(task_type='SEQ_CLS', r=8, lora_alpha=16, lora_dropout=0.1, target_modules=['query', 'value'])") { args in
            try bridged {
                var pairs: [(key: String, value: PeftJSON)] = []
                for name in ordered where args.isPassed(name) { pairs.append((name, try Convert.peftJSON(args[name]))) }
                return .host(LoraConfigObject(try LoraConfig.from(dictionary: pairs, unknownKeys: .reject)))
            }
        }
        builtin.parameterHelp = LoraConfigHelp.entries(for: ordered)
        return builtin
    }()
}

/// A `PeftModel` in scripts (what `get_peft_model` and `PeftModel.from_pretrained` return).
final class PeftModelObject: ModelHostBase {
    let peft: PeftModel

    init(_ peft: PeftModel) {
        self.peft = peft
        super.init(peft, adapted: true)
    }

    override var typeName: String { "PeftModel" }

    override var propertyNames: [String] {
        ["active_adapter", "active_adapters", "peft_config", "base_model", "config", "training", "generation_config",
         "name_or_path", "num_labels", "device", "dtype"]
    }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "active_adapter": return .str(peft.activeAdapter)
        case "active_adapters": return .list(peft.activeAdapters.map { .str($0) })
        case "peft_config": return .dict(peft.peftConfig.map { ($0.name, Value.host(LoraConfigObject($0.config))) })
        case "base_model": return .host(ModelObject(peft.baseModel))
        case "config": return ModelObject.config(peft.baseModel.config)
        case "training": return .bool(peft.isTraining)
        case "generation_config": return .host(Bindings.state(context).generationConfig(for: peft.baseModel))
        // what PEFT's __getattr__ forwards to the wrapped transformers model (`model.device`, `model.dtype`, …)
        default: return try ModelObject(peft.baseModel).property(name, context: context)
        }
    }

    override func methods() -> [Builtin] {
        var list = [
            method("print_trainable_parameters", doc: "Print PEFT's line: trainable params, all params, trainable%.",
                   example: "model.print_trainable_parameters()") { args in
                try args.context.write(self.peft.trainableParametersSummary + "\n")
                return Value.none
            },
            method("get_nb_trainable_parameters", doc: "(trainable, all) parameter counts.",
                   example: "trainable, total = model.get_nb_trainable_parameters()") { _ in
                let counts = self.peft.getNbTrainableParameters()
                return .tuple([.int(counts.trainable), .int(counts.all)])
            },
            method("save_pretrained", [Parameter("save_directory", .str), .optional("selected_adapters", .list)],
                   doc: "Write adapter_config.json + adapter_model.safetensors (PEFT's format).",
                   example: "model.save_pretrained('out/adapter')") { args in
                let directory = try writablePath(args.context, try args.string("save_directory"))
                let selected = try args.optionalList("selected_adapters")?.compactMap(\.stringValue)
                guard LaunchEnvironment.current.rank == 0 else { return Value.none }  // data-parallel: rank 0 writes
                try self.peft.savePretrained(URL(fileURLWithPath: directory), selectedAdapters: selected)
                return Value.none
            },
            method("save_gguf_adapter", [Parameter("path", .str), .optional("adapter_name", .str), Parameter("quantization", .str, default: .str("f32"))],
                   doc: "Write the LoRA adapter as a llama.cpp LoRA GGUF (convert_lora_to_gguf.py's layout; quantization f32 or f16).",
                   example: "model.save_gguf_adapter('out/adapter.gguf')") { args in
                try ModelExport.saveGGUFAdapter(self.peft, args)
            },
            method("save_gguf", [Parameter("path", .str), .optional("tokenizer"), Parameter("quantization", .str, default: .str("f16"))],
                   doc: "Not on a PeftModel: merge first (merged = model.merge_and_unload()), then merged.save_gguf(...).",
                   example: "model.merge_and_unload().save_gguf('out/model.gguf', tokenizer=tokenizer)") { _ in
                throw ScriptError(.attributeError, "a PeftModel is saved as a whole GGUF model only after merging its adapter",
                                  help: "merged = model.merge_and_unload(); merged.save_gguf(path, tokenizer=tokenizer) — or keep the adapter separate: model.save_gguf_adapter(path)")
            },
            method("merge_and_unload", doc: "Fold the adapter into the base weights and return the plain model.",
                   example: "merged = model.merge_and_unload()") { args in
                .host(ModelObject(try scriptWarnings(args.context) { try self.peft.mergeAndUnload() }))
            },
            method("unload", doc: "Remove the adapters (without merging) and return the plain model.",
                   example: "base = model.unload()") { args in
                .host(ModelObject(try scriptWarnings(args.context) { try self.peft.unload() }))
            },
            method("merge_adapter", doc: "Merge the active adapter into the base weights (reversible).",
                   example: "model.merge_adapter()") { args in
                try scriptWarnings(args.context) { try self.peft.mergeAdapter() }
                return Value.none
            },
            method("unmerge_adapter", doc: "Undo merge_adapter().", example: "model.unmerge_adapter()") { args in
                scriptWarnings(args.context) { self.peft.unmergeAdapter() }
                return Value.none
            },
            method("get_base_model", doc: "The wrapped transformers model.", example: "model.get_base_model()") { _ in
                .host(ModelObject(self.peft.getBaseModel()))
            },
            method("disable_adapter", doc: "A context manager: inside it the model runs without its adapters.",
                   example: "with model.disable_adapter(): base_out = model(**enc)") { args in
                let context = args.context
                return .host(ContextManagerObject(name: "disable_adapter", onEnter: { try scriptWarnings(context) { try self.peft.enterAdapterDisabled() } },
                                           onExit: { self.peft.exitAdapterDisabled() }))
            },
            method("add_adapter", [Parameter("adapter_name", .str), Parameter("peft_config", .host("LoraConfig"))],
                   doc: "Add another LoRA adapter (not activated).", example: "model.add_adapter('second', LoraConfig(r=4))") { args in
                guard case .host(let object) = args["peft_config"], let config = object as? LoraConfigObject else { return Value.none }
                let name = try args.string("adapter_name")
                try scriptWarnings(args.context) { try self.peft.addAdapter(name, config: config.config) }
                return Value.none
            },
            method("set_adapter", [Parameter("adapter_name", .str)], doc: "Make an adapter the active one.",
                   example: "model.set_adapter('second')") { args in
                let name = try args.string("adapter_name")
                try scriptWarnings(args.context) { try self.peft.setAdapter(name) }
                return Value.none
            },
            method("delete_adapter", [Parameter("adapter_name", .str)], doc: "Remove an adapter.",
                   example: "model.delete_adapter('second')") { args in
                let name = try args.string("adapter_name")
                try scriptWarnings(args.context) { try self.peft.deleteAdapter(name) }
                return Value.none
            },
            method("load_adapter", [Parameter("model_id", .str), Parameter("adapter_name", .str),
                                    Parameter("is_trainable", .bool, default: .bool(false))],
                   doc: "Load a saved adapter under a new name.", example: "model.load_adapter('out/adapter', 'saved')") { args in
                let directory = try readablePath(args.context, try args.string("model_id"))
                let name = try args.string("adapter_name"), isTrainable = try args.bool("is_trainable")
                try scriptWarnings(args.context) {
                    try self.peft.loadAdapter(URL(fileURLWithPath: directory), adapterName: name, isTrainable: isTrainable)
                }
                return Value.none
            },
            method("train", [Parameter("mode", .bool, default: .bool(true))], doc: "Training mode (dropout on); returns the model.",
                   example: "model.train()") { args in
                if try args.bool("mode") { _ = scriptWarnings(args.context) { self.peft.train() } } else { _ = self.peft.eval() }
                return .host(self)
            },
            method("eval", doc: "Eval mode (dropout off); returns the model.", example: "model.eval()") { _ in
                _ = self.peft.eval()
                return .host(self)
            },
        ]
        if peft.architecture.canGenerate { list.append(CausalLMBindings.generateMethod(self, peft)) }
        return list + moduleMethods() + precisionMethods()
    }

    /// `to(dtype)`, `half()`, `bfloat16()`, `float()` on the PeftModel (after the model's own, which they replace).
    private func precisionMethods() -> [Builtin] {
        let to = method("to", [.variadic("args"), .keywords("kwargs")],
                        doc: "The same model: the CPU is the only device; a dtype rounds the base weights, the saved head and the LoRA matrices to it.",
                        example: "model.to(torch.bfloat16)") { args in
            try castArguments(args) { try self.peft.cast(to: $0) }
            return .host(self)
        }
        let conversions: [(String, WeightPrecision)] = [("half", .float16), ("bfloat16", .bfloat16), ("float", .float32)]
        return [to] + conversions.map { name, precision in
            method(name, doc: "Round the base weights, the saved head and the LoRA matrices to \(precision.rawValue); save_pretrained writes the adapter in it, as PEFT.",
                   example: "model.\(name)()") { _ in
                try self.peft.cast(to: precision)
                return .host(self)
            }
        }
    }
}

/// The `peft` module's functions and classes.
enum PeftBindings {
    /// `value` as a plain transformers model, or a TypeError "`problem`, not <type>".
    static func transformersModel(_ value: Value, _ problem: String, help: String? = nil) throws -> ModelObject {
        guard case .host(let object) = value, let model = object as? ModelObject else {
            throw ScriptError(.typeError, "\(problem), not \(value.typeName)", help: help)
        }
        return model
    }

    static let getPeftModel = Builtin("get_peft_model", [Parameter("model"), Parameter("peft_config", .host("LoraConfig")),
                                                         Parameter("adapter_name", .str, default: .str("default")),
                                                         Parameter("autocast_adapter_dtype", .bool, default: .bool(true))],
                                      doc: "Wrap a model with LoRA adapters; only the adapters (and the new head) train.",
                                      example: "model = get_peft_model(model, config)") { args in
        try bridged {
            let model = try transformersModel(args["model"], "get_peft_model() needs a transformers model",
                                              help: args["model"].typeName == "PeftModel" ? "this model already has adapters: use model.add_adapter(name, config)" : nil)
            guard case .host(let configObject) = args["peft_config"], let config = configObject as? LoraConfigObject else { return Value.none }
            let peft = try scriptWarnings(args.context) {
                try PEFT.getPeftModel(model.model, config.config, adapterName: try args.string("adapter_name"),
                                      autocastAdapterDtype: try args.bool("autocast_adapter_dtype"))
            }
            return .host(PeftModelObject(peft))
        }
    }

    static let fromPretrained = Builtin("from_pretrained", owner: "PeftModel",
                                        [Parameter("model"), Parameter("model_id", .str),
                                         Parameter("adapter_name", .str, default: .str("default")),
                                         Parameter("is_trainable", .bool, default: .bool(false))],
                                        doc: "Attach a saved adapter to its base model.",
                                        example: "model = PeftModel.from_pretrained(base, 'out/adapter')") { args in
        try bridged {
            let model = try transformersModel(args["model"], "PeftModel.from_pretrained() needs the base transformers model first")
            let directory = try readablePath(args.context, try args.string("model_id"))
            let peft = try PeftModel.fromPretrained(model.model, directory: URL(fileURLWithPath: directory),
                                                    adapterName: try args.string("adapter_name"),
                                                    isTrainable: try args.bool("is_trainable"))
            return .host(PeftModelObject(peft))
        }
    }

    static var taskType: Value {
        .host(RecordObject("TaskType", TaskType.allCases.map {
            ($0.rawValue, .host(StrEnumMember(enumName: "TaskType", name: $0.rawValue, value: $0.rawValue)))
        }))
    }

    static var peftModelClass: Value {
        .host(RecordObject("PeftModel", [], methods: [fromPretrained]))
    }

    static var table: ModuleTable {
        ModuleTable(name: "peft", doc: "Parameter-efficient fine-tuning: LoRA adapters (PEFT's API).",
                    builtins: [LoraConfigObject.builtin, getPeftModel],
                    constants: [("PeftModel", peftModelClass), ("TaskType", taskType)])
    }
}

/// Runs `body` with PEFT's warnings (merging weights kept quantized, …) written to the session's
/// standard error: the process's stderr in script mode, the cell's output (marked) in notebooks and
/// the REPL, in order with what the cell prints.
func scriptWarnings<T>(_ context: CallContext, _ body: () throws -> T) rethrows -> T {
    try PeftWarnings.withHandler({ message in try? context.warn(message) }, body)
}
