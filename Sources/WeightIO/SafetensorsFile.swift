import Foundation

/// A memory-mapped `.safetensors` file with a validated header.
///
/// ```swift
/// let file = try SafetensorsFile(url: url)
/// let weight = try file.floats("bert.embeddings.word_embeddings.weight")   // [Float], F16/BF16 converted
/// let shape = try file.info("bert.embeddings.word_embeddings.weight").shape // [30522, 384]
/// ```
public final class SafetensorsFile {
    public let url: URL
    /// The `__metadata__` map (`["format": "pt"]` for files written by PyTorch tools).
    public let metadata: [String: String]
    /// Tensor entries in header order.
    public var tensors: [SafetensorsTensorInfo] { directory.entries }
    /// Size of the JSON header in bytes (without the 8-byte length field).
    public let headerLength: Int

    let mapping: MappedFile
    private let directory: TensorDirectory<SafetensorsTensorInfo>
    var fileName: String { url.displayName }

    /// Opens and validates `url`. Throws `WeightIOError` for a missing, truncated or corrupt file.
    public init(url: URL) throws {
        self.url = url
        mapping = try MappedFile(url: url)
        let header = try SafetensorsHeader.parse(mapping.bytes(at: 0, count: mapping.count), file: url.displayName)
        metadata = header.metadata
        headerLength = header.headerLength
        directory = TensorDirectory(header.tensors, name: \.name, fileName: url.displayName)
    }

    /// Tensor names in header order.
    public var tensorNames: [String] { tensors.map(\.name) }

    public func contains(_ name: String) -> Bool { directory.contains(name) }

    /// The header entry of `name`.
    public func info(_ name: String) throws -> SafetensorsTensorInfo {
        try directory.entry(name)
    }

    /// Calls `body` with the tensor's stored bytes (little-endian, row-major). The pointer is valid only inside `body`.
    public func withRawBytes<Result>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let tensor = try info(name)
        return try withExtendedLifetime(mapping) {
            try body(mapping.bytes(at: 8 + headerLength + tensor.dataOffsets.lowerBound, count: tensor.byteCount))
        }
    }

    /// A copy of the tensor's stored bytes.
    public func rawBytes(_ name: String) throws -> Data {
        try withRawBytes(name) { Data($0) }
    }

    /// The tensor as Float (F32 copied; F16, BF16, F8 and F64 converted; integer and bool types converted to the nearest Float).
    public func floats(_ name: String) throws -> [Float] {
        let tensor = try info(name)
        let count = tensor.elementCount
        return try withRawBytes(name) { bytes in
            guard count > 0, let source = bytes.baseAddress else { return [Float](repeating: 0, count: count) }
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                if let destination = buffer.baseAddress {
                    FloatConversion.convert(tensor.dtype, from: source, count: count, into: destination)
                }
                initialized = count
            }
        }
    }

    /// Converts the tensor into `destination`, which must hold exactly `elementCount` floats (no allocation;
    /// lets the caller fill its own tensor storage).
    public func floats(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        let tensor = try info(name)
        guard destination.count == tensor.elementCount else {
            throw WeightIOError(.invalidArgument, file: fileName, tensor: name,
                                "\(fileName): tensor '\(name)' has \(tensor.elementCount) elements (shape \(tensor.shape)) but the destination holds \(destination.count)")
        }
        try withRawBytes(name) { bytes in
            guard let source = bytes.baseAddress, let target = destination.baseAddress else { return }
            FloatConversion.convert(tensor.dtype, from: source, count: tensor.elementCount, into: target)
        }
    }

    /// The tensor as Int64 (integer and bool types only; U64 values above Int64.max are an error).
    public func int64s(_ name: String) throws -> [Int64] {
        let tensor = try info(name)
        guard !tensor.dtype.isFloatingPoint else { throw floatAsInteger(tensor) }
        return try withRawBytes(name) { bytes in
            var values = [Int64](repeating: 0, count: tensor.elementCount)
            for i in 0..<tensor.elementCount {
                switch tensor.dtype {
                case .bool, .u8: values[i] = Int64(bytes.load(fromByteOffset: i, as: UInt8.self))
                case .i8: values[i] = Int64(bytes.load(fromByteOffset: i, as: Int8.self))
                case .u16: values[i] = Int64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                case .i16: values[i] = Int64(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)))
                case .u32: values[i] = Int64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                case .i32: values[i] = Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
                case .i64: values[i] = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))
                case .u64:
                    let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                    guard let exact = Int64(exactly: value) else { throw outOfRange(tensor, index: i, value: "\(value)", target: "Int64") }
                    values[i] = exact
                default: throw floatAsInteger(tensor)
                }
            }
            return values
        }
    }

    /// The tensor as Int32 (integer and bool types; I64/U64/U32 values must fit in Int32).
    public func int32s(_ name: String) throws -> [Int32] {
        let tensor = try info(name)
        if tensor.dtype == .i32 {
            return try withRawBytes(name) { bytes in
                [Int32](unsafeUninitializedCapacity: tensor.elementCount) { buffer, initialized in
                    if let destination = buffer.baseAddress, let source = bytes.baseAddress {
                        memcpy(destination, source, tensor.elementCount * 4)
                    }
                    initialized = tensor.elementCount
                }
            }
        }
        let wide = try int64s(name)
        var values = [Int32](repeating: 0, count: wide.count)
        for (i, value) in wide.enumerated() {
            guard let exact = Int32(exactly: value) else { throw outOfRange(tensor, index: i, value: "\(value)", target: "Int32") }
            values[i] = exact
        }
        return values
    }

    private func floatAsInteger(_ tensor: SafetensorsTensorInfo) -> WeightIOError {
        WeightIOError(.unsupportedConversion, file: fileName, tensor: tensor.name,
                      "\(fileName): tensor '\(tensor.name)' holds \(tensor.dtype.rawValue) values, which cannot be read as integers",
                      help: "read it with floats(_:)")
    }

    private func outOfRange(_ tensor: SafetensorsTensorInfo, index: Int, value: String, target: String) -> WeightIOError {
        WeightIOError(.valueOutOfRange, file: fileName, tensor: tensor.name,
                      "\(fileName): tensor '\(tensor.name)' element \(index) is \(value), which does not fit in \(target)",
                      help: target == "Int32" ? "read it with int64s(_:)" : nil)
    }
}
