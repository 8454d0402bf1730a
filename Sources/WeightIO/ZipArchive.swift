import Foundation

/// The stored entries of a zip archive, found through its central directory (Zip64 included), as
/// `torch.save` writes them since PyTorch 1.6 (`<name>/data.pkl`, `<name>/data/<key>`, …). Every offset
/// and size read from the file is checked against the file's length before use, so a truncated or
/// forged archive is a `WeightIOError`, never a read out of bounds.
struct ZipArchive {
    /// One entry: its name and where its bytes are in the file.
    struct Entry {
        let name: String
        let dataOffset: Int
        let size: Int
    }

    /// Entries in central-directory order.
    let entries: [Entry]
    private let positions: [String: Int]
    let fileName: String

    func entry(_ name: String) -> Entry? { positions[name].map { entries[$0] } }

    /// Reads the directory of `bytes` (the whole file). `fileName` is used in messages.
    init(_ bytes: UnsafeRawBufferPointer, fileName: String) throws {
        self.fileName = fileName
        var reader = ZipFields(bytes: bytes, fileName: fileName)
        guard bytes.count >= 22 else {
            throw reader.failure("\(fileName) is \(bytes.count) bytes long, too short for a PyTorch checkpoint (a zip archive)")
        }
        let end = try Self.findEndRecord(&reader)
        var count = try reader.u16(end + 10)
        var directorySize = try reader.u32(end + 12)
        var directoryOffset = try reader.u32(end + 16)
        // A Zip64 locator sits right before the end record; PyTorch always writes one.
        if end >= 20, try reader.u32(end - 20) == 0x0706_4b50 {
            let record = try reader.offset(try reader.u64(end - 12), "the Zip64 end record")
            guard try reader.u32(record) == 0x0606_4b50 else { throw reader.failure("\(fileName): the Zip64 end record is missing or damaged") }
            count = try reader.offset(try reader.u64(record + 32), "the entry count")
            directorySize = try reader.offset(try reader.u64(record + 40), "the directory size")
            directoryOffset = try reader.offset(try reader.u64(record + 48), "the directory offset")
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset, count <= directorySize / 46 + 1 else {
            throw reader.failure("\(fileName): the zip directory points outside the file (\(directoryOffset) + \(directorySize) bytes of \(bytes.count))")
        }
        var entries: [Entry] = []
        var positions: [String: Int] = [:]
        var cursor = directoryOffset
        for _ in 0..<count {
            let entry = try Self.readEntry(&reader, at: &cursor)
            guard positions[entry.name] == nil else { throw reader.failure("\(fileName) holds the entry \(entry.name) twice") }
            positions[entry.name] = entries.count
            entries.append(entry)
        }
        self.entries = entries
        self.positions = positions
    }

    /// The end-of-central-directory record: the last `PK\5\6` within the final 64 KiB + 22 bytes.
    private static func findEndRecord(_ reader: inout ZipFields) throws -> Int {
        let bytes = reader.bytes
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if bytes[position] == 0x50, bytes[position + 1] == 0x4b, bytes[position + 2] == 5, bytes[position + 3] == 6 { return position }
            position -= 1
        }
        if bytes[0] == 0x80 {
            throw WeightIOError(.invalidArchive, file: reader.fileName,
                                "\(reader.fileName) is a pickle file in PyTorch's legacy format (torch.save before PyTorch 1.6, or _use_new_zipfile_serialization=False)",
                                help: "re-save it with a recent PyTorch: torch.save(torch.load(path, weights_only=True), path); lorarepl reads the zip format torch.save writes since 1.6")
        }
        let isZip = bytes[0] == 0x50 && bytes[1] == 0x4b
        throw reader.failure(isZip ? "\(reader.fileName) is a zip archive without its directory at the end: the file is truncated"
                                   : "\(reader.fileName) is not a PyTorch checkpoint (it does not start like a zip archive)")
    }

    /// One central-directory entry at `cursor` (moved past it) and its local header.
    private static func readEntry(_ reader: inout ZipFields, at cursor: inout Int) throws -> Entry {
        let start = cursor
        guard try reader.u32(start) == 0x0201_4b50 else { throw reader.failure("\(reader.fileName): damaged zip directory at byte \(start)") }
        let method = try reader.u16(start + 10)
        var size = try reader.u32(start + 20)
        let uncompressed = try reader.u32(start + 24)
        let nameLength = try reader.u16(start + 28), extraLength = try reader.u16(start + 30), commentLength = try reader.u16(start + 32)
        var local = try reader.u32(start + 42)
        let name = String(decoding: try reader.slice(start + 46, nameLength), as: UTF8.self)
        // Zip64 extra field: the 8-byte values of the fields stored as 0xFFFFFFFF, in this order.
        var extra = start + 46 + nameLength
        let extraEnd = extra + extraLength
        while extra + 4 <= extraEnd {
            let id = try reader.u16(extra), length = try reader.u16(extra + 2)
            if id == 1 {
                var field = extra + 4
                if uncompressed == 0xFFFF_FFFF { field += 8 }
                if size == 0xFFFF_FFFF { size = try reader.offset(try reader.u64(field), "an entry size"); field += 8 }
                if local == 0xFFFF_FFFF { local = try reader.offset(try reader.u64(field), "an entry offset") }
            }
            extra += 4 + length
        }
        cursor = extraEnd + commentLength
        guard method == 0 else {
            throw WeightIOError(.invalidArchive, file: reader.fileName, tensor: name,
                                "\(reader.fileName): the entry \(name) is compressed (zip method \(method)); torch.save stores entries uncompressed",
                                help: "use the file as torch.save wrote it (re-zipping it with a compressing tool breaks it)")
        }
        guard try reader.u32(local) == 0x0403_4b50 else { throw reader.failure("\(reader.fileName): the entry \(name) has no local header at byte \(local)") }
        let dataOffset = local + 30 + (try reader.u16(local + 26)) + (try reader.u16(local + 28))
        guard dataOffset <= reader.bytes.count, size <= reader.bytes.count - dataOffset else {
            throw WeightIOError(.truncatedData, file: reader.fileName, tensor: name,
                                "\(reader.fileName): the entry \(name) needs \(size) bytes at byte \(dataOffset), past the end of the file (\(reader.bytes.count) bytes)",
                                help: "the file is truncated; save or download it again")
        }
        return Entry(name: name, dataOffset: dataOffset, size: size)
    }
}

/// Little-endian fields of a zip file, each read only when it lies inside the file.
struct ZipFields {
    let bytes: UnsafeRawBufferPointer
    let fileName: String

    func failure(_ message: String) -> WeightIOError {
        WeightIOError(.invalidArchive, file: fileName, message, help: "the file is damaged or not a PyTorch checkpoint; save or download it again")
    }

    private func check(_ offset: Int, _ count: Int) throws {
        guard offset >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw failure("\(fileName): a zip field at byte \(offset) lies past the end of the file (\(bytes.count) bytes); the file is truncated")
        }
    }

    func u16(_ offset: Int) throws -> Int {
        try check(offset, 2)
        return Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    func u32(_ offset: Int) throws -> Int {
        try check(offset, 4)
        return Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    func u64(_ offset: Int) throws -> UInt64 {
        try check(offset, 8)
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A 64-bit offset or size as an Int within the file.
    func offset(_ value: UInt64, _ what: String) throws -> Int {
        guard let n = Int(exactly: value), n <= bytes.count else { throw failure("\(fileName): \(what) (\(value)) lies past the end of the file") }
        return n
    }

    func slice(_ offset: Int, _ count: Int) throws -> UnsafeRawBufferPointer {
        try check(offset, count)
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }
}
