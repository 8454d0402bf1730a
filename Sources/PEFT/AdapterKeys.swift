/// The names adapter tensors have in memory (PyTorch parameter names of a `PeftModel`) and on disk
/// (keys of `adapter_model.safetensors`), and the translation between them (PEFT's
/// `get_peft_model_state_dict` / `set_peft_model_state_dict`).
///
/// | what | in memory | on disk |
/// |---|---|---|
/// | LoRA A | `base_model.model.<module>.lora_A.<adapter>.weight` | `base_model.model.<module>.lora_A.weight` |
/// | LoRA B | `base_model.model.<module>.lora_B.<adapter>.weight` | `base_model.model.<module>.lora_B.weight` |
/// | head copy | `base_model.model.<head>.modules_to_save.<adapter>.<param>` | `base_model.model.<head>.<param>` |
/// | lora_only bias | `base_model.model.<module>.base_layer.bias` | same |
/// | other bias (bias="all") | `base_model.model.<path>.bias` | same |
public enum AdapterTensorKey: Equatable, Hashable {
    case loraA(module: String)
    case loraB(module: String)
    /// A parameter (`weight`, `bias`, …) of a modules_to_save copy.
    case savedModuleParameter(module: String, parameter: String)
    /// A base bias trained with `bias="lora_only"` (its Linear is LoRA-wrapped: `<module>.base_layer.bias`).
    case wrappedBias(module: String)
    /// Another base parameter trained with `bias="all"` (full parameter name in the base model).
    case baseParameter(name: String)

    /// The prefix every PEFT key starts with.
    public static let prefix = "base_model.model."

    /// The key in `adapter_model.safetensors`.
    public var diskKey: String {
        switch self {
        case let .loraA(module): return Self.prefix + module + ".lora_A.weight"
        case let .loraB(module): return Self.prefix + module + ".lora_B.weight"
        case let .savedModuleParameter(module, parameter): return Self.prefix + module + "." + parameter
        case let .wrappedBias(module): return Self.prefix + module + ".base_layer.bias"
        case let .baseParameter(name): return Self.prefix + name
        }
    }

    /// The parameter name inside a `PeftModel` (as in `named_parameters()` and `grads.safetensors`).
    public func memoryKey(adapterName: String) -> String {
        switch self {
        case let .loraA(module): return Self.prefix + module + ".lora_A.\(adapterName).weight"
        case let .loraB(module): return Self.prefix + module + ".lora_B.\(adapterName).weight"
        case let .savedModuleParameter(module, parameter):
            return Self.prefix + module + ".modules_to_save.\(adapterName)." + parameter
        case let .wrappedBias(module): return Self.prefix + module + ".base_layer.bias"
        case let .baseParameter(name): return Self.prefix + name
        }
    }

    /// Reads a key of `adapter_model.safetensors`. `savedModules` are the modules_to_save module names
    /// (their parameters are recognised by prefix), `loraModules` the LoRA-wrapped ones. Returns nil
    /// for a key that is not an adapter key of this model (reported as unexpected by the loader).
    public static func parseDiskKey(_ key: String, savedModules: [String], loraModules: Set<String>) -> AdapterTensorKey? {
        guard key.hasPrefix(prefix) else { return nil }
        let path = String(key.dropFirst(prefix.count))
        for (suffix, make) in [(".lora_A.weight", AdapterTensorKey.loraA), (".lora_B.weight", AdapterTensorKey.loraB)]
            where path.hasSuffix(suffix) {
            return make(String(path.dropLast(suffix.count)))
        }
        // The longest matching module wins (a saved module may contain another name as a prefix).
        if let module = savedModules.filter({ path.hasPrefix($0 + ".") }).max(by: { $0.count < $1.count }) {
            return .savedModuleParameter(module: module, parameter: String(path.dropFirst(module.count + 1)))
        }
        if path.hasSuffix(".base_layer.bias") {
            let module = String(path.dropLast(".base_layer.bias".count))
            if loraModules.contains(module) { return .wrappedBias(module: module) }
        }
        if path.contains("bias") { return .baseParameter(name: path) }
        return nil
    }

    /// Reads an in-memory `PeftModel` parameter name for adapter `adapterName` (nil for base parameters
    /// that are not part of the adapter).
    public static func parseMemoryKey(_ key: String, adapterName: String, savedModules: [String]) -> AdapterTensorKey? {
        guard key.hasPrefix(prefix) else { return nil }
        let path = String(key.dropFirst(prefix.count))
        for (suffix, make) in [(".lora_A.\(adapterName).weight", AdapterTensorKey.loraA),
                               (".lora_B.\(adapterName).weight", AdapterTensorKey.loraB)] where path.hasSuffix(suffix) {
            return make(String(path.dropLast(suffix.count)))
        }
        let marker = ".modules_to_save.\(adapterName)."
        if let range = path.range(of: marker) {
            let module = String(path[..<range.lowerBound])
            if savedModules.contains(module) {
                return .savedModuleParameter(module: module, parameter: String(path[range.upperBound...]))
            }
        }
        return nil
    }
}
