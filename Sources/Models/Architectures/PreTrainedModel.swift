import Foundation
import TensorCore

/// Labels for a loss: integer class ids (or token ids for causal LMs), or float targets
/// (regression / multi-label), which pick the loss like transformers does by dtype.
public enum Labels {
    /// `[B]` class ids (cross-entropy), or `[B, T]` token ids with −100 ignored (causal LM).
    case classes(IntTensor)
    /// `[B]` (regression, MSE) or `[B, num_labels]` multi-hot targets (BCE with logits).
    case values(Tensor)
}

/// The base of every model class: config, uniform forward, state dict, weight loading.
open class PreTrainedModel: Module {
    /// Hyper-parameters, label maps, name.
    public var config: ModelConfig
    /// Draws for dropout and fresh weights; reseed with `reseed(_:)`.
    public let randomness: RandomSource
    /// What `from_pretrained` reported (newly initialised head weights, unused keys…); nil when built from a config.
    public internal(set) var loadReport: LoadReport?
    /// The dtype of the weights (`model.dtype`); `cast(to:)` changes it, `save_pretrained` writes it.
    public internal(set) var precision: WeightPrecision = .float32

    init(modelConfig config: ModelConfig, randomness: RandomSource) {
        self.config = config
        self.randomness = randomness
        super.init()
    }

    /// How checkpoint keys relate to this class's module names.
    open var keyRules: KeyMatchingRules {
        KeyMatchingRules(basePrefix: "", mayInitialize: { _ in false }, otherHeadPrefixes: [], ignoredSuffixes: [])
    }

    /// The uniform forward pass. `inputIds`, `attentionMask`, `tokenTypeIds` are `[B, T]`.
    open func forward(inputIds: IntTensor, attentionMask: IntTensor? = nil, tokenTypeIds: IntTensor? = nil,
                      labels: Labels? = nil) throws -> ModelOutput {
        throw ModelError("\(typeName) has no forward pass")
    }

    /// What this class is: transformers' output class, task heads, generation (override per architecture).
    open var architecture: ModelArchitecture { ModelArchitecture(outputClassName: "BaseModelOutput") }

    /// New tokens after `prompt`; only architectures with a language-model head override it.
    open func generate(_ prompt: [Int32], options: GenerationOptions = GenerationOptions(),
                       onToken: ((Int32) -> Bool)? = nil) throws -> [Int32] {
        throw cannotGenerate
    }

    private var cannotGenerate: ModelError {
        ModelError("\(typeName) cannot generate text: it has no language-model head",
                   help: "load a causal language model, e.g. AutoModelForCausalLM.from_pretrained(...)")
    }

    /// New tokens after each prompt of a batch; only architectures with a language-model head override it.
    open func generate(batch prompts: [[Int32]], options: GenerationOptions = GenerationOptions(), padTokenId: Int32,
                       onStep: (() -> Bool)? = nil) throws -> [[Int32]] {
        throw cannotGenerate
    }

    /// Puts the model in training mode (dropout on) and returns it, like `model.train()`.
    @discardableResult public func train() -> Self { isTraining = true; return self }
    /// Puts the model in eval mode (dropout off) and returns it, like `model.eval()`.
    @discardableResult public func eval() -> Self { isTraining = false; return self }

    /// Marks every weight trainable (true, PyTorch's default after loading) or frozen.
    public func setRequiresGrad(_ flag: Bool) {
        for (_, tensor) in stateDict() { tensor.requiresGrad = flag }
    }

    /// A readable one-paragraph description: class, architecture, layers, sizes, parameter count.
    public var summary: String {
        let total = parameterCount
        let trainable = namedParameters().filter { $0.tensor.requiresGrad }.reduce(0) { $0 + $1.tensor.count }
        var lines = ["\(typeName) (\(config.modelType.rawValue)) from \(config.nameOrPath.isEmpty ? "a config" : config.nameOrPath)",
                     "  \(config.numHiddenLayers) layers, hidden size \(config.hiddenSize), \(config.numAttentionHeads) heads"
                        + (config.numKeyValueHeads != config.numAttentionHeads ? " (\(config.numKeyValueHeads) key/value heads)" : "")
                        + ", feed-forward \(config.intermediateSize), vocabulary \(config.vocabSize)"]
        if architecture.taskHeads.contains("classifier") {
            lines.append("  \(config.numLabels) labels: " + (0..<config.numLabels).map { config.id2label[$0] ?? "?" }.joined(separator: ", "))
        }
        lines.append("  parameters: \(total.formatted()) (trainable \(trainable.formatted())), \(isTraining ? "training" : "eval") mode")
        return lines.joined(separator: "\n")
    }

