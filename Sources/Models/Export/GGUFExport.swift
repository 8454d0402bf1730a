import Foundation
import PythonBasics
import TensorCore
import Tokenizers
import WeightIO

/// How `save_gguf` stores a LLaMA model's matrices. Norms (1-D) stay F32 in every case, as llama.cpp's
/// converter keeps them.
public enum GGUFExportType: String, CaseIterable, Sendable {
    /// Every tensor F32 (`general.file_type` 0, llama.cpp's `ALL_F32`).
    case f32
    /// Matrices F16, rounded to nearest even (file type 1, `MOSTLY_F16`; `convert_hf_to_gguf.py --outtype f16`).
    case f16
    /// Matrices Q8_0, ggml's reference quantizer (file type 7, `MOSTLY_Q8_0`; `--outtype q8_0`).
    case q8_0
    /// Projections Q4_1, embedding (and an untied head) Q8_0 — the demo SmolLM2 file's layout (file type 3,
    /// `MOSTLY_Q4_1`).
    case q4_1

    /// The names scripts and the CLI accept (`"f16"`, `"q8_0"`, `"Q4_1"`, …).
    public init?(name: String) { self.init(rawValue: name.lowercased()) }

    /// `general.file_type` (llama.cpp's `llama_ftype`).
    var fileType: UInt32 {
        switch self {
        case .f32: return 0
        case .f16: return 1
        case .q4_1: return 3
        case .q8_0: return 7
        }
    }

    /// The type of a 2-D weight; `isEmbedding` for `token_embd` and `output`.
    func matrixType(isEmbedding: Bool) -> GGMLType {
        switch self {
        case .f32: return .f32
        case .f16: return .f16
        case .q8_0: return .q8_0
        case .q4_1: return isEmbedding ? .q8_0 : .q4_1
        }
    }
}

/// What a GGUF export wrote.
public struct GGUFExportSummary: Equatable {
    public let path: String
    public let tensorCount: Int
    public let byteCount: Int
    /// Tensors per stored type name (`["F32": 61, "Q8_0": 211]`).
    public let tensorsByType: [String: Int]

    /// One line for a person: "wrote out.gguf: 272 tensors (F32 61, Q8_0 211), 144.8 MB".
    public var description: String {
        let types = tensorsByType.keys.sorted().map { "\($0) \(tensorsByType[$0] ?? 0)" }.joined(separator: ", ")
        return "wrote \(path): \(tensorCount) tensors (\(types)), \(String(format: "%.1f", Double(byteCount) / 1_000_000)) MB"
    }
}

extension PreTrainedModel {
    /// Writes a LLaMA-family causal LM as a GGUF file llama.cpp loads, laid out as llama.cpp's
    /// `convert_hf_to_gguf.py` writes one: `general.*` and `llama.*` hyper-parameters, the tokenizer as
    /// `tokenizer.ggml.*` (tokens, token types, merges, special ids, `add_bos_token`) plus
    /// `tokenizer.chat_template`, tensors named `token_embd`, `blk.N.attn_q`, … with the rows of Q and K
    /// permuted for ggml's RoPE, data aligned to 32 bytes. Weights kept quantized are dequantized first, so
    /// a merged QLoRA model exports too. Written atomically.
    public func saveGGUF(to url: URL, tokenizer: Tokenizer, type: GGUFExportType, name: String? = nil) throws -> GGUFExportSummary {
        guard config.modelType == .llama, architecture.canGenerate else {
            throw ModelError("save_gguf writes LLaMA-family causal language models; this is a \(typeName)",
                             help: "for BERT-style models use save_pretrained (llama.cpp's GGUF export covers LlamaForCausalLM)")
        }
        guard let bpe = tokenizer as? BPETokenizer else {
            throw ModelError("save_gguf needs the model's byte-level BPE tokenizer (AutoTokenizer of the same model), not a \(String(describing: Swift.type(of: tokenizer)))",
                             help: "pass tokenizer=AutoTokenizer.from_pretrained(<the model>)")
        }
        let vocabulary: GGUFVocabulary
        do { vocabulary = try bpe.ggufVocabulary() } catch { throw ModelError("cannot export the tokenizer: \(error)", cause: error) }
        guard vocabulary.tokens.count == config.vocabSize else {
            throw ModelError("the tokenizer has \(vocabulary.tokens.count) tokens but the model's embedding has \(config.vocabSize) rows",
                             help: "pass the tokenizer this model was trained with (after adding tokens, resize the embeddings)")
        }
        var writer = GGUFWriter()
        let modelName = name ?? URL(fileURLWithPath: config.nameOrPath.isEmpty ? "model" : config.nameOrPath).lastPathComponent
        writeMetadata(into: &writer, name: modelName, type: type)
        Self.writeVocabulary(vocabulary, into: &writer)
        var counts: [String: Int] = [:]
        for (hfName, tensor) in try denseStateDict() {
            guard let ggufName = GGUFTensorNames.ggufName(for: hfName) else {
                if hfName.contains("rotary_emb") { continue }  // a buffer computed from the config
                throw ModelError("the weight \(hfName) has no llama.cpp name, so this model cannot be written as a llama GGUF",
                                 help: "save_gguf exports plain LLaMA weights; merge adapters first (merged = model.merge_and_unload())")
            }
            var values = tensor.toArray()
            let shape = tensor.shape
            var stored: GGMLType = .f32
            if shape.count == 2 {
                let (rows, columns) = (shape[0], shape[1])
                if hfName.hasSuffix("self_attn.q_proj.weight") || hfName.hasSuffix("self_attn.k_proj.weight") {
                    let heads = hfName.hasSuffix("q_proj.weight") ? config.numAttentionHeads : config.numKeyValueHeads
                    values = try LlamaQKPermutation.apply(values, rows: rows, columns: columns, heads: heads)
                }
                stored = type.matrixType(isEmbedding: ggufName == "token_embd.weight" || ggufName == "output.weight")
                // llama.cpp's converter falls back to F16 for rows that are not whole blocks.
                if columns % stored.blockSize != 0 { stored = .f16 }
            }
            let bytes: Data
            do { bytes = try GGMLQuantizer.quantize(values, as: stored) } catch {
                throw ModelError("cannot store \(hfName) as \(stored.name): \(error)", cause: error)
            }
            writer.addTensor(ggufName, type: stored, dims: shape.reversed(), bytes: bytes)
            counts[stored.name, default: 0] += 1
        }
        do { try writer.write(to: url) } catch { throw ModelError("cannot write \(url.path): \(error)", cause: error) }
        let size = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
        return GGUFExportSummary(path: url.path, tensorCount: counts.values.reduce(0, +), byteCount: size, tensorsByType: counts)
    }

