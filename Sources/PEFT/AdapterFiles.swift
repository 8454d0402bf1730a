import Foundation
import Models
import TensorCore
import WeightIO

/// `save_pretrained`, `PeftModel.from_pretrained` and `load_adapter`, in PEFT's file format:
/// `adapter_config.json` + `adapter_model.safetensors` (keys without the adapter name, metadata
/// `{"format": "pt"}`), the `default` adapter in the folder itself, any other in a subfolder.
extension PeftModel {
    /// PEFT's `SAFETENSORS_WEIGHTS_NAME`.
    public static let weightsFileName = "adapter_model.safetensors"

    /// The tensors adapter `name` saves, keyed as on disk, in model order.
    func adapterTensors(_ name: String) throws -> [(key: AdapterTensorKey, tensor: Tensor)] {
        guard let plan = plans[name] else { throw unknownAdapter(name) }
        var tensors: [(key: AdapterTensorKey, tensor: Tensor)] = []
        for layer in loraLayers {
            guard let weights = layer.adapter.weights(name) else { continue }
            tensors.append((.loraA(module: layer.moduleName), weights.a))
            tensors.append((.loraB(module: layer.moduleName), weights.b))
        }
        for layer in savedLayers {
            guard let copy = layer.adapter.copy(name) else { continue }
            let root = layer.adapter.savedModuleName
            tensors.append((.savedModuleParameter(module: root, parameter: layer.adapter.parameterPath("weight")), copy.weight))
            if let bias = copy.bias {
                tensors.append((.savedModuleParameter(module: root, parameter: layer.adapter.parameterPath("bias")), bias))
            }
        }
        let wrapped = Set(loraLayers.map(\.moduleName))
        let state = Dictionary(baseStateNames().map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        for name in plan.trainableBaseParameters {
            guard let tensor = state[name] else { continue }
            let module = name.hasSuffix(".bias") ? String(name.dropLast(".bias".count)) : name
            tensors.append((wrapped.contains(module) ? .wrappedBias(module: module) : .baseParameter(name: name), tensor))
        }
        return tensors
    }

    /// `save_pretrained(directory)`: writes each adapter (or `selectedAdapters`) atomically and checks
    /// the written file. The `default` adapter goes in `directory`, another adapter `X` in `directory/X`.
    public func savePretrained(_ directory: URL, selectedAdapters: [String]? = nil) throws {
        try checkUsable()
        let names = selectedAdapters ?? adapterNames
        if let unknown = names.first(where: { !adapterNames.contains($0) }) {
            throw PeftError(.unknownAdapter, "selected_adapters contains '\(unknown)', which is not an adapter of this model",
                            notes: ["adapters: " + adapterNames.joined(separator: ", ")])
        }
        for name in names {
            let folder = name == "default" ? directory : directory.appendingPathComponent(name)
            let tensors = try adapterTensors(name)
            guard !tensors.isEmpty else {
                throw PeftError(.invalidState, "adapter '\(name)' has no tensors to save")
            }
            let weightsURL = folder.appendingPathComponent(Self.weightsFileName)
            var records: [SafetensorsTensor] = []
            do {
                records = try tensors.map {
                    try SafetensorsTensor(name: $0.key.diskKey, shape: $0.tensor.shape, floats: $0.tensor.toArray(),
                                          storedAs: storedPrecision(of: $0.key).storedAs)
                }
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try SafetensorsWriter.write(records, metadata: ["format": "pt"], to: weightsURL)
            } catch let error as WeightIOError {
                throw PeftError(.writeFailed, "could not save adapter '\(name)': \(error.message)", help: error.help)
            } catch {
                throw PeftError(.writeFailed, "could not save adapter '\(name)' to \(folder.path): \(error.localizedDescription)",
                                help: "check that the folder is writable")
            }
            try config(of: name).write(toDirectory: folder)
            // Read back the header: an adapter file that silently lost tensors is a classic (peft #317).
            let written = try openWeights(weightsURL)
            guard Set(written.tensorNames) == Set(records.map(\.name)) else {
                throw PeftError(.writeFailed, "the saved \(Self.weightsFileName) in \(folder.path) does not hold the adapter's tensors")
            }
        }
    }

    /// `PeftModel.from_pretrained(model, directory, adapter_name, is_trainable)`: attaches the saved
    /// adapter to `model` (which must be the base model it was trained on) and loads its weights.
    /// With `isTrainable: false` (PEFT's default) the adapter is frozen and the model put in eval mode.
    public static func fromPretrained(_ model: PreTrainedModel, directory: URL, adapterName: String = "default",
                                      isTrainable: Bool = false) throws -> PeftModel {
        var config = try LoraConfig.read(from: directory)
        config.inferenceMode = !isTrainable
        if model.namedModules().contains(where: { ($0.module as? Linear)?.isAdapted == true }) {
            throw PeftError(.invalidState, "this model already has adapters attached",
                            help: "use peft_model.load_adapter(dir, adapter_name=…) to add another adapter")
        }
        let peft = PeftModel(baseModel: model, adapterName: adapterName)
        for (_, tensor) in model.namedParameters() { tensor.requiresGrad = false }
        try peft.inject(config: config, adapterName: adapterName, strictTargets: false)
        try peft.loadWeights(from: directory, adapterName: adapterName)
        peft.applyActiveAdapter(trainable: isTrainable)
        if !isTrainable { model.eval() }
        return peft
    }

    /// `load_adapter(directory, adapter_name, is_trainable)`: adds a saved adapter under a new name
    /// (not activated; use `setAdapter`). With the name of an existing adapter, its weights are replaced
    /// by the file's (what the Trainer's `load_best_model_at_end` does); shapes must match.
    public func loadAdapter(_ directory: URL, adapterName: String, isTrainable: Bool = false) throws {
        try checkUsable()
        if adapterNames.contains(adapterName) {
            let saved = try LoraConfig.read(from: directory)
            let current = try config(of: adapterName)
            if saved.r != current.r || saved.loraAlpha != current.loraAlpha || saved.useRslora != current.useRslora
                || saved.rankPattern.map(\.key) != current.rankPattern.map(\.key) {
                throw PeftError(.adapterMismatch, "the adapter in \(directory.path) has another r / lora_alpha than adapter '\(adapterName)'",
                                notes: ["saved: r=\(saved.r), lora_alpha=\(pythonFloatRepr(saved.loraAlpha)); "
                                        + "current: r=\(current.r), lora_alpha=\(pythonFloatRepr(current.loraAlpha))"],
                                help: "load it under a new adapter_name")
            }
            try loadWeights(from: directory, adapterName: adapterName)
            return
        }
        var config = try LoraConfig.read(from: directory)
        config.inferenceMode = !isTrainable
        try inject(config: config, adapterName: adapterName, strictTargets: false)
        do {
            try loadWeights(from: directory, adapterName: adapterName)
        } catch {
            removeAdapterAfterFailedLoad(adapterName)
            throw error
        }
        applyActiveAdapter(trainable: activeAdapterIsTrainable)
    }

    private func removeAdapterAfterFailedLoad(_ name: String) {
        for layer in loraLayers { layer.adapter.remove(name) }
        for layer in savedLayers { layer.adapter.remove(name) }
        peftConfig.removeAll { $0.name == name }
        plans[name] = nil
    }

    func openWeights(_ url: URL) throws -> SafetensorsFile {
        do {
            return try SafetensorsFile(url: url)
        } catch let error as WeightIOError {
            throw PeftError(.adapterMismatch, "\(url.path) is not a readable safetensors file: \(error.message)",
                            help: error.help ?? "save the adapter again")
        }
    }

    /// Copies the file's tensors into adapter `adapterName`'s freshly injected weights, checking names and shapes.
    func loadWeights(from directory: URL, adapterName: String) throws {
        let url = directory.appendingPathComponent(Self.weightsFileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("adapter_model.bin").path) {
                throw PeftError(.unsupportedFeature, "\(directory.path) holds adapter_model.bin (a PyTorch pickle, PEFT ≤ 0.6); lorarepl reads only adapter_model.safetensors",
                                help: "in Python: PeftModel.from_pretrained(...).save_pretrained(dir) writes the safetensors file")
            }
            throw PeftError(.fileNotFound, "no \(Self.weightsFileName) in \(directory.path)",
                            notes: ["a PEFT adapter folder holds adapter_config.json and adapter_model.safetensors"],
                            help: "pass the folder given to save_pretrained(...)")
        }
        let file = try openWeights(url)
        let expected = try adapterTensors(adapterName)
        let byKey = Dictionary(expected.map { ($0.key.diskKey, $0) }, uniquingKeysWith: { first, _ in first })
        var loaded = Set<String>()
        var unexpected: [String] = []
        for info in file.tensors {
            guard let target = byKey[info.name] else { unexpected.append(info.name); continue }
            guard info.shape == target.tensor.shape else {
                throw shapeMismatch(info.name, key: target.key, file: info.shape, model: target.tensor.shape)
            }
            do {
                try target.tensor.assign(try file.floats(info.name))
            } catch let error as WeightIOError {
                throw PeftError(.adapterMismatch, "cannot read \(info.name) from \(url.path): \(error.message)")
            }
            loaded.insert(info.name)
        }
        let missing = expected.map(\.key.diskKey).filter { !loaded.contains($0) }
        if !missing.isEmpty, missing.count == expected.count {
            throw PeftError(.adapterMismatch, "\(url.path) holds none of this adapter's tensors",
                            notes: ["expected keys like \(missing[0])"] + (unexpected.first.map { ["found keys like \($0)"] } ?? []),
                            help: "load the adapter on the base model it was trained on (base_model_name_or_path in adapter_config.json)")
        }
        if !missing.isEmpty {
            PeftWarnings.warn("Found missing adapter keys while loading the checkpoint: \(missing); they keep their fresh initialisation")
        }
        if !unexpected.isEmpty {
            PeftWarnings.warn("adapter_model.safetensors has keys this model does not use (ignored): \(unexpected.prefix(5))"
                              + (unexpected.count > 5 ? " and \(unexpected.count - 5) more" : ""))
        }
    }

    private func shapeMismatch(_ name: String, key: AdapterTensorKey, file: [Int], model: [Int]) -> PeftError {
        if case let .savedModuleParameter(module, _) = key, file.first != model.first,
           plans.values.contains(where: { $0.config.taskType == .sequenceClassification || $0.config.taskType == .tokenClassification }) {
            return PeftError(.adapterMismatch,
                             "size mismatch for \(name): the adapter's \(module) head has \(file.first ?? 0) outputs, the model's has \(model.first ?? 0)",
                             notes: ["the classifier head is saved with the adapter, so its number of labels must match"],
                             help: "load the base model with num_labels=\(file.first ?? 0) before attaching this adapter")
        }
        return LoraWeights.mismatch(name, file: file, model: model)
    }
}
