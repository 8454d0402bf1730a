import Foundation
import Lang
import NumericArrays
import Models

/// The generation options of `model.generate(...)` beyond the basics (issue 14, item 6): minimum lengths,
/// `no_repeat_ngram_size`, `bad_words_ids`, beam search (`num_beams`, `length_penalty`, `early_stopping`),
/// `num_return_sequences`, and the `return_dict_in_generate` output with `output_scores`.
enum GenerationArguments {
    /// An option as the call gives it, else as `generation_config` sets it (transformers' rule). The
    /// config's `max_length` default (20 in total) is not applied: lorarepl's default is 20 new tokens.
    static func pick(_ args: Arguments, _ config: GenerationConfigObject, _ name: String) -> Value {
        if args.isPassed(name) { return args[name] }
        if let value = config.get(name), !value.isNone {
            if name == "max_length", value.intValue == 20 { return args[name] }
            return value
        }
        return args[name]
    }

    /// transformers 5.25's warning when neither the call nor the generation config bounds the length: it then
    /// generates 20 new tokens (its `max_length` default of 20, plus the prompt) and says so. nil when a bound is set.
    static func defaultLengthWarning(_ args: Arguments, _ config: GenerationConfigObject, promptLength: Int) -> String? {
        let newTokensGiven = args.isPassed("max_new_tokens") || !(config.get("max_new_tokens") ?? Value.none).isNone
        let lengthGiven = args.isPassed("max_length") || !((config.get("max_length") ?? Value.none).isNone || config.get("max_length")?.intValue == 20)
        guard !newTokensGiven, !lengthGiven else { return nil }
        return "Using the model-agnostic default `max_length` (=\(20 + promptLength)) to control the generation length, "
            + "i.e. 20 new tokens. We recommend setting `max_new_tokens` to control the maximum length of the generation, "
            + "e.g. model.generate(**inputs, max_new_tokens=50)."
    }

    static func flag(_ args: Arguments, _ config: GenerationConfigObject, _ name: String) throws -> Bool {
        let value = pick(args, config, name)
        guard case .bool(let b) = value else { throw ScriptError(.typeError, "\(name) must be True or False, not \(value.typeName)") }
        return b
    }

    static func options(_ args: Arguments, config: GenerationConfigObject, promptLength: Int) throws -> GenerationOptions {
        func int(_ name: String) throws -> Int {
            let value = pick(args, config, name)
            guard let n = value.intValue else {
                throw ScriptError(.typeError, "\(name) must be an int, not \(value.typeName)")
            }
            return n
        }
        func number(_ name: String) throws -> Float {
            let value = pick(args, config, name)
            guard let x = Convert.double(value) else { throw ScriptError(.typeError, "\(name) must be a number, not \(value.typeName)") }
            return Float(x)
        }
        var options = GenerationOptions()
        let newTokensGiven = args.isPassed("max_new_tokens") || !(config.get("max_new_tokens") ?? Value.none).isNone
        if !newTokensGiven, let total = pick(args, config, "max_length").intValue {
            options.maxNewTokens = Swift.max(0, total - promptLength)   // max_length counts the prompt
        } else {
            options.maxNewTokens = try int("max_new_tokens")
        }
        options.doSample = try flag(args, config, "do_sample")
        options.temperature = try number("temperature")
        options.topK = try int("top_k")
        options.topP = try number("top_p")
        options.repetitionPenalty = try number("repetition_penalty")
        options.eosTokenIds = try CausalLMBindings.eosIds(pick(args, config, "eos_token_id"))
        options.minNewTokens = pick(args, config, "min_new_tokens").isNone ? 0 : try int("min_new_tokens")
        options.minLength = try int("min_length")
        options.numBeams = try int("num_beams")
        options.lengthPenalty = try number("length_penalty")
        options.numReturnSequences = try int("num_return_sequences")
        options.noRepeatNgramSize = try int("no_repeat_ngram_size")
        let stopping = pick(args, config, "early_stopping")
        switch stopping {
        case .bool(true): options.earlyStopping = .always
        case .bool(false): options.earlyStopping = .heuristic
        case .str("never"): options.earlyStopping = .never
        default: throw ScriptError(.valueError, "early_stopping must be True, False or 'never', not \(stopping.repr)")
        }
        let bad = pick(args, config, "bad_words_ids")
        if !bad.isNone {
            guard let lists = bad.sequenceItems else {
                throw ScriptError(.valueError, "`bad_words_ids` has to be a list of lists of positive integers, got \(bad.repr)")
            }
            options.badWordsIds = try lists.map { words in
                guard let items = words.sequenceItems else {
                    throw ScriptError(.valueError, "`bad_words_ids` has to be a list of lists of positive integers, got \(bad.repr)",
                                      help: "e.g. bad_words_ids=tokenizer(['bad word'], add_special_tokens=False).input_ids")
                }
                return try items.map { item in
                    guard let id = item.intValue, id >= 0 else {
                        throw ScriptError(.valueError, "`bad_words_ids` has to be a list of lists of positive integers, got \(bad.repr)")
                    }
                    return Int32(clamping: id)
                }
            }
        }
        if try flag(args, config, "output_scores") { options.trace = GenerationTrace(keepScores: true) }
        return options
    }

    /// transformers' `GenerateDecoderOnlyOutput` / `GenerateBeamDecoderOnlyOutput`.
    static func output(sequences: Value, traces: [GenerationTrace], beams: Bool, scores: Bool) -> Value {
        var stepScores: Value = Value.none
        if scores, let trace = traces.first {
            stepScores = .tuple(trace.scores.map { rows in
                TensorObject.wrap(NDArray(shape: [rows.count, rows.first?.count ?? 0], values: rows.flatMap { $0.map(Double.init) }))
            })
        }
        var fields: [(String, Value)] = [("sequences", sequences)]
        if beams {
            let best = traces.flatMap(\.sequenceScores)
            fields.append(("sequences_scores", scores ? TensorObject.wrap(NDArray(shape: [best.count], values: best.map(Double.init))) : Value.none))
        }
        fields += [("scores", stepScores), ("logits", Value.none)]
        if beams { fields.append(("beam_indices", Value.none)) }
        fields += [("attentions", Value.none), ("hidden_states", Value.none), ("past_key_values", Value.none)]
        return .host(RecordObject(beams ? "GenerateBeamDecoderOnlyOutput" : "GenerateDecoderOnlyOutput", fields))
    }
}
