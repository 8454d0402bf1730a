import Foundation
import XCTest
@testable import WeightIO

final class GGUFReadTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A file with metadata of every value type, including arrays of strings and nested arrays.
    func richBuilder(version: UInt32 = 3) -> GGUFBuilder {
        var b = GGUFBuilder()
        b.version = version
        b.addString("general.architecture", "llama")
        b.add("u8", type: 0, [200])
        b.add("i8", type: 1, [0xFE])                        // -2
        var v: [UInt8] = []
        v.u16(60000); b.add("u16", type: 2, v)
        v = []; v.u16(UInt16(bitPattern: -300)); b.add("i16", type: 3, v)
        b.addU32("llama.block_count", 30)
        v = []; v.u32(UInt32(bitPattern: -70000)); b.add("i32", type: 5, v)
        b.addF32("llama.rope.freq_base", 100000)
        b.add("flag", type: 7, [1])
        v = []; v.u64(1 << 40); b.add("u64", type: 10, v)
        v = []; v.u64(UInt64(bitPattern: -5)); b.add("i64", type: 11, v)
        v = []; v.u64(Double(0.1).bitPattern); b.add("f64", type: 12, v)
        v = []; v.u32(8); v.u64(3); v.ggufString("<s>"); v.ggufString("é"); v.ggufString(""); b.add("tokens", type: 9, v)
        v = []; v.u32(5); v.u64(3); v.u32(UInt32(bitPattern: -1)); v.u32(0); v.u32(7); b.add("token_type", type: 9, v)
        v = []; v.u32(6); v.u64(2); v.f32(-1.5); v.f32(2.25); b.add("scores", type: 9, v)
        v = []; v.u32(9); v.u64(2)
        v.u32(0); v.u64(2); v += [1, 2]
        v.u32(8); v.u64(1); v.ggufString("x")
        b.add("nested", type: 9, v)
        v = []; v.u32(7); v.u64(2); v += [0, 1]; b.add("bools", type: 9, v)
        return b
    }

    func testMetadataOfEveryTypeAndTypedAccessors() throws {
        for version: UInt32 in [2, 3] {
            var b = richBuilder(version: version)
            var data: [UInt8] = []
            for value: Float in [1, 2, 3, 4, 5, 6] { data.f32(value) }
            b.tensors.append((name: "w", dims: [3, 2], type: 0, data: data))  // ne0 = 3 columns, ne1 = 2 rows
            let url = try writeFile(b.build(), named: "rich.gguf", in: folder)
            let gguf = try GGUFFile(url: url)
            XCTAssertEqual(gguf.version, version)
            XCTAssertEqual(gguf.architecture, "llama")
            XCTAssertEqual(gguf.metadataKeys.count, 17)
            XCTAssertEqual(gguf.value("u8"), .uint8(200))
            XCTAssertEqual(try gguf.int("u8"), 200)
            XCTAssertEqual(try gguf.int("i8"), -2)
            XCTAssertEqual(try gguf.int("u16"), 60000)
            XCTAssertEqual(try gguf.int("i16"), -300)
            XCTAssertEqual(try gguf.int("llama.block_count"), 30)
            XCTAssertEqual(try gguf.int("i32"), -70000)
            XCTAssertEqual(try gguf.float("llama.rope.freq_base"), 100000)
            XCTAssertEqual(try gguf.bool("flag"), true)
            XCTAssertEqual(try gguf.int("u64"), 1 << 40)
            XCTAssertEqual(try gguf.int("i64"), -5)
            XCTAssertEqual(try gguf.float("f64"), 0.1)
            XCTAssertEqual(try gguf.float("u8"), 200)
            XCTAssertEqual(try gguf.stringArray("tokens"), ["<s>", "é", ""])
            XCTAssertEqual(try gguf.intArray("token_type"), [-1, 0, 7])
            XCTAssertEqual(try gguf.floatArray("scores"), [-1.5, 2.25])
            XCTAssertEqual(try gguf.floatArray("token_type"), [-1, 0, 7])
            XCTAssertEqual(gguf.value("nested"), .array(.array([.uint8([1, 2]), .string(["x"])])))
            XCTAssertEqual(gguf.value("bools"), .array(.bool([false, true])))
            assertWeightIOError(.metadataKeyMissing, mentions: ["rich.gguf", "'llama.context_length'"]) { try gguf.int("llama.context_length") }
            assertWeightIOError(.metadataTypeMismatch, mentions: ["'general.architecture'", "integer"]) { try gguf.int("general.architecture") }
            assertWeightIOError(.metadataTypeMismatch, mentions: ["'scores'", "strings"]) { try gguf.stringArray("scores") }
            assertWeightIOError(.metadataTypeMismatch, mentions: ["'tokens'"]) { try gguf.floatArray("tokens") }

            let info = try gguf.info("w")
            XCTAssertEqual(info.dims, [3, 2])
            XCTAssertEqual(info.shape, [2, 3])
            XCTAssertEqual(info.rows, 2)
            XCTAssertEqual(info.columns, 3)
            XCTAssertEqual(info.type, .f32)
            XCTAssertEqual(try gguf.floats("w"), [1, 2, 3, 4, 5, 6])
            XCTAssertEqual(try gguf.rawBytes("w"), Data(data))
            XCTAssertEqual(gguf.dataStart % 32, 0)
        }
    }

    func testCustomAlignmentAndSeveralTensorTypes() throws {
        var b = GGUFBuilder()
        b.alignment = 64
        b.addU32("general.alignment", 64)
        var f16: [UInt8] = []
        for bits: UInt16 in [0x3C00, 0xC000, 0x3800, 0x0001] { f16.u16(bits) }
        var bf16: [UInt8] = []
        for value: Float in [1.5, -2, 1e20, 0] { bf16.u16(UInt16(value.bitPattern >> 16)) }
        var q8: [UInt8] = []
        q8.f16(.half)
        for j in 0..<32 { q8.u8(UInt8(bitPattern: Int8(j - 16))) }
        b.tensors = [(name: "f16", dims: [4], type: 1, data: f16), (name: "bf16", dims: [2, 2], type: 30, data: bf16),
                     (name: "q8", dims: [32], type: 8, data: q8)]
        let gguf = try GGUFFile(url: try writeFile(b.build(), named: "aligned.gguf", in: folder))
        XCTAssertEqual(gguf.alignment, 64)
        XCTAssertEqual(gguf.dataStart % 64, 0)
        XCTAssertEqual(try gguf.info("bf16").offset, 64)
        XCTAssertEqual(try gguf.info("q8").offset, 128)
        XCTAssertEqual(try gguf.floats("f16"), [1, -2, 0.5, Float(sign: .plus, exponent: -24, significand: 1)])
        XCTAssertEqual(try gguf.floats("bf16"), [1.5, -2, Float(bitPattern: Float(1e20).bitPattern & 0xFFFF_0000), 0])
        XCTAssertEqual(try gguf.floats("q8"), (0..<32).map { Float($0 - 16) * 0.5 })
        XCTAssertEqual(try gguf.info("q8").byteCount, 34)
    }

    func testQuantizedRowsAndLlamaPermutationView() throws {
        // A Q8_0 matrix of 8 rows × 32 columns; row r holds d = 1 and quants r*10 + j%4.
        var b = GGUFBuilder()
        var data: [UInt8] = []
        for r in 0..<8 {
            data.f16(.one)
            for j in 0..<32 { data.u8(UInt8(r * 10 + j % 4)) }
        }
        b.tensors = [(name: "blk.0.attn_q.weight", dims: [32, 8], type: 8, data: data)]
        let gguf = try GGUFFile(url: try writeFile(b.build(), named: "q.gguf", in: folder))
        let tensor = try gguf.quantizedTensor("blk.0.attn_q.weight")
        XCTAssertEqual(tensor.rows, 8)
        XCTAssertEqual(tensor.columns, 32)
        XCTAssertEqual(tensor.rowByteCount, 34)
        let all = try gguf.floats("blk.0.attn_q.weight")
        var row = [Float](repeating: .nan, count: 32)
        for r in 0..<8 {
            try row.withUnsafeMutableBufferPointer { try tensor.dequantizeRow(r, into: $0.baseAddress!) }
            XCTAssertEqual(row, Array(all[(r * 32)..<(r * 32 + 32)]))
            XCTAssertEqual(row[1], Float(r * 10 + 1))
        }
        assertWeightIOError(.invalidArgument, mentions: ["row 8", "8 rows"]) {
            try row.withUnsafeMutableBufferPointer { try tensor.dequantizeRow(8, into: $0.baseAddress!) }
        }
        // The permutation-undoing view equals undoing the permutation on the dequantized matrix.
        let view = try tensor.undoingLlamaQKPermutation(heads: 2)
        let expected = try undoLlamaQKPermutation(all, rows: 8, columns: 32, heads: 2)
        var rows = [Float](repeating: 0, count: 8 * 32)
        try rows.withUnsafeMutableBufferPointer { try view.dequantizeRows(0..<8, into: $0.baseAddress!) }
        XCTAssertEqual(rows, expected)
        XCTAssertEqual(view.dequantizeAll(), expected)
        var reused = [Float](repeating: 0, count: 8 * 32)
        try reused.withUnsafeMutableBufferPointer { try view.dequantizeAll(into: $0) }
        XCTAssertEqual(reused, expected)
        var wrongSize = [Float](repeating: 0, count: 7)
        assertWeightIOError(.invalidArgument, mentions: ["holds 7"]) { try wrongSize.withUnsafeMutableBufferPointer { try view.dequantizeAll(into: $0) } }
        try view.withRowBytes(1) { bytes in XCTAssertEqual(bytes[2], 20) }  // HF row 1 is stored row 2
    }

    func testUnsupportedTypeIsAClearError() throws {
        var b = GGUFBuilder()
        b.tensors = [(name: "iq", dims: [256], type: 16, data: [UInt8](repeating: 0, count: 66))]  // IQ2_XXS
        let gguf = try GGUFFile(url: try writeFile(b.build(), named: "iq.gguf", in: folder))
        XCTAssertEqual(try gguf.info("iq").type, .iq2_xxs)
        assertWeightIOError(.unsupportedConversion, mentions: ["'iq'", "IQ2_XXS"]) { try gguf.floats("iq") }
        assertWeightIOError(.tensorNotFound, mentions: ["'nope'"]) { try gguf.floats("nope") }
    }
}
