import Foundation
import Models
import TensorCore

/// PEFT's `PeftModel`: a base model with LoRA adapters attached to its Linear layers (each Linear's
/// `delta` value, so the base model object itself is adapted in place, like `get_peft_model`), the
/// adapters' configs by name, and the active adapter.
///
/// Create one with `getPeftModel(model, config:)` or `PeftModel.fromPretrained(model, directory:)`.
public final class PeftModel {
    /// The adapted model (`get_base_model()`); calling it runs the adapters.
    public let baseModel: PreTrainedModel
    /// `peft_config`: each adapter's config, in creation order.
    public internal(set) var peftConfig: [(name: String, config: LoraConfig)] = []
    /// The adapter used by forward passes and trained by `train()` (`active_adapter`).
    public private(set) var activeAdapter: String
    /// Where `printTrainableParameters()` writes (the REPL replaces it to capture cell output).
    public var output: (String) -> Void = { Swift.print($0) }

    /// LoRA-wrapped Linear layers by full module name, in model order.
    var loraLayers: [(moduleName: String, linear: Linear, adapter: LoraLinearAdapter)] = []
    /// Linear layers inside modules_to_save modules, in model order.
    var savedLayers: [(moduleName: String, linear: Linear, adapter: SavedModuleCopyAdapter)] = []
    /// The plan each adapter was built from.
    var plans: [String: AdapterPlan] = [:]
    /// Nesting depth of `disable_adapter()` scopes.
    var disabledDepth = 0
    /// Set by `mergeAndUnload()` / `unload()`: the adapters are gone from the model.
    var isUnloaded = false
    /// The dtype of the LoRA matrices (`loraPrecision`, `PeftModel+Precision.swift`).
    var loraPrecisionStorage: WeightPrecision = .float32

    init(baseModel: PreTrainedModel, adapterName: String) {
        self.baseModel = baseModel
        self.activeAdapter = adapterName
    }

    /// `get_peft_model(model, config, adapter_name)`: wraps the matching Linear layers with fresh LoRA
    /// weights (drawn from the model's seeded random stream), makes trainable copies of the
    /// modules_to_save, freezes everything else, and returns the PeftModel. The model is changed in place.
    /// `autocastAdapterDtype` (PEFT's `autocast_adapter_dtype`, default true) makes the LoRA matrices float32
    /// on a float16/bfloat16 model; false keeps them in the model's dtype.
    public static func make(model: PreTrainedModel, config: LoraConfig, adapterName: String = "default",
                            autocastAdapterDtype: Bool = true) throws -> PeftModel {
        let existing = model.namedModules().contains { ($0.module as? Linear)?.isAdapted == true }
        if existing {
            throw PeftError(.invalidState, "this model already has adapters attached",
                            help: "call add_adapter(name, config) on the PeftModel instead of get_peft_model again, "
                                + "or reload the base model")
        }
        let peft = PeftModel(baseModel: model, adapterName: adapterName)
        for (_, tensor) in model.namedParameters() { tensor.requiresGrad = false }
        try peft.inject(config: config, adapterName: adapterName, strictTargets: true)
        if !autocastAdapterDtype { try peft.keepAdapterInModelPrecision() }
        peft.applyActiveAdapter(trainable: !config.inferenceMode)
        return peft
    }

    // MARK: Injection

    /// Plans and attaches adapter `adapterName` (frozen until made active).
    func inject(config: LoraConfig, adapterName: String, strictTargets: Bool) throws {
        let description = ModelDescription(model: baseModel)
        var plan = try AdapterPlan.make(config: config, model: description, adapterName: adapterName, strictTargets: strictTargets)
        if plan.config.baseModelNameOrPath == nil, !baseModel.config.nameOrPath.isEmpty {
            plan.config.baseModelNameOrPath = baseModel.config.nameOrPath
        }
        try plan.checkMemory()
        let generator = baseModel.randomness.generator
        var newLora: [(String, Linear, LoraLinearAdapter)] = []
        for target in plan.loraTargets {
            guard let linear = baseModel.module(at: target.moduleName) as? Linear else { continue }
            let weights = try LoraWeights.initialized(inFeatures: target.inFeatures, outFeatures: target.outFeatures,
                                                      rank: target.rank, alpha: target.alpha, scaling: target.scaling,
                                                      dropout: config.loraDropout, initialization: config.initLoraWeights,
                                                      generator: generator)
            if let adapter = newLora.first(where: { $0.1 === linear })?.2 ?? loraAdapter(of: linear) {
                adapter.add(adapterName, weights)
            } else if !linear.isAdapted {
                let adapter = LoraLinearAdapter(randomness: baseModel.randomness)
                adapter.add(adapterName, weights)
                adapter.attach(to: linear)
                newLora.append((target.moduleName, linear, adapter))
            } else {
                throw PeftError(.unsupportedTarget, "\(target.moduleName) is a modules_to_save layer of another adapter and cannot also get LoRA")
            }
        }
        var newSaved: [(String, Linear, SavedModuleCopyAdapter)] = []
        for savedName in plan.modulesToSave {
            guard let module = baseModel.module(at: savedName) else { continue }
            for (relative, inner) in module.namedModules() {
                let fullName = relative.isEmpty ? savedName : savedName + "." + relative
                if let linear = inner as? Linear {
                    if let adapter = newSaved.first(where: { $0.1 === linear })?.2 ?? savedAdapter(of: linear) {
                        try adapter.addCopy(adapterName, of: linear, trainable: false)
                    } else if !linear.isAdapted {
                        let adapter = SavedModuleCopyAdapter(savedModuleName: savedName, relativePath: relative)
                        try adapter.addCopy(adapterName, of: linear, trainable: false)
                        adapter.attach(to: linear)
                        newSaved.append((fullName, linear, adapter))
                    } else {
                        throw PeftError(.unsupportedTarget, "\(fullName) already has LoRA and cannot also be in modules_to_save")
                    }
                } else if !inner.parameters.isEmpty {
                    throw PeftError(.unsupportedFeature,
                                    "modules_to_save entry '\(savedName)' contains \(fullName) (\(inner.typeName)); lorarepl can "
                                        + "train and save only Linear layers in full",
                                    help: "list the Linear head layers themselves in modules_to_save, e.g. [\"classifier\"]")
                }
            }
        }
        loraLayers += newLora
        savedLayers += newSaved
        plans[adapterName] = plan
        peftConfig.append((adapterName, plan.config))
    }

