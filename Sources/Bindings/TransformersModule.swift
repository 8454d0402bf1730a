import Foundation
import Lang
import Models
import Tokenizers
import Training

/// A class-like object in scripts (`AutoTokenizer`, `BertForSequenceClassification`): it has
/// `from_pretrained` and, for some, a constructor.
final class ClassObject: HostBase {
    let name: String
    let module: String
    let classMethods: [Builtin]
    let constructor: Builtin?

    init(_ name: String, module: String, methods: [Builtin], constructor: Builtin? = nil) {
        self.name = name
        self.module = module
        self.classMethods = methods
        self.constructor = constructor
    }

    override var typeName: String { "type" }
    override func repr() -> String { "<class '\(module).\(name)'>" }
    override var helpText: String { "\(module).\(name): " + classMethods.map(\.signature).joined(separator: "; ") }
    override func methods() -> [Builtin] { classMethods }
    override func asCallable() -> Builtin? { constructor }
}

/// The `transformers` module and the card's global loaders.
enum TransformersBindings {
    static func loadParameters(_ extra: [Parameter] = []) -> [Parameter] {
        [Parameter("pretrained_model_name_or_path", .str)] + extra + [
            .optional("num_labels", .int), .optional("id2label", .dict), .optional("label2id", .dict),
            .optional("gguf_file", .str), Parameter("ignore_mismatched_sizes", .bool, default: .bool(false)),
            Parameter("keep_quantized", .bool, default: .bool(false)),
            .optional("torch_dtype"), .optional("dtype"), .optional("device_map"), .optional("revision", .str),
            .optional("cache_dir", .str), .optional("problem_type", .str),
            .optional("hidden_dropout_prob", .number), .optional("attention_probs_dropout_prob", .number), .optional("classifier_dropout", .number),
            .optional("dropout", .number), .optional("attention_dropout", .number), .optional("seq_classif_dropout", .number),
            // Loading switches tutorials pass that change nothing here (outputs are always ModelOutput objects,
            // files are local, there is no remote code to trust and no lower-memory path to choose).
            Parameter("return_dict", .bool, default: .bool(true)), .optional("trust_remote_code", .bool),
            .optional("low_cpu_mem_usage", .bool), .optional("use_safetensors", .bool), .optional("local_files_only", .bool),
            .optional("token"), .optional("attn_implementation", .str), .optional("force_download", .bool),
        ]
    }

    /// Loads a model for `task` with the checked `from_pretrained` arguments; prints transformers'
    /// warnings about newly initialised heads.
    static func loadModel(_ args: Arguments, task: ModelTask?) throws -> Value {
        if case .bool(false) = args["return_dict"] {
            throw ScriptError(.notImplementedError, "return_dict=False (outputs as plain tuples) is not supported: lorarepl models return ModelOutput objects",
                              help: "drop return_dict=False and read outputs.loss and outputs.logits")
        }
        var options = LoadOptions(numLabels: try args.optionalInt("num_labels"), ggufFile: try args.optionalString("gguf_file"),
                                  seed: Bindings.state(args.context).modelSeed())
        options.ignoreMismatchedSizes = try args.bool("ignore_mismatched_sizes")
        // GGUF weights stay in block format and are dequantized per use (QLoRA-style LoRA training works on them).
        options.keepQuantized = try args.bool("keep_quantized")
        // Config keywords for dropout (BERT's names, then DistilBERT's), as transformers passes them to the config.
        func rate(_ names: [String]) throws -> Float? {
            for name in names {
                guard let p = try args.optionalDouble(name) else { continue }
                guard (0...1).contains(p) else { throw ScriptError(.valueError, "\(name) must be between 0 and 1, got \(Value.float(p).repr)") }
                return Float(p)
            }
            return nil
        }
        options.hiddenDropout = try rate(["hidden_dropout_prob", "dropout"])
        options.attentionDropout = try rate(["attention_probs_dropout_prob", "attention_dropout"])
        options.classifierDropout = try rate(["classifier_dropout", "seq_classif_dropout"])
        if case .dict(let dict) = args["id2label"] {
            var map: [Int: String] = [:]
            for (key, value) in dict.pairs {
                guard let id = key.intValue ?? key.stringValue.flatMap({ Int($0) }), case .str(let label) = value else {
                    throw ScriptError(.typeError, "id2label must map int ids to str labels, e.g. {0: 'negative', 1: 'positive'}")
                }
                map[id] = label
            }
            options.id2label = map
        }
        if case .dict(let dict) = args["label2id"] {
            var map: [String: Int] = [:]
            for (key, value) in dict.pairs {
                guard case .str(let label) = key, let id = value.intValue else {
                    throw ScriptError(.typeError, "label2id must map str labels to int ids, e.g. {'negative': 0, 'positive': 1}")
                }
                map[label] = id
            }
            options.label2id = map
        }
        let loaded = try ModelLoader.load(try args.string("pretrained_model_name_or_path"), task: task, options: options)
        try loaded.model.cast(to: try loadPrecision(args, config: loaded.model.config))
        // Python prints these notes on standard error (transformers' logger), so `> log.txt` keeps only prints.
        for warning in loaded.report.warnings { try args.context.writeError(warning + "\n") }
        return .host(ModelObject(loaded.model))
    }

