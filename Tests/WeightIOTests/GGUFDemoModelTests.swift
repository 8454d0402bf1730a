import Foundation
import TestSupport
import XCTest
@testable import WeightIO

/// The demo SmolLM2-135M-Instruct Q4_1 GGUF (skipped loudly when the setup has not fetched it).
final class GGUFDemoModelTests: XCTestCase {
    func openDemo() throws -> GGUFFile {
        guard let url = Fixtures.demoAsset("models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf") else {
            throw XCTSkip("demo asset SmolLM2-135M-Instruct.Q4_1.gguf is missing; run `make assets`")
        }
        return try GGUFFile(url: url)
    }

    /// Finite check over large arrays that stays quick in debug builds.
    func allFinite(_ values: [Float]) -> Bool {
        values.withUnsafeBufferPointer { buffer in
            var sum: Float = 0
            for value in buffer { sum += value * 0 }  // NaN or infinity anywhere makes the sum NaN
            return !sum.isNaN
        }
    }

    func testArchitectureMetadata() throws {
        let gguf = try openDemo()
        XCTAssertEqual(gguf.architecture, "llama")
        XCTAssertEqual(try gguf.int("llama.block_count"), 30)
        XCTAssertEqual(try gguf.int("llama.embedding_length"), 576)
        XCTAssertEqual(try gguf.int("llama.feed_forward_length"), 1536)
        XCTAssertEqual(try gguf.int("llama.attention.head_count"), 9)
        XCTAssertEqual(try gguf.int("llama.attention.head_count_kv"), 3)
        XCTAssertEqual(try gguf.float("llama.rope.freq_base"), 100000)
        XCTAssertEqual(try gguf.float("llama.attention.layer_norm_rms_epsilon"), 1e-5, accuracy: 1e-9)
        XCTAssertEqual(try gguf.string("tokenizer.ggml.model"), "gpt2")
        let tokens = try gguf.stringArray("tokenizer.ggml.tokens")
        XCTAssertEqual(tokens.count, 49152)
        XCTAssertEqual(try gguf.intArray("tokenizer.ggml.token_type").count, 49152)
        XCTAssertGreaterThan(try gguf.stringArray("tokenizer.ggml.merges").count, 40000)
        XCTAssertTrue(try gguf.string("tokenizer.chat_template").contains("<|im_start|>"))

        var typeCounts: [GGMLType: Int] = [:]
        for tensor in gguf.tensors { typeCounts[tensor.type, default: 0] += 1 }
        XCTAssertEqual(typeCounts[.q4_1], 210)
        XCTAssertEqual(typeCounts[.q8_0], 1)
        XCTAssertEqual(gguf.tensors.count, 210 + 1 + (typeCounts[.f32] ?? 0))
        let embedding = try gguf.info("token_embd.weight")
        XCTAssertEqual(embedding.type, .q8_0)
        XCTAssertEqual(embedding.dims, [576, 49152])
        XCTAssertEqual(embedding.shape, [49152, 576])
        XCTAssertEqual(try gguf.info("blk.0.attn_k.weight").shape, [192, 576])   // 3 KV heads × 64
        XCTAssertEqual(try gguf.info("blk.0.ffn_gate.weight").shape, [1536, 576])
        XCTAssertEqual(try gguf.info("output_norm.weight").type, .f32)
    }

