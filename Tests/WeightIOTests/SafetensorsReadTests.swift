import Foundation
import TestSupport
import XCTest
@testable import WeightIO

final class SafetensorsReadTests: XCTestCase {
    func testReadsPEFTAdapterFixture() throws {
        guard let url = Fixtures.path("tiny-bert/tiny-bert-lora/adapter_model.safetensors") else {
            throw XCTSkip("fixture tiny-bert/tiny-bert-lora is missing")
        }
        let file = try SafetensorsFile(url: url)
        XCTAssertEqual(file.metadata, ["format": "pt"])
        XCTAssertEqual(file.headerLength, 1280)  // peft.md §2.5: N = 1280
        let lora = "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight"
        let info = try file.info(lora)
        XCTAssertEqual(info.dtype, .f32)
        XCTAssertEqual(info.shape, [4, 32])
        XCTAssertEqual(info.dataOffsets, 0..<512)
        let classifier = try file.info("base_model.model.classifier.weight")
        XCTAssertEqual(classifier.shape, [3, 32])
        XCTAssertEqual(classifier.dataOffsets, 4108..<4492)
        let values = try file.floats(lora)
        XCTAssertEqual(values.count, 128)
        XCTAssertTrue(values.allSatisfy(\.isFinite))
        XCTAssertTrue(values.contains { $0 != 0 })
        // floats are the stored little-endian bytes, unchanged
        let raw = try file.rawBytes(lora)
        XCTAssertEqual(raw.count, 512)
        raw.withUnsafeBytes { bytes in
            for i in 0..<128 { XCTAssertEqual(bytes.loadUnaligned(fromByteOffset: 4 * i, as: Float.self).bitPattern, values[i].bitPattern) }
        }
    }

    func testReadsInt32AndUnsortedHeader() throws {
        guard let url = Fixtures.path("minilm/forward.safetensors") else { throw XCTSkip("fixture minilm/forward is missing") }
        let file = try SafetensorsFile(url: url)
        XCTAssertEqual(file.tensorNames, ["last_hidden_state", "pooler_output", "attention_mask", "input_ids"])
        XCTAssertTrue(file.metadata.isEmpty)
        let ids = try file.int32s("input_ids")
        XCTAssertEqual(ids.count, 4 * 48)
        XCTAssertEqual(ids.first, 101)  // [CLS]
        let mask = try file.int32s("attention_mask")
        XCTAssertTrue(mask.allSatisfy { $0 == 0 || $0 == 1 })
        XCTAssertEqual(try file.int64s("input_ids").map(Int32.init), ids)
        XCTAssertEqual(try file.floats("input_ids"), ids.map(Float.init))
        XCTAssertEqual(try file.info("last_hidden_state").shape, [4, 48, 384])
        assertWeightIOError(.unsupportedConversion, mentions: ["last_hidden_state", "F32"]) { try file.int32s("last_hidden_state") }
        assertWeightIOError(.tensorNotFound, mentions: ["forward.safetensors", "missing_name"]) { try file.floats("missing_name") }
    }

    func testConvertsEveryDType() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func bytes<T>(_ values: [T]) -> Data { values.withUnsafeBytes { Data($0) } }
        // F16: 1, -2, 0.5, 65504 (max), smallest subnormal 2^-24, -0
        let f16: [UInt16] = [0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x8000]
        // BF16: the upper half of the F32 bits
        let bf16Values: [Float] = [1, -3.5, 1e30, 0.15625]
        let bf16 = bf16Values.map { UInt16($0.bitPattern >> 16) }
        let tensors = [
            SafetensorsTensor(name: "f16", dtype: .f16, shape: [2, 3], bytes: bytes(f16)),
            SafetensorsTensor(name: "bf16", dtype: .bf16, shape: [4], bytes: bytes(bf16)),
            SafetensorsTensor(name: "f64", dtype: .f64, shape: [2], bytes: bytes([Double(0.25), -8])),
            SafetensorsTensor(name: "i64", shape: [3], int64s: [1, -2, 3_000_000_000]),
            SafetensorsTensor(name: "i32", shape: [2], int32s: [7, -9]),
            SafetensorsTensor(name: "u8", dtype: .u8, shape: [2], bytes: Data([0, 255])),
            SafetensorsTensor(name: "i8", dtype: .i8, shape: [2], bytes: Data([0x80, 0x7F])),
            SafetensorsTensor(name: "bool", dtype: .bool, shape: [2], bytes: Data([1, 0])),
            SafetensorsTensor(name: "f8e5m2", dtype: .f8e5m2, shape: [2], bytes: Data([0x3C, 0xC0])),
            SafetensorsTensor(name: "f8e4m3", dtype: .f8e4m3, shape: [3], bytes: Data([0x38, 0xC0, 0x01])),
            SafetensorsTensor(name: "scalar", shape: [], floats: [42]),
            SafetensorsTensor(name: "empty", shape: [0, 5], floats: []),
        ]
        let url = folder.appendingPathComponent("all.safetensors")
        try SafetensorsWriter.write(tensors, to: url)
        let file = try SafetensorsFile(url: url)
        XCTAssertEqual(try file.floats("f16"), [1, -2, 0.5, 65504, Float(sign: .plus, exponent: -24, significand: 1), -0.0])
        XCTAssertEqual(try file.floats("f16")[5].sign, .minus)
        XCTAssertEqual(try file.floats("bf16"), bf16Values.map { Float(bitPattern: $0.bitPattern & 0xFFFF_0000) })
        XCTAssertEqual(try file.floats("f64"), [0.25, -8])
        XCTAssertEqual(try file.int64s("i64"), [1, -2, 3_000_000_000])
        assertWeightIOError(.valueOutOfRange, mentions: ["i64", "3000000000", "Int32"]) { try file.int32s("i64") }
        XCTAssertEqual(try file.int32s("i32"), [7, -9])
        XCTAssertEqual(try file.int32s("u8"), [0, 255])
        XCTAssertEqual(try file.int32s("i8"), [-128, 127])
        XCTAssertEqual(try file.int32s("bool"), [1, 0])
        XCTAssertEqual(try file.floats("f8e5m2"), [1, -2])
        XCTAssertEqual(try file.floats("f8e4m3"), [1, -2, Float(sign: .plus, exponent: -9, significand: 1)])
        XCTAssertEqual(try file.floats("scalar"), [42])
        XCTAssertEqual(try file.info("scalar").shape, [])
        XCTAssertEqual(try file.floats("empty"), [])

