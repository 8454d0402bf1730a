import Foundation
import PythonBasics
import TensorCore

/// The architectures lorarepl can build.
public enum ModelType: String, CaseIterable {
    case bert, distilbert, llama
}

/// What loss a sequence-classification head computes (transformers' `problem_type`).
public enum ProblemType: String {
    case regression
    case singleLabelClassification = "single_label_classification"
    case multiLabelClassification = "multi_label_classification"
}

/// A model's hyper-parameters, read from `config.json` (or GGUF metadata), with the names unified
/// across architectures (DistilBERT's `dim` is `hiddenSize`, `n_layers` is `numHiddenLayers`, …).
///
/// `raw` keeps every key of the source file, so `save_pretrained` writes back what was read, plus the
/// label maps as they are now.
public struct ModelConfig {
    public var modelType: ModelType
    /// `architectures` from the file, e.g. `["BertModel"]`.
    public var architectures: [String]
    /// What the user typed (a hub name or a path).
    public var nameOrPath: String

    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    /// LLaMA grouped-query attention; equals `numAttentionHeads` for BERT-family models.
    public var numKeyValueHeads: Int
    public var intermediateSize: Int
    /// Per-head size (`hidden_size / num_attention_heads` unless the config says `head_dim`).
    public var headDim: Int
    /// "gelu" (exact erf), "gelu_new"/"gelu_pytorch_tanh" (tanh form), "relu", "silu".
    public var hiddenAct: String
    public var hiddenDropoutProb: Float
    public var attentionProbsDropoutProb: Float
    /// BERT's `classifier_dropout` (nil → `hidden_dropout_prob`); DistilBERT's `seq_classif_dropout`.
    public var classifierDropout: Float?
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float
    public var rmsNormEps: Float
    public var ropeTheta: Double
    public var initializerRange: Float
    public var padTokenId: Int?
    public var bosTokenId: Int?
    public var eosTokenIds: [Int]
    public var tieWordEmbeddings: Bool
    public var attentionBias: Bool
    public var mlpBias: Bool
    public var problemType: ProblemType?

    /// Label names by class index, like `config.id2label`.
    public private(set) var id2label: [Int: String]
    /// Class index by label name, like `config.label2id`.
    public private(set) var label2id: [String: Int]
    /// Number of classes of a classification head (`len(id2label)`).
    public var numLabels: Int { id2label.count }

    /// Every key of the source `config.json` (or the GGUF-derived equivalent).
    public var raw: [String: JSONValue]

