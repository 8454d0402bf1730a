import PythonBasics
import Foundation

/// Everything `get_peft_model` will do to a model, decided before touching it: which Linear layers get
/// LoRA (with their rank, alpha and scaling), which modules become trainable copies, which biases train,
/// and the config as PEFT stores it afterwards. Pure data, so it is testable from module names alone.
public struct AdapterPlan: Equatable {
    /// One Linear layer that gets a LoRA adapter.
    public struct LoraTarget: Equatable {
        /// Full module name, e.g. `bert.encoder.layer.0.attention.self.query`.
        public var moduleName: String
        public var inFeatures: Int
        public var outFeatures: Int
        /// Rank after `rank_pattern`.
        public var rank: Int
        /// Alpha after `alpha_pattern`.
        public var alpha: Double
        /// `alpha / rank` (or `alpha / √rank` with rsLoRA).
        public var scaling: Double
        /// Whether the base Linear has a bias (trained with `bias="lora_only"`).
        public var hasBias: Bool

        /// Number of LoRA parameters: A [r, in] + B [out, r].
        public var parameterCount: Int { rank * (inFeatures + outFeatures) }
    }

    public var adapterName: String
    /// The config as PEFT holds it after injection: default targets filled in, `"all-linear"` expanded,
    /// the task's head names added to `modules_to_save`.
    public var config: LoraConfig
    public var loraTargets: [LoraTarget]
    /// Modules wrapped as trainable copies (modules_to_save), in model order.
    public var modulesToSave: [String]
    /// Base parameters (full names) made trainable by `bias="all"` / `"lora_only"`.
    public var trainableBaseParameters: [String]
    /// Modules that matched `target_modules` but were excluded.
    public var excludedModules: [String]

    /// Plans an adapter named `adapterName` for `model`. Throws PEFT's errors (and lorarepl's stricter ones).
    /// With `strictTargets` (new adapters) every `target_modules` entry must match a module; without it
    /// (adapters read from disk, which PEFT may have saved with unused entries) a stray entry only warns.
    public static func make(config: LoraConfig, model: ModelDescription, adapterName: String = "default",
                            strictTargets: Bool = true) throws -> AdapterPlan {
        try config.validate()
        try config.checkSupported()
        try checkAdapterName(adapterName)
        var resolved = config
        resolved.modulesToSave = config.effectiveModulesToSave
        let saveEntries = resolved.modulesToSave ?? []
        let resolution = try TargetMatcher.resolve(config: config, model: model, modulesToSave: saveEntries,
                                                   strict: strictTargets)
        resolved.targetModules = resolution.resolvedSelector
        if config.fanInFanOut {
            PeftWarnings.warn("fan_in_fan_out is set to True but the target module is `torch.nn.Linear`. Setting fan_in_fan_out to False.")
            resolved.fanInFanOut = false
        }
        var targets: [LoraTarget] = []
        for name in resolution.targets {
            guard let module = model.module(named: name), case let .linear(inFeatures, outFeatures, hasBias) = module.kind else { continue }
            let rank = try config.rank(forModule: name)
            let alpha = try config.alpha(forModule: name)
            targets.append(LoraTarget(moduleName: name, inFeatures: inFeatures, outFeatures: outFeatures, rank: rank,
                                      alpha: alpha, scaling: config.scaling(rank: rank, alpha: alpha), hasBias: hasBias))
        }
        let automatic = config.taskType?.automaticModulesToSave ?? []
        let saved = try ModulesToSaveMatcher.resolve(entries: saveEntries,
                                                     userEntries: (config.modulesToSave ?? []).filter { !automatic.contains($0) },
                                                     taskType: config.taskType, model: model)
        var biases: [String] = []
        switch config.bias {
        case .none: break
        case .all:
            // PEFT: every parameter whose name contains "bias"; the frozen originals of modules_to_save stay frozen.
            biases = model.parameters.map(\.name).filter { name in
                name.contains("bias") && !saved.contains(where: { name.hasPrefix($0 + ".") })
            }
        case .loraOnly:
            biases = targets.filter(\.hasBias).map { $0.moduleName + ".bias" }
        }
        return AdapterPlan(adapterName: adapterName, config: resolved, loraTargets: targets, modulesToSave: saved,
                           trainableBaseParameters: biases, excludedModules: resolution.excluded)
    }

