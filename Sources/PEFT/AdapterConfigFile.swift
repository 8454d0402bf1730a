import Foundation
import PythonBasics

/// Reading and writing PEFT's `adapter_config.json`, and building a `LoraConfig` from keyword arguments.
extension LoraConfig {
    /// The file name PEFT uses (`CONFIG_NAME`).
    public static let configFileName = "adapter_config.json"

    /// The keys `LoraConfig` models itself (the rest live in `otherFields`).
    static var modelledKeys: [String] { LoraConfigField.allCases.map(\.rawValue) }

    /// Every keyword `LoraConfig(...)` accepts (PEFT 0.21.2's fields; `runtime_config` is accepted and ignored).
    public static var keywordNames: [String] {
        (modelledKeys + otherFieldDefaults.map(\.key) + ["runtime_config"]).filter { $0 != "peft_type" }
    }

    /// How unknown keys are treated by `from(dictionary:)`.
    public enum UnknownKeys {
        /// A file from another PEFT version: unknown keys are ignored with one warning (as PEFT does).
        case warnAndIgnore
        /// Keyword arguments from a script: an unknown key is a TypeError with a suggestion.
        case reject
    }

    /// Builds a config from `adapter_config.json` text. Unknown keys are ignored (with a warning), missing
    /// keys take PEFT's defaults, and a `peft_type` other than `"LORA"` is an error.
    public static func fromJSON(_ text: String, source: String = configFileName) throws -> LoraConfig {
        let value: PeftJSON
        do {
            value = try PeftJSONParser.parse(text)
        } catch let error as PeftError {
            throw PeftError(.invalidAdapterConfig, "\(source) is not valid JSON: \(error.message.replacingOccurrences(of: "invalid JSON: ", with: ""))",
                            help: "the file may be truncated or edited by hand; save the adapter again")
        }
        guard case let .object(pairs) = value else {
            throw PeftError(.invalidAdapterConfig, "\(source) must hold a JSON object, found a \(value.pythonTypeName)")
        }
        if let peftType = value["peft_type"] {
            guard case let .string(name) = peftType else {
                throw PeftError(.invalidAdapterConfig, "\(source): peft_type must be a string, got \(peftType)")
            }
            guard name == "LORA" else {
                throw PeftError(.invalidAdapterConfig, "\(source) describes a '\(name)' adapter, not a LoRA adapter",
                                notes: ["peft_type is '\(name)'; lorarepl loads only peft_type 'LORA'"],
                                help: "use an adapter trained with LoraConfig")
            }
        } else {
            PeftWarnings.warn("\(source) has no peft_type; reading it as a LoRA adapter")
        }
        do {
            return try from(dictionary: pairs, unknownKeys: .warnAndIgnore)
        } catch let error as PeftError {
            throw PeftError(error.kind == .invalidConfig ? .invalidAdapterConfig : error.kind,
                            "\(source): \(error.message)", notes: error.notes, help: error.help)
        }
    }

