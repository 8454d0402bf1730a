import Foundation
import TensorCore
import WeightIO

extension ModelLoader {
    /// Attaches the quantized GGUF tensors to the model's Linear and embedding layers (Q/K rows put back
    /// in HF order) and returns the parameter names the fp32 load must skip. F32/F16/BF16 tensors load as usual.
    static func keepQuantized(_ model: PreTrainedModel, gguf: GGUFFile, ggufNameFor: [String: String], config: ModelConfig) throws -> Set<String> {
        var kept = Set<String>()
        var embeddingWeight: GGUFQuantizedTensor?
        for (moduleName, module) in model.namedModules() {
            let key = moduleName.isEmpty ? "weight" : moduleName + ".weight"
            guard let ggufName = ggufNameFor[key] else { continue }
            let info = try gguf.info(ggufName)
            guard info.type.blockSize > 1 else { continue }
            var tensor = try gguf.quantizedTensor(ggufName)
            if ggufName.hasSuffix(".attn_q.weight") { tensor = try tensor.undoingLlamaQKPermutation(heads: config.numAttentionHeads) }
            if ggufName.hasSuffix(".attn_k.weight") { tensor = try tensor.undoingLlamaQKPermutation(heads: config.numKeyValueHeads) }
            if let linear = module as? Linear {
                linear.quantizedWeight = tensor
                kept.insert(key)
            } else if let embedding = module as? Embedding {
                embedding.quantizedWeight = tensor
                embeddingWeight = tensor
                kept.insert(key)
            }
        }
        // A tied head reads the embedding table.
        if let lm = model as? LlamaForCausalLM, lm.config.tieWordEmbeddings, let embeddingWeight {
            lm.lmHead.quantizedWeight = embeddingWeight
        }
        return kept
    }
}

extension Module {
    /// Bytes the parameters occupy: fp32 tensors at 4 bytes a value, quantized weights at their stored size.
    public var parameterMemoryBytes: Int {
        var total = 0
        var seen = Set<ObjectIdentifier>()
        for (_, module) in namedModules() {
            if let linear = module as? Linear, let quantized = linear.quantizedWeight {
                if seen.insert(ObjectIdentifier(linear.weight)).inserted { total += quantized.byteCount }
                if let bias = linear.bias, seen.insert(ObjectIdentifier(bias)).inserted { total += bias.count * 4 }
                continue
            }
            if let embedding = module as? Embedding, let quantized = embedding.quantizedWeight {
                if seen.insert(ObjectIdentifier(embedding.weight)).inserted { total += quantized.byteCount }
                continue
            }
            for (_, tensor) in module.parameters where seen.insert(ObjectIdentifier(tensor)).inserted { total += tensor.count * 4 }
        }
        return total
    }

    /// True when some weights are kept quantized (`LoadOptions.keepQuantized`).
    public var hasQuantizedWeights: Bool {
        namedModules().contains { ($0.module as? Linear)?.quantizedWeight != nil || ($0.module as? Embedding)?.quantizedWeight != nil }
    }
}
