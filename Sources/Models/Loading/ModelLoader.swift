import Foundation
import PythonBasics
import TensorCore
import WeightIO

/// Which head to build on the base model.
public enum ModelTask: String, CaseIterable {
    /// The bare encoder/decoder (`AutoModel`).
    case base
    /// `AutoModelForSequenceClassification`.
    case sequenceClassification = "sequence_classification"
    /// `AutoModelForCausalLM`.
    case causalLM = "causal_lm"
    /// `AutoModelForTokenClassification` (one label per token: NER, POS tagging).
    case tokenClassification = "token_classification"
    /// `AutoModelForQuestionAnswering` (extractive QA: start/end scores per token).
    case questionAnswering = "question_answering"
}

extension ModelTask {
    /// Parses the names scripts use: "base"/"feature_extraction", "sequence_classification"/"seq_cls"/"SEQ_CLS"/
    /// "text_classification", "causal_lm"/"CAUSAL_LM"/"text_generation".
    public init(name: String) throws {
        switch name.lowercased().replacingOccurrences(of: "-", with: "_") {
        case "base", "feature_extraction", "model": self = .base
        case "sequence_classification", "seq_cls", "text_classification", "classification": self = .sequenceClassification
        case "causal_lm", "text_generation", "generation", "lm": self = .causalLM
        case "token_classification", "token_cls", "ner": self = .tokenClassification
        case "question_answering", "question_ans", "qa": self = .questionAnswering
        default:
            throw ModelError("unknown task \"\(name)\"",
                             help: "use task=\"sequence_classification\", \"token_classification\", \"causal_lm\" or \"base\"")
        }
    }
}

/// `from_pretrained` arguments.
public struct LoadOptions {
    public var numLabels: Int?
    public var id2label: [Int: String]?
    public var label2id: [String: Int]?
    /// Start a fresh head when the checkpoint's head has another shape (another label count).
    public var ignoreMismatchedSizes = false
    /// transformers' `gguf_file=`: a GGUF file name inside the resolved folder.
    public var ggufFile: String?
    /// Seed of the generator for new head weights and dropout.
    public var seed: UInt64 = 42
    public var resolver = ModelResolver()
    /// GGUF only: keep quantized Linear and embedding weights in their block format (memory-mapped) and
    /// dequantize them on use (rows for generation, whole matrices for a forward pass) instead of
    /// holding fp32 copies. Such a model generates, runs forward passes and trains LoRA adapters (QLoRA-style:
    /// the base weights are frozen and dequantized per use, again in backward). Refused for safetensors folders.
    public var keepQuantized = false
    /// Dropout rates given to `from_pretrained` as config keywords (transformers passes unknown keywords
    /// to the config): `hidden_dropout_prob`/`dropout`, `attention_probs_dropout_prob`/`attention_dropout`,
    /// `classifier_dropout`/`seq_classif_dropout`. Nil keeps the checkpoint's value.
    public var hiddenDropout: Float?
    public var attentionDropout: Float?
    public var classifierDropout: Float?

    public init(numLabels: Int? = nil, id2label: [Int: String]? = nil, label2id: [String: Int]? = nil,
                ignoreMismatchedSizes: Bool = false, ggufFile: String? = nil, seed: UInt64 = 42) {
        self.numLabels = numLabels
        self.id2label = id2label
        self.label2id = label2id
        self.ignoreMismatchedSizes = ignoreMismatchedSizes
        self.ggufFile = ggufFile
        self.seed = seed
    }
}

/// A model loaded from disk, with what happened on the way.
public struct LoadedModel {
    public let model: PreTrainedModel
    public let report: LoadReport
    public let source: ModelSource
    /// Wall-clock seconds from resolution to a ready model.
    public let loadSeconds: Double
    /// Bytes of fp32 parameters held in memory.
    public let parameterBytes: Int
    /// Facts worth printing (e.g. "dequantized 98.4 MB of Q4_1/Q8_0 to 538 MB of fp32").
    public let notes: [String]
}

/// Builds models from a name or path, like `AutoModel*.from_pretrained`.
public enum ModelLoader {
    /// Resolves `nameOrPath`, reads the config (config.json or GGUF metadata), builds the model for
    /// `task` (nil: from `architectures`, causal LM for LLaMA) and binds the weights with verification.
    /// The model is returned in eval mode, like transformers.
    public static func load(_ nameOrPath: String, task: ModelTask? = nil, options: LoadOptions = LoadOptions()) throws -> LoadedModel {
        let started = Date()
        let source = try options.resolver.resolve(nameOrPath, ggufFile: options.ggufFile)
        var loaded: (model: PreTrainedModel, report: LoadReport, notes: [String])
        switch source {
        case .huggingFaceFolder(let folder):
            if options.keepQuantized {
                throw ModelError("keep_quantized=True needs a GGUF file, and \(nameOrPath) is a Hugging Face folder of fp32/fp16 safetensors",
                                 help: "load a quantized GGUF (e.g. gguf_file=\"model.Q4_1.gguf\") with keep_quantized=True, or drop keep_quantized to load these weights in fp32")
            }
            loaded = try loadHuggingFaceFolder(folder: folder, name: nameOrPath, task: task, options: options)
        case .gguf(let file):
            loaded = try loadGGUF(file: file, name: nameOrPath, task: task, options: options)
        }
        loaded.model.eval()
        loaded.model.loadReport = loaded.report
        loaded.model.setRequiresGrad(true)
        let bytes = loaded.model.parameterMemoryBytes
        return LoadedModel(model: loaded.model, report: loaded.report, source: source,
                           loadSeconds: Date().timeIntervalSince(started), parameterBytes: bytes, notes: loaded.notes)
    }