    /// Restarts the dropout / initialisation random stream from `seed`.
    public func reseed(_ seed: UInt64) { randomness.generator = RandomGenerator(seed: seed) }

    /// Binds named tensors (a state dict) to this model: keys are matched with `keyRules` (prefixes,
    /// old LayerNorm names), every value copied in; head weights the dict lacks are initialised
    /// like transformers. Throws naming missing, unexpected and mis-shaped keys.
    @discardableResult
    public func load(stateDict: [(name: String, tensor: Tensor)], source: String = "state dict",
                     ignoreMismatchedSizes: Bool = false) throws -> LoadReport {
        let byName = Dictionary(stateDict.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        return try load(entries: stateDict.map { ($0.name, $0.tensor.shape) }, source: source,
                        ignoreMismatchedSizes: ignoreMismatchedSizes) { key in
            guard let tensor = byName[key] else { throw ModelError("state dict has no \(key)") }
            return tensor.toArray()
        }
    }

    /// Loading core: `read(key)` returns the row-major values of a checkpoint key.
    func load(entries: [(name: String, shape: [Int])], source: String, ignoreMismatchedSizes: Bool,
              skipping: Set<String> = [], read: (String) throws -> [Float]) throws -> LoadReport {
        let parameters = stateDict()
        let match = try KeyMatcher.match(model: parameters.map { ($0.name, $0.tensor.shape) }, checkpoint: entries,
                                         rules: keyRules, modelClass: typeName, checkpointName: source,
                                         ignoreMismatchedSizes: ignoreMismatchedSizes)
        for (name, tensor) in parameters {
            guard let key = match.sources[name], !skipping.contains(name) else { continue }
            do { try tensor.assign(try read(key)) } catch let error as ModelError { throw error } catch {
                throw ModelError("cannot load \(key) from \(source): \(error)", cause: error)
            }
        }
        let fresh = Set(match.report.newlyInitializedKeys + match.report.mismatchedKeys.map(\.key))
        try ModelInitializer.initialize(self, only: fresh)
        return match.report
    }

    // MARK: Losses (transformers' rules for sequence classification)

    /// MSE for one label (regression), cross-entropy for integer labels, BCE-with-logits for float
    /// multi-label targets; `problem_type` in the config overrides the choice.
    func classificationLoss(logits: Tensor, labels: Labels) throws -> Tensor {
        let count = config.numLabels
        let problem: ProblemType
        if let configured = config.problemType { problem = configured } else if count == 1 { problem = .regression } else {
            switch labels {
            case .classes: problem = .singleLabelClassification
            case .values: problem = .multiLabelClassification
            }
        }
        let batch = logits.shape[0]
        switch problem {
        case .regression:
            let target: Tensor
            switch labels {
            case .classes(let ids): target = ids.toFloat()
            case .values(let values): target = values
            }
            if count == 1 {
                return try Tensor.mseLoss(try logits.reshape([-1]), try target.reshape([-1]))
            }
            return try Tensor.mseLoss(logits, try target.reshape(logits.shape))
        case .singleLabelClassification:
            guard case .classes(let ids) = labels else {
                throw ModelError("single-label classification needs integer class labels, got float values",
                                 help: "pass labels as class ids 0…\(count - 1)")
            }
            guard ids.count == batch else {
                throw ModelError("got \(ids.count) labels for a batch of \(batch)", help: "pass one class id per example")
            }
            if let bad = ids.values.first(where: { $0 != -100 && ($0 < 0 || Int($0) >= count) }) {
                throw ModelError("label \(bad) is outside the \(count) classes 0…\(count - 1)",
                                 help: "set num_labels to the number of classes when loading the model")
            }
            return try Tensor.crossEntropy(logits: logits.reshape([-1, count]), labels: ids.reshape([-1]))
        case .multiLabelClassification:
            let target: Tensor
            switch labels {
            case .classes(let ids): target = ids.toFloat()
            case .values(let values): target = values
            }
            guard target.count == logits.count else {
                throw ModelError("multi-label targets have shape \(shapeText(target.shape)), logits \(shapeText(logits.shape))",
                                 help: "pass one 0/1 value per class and example")
            }
            return try Self.binaryCrossEntropyWithLogits(logits, try target.reshape(logits.shape))
        }
    }

    /// `mean(max(x, 0) − x·y + log(1 + exp(−|x|)))`, the stable form of BCEWithLogitsLoss.
    static func binaryCrossEntropyWithLogits(_ x: Tensor, _ y: Tensor) throws -> Tensor {
        let absolute = try x.relu() + (-x).relu()
        let softplus = (-absolute).exp().adding(scalar: 1).log()
        return try (x.relu() - (x * y) + softplus).mean()
    }
}
