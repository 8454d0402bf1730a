import Foundation
import PythonBasics

/// One tensor's entry in a safetensors header.
public struct SafetensorsTensorInfo: Equatable, Sendable {
    public let name: String
    public let dtype: SafetensorsDType
    /// Row-major shape, as stored (`[]` for a scalar).
    public let shape: [Int]
    /// Byte range relative to the start of the data section (the byte after the header).
    public let dataOffsets: Range<Int>

    public var elementCount: Int { shape.reduce(1, *) }
    public var byteCount: Int { dataOffsets.count }
}

/// The parsed and fully validated header of a safetensors file.
struct SafetensorsHeader {
    /// Largest header safetensors-rs accepts (100 MB).
    static let maximumHeaderLength = 100_000_000

    let headerLength: Int
    let metadata: [String: String]
    /// Whether the header has a `__metadata__` entry (even an empty one).
    let hasMetadata: Bool
    /// In header order.
    let tensors: [SafetensorsTensorInfo]
    var dataStart: Int { 8 + headerLength }

    /// Parses and validates the header of `bytes` (the whole file). `file` names the file in messages.
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> SafetensorsHeader {
        let fileSize = bytes.count
        guard fileSize >= 8 else {
            throw WeightIOError(.truncatedHeader, file: file,
                                "\(file) is too short to be a safetensors file: it has \(fileSize) bytes, but the header length field alone needs 8",
                                help: "the file is truncated or empty; download or save it again")
        }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        if Array(UnsafeRawBufferPointer(rebasing: bytes[0..<4])) == Array("GGUF".utf8) {
            throw WeightIOError(.invalidHeader, file: file, "\(file) is a GGUF file, not a safetensors file",
                                help: "open it as GGUF (GGUFFile, or load_model with the .gguf path)")
        }
        guard declared <= UInt64(maximumHeaderLength) else {
            throw WeightIOError(.headerTooLarge, file: file,
                                "\(file) declares a \(declared)-byte header, more than the 100 MB safetensors allows; this is not a safetensors file or its first 8 bytes are corrupt",
                                help: "check that the file really is a .safetensors file (not a PyTorch .bin or a GGUF) and download it again")
        }
        let headerLength = Int(declared)
        guard headerLength <= fileSize - 8 else {
            throw WeightIOError(.truncatedHeader, file: file,
                                "\(file) looks truncated: its header needs \(headerLength) bytes but only \(fileSize - 8) follow the length field",
                                help: "download or save the file again")
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + headerLength)])
        guard headerLength > 0, headerBytes[0] == UInt8(ascii: "{") else {
            throw WeightIOError(.invalidHeader, file: file,
                                "\(file) has a header that does not start with '{' (a safetensors header is a JSON object)",
                                help: "the file is corrupt or not a safetensors file; download it again")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(headerBytes.assumingMemoryBound(to: UInt8.self), options: .safetensors)
        } catch let failure as JSONDecodeError {
            throw WeightIOError(.invalidJSON, file: file,
                                "\(file) has a header that is not valid JSON: \(failure.plainReason) at header byte \(failure.byteOffset)",
                                help: "the file is corrupt; download or save it again")
        }
        guard case let .object(members) = json else {
            throw WeightIOError(.invalidHeader, file: file, "\(file) has a header that is not a JSON object")
        }

        var metadata: [String: String] = [:]
        var hasMetadata = false
        var tensors: [SafetensorsTensorInfo] = []
        var seen = Set<String>()
        for (key, value) in members {
            guard seen.insert(key).inserted else {
                throw WeightIOError(.duplicateTensor, file: file, tensor: key,
                                    "\(file) lists '\(key)' twice in its header", help: "the file is corrupt; save it again")
            }
            if key == "__metadata__" {
                metadata = try parseMetadata(value, file: file)
                hasMetadata = true
            } else {
                tensors.append(try parseTensor(key, value, file: file))
            }
        }
        try validateLayout(tensors, dataSize: fileSize - 8 - headerLength, file: file)
        return SafetensorsHeader(headerLength: headerLength, metadata: metadata, hasMetadata: hasMetadata, tensors: tensors)
    }

    private static func parseMetadata(_ value: JSONValue, file: String) throws -> [String: String] {
        guard case let .object(entries) = value else {
            throw WeightIOError(.invalidHeader, file: file, tensor: "__metadata__",
                                "\(file): '__metadata__' must be an object of strings but is \(value.kindName)")
        }
        var metadata: [String: String] = [:]
        for (key, entry) in entries {
            guard case let .string(text) = entry else {
                throw WeightIOError(.invalidHeader, file: file, tensor: "__metadata__",
                                    "\(file): '__metadata__' entry '\(key)' must be a string but is \(entry.kindName)")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseTensor(_ name: String, _ value: JSONValue, file: String) throws -> SafetensorsTensorInfo {
        func invalid(_ kind: WeightIOError.Kind, _ what: String) -> WeightIOError {
            WeightIOError(kind, file: file, tensor: name, "\(file): tensor '\(name)' \(what)",
                          help: "the file is corrupt; download or save it again")
        }
        guard case .object = value else { throw invalid(.invalidHeader, "must be an object but is \(value.kindName)") }
        guard case let .string(dtypeName)? = value["dtype"] else { throw invalid(.invalidHeader, "has no \"dtype\" string") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw WeightIOError(.unknownDType, file: file, tensor: name,
                                "\(file): tensor '\(name)' has dtype \"\(dtypeName)\", which is not a safetensors dtype lorarepl knows (\(SafetensorsDType.knownNames))",
                                help: "re-save the checkpoint in float32, float16 or bfloat16")
        }
        guard case let .array(dims)? = value["shape"] else { throw invalid(.invalidShape, "has no \"shape\" array") }
        var shape: [Int] = []
        var elements = 1
        for dim in dims {
            guard let size = dim.unsignedInteger, size <= UInt64(Int.max) else {
                throw invalid(.invalidShape, "has a shape entry that is not a non-negative integer: \(dim)")
            }
            shape.append(Int(size))
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(size))
            guard !overflow else { throw invalid(.invalidShape, "has a shape \(shape) whose element count overflows") }
            elements = product
        }
        let (expectedBytes, overflow) = elements.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else { throw invalid(.invalidShape, "has a shape whose byte size overflows") }

        guard case let .array(offsets)? = value["data_offsets"], offsets.count == 2 else {
            throw invalid(.invalidOffsets, "needs \"data_offsets\": [begin, end]")
        }
        guard let begin = offsets[0].unsignedInteger, let end = offsets[1].unsignedInteger else {
            throw invalid(.invalidOffsets, "has data_offsets that are not non-negative integers")
        }
        guard begin <= UInt64(Int.max / 2), end <= UInt64(Int.max / 2) else {
            throw invalid(.offsetsOutOfBounds, "has data_offsets [\(begin), \(end)] far beyond any file size")
        }
        guard begin <= end else {
            throw invalid(.invalidOffsets, "has data_offsets [\(begin), \(end)] whose begin is after its end")
        }
        let range = Int(begin)..<Int(end)
        guard range.count == expectedBytes else {
            throw WeightIOError(.shapeMismatch, file: file, tensor: name,
                                "\(file): tensor '\(name)' has shape \(shape) of \(dtype.rawValue) (\(expectedBytes) bytes) but its data_offsets [\(begin), \(end)] span \(range.count) bytes",
                                help: "the header is corrupt; download or save the file again")
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: range)
    }

    /// The tensors must tile the data section exactly: no overlap, no gap, nothing past the end, nothing after.
    private static func validateLayout(_ tensors: [SafetensorsTensorInfo], dataSize: Int, file: String) throws {
        let ordered = tensors.sorted { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound) }
        var cursor = 0
        var previous: SafetensorsTensorInfo?
        for tensor in ordered {
            let range = tensor.dataOffsets
            if range.lowerBound < cursor, let previous {
                throw WeightIOError(.overlappingTensors, file: file, tensor: tensor.name,
                                    "\(file): tensors '\(previous.name)' (bytes \(previous.dataOffsets.lowerBound)..\(previous.dataOffsets.upperBound)) and '\(tensor.name)' (bytes \(range.lowerBound)..\(range.upperBound)) overlap",
                                    help: "the header is corrupt; download or save the file again")
            }
            if range.lowerBound > cursor {
                let after = previous.map { "after '\($0.name)'" } ?? "at the start of the data"
                throw WeightIOError(.gapBetweenTensors, file: file, tensor: tensor.name,
                                    "\(file): there are \(range.lowerBound - cursor) unused bytes \(after), before tensor '\(tensor.name)' (safetensors stores tensors back to back)",
                                    help: "the header is corrupt; download or save the file again")
            }
            if range.upperBound > dataSize {
                throw WeightIOError(.truncatedData, file: file, tensor: tensor.name,
                                    "\(file) looks truncated: tensor '\(tensor.name)' needs bytes \(range.lowerBound)..\(range.upperBound) but the file has \(dataSize) bytes after its header",
                                    help: "download it again (or save it again if lorarepl wrote it)")
            }
            cursor = range.upperBound
            previous = tensor
        }
        if cursor < dataSize {
            throw WeightIOError(.trailingBytes, file: file,
                                "\(file) has \(dataSize - cursor) bytes after its last tensor that no header entry describes",
                                help: "the file is corrupt or was appended to; download or save it again")
        }
    }
}

extension JSONParser.Options {
    /// Safetensors headers and index files: strict RFC 8259 (no NaN), shallow, and repeated keys kept so
    /// a tensor listed twice is reported as such.
    static let safetensors = JSONParser.Options(maximumDepth: 64, allowNonFinite: false, keepsRepeatedKeys: true)
}

extension JSONValue {
    /// The value as a non-negative integer, if it is one.
    var unsignedInteger: UInt64? {
        guard case let .int(value) = self, value >= 0 else { return nil }
        return UInt64(value)
    }
}