    /// Refuses (MemoryError) an adapter whose LoRA matrices would not fit: `LoraConfig(r=10**9)` would ask
    /// for terabytes. Counts the A and B matrices in float32, with overflow checked.
    func checkMemory() throws {
        var elements = 0
        for target in loraTargets {
            let width = target.inFeatures + target.outFeatures
            let (count, overflow) = target.rank.multipliedReportingOverflow(by: width)
            let (sum, overflowSum) = elements.addingReportingOverflow(count)
            elements = overflow || overflowSum ? Int.max : sum
        }
        let rank = loraTargets.map(\.rank).max() ?? 0
        try MemoryBudget.check(elements: elements, bytesPerElement: MemoryLayout<Float>.stride,
                               what: "the LoRA matrices of r=\(rank) on \(loraTargets.count) modules",
                               help: "use a rank such as 4, 8 or 16 (r is the rank of the update, far below the layer width)")
    }

    /// PEFT refuses adapter names that break its key scheme; lorarepl also refuses `lora`-like names
    /// (peft #2699: a name contained in the `lora_` prefix corrupts the saved keys).
    static func checkAdapterName(_ name: String) throws {
        guard !name.isEmpty, !name.contains("."), !name.contains("/") else {
            throw PeftError(.invalidConfig, "adapter name '\(name)' is not allowed",
                            notes: ["an adapter name becomes part of parameter names and of a folder name"],
                            help: "use a plain name such as \"default\" or \"sentiment\" (no dots or slashes)")
        }
        if "lora_".contains(name) {
            throw PeftError(.invalidConfig, "adapter name '\(name)' is part of the prefix 'lora_' and would corrupt the saved keys (peft #2699)",
                            help: "use another name, e.g. \"\(name)_adapter\"")
        }
    }

    /// Parameter counts PEFT reports after `get_peft_model` (in training mode): trainable and all.
    /// `all` counts LoRA, the base, and each modules_to_save module twice (frozen original + trainable copy).
    public func parameterCounts(model: ModelDescription) -> (trainable: Int, all: Int) {
        let lora = loraTargets.reduce(0) { $0 + $1.parameterCount }
        var headCopies = 0
        var base = 0
        var trainableBase = 0
        let trainableSet = Set(trainableBaseParameters)
        for parameter in model.parameters {
            base += parameter.elementCount
            if modulesToSave.contains(where: { parameter.name.hasPrefix($0 + ".") }) { headCopies += parameter.elementCount }
            if trainableSet.contains(parameter.name) { trainableBase += parameter.elementCount }
        }
        return (lora + headCopies + trainableBase, base + lora + headCopies)
    }
}

/// PEFT's `print_trainable_parameters()` line:
/// `trainable params: 3,203 || all params: 26,758 || trainable%: 11.9703`.
public func trainableParametersLine(trainable: Int, all: Int) -> String {
    let percent = all == 0 ? 0 : 100 * Double(trainable) / Double(all)
    return "trainable params: \(groupedThousands(trainable)) || all params: \(groupedThousands(all)) || trainable%: "
        + formatFixed(percent, decimals: 4)
}

/// `f"{n:,d}"`.
func groupedThousands(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (position, digit) in digits.enumerated() {
        if position > 0, (digits.count - position) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return value < 0 ? "-" + out : out
}

/// `f"{x:.Nf}"` (correctly rounded from the binary value, like Python and C's printf).
func formatFixed(_ value: Double, decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}
