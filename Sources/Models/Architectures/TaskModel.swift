import Foundation
import TensorCore

/// What a model class is, as scripts and the Trainer see it: transformers' output class, its task heads,
/// and whether it can generate. Each architecture states its own, so callers never switch on model classes.
public struct ModelArchitecture: Equatable {
    /// The class transformers returns from a forward call ("SequenceClassifierOutput", "CausalLMOutputWithPast").
    public let outputClassName: String
    /// The modules on top of the backbone that a task adds ("classifier", "lm_head"); empty for a bare encoder/decoder.
    public let taskHeads: [String]
    /// True when `generate` continues token sequences (a causal language-model head).
    public let canGenerate: Bool

    public init(outputClassName: String, taskHeads: [String] = [], canGenerate: Bool = false) {
        self.outputClassName = outputClassName
        self.taskHeads = taskHeads
        self.canGenerate = canGenerate
    }
}

/// The one interface to "a model or a PEFT model": plain models (`PreTrainedModel`) and `PeftModel`
/// both implement it, and the Trainer, pipelines and script bindings use only this.
public protocol TaskModel: AnyObject {
    /// The module tree that computes (a PeftModel's adapted base model).
    var network: PreTrainedModel { get }
    /// Output class, task heads, generation.
    var architecture: ModelArchitecture { get }
    /// Training mode (dropout on) or eval mode; `train()`/`eval()` set it.
    var isTraining: Bool { get set }
    /// The forward pass (with the active adapter for a PeftModel). `inputIds` etc. are `[B, T]`.
    func forward(inputIds: IntTensor, attentionMask: IntTensor?, tokenTypeIds: IntTensor?, labels: Labels?) throws -> ModelOutput
    /// Every parameter with its name (PEFT's names for a PeftModel: `base_model.model.…lora_A.default.weight`).
    func namedParameters() -> [(name: String, tensor: Tensor)]
    /// New tokens after `prompt` (only when `architecture.canGenerate`; otherwise an error).
    func generate(_ prompt: [Int32], options: GenerationOptions, onToken: ((Int32) -> Bool)?) throws -> [Int32]
    /// New tokens after each of `prompts`, all decoded side by side (one forward per step); a finished row
    /// is fed `padTokenId` while `options.trace` keeps scores. `onStep` runs after each step (false stops).
    func generate(batch prompts: [[Int32]], options: GenerationOptions, padTokenId: Int32, onStep: (() -> Bool)?) throws -> [[Int32]]
    /// Writes the model's own files into `directory`: `config.json` + `model.safetensors`, or a PeftModel's
    /// adapter (`adapter_config.json` + `adapter_model.safetensors`).
    func saveWeights(to directory: URL) throws
    /// Reads what `saveWeights(to:)` wrote back into this model (a PeftModel's adapter stays trainable).
    func loadWeights(from directory: URL) throws
    /// A readable description (class, sizes, parameters; a PeftModel's adapters), `repr(model)` in scripts.
    var summary: String { get }
}

extension TaskModel {
    /// The parameters an optimizer updates (`requires_grad`), in model order.
    public func trainableParameters() -> [(name: String, tensor: Tensor)] {
        namedParameters().filter { $0.tensor.requiresGrad }
    }

    /// `config.id2label` (class names for the pipeline and reports).
    public var id2label: [Int: String] { network.config.id2label }
}

extension PreTrainedModel: TaskModel {
    public var network: PreTrainedModel { self }

    public func saveWeights(to directory: URL) throws { try savePretrained(to: directory) }

    /// Loads `model.safetensors` from `directory` (names as `saveWeights(to:)` wrote them).
    public func loadWeights(from directory: URL) throws {
        let file = directory.appendingPathComponent("model.safetensors")
        let tensors = try TensorFile.loadFloats(file)
        try load(stateDict: tensors.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }, source: file.path)
    }
}
