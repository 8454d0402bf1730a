import Foundation
import Models
import TensorCore

/// Disabling, merging, unloading, and PEFT's parameter names and counts.
extension PeftModel {
    // MARK: disable_adapter()

    /// `with model.disable_adapter(): …` as a closure: inside, the model is the base model (LoRA off,
    /// original heads instead of the trained copies). Scopes nest; the adapters come back even if
    /// `body` throws.
    public func withAdapterDisabled<Result>(_ body: () throws -> Result) throws -> Result {
        try enterAdapterDisabled()
        defer { exitAdapterDisabled() }
        return try body()
    }

    /// Enters a `disable_adapter()` scope (for the language's `with` statement); pair with `exitAdapterDisabled()`.
    public func enterAdapterDisabled() throws {
        try checkUsable()
        if loraLayers.contains(where: { $0.adapter.isMerged }) {
            PeftWarnings.warn("Adapter cannot be disabled when merged. Unmerging the model first.")
            unmergeAdapter()
        }
        if let plan = plans[activeAdapter], plan.config.bias != .none {
            PeftWarnings.warn("bias=\"\(plan.config.bias.rawValue)\": the trained biases stay in place, so the disabled "
                              + "model is not exactly the base model")
        }
        disabledDepth += 1
        setLayersDisabled(true)
    }

    /// Leaves the innermost `disable_adapter()` scope.
    public func exitAdapterDisabled() {
        guard disabledDepth > 0 else { return }
        disabledDepth -= 1
        if disabledDepth == 0 { setLayersDisabled(false) }
    }

    /// True inside a `disable_adapter()` scope.
    public var isAdapterDisabled: Bool { disabledDepth > 0 }

    private func setLayersDisabled(_ disabled: Bool) {
        for layer in loraLayers { layer.adapter.isDisabled = disabled }
        for layer in savedLayers { layer.adapter.isDisabled = disabled }
    }

    // MARK: merge / unmerge / unload

    /// `merge_adapter()`: folds the active adapter into the base weights (fp32), keeping the LoRA layers
    /// so `unmerge_adapter()` can undo it exactly. Layers whose weight is kept quantized
    /// (`keep_quantized=True`) are dequantized and merged exactly in fp32 (a warning states the memory
    /// growth); `unmerge_adapter()` puts their quantized blocks back bit for bit.
    public func mergeAdapter() throws {
        try checkUsable()
        try withQuantizedMergeNote("merge_adapter()", undo: "unmerge_adapter() puts the quantized blocks back") {
            for layer in loraLayers { try layer.adapter.merge(into: layer.linear) }
        }
    }

    /// `unmerge_adapter()`: restores the weights from before `merge_adapter()` (bit for bit).
    public func unmergeAdapter() {
        for layer in loraLayers { layer.adapter.unmerge(from: layer.linear) }
    }

    /// `merge_and_unload()`: merges the active adapter into the base weights (fp32), replaces each
    /// modules_to_save layer by its trained copy, removes every adapter, and returns the plain model.
    /// This PeftModel cannot be used afterwards: `model = model.merge_and_unload()`.
    @discardableResult
    public func mergeAndUnload() throws -> PreTrainedModel {
        try checkUsable()
        if isAdapterDisabled {
            throw PeftError(.invalidState, "merge_and_unload() inside a disable_adapter() scope",
                            help: "call it after the `with model.disable_adapter():` block")
        }
        try withQuantizedMergeNote("merge_and_unload()", undo: "their quantized copies are dropped") {
            for layer in loraLayers {
                layer.adapter.unmerge(from: layer.linear)
                try layer.adapter.merge(into: layer.linear)
                layer.adapter.detach()
            }
            for layer in savedLayers {
                if let active = layer.adapter.activeAdapter, let copy = layer.adapter.copy(active) {
                    try layer.linear.replaceWeight(with: copy.weight)
                    layer.linear.bias = copy.bias
                }
                layer.adapter.detach()
            }
        }
        finishUnload()
        return baseModel
    }

    /// `unload()`: removes every adapter without merging; returns the original base model.
    @discardableResult
    public func unload() throws -> PreTrainedModel {
        try checkUsable()
        for layer in loraLayers {
            layer.adapter.unmerge(from: layer.linear)
            layer.adapter.detach()
        }
        for layer in savedLayers { layer.adapter.detach() }
        finishUnload()
        return baseModel
    }

    private func finishUnload() {
        loraLayers.removeAll()
        savedLayers.removeAll()
        disabledDepth = 0
        isUnloaded = true
    }

    // MARK: Parameters

