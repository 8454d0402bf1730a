import Foundation
import XCTest
@testable import WeightIO

/// Corrupt and hostile safetensors files: each must give its own clear `WeightIOError` naming the file (and
/// tensor), never a crash or a huge allocation.
final class SafetensorsCorruptTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// `u64 length` + header text (+ padding) + data.
    func file(header: String, data: [UInt8], declaredLength: UInt64? = nil, name: String = "model.safetensors") throws -> URL {
        var bytes: [UInt8] = []
        let headerBytes = Array(header.utf8)
        bytes.u64(declaredLength ?? UInt64(headerBytes.count))
        bytes += headerBytes
        bytes += data
        return try writeFile(bytes, named: name, in: folder)
    }

    func entry(_ name: String, dtype: String = "F32", shape: String = "[2]", offsets: String) -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":\(offsets)}"
    }

    func testValidBaseFileOpens() throws {
        let url = try file(header: "{" + entry("a", offsets: "[0,8]") + "," + entry("b", offsets: "[8,16]") + "}", data: Array(repeating: 0, count: 16))
        XCTAssertEqual(try SafetensorsFile(url: url).tensorNames, ["a", "b"])
    }

    func testTruncationAtEveryByte() throws {
        let valid = try SafetensorsWriter.encode([SafetensorsTensor(name: "bert.embeddings.word_embeddings.weight", shape: [4, 2], floats: Array(repeating: 1, count: 8)),
                                                  SafetensorsTensor(name: "bias", shape: [3], floats: [1, 2, 3])])
        let headerEnd = 8 + Int(valid.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        for cut in 0..<valid.count {
            let url = try writeFile(Array(valid.prefix(cut)), named: "cut.safetensors", in: folder)
            if cut < headerEnd {
                assertWeightIOError(.truncatedHeader, mentions: ["cut.safetensors"], "cut at \(cut)") { try SafetensorsFile(url: url) }
            } else {
                // data cut: the first tensor that no longer fits is named, with what it needs and what is there
                assertWeightIOError(.truncatedData, mentions: ["cut.safetensors looks truncated", "has \(cut - headerEnd) bytes after its header", "download it again"],
                                    "cut at \(cut)") { try SafetensorsFile(url: url) }
            }
        }
        let url = try writeFile(Array(valid.prefix(headerEnd + 10)), named: "cut.safetensors", in: folder)
        assertWeightIOError(.truncatedData, mentions: ["tensor 'bert.embeddings.word_embeddings.weight' needs bytes 0..32 but the file has 10 bytes"]) {
            try SafetensorsFile(url: url)
        }
    }

    func testCorruptHeaderTable() throws {
        let zeros = [UInt8](repeating: 0, count: 16)
        let a = entry("a", offsets: "[0,8]")
        let cases: [(label: String, header: String, data: [UInt8], declared: UInt64?, kind: WeightIOError.Kind, mentions: [String])] = [
            ("absurd header length 2 GB", "{}", [], 2_147_483_648, .headerTooLarge, ["2147483648-byte header", "model.safetensors"]),
            ("header length u64 max", "{}", [], UInt64.max, .headerTooLarge, ["not a safetensors file"]),
            ("header longer than file", "{}", [], 1000, .truncatedHeader, ["needs 1000 bytes"]),
            ("empty header", "", [], nil, .invalidHeader, ["'{'"]),
            ("not starting with {", "[1,2]", [], nil, .invalidHeader, ["'{'"]),
            ("bad JSON: missing colon", "{\"a\" {}}", [], nil, .invalidJSON, ["not valid JSON", "expected ':'"]),
            ("bad JSON: trailing comma", "{" + a + ",}", zeros, nil, .invalidJSON, ["quoted key"]),
            ("bad JSON: unterminated", "{\"a\":{\"dtype\":\"F3", [], nil, .invalidJSON, ["unterminated string"]),
            ("bad JSON: garbage after", "{}x", [], nil, .invalidJSON, ["after the end"]),
            ("bad dtype", "{" + entry("a", dtype: "F33", offsets: "[0,8]") + "}", Array(zeros[0..<8]), nil, .unknownDType, ["'a'", "\"F33\""]),
            ("dtype not a string", "{\"a\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", [], nil, .invalidHeader, ["'a'", "dtype"]),
            ("negative shape", "{" + entry("a", shape: "[-2]", offsets: "[0,8]") + "}", Array(zeros[0..<8]), nil, .invalidShape, ["'a'"]),
            ("fractional shape", "{" + entry("a", shape: "[2.5]", offsets: "[0,8]") + "}", Array(zeros[0..<8]), nil, .invalidShape, ["'a'"]),
            ("overflowing shape", "{" + entry("a", shape: "[4294967296,4294967296,4294967296]", offsets: "[0,8]") + "}", [], nil, .invalidShape, ["overflow"]),
            ("shape/byte mismatch", "{" + entry("a", shape: "[3]", offsets: "[0,8]") + "}", Array(zeros[0..<8]), nil, .shapeMismatch,
             ["tensor 'a' has shape [3] of F32 (12 bytes) but its data_offsets [0, 8] span 8 bytes"]),
            ("begin after end", "{" + entry("a", shape: "[0]", offsets: "[8,0]") + "}", [], nil, .invalidOffsets, ["'a'", "begin is after its end"]),
            ("offsets missing", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", [], nil, .invalidOffsets, ["'a'", "data_offsets"]),
            ("offsets past the end", "{" + entry("a", offsets: "[8,16]") + "," + entry("b", offsets: "[0,8]") + "}", Array(zeros[0..<12]), nil, .truncatedData,
             ["tensor 'a' needs bytes 8..16 but the file has 12 bytes after its header"]),
            ("offsets absurdly large", "{" + entry("a", offsets: "[4611686018427387904,4611686018427387912]") + "}", [], nil, .offsetsOutOfBounds, ["'a'"]),
            ("overlapping offsets", "{" + entry("a", offsets: "[0,8]") + "," + entry("b", offsets: "[4,12]") + "}", Array(zeros[0..<12]), nil, .overlappingTensors,
             ["'a' (bytes 0..8) and 'b' (bytes 4..12) overlap"]),
            ("gap between tensors", "{" + entry("a", offsets: "[0,8]") + "," + entry("b", offsets: "[12,20]") + "}", zeros + [0, 0, 0, 0], nil, .gapBetweenTensors,
             ["4 unused bytes after 'a'"]),
            ("trailing bytes", "{" + a + "}", zeros, nil, .trailingBytes, ["8 bytes after its last tensor"]),
            ("duplicate tensor", "{" + a + "," + a + "}", Array(zeros[0..<8]), nil, .duplicateTensor, ["'a' twice"]),
            ("metadata not strings", "{\"__metadata__\":{\"format\":1}," + a + "}", Array(zeros[0..<8]), nil, .invalidHeader, ["__metadata__", "format"]),
            ("tensor entry not an object", "{\"a\":[1,2]}", [], nil, .invalidHeader, ["'a'", "an array"]),
            ("nesting bomb", "{\"a\":" + String(repeating: "[", count: 10_000) + "}", [], nil, .invalidJSON, ["nested"]),
        ]
        var seenKinds = Set<WeightIOError.Kind>()
        for testCase in cases {
            let url = try file(header: testCase.header, data: testCase.data, declaredLength: testCase.declared)
            assertWeightIOError(testCase.kind, mentions: ["model.safetensors"] + testCase.mentions, testCase.label) { try SafetensorsFile(url: url) }
            seenKinds.insert(testCase.kind)
        }
        XCTAssertGreaterThanOrEqual(seenKinds.count, 14)
    }

    func testInvalidUTF8InHeader() throws {
        var bytes: [UInt8] = []
        let header: [UInt8] = Array("{\"".utf8) + [0xFF, 0xFE] + Array("\":{}}".utf8)
        bytes.u64(UInt64(header.count))
        bytes += header
        let url = try writeFile(bytes, named: "bad.safetensors", in: folder)
        assertWeightIOError(.invalidJSON, mentions: ["bad.safetensors", "UTF-8"]) { try SafetensorsFile(url: url) }
    }

    func testDirectoryInsteadOfFile() throws {
        assertWeightIOError(.unreadableFile, mentions: ["folder"]) { try SafetensorsFile(url: folder) }
    }
}
