import Foundation
import WeightIO

/// llama.cpp's tensor names ↔ Hugging Face LLaMA names, and the undoing of the Q/K row permutation
/// llama.cpp's converter applies.
public enum GGUFTensorNames {
    private static let blockParts: [(gguf: String, hf: String)] = [
        ("attn_q", "self_attn.q_proj"), ("attn_k", "self_attn.k_proj"), ("attn_v", "self_attn.v_proj"),
        ("attn_output", "self_attn.o_proj"), ("ffn_gate", "mlp.gate_proj"), ("ffn_up", "mlp.up_proj"),
        ("ffn_down", "mlp.down_proj"), ("attn_norm", "input_layernorm"), ("ffn_norm", "post_attention_layernorm"),
    ]

    /// `blk.3.attn_q.weight` → `model.layers.3.self_attn.q_proj.weight`; nil for names with no HF
    /// counterpart (e.g. `rope_freqs.weight`).
    public static func huggingFaceName(for ggufName: String) -> String? {
        switch ggufName {
        case "token_embd.weight": return "model.embed_tokens.weight"
        case "output_norm.weight": return "model.norm.weight"
        case "output.weight": return "lm_head.weight"
        default: break
        }
        let parts = ggufName.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "blk", let block = Int(parts[1]), block >= 0,
              parts[3] == "weight" || parts[3] == "bias",
              let hf = blockParts.first(where: { $0.gguf == parts[2] })?.hf else { return nil }
        return "model.layers.\(block).\(hf).\(parts[3])"
    }

    /// The inverse of `huggingFaceName(for:)`.
    public static func ggufName(for hfName: String) -> String? {
        switch hfName {
        case "model.embed_tokens.weight": return "token_embd.weight"
        case "model.norm.weight": return "output_norm.weight"
        case "lm_head.weight": return "output.weight"
        default: break
        }
        let prefix = "model.layers."
        guard hfName.hasPrefix(prefix) else { return nil }
        let rest = hfName.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: "."), let block = Int(rest[..<dot]) else { return nil }
        let tail = String(rest[rest.index(after: dot)...])
        for part in blockParts {
            for suffix in ["weight", "bias"] where tail == "\(part.hf).\(suffix)" {
                return "blk.\(block).\(part.gguf).\(suffix)"
            }
        }
        return nil
    }

    /// ggml lists dimensions innermost first (`ne[0]` = columns); PyTorch outermost first.
    public static func torchShape(fromGGMLDims dims: [Int]) -> [Int] { dims.reversed() }

    /// Undoes llama.cpp's `permute` of q_proj/k_proj rows (weights `[rows, columns]`, row-major).
    ///
    /// The converter reshapes the rows to `[heads, 2, headDim/2]` and swaps the last two axes, turning
    /// HF's rotate-half layout into interleaved pairs; this reshapes to `[heads, headDim/2, 2]` and
    /// swaps back (transformers' `reverse_permute_weights`; WeightIO's `LlamaQKPermutation.undo`). `heads`
    /// is the KV head count for k_proj.
    public static func unpermuteQK(_ values: [Float], rows: Int, columns: Int, heads: Int) throws -> [Float] {
        do {
            return try LlamaQKPermutation.undo(values, rows: rows, columns: columns, heads: heads)
        } catch {
            throw ModelError("cannot undo the Q/K permutation of \(rows)×\(columns) weights for \(heads) heads: \(error)",
                             help: "the GGUF head counts do not match its tensors; re-convert the model")
        }
    }
}
