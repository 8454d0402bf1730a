import Foundation
import TestSupport
import XCTest
@testable import WeightIO

final class GGUFWriterTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testRoundTripOfEveryValueTypeAndTensorType() throws {
        var writer = GGUFWriter(alignment: 64)
        let values: [(String, GGUFValue)] = [
            ("general.architecture", .string("llama")), ("u8", .uint8(7)), ("i8", .int8(-7)), ("u16", .uint16(65535)),
            ("i16", .int16(-1234)), ("u32", .uint32(30)), ("i32", .int32(-5)), ("u64", .uint64(1 << 50)), ("i64", .int64(-(1 << 50))),
            ("f32", .float32(1e-5)), ("f64", .float64(100000)), ("flag", .bool(false)),
            ("tokens", .array(.string(["<|im_start|>", "Ġthe", "é", ""]))), ("scores", .array(.float32([0, -1.5]))),
            ("types", .array(.int32([1, 3, 6]))), ("nested", .array(.array([.uint8([1]), .array([.bool([true])])]))),
        ]
        for (key, value) in values { writer.set(key, value) }
        writer.addTensor("w", shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        writer.addTensor("h", shape: [4], halfFloats: [0.5, -1, 65504, 0.1])
        var q8 = Data([0x00, 0x38])  // d = 0.5
        q8.append(contentsOf: (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) })
        writer.addTensor("q", type: .q8_0, dims: [32], bytes: q8)
        let url = folder.appendingPathComponent("written.gguf")
        try writer.write(to: url)

        let gguf = try GGUFFile(url: url)
        XCTAssertEqual(gguf.version, 3)
        XCTAssertEqual(gguf.alignment, 64)
        for (key, value) in values { XCTAssertEqual(gguf.value(key), value, key) }
        XCTAssertEqual(gguf.metadataKeys, values.map(\.0) + ["general.alignment"])
        XCTAssertEqual(try gguf.info("w").shape, [2, 3])
        XCTAssertEqual(try gguf.floats("w"), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try gguf.floats("h"), [0.5, -1, 65504, 0.0999755859375])
        XCTAssertEqual(try gguf.floats("q"), (0..<32).map { Float($0 - 16) * 0.5 })
        XCTAssertEqual(try gguf.info("q").offset % 64, 0)
    }

    func testMatchesTheIndependentTestEncoder() throws {
        var builder = GGUFBuilder()
        builder.addString("general.architecture", "llama")
        builder.addU32("llama.block_count", 2)
        builder.addF32("llama.rope.freq_base", 10000)
        var data: [UInt8] = []
        for value: Float in [1, 2, 3] { data.f32(value) }
        builder.tensors = [(name: "a", dims: [3], type: 0, data: data), (name: "b", dims: [3], type: 0, data: data)]
        var writer = GGUFWriter()
        writer.set("general.architecture", .string("llama"))
        writer.set("llama.block_count", .uint32(2))
        writer.set("llama.rope.freq_base", .float32(10000))
        writer.addTensor("a", shape: [3], floats: [1, 2, 3])
        writer.addTensor("b", shape: [3], floats: [1, 2, 3])
        XCTAssertEqual(Array(try writer.encode()), builder.build())
    }

    /// The demo file (written by llama.cpp's gguf-py) is reproduced byte for byte from what the reader exposes.
    func testDemoModelIsReproducedByteForByte() throws {
        guard let url = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf") else {
            throw XCTSkip("demo asset SmolLM2-135M-Instruct.Q4_1.gguf is missing; run `make assets`")
        }
        let gguf = try GGUFFile(url: url)
        var writer = GGUFWriter(alignment: gguf.alignment)
        for key in gguf.metadataKeys { if let value = gguf.value(key) { writer.set(key, value) } }
        for tensor in gguf.tensors { writer.addTensor(tensor.name, type: tensor.type, dims: tensor.dims, bytes: try gguf.rawBytes(tensor.name)) }
        let encoded = try writer.encode()
        let original = try Data(contentsOf: url)
        XCTAssertEqual(encoded.count, original.count)
        XCTAssertTrue(encoded == original, "re-encoded demo GGUF differs from the original")
    }

    func testWriterErrors() throws {
        var writer = GGUFWriter()
        writer.addTensor("w", type: .q8_0, dims: [31], bytes: Data(count: 34))
        assertWeightIOError(.shapeMismatch, mentions: ["'w'", "Q8_0"]) { try writer.encode() }
        var duplicate = GGUFWriter()
        duplicate.set("k", .bool(true)); duplicate.set("k", .bool(false))
        assertWeightIOError(.duplicateKey, mentions: ["'k'"]) { try duplicate.encode() }
        var twice = GGUFWriter()
        twice.addTensor("t", shape: [1], floats: [1]); twice.addTensor("t", shape: [1], floats: [2])
        assertWeightIOError(.duplicateTensor, mentions: ["'t'"]) { try twice.encode() }
        let odd = GGUFWriter(alignment: 48)
        assertWeightIOError(.invalidAlignment, mentions: ["48"]) { try odd.encode() }
    }
}
