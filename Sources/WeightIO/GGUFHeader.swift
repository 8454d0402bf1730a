import Foundation

/// One tensor of a GGUF file.
public struct GGUFTensorInfo: Equatable, Sendable {
    public let name: String
    public let type: GGMLType
    /// Dimensions in GGUF/ggml order: `dims[0]` is the contiguous (column) dimension.
    public let dims: [Int]
    /// Byte offset relative to the start of the tensor data section.
    public let offset: Int
    /// Size of the stored data in bytes.
    public let byteCount: Int

    /// Dimensions in PyTorch order (`dims` reversed): a weight matrix is `[rows, columns]` = `[out, in]`.
    public var shape: [Int] { dims.reversed() }
    public var elementCount: Int { dims.reduce(1, *) }
    /// Elements per row (`dims[0]`).
    public var columns: Int { dims.first ?? 1 }
    /// Number of rows (product of all dims but the first).
    public var rows: Int { dims.dropFirst().reduce(1, *) }
    /// Bytes per row.
    public var rowByteCount: Int { columns / type.blockSize * type.blockByteCount }
}

/// Parses and validates a GGUF header (versions 2 and 3, little-endian).
struct GGUFHeader {
    static let defaultAlignment = 32
    static let maximumDims = 4
    static let maximumArrayNesting = 8

    var version: UInt32 = 0
    var metadataKeys: [String] = []
    var metadata: [String: GGUFValue] = [:]
    var tensors: [GGUFTensorInfo] = []
    var alignment = defaultAlignment
    var dataStart = 0

    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> GGUFHeader {
        var header = GGUFHeader()
        var cursor = GGUFCursor(bytes: bytes, file: file)
        try header.readPreamble(&cursor)
        cursor.context = "the counts"
        let tensorCount = try cursor.read(UInt64.self)
        let keyCount = try cursor.read(UInt64.self)
        // Each key/value needs at least 13 bytes (8 length + 4 type + 1 value); each tensor info at least 24.
        try checkCount(keyCount, minimumBytes: 13, what: "metadata entries", cursor: cursor)
        try checkCount(tensorCount, minimumBytes: 24, what: "tensors", cursor: cursor)

        for _ in 0..<Int(keyCount) {
            cursor.context = "a metadata key"
            let key = try cursor.readString()
            cursor.context = "the value of '\(key)'"
            let typeID = try cursor.read(UInt32.self)
            let value = try readValue(typeID, &cursor, depth: 0)
            guard header.metadata.updateValue(value, forKey: key) == nil else {
                throw WeightIOError(.duplicateKey, file: file, tensor: key, "\(file) is corrupt: metadata key '\(key)' appears twice",
                                    help: "download the GGUF file again")
            }
            header.metadataKeys.append(key)
        }
        try header.readAlignment(file: file)

        var names = Set<String>()
        for index in 0..<Int(tensorCount) {
            cursor.context = "tensor info \(index)"
            let info = try readTensorInfo(&cursor, alignment: header.alignment)
            guard names.insert(info.name).inserted else {
                throw WeightIOError(.duplicateTensor, file: file, tensor: info.name, "\(file) is corrupt: tensor '\(info.name)' is listed twice",
                                    help: "download the GGUF file again")
            }
            header.tensors.append(info)
        }
        let end = cursor.position
        header.dataStart = (end + header.alignment - 1) / header.alignment * header.alignment
        try header.validateData(fileSize: bytes.count, file: file)
        return header
    }

