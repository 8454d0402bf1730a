import Foundation
import PythonBasics
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
        try AtomicFile.writeReportingWeightIOError(to: url) { sink in
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
                .map { "\(JSONValue.quoted($0, ensureASCII: false)):\(JSONValue.quoted(metadata[$0] ?? "", ensureASCII: false))" }
            json += "\"__metadata__\":{" + entries.joined(separator: ",") + "}"
            first = false
        }
        var offset = 0
        for tensor in ordered {
            if !first { json += "," }
            first = false
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            json += "\(JSONValue.quoted(tensor.name, ensureASCII: false)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}"
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

extension AtomicFile {
    /// `AtomicFile.write(to:_:)` with its failure reported as a WeightIO `writeFailed` error.
    static func writeReportingWeightIOError(to url: URL, _ produce: ((Data) throws -> Void) throws -> Void) throws {
        do {
            try AtomicFile.write(to: url, produce)
        } catch let failure as AtomicWriteError {
            throw WeightIOError(.writeFailed, file: url.displayName, failure.message,
                                help: "check that the folder is writable and the disk is not full; the previous file (if any) is untouched")
        }
    }
}
