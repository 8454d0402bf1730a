import Foundation
import Models
import TensorCore
import WeightIO

/// `save_gguf_adapter(path)`: a LoRA adapter of a LLaMA-family model as the GGUF file llama.cpp's
/// `convert_lora_to_gguf.py` writes, which llama.cpp applies to the base model's GGUF (`--lora FILE`).
///
/// Layout: `general.architecture = llama`, `general.type = adapter`, `adapter.type = lora`,
/// `adapter.lora.alpha` (f32); for every adapted projection `blk.N.attn_q.weight.lora_a` (PyTorch
/// `[r, in]`) and `….lora_b` (`[out, r]`). llama.cpp scales each pair by `alpha / r` with `r` read from the
/// tensor; where PEFT's scaling differs (rsLoRA, `alpha_pattern`), B is multiplied by the ratio so the
/// update `scale · B·A` is PEFT's. B's rows of `q_proj`/`k_proj` are permuted like the base weights'
/// (llama.cpp's interleaved RoPE).
extension PeftModel {
    /// Writes adapter `adapterName` (nil: the active one) with `type` `.f32` or `.f16`; returns the number of
    /// adapted modules written.
    @discardableResult
    public func saveGGUFAdapter(to url: URL, adapterName: String? = nil, type: GGMLType = .f32) throws -> Int {
        try checkUsable()
        let name = adapterName ?? activeAdapter
        guard let plan = plans[name] else { throw unknownAdapter(name) }
        let base = baseModel
        guard base.config.modelType == .llama else {
            throw PeftError(.unsupportedFeature, "llama.cpp LoRA files exist for LLaMA-family models; this adapter is on a \(base.typeName)",
                            help: "save it with save_pretrained (PEFT's format) instead")
        }
        guard type == .f32 || type == .f16 else {
            throw PeftError(.invalidConfig, "a llama.cpp LoRA file stores its tensors as F32 or F16, not \(type.name)")
        }
        if savedLayers.contains(where: { $0.adapter.copy(name) != nil }) || !plan.trainableBaseParameters.isEmpty {
            throw PeftError(.unsupportedFeature, "adapter '\(name)' also trains full modules or biases (modules_to_save / bias), which a llama.cpp LoRA file cannot hold",
                            help: "merge it (merged = model.merge_and_unload()) and export the whole model with merged.save_gguf(...)")
        }
        let config = try self.config(of: name)
        let alpha = config.loraAlpha
        var writer = GGUFWriter()
        writer.set("general.architecture", .string("llama"))
        writer.set("general.type", .string("adapter"))
        writer.set("general.name", .string(name))
        writer.set("adapter.type", .string("lora"))
        writer.set("adapter.lora.alpha", .float32(Float(alpha)))
        var written = 0
        for layer in loraLayers {
            guard let weights = layer.adapter.weights(name) else { continue }
            guard let ggufName = GGUFTensorNames.ggufName(for: layer.moduleName + ".weight") else {
                throw PeftError(.unsupportedFeature, "the adapted module \(layer.moduleName) has no llama.cpp name",
                                help: "llama.cpp LoRA files cover the attention and MLP projections (q/k/v/o, gate/up/down)")
            }
            var b = weights.b.toArray()
            let (out, rank) = (weights.b.shape[0], weights.b.shape[1])
            // llama.cpp: scale = alpha / r; PEFT: weights.scaling. Fold the ratio into B when they differ.
            let ratio = weights.scaling / (alpha / Double(rank))
            if ratio != 1 { b = b.map { $0 * Float(ratio) } }
            if layer.moduleName.hasSuffix("self_attn.q_proj") || layer.moduleName.hasSuffix("self_attn.k_proj") {
                let heads = layer.moduleName.hasSuffix("q_proj") ? base.config.numAttentionHeads : base.config.numKeyValueHeads
                b = try LlamaQKPermutation.apply(b, rows: out, columns: rank, heads: heads)
            }
            do {
                writer.addTensor(ggufName + ".lora_a", type: type, dims: weights.a.shape.reversed(),
                                 bytes: try GGMLQuantizer.quantize(weights.a.toArray(), as: type))
                writer.addTensor(ggufName + ".lora_b", type: type, dims: [rank, out], bytes: try GGMLQuantizer.quantize(b, as: type))
            } catch let error as WeightIOError {
                throw PeftError(.writeFailed, "cannot store the adapter of \(layer.moduleName): \(error.message)", help: error.help)
            }
            written += 1
        }
        guard written > 0 else { throw PeftError(.invalidState, "adapter '\(name)' has no LoRA layers to save") }
        do {
            try writer.write(to: url)
        } catch let error as WeightIOError {
            throw PeftError(.writeFailed, "could not save adapter '\(name)' to \(url.path): \(error.message)", help: error.help)
        }
        return written
    }
}
