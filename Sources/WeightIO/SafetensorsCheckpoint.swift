import Foundation
import PythonBasics

/// A checkpoint made of one or more safetensors files: a single `model.safetensors`, or shards listed by
/// `model.safetensors.index.json` (`{"metadata": {...}, "weight_map": {tensor: shard file}}`).
///
/// Every shard is memory-mapped and validated when the checkpoint opens.
public final class SafetensorsCheckpoint {
    /// The file or index the checkpoint was opened from.
    public let url: URL
    /// The shards, in the order first seen.
    public let files: [SafetensorsFile]
    /// `__metadata__` of the first shard (for a single file, its metadata).
    public var metadata: [String: String] { files.first?.metadata ?? [:] }
    private let owner: [String: Int]
    /// Tensor names, shard by shard in header order.
    public let tensorNames: [String]

    /// Opens a `.safetensors` file, a `*.safetensors.index.json`, or a folder holding (first found)
    /// `model.safetensors.index.json`, `model.safetensors` or a PEFT `adapter_model.safetensors`.
    public init(url: URL) throws {
        var isDirectory: ObjCBool = false
        var target = url
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            let candidates = ["model.safetensors.index.json", "model.safetensors", "adapter_model.safetensors"]
                .map { url.appendingPathComponent($0) }
            if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
                target = found
            } else {
                throw WeightIOError(.fileNotFound, file: url.lastPathComponent,
                                    "\(url.path) has neither model.safetensors nor model.safetensors.index.json (nor a PEFT adapter_model.safetensors)",
                                    help: "pass the folder of a Hugging Face checkpoint saved with safetensors (older checkpoints with only pytorch_model.bin must be converted)")
            }
        }
        self.url = target
        if target.lastPathComponent.hasSuffix(".index.json") {
            (files, owner) = try Self.openShards(index: target)
        } else {
            let file = try SafetensorsFile(url: target)
            files = [file]
            var owner: [String: Int] = [:]
            for name in file.tensorNames { owner[name] = 0 }
            self.owner = owner
        }
        var names: [String] = []
        let ownerMap = owner
        for (shard, file) in files.enumerated() {
            names += file.tensorNames.filter { ownerMap[$0] == shard }
        }
        tensorNames = names
    }

    private static func openShards(index: URL) throws -> ([SafetensorsFile], [String: Int]) {
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
        var files: [SafetensorsFile] = []
        var shardPosition: [String: Int] = [:]
        var owner: [String: Int] = [:]
        for (tensor, value) in weightMap {
            guard case let .string(shardName) = value else {
                throw WeightIOError(.invalidIndex, file: name, tensor: tensor, "\(name): the shard of '\(tensor)' is \(value.kindName), not a file name")
            }
            guard !shardName.contains("/"), !shardName.hasPrefix(".") else {
                throw WeightIOError(.invalidIndex, file: name, tensor: tensor, "\(name): shard name '\(shardName)' must be a file in the same folder")
            }
            let position: Int
            if let known = shardPosition[shardName] {
                position = known
            } else {
                let shardURL = folder.appendingPathComponent(shardName)
                guard FileManager.default.fileExists(atPath: shardURL.path) else {
                    throw WeightIOError(.missingShard, file: shardName, tensor: tensor,
                                        "\(name) puts '\(tensor)' in \(shardName), but that file is missing from \(folder.path)",
                                        help: "download every shard of the checkpoint")
                }
                files.append(try SafetensorsFile(url: shardURL))
                position = files.count - 1
                shardPosition[shardName] = position
            }
            guard files[position].contains(tensor) else {
                throw WeightIOError(.invalidIndex, file: shardName, tensor: tensor,
                                    "\(name) puts '\(tensor)' in \(shardName), but that shard has no such tensor",
                                    help: "the index and shards come from different versions; download the checkpoint again")
            }
            owner[tensor] = position
        }
        return (files, owner)
    }

    public func contains(_ name: String) -> Bool { owner[name] != nil }

    /// The shard holding `name`.
    public func file(for name: String) throws -> SafetensorsFile {
        guard let position = owner[name] else {
            throw WeightIOError(.tensorNotFound, file: url.lastPathComponent, tensor: name,
                                "\(url.lastPathComponent) has no tensor '\(name)'",
                                help: "the checkpoint has \(owner.count) tensors; list them with `tensorNames`")
        }
        return files[position]
    }

    public func info(_ name: String) throws -> SafetensorsTensorInfo { try file(for: name).info(name) }
    public func floats(_ name: String) throws -> [Float] { try file(for: name).floats(name) }
    public func floats(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        try file(for: name).floats(name, into: destination)
    }
    public func int32s(_ name: String) throws -> [Int32] { try file(for: name).int32s(name) }
    public func int64s(_ name: String) throws -> [Int64] { try file(for: name).int64s(name) }
    public func rawBytes(_ name: String) throws -> Data { try file(for: name).rawBytes(name) }
}
