/// PEFT's `TaskType`: which head the model has, which decides the `PeftModelFor…` behaviour
/// (for `SEQ_CLS`/`TOKEN_CLS` the classifier head is trained and saved automatically).
public enum TaskType: String, CaseIterable, Equatable, Sendable {
    case sequenceClassification = "SEQ_CLS"
    case sequenceToSequenceLM = "SEQ_2_SEQ_LM"
    case causalLM = "CAUSAL_LM"
    case tokenClassification = "TOKEN_CLS"
    case questionAnswering = "QUESTION_ANS"
    case featureExtraction = "FEATURE_EXTRACTION"

    /// Parses PEFT's spelling (`"SEQ_CLS"`); an unknown value is an error listing the allowed ones.
    public static func parse(_ text: String) throws -> TaskType {
        if let task = TaskType(rawValue: text) { return task }
        if let task = TaskType(rawValue: text.uppercased()) {
            throw PeftError(.invalidConfig, "Invalid task type: '\(text)'.",
                            notes: ["task types are upper case"], help: "use task_type=\"\(task.rawValue)\"")
        }
        throw PeftError(.invalidConfig,
                        "Invalid task type: '\(text)'. Must be one of the following task types: "
                            + TaskType.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                        help: "for a classifier (sentiment, topics) use \"SEQ_CLS\"; for text generation \"CAUSAL_LM\"")
    }

    /// Module names PEFT adds to `modules_to_save` for this task (the head must be trained and saved).
    var automaticModulesToSave: [String] {
        switch self {
        case .sequenceClassification, .tokenClassification: return ["classifier", "score"]
        case .questionAnswering: return ["qa_outputs"]
        case .causalLM, .sequenceToSequenceLM, .featureExtraction: return []
        }
    }
}

/// Which biases are trained (`bias=` of `LoraConfig`).
public enum LoraBias: String, CaseIterable, Equatable, Sendable {
    /// No bias is trained (the default).
    case none
    /// Every bias of the model is trained and saved.
    case all
    /// Only the biases of the Linear layers that get LoRA are trained and saved.
    case loraOnly = "lora_only"

    public static func parse(_ text: String) throws -> LoraBias {
        guard let bias = LoraBias(rawValue: text) else {
            throw PeftError(.invalidConfig, "bias='\(text)' is not a valid choice",
                            notes: ["allowed values: \(quotedChoices(allCases.map(\.rawValue)))"],
                            help: "most LoRA setups use bias=\"none\"")
        }
        return bias
    }
}

/// How the LoRA matrices start (`init_lora_weights=` of `LoraConfig`).
public enum LoraInitialization: Equatable, Sendable {
    /// `True`: A ~ Kaiming-uniform(a=√5) = U(±1/√in), B = 0, so training starts from the base model.
    case standard
    /// `False`: A and B both get `nn.Linear`'s default init; the adapter is NOT a no-op (for debugging).
    case randomBoth
    /// `"gaussian"`: A ~ N(0, 1/r), B = 0.
    case gaussian
    /// One of PEFT's data- or SVD-driven inits (`"pissa"`, `"olora"`, `"loftq"`, …), kept so such configs
    /// can be read and reported; lorarepl cannot create adapters with them.
    case other(String)

    /// Every string PEFT accepts (`pissa_niter_<k>` is a family).
    static let knownStrings = ["gaussian", "eva", "olora", "pissa", "pissa_niter_[number of iters]", "corda",
                               "loftq", "orthogonal", "mica", "lora_ga"]

    /// Parses the string form; an unknown string is an error listing the allowed values.
    public static func parse(_ text: String) throws -> LoraInitialization {
        switch text {
        case "gaussian": return .gaussian
        case "eva", "olora", "pissa", "corda", "loftq", "orthogonal", "mica", "lora_ga": return .other(text)
        default:
            if text.hasPrefix("pissa_niter_"), let count = Int(text.dropFirst("pissa_niter_".count)), count > 0 {
                return .other(text)
            }
            throw PeftError(.invalidConfig, "init_lora_weights='\(text)' is not a known initialization",
                            notes: ["allowed values: True, False, " + quotedChoices(knownStrings)],
                            help: "leave init_lora_weights at its default (True) unless you know you need another")
        }
    }

    /// The value as PEFT writes it in `adapter_config.json`.
    var jsonValue: PeftJSON {
        switch self {
        case .standard: return .bool(true)
        case .randomBoth: return .bool(false)
        case .gaussian: return .string("gaussian")
        case let .other(name): return .string(name)
        }
    }
}

/// A module selector: `target_modules`, `exclude_modules`.
public enum ModuleSelector: Equatable, Sendable {
    /// A list: a module matches an entry when its full name equals it or ends with `"." + entry`.
    case names([String])
    /// A string: a regular expression that must match the **whole** module name (`re.fullmatch`).
    /// The special string `"all-linear"` (any case) means every Linear layer except the output head.
    case pattern(String)

    /// True for the `"all-linear"` shorthand.
    public var isAllLinear: Bool {
        if case let .pattern(text) = self { return text.lowercased() == "all-linear" }
        return false
    }

    var jsonValue: PeftJSON {
        switch self {
        case let .names(names): return .array(names.map(PeftJSON.string))
        case let .pattern(text): return .string(text)
        }
    }
}

/// A value Python accepts either alone or in a list (`layers_to_transform=2` or `[0, 1]`); written back
/// in the form it was given.
public enum OneOrMany<Element: Equatable & Sendable>: Equatable, Sendable {
    case one(Element)
    case many([Element])

    public var values: [Element] {
        switch self {
        case let .one(value): return [value]
        case let .many(values): return values
        }
    }
}
