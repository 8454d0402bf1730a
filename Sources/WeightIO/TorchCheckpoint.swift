import Foundation
import PythonBasics

/// PyTorch's checkpoint files (`torch.save` / `torch.load`, the zip format, default since PyTorch 1.6):
/// a zip archive `<name>/data.pkl` (the pickled object, protocol 2), `<name>/data/<key>` (one entry of raw
/// little-endian elements per storage), `<name>/byteorder`, `<name>/version`, `<name>/.format_version`,
/// `<name>/.storage_alignment`, `<name>/.data/serialization_id`. Reading is restricted to what
/// `torch.load(weights_only=True)` accepts (`PickleReader`); writing produces files PyTorch loads with
/// `weights_only=True`. docs/weight-formats.md describes the layout.
public enum TorchCheckpoint {
    /// Reads the object of a checkpoint. Storages stay memory-mapped: tensors read from them on use.
    public static func load(_ url: URL) throws -> PickleValue {
        let mapping = try MappedFile(url: url)
        return try read(mapping, count: mapping.count, name: url.displayName)
    }

    /// Reads the checkpoint held by `owner`'s first `count` bytes (a mapped file, or bytes in memory).
    static func read(_ owner: ByteStorage, count: Int, name: String) throws -> PickleValue {
        try withExtendedLifetime(owner) {
            let bytes = owner.bytes(at: 0, count: count)
            let archive = try ZipArchive(bytes, fileName: name)
            let prefix = try recordPrefix(archive)
            if let order = archive.entry(prefix + "byteorder") {
                let text = String(decoding: bytes[order.dataOffset..<(order.dataOffset + order.size)], as: UTF8.self)
                guard text == "little" else {
                    throw WeightIOError(.invalidArchive, file: name, "\(name) was saved on a \(text)-endian machine; lorarepl reads little-endian checkpoints",
                                        help: "re-save it on a little-endian machine (x86-64, ARM)")
                }
            }
            guard let pickle = archive.entry(prefix + "data.pkl") else {
                throw WeightIOError(.invalidArchive, file: name, "\(name) has no \(prefix)data.pkl", help: "save or download the file again")
            }
            var loaded: [String: TorchStorage] = [:]
            var reader = PickleReader(UnsafeRawBufferPointer(rebasing: bytes[pickle.dataOffset..<(pickle.dataOffset + pickle.size)]), file: name) { request in
                if let known = loaded[request.key] {
                    guard known.type == request.type else {
                        throw WeightIOError(.invalidPickle, file: name, "\(name): storage \(request.key) is read as both \(known.type.rawValue) and \(request.type.rawValue)",
                                            help: "save or download the file again")
                    }
                    return known
                }
                let storage = try Self.storage(request, archive: archive, prefix: prefix, owner: owner)
                loaded[request.key] = storage
                return storage
            }
            return try reader.load()
        }
    }

    /// The archive's record folder (`head/` for `head.pt`): the folder of its `data.pkl`.
    static func recordPrefix(_ archive: ZipArchive) throws -> String {
        for entry in archive.entries {
            let parts = entry.name.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2, parts[1] == "data.pkl" { return parts[0] + "/" }
        }
        if archive.entries.contains(where: { $0.name.hasSuffix("/constants.pkl") }) {
            throw WeightIOError(.invalidArchive, file: archive.fileName, "\(archive.fileName) is a TorchScript archive (torch.jit.save), not a torch.save checkpoint",
                                help: "save the weights with torch.save(model.state_dict(), path) or model.save_pretrained(folder)")
        }
        throw WeightIOError(.invalidArchive, file: archive.fileName, "\(archive.fileName) is a zip archive but not a PyTorch checkpoint (it has no <name>/data.pkl)",
                            help: "pass a file written by torch.save")
    }

    private static func storage(_ request: PickleReader.StorageRequest, archive: ZipArchive, prefix: String, owner: ByteStorage) throws -> TorchStorage {
        let name = archive.fileName
        guard let entry = archive.entry(prefix + "data/" + request.key) else {
            throw WeightIOError(.truncatedData, file: name, "\(name) refers to storage \(request.key), but the archive has no \(prefix)data/\(request.key)",
                                help: "the file is incomplete; save or download it again")
        }
        let (bytes, overflow) = request.count.multipliedReportingOverflow(by: request.type.byteSize)
        guard request.count >= 0, !overflow, bytes <= entry.size else {
            throw WeightIOError(.truncatedData, file: name, "\(name): storage \(request.key) should hold \(request.count) \(request.type.torchName) elements, but its entry has \(entry.size) bytes",
                                help: "the file is damaged; save or download it again")
        }
        return TorchStorage(type: request.type, count: request.count, owner: owner, byteOffset: entry.dataOffset)
    }

    /// Writes `value` as `torch.save` does, atomically (AtomicFile). The records are named after the
    /// file (`head.pt` → `head/…`), as PyTorch names them.
    public static func save(_ value: PickleValue, to url: URL) throws {
        let (pickle, storages) = try encode(value)
        let stem = url.deletingPathExtension().lastPathComponent
        let prefix = (stem.isEmpty ? "archive" : stem) + "/"
        var identity = CRC32.checksum(pickle)
        try AtomicFile.write(to: url) { emit in try withoutActuallyEscaping(emit) { emit in
            var zip = TorchZipWriter(emit: emit)
            try zip.add(prefix + "data.pkl", pickle)
            try zip.add(prefix + ".format_version", Data("1".utf8))
            try zip.add(prefix + ".storage_alignment", Data(String(TorchZipWriter.alignment).utf8))
            try zip.add(prefix + "byteorder", Data("little".utf8))
            for (key, storage) in storages.enumerated() {
                let data = storage.data
                identity ^= CRC32.checksum(data) &+ UInt32(truncatingIfNeeded: key)
                try zip.add(prefix + "data/\(key)", data)
            }
            try zip.add(prefix + "version", Data("3\n".utf8))
            try zip.add(prefix + ".data/serialization_id", Data(serializationID(identity).utf8))
            try zip.finish()
        } }
    }

    /// The pickle of `value` and its storages in key order.
    static func encode(_ value: PickleValue) throws -> (pickle: Data, storages: [TorchStorage]) {
        var pickler = PickleWriter()
        let pickle = try pickler.finish(value)
        return (pickle, pickler.storages)
    }

    /// A 40-digit id like PyTorch's, derived from the content (the same object gives the same file).
    static func serializationID(_ seed: UInt32) -> String {
        var state = UInt64(seed) | 0x9E37_79B9_0000_0000
        return String((0..<40).map { _ -> Character in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Character(String((state >> 33) % 10))
        })
    }
}