    /// The task a config's `architectures` names (LLaMA defaults to causal LM).
    public static func defaultTask(for config: ModelConfig) -> ModelTask {
        if config.architectures.contains(where: { $0.hasSuffix("ForSequenceClassification") }) { return .sequenceClassification }
        if config.architectures.contains(where: { $0.hasSuffix("ForTokenClassification") }) { return .tokenClassification }
        if config.architectures.contains(where: { $0.hasSuffix("ForQuestionAnswering") }) { return .questionAnswering }
        if config.architectures.contains(where: { $0.hasSuffix("ForCausalLM") }) || config.modelType == .llama { return .causalLM }
        return .base
    }

    /// A model with fresh weights (HF initialisation from `seed`) for a config and task, in training
    /// mode like a new PyTorch module (`from_config`).
    public static func build(config: ModelConfig, task: ModelTask, seed: UInt64 = 42) throws -> PreTrainedModel {
        let model = try makeModel(config: config, task: task, randomness: RandomSource(seed: seed))
        try ModelInitializer.initialize(model)
        model.setRequiresGrad(true)
        model.train()
        return model
    }

    /// Builds the class for (model type, task) with zero weights.
    static func makeModel(config: ModelConfig, task: ModelTask, randomness: RandomSource) throws -> PreTrainedModel {
        switch (config.modelType, task) {
        case (.bert, .base): return try BertModel(config: config, randomness: randomness)
        case (.bert, .sequenceClassification): return try BertForSequenceClassification(config: config, randomness: randomness)
        case (.distilbert, .base): return try DistilBertModel(config: config, randomness: randomness)
        case (.distilbert, .sequenceClassification): return try DistilBertForSequenceClassification(config: config, randomness: randomness)
        case (.bert, .tokenClassification), (.distilbert, .tokenClassification):
            return try PerTokenHeadModel(config: config, task: .tokenClassification, randomness: randomness)
        case (.llama, .base): return try LlamaModel(config: config, randomness: randomness)
        case (.llama, .causalLM): return try LlamaForCausalLM(config: config, randomness: randomness)
        case (.bert, .causalLM), (.distilbert, .causalLM):
            throw ModelError("\(config.modelType.rawValue) is an encoder; it has no causal language-model head in lorarepl",
                             help: "use AutoModelForSequenceClassification (task=\"sequence_classification\") or a LLaMA-family model")
        case (.bert, .questionAnswering), (.distilbert, .questionAnswering):
            return try PerTokenHeadModel(config: config, task: .questionAnswering, randomness: randomness)
        case (.llama, .questionAnswering):
            throw ModelError("LlamaForQuestionAnswering is not supported",
                             help: "extract answers with a BERT or DistilBERT model (AutoModelForQuestionAnswering)")
        case (.llama, .tokenClassification):
            throw ModelError("LlamaForTokenClassification is not supported",
                             help: "tag tokens with a BERT or DistilBERT model (AutoModelForTokenClassification)")
        case (.llama, .sequenceClassification):
            throw ModelError("LlamaForSequenceClassification is not supported yet",
                             help: "fine-tune LLaMA models as causal LMs (AutoModelForCausalLM)")
        }
    }

    static func configured(_ config: ModelConfig, options: LoadOptions) throws -> ModelConfig {
        var config = config
        try config.applyLabelOverrides(numLabels: options.numLabels, id2label: options.id2label, label2id: options.label2id)
        if let p = options.hiddenDropout { config.hiddenDropoutProb = p }
        if let p = options.attentionDropout { config.attentionProbsDropoutProb = p }
        if let p = options.classifierDropout { config.classifierDropout = p }
        return config
    }

    // MARK: Hugging Face folders

    static func loadHuggingFaceFolder(folder: URL, name: String, task: ModelTask?, options: LoadOptions)
        throws -> (model: PreTrainedModel, report: LoadReport, notes: [String]) {
        var config = try configured(ModelConfig.load(folder: folder, nameOrPath: name), options: options)
        try config.applyGenerationConfig(in: folder)
        let checkpoint: any WeightCheckpoint
        do { checkpoint = try WeightCheckpoints.open(folder) } catch {
            throw ModelError("cannot read the weights of \(name): \(error)", cause: error,
                             help: "the folder needs model.safetensors or pytorch_model.bin (or the index of their shards)")
        }
        let model = try makeModel(config: config, task: task ?? defaultTask(for: config), randomness: RandomSource(seed: options.seed))
        var entries: [(name: String, shape: [Int])] = []
        for key in checkpoint.tensorNames { entries.append((key, try checkpoint.shape(of: key))) }
        let report = try model.load(entries: entries, source: name, ignoreMismatchedSizes: options.ignoreMismatchedSizes) { key in
            try checkpoint.floats(key)
        }
        return (model, report, [])
    }