    /// `named_parameters()` with PEFT's names: `base_model.model.` prefix, `…query.base_layer.weight`,
    /// `…query.lora_A.default.weight`, `classifier.original_module.weight`,
    /// `classifier.modules_to_save.default.weight`. Tied tensors are listed once.
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(name: String, tensor: Tensor)] = []
        func add(_ name: String, _ tensor: Tensor) {
            if seen.insert(ObjectIdentifier(tensor)).inserted { result.append((AdapterTensorKey.prefix + name, tensor)) }
        }
        let lora = Dictionary(loraLayers.map { (ObjectIdentifier($0.linear), $0.adapter) }, uniquingKeysWith: { first, _ in first })
        let saved = Dictionary(savedLayers.map { (ObjectIdentifier($0.linear), $0.adapter) }, uniquingKeysWith: { first, _ in first })
        for (moduleName, module) in baseModel.namedModules() {
            let prefix = moduleName.isEmpty ? "" : moduleName + "."
            if let linear = module as? Linear, let lora = lora[ObjectIdentifier(linear)] {
                for (name, tensor) in linear.parameters { add(prefix + "base_layer." + name, tensor) }
                for (name, tensor) in lora.namedParameters { add(prefix + name, tensor) }
            } else if let linear = module as? Linear, let saved = saved[ObjectIdentifier(linear)] {
                let root = saved.savedModuleName
                for (name, tensor) in linear.parameters { add(root + ".original_module." + saved.parameterPath(name), tensor) }
                for (copyName, weight, bias) in saved.copies {
                    add(root + ".modules_to_save.\(copyName)." + saved.parameterPath("weight"), weight)
                    if let bias { add(root + ".modules_to_save.\(copyName)." + saved.parameterPath("bias"), bias) }
                }
            } else {
                for (name, tensor) in module.parameters { add(prefix + name, tensor) }
            }
        }
        return result
    }

    /// The tensors an optimizer should update, with PEFT's names.
    public func trainableParameters() -> [(name: String, tensor: Tensor)] {
        namedParameters().filter { $0.tensor.requiresGrad }
    }

    /// `get_nb_trainable_parameters()`: (trainable, all) element counts over `named_parameters()`
    /// (a modules_to_save layer counts twice: frozen original + trainable copy, as in PEFT).
    public func getNbTrainableParameters() -> (trainable: Int, all: Int) {
        var trainable = 0, all = 0
        for (_, tensor) in namedParameters() {
            all += tensor.count
            if tensor.requiresGrad { trainable += tensor.count }
        }
        return (trainable, all)
    }

    /// PEFT's `print_trainable_parameters()` line, e.g.
    /// `trainable params: 74,883 || all params: 22,789,254 || trainable%: 0.3286`.
    public var trainableParametersSummary: String {
        let counts = getNbTrainableParameters()
        return trainableParametersLine(trainable: counts.trainable, all: counts.all)
    }

    /// `print_trainable_parameters()`: writes the summary line to `output`.
    public func printTrainableParameters() {
        output(trainableParametersSummary)
    }

    /// A readable description for the REPL: adapters, what each wraps, state, and PEFT's count line.
    public var summary: String {
        var lines = ["PeftModel on \(baseModel.typeName)" + (isUnloaded ? " (adapters removed)" : "")]
        for (name, config) in peftConfig {
            guard let plan = plans[name] else { continue }
            let leaves = uniqued(plan.loraTargets.map { $0.moduleName.split(separator: ".").last.map(String.init) ?? $0.moduleName })
            var line = "  adapter '\(name)'\(name == activeAdapter ? " (active)" : ""): LoRA r=\(config.r), "
                + "lora_alpha=\(Int(exactly: config.loraAlpha).map { String($0) } ?? pythonFloatRepr(config.loraAlpha)) on "
                + "\(plan.loraTargets.count) Linear layers (\(leaves.joined(separator: ", ")))"
            if !plan.modulesToSave.isEmpty { line += "; trains in full: " + plan.modulesToSave.joined(separator: ", ") }
            if config.inferenceMode { line += "; frozen" }
            lines.append(line)
        }
        if isAdapterDisabled { lines.append("  adapters disabled (inside disable_adapter())") }
        if loraLayers.contains(where: { $0.adapter.isMerged }) { lines.append("  merged into the base weights") }
        if !isUnloaded { lines.append("  " + trainableParametersSummary) }
        return lines.joined(separator: "\n")
    }

    /// The modules adapter `name` wraps with LoRA, and its modules_to_save, for the REPL to list.
    public func matchedModules(adapter name: String? = nil) throws -> (lora: [String], modulesToSave: [String]) {
        let adapter = name ?? activeAdapter
        guard let plan = plans[adapter] else { throw unknownAdapter(adapter) }
        return (plan.loraTargets.map(\.moduleName), plan.modulesToSave)
    }
}