    /// `dtype=` / `torch_dtype=`: a dtype (`torch.float16`, `"bfloat16"`, …) or `"auto"` (transformers 5's
    /// default: the checkpoint's `dtype` / `torch_dtype` from config.json, float32 when it names none).
    static func loadPrecision(_ args: Arguments, config: ModelConfig) throws -> WeightPrecision {
        let requested = args["dtype"].isNone ? args["torch_dtype"] : args["dtype"]
        guard let name = requested.isNone ? "auto" : requested.stringValue else {
            throw ScriptError(.typeError, "dtype must be a torch dtype such as torch.float16, or 'auto', not \(requested.typeName)")
        }
        if name == "auto" {
            let declared = config.raw["dtype"]?.stringValue ?? config.raw["torch_dtype"]?.stringValue
            return declared.flatMap(WeightPrecision.init(name:)) ?? .float32
        }
        guard let precision = WeightPrecision(name: name) else {
            throw ScriptError(.valueError, "dtype \(requested.repr) is not one lorarepl keeps weights in",
                              help: "use torch.float32, torch.float16, torch.bfloat16 or 'auto'")
        }
        return precision
    }

    static func modelClass(_ name: String, task: ModelTask?) -> Value {
        let load = Builtin("from_pretrained", owner: name, loadParameters(), doc: "Load a model folder, a cached name or a GGUF file.",
                           example: "\(name).from_pretrained('sentence-transformers/all-MiniLM-L6-v2', num_labels=3)") { args in
            try bridged { try loadModel(args, task: task) }
        }
        return .host(ClassObject(name, module: "transformers", methods: [load]))
    }

    static let tokenizerParameters: [Parameter] = [
        Parameter("pretrained_model_name_or_path", .str), .optional("gguf_file", .str), Parameter("use_fast", .bool, default: .bool(true)),
        .optional("revision", .str), .optional("cache_dir", .str), .optional("model_max_length", .int),
        .optional("padding_side", .str), .optional("truncation_side", .str), .optional("trust_remote_code", .bool),
        .optional("add_prefix_space", .bool),
    ]

    static func loadTokenizer(_ args: Arguments) throws -> Value {
        let name = try args.string("pretrained_model_name_or_path")
        // A folder written by tokenizer.save_pretrained holds tokenizer files but no model: load it directly.
        let folder = URL(fileURLWithPath: (name as NSString).expandingTildeInPath)
        let fm = FileManager.default
        let tokenizer: any Tokenizers.Tokenizer
        let source: ModelSource
        if args["gguf_file"].isNone, !fm.fileExists(atPath: folder.appendingPathComponent("config.json").path),
           fm.fileExists(atPath: folder.appendingPathComponent("tokenizer.json").path)
            || fm.fileExists(atPath: folder.appendingPathComponent("vocab.txt").path) {
            (tokenizer, source) = (try Tokenizers.loadTokenizer(from: folder), .huggingFaceFolder(folder))
        } else {
            source = try ModelResolver().resolve(name, ggufFile: try args.optionalString("gguf_file"))
            tokenizer = try TokenizerLoader.load(source: source)
        }
        if let warning = TokenizerPrefixSpace.apply(to: tokenizer, source: source, requested: args["add_prefix_space"].isNone ? nil : try args.bool("add_prefix_space")) {
            try args.context.warn(warning)
        }
        let object = TokenizerObject(tokenizer, name: name)
        // padding_side=, truncation_side= and model_max_length= override the files, as the attributes do.
        for key in ["padding_side", "truncation_side", "model_max_length"] where !args[key].isNone {
            _ = try object.setAttribute(key, args[key], context: args.context)
        }
        return .host(object)
    }

    static func tokenizerClass(_ name: String) -> Value {
        let load = Builtin("from_pretrained", owner: name, tokenizerParameters, doc: "Load the tokenizer of a model folder or name.",
                           example: "\(name).from_pretrained('sentence-transformers/all-MiniLM-L6-v2')") { args in
            try bridged { try loadTokenizer(args) }
        }
        return .host(ClassObject(name, module: "transformers", methods: [load]))
    }