    // MARK: GGUF

    static func loadGGUF(file: URL, name: String, task: ModelTask?, options: LoadOptions)
        throws -> (model: PreTrainedModel, report: LoadReport, notes: [String]) {
        let gguf: GGUFFile
        do { gguf = try GGUFFile(url: file) } catch { throw ModelError("cannot read \(file.path): \(error)", cause: error) }
        let metadata = gguf.metadata.mapValues(JSONValue.init(gguf:))
        let base = try ModelConfig.fromGGUF(metadata: metadata, hasOutputTensor: gguf.contains(tensor: "output.weight"),
                                            source: file.lastPathComponent, nameOrPath: name)
        let config = try configured(base, options: options)
        let model = try makeModel(config: config, task: task ?? .causalLM, randomness: RandomSource(seed: options.seed))
        var entries: [(name: String, shape: [Int])] = []
        var ggufNameFor: [String: String] = [:]
        var unknown: [String] = []
        for info in gguf.tensors {
            guard let hfName = GGUFTensorNames.huggingFaceName(for: info.name) else { unknown.append(info.name); continue }
            entries.append((hfName, info.shape))
            ggufNameFor[hfName] = info.name
        }
        if !unknown.isEmpty {
            throw ModelError("\(file.lastPathComponent) holds tensors lorarepl cannot place in a LLaMA model: \(KeyMatcher.listed(unknown))",
                             help: "this GGUF may use a LLaMA variant (e.g. RoPE scaling tensors) that is not supported yet")
        }
        var typeBytes: [String: Int] = [:]
        for info in gguf.tensors { typeBytes[info.type.name, default: 0] += info.byteCount }
        let kept = options.keepQuantized ? try keepQuantized(model, gguf: gguf, ggufNameFor: ggufNameFor, config: config) : []
        let report = try model.load(entries: entries, source: name, ignoreMismatchedSizes: false, skipping: kept) { hfName in
            guard let ggufName = ggufNameFor[hfName] else { throw ModelError("no GGUF tensor for \(hfName)") }
            let info = try gguf.info(ggufName)
            var values = try gguf.floats(ggufName)
            // llama.cpp's converter permuted the rows of Q and K for its interleaved RoPE; restore HF's order.
            if ggufName.hasSuffix(".attn_q.weight") || ggufName.hasSuffix(".attn_k.weight") {
                let heads = ggufName.hasSuffix(".attn_q.weight") ? config.numAttentionHeads : config.numKeyValueHeads
                values = try GGUFTensorNames.unpermuteQK(values, rows: info.rows, columns: info.columns, heads: heads)
            }
            return values
        }
        let stored = typeBytes.sorted { $0.key < $1.key }.map { "\($0.key) \(megabytes($0.value))" }.joined(separator: ", ")
        let fp32 = model.stateDict().reduce(0) { $0 + $1.tensor.count * 4 }
        let notes = kept.isEmpty ? ["dequantized \(file.lastPathComponent) (\(stored)) to \(megabytes(fp32)) of fp32 weights"]
            : ["kept \(kept.count) weights of \(file.lastPathComponent) quantized (\(stored)): \(megabytes(model.parameterMemoryBytes)) in memory instead of \(megabytes(fp32)) of fp32"]
        return (model, report, notes)
    }
}

func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }

extension JSONValue {
    /// GGUF metadata as config values (integers, floats, strings, arrays).
    init(gguf value: GGUFValue) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .string(let text): self = .string(text)
        case .float32(let number): self = .double(Double(number))
        case .float64(let number): self = .double(number)
        case .array(let array): self = JSONValue(ggufArray: array)
        default: self = value.intValue.map { .int($0) } ?? .null
        }
    }

    init(ggufArray array: GGUFArray) {
        switch array {
        case .string(let items): self = .array(items.map { .string($0) })
        case .float32(let items): self = .array(items.map { .double(Double($0)) })
        case .float64(let items): self = .array(items.map { .double($0) })
        case .bool(let items): self = .array(items.map { .bool($0) })
        case .int32(let items): self = .array(items.map { .int(Int($0)) })
        case .uint32(let items): self = .array(items.map { .int(Int($0)) })
        case .int8(let items): self = .array(items.map { .int(Int($0)) })
        case .uint8(let items): self = .array(items.map { .int(Int($0)) })
        case .int16(let items): self = .array(items.map { .int(Int($0)) })
        case .uint16(let items): self = .array(items.map { .int(Int($0)) })
        case .int64(let items): self = .array(items.map { .int(Int($0)) })
        case .uint64(let items): self = .array(items.map { Int(exactly: $0).map { .int($0) } ?? .null })
        case .array(let items): self = .array(items.map { JSONValue(ggufArray: $0) })
        }
    }
}
