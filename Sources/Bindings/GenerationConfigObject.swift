import Foundation
import Lang
import Models
import PythonBasics

/// `model.generation_config` (transformers' `GenerationConfig`): the defaults `generate` uses for options a
/// call does not pass. Attributes can be read and set (`model.generation_config.max_new_tokens = 40`);
/// `GenerationConfig(**options)` builds one for `generate(..., generation_config=config)`.
final class GenerationConfigObject: HostBase {
    /// The options `generate` reads, with transformers' defaults.
    static let defaults: [(String, Value)] = [
        ("max_length", .int(20)), ("max_new_tokens", Value.none), ("min_length", .int(0)), ("min_new_tokens", Value.none),
        ("early_stopping", .bool(false)), ("do_sample", .bool(false)), ("num_beams", .int(1)), ("temperature", .float(1)),
        ("top_k", .int(50)), ("top_p", .float(1)), ("repetition_penalty", .float(1)), ("length_penalty", .float(1)),
        ("no_repeat_ngram_size", .int(0)), ("bad_words_ids", Value.none), ("num_return_sequences", .int(1)),
        ("output_scores", .bool(false)), ("return_dict_in_generate", .bool(false)), ("pad_token_id", Value.none),
        ("bos_token_id", Value.none), ("eos_token_id", Value.none),
    ]
    private(set) var fields: [(String, Value)]

    init(overrides: [(String, Value)] = []) {
        var merged = Self.defaults
        for (key, value) in overrides {
            if let index = merged.firstIndex(where: { $0.0 == key }) { merged[index].1 = value } else { merged.append((key, value)) }
        }
        fields = merged
    }

    /// The config of a loaded model: transformers' defaults plus the model's special token ids.
    convenience init(config: ModelConfig) {
        var ids: [(String, Value)] = []
        if let bos = config.bosTokenId { ids.append(("bos_token_id", .int(bos))) }
        if config.eosTokenIds.count == 1, let eos = config.eosTokenIds.first { ids.append(("eos_token_id", .int(eos))) }
        if config.eosTokenIds.count > 1 { ids.append(("eos_token_id", .list(config.eosTokenIds.map { .int($0) }))) }
        if let pad = config.padTokenId { ids.append(("pad_token_id", .int(pad))) }
        self.init(overrides: ids)
    }

    func get(_ name: String) -> Value? { fields.first { $0.0 == name }?.1 }

    /// The settings that differ from transformers' defaults, as `generation_config.json` entries
    /// (`GenerationConfig.to_diff_dict`: what `save_pretrained` writes).
    var changedEntries: [(String, JSONValue)] {
        fields.compactMap { key, value -> (String, JSONValue)? in
            let standard = Self.defaults.first { $0.0 == key }?.1
            guard standard.map({ $0.repr != value.repr }) ?? true, let json = try? value.coreJSON(what: "a generation setting") else { return nil }
            return (key, json)
        }
    }

    private func set(_ name: String, _ value: Value) {
        if let index = fields.firstIndex(where: { $0.0 == name }) { fields[index].1 = value } else { fields.append((name, value)) }
    }

    override var typeName: String { "GenerationConfig" }
    override func repr() -> String {
        let shown = fields.filter { key, value in
            let standard = Self.defaults.first { $0.0 == key }?.1
            return standard.map { $0.repr != value.repr } ?? true
        }
        return "GenerationConfig {\n" + shown.map { "  \"\($0.0)\": \(jsonText($0.1))" }.joined(separator: ",\n") + "\n}\n"
    }

    private func jsonText(_ value: Value) -> String {
        switch value {
        case .none: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .str(let s): return "\"\(s)\""
        case .list: return "[" + (value.sequenceItems ?? []).map(jsonText).joined(separator: ", ") + "]"
        default: return value.repr
        }
    }

    override var propertyNames: [String] { fields.map(\.0) }
    override func property(_ name: String, context: CallContext) throws -> Value? { get(name) }

    override func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool {
        guard fields.contains(where: { $0.0 == name }) else {
            throw ScriptError(.attributeError, "GenerationConfig has no option '\(name)'",
                              help: "options: " + fields.map(\.0).joined(separator: ", "))
        }
        set(name, value)
        return true
    }

    override func methods() -> [Builtin] {
        [
            method("to_dict", doc: "The options as a dict.", example: "model.generation_config.to_dict()") { _ in .dict(self.fields) },
            method("update", [.keywords("kwargs")], doc: "Set several options; returns the keywords it did not know.",
                   example: "model.generation_config.update(max_new_tokens=40)") { args in
                var unused: [(String, Value)] = []
                for (key, value) in args.keywords {
                    if self.fields.contains(where: { $0.0 == key }) { self.set(key, value) } else { unused.append((key, value)) }
                }
                return .dict(unused)
            },
        ]
    }

    /// `transformers.GenerationConfig(**options)`.
    static let builtin = Builtin("GenerationConfig", owner: "transformers", [.keywords("kwargs")],
                                 doc: "Generation defaults: GenerationConfig(max_new_tokens=40, num_beams=4, ...).",
                                 example: "config = GenerationConfig(max_new_tokens=40, do_sample=False)") { args in
        let known = Set(defaults.map(\.0))
        if let unknown = args.keywords.first(where: { !known.contains($0.0) }) {
            throw ScriptError(.typeError, "GenerationConfig got an unexpected option '\(unknown.0)'",
                              help: "options: " + defaults.map(\.0).joined(separator: ", "))
        }
        return .host(GenerationConfigObject(overrides: args.keywords))
    }
}

/// A model's `generation_config`, holding the model weakly (a freed model's entry is replaced).
final class GenerationConfigEntry {
    weak var model: PreTrainedModel?
    let config: GenerationConfigObject

    init(model: PreTrainedModel, config: GenerationConfigObject) {
        self.model = model
        self.config = config
    }
}

extension BindingsSessionState {
    /// The `generation_config` of a model network (a PeftModel shares its base model's).
    func generationConfig(for model: PreTrainedModel) -> GenerationConfigObject {
        let key = ObjectIdentifier(model)
        if let known = generationConfigs[key], known.model === model { return known.config }
        generationConfigs = generationConfigs.filter { $0.value.model != nil }
        let made = GenerationConfigObject(config: model.config)
        generationConfigs[key] = GenerationConfigEntry(model: model, config: made)
        return made
    }
}