    /// The card's `load_model(name, task=..., num_labels=...)`.
    static let loadModelGlobal = Builtin("load_model", loadParameters([.optional("task", .str)]),
                                        doc: "Load a model by name or path (task from the checkpoint, or task='seq_cls'/'causal_lm'/'base').",
                                        example: "model = load_model('sentence-transformers/all-MiniLM-L6-v2', num_labels=3)") { args in
        try bridged {
            var task: ModelTask?
            if let name = try args.optionalString("task") { task = try ModelTask(name: name) } else if !args["num_labels"].isNone {
                task = .sequenceClassification
            }
            return try loadModel(args, task: task)
        }
    }

    static let loadTokenizerGlobal = Builtin("load_tokenizer", tokenizerParameters, doc: "Load the tokenizer of a model by name or path.",
                                            example: "tokenizer = load_tokenizer('sentence-transformers/all-MiniLM-L6-v2')") { args in
        try bridged { try loadTokenizer(args) }
    }

    static let setSeed = Builtin("set_seed", [Parameter("seed", .int), Parameter("deterministic", .bool, default: .bool(false))],
                                 doc: "Seed new weights (heads, LoRA), dropout and shuffles from here on.",
                                 example: "set_seed(42)") { args in
        let seed = try args.int("seed")
        guard seed >= 0 else { throw ScriptError(.valueError, "seed must be non-negative, got \(seed)") }
        Bindings.state(args.context).explicitSeed = UInt64(seed)
        return Value.none
    }

    static let saveGlobal = Builtin("save_pretrained", [Parameter("obj"), Parameter("save_directory", .str)],
                                    doc: "Save a model, adapter or tokenizer: save_pretrained(model, 'out').",
                                    example: "save_pretrained(model, 'out/adapter')") { args in
        guard case .host(let object) = args["obj"], let method = try object.getAttribute("save_pretrained", context: args.context) else {
            throw ScriptError(.typeError, "save_pretrained() needs a model, a PEFT model or a tokenizer, not \(args["obj"].typeName)")
        }
        return try args.context.call(method, [args["save_directory"]])
    }

    static var table: ModuleTable {
        ModuleTable(name: "transformers", doc: "Models, tokenizers and the Trainer (Hugging Face transformers' API).",
                    builtins: [TrainerObject.builtin, TrainingArgumentsObject.builtin, CallbackObject.earlyStopping,
                               DataCollatorObject.builtin, setSeed, PipelineObject.builtin, GenerationConfigObject.builtin] + CausalLMBindings.builtins
                        + TokenClassificationBindings.builtins,
                    constants: [
                        ("TrainerCallback", .type(ScriptSubclasses.trainerCallback)),
                        ("AutoTokenizer", tokenizerClass("AutoTokenizer")),
                        ("BertTokenizer", tokenizerClass("BertTokenizer")),
                        ("BertTokenizerFast", tokenizerClass("BertTokenizerFast")),
                        ("DistilBertTokenizer", tokenizerClass("DistilBertTokenizer")),
                        ("DistilBertTokenizerFast", tokenizerClass("DistilBertTokenizerFast")),
                        ("PreTrainedTokenizerFast", tokenizerClass("PreTrainedTokenizerFast")),
                        ("AutoModel", modelClass("AutoModel", task: .base)),
                        ("AutoModelForSequenceClassification", modelClass("AutoModelForSequenceClassification", task: .sequenceClassification)),
                        ("AutoModelForCausalLM", modelClass("AutoModelForCausalLM", task: .causalLM)),
                        ("AutoModelForTokenClassification", modelClass("AutoModelForTokenClassification", task: .tokenClassification)),
                        ("BertForTokenClassification", modelClass("BertForTokenClassification", task: .tokenClassification)),
                        ("AutoModelForQuestionAnswering", modelClass("AutoModelForQuestionAnswering", task: .questionAnswering)),
                        ("BertForQuestionAnswering", modelClass("BertForQuestionAnswering", task: .questionAnswering)),
                        ("DistilBertForQuestionAnswering", modelClass("DistilBertForQuestionAnswering", task: .questionAnswering)),
                        ("DistilBertForTokenClassification", modelClass("DistilBertForTokenClassification", task: .tokenClassification)),
                        ("BertModel", modelClass("BertModel", task: .base)),
                        ("BertForSequenceClassification", modelClass("BertForSequenceClassification", task: .sequenceClassification)),
                        ("DistilBertModel", modelClass("DistilBertModel", task: .base)),
                        ("DistilBertForSequenceClassification", modelClass("DistilBertForSequenceClassification", task: .sequenceClassification)),
                        ("LlamaForCausalLM", modelClass("LlamaForCausalLM", task: .causalLM)),
                    ])
    }
}
