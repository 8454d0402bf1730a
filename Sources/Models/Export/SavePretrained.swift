import Foundation
import PythonBasics
import TensorCore

extension PreTrainedModel {
    /// `save_pretrained(dir)`: the folder transformers' `from_pretrained` loads.
    ///
    /// * `config.json`: the keys read from the source (HF's names; a GGUF-loaded LLaMA gets the keys
    ///   transformers writes for `LlamaConfig`), `architectures` = this class, the current label maps
    ///   (sequence classification), sorted keys;
    /// * `model.safetensors`: the weights' dtype (`precision`: F32, or F16/BF16 after `half()` etc.), HF's tensor names, tied tensors once (a tied LM head is not written, as
    ///   transformers does), weights kept quantized (`keep_quantized=True`) dequantized to fp32;
    /// * `generation_config.json` for causal LMs (`generation`: the model's generation settings as a
    ///   script changed them; nil: `bos_token_id`/`eos_token_id`/`pad_token_id` from the config).
    ///
    /// Every file is written atomically.
    public func savePretrained(to folder: URL, generation: [(String, JSONValue)]? = nil) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ModelError("cannot create \(folder.path): \(error.localizedDescription)", help: "check the path and permissions")
        }
        var saved = config
        saved.architectures = [typeName]
        // transformers 5 records the weights' dtype as "dtype" (the old "torch_dtype" key is read, not written).
        saved.raw["torch_dtype"] = nil
        saved.raw["dtype"] = .string(precision.rawValue)
        try Self.writeJSON(saved.jsonObject(omitDefaultLabels: architecture.canGenerate), to: folder.appendingPathComponent("config.json"))
        if architecture.canGenerate {
            try Self.writeJSON(.sortedObject(Dictionary(generationConfigEntries(generation), uniquingKeysWith: { _, last in last })),
                               to: folder.appendingPathComponent("generation_config.json"))
        }
        do {
            try TensorFile.save(denseStateDict(), to: folder.appendingPathComponent("model.safetensors"), storedAs: precision.storedAs)
        } catch let error as ModelError { throw error } catch {
            throw ModelError("cannot write the weights to \(folder.path): \(error)", cause: error)
        }
    }

    /// What transformers writes to `generation_config.json` for a model built from its config
    /// (`GenerationConfig.from_model_config`), with the script's settings over it.
    func generationConfigEntries(_ generation: [(String, JSONValue)]?) -> [(String, JSONValue)] {
        var entries: [(String, JSONValue)] = [("_from_model_config", .bool(true))]
        if let bos = config.bosTokenId { entries.append(("bos_token_id", .int(bos))) }
        if config.eosTokenIds.count == 1, let eos = config.eosTokenIds.first {
            entries.append(("eos_token_id", .int(eos)))
        } else if !config.eosTokenIds.isEmpty {
            entries.append(("eos_token_id", .array(config.eosTokenIds.map { .int($0) })))
        }
        if let pad = config.padTokenId { entries.append(("pad_token_id", .int(pad))) }
        entries.append(("transformers_version", config.raw["transformers_version"] ?? .string(ModelConfig.defaultTransformersVersion)))
        for (key, value) in generation ?? [] {
            if let index = entries.firstIndex(where: { $0.0 == key }) { entries[index].1 = value } else { entries.append((key, value)) }
        }
        return entries
    }

    static func writeJSON(_ value: JSONValue, to target: URL) throws {
        do {
            try AtomicFile.write(value.configText + "\n", to: target)
        } catch let failure as AtomicWriteError {
            throw ModelError("cannot write \(target.path): \(failure.reason)", notes: ["failed while \(failure.step)"],
                             help: "check free space and permissions")
        }
    }
}

extension Module {
    /// `stateDict()` with every weight as fp32 values: weights kept quantized (GGUF blocks, `keep_quantized=True`)
    /// are dequantized (rows in Hugging Face order), so the result can be saved or exported.
    public func denseStateDict() throws -> [(name: String, tensor: Tensor)] {
        var dense: [ObjectIdentifier: () throws -> Tensor] = [:]
        for (_, module) in namedModules() {
            if let linear = module as? Linear, linear.quantizedWeight != nil {
                dense[ObjectIdentifier(linear.weight)] = { try linear.denseWeight() }
            }
            if let embedding = module as? Embedding, let quantized = embedding.quantizedWeight {
                let shape = embedding.weight.shape
                dense[ObjectIdentifier(embedding.weight)] = { try Tensor(shape: shape, values: quantized.dequantizeAll()) }
            }
        }
        return try stateDict().map { entry in
            guard let make = dense[ObjectIdentifier(entry.tensor)] else { return entry }
            return (entry.name, try make())
        }
    }
}
