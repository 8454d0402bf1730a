import Foundation

/// The fields `LoraConfig` models itself, in PEFT's `to_dict()` order: the one list behind
/// `adapter_config.json`, the `LoraConfig(...)` keywords and the attributes scripts read.
public enum LoraConfigField: String, CaseIterable {
    case r
    case loraAlpha = "lora_alpha"
    case loraDropout = "lora_dropout"
    case targetModules = "target_modules"
    case excludeModules = "exclude_modules"
    case fanInFanOut = "fan_in_fan_out"
    case bias
    case useRslora = "use_rslora"
    case modulesToSave = "modules_to_save"
    case initLoraWeights = "init_lora_weights"
    case rankPattern = "rank_pattern"
    case alphaPattern = "alpha_pattern"
    case useDora = "use_dora"
    case loraBias = "lora_bias"
    case taskType = "task_type"
    case inferenceMode = "inference_mode"
    case baseModelNameOrPath = "base_model_name_or_path"
    case revision
    case peftType = "peft_type"
    case peftVersion = "peft_version"
    case layersToTransform = "layers_to_transform"
    case layersPattern = "layers_pattern"
}

extension LoraConfig {
    /// Every field name PEFT 0.21.2 writes, modelled ones first (`to_dict()` order), then `otherFields`'.
    public static var fieldNames: [String] {
        LoraConfigField.allCases.map(\.rawValue) + otherFieldDefaults.map(\.key)
    }

    /// One modelled field as PEFT writes it. `forceInferenceMode` gives `inference_mode: true`, as
    /// `save_pretrained` writes it.
    public func value(of field: LoraConfigField, forceInferenceMode: Bool = false) -> PeftJSON {
        switch field {
        case .r: return .int(r)
        case .loraAlpha: return Self.numberValue(loraAlpha, asFloat: loraAlphaIsFloat)
        case .loraDropout: return Self.numberValue(loraDropout, asFloat: !loraDropoutIsInteger)
        case .targetModules: return targetModules?.jsonValue ?? .null
        case .excludeModules: return excludeModules?.jsonValue ?? .null
        case .fanInFanOut: return .bool(fanInFanOut)
        case .bias: return .string(bias.rawValue)
        case .useRslora: return .bool(useRslora)
        case .modulesToSave: return modulesToSave.map { .array($0.map(PeftJSON.string)) } ?? .null
        case .initLoraWeights: return initLoraWeights.jsonValue
        case .rankPattern: return .object(rankPattern.map { ($0.key, PeftJSON.int($0.value)) })
        case .alphaPattern: return .object(alphaPattern.map { ($0.key, Self.numberValue($0.value, asFloat: false)) })
        case .useDora: return .bool(useDora)
        case .loraBias: return .bool(loraBias)
        case .taskType: return taskType.map { .string($0.rawValue) } ?? .null
        case .inferenceMode: return .bool(forceInferenceMode ? true : inferenceMode)
        case .baseModelNameOrPath: return baseModelNameOrPath.map(PeftJSON.string) ?? .null
        case .revision: return revision.map(PeftJSON.string) ?? .null
        case .peftType: return .string("LORA")
        case .peftVersion: return peftVersion.map(PeftJSON.string) ?? .null
        case .layersToTransform:
            switch layersToTransform {
            case nil: return .null
            case let .one(index): return .int(index)
            case let .many(indices): return .array(indices.map(PeftJSON.int))
            }
        case .layersPattern:
            switch layersPattern {
            case nil: return .null
            case let .one(name): return .string(name)
            case let .many(names): return .array(names.map(PeftJSON.string))
            }
        }
    }

    /// Any field by its PEFT name (modelled, or one of `otherFields`), as `to_dict()` has it; nil for an unknown name.
    public func value(named name: String) -> PeftJSON? {
        if let field = LoraConfigField(rawValue: name) { return value(of: field) }
        return otherField(name)
    }

    /// An int when the number is whole and was not written as a float (as Python keeps `16` vs `16.0`).
    static func numberValue(_ value: Double, asFloat: Bool) -> PeftJSON {
        if !asFloat, value == value.rounded(), abs(value) < 1e15 { return .int(Int(value)) }
        return .double(value)
    }
}
