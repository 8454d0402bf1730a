import Foundation
import Models
import PEFT
import TensorCore

/// What a `Trainer` trains: any `TaskModel` — a PEFT-wrapped model (LoRA adapters + modules_to_save) or a
/// plain task model (full or partial fine-tuning, whatever `requiresGrad` says). Adds only what the
/// Trainer itself needs: the optimizer's parameter groups and checkpoint file errors in its terms.
public struct TrainerModel {
    /// The model: forward, modes, parameters and files come from it.
    public let model: any TaskModel

    public init(_ model: any TaskModel) { self.model = model }

    /// A PeftModel (checkpoints hold the adapter).
    public static func peft(_ peft: PeftModel) -> TrainerModel { TrainerModel(peft) }
    /// A plain model (checkpoints hold `config.json` + `model.safetensors`).
    public static func plain(_ model: PreTrainedModel) -> TrainerModel { TrainerModel(model) }

    /// The module tree that computes (for a PeftModel, the adapted base model).
    public var network: PreTrainedModel { model.network }

    /// `model.__class__.__name__` as HF prints it in messages (a PeftModel's base class).
    public var className: String { model.network.typeName }

    public func forward(inputIds: IntTensor, attentionMask: IntTensor?, tokenTypeIds: IntTensor?, labels: Labels?) throws -> ModelOutput {
        try model.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds, labels: labels)
    }

    /// Training mode (dropout on); no warnings (the Trainer checks trainable parameters itself).
    public func train() { model.isTraining = true }

    public func eval() { model.isTraining = false }

    public var isTraining: Bool { model.isTraining }

    /// Every parameter with its name (PEFT's names for a PeftModel: `base_model.model.…lora_A.default.weight`).
    public func namedParameters() -> [(name: String, tensor: Tensor)] { model.namedParameters() }

    /// The parameters the optimizer updates (`requires_grad`), in model order.
    public func trainableParameters() -> [(name: String, tensor: Tensor)] { model.trainableParameters() }

    /// Parameter count without embedding tables (HF's `num_parameters(exclude_embeddings=True)`, for `total_flos`).
    var nonEmbeddingParameterCount: Int {
        var embedding = Set<ObjectIdentifier>()
        for (_, module) in network.namedModules() {
            if let table = module as? Embedding { embedding.insert(ObjectIdentifier(table.weight)) }
        }
        return network.stateDict().filter { !embedding.contains(ObjectIdentifier($0.tensor)) }.reduce(0) { $0 + $1.tensor.count }
    }

    /// Names of parameters that live inside a LayerNorm/RMSNorm module (HF's `ALL_LAYERNORM_LAYERS` rule),
    /// under the names `namedParameters()` uses.
    public func normParameterIdentifiers() -> Set<ObjectIdentifier> {
        var ids = Set<ObjectIdentifier>()
        for (_, module) in network.namedModules() where module is LayerNorm || module is RMSNorm {
            for (_, tensor) in module.parameters { ids.insert(ObjectIdentifier(tensor)) }
        }
        return ids
    }

    /// `save_model` / checkpoint model files: the adapter (`adapter_config.json` +
    /// `adapter_model.safetensors`) for a PeftModel, `config.json` + `model.safetensors` otherwise.
    public func save(to directory: String) throws {
        do {
            try model.saveWeights(to: URL(fileURLWithPath: directory))
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError(.runtimeError, "could not save the model to '\(directory)': \(error)",
                                help: "check that the folder is writable and the disk is not full")
        }
    }

    /// Loads weights saved by `save(to:)` into this model (resume, `load_best_model_at_end`).
    public func load(from directory: String) throws {
        let url = URL(fileURLWithPath: directory)
        if model is PreTrainedModel, !FileManager.default.fileExists(atPath: url.appendingPathComponent("model.safetensors").path) {
            throw TrainingError(.fileNotFound, "no model.safetensors in '\(directory)'",
                                help: "pass a checkpoint-<step> folder written by the Trainer for this model")
        }
        do {
            try model.loadWeights(from: url)
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError(.runtimeError, "could not load the model weights from '\(directory)': \(error)",
                                help: "resume or reload on the same model (and adapter settings) the checkpoint was saved from")
        }
    }

    /// `config.id2label` (class names for the pipeline and reports).
    public var id2label: [Int: String] { model.id2label }
}
