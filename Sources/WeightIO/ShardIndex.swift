import Foundation
import PythonBasics

/// The index of a sharded checkpoint (`model.safetensors.index.json`, `pytorch_model.bin.index.json`):
/// `{"metadata": {...}, "weight_map": {tensor: shard file}}`, read and checked the same way for both formats.
enum ShardIndex {
    /// Calls `visit(tensor, shard name, shard URL, first time this shard is named)` for every entry of the
    /// index's weight map, in file order, after checking that each shard is a file beside the index.
    static func read(_ index: URL, _ visit: (String, String, URL, Bool) throws -> Void) throws {
        let name = index.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: index) } catch {
            throw WeightIOError(.fileNotFound, file: name, "cannot read \(index.path): \(error.localizedDescription)",
                                help: "check the path (and that the download finished)")
        }
        let json: JSONValue
        do { json = try JSONParser.parse(data, options: .safetensors) } catch let failure as JSONDecodeError {
            throw WeightIOError(.invalidIndex, file: name, "\(name) is not valid JSON: \(failure.plainReason) at byte \(failure.byteOffset)",
                                help: "download it again")
        }
        guard case let .object(weightMap)? = json["weight_map"] else {
            throw WeightIOError(.invalidIndex, file: name, "\(name) has no \"weight_map\" object",
                                help: "a sharded checkpoint's index maps every tensor name to its shard file; download it again")
        }
        let folder = index.deletingLastPathComponent()
        var seen = Set<String>()
        for (tensor, value) in weightMap {
            guard case let .string(shardName) = value else {
                throw WeightIOError(.invalidIndex, file: name, tensor: tensor, "\(name): the shard of '\(tensor)' is \(value.kindName), not a file name")
            }
            guard !shardName.contains("/"), !shardName.hasPrefix(".") else {
                throw WeightIOError(.invalidIndex, file: name, tensor: tensor, "\(name): shard name '\(shardName)' must be a file in the same folder")
            }
            let shardURL = folder.appendingPathComponent(shardName)
            let isNew = seen.insert(shardName).inserted
            if isNew, !FileManager.default.fileExists(atPath: shardURL.path) {
                throw WeightIOError(.missingShard, file: shardName, tensor: tensor,
                                    "\(name) puts '\(tensor)' in \(shardName), but that file is missing from \(folder.path)",
                                    help: "download every shard of the checkpoint")
            }
            try visit(tensor, shardName, shardURL, isNew)
        }
    }

    static func notInShard(_ tensor: String, _ shardName: String, index: URL) -> WeightIOError {
        WeightIOError(.invalidIndex, file: shardName, tensor: tensor,
                      "\(index.lastPathComponent) puts '\(tensor)' in \(shardName), but that shard has no such tensor",
                      help: "the index and shards come from different versions; download the checkpoint again")
    }
}

/// Named float weights of a checkpoint, whatever its format (safetensors or PyTorch's `.bin`).
public protocol WeightCheckpoint: AnyObject {
    /// Tensor names, shard by shard in file order.
    var tensorNames: [String] { get }
    func shape(of name: String) throws -> [Int]
    /// The tensor's values converted to Float, row-major.
    func floats(_ name: String) throws -> [Float]
}

/// Opens the weights of a Hugging Face folder: safetensors first (`model.safetensors.index.json`,
/// `model.safetensors`, `adapter_model.safetensors`), else PyTorch's (`pytorch_model.bin.index.json`,
/// `pytorch_model.bin`, `adapter_model.bin`), as transformers prefers them; a file is opened by its kind.
public enum WeightCheckpoints {
    public static let torchNames = ["pytorch_model.bin.index.json", "pytorch_model.bin", "adapter_model.bin"]

    public static func open(_ url: URL) throws -> any WeightCheckpoint {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            let safetensors = ["model.safetensors.index.json", "model.safetensors", "adapter_model.safetensors"]
            if safetensors.contains(where: { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }) {
                return try SafetensorsCheckpoint(url: url)
            }
            if let found = torchNames.map({ url.appendingPathComponent($0) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
                return try TorchStateDictCheckpoint(url: found)
            }
            throw WeightIOError(.fileNotFound, file: url.lastPathComponent,
                                "\(url.path) has no weights: neither model.safetensors (or its index) nor pytorch_model.bin (or its index)",
                                help: "pass the folder of a Hugging Face checkpoint (save one with model.save_pretrained(folder))")
        }
        let name = url.lastPathComponent
        if name.hasSuffix(".safetensors") || name == "model.safetensors.index.json" { return try SafetensorsCheckpoint(url: url) }
        return try TorchStateDictCheckpoint(url: url)
    }
}
