import Foundation
import XCTest
@testable import WeightIO

/// A fresh temporary folder per test, removed at the end.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("weightio-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `bytes` to `folder/name` and returns the URL.
func writeFile(_ bytes: [UInt8], named name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
}

/// Asserts that `body` throws a `WeightIOError` of `kind` whose message mentions every string of `mentions`.
func assertWeightIOError<T>(_ kind: WeightIOError.Kind, mentions: [String] = [], _ label: String = "",
                            file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("\(label): expected \(kind) but nothing was thrown", file: file, line: line)
    } catch let error as WeightIOError {
        XCTAssertEqual(error.kind, kind, "\(label): wrong error: \(error)", file: file, line: line)
        for text in mentions {
            XCTAssertTrue(error.description.contains(text), "\(label): '\(error.description)' does not mention '\(text)'", file: file, line: line)
        }
    } catch {
        XCTFail("\(label): expected WeightIOError.\(kind) but got \(error)", file: file, line: line)
    }
}

/// Little-endian byte helpers for building files by hand.
extension Array where Element == UInt8 {
    mutating func u8(_ v: UInt8) { append(v) }
    mutating func u16(_ v: UInt16) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }
    mutating func f16(_ v: Float16Bits) { u16(v.bits) }
    mutating func ggufString(_ s: String) { u64(UInt64(s.utf8.count)); append(contentsOf: Array(s.utf8)) }
}

/// An F16 bit pattern written by hand (so tests state exactly which scale they use).
struct Float16Bits {
    let bits: UInt16
    /// Exact F16 encodings of a few values used in tests.
    static let one = Float16Bits(bits: 0x3C00)       // 1.0
    static let half = Float16Bits(bits: 0x3800)      // 0.5
    static let quarter = Float16Bits(bits: 0x3400)   // 0.25
    static let two = Float16Bits(bits: 0x4000)       // 2.0
    static let minusOne = Float16Bits(bits: 0xBC00)  // -1.0
    static let oneAndHalf = Float16Bits(bits: 0x3E00) // 1.5
    static let eighth = Float16Bits(bits: 0x3000)    // 0.125
}

/// Builds GGUF files byte by byte for tests.
struct GGUFBuilder {
    var version: UInt32 = 3
    var metadata: [(String, [UInt8])] = []  // key, (type id + encoded value)
    var tensors: [(name: String, dims: [UInt64], type: UInt32, data: [UInt8])] = []
    var alignment = 32

    mutating func add(_ key: String, type: UInt32, _ encoded: [UInt8]) {
        var bytes: [UInt8] = []
        bytes.u32(type)
        bytes += encoded
        metadata.append((key, bytes))
    }
    mutating func addString(_ key: String, _ value: String) {
        var v: [UInt8] = []; v.ggufString(value); add(key, type: 8, v)
    }
    mutating func addU32(_ key: String, _ value: UInt32) { var v: [UInt8] = []; v.u32(value); add(key, type: 4, v) }
    mutating func addF32(_ key: String, _ value: Float) { var v: [UInt8] = []; v.f32(value); add(key, type: 6, v) }

    /// The file, with tensor data laid out back to back at `alignment`.
    func build(offsetOverride: [String: UInt64] = [:]) -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        out.u32(version)
        out.u64(UInt64(tensors.count))
        out.u64(UInt64(metadata.count))
        for (key, value) in metadata { out.ggufString(key); out += value }
        var offset: UInt64 = 0
        var offsets: [UInt64] = []
        for tensor in tensors {
            offsets.append(offset)
            offset += UInt64(tensor.data.count)
            offset = (offset + UInt64(alignment) - 1) / UInt64(alignment) * UInt64(alignment)
        }
        for (i, tensor) in tensors.enumerated() {
            out.ggufString(tensor.name)
            out.u32(UInt32(tensor.dims.count))
            for d in tensor.dims { out.u64(d) }
            out.u32(tensor.type)
            out.u64(offsetOverride[tensor.name] ?? offsets[i])
        }
        while out.count % alignment != 0 { out.append(0) }
        for (i, tensor) in tensors.enumerated() {
            let start = out.count
            out += tensor.data
            if i + 1 < tensors.count {
                while (out.count - start) % alignment != 0 { out.append(0) }
            }
        }
        return out
    }
}
