import Foundation

/// A bounds-checked little-endian reader over a GGUF file's bytes. Every read checks the remaining length
/// first, so a truncated or hostile file produces a `WeightIOError`, never an out-of-bounds access.
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    private(set) var position: Int
    /// What is being read, for messages ("the value of 'general.name'").
    var context = "the header"

    init(bytes: UnsafeRawBufferPointer, file: String, position: Int = 0) {
        self.bytes = bytes
        self.file = file
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    func truncated(_ needed: Int) -> WeightIOError {
        WeightIOError(.truncatedHeader, file: file, tensor: nil,
                      "\(file) looks truncated: reading \(context) needs \(needed) bytes at offset \(position) but the file ends at \(bytes.count)",
                      help: "download the GGUF file again")
    }

    mutating func skip(_ count: Int) throws {
        guard count <= remaining else { throw truncated(count) }
        position += count
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw truncated(size) }
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
        position += size
        return value
    }

    mutating func readFloat() throws -> Float { Float(bitPattern: try read(UInt32.self)) }
    mutating func readDouble() throws -> Double { Double(bitPattern: try read(UInt64.self)) }

    /// A GGUF string: u64 length + UTF-8 bytes (no terminator).
    mutating func readString() throws -> String {
        let start = position
        let length = try read(UInt64.self)
        guard length <= UInt64(remaining) else {
            position = start
            throw WeightIOError(.stringTooLong, file: file,
                                "\(file) is corrupt: a string in \(context) at offset \(start) claims \(length) bytes but only \(remaining - 8) remain in the file",
                                help: "the file is truncated or damaged; download it again")
        }
        let count = Int(length)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw WeightIOError(.invalidString, file: file,
                                "\(file) is corrupt: a string in \(context) at offset \(start) is not valid UTF-8",
                                help: "download the GGUF file again")
        }
        position += count
        return string
    }

    /// Reads `count` fixed-size little-endian elements in bulk.
    mutating func readArray<T: FixedWidthInteger>(_: T.Type, count: Int) throws -> [T] {
        let size = MemoryLayout<T>.size
        guard count <= remaining / size else { throw truncated(count * size) }
        let start = position
        let source = bytes
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = T(littleEndian: source.loadUnaligned(fromByteOffset: start + i * size, as: T.self)) }
            initialized = count
        }
        position += count * size
        return values
    }
}
