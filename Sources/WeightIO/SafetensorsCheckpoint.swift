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
                                    help: "pass the folder of a Hugging Face checkpoint (model.safetensors, or pytorch_model.bin: open it with WeightCheckpoints.open)")
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
        var files: [SafetensorsFile] = []
        var owner: [String: Int] = [:]
        try ShardIndex.read(index) { tensor, shardName, shardURL, isNew in
            if isNew { files.append(try SafetensorsFile(url: shardURL)) }
            guard let position = files.lastIndex(where: { $0.url == shardURL }), files[position].contains(tensor) else {
                throw ShardIndex.notInShard(tensor, shardName, index: index)
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

extension SafetensorsCheckpoint: WeightCheckpoint {
    public func shape(of name: String) throws -> [Int] { try info(name).shape }
}
