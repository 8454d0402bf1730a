import Foundation
import Models
import TensorCore

/// A PeftModel is a `TaskModel` like the plain model it wraps: the same forward (with the active adapter),
/// architecture and generation; its parameters carry PEFT's names and its files are the adapter's.
extension PeftModel: TaskModel {
    public var network: PreTrainedModel { baseModel }

    public var architecture: ModelArchitecture { baseModel.architecture }

    /// LoRA layers stay active while generating (the base model's kernels run them through `Linear.delta`).
    public func generate(_ prompt: [Int32], options: GenerationOptions = GenerationOptions(),
                         onToken: ((Int32) -> Bool)? = nil) throws -> [Int32] {
        try baseModel.generate(prompt, options: options, onToken: onToken)
    }

    /// A batch side by side, LoRA layers active.
    public func generate(batch prompts: [[Int32]], options: GenerationOptions = GenerationOptions(), padTokenId: Int32,
                         onStep: (() -> Bool)? = nil) throws -> [[Int32]] {
        try baseModel.generate(batch: prompts, options: options, padTokenId: padTokenId, onStep: onStep)
    }

    /// `adapter_config.json` + `adapter_model.safetensors` of every adapter (`save_pretrained`).
    public func saveWeights(to directory: URL) throws { try savePretrained(directory) }

    /// Reloads the active adapter's weights from `directory`, trainable (resuming, best model at end).
    public func loadWeights(from directory: URL) throws {
        try loadAdapter(directory, adapterName: activeAdapter, isTrainable: true)
    }
}
