import Foundation

/// A Hugging Face checkpoint saved with PyTorch instead of safetensors: `pytorch_model.bin` (a
/// `torch.save`d state dict: tensor name → tensor) or the shards a `pytorch_model.bin.index.json` lists.
/// Each file goes through the weights-only reader (`TorchCheckpoint.load`); its storages stay
/// memory-mapped and are converted to Float one tensor at a time.
public final class TorchStateDictCheckpoint: WeightCheckpoint {
    public let url: URL
    public let tensorNames: [String]
    private let tensors: [String: TorchTensor]

    /// Opens a `.bin`/`.pt` state dict or a `*.bin.index.json`.
    public init(url: URL) throws {
        self.url = url
        var names: [String] = []
        var tensors: [String: TorchTensor] = [:]
        if url.lastPathComponent.hasSuffix(".index.json") {
            var shards: [String: [String: TorchTensor]] = [:]
            try ShardIndex.read(url) { tensor, shardName, shardURL, isNew in
                if isNew { shards[shardName] = try Self.stateDict(shardURL) }
                guard let found = shards[shardName]?[tensor] else { throw ShardIndex.notInShard(tensor, shardName, index: url) }
                if tensors.updateValue(found, forKey: tensor) == nil { names.append(tensor) }
            }
        } else {
            for (name, tensor) in try Self.entries(url) where tensors.updateValue(tensor, forKey: name) == nil { names.append(name) }
        }
        self.tensors = tensors
        tensorNames = names
    }

    public func shape(of name: String) throws -> [Int] { try tensor(name).shape }
    public func floats(_ name: String) throws -> [Float] { try tensor(name).floats() }

    public func tensor(_ name: String) throws -> TorchTensor {
        guard let found = tensors[name] else {
            throw WeightIOError(.tensorNotFound, file: url.lastPathComponent, tensor: name, "\(url.lastPathComponent) has no tensor '\(name)'",
                                help: "the checkpoint has \(tensors.count) tensors; list them with `tensorNames`")
        }
        return found
    }

    /// The tensors of one file, by name: its object must be a dict of name → tensor (other values, such as
    /// a `_metadata` attribute, are left out).
    static func stateDict(_ url: URL) throws -> [String: TorchTensor] {
        var result: [String: TorchTensor] = [:]
        for (name, tensor) in try entries(url) { result[name] = tensor }
        return result
    }

    private static func entries(_ url: URL) throws -> [(String, TorchTensor)] {
        let value = try TorchCheckpoint.load(url)
        var pairs: [(key: PickleValue, value: PickleValue)]
        switch value {
        case .dict(let dict): pairs = dict.pairs
        default:
            throw WeightIOError(.invalidArchive, file: url.lastPathComponent,
                                "\(url.lastPathComponent) holds a \(value.typeName), not a state dict (name → tensor)",
                                help: "a model's weights file is torch.save(model.state_dict(), path)")
        }
        // A training checkpoint {"model": state_dict, ...} or {"state_dict": ...}: the weights inside it.
        for key in ["state_dict", "model_state_dict", "model"] {
            if let inner = pairs.first(where: { if case .string(key) = $0.key { return true } else { return false } }), case .dict(let dict) = inner.value {
                pairs = dict.pairs
                break
            }
        }
        return pairs.compactMap { pair in
            guard case .string(let name) = pair.key, case .tensor(let tensor) = pair.value else { return nil }
            return (name, tensor)
        }
    }
}
