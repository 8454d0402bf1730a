import Foundation
import XCTest
import TestSupport
import WeightIO

/// tiny-llama (the fixture's fp32 weights) written as a GGUF file the way llama.cpp's converter writes one:
/// llama.* metadata, Q/K rows permuted for ggml's RoPE, every matrix (embedding, projections, head) in
/// `type` blocks, norms in F32. The loader must undo all of it, kept quantized or dequantized to fp32.
enum TinyLlamaGGUF {
    /// Writes the file (once per variant and test run) and returns its URL. `tied`: no `output.weight`, so
    /// the head reads the (quantized) embedding table.
    static func write(_ type: GGMLType, tied: Bool = false) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lorarepl-qlora-\(ProcessInfo.processInfo.processIdentifier)-\(type.name)\(tied ? "-tied" : "").gguf")
        if FileManager.default.fileExists(atPath: url.path) { return url }
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base") else { throw XCTSkip("tiny-llama fixture missing") }
        let checkpoint = try SafetensorsCheckpoint(url: folder)
        var writer = GGUFWriter()
        writer.set("general.architecture", .string("llama"))
        writer.set("general.name", .string("tiny-llama"))
        writer.set("llama.block_count", .uint32(2))
        writer.set("llama.context_length", .uint32(128))
        writer.set("llama.embedding_length", .uint32(64))
        writer.set("llama.feed_forward_length", .uint32(128))
        writer.set("llama.attention.head_count", .uint32(4))
        writer.set("llama.attention.head_count_kv", .uint32(2))
        writer.set("llama.rope.freq_base", .float32(10000))
        writer.set("llama.rope.dimension_count", .uint32(16))
        writer.set("llama.attention.layer_norm_rms_epsilon", .float32(1e-5))
        writer.set("llama.vocab_size", .uint32(128))
        writer.set("tokenizer.ggml.bos_token_id", .uint32(1))
        writer.set("tokenizer.ggml.eos_token_id", .uint32(2))
        var names = ["model.embed_tokens.weight", "model.norm.weight"] + (tied ? [] : ["lm_head.weight"])
        for layer in 0..<2 {
            for part in ["input_layernorm", "post_attention_layernorm", "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                         "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"] {
                names.append("model.layers.\(layer).\(part).weight")
            }
        }
        for name in names {
            guard let ggufName = GGUFTensorNamesForTests.ggufName(name) else { throw XCTSkip("no GGUF name for \(name)") }
            let shape = try checkpoint.info(name).shape
            var values = try checkpoint.floats(name)
            guard shape.count == 2 else {
                writer.addTensor(ggufName, shape: shape, floats: values)
                continue
            }
            if name.hasSuffix("q_proj.weight") || name.hasSuffix("k_proj.weight") {
                let heads = name.hasSuffix("q_proj.weight") ? 4 : 2
                values = try LlamaQKPermutation.apply(values, rows: shape[0], columns: shape[1], heads: heads)
            }
            writer.addTensor(ggufName, type: type, dims: shape.reversed(), bytes: try GGMLQuantizer.quantize(values, as: type))
        }
        try writer.write(to: url)
        return url
    }
}

/// HF → llama.cpp tensor names for the tensors tiny-llama has (the loader's own table is tested elsewhere;
/// these tests should not depend on it to build their input).
enum GGUFTensorNamesForTests {
    static func ggufName(_ hf: String) -> String? {
        switch hf {
        case "model.embed_tokens.weight": return "token_embd.weight"
        case "model.norm.weight": return "output_norm.weight"
        case "lm_head.weight": return "output.weight"
        default: break
        }
        let parts = hf.split(separator: ".").map(String.init)
        guard parts.count >= 5, parts[0] == "model", parts[1] == "layers" else { return nil }
        let block = parts[2], module = parts[3..<(parts.count - 1)].joined(separator: ".")
        let table = ["input_layernorm": "attn_norm", "post_attention_layernorm": "ffn_norm", "self_attn.q_proj": "attn_q",
                     "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output",
                     "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down"]
        return table[module].map { "blk.\(block).\($0).weight" }
    }
}