    /// The LoRA bookkeeping of `linear`, when this model put LoRA on it.
    func loraAdapter(of linear: Linear) -> LoraLinearAdapter? {
        loraLayers.first { $0.linear === linear }?.adapter
    }

    /// The modules_to_save bookkeeping of `linear`, when it is inside one of this model's saved modules.
    func savedAdapter(of linear: Linear) -> SavedModuleCopyAdapter? {
        savedLayers.first { $0.linear === linear }?.adapter
    }

    // MARK: Adapters as objects

    /// Names of all adapters, in creation order.
    public var adapterNames: [String] { peftConfig.map(\.name) }

    /// `active_adapters` (lorarepl activates one adapter at a time).
    public var activeAdapters: [String] { [activeAdapter] }

    /// The config of adapter `name`.
    public func config(of name: String) throws -> LoraConfig {
        guard let config = peftConfig.first(where: { $0.name == name })?.config else { throw unknownAdapter(name) }
        return config
    }

    /// `add_adapter(name, config)`: a new, untrained, inactive (and frozen) adapter.
    public func addAdapter(_ name: String, config: LoraConfig) throws {
        try checkUsable()
        if adapterNames.contains(name) {
            throw PeftError(.duplicateAdapter, "Adapter with name \(name) already exists.",
                            notes: ["adapters: " + adapterNames.joined(separator: ", ")],
                            help: "pick a new name, or delete_adapter(\"\(name)\") first")
        }
        if config.bias != .none, peftConfig.contains(where: { $0.config.bias != .none }) {
            throw PeftError(.invalidConfig, "LoraModel supports only 1 adapter with bias. When using multiple adapters, set bias to 'none' for all adapters.")
        }
        try inject(config: config, adapterName: name, strictTargets: true)
        applyActiveAdapter(trainable: activeAdapterIsTrainable)
    }

    /// `set_adapter(name)`: makes `name` the active adapter and trainable (frozen with `inferenceMode`).
    public func setAdapter(_ name: String, inferenceMode: Bool = false) throws {
        try checkUsable()
        guard adapterNames.contains(name) else { throw unknownAdapter(name) }
        if loraLayers.contains(where: { $0.adapter.isMerged }) {
            PeftWarnings.warn("Adapter cannot be set when the model is merged. Unmerging the model first.")
            unmergeAdapter()
        }
        activeAdapter = name
        if let index = peftConfig.firstIndex(where: { $0.name == name }) { peftConfig[index].config.inferenceMode = inferenceMode }
        applyActiveAdapter(trainable: !inferenceMode)
    }

    /// `delete_adapter(name)`. Deleting the active adapter activates the first remaining one; the last
    /// adapter cannot be deleted (use `unload()`).
    public func deleteAdapter(_ name: String) throws {
        try checkUsable()
        guard adapterNames.contains(name) else { throw unknownAdapter(name) }
        guard adapterNames.count > 1 else {
            throw PeftError(.invalidState, "'\(name)' is the only adapter; deleting it would leave an empty PeftModel",
                            help: "use unload() to get the base model without adapters")
        }
        for layer in loraLayers { layer.adapter.remove(name) }
        for layer in savedLayers { layer.adapter.remove(name) }
        peftConfig.removeAll { $0.name == name }
        plans[name] = nil
        if activeAdapter == name, let first = adapterNames.first {
            activeAdapter = first
            PeftWarnings.warn("Adapter \(name) was active which is now deleted. Setting active adapter to \(first).")
        }
        applyActiveAdapter(trainable: activeAdapterIsTrainable)
    }