    /// Sets the number of labels like transformers' `num_labels` setter: a map of another size is
    /// replaced by `LABEL_0…LABEL_{n-1}`.
    public mutating func setNumLabels(_ count: Int) throws {
        guard count >= 1, count <= 1_000_000 else {
            throw ModelError("num_labels must be at least 1, got \(count)", help: "pass the number of classes, e.g. num_labels=3")
        }
        if id2label.count != count {
            id2label = Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, "LABEL_\($0)") })
            label2id = Dictionary(uniqueKeysWithValues: id2label.map { ($1, $0) })
        }
    }

    /// Applies `from_pretrained` overrides (`num_labels=`, `id2label=`, `label2id=`) the way
    /// transformers does; contradictory ones are an error.
    public mutating func applyLabelOverrides(numLabels: Int?, id2label newId2label: [Int: String]?,
                                             label2id newLabel2id: [String: Int]?) throws {
        if let numLabels, let newId2label, newId2label.count != numLabels {
            throw ModelError("num_labels=\(numLabels) does not match id2label, which has \(newId2label.count) entries",
                             help: "remove one of them, or make id2label list exactly num_labels classes")
        }
        if let numLabels { try setNumLabels(numLabels) }
        if let newId2label {
            guard !newId2label.isEmpty else { throw ModelError("id2label is empty", help: "give one name per class, e.g. {0: \"negative\", 1: \"positive\"}") }
            let indices = newId2label.keys.sorted()
            guard indices == Array(0..<indices.count) else {
                throw ModelError("id2label keys must be 0…\(indices.count - 1), got \(indices)", help: "number the classes from 0 without gaps")
            }
            id2label = newId2label
            label2id = Dictionary(newId2label.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
        if let newLabel2id {
            let ids = Set(newLabel2id.values)
            guard ids == Set(0..<id2label.count) else {
                throw ModelError("label2id values \(newLabel2id.values.sorted()) do not match the \(id2label.count) class ids 0…\(id2label.count - 1)",
                                 help: "give every class exactly one name, or set num_labels to match")
            }
            label2id = newLabel2id
            if newId2label == nil {
                id2label = Dictionary(newLabel2id.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            }
        }
    }

    /// The transformers version written into saved configs that do not carry one (the version the
    /// reference fixtures were recorded with).
    static let defaultTransformersVersion = "5.24.0"

    /// The `config.json` to write with `save_pretrained`: the raw keys plus the current label maps.
    /// `omitDefaultLabels`: leave out `id2label`/`label2id` when they are transformers' defaults
    /// (`LABEL_0`, `LABEL_1`), as transformers does for models without a classification head.
    public func jsonObject(omitDefaultLabels: Bool = false) -> JSONValue {
        var out = raw
        let defaultLabels = id2label == [0: "LABEL_0", 1: "LABEL_1"]
        if omitDefaultLabels && defaultLabels {
            out["id2label"] = nil
            out["label2id"] = nil
        } else {
            out["id2label"] = .sortedObject(Dictionary(uniqueKeysWithValues: id2label.map { (String($0), JSONValue.string($1)) }))
            out["label2id"] = .sortedObject(label2id.mapValues { .int($0) })
        }
        if out["transformers_version"] == nil { out["transformers_version"] = .string(Self.defaultTransformersVersion) }
        out["model_type"] = .string(modelType.rawValue)
        if !architectures.isEmpty { out["architectures"] = .array(architectures.map { .string($0) }) }
        if let problemType { out["problem_type"] = .string(problemType.rawValue) }
        return .sortedObject(out)
    }

    init(modelType: ModelType, raw: [String: JSONValue], nameOrPath: String) {
        (self.modelType, self.raw, self.nameOrPath) = (modelType, raw, nameOrPath)
        architectures = []
        vocabSize = 30522; hiddenSize = 768; numHiddenLayers = 12; numAttentionHeads = 12; numKeyValueHeads = 12
        intermediateSize = 3072; headDim = 64; hiddenAct = "gelu"
        hiddenDropoutProb = 0.1; attentionProbsDropoutProb = 0.1; classifierDropout = nil
        maxPositionEmbeddings = 512; typeVocabSize = 2; layerNormEps = 1e-12; rmsNormEps = 1e-6
        ropeTheta = 10000; initializerRange = 0.02
        padTokenId = 0; bosTokenId = nil; eosTokenIds = []
        tieWordEmbeddings = false; attentionBias = false; mlpBias = false; problemType = nil
        id2label = [0: "LABEL_0", 1: "LABEL_1"]
        label2id = ["LABEL_0": 0, "LABEL_1": 1]
    }
}

// MARK: - Reading config.json

extension ModelConfig {
    /// Reads `config.json` from a model folder.
    public static func load(folder: URL, nameOrPath: String? = nil) throws -> ModelConfig {
        let file = folder.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ModelError("no config.json in \(folder.path)",
                             help: "a Hugging Face model folder holds config.json next to model.safetensors")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError("\(file.path) is not UTF-8 text", help: "re-download config.json")
        }
        return try parse(json: text, source: file.path, nameOrPath: nameOrPath ?? folder.path)
    }

    /// Parses `config.json` text.
    public static func parse(json text: String, source: String = "config.json", nameOrPath: String = "") throws -> ModelConfig {
        guard let object = try JSONValue.parseConfigObject(text, source: source) else {
            throw ModelError("\(source) must hold a JSON object", help: "config.json starts with '{'")
        }
        return try fromObject(object, source: source, nameOrPath: nameOrPath)
    }

    /// Builds a config from the keys of `config.json`.
    public static func fromObject(_ object: [String: JSONValue], source: String = "config.json",
                                  nameOrPath: String = "") throws -> ModelConfig {
        let reader = ConfigReader(object: object, source: source)
        guard let typeName = object["model_type"]?.stringValue else {
            throw ModelError("\(source) has no \"model_type\"",
                             help: "supported model types: \(ModelType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let modelType = ModelType(rawValue: typeName) else {
            throw ModelError("model type \"\(typeName)\" is not supported yet (from \(source))",
                             notes: ["lorarepl builds: \(ModelType.allCases.map(\.rawValue).joined(separator: ", "))"],
                             help: "use a BERT, DistilBERT or LLaMA-family checkpoint")
        }
        var config = ModelConfig(modelType: modelType, raw: object, nameOrPath: nameOrPath)
        config.architectures = object["architectures"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch modelType {
        case .bert: try config.readBert(reader)
        case .distilbert: try config.readDistilBert(reader)
        case .llama: try config.readLlama(reader)
        }
        config.initializerRange = try reader.float("initializer_range", default: 0.02)
        config.padTokenId = try reader.optionalInt("pad_token_id", default: config.padTokenId)
        config.bosTokenId = try reader.optionalInt("bos_token_id", default: config.bosTokenId)
        if let eos = object["eos_token_id"] {
            if let single = eos.configInt { config.eosTokenIds = [single] } else { config.eosTokenIds = eos.arrayValue?.compactMap(\.configInt) ?? [] }
        }
        if let problem = object["problem_type"]?.stringValue {
            guard let parsed = ProblemType(rawValue: problem) else {
                throw ModelError("\(source): problem_type \"\(problem)\" is not one of regression, single_label_classification, multi_label_classification")
            }
            config.problemType = parsed
        }
        try config.readLabels(object, source: source)
        try config.validate(source: source)
        return config
    }

    /// The config.json names of the sizes every encoder family has (BERT's and DistilBERT's spellings).
    private struct EncoderKeys {
        let hidden, layers, heads, intermediate, activation, hiddenDropout, attentionDropout: String
        let defaultLayers: Int

        static let bert = EncoderKeys(hidden: "hidden_size", layers: "num_hidden_layers", heads: "num_attention_heads",
                                      intermediate: "intermediate_size", activation: "hidden_act", hiddenDropout: "hidden_dropout_prob",
                                      attentionDropout: "attention_probs_dropout_prob", defaultLayers: 12)
        static let distilBert = EncoderKeys(hidden: "dim", layers: "n_layers", heads: "n_heads", intermediate: "hidden_dim",
                                            activation: "activation", hiddenDropout: "dropout", attentionDropout: "attention_dropout",
                                            defaultLayers: 6)
    }

    /// The sizes, activation and dropouts of a BERT-like encoder (transformers' defaults for bert-base).
    private mutating func readEncoderSizes(_ reader: ConfigReader, _ keys: EncoderKeys) throws {
        vocabSize = try reader.int("vocab_size", default: 30522)
        hiddenSize = try reader.int(keys.hidden, default: 768)
        numHiddenLayers = try reader.int(keys.layers, default: keys.defaultLayers)
        numAttentionHeads = try reader.int(keys.heads, default: 12)
        numKeyValueHeads = numAttentionHeads
        intermediateSize = try reader.int(keys.intermediate, default: 3072)
        hiddenAct = try reader.string(keys.activation, default: "gelu")
        hiddenDropoutProb = try reader.float(keys.hiddenDropout, default: 0.1)
        attentionProbsDropoutProb = try reader.float(keys.attentionDropout, default: 0.1)
        maxPositionEmbeddings = try reader.int("max_position_embeddings", default: 512)
        tieWordEmbeddings = try reader.bool("tie_word_embeddings", default: true)
        headDim = hiddenSize / max(numAttentionHeads, 1)
    }

    private mutating func readBert(_ reader: ConfigReader) throws {
        try readEncoderSizes(reader, .bert)
        classifierDropout = try reader.optionalFloat("classifier_dropout")
        typeVocabSize = try reader.int("type_vocab_size", default: 2)
        layerNormEps = try reader.float("layer_norm_eps", default: 1e-12)
        let positionType = try reader.string("position_embedding_type", default: "absolute")
        guard positionType == "absolute" else {
            throw ModelError("\(reader.source): position_embedding_type \"\(positionType)\" is not supported (only \"absolute\")")
        }
    }

    private mutating func readDistilBert(_ reader: ConfigReader) throws {
        try readEncoderSizes(reader, .distilBert)
        classifierDropout = try reader.float("seq_classif_dropout", default: 0.2)
        typeVocabSize = 0
        layerNormEps = 1e-12
        if try reader.bool("sinusoidal_pos_embds", default: false) {
            throw ModelError("\(reader.source): sinusoidal_pos_embds=true is not supported yet",
                             help: "use a DistilBERT checkpoint with learned position embeddings (the usual case)")
        }
    }

    private mutating func readLlama(_ reader: ConfigReader) throws {
        vocabSize = try reader.int("vocab_size", default: 32000)
        hiddenSize = try reader.int("hidden_size", default: 4096)
        numHiddenLayers = try reader.int("num_hidden_layers", default: 32)
        numAttentionHeads = try reader.int("num_attention_heads", default: 32)
        numKeyValueHeads = try reader.optionalInt("num_key_value_heads", default: nil) ?? numAttentionHeads
        intermediateSize = try reader.int("intermediate_size", default: 11008)
        hiddenAct = try reader.string("hidden_act", default: "silu")
        hiddenDropoutProb = 0
        attentionProbsDropoutProb = try reader.float("attention_dropout", default: 0)
        maxPositionEmbeddings = try reader.int("max_position_embeddings", default: 2048)
        rmsNormEps = try reader.float("rms_norm_eps", default: 1e-6)
        tieWordEmbeddings = try reader.bool("tie_word_embeddings", default: false)
        attentionBias = try reader.bool("attention_bias", default: false)
        mlpBias = try reader.bool("mlp_bias", default: false)
        headDim = try reader.optionalInt("head_dim", default: nil) ?? hiddenSize / max(numAttentionHeads, 1)
        padTokenId = nil
        bosTokenId = 1
        eosTokenIds = [2]
        // transformers 5 nests rope settings in `rope_parameters`; 4.x used `rope_theta` + `rope_scaling`.
        let ropeObject = reader.object["rope_parameters"]?.keyedMembers ?? reader.object["rope_scaling"]?.keyedMembers
        if let theta = ropeObject?["rope_theta"]?.doubleValue { ropeTheta = theta } else {
            ropeTheta = try reader.double("rope_theta", default: 10000)
        }
        let ropeType = ropeObject?["rope_type"]?.stringValue ?? ropeObject?["type"]?.stringValue ?? "default"
        guard ropeType == "default" else {
            throw ModelError("\(reader.source): RoPE scaling \"\(ropeType)\" is not supported yet (only the default RoPE)",
                             help: "use a model without rope_scaling, or open an issue naming the model")
        }
    }

    private mutating func readLabels(_ object: [String: JSONValue], source: String) throws {
        var labels: [Int: String]?
        if let map = object["id2label"]?.keyedMembers {
            var parsed: [Int: String] = [:]
            for (key, value) in map {
                guard let index = Int(key), let name = value.stringValue else {
                    throw ModelError("\(source): id2label entry \"\(key)\": \(value.compactJSON) is not an index → name pair")
                }
                parsed[index] = name
            }
            labels = parsed
        }
        var names: [String: Int]?
        if let map = object["label2id"]?.keyedMembers {
            var parsed: [String: Int] = [:]
            for (key, value) in map {
                guard let index = value.configInt else { throw ModelError("\(source): label2id[\"\(key)\"] is not an integer") }
                parsed[key] = index
            }
            names = parsed
        }
        let count = object["num_labels"]?.configInt
        if let labels, !labels.isEmpty {
            try applyLabelOverrides(numLabels: nil, id2label: labels, label2id: nil)
            if let names, Set(names.values) == Set(0..<labels.count) { label2id = names }
        } else if let count {
            try setNumLabels(count)
        }
    }

    /// Reads `generation_config.json` when the folder has one: its `eos_token_id` (one id or a list)
    /// and `bos_token_id` are what `generate()` uses, as in transformers.
    public mutating func applyGenerationConfig(in folder: URL) throws {
        let file = folder.appendingPathComponent("generation_config.json")
        guard let data = FileManager.default.contents(atPath: file.path) else { return }
        guard let object = try JSONValue.parseConfigObject(String(decoding: data, as: UTF8.self), source: file.path) else {
            throw ModelError("\(file.path) must hold a JSON object", help: "fix or delete generation_config.json")
        }
        if let eos = object["eos_token_id"] {
            if let single = eos.configInt { eosTokenIds = [single] } else if let list = eos.arrayValue { eosTokenIds = list.compactMap(\.configInt) }
        }
        if let bos = object["bos_token_id"]?.configInt { bosTokenId = bos }
    }

    func validate(source: String) throws {
        let sizes: [(String, Int)] = [("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                                      ("num_attention_heads", numAttentionHeads), ("num_key_value_heads", numKeyValueHeads),
                                      ("intermediate_size", intermediateSize), ("max_position_embeddings", maxPositionEmbeddings),
                                      ("head_dim", headDim)]
        for (name, value) in sizes where value < 1 || value > 10_000_000 {
            throw ModelError("\(source): \(name) = \(value) is out of range", help: "check the model's config")
        }
        let largest = [vocabSize * hiddenSize, intermediateSize * hiddenSize, maxPositionEmbeddings * hiddenSize,
                       numAttentionHeads * headDim * hiddenSize].max() ?? 0
        guard largest <= 2_000_000_000 else {
            throw ModelError("\(source) describes a weight matrix of \(largest) values, more than lorarepl can hold",
                             help: "check vocab_size, hidden_size and intermediate_size in the config")
        }
        if modelType != .llama, hiddenSize % numAttentionHeads != 0 {
            throw ModelError("\(source): hidden size \(hiddenSize) is not a multiple of the \(numAttentionHeads) attention heads")
        }
        if numAttentionHeads % numKeyValueHeads != 0 {
            throw ModelError("\(source): \(numAttentionHeads) attention heads are not a multiple of \(numKeyValueHeads) key/value heads")
        }
        guard (try? Activation(huggingFaceName: hiddenAct)) != nil else {
            throw ModelError("\(source): activation \"\(hiddenAct)\" is not supported",
                             help: "supported: gelu, gelu_new, gelu_pytorch_tanh, relu, silu")
        }
    }
}

/// Typed access to config keys with defaults and clear errors.
struct ConfigReader {
    let object: [String: JSONValue]
    let source: String

    func int(_ key: String, default value: Int) throws -> Int { try typed(key, "an integer", \.configInt) ?? value }

    func optionalInt(_ key: String, default value: Int?) throws -> Int? {
        guard object[key] != nil else { return value }
        return try typed(key, "an integer or null", \.configInt)
    }

    func double(_ key: String, default value: Double) throws -> Double { try typed(key, "a number", \.doubleValue) ?? value }

    func float(_ key: String, default value: Float) throws -> Float { Float(try double(key, default: Double(value))) }

    func optionalFloat(_ key: String) throws -> Float? { try typed(key, "a number or null", \.doubleValue).map(Float.init) }

    func string(_ key: String, default value: String) throws -> String { try typed(key, "a string", \.stringValue) ?? value }

    func bool(_ key: String, default value: Bool) throws -> Bool { try typed(key, "true or false", \.boolValue) ?? value }

    /// The entry at `key` as `T`: nil when it is absent or null, an error naming `expected` for another type.
    private func typed<T>(_ key: String, _ expected: String, _ extract: (JSONValue) -> T?) throws -> T? {
        guard let entry = object[key], !entry.isNull else { return nil }
        guard let result = extract(entry) else { throw typeError(key, entry, expected) }
        return result
    }

    private func typeError(_ key: String, _ value: JSONValue, _ expected: String) -> ModelError {
        ModelError("\(source): \"\(key)\" is \(value.compactJSON), expected \(expected)", help: "fix that entry of config.json")
    }
}
