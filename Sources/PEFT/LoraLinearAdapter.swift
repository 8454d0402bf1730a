import Foundation
import Models
import TensorCore

/// PEFT's `lora.Linear` bookkeeping for one Linear: every adapter's A/B, the active ones, the disabled
/// flag and merge state. After each change it sets the Linear's plain `delta` value (the active terms and
/// every adapter tensor's name), which is all the Linear's forward reads.
///
/// Forward: `y = base(x) + Σ_active s·B(A(dropout(x)))`; disabled or merged → `base(x)` only.
final class LoraLinearAdapter: LinearAdapter {
    /// Adapters in creation order (PEFT's ModuleDict order).
    private(set) var adapters: [(name: String, weights: LoraWeights)] = [] { didSet { publish() } }
    /// The adapters that take part in the forward pass.
    var activeAdapters: [String] = [] { didSet { publish() } }
    /// `disable_adapter()`: the layer behaves as the base Linear.
    var isDisabled = false { didSet { publish() } }
    /// Adapters folded into the base weight, and the weight before the first merge (restored exactly
    /// by `unmerge`, unlike PEFT's `W -= ΔW`).
    private(set) var mergedAdapters: [String] = [] { didSet { publish() } }
    private var weightBeforeMerge: Linear.StoredWeight?
    /// The model's dropout random stream.
    let randomness: RandomSource
    /// The Linear whose `delta` this adapter sets (`attach(to:)`; `detach()` on unload).
    let link = LinearLink()

    init(randomness: RandomSource) {
        self.randomness = randomness
    }

    func attach(to linear: Linear) { link.attach(linear, delta: delta) }
    func detach() { link.detach() }

    /// The value the Linear computes from: the active adapters' terms (none when disabled or merged).
    var delta: LinearDelta {
        let active = isDisabled || isMerged ? [] : activeAdapters.compactMap { weights($0) }
        return LinearDelta(lora: active.map(\.term), parameters: namedParameters, randomness: randomness)
    }

    private func publish() { link.publish(delta) }

    var isMerged: Bool { !mergedAdapters.isEmpty }

    func weights(_ name: String) -> LoraWeights? { adapters.first(where: { $0.name == name })?.weights }

    func add(_ name: String, _ weights: LoraWeights) {
        adapters.append((name, weights))
    }

    func remove(_ name: String) {
        adapters.removeAll { $0.name == name }
        activeAdapters.removeAll { $0 == name }
    }

    /// PEFT's in-memory names: all `lora_A.<name>.weight` first, then all `lora_B.<name>.weight`.
    var namedParameters: [(name: String, tensor: Tensor)] {
        adapters.map { ("lora_A.\($0.name).weight", $0.weights.a) } + adapters.map { ("lora_B.\($0.name).weight", $0.weights.b) }
    }

    /// When set as a Linear's general `adapter` hook instead of attached (tests), the same computation.
    var replacesBase: Bool { true }

    func forward(input: Tensor, baseOutput: Tensor?, linear: Linear) throws -> Tensor {
        try linear.forward(input, delta: delta)
    }

    /// Folds the active adapters into `linear.weight` (fp32): W ← W + Σ s·B·A. A new weight tensor replaces
    /// the old one, which is kept for an exact `unmerge`. A weight kept quantized is dequantized and merged
    /// in fp32 (exact; the layer's memory grows to fp32 until `unmerge` puts the blocks back).
    func merge(into linear: Linear, adapterNames: [String]? = nil) throws {
        let names = (adapterNames ?? activeAdapters).filter { !mergedAdapters.contains($0) }
        guard !names.isEmpty else { return }
        let stored = linear.storedWeight
        let original = try linear.denseWeight()
        var merged = original.copy()
        for name in names {
            guard let weights = weights(name) else { continue }
            merged = try Autograd.noGrad { try merged + weights.deltaWeight() }
            mergedAdapters.append(name)
        }
        if weightBeforeMerge == nil { weightBeforeMerge = stored }
        merged.requiresGrad = stored.weight.requiresGrad
        try linear.replaceWeight(with: merged)
    }

