import Foundation

/// PEFT's `LoraConfig` (peft 0.21.2): which layers get LoRA, how big it is, and how it is trained.
///
/// Field names follow PEFT in camelCase (`lora_alpha` → `loraAlpha`); the defaults are PEFT's.
/// `validate()` rejects what PEFT rejects (and a few values PEFT only rejects later, e.g. `r = 0`),
/// with a message naming the field and the allowed values. Read and write PEFT's `adapter_config.json`
/// with `LoraConfig.fromJSON` / `jsonText()` (AdapterConfigFile.swift).
public struct LoraConfig: Equatable {
    /// The rank r of the update ΔW = B·A (A is [r, in], B is [out, r]). PEFT default 8.
    public var r: Int = 8
    /// The scaling numerator: the update is multiplied by `loraAlpha / r` (or `/ √r` with rsLoRA). Default 8.
    public var loraAlpha: Double = 8
    /// Dropout probability on the LoRA branch input only (the base layer never sees it). Default 0.
    public var loraDropout: Double = 0
    /// Which modules get LoRA; nil = PEFT's per-architecture default (bert: query,value; llama: q_proj,v_proj).
    public var targetModules: ModuleSelector? = nil
    /// Modules never to wrap, even if `targetModules` matches them.
    public var excludeModules: ModuleSelector? = nil
    /// True when the base weight is stored [in, out] (GPT-2's Conv1D). lorarepl's Linear is always [out, in].
    public var fanInFanOut: Bool = false
    /// Which biases are trained as well: none (default), all, or those of the LoRA-wrapped layers.
    public var bias: LoraBias = .none
    /// rsLoRA: scale by `loraAlpha / √r` instead of `loraAlpha / r`.
    public var useRslora: Bool = false
    /// Extra modules trained in full and saved with the adapter (the classifier head). For SEQ_CLS and
    /// TOKEN_CLS PEFT adds "classifier" and "score" itself. Matched by name suffix (no dot).
    public var modulesToSave: [String]? = nil
    /// How A and B start. Default `.standard` (Kaiming-uniform A, zero B).
    public var initLoraWeights: LoraInitialization = .standard
    /// Only wrap modules in these layer indices (the number after the layer list in the name).
    public var layersToTransform: OneOrMany<Int>? = nil
    /// Name(s) of the layer list used to find the index (`"layer"`, `"layers"`, `"h"`); needs `layersToTransform`.
    public var layersPattern: OneOrMany<String>? = nil
    /// Per-module rank overrides, `{regex: r}`, tried in order; a key matches a module name ending with it.
    public var rankPattern: [(key: String, value: Int)] = []
    /// Per-module alpha overrides, same matching as `rankPattern`.
    public var alphaPattern: [(key: String, value: Double)] = []
    /// DoRA (weight-decomposed LoRA). Accepted in files, not implemented by lorarepl.
    public var useDora: Bool = false
    /// A trainable bias on lora_B. Accepted in files, not implemented by lorarepl.
    public var loraBias: Bool = false
    /// The task: decides the automatic `modules_to_save` and the model's head.
    public var taskType: TaskType? = nil
    /// A frozen adapter (inference only). PEFT always writes `true` in the saved file.
    public var inferenceMode: Bool = false
    /// Where the base model came from; filled in on save from the model's `name_or_path`.
    public var baseModelNameOrPath: String? = nil
    /// The base model's revision (hub), if any.
    public var revision: String? = nil
    /// The PEFT version that wrote the file (written as "0.21.2": lorarepl writes 0.21.2's format).
    public var peftVersion: String? = LoraConfig.peftFormatVersion
    /// Every other key of PEFT 0.21.2's file (`loftq_config`, `megatron_core`, …) with its value, kept so a
    /// config read from disk is written back unchanged. lorarepl does not use them (see `unsupportedFeatures`).
    public var otherFields: [(key: String, value: PeftJSON)] = LoraConfig.otherFieldDefaults

    /// `lora_alpha` was given as a float (`16.0`): written back as a float, as Python would.
    var loraAlphaIsFloat = false
    /// `lora_dropout` was given as an int (`0`): written back as an int, as Python would.
    var loraDropoutIsInteger = false