        var target = [Float](repeating: 0, count: 4)
        try target.withUnsafeMutableBufferPointer { try file.floats("bf16", into: $0) }
        XCTAssertEqual(target, try file.floats("bf16"))
        assertWeightIOError(.invalidArgument, mentions: ["'f16'", "6 elements", "holds 4"]) {
            try target.withUnsafeMutableBufferPointer { try file.floats("f16", into: $0) }
        }
    }

    func testHalfConversionMatchesFloat16ForEveryPattern() {
        #if !(os(macOS) && arch(x86_64))
        for bits in 0..<65536 {
            let mine = FloatConversion.halfToFloat(UInt16(bits))
            let reference = Float(Float16(bitPattern: UInt16(bits)))
            if reference.isNaN { XCTAssertTrue(mine.isNaN); continue }
            XCTAssertEqual(mine.bitPattern, reference.bitPattern, "F16 pattern \(bits)")
        }
        #endif
    }

    func testFloatToHalfAndBFloatRoundToNearestEven() throws {
        var state: UInt32 = 12345
        var samples: [Float] = [0, -0.0, 1, -2, 65504, 65520, 65519.99, 1e-8, 6e-8, 5.96e-8, 2.98e-8, 2.99e-8, 1e-5, .infinity, -.infinity,
                                Float(sign: .plus, exponent: -24, significand: 1), 0.1, 1.0009765625, 1.00048828125, 1.00146484375]
        for _ in 0..<200_000 {
            state = state &* 1664525 &+ 1013904223
            samples.append(Float(bitPattern: state))
        }
        #if !(os(macOS) && arch(x86_64))
        for value in samples {
            let mine = FloatConversion.floatToHalf(value)
            let reference = Float16(value)
            if reference.isNaN { XCTAssertTrue(FloatConversion.halfToFloat(mine).isNaN); continue }
            XCTAssertEqual(mine, reference.bitPattern, "\(value)")
        }
        #endif
        // BF16: exact cases and a tie rounding to even
        XCTAssertEqual(FloatConversion.floatToBFloat(1), 0x3F80)
        XCTAssertEqual(FloatConversion.floatToBFloat(Float(bitPattern: 0x3F80_8000)), 0x3F80)  // tie, even stays
        XCTAssertEqual(FloatConversion.floatToBFloat(Float(bitPattern: 0x3F81_8000)), 0x3F82)  // tie, odd rounds up
        XCTAssertEqual(FloatConversion.floatToBFloat(Float(bitPattern: 0x3F80_8001)), 0x3F81)
        XCTAssertTrue(FloatConversion.bfloat(FloatConversion.floatToBFloat(.nan)).isNaN)

        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("half.safetensors")
        let values: [Float] = [1, -2.5, 0.1, 3e38]
        try SafetensorsWriter.write([try SafetensorsTensor(name: "h", shape: [4], floats: values, storedAs: .f16),
                                     try SafetensorsTensor(name: "b", shape: [4], floats: values, storedAs: .bf16)], to: url)
        let file = try SafetensorsFile(url: url)
        XCTAssertEqual(try file.info("h").dtype, .f16)
        XCTAssertEqual(try file.floats("h"), [1, -2.5, 0.0999755859375, .infinity])
        XCTAssertEqual(try file.floats("b"), [1, -2.5, 0.10009765625, Float(bitPattern: 0x7F62_0000)])
        assertWeightIOError(.unsupportedConversion, mentions: ["'x'", "I32"]) { try SafetensorsTensor(name: "x", shape: [1], floats: [1], storedAs: .i32) }
    }

    func testLargeF16TensorConvertsInParallelCorrectly() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 1_000_003
        let bits = (0..<count).map { UInt16(truncatingIfNeeded: $0 &* 2654435761 >> 7) & 0x7BFF }
        let url = folder.appendingPathComponent("big.safetensors")
        try SafetensorsWriter.write([SafetensorsTensor(name: "w", dtype: .f16, shape: [count], bytes: bits.withUnsafeBytes { Data($0) })], to: url)
        let values = try SafetensorsFile(url: url).floats("w")
        XCTAssertEqual(values.count, count)
        for i in stride(from: 0, to: count, by: 997) { XCTAssertEqual(values[i], FloatConversion.halfToFloat(bits[i])) }
        XCTAssertEqual(values[count - 1], FloatConversion.halfToFloat(bits[count - 1]))
    }

    func testShardedCheckpoint() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SafetensorsWriter.write([SafetensorsTensor(name: "a.weight", shape: [2], floats: [1, 2]),
                                     SafetensorsTensor(name: "b.weight", shape: [1], floats: [3])],
                                    to: folder.appendingPathComponent("model-00001-of-00002.safetensors"))
        try SafetensorsWriter.write([SafetensorsTensor(name: "c.weight", shape: [2, 2], floats: [4, 5, 6, 7])],
                                    to: folder.appendingPathComponent("model-00002-of-00002.safetensors"))
        let index = """
        {"metadata": {"total_size": 28}, "weight_map": {"a.weight": "model-00001-of-00002.safetensors",
         "b.weight": "model-00001-of-00002.safetensors", "c.weight": "model-00002-of-00002.safetensors"}}
        """
        try Data(index.utf8).write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        let checkpoint = try SafetensorsCheckpoint(url: folder)
        XCTAssertEqual(checkpoint.files.count, 2)
        XCTAssertEqual(Set(checkpoint.tensorNames), ["a.weight", "b.weight", "c.weight"])
        XCTAssertEqual(try checkpoint.floats("c.weight"), [4, 5, 6, 7])
        XCTAssertEqual(try checkpoint.info("c.weight").shape, [2, 2])
        XCTAssertEqual(try checkpoint.floats("b.weight"), [3])
        assertWeightIOError(.tensorNotFound, mentions: ["d.weight"]) { try checkpoint.floats("d.weight") }

        // A missing shard and a tensor the shard lacks are reported by name.
        let broken = index.replacingOccurrences(of: "model-00002-of-00002", with: "model-00003-of-00003")
        try Data(broken.utf8).write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        assertWeightIOError(.missingShard, mentions: ["c.weight", "model-00003-of-00003.safetensors"]) { try SafetensorsCheckpoint(url: folder) }
        let wrong = index.replacingOccurrences(of: "\"c.weight\": \"model-00002", with: "\"c.weight\": \"model-00001")
        try Data(wrong.utf8).write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        assertWeightIOError(.invalidIndex, mentions: ["c.weight"]) { try SafetensorsCheckpoint(url: folder) }
        try Data("{\"weight_map\": 3}".utf8).write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        assertWeightIOError(.invalidIndex, mentions: ["weight_map"]) { try SafetensorsCheckpoint(url: folder) }
    }

    func testSingleFileCheckpointAndFolderResolution() throws {
        guard let folder = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("fixture tiny-bert-base is missing") }
        let checkpoint = try SafetensorsCheckpoint(url: folder)
        XCTAssertEqual(checkpoint.url.lastPathComponent, "model.safetensors")
        XCTAssertEqual(try checkpoint.info("bert.embeddings.word_embeddings.weight").shape, [100, 32])
        XCTAssertEqual(checkpoint.metadata, ["format": "pt"])
        if let adapter = Fixtures.path("tiny-bert/tiny-bert-lora") {
            let lora = try SafetensorsCheckpoint(url: adapter)
            XCTAssertEqual(lora.url.lastPathComponent, "adapter_model.safetensors")
            XCTAssertEqual(lora.tensorNames.count, 10)
        }
        let empty = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        assertWeightIOError(.fileNotFound, mentions: ["model.safetensors"]) { try SafetensorsCheckpoint(url: empty) }
        assertWeightIOError(.fileNotFound, mentions: ["nope.safetensors"]) { try SafetensorsFile(url: empty.appendingPathComponent("nope.safetensors")) }
    }

    func testMiniLMDemoCheckpoint() throws {
        guard let url = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2/model.safetensors") else {
            throw XCTSkip("demo asset all-MiniLM-L6-v2 is missing; run `make assets`")
        }
        let start = Date()
        let file = try SafetensorsFile(url: url)
        var total = 0
        for name in file.tensorNames where file.tensors.first(where: { $0.name == name })?.dtype.isFloatingPoint == true {
            total += try file.floats(name).count
        }
        let seconds = Date().timeIntervalSince(start)
        print("MiniLM safetensors: \(file.tensors.count) tensors, \(total) floats loaded in \(String(format: "%.3f", seconds)) s")
        XCTAssertEqual(try file.info("embeddings.word_embeddings.weight").shape, [30522, 384])
        XCTAssertEqual(try file.int64s("embeddings.position_ids").prefix(3), [0, 1, 2])
        XCTAssertGreaterThan(total, 22_000_000)
    }
}