    private mutating func readPreamble(_ cursor: inout GGUFCursor) throws {
        let file = cursor.file
        guard cursor.remaining >= 4 else {
            throw WeightIOError(.badMagic, file: file, "\(file) is not a GGUF file: it has only \(cursor.remaining) bytes",
                                help: "the file is empty or truncated; download it again")
        }
        let magic = Array(UnsafeRawBufferPointer(rebasing: cursor.bytes[0..<4]))
        guard magic == Array("GGUF".utf8) else {
            let shown = magic.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : "." }.joined()
            let legacy = ["ggml", "ggmf", "ggjt", "lmgg", "fmgg", "tjgg"].contains(shown.lowercased())
            let safetensors = cursor.bytes.count > 8 && cursor.bytes[8] == UInt8(ascii: "{")
            let help: String
            if legacy {
                help = "this is a pre-GGUF llama.cpp file (GGML/GGJT); convert it with a recent llama.cpp"
            } else if safetensors {
                help = "this looks like a safetensors file; open it as safetensors (or pass the model's folder)"
            } else {
                help = "pass a .gguf file (for Hugging Face folders pass the folder instead)"
            }
            throw WeightIOError(.badMagic, file: file,
                                "\(file) is not a GGUF file: it starts with \"\(shown)\" instead of \"GGUF\"", help: help)
        }
        try cursor.skip(4)
        cursor.context = "the version"
        version = try cursor.read(UInt32.self)
        switch version {
        case 2, 3: return
        case 1:
            throw WeightIOError(.unsupportedVersion, file: file,
                                "\(file) is GGUF version 1 (the 2023 draft format), which lorarepl does not read",
                                help: "re-convert the model with a recent llama.cpp (versions 2 and 3 are supported)")
        default:
            if version.byteSwapped == 2 || version.byteSwapped == 3 {
                throw WeightIOError(.unsupportedVersion, file: file, "\(file) is a big-endian GGUF file, which lorarepl does not read",
                                    help: "use the little-endian version of the model")
            }
            throw WeightIOError(.unsupportedVersion, file: file,
                                "\(file) has GGUF version \(version); lorarepl reads versions 2 and 3",
                                help: version > 3 ? "the file is newer than lorarepl; re-export it as GGUF v3" : "the file is corrupt; download it again")
        }
    }

    private static func checkCount(_ count: UInt64, minimumBytes: Int, what: String, cursor: GGUFCursor) throws {
        guard count <= UInt64(cursor.remaining / minimumBytes) else {
            throw WeightIOError(.absurdCount, file: cursor.file,
                                "\(cursor.file) is corrupt: it claims \(count) \(what), but only \(cursor.remaining) bytes of header remain (room for at most \(cursor.remaining / minimumBytes))",
                                help: "the file is damaged or not a GGUF file; download it again")
        }
    }

    private static func unknownType(_ id: UInt32, _ cursor: GGUFCursor) -> WeightIOError {
        WeightIOError(.unknownValueType, file: cursor.file,
                      "\(cursor.file) is corrupt: \(cursor.context) has value type \(id), which GGUF does not define (0...12)",
                      help: "download the GGUF file again")
    }

    private static func readValue(_ typeID: UInt32, _ cursor: inout GGUFCursor, depth: Int) throws -> GGUFValue {
        guard let type = GGUFValueType(rawValue: typeID) else { throw unknownType(typeID, cursor) }
        switch type {
        case .uint8: return .uint8(try cursor.read(UInt8.self))
        case .int8: return .int8(try cursor.read(Int8.self))
        case .uint16: return .uint16(try cursor.read(UInt16.self))
        case .int16: return .int16(try cursor.read(Int16.self))
        case .uint32: return .uint32(try cursor.read(UInt32.self))
        case .int32: return .int32(try cursor.read(Int32.self))
        case .uint64: return .uint64(try cursor.read(UInt64.self))
        case .int64: return .int64(try cursor.read(Int64.self))
        case .float32: return .float32(try cursor.readFloat())
        case .float64: return .float64(try cursor.readDouble())
        case .bool: return .bool(try cursor.read(UInt8.self) != 0)
        case .string: return .string(try cursor.readString())
        case .array: return .array(try readArray(&cursor, depth: depth + 1))
        }
    }

    private static func readArray(_ cursor: inout GGUFCursor, depth: Int) throws -> GGUFArray {
        guard depth <= maximumArrayNesting else {
            throw WeightIOError(.nestingTooDeep, file: cursor.file,
                                "\(cursor.file) is corrupt: \(cursor.context) nests arrays more than \(maximumArrayNesting) deep")
        }
        let typeID = try cursor.read(UInt32.self)
        guard let type = GGUFValueType(rawValue: typeID) else { throw unknownType(typeID, cursor) }
        let declared = try cursor.read(UInt64.self)
        guard declared <= UInt64(cursor.remaining / type.minimumByteCount) else {
            throw WeightIOError(.absurdCount, file: cursor.file,
                                "\(cursor.file) is corrupt: \(cursor.context) is an array claiming \(declared) elements, but only \(cursor.remaining) bytes remain",
                                help: "the file is truncated or damaged; download it again")
        }
        let count = Int(declared)
        switch type {
        case .uint8: return .uint8(try cursor.readArray(UInt8.self, count: count))
        case .int8: return .int8(try cursor.readArray(Int8.self, count: count))
        case .uint16: return .uint16(try cursor.readArray(UInt16.self, count: count))
        case .int16: return .int16(try cursor.readArray(Int16.self, count: count))
        case .uint32: return .uint32(try cursor.readArray(UInt32.self, count: count))
        case .int32: return .int32(try cursor.readArray(Int32.self, count: count))
        case .uint64: return .uint64(try cursor.readArray(UInt64.self, count: count))
        case .int64: return .int64(try cursor.readArray(Int64.self, count: count))
        case .float32: return .float32(try cursor.readArray(UInt32.self, count: count).map { Float(bitPattern: $0) })
        case .float64: return .float64(try cursor.readArray(UInt64.self, count: count).map { Double(bitPattern: $0) })
        case .bool: return .bool(try cursor.readArray(UInt8.self, count: count).map { $0 != 0 })
        case .string:
            var strings: [String] = []
            strings.reserveCapacity(count)
            for _ in 0..<count { strings.append(try cursor.readString()) }
            return .string(strings)
        case .array:
            var arrays: [GGUFArray] = []
            for _ in 0..<count { arrays.append(try readArray(&cursor, depth: depth + 1)) }
            return .array(arrays)
        }
    }

    private mutating func readAlignment(file: String) throws {
        guard let value = metadata["general.alignment"] else { return }
        guard case let .uint32(raw) = value else {
            throw WeightIOError(.invalidAlignment, file: file, tensor: "general.alignment",
                                "\(file) is corrupt: 'general.alignment' must be a uint32 but is \(value.type)")
        }
        guard raw > 0, raw & (raw - 1) == 0, raw <= 1 << 20 else {
            throw WeightIOError(.invalidAlignment, file: file, tensor: "general.alignment",
                                "\(file) is corrupt: 'general.alignment' is \(raw), not a power of two",
                                help: "download the GGUF file again")
        }
        alignment = Int(raw)
    }

    private static func readTensorInfo(_ cursor: inout GGUFCursor, alignment: Int) throws -> GGUFTensorInfo {
        let file = cursor.file
        let name = try cursor.readString()
        cursor.context = "the info of tensor '\(name)'"
        let dimCount = try cursor.read(UInt32.self)
        guard dimCount <= UInt32(maximumDims) else {
            throw WeightIOError(.invalidDimensions, file: file, tensor: name,
                                "\(file) is corrupt: tensor '\(name)' claims \(dimCount) dimensions (ggml allows at most \(maximumDims))",
                                help: "download the GGUF file again")
        }
        var dims: [Int] = []
        var elements = 1
        for _ in 0..<Int(dimCount) {
            let dim = try cursor.read(UInt64.self)
            guard dim <= UInt64(Int64.max) else {
                throw WeightIOError(.invalidDimensions, file: file, tensor: name, "\(file) is corrupt: tensor '\(name)' has a dimension of \(dim)")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
            guard !overflow else {
                throw WeightIOError(.invalidDimensions, file: file, tensor: name,
                                    "\(file) is corrupt: tensor '\(name)' has dimensions whose product overflows")
            }
            elements = product
            dims.append(Int(dim))
        }
        let typeID = try cursor.read(UInt32.self)
        guard let type = GGMLType(rawValue: typeID) else {
            throw WeightIOError(.unknownTensorType, file: file, tensor: name,
                                "\(file): tensor '\(name)' has ggml type id \(typeID), which lorarepl does not know",
                                help: "the file is newer than lorarepl or corrupt; re-quantize it to a common type (Q4_K_M, Q8_0, F16)")
        }
        let offset = try cursor.read(UInt64.self)
        let columns = dims.first ?? 1
        guard columns % type.blockSize == 0 else {
            throw WeightIOError(.invalidDimensions, file: file, tensor: name,
                                "\(file) is corrupt: tensor '\(name)' of type \(type.name) has rows of \(columns) elements, not a multiple of its block size \(type.blockSize)")
        }
        guard let byteCount = type.byteCount(elements: elements) else {
            throw WeightIOError(.invalidDimensions, file: file, tensor: name, "\(file) is corrupt: tensor '\(name)' is too large")
        }
        guard offset <= UInt64(Int.max / 2) else {
            throw WeightIOError(.tensorDataOutOfBounds, file: file, tensor: name,
                                "\(file) is corrupt: tensor '\(name)' has data offset \(offset), far beyond any file size")
        }
        guard Int(offset) % alignment == 0 else {
            throw WeightIOError(.misalignedOffset, file: file, tensor: name,
                                "\(file) is corrupt: tensor '\(name)' starts at data offset \(offset), which is not a multiple of the alignment \(alignment)",
                                help: "download the GGUF file again")
        }
        return GGUFTensorInfo(name: name, type: type, dims: dims, offset: Int(offset), byteCount: byteCount)
    }

    private func validateData(fileSize: Int, file: String) throws {
        let available = max(0, fileSize - dataStart)
        let ordered = tensors.sorted { $0.offset < $1.offset }
        var previous: GGUFTensorInfo?
        for tensor in ordered {
            let end = tensor.offset + tensor.byteCount
            guard end <= available else {
                throw WeightIOError(.tensorDataOutOfBounds, file: file, tensor: tensor.name,
                                    "\(file) looks truncated: tensor '\(tensor.name)' needs data bytes \(tensor.offset)..\(end) but the file has \(available) bytes of tensor data",
                                    help: "download the GGUF file again")
            }
            if let previous, tensor.offset < previous.offset + previous.byteCount, tensor.byteCount > 0 {
                throw WeightIOError(.overlappingTensors, file: file, tensor: tensor.name,
                                    "\(file) is corrupt: tensors '\(previous.name)' and '\(tensor.name)' overlap in the data section",
                                    help: "download the GGUF file again")
            }
            if tensor.byteCount > 0 { previous = tensor }
        }
    }
}
