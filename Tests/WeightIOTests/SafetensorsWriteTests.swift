import Foundation
import TestSupport
import XCTest
@testable import WeightIO

final class SafetensorsWriteTests: XCTestCase {
    /// The byte vectors of safetensors-rs's own serializer tests (tensor.rs `test_serialization`, `test_empty`,
    /// `test_serialization_forced_alignement`).
    func testMatchesSafetensorsRsTestVectors() throws {
        let values: [Float] = [0, 1, 2, 3, 4, 5]
        let one = try SafetensorsWriter.encode([SafetensorsTensor(name: "attn.0", shape: [1, 2, 3], floats: values)], metadata: nil)
        let expectedOne: [UInt8] = [
            64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
            116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
            58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
            101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
            0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
        ]
        XCTAssertEqual(Array(one), expectedOne)

        XCTAssertEqual(Array(try SafetensorsWriter.encode([], metadata: nil)), [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32])
        let withMetadata = try SafetensorsWriter.encode([], metadata: ["framework": "pt"])
        XCTAssertEqual(Array(withMetadata), [
            40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
            95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
            116, 34, 125, 125, 32, 32, 32, 32, 32,
        ])

        let padded = try SafetensorsWriter.encode([SafetensorsTensor(name: "attn0", shape: [1, 1, 2, 3], floats: values)], metadata: nil)
        XCTAssertEqual(Array(padded.prefix(8)), [72, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(String(decoding: padded[8..<80], as: UTF8.self),
                       "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ")
    }

    /// Every safetensors file of the shared fixtures (written by PyTorch/PEFT through safetensors-rs) comes back
    /// byte for byte after read → write.
    func testRoundTripReproducesFixtureFilesByteForByte() throws {
        let root = Fixtures.root
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw XCTSkip("SKIPPED: fixtures folder \(root.path) is missing")
        }
        var checked = 0
        for case let url as URL in enumerator where url.pathExtension == "safetensors" {
            let original = try Data(contentsOf: url)
            let file = try SafetensorsFile(url: url)
            let tensors = try file.tensors.map {
                SafetensorsTensor(name: $0.name, dtype: $0.dtype, shape: $0.shape, bytes: try file.rawBytes($0.name))
            }
            let rewritten = try SafetensorsWriter.encode(tensors, metadata: file.metadata.isEmpty ? nil : file.metadata)
            XCTAssertEqual(rewritten.count, original.count, url.path)
            XCTAssertTrue(rewritten == original, "\(url.path) is not reproduced byte for byte")
            checked += 1
        }
        if checked == 0 { throw XCTSkip("SKIPPED: no fixture safetensors files under \(root.path)") }
        XCTAssertGreaterThanOrEqual(checked, 10)
    }

    func testMiniLMHeaderIsReproduced() throws {
        guard let url = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2/model.safetensors") else {
            throw XCTSkip("demo asset all-MiniLM-L6-v2 is missing; run `make assets`")
        }
        let file = try SafetensorsFile(url: url)
        // Header only: zero-filled data of the right sizes gives the same header.
        let tensors = file.tensors.map { SafetensorsTensor(name: $0.name, dtype: $0.dtype, shape: $0.shape, bytes: Data(count: $0.byteCount)) }
        let (header, _) = try SafetensorsWriter.encodeHeader(tensors, metadata: file.metadata, file: "x")
        let original = try FileHandle(forReadingFrom: url).readData(ofLength: header.count)
        XCTAssertEqual(header, original)
    }

    func testRoundTripOfValuesAndAwkwardNames() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("adapter_model.safetensors")
        let names = ["plain.weight", "quote\"and\\slash", "tab\tnew\nline", "unicodé✓", "\u{01}control"]
        let tensors = names.enumerated().map { SafetensorsTensor(name: $1, shape: [2], floats: [Float($0), -Float($0) / 3]) }
            + [SafetensorsTensor(name: "ids", shape: [3], int32s: [1, 2, 3]), SafetensorsTensor(name: "big", shape: [1], int64s: [Int64.max])]
        try SafetensorsWriter.write(tensors, metadata: ["format": "pt", "note": "é\"x"], to: url)
        let file = try SafetensorsFile(url: url)
        XCTAssertEqual(file.metadata, ["format": "pt", "note": "é\"x"])
        for (i, name) in names.enumerated() { XCTAssertEqual(try file.floats(name), [Float(i), -Float(i) / 3]) }
        XCTAssertEqual(try file.int32s("ids"), [1, 2, 3])
        XCTAssertEqual(try file.int64s("big"), [Int64.max])
        // storage order: I64 first, then F32 and I32 by safetensors-rs dtype rank (F32 > I32), then name
        XCTAssertEqual(file.tensorNames.first, "big")
        XCTAssertEqual(file.tensorNames.last, "ids")
        XCTAssertEqual((8 + file.headerLength) % 8, 0)
        let raw = try Data(contentsOf: url)
        XCTAssertEqual(String(decoding: raw[8..<39], as: UTF8.self), "{\"__metadata__\":{\"format\":\"pt\",")
    }

    func testWriteIsAtomicAndLeavesNoTemporaryFiles() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try SafetensorsWriter.write([SafetensorsTensor(name: "w", shape: [1], floats: [1])], to: url)
        try SafetensorsWriter.write([SafetensorsTensor(name: "w", shape: [2], floats: [2, 3])], to: url)
        XCTAssertEqual(try SafetensorsFile(url: url).floats("w"), [2, 3])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["model.safetensors"])

        // A failing write (shape/data mismatch) leaves the previous file intact.
        assertWeightIOError(.shapeMismatch, mentions: ["'w'", "[3]"]) {
            try SafetensorsWriter.write([SafetensorsTensor(name: "w", shape: [3], floats: [1])], to: url)
        }
        assertWeightIOError(.duplicateTensor, mentions: ["'w'"]) {
            try SafetensorsWriter.write([SafetensorsTensor(name: "w", shape: [1], floats: [1]),
                                         SafetensorsTensor(name: "w", shape: [1], floats: [2])], to: url)
        }
        assertWeightIOError(.invalidArgument, mentions: ["__metadata__"]) {
            try SafetensorsWriter.write([SafetensorsTensor(name: "__metadata__", shape: [1], floats: [1])], to: url)
        }
        XCTAssertEqual(try SafetensorsFile(url: url).floats("w"), [2, 3])
        assertWeightIOError(.writeFailed, mentions: ["no-such-folder"]) {
            try SafetensorsWriter.write([], to: folder.appendingPathComponent("no-such-folder/model.safetensors"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["model.safetensors"])
    }
}