    /// Restores the weight from before `merge` (bit for bit; quantized blocks come back as they were).
    func unmerge(from linear: Linear) {
        guard let original = weightBeforeMerge else { return }
        linear.restore(original)
        weightBeforeMerge = nil
        mergedAdapters.removeAll()
    }
}

/// PEFT's `ModulesToSaveWrapper` for one Linear inside a `modules_to_save` module: a trainable copy of
/// the weights per adapter next to the frozen original. The active adapter's copy replaces the base
/// computation; disabled (or no copy for the active adapter) → the original.
final class SavedModuleCopyAdapter {
    /// The modules_to_save module this Linear belongs to (`classifier`, or `bert.pooler` for `pooler.dense`).
    let savedModuleName: String
    /// The Linear's path inside it ("" when the Linear is the saved module itself).
    let relativePath: String
    private(set) var copies: [(name: String, weight: Tensor, bias: Tensor?)] = [] { didSet { publish() } }
    var activeAdapter: String? { didSet { publish() } }
    var isDisabled = false { didSet { publish() } }
    /// The Linear whose `delta` this sets (`attach(to:)`; `detach()` on unload).
    let link = LinearLink()

    init(savedModuleName: String, relativePath: String) {
        self.savedModuleName = savedModuleName
        self.relativePath = relativePath
    }

    func attach(to linear: Linear) { link.attach(linear, delta: delta) }
    func detach() { link.detach() }

    /// The active copy stands in for the Linear's weights; every copy is listed among its parameters.
    var delta: LinearDelta { LinearDelta(replacement: activeCopy, parameters: namedParameters) }

    private func publish() { link.publish(delta) }

    /// The parameter name relative to the saved module (`weight`, `dense.weight`).
    func parameterPath(_ parameter: String) -> String { relativePath.isEmpty ? parameter : relativePath + "." + parameter }

    func copy(_ name: String) -> (weight: Tensor, bias: Tensor?)? {
        copies.first(where: { $0.name == name }).map { ($0.weight, $0.bias) }
    }

    /// Adds a trainable copy of the Linear's current weights for adapter `name`.
    func addCopy(_ name: String, of linear: Linear, trainable: Bool) throws {
        let weight = try linear.denseWeight().copy()  // a weight kept quantized gets an fp32 copy
        let bias = linear.bias?.copy()
        weight.requiresGrad = trainable
        bias?.requiresGrad = trainable
        copies.append((name, weight, bias))
    }

    func remove(_ name: String) {
        copies.removeAll { $0.name == name }
        if activeAdapter == name { activeAdapter = nil }
    }

    private var activeCopy: (weight: Tensor, bias: Tensor?)? {
        guard !isDisabled, let activeAdapter else { return nil }
        return copy(activeAdapter)
    }

    /// Relative to the Linear, so the model's own `namedParameters()` lists the copies too.
    var namedParameters: [(name: String, tensor: Tensor)] {
        copies.flatMap { copy -> [(name: String, tensor: Tensor)] in
            var own: [(name: String, tensor: Tensor)] = [("modules_to_save.\(copy.name).weight", copy.weight)]
            if let bias = copy.bias { own.append(("modules_to_save.\(copy.name).bias", bias)) }
            return own
        }
    }
}

/// The link from adapter state to the Linear it changes: `attach` starts setting the Linear's `delta`,
/// `publish` sets it again after each change of the state, `detach` removes it (the Linear then computes
/// with its own weights again).
final class LinearLink {
    private weak var linear: Linear?

    func attach(_ linear: Linear, delta: LinearDelta) {
        self.linear = linear
        linear.delta = delta
    }

    /// `delta` is computed only while attached.
    func publish(_ delta: @autoclosure () -> LinearDelta) {
        guard let linear else { return }
        linear.delta = delta()
    }

    func detach() {
        linear?.delta = nil
        linear = nil
    }
}