    /// Reads `adapter_config.json` from an adapter folder (or the file itself).
    public static func read(from url: URL) throws -> LoraConfig {
        var isDirectory: ObjCBool = false
        let fileURL: URL
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            fileURL = url.appendingPathComponent(configFileName)
        } else {
            fileURL = url
        }
        guard FileManager.default.fileExists(atPath: fileURL.path) else {
            throw PeftError(.fileNotFound, "no \(configFileName) in \(fileURL.deletingLastPathComponent().path)",
                            notes: ["a PEFT adapter folder holds adapter_config.json and adapter_model.safetensors"],
                            help: "pass the folder given to save_pretrained(...)")
        }
        guard let data = FileManager.default.contents(atPath: fileURL.path),
              let text = String(data: data, encoding: .utf8) else {
            throw PeftError(.invalidAdapterConfig, "\(fileURL.path) could not be read as UTF-8 text")
        }
        return try fromJSON(text, source: fileURL.path)
    }

    /// Builds a config from key/value pairs (the JSON file's, or a script's keyword arguments) and
    /// validates it. Missing keys keep PEFT's defaults.
    public static func from(dictionary pairs: [(key: String, value: PeftJSON)], unknownKeys: UnknownKeys) throws -> LoraConfig {
        var config = LoraConfig()
        var unknown: [String] = []
        for (key, value) in pairs {
            if let index = config.otherFields.firstIndex(where: { $0.key == key }) {
                config.otherFields[index].value = value
                continue
            }
            switch key {
            case "r": config.r = try integer(value, field: key)
            case "lora_alpha":
                config.loraAlpha = try number(value, field: key)
                if case .double = value { config.loraAlphaIsFloat = true }
            case "lora_dropout":
                config.loraDropout = try number(value, field: key)
                if case .int = value { config.loraDropoutIsInteger = true }
            case "target_modules": config.targetModules = try selector(value, field: key)
            case "exclude_modules": config.excludeModules = try selector(value, field: key)
            case "fan_in_fan_out": config.fanInFanOut = try boolean(value, field: key)
            case "bias": config.bias = try LoraBias.parse(try string(value, field: key))
            case "use_rslora": config.useRslora = try boolean(value, field: key)
            case "modules_to_save": config.modulesToSave = try optionalStringList(value, field: key)
            case "init_lora_weights":
                switch value {
                case let .bool(flag): config.initLoraWeights = flag ? .standard : .randomBoth
                case let .string(text): config.initLoraWeights = try LoraInitialization.parse(text)
                default: throw wrongType(key, value, expected: "True, False or a string such as \"gaussian\"")
                }
            case "layers_to_transform":
                switch value {
                case .null: config.layersToTransform = nil
                case .int: config.layersToTransform = .one(try integer(value, field: key))
                case let .array(items): config.layersToTransform = .many(try items.map { try integer($0, field: key) })
                default: throw wrongType(key, value, expected: "an int or a list of ints")
                }
            case "layers_pattern":
                switch value {
                case .null: config.layersPattern = nil
                case let .string(text): config.layersPattern = .one(text)
                case let .array(items): config.layersPattern = .many(try items.map { try string($0, field: key) })
                default: throw wrongType(key, value, expected: "a string or a list of strings")
                }
            case "rank_pattern":
                config.rankPattern = try dictionary(value, field: key).map { ($0.key, try integer($0.value, field: "\(key)['\($0.key)']")) }
            case "alpha_pattern":
                config.alphaPattern = try dictionary(value, field: key).map { ($0.key, try number($0.value, field: "\(key)['\($0.key)']")) }
            case "use_dora": config.useDora = try boolean(value, field: key)
            case "lora_bias": config.loraBias = try boolean(value, field: key)
            case "task_type":
                if case .null = value { config.taskType = nil } else { config.taskType = try TaskType.parse(try string(value, field: key)) }
            case "inference_mode": config.inferenceMode = try boolean(value, field: key)
            case "base_model_name_or_path": config.baseModelNameOrPath = try optionalString(value, field: key)
            case "revision": config.revision = try optionalString(value, field: key)
            case "peft_version": config.peftVersion = try optionalString(value, field: key)
            case "peft_type", "runtime_config": break
            default: unknown.append(key)
            }
        }
        if !unknown.isEmpty {
            switch unknownKeys {
            case .warnAndIgnore:
                PeftWarnings.warn("Unexpected keyword arguments \(PeftJSON.array(unknown.map(PeftJSON.string))) for class "
                                  + "LoraConfig, these are ignored. This probably means that you're loading a configuration "
                                  + "file that was saved using a higher version of the library.")
            case .reject:
                let first = unknown[0]
                let close = closeNames(to: first, among: keywordNames, limit: 3)
                throw PeftError(.wrongType, "LoraConfig() got an unexpected keyword argument '\(first)'"
                                    + (close.isEmpty ? "" : " (did you mean \(quotedChoices(close))?)"),
                                notes: ["LoraConfig accepts: " + keywordNames.sorted().joined(separator: ", ")])
            }
        }
        try config.validate()
        return config
    }

    // MARK: Writing

    /// The config as PEFT's `to_dict()` gives it (every key of PEFT 0.21.2). `forceInferenceMode` writes
    /// `inference_mode: true`, as `save_pretrained` does.
    public func jsonValue(forceInferenceMode: Bool = true) -> PeftJSON {
        .object(LoraConfigField.allCases.map { ($0.rawValue, value(of: $0, forceInferenceMode: forceInferenceMode)) } + otherFields)
    }

    /// The exact text PEFT's `save_pretrained` writes: `json.dumps(indent=2, sort_keys=True)`, no final newline.
    public func jsonText() -> String {
        PythonJSONWriter.dumps(jsonValue(forceInferenceMode: true), indent: 2, sortKeys: true)
    }

    /// Writes `adapter_config.json` into `directory` (created if needed), atomically.
    public func write(toDirectory directory: URL) throws {
        let url = directory.appendingPathComponent(Self.configFileName)
        do {
            try AtomicFile.write(Data(jsonText().utf8), to: url, createFolders: true)
        } catch let failure as AtomicWriteError {
            throw PeftError(.writeFailed, "could not write \(url.path): \(failure.reason)",
                            notes: ["failed while \(failure.step)"], help: "check that the folder is writable and the disk is not full")
        }
    }

    // MARK: Typed field access with errors naming the field

    private static func wrongType(_ field: String, _ value: PeftJSON, expected: String) -> PeftError {
        PeftError(.wrongType, "\(field) must be \(expected), got \(value.pythonTypeName) \(value)")
    }

    private static func integer(_ value: PeftJSON, field: String) throws -> Int {
        switch value {
        case let .int(number): return number
        case let .double(number) where number == number.rounded() && abs(number) < 1e15: return Int(number)
        default: throw wrongType(field, value, expected: "an int")
        }
    }

    private static func number(_ value: PeftJSON, field: String) throws -> Double {
        switch value {
        case let .int(number): return Double(number)
        case let .double(number): return number
        default: throw wrongType(field, value, expected: "a number")
        }
    }

    private static func boolean(_ value: PeftJSON, field: String) throws -> Bool {
        guard case let .bool(flag) = value else { throw wrongType(field, value, expected: "True or False") }
        return flag
    }

    private static func string(_ value: PeftJSON, field: String) throws -> String {
        guard case let .string(text) = value else { throw wrongType(field, value, expected: "a string") }
        return text
    }

    private static func optionalString(_ value: PeftJSON, field: String) throws -> String? {
        if case .null = value { return nil }
        return try string(value, field: field)
    }

    private static func optionalStringList(_ value: PeftJSON, field: String) throws -> [String]? {
        switch value {
        case .null: return nil
        case let .array(items): return try items.map { try string($0, field: field) }
        case let .string(text):
            throw PeftError(.wrongType, "\(field) must be a list of module names, got the string '\(text)'",
                            help: "write \(field)=[\"\(text)\"]")
        default: throw wrongType(field, value, expected: "a list of strings")
        }
    }

    private static func selector(_ value: PeftJSON, field: String) throws -> ModuleSelector? {
        switch value {
        case .null: return nil
        case let .string(text): return .pattern(text)
        case let .array(items):
            var names: [String] = []
            for name in try items.map({ try string($0, field: field) }) where !names.contains(name) { names.append(name) }
            return .names(names)
        default: throw wrongType(field, value, expected: "a list of module names or a regex string")
        }
    }

    private static func dictionary(_ value: PeftJSON, field: String) throws -> [(key: String, value: PeftJSON)] {
        switch value {
        case .null: return []
        case let .object(pairs): return pairs
        default: throw wrongType(field, value, expected: "a dict")
        }
    }
}
