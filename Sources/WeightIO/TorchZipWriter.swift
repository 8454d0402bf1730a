import Foundation

/// Writes a zip archive the way PyTorch's `PyTorchStreamWriter` does: stored entries whose data starts on a
/// 64-byte boundary (a `FB` extra field of `Z` padding), a data descriptor after each entry, a central
/// directory, and the Zip64 end records. The bytes go to `emit` as they are made (AtomicFile's producer).
struct TorchZipWriter {
    private struct Written {
        let name: [UInt8]
        let crc: UInt32
        let size: Int
        let offset: Int
    }

    static let alignment = 64
    private var offset = 0
    private var written: [Written] = []
    private let emit: (Data) throws -> Void

    init(emit: @escaping (Data) throws -> Void) { self.emit = emit }

    /// Adds the entry `name` holding `data`.
    mutating func add(_ name: String, _ data: Data) throws {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let headerEnd = offset + 30 + nameBytes.count + 4
        let padding = (Self.alignment - headerEnd % Self.alignment) % Self.alignment
        var header = Data()
        header.le32(0x0403_4b50)
        header.le16(0); header.le16(0x0808); header.le16(0)  // version needed, flags (descriptor, UTF-8), stored
        header.le16(0); header.le16(0)                       // time, date
        header.le32(0); header.le32(0); header.le32(0)       // crc and sizes follow in the descriptor
        header.le16(nameBytes.count); header.le16(4 + padding)
        header.append(contentsOf: nameBytes)
        header.append(contentsOf: [0x46, 0x42]); header.le16(padding)
        header.append(Data(repeating: 0x5a, count: padding))
        var descriptor = Data()
        descriptor.le32(0x0807_4b50)
        descriptor.le32(Int(crc))
        if data.count >= 0xFFFF_FFFF { descriptor.le64(data.count); descriptor.le64(data.count) } else { descriptor.le32(data.count); descriptor.le32(data.count) }
        try emit(header)
        try emit(data)
        try emit(descriptor)
        written.append(Written(name: nameBytes, crc: crc, size: data.count, offset: offset))
        offset += header.count + data.count + descriptor.count
    }

    /// Writes the central directory and the end records.
    mutating func finish() throws {
        var directory = Data()
        for entry in written {
            let bigSize = entry.size >= 0xFFFF_FFFF, bigOffset = entry.offset >= 0xFFFF_FFFF
            var extra = Data()
            if bigSize || bigOffset {
                extra.le16(1); extra.le16((bigSize ? 16 : 0) + (bigOffset ? 8 : 0))
                if bigSize { extra.le64(entry.size); extra.le64(entry.size) }
                if bigOffset { extra.le64(entry.offset) }
            }
            directory.le32(0x0201_4b50)
            directory.le16(0); directory.le16(0); directory.le16(0x0808); directory.le16(0)
            directory.le16(0); directory.le16(0)
            directory.le32(Int(entry.crc))
            directory.le32(bigSize ? 0xFFFF_FFFF : entry.size); directory.le32(bigSize ? 0xFFFF_FFFF : entry.size)
            directory.le16(entry.name.count); directory.le16(extra.count); directory.le16(0)
            directory.le16(0); directory.le16(0); directory.le32(0)
            directory.le32(bigOffset ? 0xFFFF_FFFF : entry.offset)
            directory.append(contentsOf: entry.name)
            directory.append(extra)
        }
        let directoryOffset = offset
        var end = Data()
        // Zip64 end record and locator, then the classic end record.
        end.le32(0x0606_4b50); end.le64(44); end.le16(0x031e); end.le16(0x2d); end.le32(0); end.le32(0)
        end.le64(written.count); end.le64(written.count); end.le64(directory.count); end.le64(directoryOffset)
        end.le32(0x0706_4b50); end.le32(0); end.le64(directoryOffset + directory.count); end.le32(1)
        end.le32(0x0605_4b50); end.le16(0); end.le16(0)
        end.le16(min(written.count, 0xFFFF)); end.le16(min(written.count, 0xFFFF))
        end.le32(min(directory.count, 0xFFFF_FFFF)); end.le32(min(directoryOffset, 0xFFFF_FFFF)); end.le16(0)
        try emit(directory)
        try emit(end)
        offset += directory.count + end.count
    }
}

/// The CRC-32 of zip entries (polynomial 0xEDB88320).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

extension Data {
    /// Zip's little-endian fields from an Int (callers pass values that fit).
    mutating func le16(_ value: Int) { appendLittleEndian(UInt16(truncatingIfNeeded: value)) }
    mutating func le32(_ value: Int) { appendLittleEndian(UInt32(truncatingIfNeeded: value)) }
    mutating func le64(_ value: Int) { appendLittleEndian(UInt64(truncatingIfNeeded: value)) }
}
