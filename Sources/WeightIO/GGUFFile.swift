import Foundation

/// A memory-mapped GGUF file (versions 2 and 3): metadata, tensor infos and tensor data, all validated on open.
///
/// ```swift
/// let gguf = try GGUFFile(url: url)
/// let layers = try gguf.int("llama.block_count")                // 30
/// let tokens = try gguf.stringArray("tokenizer.ggml.tokens")
/// let embedding = try gguf.floats("token_embd.weight")           // dequantized, [49152 * 576]
/// let q = try gguf.quantizedTensor("blk.0.attn_q.weight")        // stays quantized; dequantizeRow(_:into:)
/// ```
public final class GGUFFile {
    public let url: URL
    /// 2 or 3.
    public let version: UInt32
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    public let metadata: [String: GGUFValue]
    /// Tensors in file order.
    public var tensors: [GGUFTensorInfo] { directory.entries }
    /// `general.alignment` (32 by default).
    public let alignment: Int
    /// Absolute file offset of the tensor data section.
    public let dataStart: Int

    let mapping: MappedFile
    private let directory: TensorDirectory<GGUFTensorInfo>
    var fileName: String { url.displayName }

    public init(url: URL) throws {
        self.url = url
        mapping = try MappedFile(url: url)
        let header = try GGUFHeader.parse(mapping.bytes(at: 0, count: mapping.count), file: url.displayName)
        version = header.version
        metadataKeys = header.metadataKeys
        metadata = header.metadata
        alignment = header.alignment
        dataStart = header.dataStart
        directory = TensorDirectory(header.tensors, name: \.name, fileName: url.displayName)
    }

    // MARK: Metadata

    public func value(_ key: String) -> GGUFValue? { metadata[key] }
    public func contains(key: String) -> Bool { metadata[key] != nil }

    private func required(_ key: String) throws -> GGUFValue {
        guard let value = metadata[key] else {
            throw WeightIOError(.metadataKeyMissing, file: fileName, tensor: key, "\(fileName) has no metadata key '\(key)'",
                                help: "the model may be of an architecture lorarepl does not support, or converted by an old tool")
        }
        return value
    }

    private func mismatch(_ key: String, _ value: GGUFValue, _ expected: String) -> WeightIOError {
        WeightIOError(.metadataTypeMismatch, file: fileName, tensor: key,
                      "\(fileName): metadata '\(key)' is \(value.type) where \(expected) was expected")
    }

    public func string(_ key: String) throws -> String {
        try typed(key, "a string") { if case let .string(text) = $0 { text } else { nil } }
    }

    /// Any integer type, converted exactly.
    public func int(_ key: String) throws -> Int { try typed(key, "an integer") { $0.intValue } }

    /// Float or integer types.
    public func float(_ key: String) throws -> Double { try typed(key, "a number") { $0.doubleValue } }

    public func bool(_ key: String) throws -> Bool {
        try typed(key, "a bool") { if case let .bool(flag) = $0 { flag } else { nil } }
    }

    public func stringArray(_ key: String) throws -> [String] {
        try typed(key, "an array of strings") { if case let .array(.string(strings)) = $0 { strings } else { nil } }
    }

    /// Arrays of any integer type.
    public func intArray(_ key: String) throws -> [Int] {
        try typed(key, "an array of integers") { if case let .array(array) = $0 { array.intValues } else { nil } }
    }

    /// Arrays of float or integer types.
    public func floatArray(_ key: String) throws -> [Float] {
        try typed(key, "an array of numbers") { if case let .array(array) = $0 { array.floatValues } else { nil } }
    }

    /// The value of a required key as `T`, or a mismatch error naming what was `expected`.
    private func typed<T>(_ key: String, _ expected: String, _ extract: (GGUFValue) -> T?) throws -> T {
        let value = try required(key)
        guard let result = extract(value) else { throw mismatch(key, value, expected) }
        return result
    }

    /// `general.architecture` (e.g. "llama"); the prefix of the model's hyper-parameter keys.
    public var architecture: String? {
        if case let .string(name)? = metadata["general.architecture"] { return name }
        return nil
    }

    // MARK: Tensors

    public var tensorNames: [String] { tensors.map(\.name) }
    public func contains(tensor name: String) -> Bool { directory.contains(name) }

    public func info(_ name: String) throws -> GGUFTensorInfo {
        try directory.entry(name)
    }

    /// Calls `body` with the tensor's stored (quantized) bytes. The pointer is valid only inside `body`.
    public func withRawBytes<Result>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let tensor = try info(name)
        return try withExtendedLifetime(mapping) { try body(mapping.bytes(at: dataStart + tensor.offset, count: tensor.byteCount)) }
    }

    /// A copy of the tensor's stored bytes.
    public func rawBytes(_ name: String) throws -> Data { try withRawBytes(name) { Data($0) } }

    /// The whole tensor dequantized to Float, in storage order (row-major over `shape`). Large tensors are
    /// dequantized on all cores.
    public func floats(_ name: String) throws -> [Float] {
        try quantizedTensor(name).dequantizeAll()
    }

    /// The tensor kept in its stored format, for row-by-row dequantization on use.
    public func quantizedTensor(_ name: String) throws -> GGUFQuantizedTensor {
        let tensor = try info(name)
        guard tensor.type.canDequantize else {
            throw WeightIOError(.unsupportedConversion, file: fileName, tensor: name,
                                "\(fileName): tensor '\(name)' is stored as \(tensor.type.name), which lorarepl cannot dequantize",
                                help: "use a GGUF quantized to F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K or Q8_K (e.g. a Q4_K_M or Q8_0 download)")
        }
        return GGUFQuantizedTensor(info: tensor, storage: mapping, base: dataStart + tensor.offset, rowOrder: nil)
    }
}
