/// What the PEFT layer needs to know about a model to plan an adapter: module names (as Hugging Face
/// names them), which are Linear layers and their sizes, and the parameters. `getPeftModel` builds one
/// from the live module tree; tests build them from a safetensors header.
public struct ModelDescription: Equatable {
    /// One module of the tree.
    public struct ModuleEntry: Equatable {
        /// Full dotted name, e.g. `bert.encoder.layer.0.attention.self.query` ("" for the root).
        public var name: String
        public var kind: ModuleKind

        public init(name: String, kind: ModuleKind) {
            (self.name, self.kind) = (name, kind)
        }
    }

    /// One parameter (trainable tensor) of the model.
    public struct ParameterEntry: Equatable {
        /// Full dotted name, e.g. `classifier.weight`.
        public var name: String
        public var elementCount: Int

        public init(name: String, elementCount: Int) {
            (self.name, self.elementCount) = (name, elementCount)
        }
    }

    /// `config.model_type` (`"bert"`, `"distilbert"`, `"llama"`), used for PEFT's default targets.
    public var modelType: String?
    /// Every module, depth-first in registration order.
    public var modules: [ModuleEntry]
    /// Every parameter, in `named_parameters()` order.
    public var parameters: [ParameterEntry]
    /// The module name of the output embedding (`lm_head` of a causal LM), if the model has one;
    /// `"all-linear"` never targets it.
    public var outputEmbeddingName: String?

    public init(modelType: String?, modules: [ModuleEntry], parameters: [ParameterEntry], outputEmbeddingName: String? = nil) {
        self.modelType = modelType
        self.modules = modules
        self.parameters = parameters
        self.outputEmbeddingName = outputEmbeddingName
    }

    /// The module with this full name.
    public func module(named name: String) -> ModuleEntry? { modules.first(where: { $0.name == name }) }

    /// Names of the Linear modules.
    public var linearModuleNames: [String] {
        modules.compactMap { if case .linear = $0.kind { return $0.name } else { return nil } }
    }

    /// The distinct last name segments of the Linear modules (`query`, `key`, `dense`, …), in model order:
    /// what a person can put in `target_modules`.
    public var linearLeafNames: [String] {
        var names: [String] = []
        for name in linearModuleNames {
            let leaf = name.split(separator: ".").last.map(String.init) ?? name
            if !names.contains(leaf) { names.append(leaf) }
        }
        return names
    }
}

/// What kind of module an entry is, as far as LoRA cares.
public enum ModuleKind: Equatable {
    /// y = x·Wᵀ + b with W [out, in].
    case linear(inFeatures: Int, outFeatures: Int, hasBias: Bool)
    /// A lookup table (word/position embeddings).
    case embedding
    /// Anything else (containers, norms, activations); the string is the type name for messages.
    case other(String)

    var typeName: String {
        switch self {
        case .linear: return "Linear"
        case .embedding: return "Embedding"
        case let .other(name): return name
        }
    }
}

/// PEFT's `TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING` (peft 0.21.2, `utils/constants.py`):
/// the modules LoRA wraps when `target_modules` is not given.
public enum DefaultTargetModules {
    public static let byModelType: [String: [String]] = {
        var table: [String: [String]] = [:]
        for type in ["bert", "roberta", "xlm-roberta", "electra", "layoutlm"] { table[type] = ["query", "value"] }
        for type in ["llama", "llama4", "mistral", "mixtral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3_text",
                     "opt", "bart", "gptj", "gpt_neo", "stablelm"] { table[type] = ["q_proj", "v_proj"] }
        for type in ["gpt2", "gpt_bigcode"] { table[type] = ["c_attn"] }
        for type in ["t5", "mt5"] { table[type] = ["q", "v"] }
        for type in ["bloom", "gpt_neox", "falcon", "chatglm"] { table[type] = ["query_key_value"] }
        table["deberta-v2"] = ["query_proj", "value_proj"]
        table["deberta"] = ["in_proj"]
        table["phi"] = ["q_proj", "v_proj", "fc1", "fc2"]
        table["mpt"] = ["Wqkv"]
        table["codegen"] = ["qkv_proj"]
        return table
    }()

    /// The default list for a model type, or nil (e.g. `distilbert` has none in PEFT).
    public static func forModelType(_ type: String?) -> [String]? {
        guard let type else { return nil }
        return byModelType[type]
    }
}

/// PEFT's `SEQ_CLS_HEAD_NAMES`: the classifier head names `"all-linear"` leaves out for SEQ_CLS.
let sequenceClassificationHeadNames = ["score", "classifier"]
