import Foundation
import Models
import PEFT
import TensorCore

/// What a `Trainer` trains: a PEFT-wrapped model (LoRA adapters + modules_to_save) or a plain task
/// model (full or partial fine-tuning, whatever `requiresGrad` says). Gives the Trainer one interface
/// for the forward pass, modes, trainable parameters and the files a checkpoint holds.
public enum TrainerModel {
    case peft(PeftModel)
    case plain(PreTrainedModel)

    /// The module tree that computes (for a PeftModel, the adapted base model).
    public var network: PreTrainedModel {
        switch self {
        case .peft(let peft): return peft.baseModel
        case .plain(let model): return model
        }
    }

    /// `model.__class__.__name__` as HF prints it in messages.
    public var className: String {
        switch self {
        case .peft(let peft): return peft.baseModel.typeName
        case .plain(let model): return model.typeName
        }
    }

    public func forward(inputIds: IntTensor, attentionMask: IntTensor?, tokenTypeIds: IntTensor?, labels: Labels?) throws -> ModelOutput {
        try network.forward(inputIds: inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds, labels: labels)
    }

    public func train() {
        switch self {
        case .peft(let peft): peft.baseModel.train()
        case .plain(let model): model.train()
        }
    }

    public func eval() { network.eval() }

    public var isTraining: Bool { network.isTraining }

    /// Every parameter with its name (PEFT's names for a PeftModel: `base_model.model.…lora_A.default.weight`).
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        switch self {
        case .peft(let peft): return peft.namedParameters()
        case .plain(let model): return model.namedParameters()
        }
    }

    /// The parameters the optimizer updates (`requires_grad`), in model order.
    public func trainableParameters() -> [(name: String, tensor: Tensor)] {
        namedParameters().filter { $0.tensor.requiresGrad }
    }

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
    func normParameterIdentifiers() -> Set<ObjectIdentifier> {
        var ids = Set<ObjectIdentifier>()
        for (_, module) in network.namedModules() where module is LayerNorm || module is RMSNorm {
            for (_, tensor) in module.parameters { ids.insert(ObjectIdentifier(tensor)) }
        }
        return ids
    }

    /// `save_model` / checkpoint model files: the adapter (`adapter_config.json` +
    /// `adapter_model.safetensors`) for a PeftModel, `config.json` + `model.safetensors` otherwise.
    public func save(to directory: String) throws {
        let url = URL(fileURLWithPath: directory)
        do {
            switch self {
            case .peft(let peft): try peft.savePretrained(url)
            case .plain(let model): try model.savePretrained(to: url)
            }
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
        do {
            switch self {
            case .peft(let peft):
                try peft.loadAdapter(url, adapterName: peft.activeAdapter, isTrainable: true)
            case .plain(let model):
                let file = url.appendingPathComponent("model.safetensors")
                guard FileManager.default.fileExists(atPath: file.path) else {
                    throw TrainingError(.fileNotFound, "no model.safetensors in '\(directory)'",
                                        help: "pass a checkpoint-<step> folder written by the Trainer for this model")
                }
                let tensors = try TensorFile.loadFloats(file)
                try model.load(stateDict: tensors.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }, source: file.path)
            }
        } catch let error as TrainingError {
            throw error
        } catch {
            throw TrainingError(.runtimeError, "could not load the model weights from '\(directory)': \(error)",
                                help: "resume or reload on the same model (and adapter settings) the checkpoint was saved from")
        }
    }

    /// `config.id2label` (class names for the pipeline and reports).
    public var id2label: [Int: String] { network.config.id2label }
}