    /// False when the active adapter is frozen (`inference_mode`, e.g. loaded with `is_trainable=False`).
    var activeAdapterIsTrainable: Bool {
        !(peftConfig.first(where: { $0.name == activeAdapter })?.config.inferenceMode ?? true)
    }

    /// Routes forward passes to the active adapter and sets which adapter tensors train.
    func applyActiveAdapter(trainable: Bool) {
        for layer in loraLayers {
            layer.adapter.activeAdapters = layer.adapter.weights(activeAdapter) == nil ? [] : [activeAdapter]
            for (name, weights) in layer.adapter.adapters {
                weights.a.requiresGrad = trainable && name == activeAdapter
                weights.b.requiresGrad = trainable && name == activeAdapter
            }
        }
        for layer in savedLayers {
            layer.adapter.activeAdapter = layer.adapter.copy(activeAdapter) == nil ? nil : activeAdapter
            for (name, weight, bias) in layer.adapter.copies {
                weight.requiresGrad = trainable && name == activeAdapter
                bias?.requiresGrad = trainable && name == activeAdapter
            }
        }
        let trainableBiases = Set(plans[activeAdapter]?.trainableBaseParameters ?? [])
        if !trainableBiases.isEmpty {
            for (name, tensor) in baseStateNames() where trainableBiases.contains(name) { tensor.requiresGrad = trainable }
        }
    }

    /// The base model's own parameters by their original names (no adapter tensors).
    func baseStateNames() -> [(name: String, tensor: Tensor)] {
        baseModel.namedModules().flatMap { moduleName, module in
            module.parameters.map { (moduleName.isEmpty ? $0.name : moduleName + "." + $0.name, $0.tensor) }
        }
    }

    func unknownAdapter(_ name: String) -> PeftError {
        PeftError(.unknownAdapter, "Adapter \(name) does not exist",
                  notes: ["adapters: " + adapterNames.joined(separator: ", ")])
    }

    func checkUsable() throws {
        if isUnloaded {
            throw PeftError(.invalidState, "this PeftModel's adapters were removed by merge_and_unload() or unload()",
                            help: "use the model those calls returned: model = model.merge_and_unload()")
        }
    }

    // MARK: Forward, modes

    /// The model's forward pass with the active adapter.
    public func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                        labels: Labels? = nil) throws -> ModelOutput {
        try baseModel.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds, labels: labels)
    }

    /// `model.train()`: dropout on. Warns when nothing would be trained (a frozen adapter, peft #282).
    @discardableResult
    public func train() -> PeftModel {
        baseModel.train()
        if getNbTrainableParameters().trainable == 0 {
            PeftWarnings.warn("this model has no trainable parameters (trainable params: 0), so training will not change it. "
                              + "An adapter loaded with PeftModel.from_pretrained(...) is frozen unless you pass is_trainable=True.")
        }
        return self
    }

    /// `model.eval()`: dropout off.
    @discardableResult
    public func eval() -> PeftModel {
        baseModel.eval()
        return self
    }

    /// Training mode of the base model (set without `train()`'s warning about frozen adapters).
    public var isTraining: Bool {
        get { baseModel.isTraining }
        set { baseModel.isTraining = newValue }
    }

    /// `get_base_model()`: the adapted model object itself.
    public func getBaseModel() -> PreTrainedModel { baseModel }
}

/// `get_peft_model(model, peft_config, adapter_name="default")`.
public func getPeftModel(_ model: PreTrainedModel, _ config: LoraConfig, adapterName: String = "default",
                         autocastAdapterDtype: Bool = true) throws -> PeftModel {
    try PeftModel.make(model: model, config: config, adapterName: adapterName, autocastAdapterDtype: autocastAdapterDtype)
}

extension ModelDescription {
    /// Describes a live model: every module with its kind, the base parameters (adapter tensors left
    /// out, tied tensors once) and, for causal LMs, the output embedding `lm_head`.
    public init(model: PreTrainedModel) {
        var modules: [ModuleEntry] = []
        var parameters: [ParameterEntry] = []
        var seen = Set<ObjectIdentifier>()
        for (name, module) in model.namedModules() {
            switch module {
            case let linear as Linear:
                modules.append(ModuleEntry(name: name, kind: .linear(inFeatures: linear.inFeatures, outFeatures: linear.outFeatures,
                                                                     hasBias: linear.bias != nil)))
            case is Embedding:
                modules.append(ModuleEntry(name: name, kind: .embedding))
            default:
                modules.append(ModuleEntry(name: name, kind: .other(module.typeName)))
            }
            for (parameter, tensor) in module.parameters where seen.insert(ObjectIdentifier(tensor)).inserted {
                parameters.append(ParameterEntry(name: name.isEmpty ? parameter : name + "." + parameter, elementCount: tensor.count))
            }
        }
        self.init(modelType: model.config.modelType.rawValue, modules: modules, parameters: parameters,
                  outputEmbeddingName: model.child(named: "lm_head") is Linear ? "lm_head" : nil)
    }
}
