import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tensor to be written: name, dtype, shape and its little-endian bytes.
public struct SafetensorsTensor {
    public let name: String
    public let dtype: SafetensorsDType
    public let shape: [Int]
    public let bytes: Data

    /// Float32 values.
    public init(name: String, shape: [Int], floats: [Float]) {
        self.init(unchecked: name, .f32, shape, floats.withUnsafeBytes { Data($0) })
    }

    /// Float values stored as `dtype` F32, F16 or BF16 (rounded to nearest even, like PyTorch's `.half()` and
    /// `.bfloat16()`; NaN stays NaN). Other dtypes are an error.
    public init(name: String, shape: [Int], floats: [Float], storedAs dtype: SafetensorsDType) throws {
        switch dtype {
        case .f32:
            self.init(name: name, shape: shape, floats: floats)
        case .f16:
            let bits = floats.map { FloatConversion.floatToHalf($0) }
            self.init(unchecked: name, .f16, shape, bits.withUnsafeBytes { Data($0) })
        case .bf16:
            let bits = floats.map { FloatConversion.floatToBFloat($0) }
            self.init(unchecked: name, .bf16, shape, bits.withUnsafeBytes { Data($0) })
        default:
            throw WeightIOError(.unsupportedConversion, tensor: name,
                                "cannot store tensor '\(name)' as \(dtype.rawValue): floats are written as F32, F16 or BF16")
        }
    }

    /// Int32 values.
    public init(name: String, shape: [Int], int32s: [Int32]) {
        self.init(unchecked: name, .i32, shape, int32s.withUnsafeBytes { Data($0) })
    }

    /// Int64 values.
    public init(name: String, shape: [Int], int64s: [Int64]) {
        self.init(unchecked: name, .i64, shape, int64s.withUnsafeBytes { Data($0) })
    }

    /// Raw little-endian bytes of any dtype (e.g. copied from another file).
    public init(name: String, dtype: SafetensorsDType, shape: [Int], bytes: Data) {
        self.init(unchecked: name, dtype, shape, bytes)
    }

    private init(unchecked name: String, _ dtype: SafetensorsDType, _ shape: [Int], _ bytes: Data) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }
}

/// Writes safetensors files exactly as safetensors-rs does (the writer behind PyTorch's and PEFT's
/// `save_file`): u64 little-endian header length; compact JSON with `__metadata__` first, then tensors sorted by
/// dtype (safetensors-rs `Dtype` order, descending) and name; the header padded with spaces to a multiple of 8;
/// tensor data back to back in the same order. The write is atomic: a temporary file in the same folder is
/// written, flushed to disk, then renamed over the target.
public enum SafetensorsWriter {
    /// Writes `tensors` to `url`. `metadata` becomes `__metadata__` (nil: no `__metadata__` entry).
    public static func write(_ tensors: [SafetensorsTensor], metadata: [String: String]? = ["format": "pt"], to url: URL) throws {
        let (header, ordered) = try encodeHeader(tensors, metadata: metadata, file: url.displayName)
        try AtomicFileWriter.write(to: url) { sink in
            try sink(header)
            for tensor in ordered { try sink(tensor.bytes) }
        }
    }

    /// The whole file in memory (for tests and small files).
    public static func encode(_ tensors: [SafetensorsTensor], metadata: [String: String]? = ["format": "pt"]) throws -> Data {
        let (header, ordered) = try encodeHeader(tensors, metadata: metadata, file: "safetensors data")
        var data = header
        for tensor in ordered { data.append(tensor.bytes) }
        return data
    }

    /// The 8-byte length + padded header, and the tensors in storage order.
    static func encodeHeader(_ tensors: [SafetensorsTensor], metadata: [String: String]?, file: String) throws -> (Data, [SafetensorsTensor]) {
        var names = Set<String>()
        for tensor in tensors {
            guard tensor.name != "__metadata__", !tensor.name.isEmpty else {
                throw WeightIOError(.invalidArgument, file: file, tensor: tensor.name,
                                    "cannot write a tensor named '\(tensor.name)' to \(file)", help: "rename the tensor")
            }
            guard names.insert(tensor.name).inserted else {
                throw WeightIOError(.duplicateTensor, file: file, tensor: tensor.name,
                                    "cannot write \(file): two tensors are named '\(tensor.name)'", help: "give each tensor its own name")
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }) else {
                throw WeightIOError(.invalidShape, file: file, tensor: tensor.name,
                                    "cannot write \(file): tensor '\(tensor.name)' has a negative dimension in \(tensor.shape)")
            }
            let expected = tensor.shape.reduce(1, *) * tensor.dtype.byteSize
            guard expected == tensor.bytes.count else {
                throw WeightIOError(.shapeMismatch, file: file, tensor: tensor.name,
                                    "cannot write \(file): tensor '\(tensor.name)' has shape \(tensor.shape) of \(tensor.dtype.rawValue) (\(expected) bytes) but \(tensor.bytes.count) bytes of data",
                                    help: "the values and the shape must agree")
            }
        }
        let ordered = tensors.sorted {
            $0.dtype.writeRank != $1.dtype.writeRank ? $0.dtype.writeRank > $1.dtype.writeRank : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
        }
        var json = "{"
        var first = true
        if let metadata {
            let entries = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { "\(JSONWriter.quoted($0)):\(JSONWriter.quoted(metadata[$0] ?? ""))" }
            json += "\"__metadata__\":{" + entries.joined(separator: ",") + "}"
            first = false
        }
        var offset = 0
        for tensor in ordered {
            if !first { json += "," }
            first = false
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            json += "\(JSONWriter.quoted(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}"
            offset += tensor.bytes.count
        }
        json += "}"
        var header = Data(json.utf8)
        header.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8))
        var length = UInt64(header.count).littleEndian
        var out = Data(bytes: &length, count: 8)
        out.append(header)
        return (out, ordered)
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// Atomic file replacement: write `<name>.tmp-<pid>-<n>` beside the target, fsync, rename.
enum AtomicFileWriter {
    private static var counter = 0
    private static let lock = NSLock()

    static func write(to url: URL, _ produce: ((Data) throws -> Void) throws -> Void) throws {
        let name = url.displayName
        let folder = url.deletingLastPathComponent()
        lock.lock(); counter += 1; let serial = counter; lock.unlock()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(serial)")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw WeightIOError(.writeFailed, file: name, "cannot write \(url.path): \(String(cString: strerror(errno)))",
                                help: "check that the folder exists and is writable")
        }
        var closed = false
        func fail(_ what: String) -> WeightIOError {
            let reason = String(cString: strerror(errno))
            if !closed { close(fd); closed = true }
            unlink(temporary.path)
            return WeightIOError(.writeFailed, file: name, "writing \(url.path) failed while \(what): \(reason)",
                                 help: "check the free disk space; the previous file (if any) is untouched")
        }
        do {
            try produce { data in
                try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                    var done = 0
                    while done < bytes.count {
                        guard let base = bytes.baseAddress else { return }
                        let written = systemWrite(fd, base + done, bytes.count - done)
                        if written < 0 {
                            if errno == EINTR { continue }
                            throw fail("writing data")
                        }
                        done += written
                    }
                }
            }
        } catch {
            if !closed { close(fd); closed = true; unlink(temporary.path) }
            throw error
        }
        guard fsync(fd) == 0 else { throw fail("flushing to disk") }
        close(fd); closed = true
        guard rename(temporary.path, url.path) == 0 else { throw fail("renaming the temporary file into place") }
        let folderFD = open(folder.path, O_RDONLY)
        if folderFD >= 0 { fsync(folderFD); close(folderFD) }
    }
}