    func testDequantizesEmbeddingAndAQ4_1Tensor() throws {
        let gguf = try openDemo()
        // token_embd (Q8_0): every block of 32 is an int8 multiple of its scale: at most 256 distinct values,
        // and the row API agrees with the full dequantization.
        let embedding = try gguf.floats("token_embd.weight")
        XCTAssertEqual(embedding.count, 49152 * 576)
        XCTAssertTrue(allFinite(embedding))
        let rms = (embedding.prefix(576 * 1000).reduce(0) { $0 + Double($1 * $1) } / Double(576 * 1000)).squareRoot()
        XCTAssertGreaterThan(rms, 1e-3)
        XCTAssertLessThan(rms, 10)
        let quantized = try gguf.quantizedTensor("token_embd.weight")
        var row = [Float](repeating: 0, count: 576)
        for token in [0, 1, 2, 1000, 49151] {
            try row.withUnsafeMutableBufferPointer { try quantized.dequantizeRow(token, into: $0.baseAddress!) }
            XCTAssertEqual(row, Array(embedding[(token * 576)..<((token + 1) * 576)]))
        }
        try gguf.withRawBytes("token_embd.weight") { bytes in
            // the first block: f16 scale then 32 int8; element 5 = q[5] * d
            let d = FloatConversion.halfToFloat(UInt16(bytes[0]) | UInt16(bytes[1]) << 8)
            XCTAssertEqual(embedding[5], Float(Int8(bitPattern: bytes[2 + 5])) * d)
        }

        // A Q4_1 tensor: each block of 32 holds at most 16 values, equally spaced by d (q * d + m).
        let q = try gguf.floats("blk.0.attn_q.weight")
        XCTAssertEqual(q.count, 576 * 576)
        XCTAssertTrue(allFinite(q))
        try gguf.withRawBytes("blk.0.attn_q.weight") { bytes in
            for block in stride(from: 0, to: 576 * 576 / 32, by: 97) {
                let base = block * 20
                let d = FloatConversion.halfToFloat(UInt16(bytes[base]) | UInt16(bytes[base + 1]) << 8)
                let m = FloatConversion.halfToFloat(UInt16(bytes[base + 2]) | UInt16(bytes[base + 3]) << 8)
                let values = q[(block * 32)..<(block * 32 + 32)]
                XCTAssertLessThanOrEqual(Set(values).count, 16)
                XCTAssertGreaterThanOrEqual(values.min() ?? .nan, m)
                XCTAssertLessThanOrEqual(values.max() ?? .nan, 15 * d + m + abs(m) * 1e-6)
                for value in values {
                    let level = ((value - m) / d).rounded()
                    XCTAssertTrue(level >= 0 && level <= 15)
                    XCTAssertEqual(level * d + m, value)
                }
            }
        }
        // Undoing the Q permutation keeps every row's content (a row reorder within each head).
        let undone = try undoLlamaQKPermutation(q, rows: 576, columns: 576, heads: 9)
        XCTAssertEqual(undone.sorted(), q.sorted())
        XCTAssertEqual(Array(undone[(1 * 576)..<(2 * 576)]), Array(q[(2 * 576)..<(3 * 576)]))  // HF row 1 = GGUF row 2
    }

    /// Not a timed assertion: prints how long a full dequantization of the model takes (see docs/weight-formats.md).
    func testFullDequantizationTiming() throws {
        let start = Date()
        let gguf = try openDemo()
        let opened = Date().timeIntervalSince(start)
        var floats = 0
        var stored = 0
        for tensor in gguf.tensors {
            let values = try gguf.floats(tensor.name)
            floats += values.count
            stored += tensor.byteCount
            XCTAssertEqual(values.count, tensor.elementCount)
        }
        let total = Date().timeIntervalSince(start)
        print(String(format: "SmolLM2 Q4_1 GGUF: open+metadata %.3f s, full dequantization of %d tensors (%d floats, %.1f MB stored -> %.1f MB as Float32) %.3f s",
                     opened, gguf.tensors.count, floats, Double(stored) / 1e6, Double(floats * 4) / 1e6, total))
        XCTAssertEqual(floats, 134_515_008)

        // Row dequantization into one reused buffer (what a model keeping weights quantized does per use).
        for name in ["blk.0.ffn_up.weight", "token_embd.weight"] {
            let tensor = try gguf.quantizedTensor(name)
            var buffer = [Float](repeating: 0, count: tensor.columns)
            let rowCount = min(tensor.rows, 4096)
            #if DEBUG
            let repeats = 1  // timing is only meaningful in release builds
            #else
            let repeats = 20
            #endif
            let rowStart = Date()
            var checksum: Float = 0
            try buffer.withUnsafeMutableBufferPointer { out in
                for _ in 0..<repeats {
                    for row in 0..<rowCount { try tensor.dequantizeRow(row, into: out.baseAddress!) }
                    checksum += out[0]
                }
            }
            let seconds = Date().timeIntervalSince(rowStart)
            let perSecond = Double(repeats * rowCount * tensor.columns) / seconds
            print(String(format: "%@ (%@): dequantizeRow %.0f M floats/s on one core (%.1f ns per %d-float row)",
                         name, tensor.type.name, perSecond / 1e6, seconds / Double(repeats * rowCount) * 1e9, tensor.columns))
            XCTAssertTrue(checksum.isFinite)
        }
    }
}
