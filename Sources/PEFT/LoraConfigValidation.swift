import Foundation

extension LoraConfig {
    /// Rejects every value or combination PEFT rejects (in `LoraConfig.__post_init__`, or later when the
    /// adapter is built, e.g. `r <= 0`), naming the field and what is allowed.
    public func validate() throws {
        if r <= 0 {
            throw PeftError(.invalidConfig, "`r` should be a positive integer value but the value passed is \(r)",
                            notes: ["r is the rank of the LoRA update; typical values are 4, 8, 16 or 32"],
                            help: "use r=8")
        }
        if !loraAlpha.isFinite {
            throw PeftError(.invalidConfig, "lora_alpha must be a finite number, got \(pythonFloatRepr(loraAlpha))",
                            help: "lora_alpha is usually r or 2·r, e.g. lora_alpha=16 with r=8")
        }
        if !loraDropout.isFinite || loraDropout < 0 || loraDropout >= 1 {
            throw PeftError(.invalidConfig,
                            "lora_dropout must be between 0 (included) and 1 (excluded), got \(pythonFloatRepr(loraDropout))",
                            notes: ["it is the probability of zeroing an input of the LoRA branch during training"],
                            help: "use lora_dropout=0.05 or 0.1, or 0.0 for none")
        }
        try validateSelector(targetModules, field: "target_modules")
        try validateSelector(excludeModules, field: "exclude_modules")
        if case .pattern = targetModules, layersToTransform != nil {
            throw PeftError(.invalidConfig, "`layers_to_transform` cannot be used when `target_modules` is a str.",
                            help: "give target_modules as a list (e.g. [\"query\", \"value\"]), or put the layer "
                                + "numbers in the regex and drop layers_to_transform")
        }
        if case .pattern = targetModules, layersPattern != nil {
            throw PeftError(.invalidConfig, "`layers_pattern` cannot be used when `target_modules` is a str.",
                            help: "give target_modules as a list, or drop layers_pattern")
        }
        if let pattern = layersPattern, !pattern.values.isEmpty,
           layersToTransform.map({ $0.values.isEmpty }) ?? true {
            throw PeftError(.invalidConfig, "When `layers_pattern` is specified, `layers_to_transform` must also be specified.",
                            help: "add layers_to_transform=[…] with the layer numbers to adapt, or drop layers_pattern")
        }
        if let layers = layersToTransform, let negative = layers.values.first(where: { $0 < 0 }) {
            throw PeftError(.invalidConfig, "layers_to_transform contains \(negative); layer numbers start at 0",
                            help: "use the layer numbers as they appear in module names, e.g. layer.0 … layer.5")
        }
        if let patterns = layersPattern, patterns.values.contains(where: \.isEmpty) {
            throw PeftError(.invalidConfig, "layers_pattern contains an empty name",
                            help: "use the name of the layer list, e.g. \"layer\" (BERT) or \"layers\" (LLaMA)")
        }
        for (key, value) in rankPattern where value <= 0 {
            throw PeftError(.invalidConfig, "rank_pattern['\(key)'] = \(value): a rank must be a positive integer",
                            help: "use a rank such as 4, 8 or 16")
        }
        for (key, value) in alphaPattern where !value.isFinite {
            throw PeftError(.invalidConfig, "alpha_pattern['\(key)'] must be a finite number")
        }
        for key in rankPattern.map(\.key) { _ = try PythonRegex.compiled("(?:.*\\.)?(?:\(key))", field: "rank_pattern", shownPattern: key) }
        for key in alphaPattern.map(\.key) { _ = try PythonRegex.compiled("(?:.*\\.)?(?:\(key))", field: "alpha_pattern", shownPattern: key) }
        for name in modulesToSave ?? [] {
            if name.isEmpty {
                throw PeftError(.invalidConfig, "modules_to_save contains an empty name",
                                help: "list the module names to train fully, e.g. [\"classifier\"]")
            }
            _ = try PythonRegex.compiled(ModulesToSaveMatcher.exclusionPattern(name), field: "modules_to_save", shownPattern: name)
        }
        if useDora, otherField("megatron_config").map({ $0 != .null }) ?? false {
            throw PeftError(.invalidConfig, "DoRA does not support megatron_core, please set `use_dora=False`.")
        }
        if case .other("loftq") = initLoraWeights, otherField("loftq_config").map({ $0 == .object([]) || $0 == .null }) ?? true {
            throw PeftError(.invalidConfig, "`loftq_config` must be specified when `init_lora_weights` is 'loftq'.")
        }
        if loraBias {
            switch initLoraWeights {
            case .standard, .randomBoth: break
            default:
                throw PeftError(.invalidConfig, "The argument lora_bias=True is only supported with init_lora_weights=True or False.")
            }
            if useDora {
                throw PeftError(.invalidConfig, "The argument lora_bias=True is not supported for DoRA, please pass use_dora=False")
            }
        }
    }

    private func validateSelector(_ selector: ModuleSelector?, field: String) throws {
        switch selector {
        case nil: return
        case let .names(names):
            if names.contains(where: \.isEmpty) {
                throw PeftError(.invalidConfig, "\(field) contains an empty name",
                                help: "list module names such as [\"query\", \"value\"]")
            }
        case let .pattern(text):
            if field == "target_modules", text.lowercased() == "all-linear" { return }
            _ = try PythonRegex.compiled(text, field: field)
        }
    }

    /// The PEFT features this config asks for that lorarepl does not implement, one short phrase each
    /// (empty when everything is supported). `getPeftModel` refuses such configs with these phrases.
    public var unsupportedFeatures: [String] {
        var features: [String] = []
        if useDora { features.append("use_dora=True (DoRA)") }
        if loraBias { features.append("lora_bias=True") }
        if case let .other(name) = initLoraWeights { features.append("init_lora_weights=\"\(name)\"") }
        let nonNullKeys = ["layer_replication", "trainable_token_indices", "target_parameters", "megatron_config",
                           "alora_invocation_tokens", "arrow_config", "velora_config", "monteclora_config", "kasa_config"]
        for key in nonNullKeys {
            if let value = otherField(key), value != .null { features.append("\(key)=\(value)") }
        }
        if otherField("use_qalora") == .bool(true) { features.append("use_qalora=True") }
        if otherField("use_bdlora") == .bool(true) { features.append("use_bdlora=True") }
        return features
    }

    /// Throws a clear error when the config needs a feature lorarepl does not have.
    public func checkSupported() throws {
        let features = unsupportedFeatures
        guard !features.isEmpty else { return }
        throw PeftError(.unsupportedFeature,
                        "lorarepl does not implement " + features.joined(separator: ", "),
                        notes: ["lorarepl implements plain LoRA on Linear layers: r, lora_alpha, lora_dropout, "
                                + "target_modules, use_rslora, init_lora_weights True/False/\"gaussian\", bias, "
                                + "modules_to_save, layers_to_transform, rank_pattern, alpha_pattern"],
                        help: "remove " + (features.count == 1 ? "this option" : "these options") + " from the LoraConfig")
    }
}
