import Foundation
import PythonBasics

/// Writes GGUF v3 files (little-endian): metadata of every value type and tensors in any stored type, laid
/// out as llama.cpp does (tensor data back to back, each padded to `general.alignment`). Used to build test
/// models (e.g. a tiny LLaMA converted from safetensors) and to save GGUF files.
public struct GGUFWriter {
    /// `general.alignment`; written to the metadata when it is not the default 32 (a `general.alignment` set
    /// with `set` takes precedence).
    public var alignment: Int
    private var metadata: [(key: String, value: GGUFValue)] = []
    private var tensors: [(name: String, type: GGMLType, dims: [Int], bytes: Data)] = []

    public init(alignment: Int = 32) { self.alignment = alignment }

    /// Adds a metadata entry (keys keep insertion order; a repeated key is an error at write time).
    public mutating func set(_ key: String, _ value: GGUFValue) { metadata.append((key, value)) }

    /// Adds a tensor from stored bytes. `dims` are in GGUF order (`dims[0]` = columns).
    public mutating func addTensor(_ name: String, type: GGMLType, dims: [Int], bytes: Data) {
        tensors.append((name, type, dims, bytes))
    }

    /// Adds an F32 tensor given in PyTorch order (`shape` = `[rows, columns]`).
    public mutating func addTensor(_ name: String, shape: [Int], floats: [Float]) {
        addTensor(name, type: .f32, dims: shape.reversed(), bytes: floats.withUnsafeBytes { Data($0) })
    }

    /// Adds an F16 tensor (rounded to nearest even) given in PyTorch order.
    public mutating func addTensor(_ name: String, shape: [Int], halfFloats floats: [Float]) {
        let bits = floats.map { FloatConversion.floatToHalf($0) }
        addTensor(name, type: .f16, dims: shape.reversed(), bytes: bits.withUnsafeBytes { Data($0) })
    }

    /// The file as bytes.
    public func encode() throws -> Data {
        var out = Data()
        try write { out.append($0) }
        return out
    }

    /// Writes the file atomically (temporary name, fsync, rename).
    public func write(to url: URL) throws {
        try AtomicFile.writeReportingWeightIOError(to: url) { sink in try write(sink) }
    }

    private func write(_ sink: (Data) throws -> Void) throws {
        var entries = metadata
        var alignment = self.alignment
        if let explicit = entries.first(where: { $0.key == "general.alignment" }) {
            guard case let .uint32(value) = explicit.value else {
                throw WeightIOError(.invalidAlignment, "cannot write GGUF: 'general.alignment' must be a uint32")
            }
            alignment = Int(value)
        } else if alignment != GGUFHeader.defaultAlignment {
            entries.append(("general.alignment", .uint32(UInt32(alignment))))
        }
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw WeightIOError(.invalidAlignment, "cannot write GGUF with alignment \(alignment): it must be a power of two")
        }
        var keys = Set<String>()
        for entry in entries where !keys.insert(entry.key).inserted {
            throw WeightIOError(.duplicateKey, tensor: entry.key, "cannot write GGUF: metadata key '\(entry.key)' is set twice")
        }
        var names = Set<String>()
        var offsets: [Int] = []
        var offset = 0
        for tensor in tensors {
            guard names.insert(tensor.name).inserted else {
                throw WeightIOError(.duplicateTensor, tensor: tensor.name, "cannot write GGUF: two tensors are named '\(tensor.name)'")
            }
            let elements = tensor.dims.reduce(1, *)
            guard tensor.dims.count <= GGUFHeader.maximumDims, tensor.dims.allSatisfy({ $0 >= 0 }),
                  (tensor.dims.first ?? 1) % tensor.type.blockSize == 0,
                  tensor.type.byteCount(elements: elements) == tensor.bytes.count else {
                throw WeightIOError(.shapeMismatch, tensor: tensor.name,
                                    "cannot write GGUF tensor '\(tensor.name)': dims \(tensor.dims) of \(tensor.type.name) do not match \(tensor.bytes.count) bytes")
            }
            offsets.append(offset)
            offset += (tensor.bytes.count + alignment - 1) / alignment * alignment
        }

        var header = Data("GGUF".utf8)
        header.appendLittleEndian(UInt32(3))
        header.appendLittleEndian(UInt64(tensors.count))
        header.appendLittleEndian(UInt64(entries.count))
        for (key, value) in entries {
            header.appendGGUFString(key)
            header.appendLittleEndian(value.type.rawValue)
            header.appendGGUFValue(value)
        }
        for (tensor, tensorOffset) in zip(tensors, offsets) {
            header.appendGGUFString(tensor.name)
            header.appendLittleEndian(UInt32(tensor.dims.count))
            for dim in tensor.dims { header.appendLittleEndian(UInt64(dim)) }
            header.appendLittleEndian(tensor.type.rawValue)
            header.appendLittleEndian(UInt64(tensorOffset))
        }
        header.append(Data(count: (alignment - header.count % alignment) % alignment))
        try sink(header)
        for (index, tensor) in tensors.enumerated() {
            try sink(tensor.bytes)
            if index + 1 < tensors.count {
                try sink(Data(count: (alignment - tensor.bytes.count % alignment) % alignment))
            }
        }
    }
}

extension Data {
    /// Appends `value` in little-endian byte order.
    public mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendGGUFString(_ text: String) {
        appendLittleEndian(UInt64(text.utf8.count))
        append(contentsOf: Array(text.utf8))
    }

    mutating func appendGGUFValue(_ value: GGUFValue) {
        switch value {
        case let .uint8(v): appendLittleEndian(v)
        case let .int8(v): appendLittleEndian(v)
        case let .uint16(v): appendLittleEndian(v)
        case let .int16(v): appendLittleEndian(v)
        case let .uint32(v): appendLittleEndian(v)
        case let .int32(v): appendLittleEndian(v)
        case let .uint64(v): appendLittleEndian(v)
        case let .int64(v): appendLittleEndian(v)
        case let .float32(v): appendLittleEndian(v.bitPattern)
        case let .float64(v): appendLittleEndian(v.bitPattern)
        case let .bool(v): appendLittleEndian(UInt8(v ? 1 : 0))
        case let .string(v): appendGGUFString(v)
        case let .array(array): appendGGUFArray(array)
        }
    }

    mutating func appendGGUFArray(_ array: GGUFArray) {
        appendLittleEndian(array.elementType.rawValue)
        appendLittleEndian(UInt64(array.count))
        switch array {
        case let .uint8(a): a.forEach { appendLittleEndian($0) }
        case let .int8(a): a.forEach { appendLittleEndian($0) }
        case let .uint16(a): a.forEach { appendLittleEndian($0) }
        case let .int16(a): a.forEach { appendLittleEndian($0) }
        case let .uint32(a): a.forEach { appendLittleEndian($0) }
        case let .int32(a): a.forEach { appendLittleEndian($0) }
        case let .uint64(a): a.forEach { appendLittleEndian($0) }
        case let .int64(a): a.forEach { appendLittleEndian($0) }
        case let .float32(a): a.forEach { appendLittleEndian($0.bitPattern) }
        case let .float64(a): a.forEach { appendLittleEndian($0.bitPattern) }
        case let .bool(a): a.forEach { appendLittleEndian(UInt8($0 ? 1 : 0)) }
        case let .string(a): a.forEach { appendGGUFString($0) }
        case let .array(a): a.forEach { appendGGUFArray($0) }
        }
    }
}
