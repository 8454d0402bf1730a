import Foundation
import PythonBasics

extension ModelConfig {
    /// Builds a LLaMA config from GGUF metadata (`general.architecture` and the `llama.*` keys).
    ///
    /// Key meanings (llama.cpp's names → transformers'): `block_count` → num_hidden_layers,
    /// `embedding_length` → hidden_size, `feed_forward_length` → intermediate_size,
    /// `attention.head_count(_kv)` → num_attention_heads / num_key_value_heads, `rope.freq_base` →
    /// rope_theta, `attention.layer_norm_rms_epsilon` → rms_norm_eps, `context_length` →
    /// max_position_embeddings, `rope.dimension_count` → head_dim; the vocabulary size is the length
    /// of `tokenizer.ggml.tokens` (or `llama.vocab_size`). The head is tied when the file has no
    /// `output.weight` tensor (`hasOutputTensor == false`).
    public static func fromGGUF(metadata: [String: JSONValue], hasOutputTensor: Bool,
                                source: String, nameOrPath: String = "") throws -> ModelConfig {
        guard let architecture = metadata["general.architecture"]?.stringValue else {
            throw ModelError("\(source) has no general.architecture metadata", help: "is this a model GGUF (not a LoRA or vocab-only file)?")
        }
        guard architecture == "llama" else {
            throw ModelError("GGUF architecture \"\(architecture)\" is not supported yet (from \(source))",
                             help: "lorarepl loads LLaMA-family GGUF files (llama, SmolLM, TinyLlama, Mistral-style llama)")
        }
        func int(_ key: String) throws -> Int {
            guard let value = metadata["llama.\(key)"]?.configInt else {
                throw ModelError("\(source) is missing the GGUF metadata key llama.\(key)", help: "the file looks incomplete; re-download or re-convert it")
            }
            return value
        }
        // GGUF stores these as f32: keep the shortest decimal that reads back as that f32 (1e-05, not
        // 9.999999747378752e-06), as the config.json the file was converted from said.
        func optionalNumber(_ key: String) -> Double? {
            metadata["llama.\(key)"]?.doubleValue.map { value in Double(String(Float(value))) ?? value }
        }

        let hidden = try int("embedding_length")
        let heads = try int("attention.head_count")
        let kvHeads = metadata["llama.attention.head_count_kv"]?.configInt ?? heads
        let vocab = metadata["tokenizer.ggml.tokens"]?.arrayValue?.count ?? metadata["llama.vocab_size"]?.configInt
        guard let vocab else {
            throw ModelError("\(source) has neither tokenizer.ggml.tokens nor llama.vocab_size", help: "the vocabulary size cannot be known; use a complete GGUF file")
        }
        var raw: [String: JSONValue] = [
            "model_type": .string("llama"),
            "architectures": .array([.string("LlamaForCausalLM")]),
            "vocab_size": .int(vocab),
            "hidden_size": .int(hidden),
            "num_hidden_layers": .int(try int("block_count")),
            "num_attention_heads": .int(heads),
            "num_key_value_heads": .int(kvHeads),
            "intermediate_size": .int(try int("feed_forward_length")),
            "max_position_embeddings": .int(metadata["llama.context_length"]?.configInt ?? 2048),
            "rms_norm_eps": .double(optionalNumber("attention.layer_norm_rms_epsilon") ?? 1e-5),
            // transformers 5's LlamaConfig keys, so save_pretrained writes what transformers writes.
            "rope_parameters": .sortedObject(["rope_theta": .double(optionalNumber("rope.freq_base") ?? 10000), "rope_type": .string("default")]),
            "tie_word_embeddings": .bool(!hasOutputTensor),
            "hidden_act": .string("silu"),
            "attention_bias": .bool(false), "attention_dropout": .double(0), "mlp_bias": .bool(false),
            "initializer_range": .double(0.02), "pretraining_tp": .int(1), "use_cache": .bool(true),
            "dtype": .string("float32"), "pad_token_id": .null,
            "head_dim": .int(hidden / max(heads, 1)),
        ]
        if let rotary = metadata["llama.rope.dimension_count"]?.configInt { raw["head_dim"] = .int(rotary) }
        if let bos = metadata["tokenizer.ggml.bos_token_id"]?.configInt { raw["bos_token_id"] = .int(bos) }
        if let eos = metadata["tokenizer.ggml.eos_token_id"]?.configInt { raw["eos_token_id"] = .int(eos) }
        if let pad = metadata["tokenizer.ggml.padding_token_id"]?.configInt { raw["pad_token_id"] = .int(pad) }
        if let scaling = metadata["llama.rope.scaling.type"]?.stringValue, scaling != "none" {
            raw["rope_parameters"] = .sortedObject(["rope_theta": .double(optionalNumber("rope.freq_base") ?? 10000), "rope_type": .string(scaling)])
        }
        var config = try fromObject(raw, source: source, nameOrPath: nameOrPath)
        if metadata["tokenizer.ggml.padding_token_id"] == nil { config.padTokenId = nil }
        return config
    }
}
