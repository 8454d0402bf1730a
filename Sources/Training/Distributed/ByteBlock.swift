/// The little-endian byte blocks ranks exchange: a writer that appends fixed-width numbers, float
/// arrays and strings, and a reader that takes them back in the same order (a malformed block is an
/// error, never a trap).
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) { append(UInt64(bitPattern: Int64(truncatingIfNeeded: value))) }
    mutating func double(_ value: Double) { append(value.bitPattern) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
    /// `values` as raw float32 bits (count first).
    mutating func floats(_ values: UnsafeBufferPointer<Float>) {
        int(values.count)
        bytes.reserveCapacity(bytes.count + values.count * 4)
        values.withMemoryRebound(to: UInt8.self) { bytes.append(contentsOf: UnsafeRawBufferPointer($0)) }
    }
    mutating func floats(_ values: [Float]) { values.withUnsafeBufferPointer { floats($0) } }
    mutating func doubles(_ values: [Double]) {
        int(values.count)
        for value in values { double(value) }
    }
    mutating func raw(_ values: [UInt8]) { bytes.append(contentsOf: values) }
    mutating func ints(_ values: [Int]) {
        int(values.count)
        for value in values { int(value) }
    }

    private mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else {
            throw TrainingError(.runtimeError, "a rank sent a malformed block (\(bytes.count) bytes, wanted \(count) more at \(offset))",
                                help: "every rank must run the same lorarepl version and the same script")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    private mutating func word() throws -> UInt64 {
        try take(8).enumerated().reduce(UInt64.zero) { $0 | (UInt64(truncatingIfNeeded: $1.element) << (8 * UInt64(truncatingIfNeeded: $1.offset))) }
    }

    mutating func int() throws -> Int { Int(truncatingIfNeeded: Int64(bitPattern: try word())) }
    mutating func double() throws -> Double { Double(bitPattern: try word()) }
    mutating func bool() throws -> Bool { try take(1).first == 1 }
    mutating func string() throws -> String { String(decoding: try take(try int()), as: UTF8.self) }
    mutating func floats() throws -> [Float] {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / 4 else { _ = try take(-1); return [] }
        let raw = try take(count * 4)
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBytes { target in raw.withUnsafeBytes { target.copyMemory(from: $0) } }
        return out
    }
    mutating func doubles() throws -> [Double] {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / 8 else { _ = try take(-1); return [] }
        return try (0..<count).map { _ in try double() }
    }
    mutating func ints() throws -> [Int] {
        let count = try int()
        guard count >= 0, count <= (bytes.count - offset) / 8 else { _ = try take(-1); return [] }
        return try (0..<count).map { _ in try int() }
    }
}