    /// The PEFT release whose file format lorarepl reads and writes.
    public static let peftFormatVersion = "0.21.2"

    /// PEFT 0.21.2's keys that lorarepl keeps but does not model, with PEFT's defaults.
    public static let otherFieldDefaults: [(key: String, value: PeftJSON)] = [
        ("alora_invocation_tokens", .null), ("arrow_config", .null), ("auto_mapping", .null),
        ("corda_config", .null), ("ensure_weight_tying", .bool(false)), ("eva_config", .null),
        ("kasa_config", .null), ("layer_replication", .null), ("loftq_config", .object([])),
        ("lora_ga_config", .null), ("megatron_config", .null), ("megatron_core", .string("megatron.core")),
        ("monteclora_config", .null), ("qalora_group_size", .int(16)), ("target_parameters", .null),
        ("trainable_token_indices", .null), ("use_bdlora", .null), ("use_qalora", .bool(false)),
        ("velora_config", .null),
    ]

    /// A config with PEFT's defaults; set fields afterwards and call `validate()`.
    public init() {}

    /// The common fields in one call (the rest keep PEFT's defaults). Throws if the combination is invalid.
    public init(r: Int = 8, loraAlpha: Double = 8, loraDropout: Double = 0, targetModules: ModuleSelector? = nil,
                taskType: TaskType? = nil, modulesToSave: [String]? = nil, bias: LoraBias = .none,
                useRslora: Bool = false, initLoraWeights: LoraInitialization = .standard) throws {
        self.r = r
        self.loraAlpha = loraAlpha
        self.loraDropout = loraDropout
        self.targetModules = targetModules
        self.taskType = taskType
        self.modulesToSave = modulesToSave
        self.bias = bias
        self.useRslora = useRslora
        self.initLoraWeights = initLoraWeights
        try validate()
    }

    public static func == (lhs: LoraConfig, rhs: LoraConfig) -> Bool {
        lhs.jsonValue(forceInferenceMode: false) == rhs.jsonValue(forceInferenceMode: false)
    }

    /// The value of one of `otherFields`.
    public func otherField(_ key: String) -> PeftJSON? {
        otherFields.first(where: { $0.key == key })?.value
    }

    // MARK: Per-module rank, alpha and scaling

    /// The rank for a module, after `rankPattern` (PEFT `get_pattern_key`: first key, in order, such
    /// that the name matches `(.*\.)?(key)$`).
    public func rank(forModule name: String) throws -> Int {
        guard let key = try PatternKeyMatcher.firstMatchingKey(rankPattern.map(\.key), name: name, field: "rank_pattern"),
              let value = rankPattern.first(where: { $0.key == key })?.value else { return r }
        return value
    }

    /// The alpha for a module, after `alphaPattern`.
    public func alpha(forModule name: String) throws -> Double {
        guard let key = try PatternKeyMatcher.firstMatchingKey(alphaPattern.map(\.key), name: name, field: "alpha_pattern"),
              let value = alphaPattern.first(where: { $0.key == key })?.value else { return loraAlpha }
        return value
    }

    /// The LoRA scaling s for a rank and alpha: `alpha / r`, or `alpha / √r` with rsLoRA.
    public func scaling(rank: Int, alpha: Double) -> Double {
        useRslora ? alpha / Double(rank).squareRoot() : alpha / Double(rank)
    }

    /// `modulesToSave` plus what the task adds (SEQ_CLS/TOKEN_CLS: classifier, score), without duplicates.
    public var effectiveModulesToSave: [String]? {
        let automatic = taskType?.automaticModulesToSave ?? []
        if modulesToSave == nil && automatic.isEmpty { return nil }
        var names: [String] = []
        for name in (modulesToSave ?? []) + automatic where !names.contains(name) { names.append(name) }
        return names
    }
}

/// Matches `rank_pattern` / `alpha_pattern` keys against module names like PEFT's `get_pattern_key`.
enum PatternKeyMatcher {
    static func firstMatchingKey(_ keys: [String], name: String, field: String) throws -> String? {
        for key in keys {
            let regex = try PythonRegex.compiled("(?:.*\\.)?(?:\(key))", field: field, shownPattern: key)
            if try regex.fullMatch(name) { return key }
        }
        return nil
    }
}