    /// `general.*` and `llama.*` keys in the order and with the value types llama.cpp's converter uses.
    private func writeMetadata(into writer: inout GGUFWriter, name: String, type: GGUFExportType) {
        func u32(_ value: Int) -> GGUFValue { .uint32(UInt32(clamping: value)) }
        writer.set("general.architecture", .string("llama"))
        writer.set("general.type", .string("model"))
        writer.set("general.name", .string(name))
        writer.set("llama.block_count", u32(config.numHiddenLayers))
        writer.set("llama.context_length", u32(config.maxPositionEmbeddings))
        writer.set("llama.embedding_length", u32(config.hiddenSize))
        writer.set("llama.feed_forward_length", u32(config.intermediateSize))
        writer.set("llama.attention.head_count", u32(config.numAttentionHeads))
        writer.set("llama.attention.head_count_kv", u32(config.numKeyValueHeads))
        writer.set("llama.rope.freq_base", .float32(Float(config.ropeTheta)))
        writer.set("llama.attention.layer_norm_rms_epsilon", .float32(config.rmsNormEps))
        writer.set("general.file_type", .uint32(type.fileType))
        writer.set("llama.vocab_size", u32(config.vocabSize))
        writer.set("llama.rope.dimension_count", u32(config.headDim))
        writer.set("general.quantization_version", .uint32(2))
    }

    static func writeVocabulary(_ vocabulary: GGUFVocabulary, into writer: inout GGUFWriter) {
        func u32(_ value: Int) -> GGUFValue { .uint32(UInt32(clamping: value)) }
        writer.set("tokenizer.ggml.model", .string(vocabulary.model))
        writer.set("tokenizer.ggml.pre", .string(vocabulary.pre))
        writer.set("tokenizer.ggml.add_space_prefix", .bool(false))  // byte-level BPE never adds one
        writer.set("tokenizer.ggml.tokens", .array(.string(vocabulary.tokens)))
        writer.set("tokenizer.ggml.token_type", .array(.int32(vocabulary.tokenTypes)))
        writer.set("tokenizer.ggml.merges", .array(.string(vocabulary.merges)))
        if let id = vocabulary.bosId { writer.set("tokenizer.ggml.bos_token_id", u32(id)) }
        if let id = vocabulary.eosId { writer.set("tokenizer.ggml.eos_token_id", u32(id)) }
        if let id = vocabulary.unknownId { writer.set("tokenizer.ggml.unknown_token_id", u32(id)) }
        if let id = vocabulary.paddingId { writer.set("tokenizer.ggml.padding_token_id", u32(id)) }
        writer.set("tokenizer.ggml.add_bos_token", .bool(vocabulary.addBos))
        if vocabulary.addEos { writer.set("tokenizer.ggml.add_eos_token", .bool(true)) }
        if let template = vocabulary.chatTemplate { writer.set("tokenizer.chat_template", .string(template)) }
    }
}

/// `lorarepl convert MODEL OUT.gguf`: loads a LLaMA-family model (Hugging Face folder or GGUF) with its
/// tokenizer and writes it with `saveGGUF`.
public enum GGUFConverter {
    public static func convert(model nameOrPath: String, to output: URL, type: GGUFExportType,
                               options: LoadOptions = LoadOptions()) throws -> GGUFExportSummary {
        let loaded = try ModelLoader.load(nameOrPath, task: .causalLM, options: options)
        let tokenizer = try TokenizerLoader.load(source: loaded.source)
        return try loaded.model.saveGGUF(to: output, tokenizer: tokenizer, type: type)
    }
}
