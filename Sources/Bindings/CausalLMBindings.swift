import Foundation
import Lang
import NumericArrays
import Models
import Tokenizers
import Training

/// What scripts use to generate with and fine-tune causal LMs: `model.generate(...)` (on plain and PEFT
/// models), `TextStreamer`, `DataCollatorForLanguageModeling` and `DataCollatorForSeq2Seq`.
enum CausalLMBindings {
    static let generateParameters: [Parameter] = [
        .optional("input_ids"), .optional("attention_mask"), Parameter("max_new_tokens", .int, default: .int(20)),
        Parameter("do_sample", .bool, default: .bool(false)), Parameter("temperature", .number, default: .float(1)),
        Parameter("top_k", .int, default: .int(50)), Parameter("top_p", .number, default: .float(1)),
        Parameter("repetition_penalty", .number, default: .float(1)), .optional("pad_token_id", .int),
        .optional("eos_token_id"), .optional("streamer"), .optional("seed", .int),
        .optional("max_length", .int), Parameter("min_new_tokens", .int, default: .int(0)), Parameter("min_length", .int, default: .int(0)),
        Parameter("num_beams", .int, default: .int(1)), Parameter("length_penalty", .number, default: .float(1)),
        Parameter("early_stopping", default: .bool(false)), Parameter("num_return_sequences", .int, default: .int(1)),
        Parameter("no_repeat_ngram_size", .int, default: .int(0)), .optional("bad_words_ids", .list),
        Parameter("return_dict_in_generate", .bool, default: .bool(false)), Parameter("output_scores", .bool, default: .bool(false)),
        .optional("generation_config"),
    ]

    /// `model.generate(input_ids, max_new_tokens=…, do_sample=…, …, streamer=TextStreamer(tok))` for
    /// `owner` (a model or a PEFT model, `model`, whose architecture can generate; LoRA layers stay active).
    static func generateMethod(_ owner: HostBase, _ model: any TaskModel) -> Builtin {
        owner.method("generate", generateParameters,
                     doc: "Continue prompts (greedy, or sampled with do_sample=True); returns each prompt + its new ids as a [batch, n] tensor.",
                     example: "out = model.generate(**enc, max_new_tokens=24)") { args in
            guard !args["input_ids"].isNone else {
                throw ScriptError(.valueError, "generate() needs input_ids",
                                  help: "encode a prompt first: enc = tokenizer('Hello', return_tensors='pt'); model.generate(**enc)")
            }
            let ids = try ModelInputs.ids(args["input_ids"], name: "input_ids")   // [batch, prompt]
            let mask = args["attention_mask"].isNone ? nil : try ModelInputs.ids(args["attention_mask"], name: "attention_mask")
            if let mask, mask.shape != ids.shape {
                throw ScriptError(.valueError, "attention_mask has shape \(shapeTuple(mask.shape)) but input_ids has shape \(shapeTuple(ids.shape))",
                                  help: "pass the tokenizer's output as it is: model.generate(**enc)")
            }
            var generationConfig = Bindings.state(args.context).generationConfig(for: model.network)
            if case .host(let given) = args["generation_config"] {
                guard let found = given as? GenerationConfigObject else {
                    throw ScriptError(.typeError, "generation_config must be a GenerationConfig, not \(given.typeName)")
                }
                generationConfig = found
            }
            var options = try GenerationArguments.options(args, config: generationConfig, promptLength: ids.shape[1])
            if let warning = GenerationArguments.defaultLengthWarning(args, generationConfig, promptLength: ids.shape[1]),
               Bindings.state(args.context).shownWarnings.insert(warning).inserted {
                try? args.context.writeError("warning: " + warning + "\n")
            }
            if let seed = try args.optionalInt("seed") {
                guard seed >= 0 else { throw ScriptError(.valueError, "seed must be non-negative, got \(seed)") }
                options.seed = UInt64(seed)
            } else if options.doSample {
                // Sampling draws its seed from the default torch generator, so torch.manual_seed(n) fixes the
                // sampled tokens (lorarepl's sampler, not torch.multinomial's values) and each call differs.
                options.seed = TorchRandom.global(args.context).randomInt64()
            }
            var streamer: TextStreamerObject?
            if case .host(let object) = args["streamer"] {
                guard let found = object as? TextStreamerObject else {
                    throw ScriptError(.typeError, "streamer must be a TextStreamer(tokenizer), not \(object.typeName)")
                }
                streamer = found
            } else if !args["streamer"].isNone {
                throw ScriptError(.typeError, "streamer must be a TextStreamer(tokenizer), not \(args["streamer"].typeName)")
            }
            if ids.shape[0] > 1, streamer != nil {
                throw ScriptError(.valueError, "a TextStreamer prints one sequence, but this batch has \(ids.shape[0]) prompts",
                                  help: "stream one prompt at a time, or leave streamer out")
            }
            if options.doSample, options.numBeams == 1, options.numReturnSequences > 1, streamer != nil {
                throw ScriptError(.valueError, "a TextStreamer prints one sequence, but num_return_sequences=\(options.numReturnSequences) asks for several",
                                  help: "leave streamer out, or use num_return_sequences=1")
            }
            // Each row is generated from its real tokens (attention_mask 1) with positions from 0, as
            // transformers computes them for a left-padded batch, so padding never reaches the model. Each
            // output row is its input row as given, then its new tokens, padded with pad_token_id to the
            // longest row (transformers' layout for left-padded batches).
            let width = ids.shape[1]
            let config = model.network.config
            let fill = Int32(clamping: try GenerationArguments.pick(args, generationConfig, "pad_token_id").intValue ?? config.padTokenId
                ?? options.eosTokenIds?.first.map(Int.init) ?? config.eosTokenIds.first ?? 0)
            var prompts: [[Int32]] = []
            for row in 0..<ids.shape[0] {
                let given = Array(ids.values[(row * width)..<((row + 1) * width)])
                let prompt = mask.map { mask in given.indices.filter { mask.values[row * width + $0] != 0 }.map { given[$0] } } ?? given
                guard !prompt.isEmpty else {
                    throw ScriptError(.valueError, "prompt \(row) of the batch has no tokens (its attention_mask is all 0)")
                }
                prompts.append(prompt)
            }
            let batched = options.numBeams == 1 && (prompts.count > 1 || (options.doSample && options.numReturnSequences > 1))
            if options.trace?.keepScores == true, prompts.count > 1, !batched {
                throw ScriptError(.notImplementedError, "output_scores with beam search and more than one prompt is not supported",
                                  help: "generate one prompt at a time to get its beams' scores")
            }
            let (fresh, traces) = batched
                ? try generateBatch(model, prompts: prompts, options: options, fill: fill, context: args.context)
                : try generateEach(model, prompts: prompts, options: options, streamer: streamer, context: args.context)
            var rows: [[Int32]] = []
            var warnedPositions = false
            let copies = fresh.count / max(1, prompts.count)
            for (index, prompt) in prompts.enumerated() {
                let returned = Array(fresh[(index * copies)..<((index + 1) * copies)])
                if let warning = positionLimitWarning(promptLength: prompt.count, generated: returned.map(\.count).max() ?? 0,
                                                      maxNewTokens: options.maxNewTokens, maxPositions: config.maxPositionEmbeddings),
                   !warnedPositions {
                    try args.context.warn(warning)
                    warnedPositions = true
                }
                let given = Array(ids.values[(index * width)..<((index + 1) * width)])
                rows += returned.map { given + $0 }
            }
            let longest = rows.map(\.count).max() ?? 0
            let values = rows.flatMap { $0 + Array(repeating: fill, count: longest - $0.count) }
            let sequences = TensorObject.wrap(NDArray(shape: [rows.count, longest], values: values.map(Double.init), dtype: .int64))
            guard try GenerationArguments.flag(args, generationConfig, "return_dict_in_generate") else { return sequences }
            return GenerationArguments.output(sequences: sequences, traces: traces, beams: options.numBeams > 1,
                                              scores: options.trace?.keepScores == true)
        }
    }

    /// Every prompt side by side (one forward per step): each prompt's returned sequences (sampling with
    /// num_return_sequences: that many, adjacent) and one trace whose steps hold a row per sequence.
    static func generateBatch(_ model: any TaskModel, prompts: [[Int32]], options: GenerationOptions, fill: Int32,
                              context: CallContext) throws -> ([[Int32]], [GenerationTrace]) {
        var options = options
        let trace = GenerationTrace(keepScores: options.trace?.keepScores ?? false)
        options.trace = trace
        var interrupt: Error?
        let fresh = try model.generate(batch: prompts, options: options, padTokenId: fill) {
            do { try context.checkInterrupt(); return true } catch { interrupt = error; return false }
        }
        if let interrupt { throw interrupt }
        return (fresh, [trace])
    }

    /// Prompt by prompt (one prompt, or beam search, whose beams run side by side): the new tokens of every
    /// returned sequence, prompt after prompt, and one trace per prompt.
    static func generateEach(_ model: any TaskModel, prompts: [[Int32]], options: GenerationOptions, streamer: TextStreamerObject?,
                             context: CallContext) throws -> ([[Int32]], [GenerationTrace]) {
        var sequences: [[Int32]] = []
        var traces: [GenerationTrace] = []
        for prompt in prompts {
            try streamer?.begin(prompt: prompt.map(Int.init), context: context)
            var streamError: Error?
            let trace = GenerationTrace(keepScores: options.trace?.keepScores ?? false)
            var rowOptions = options
            rowOptions.trace = trace
            let fresh = try model.generate(prompt, options: rowOptions) { token in
                do {
                    try streamer?.put(Int(token), context: context)
                    try context.checkInterrupt()
                    return true
                } catch {
                    streamError = error
                    return false
                }
            }
            try streamer?.end(context: context)
            if let streamError { throw streamError }
            // num_return_sequences: the other beams (beam search).
            let returned = trace.sequences.isEmpty ? [fresh] : trace.sequences
            sequences += returned
            traces.append(trace)
        }
        return (sequences, traces)
    }

    /// The warning when generation stopped because prompt + new tokens reached `max_position_embeddings`
    /// before `max_new_tokens` (the KV cache holds at most that many positions; transformers would run on
    /// past the positions the model was trained for). nil when generation ended for another reason.
    static func positionLimitWarning(promptLength: Int, generated: Int, maxNewTokens: Int, maxPositions: Int) -> String? {
        guard generated < maxNewTokens, promptLength + generated >= maxPositions else { return nil }
        return "generation stopped at \(maxPositions) positions (the \(promptLength)-token prompt + \(generated) new tokens, "
            + "not the \(maxNewTokens) asked for) because this model was trained for at most \(maxPositions) (max_position_embeddings); "
            + "use a shorter prompt or a smaller max_new_tokens (at most \(max(0, maxPositions - promptLength)) for this prompt)"
    }

    /// `eos_token_id=` as an int or a list of ints (nil: the model's own).
    static func eosIds(_ value: Value) throws -> [Int32]? {
        if value.isNone { return nil }
        if let id = value.intValue { return [Int32(clamping: id)] }
        guard let items = value.sequenceItems else {
            throw ScriptError(.typeError, "eos_token_id must be an int or a list of ints, not \(value.typeName)")
        }
        return try items.map { item in
            guard let id = item.intValue else { throw ScriptError(.typeError, "eos_token_id must hold ints, not \(item.typeName)") }
            return Int32(clamping: id)
        }
    }

    static func tokenizerArgument(_ value: Value, caller: String) throws -> TokenizerObject {
        guard case .host(let object) = value, let tokenizer = object as? TokenizerObject else {
            throw ScriptError(.typeError, "\(caller)() needs a tokenizer, not \(value.typeName)",
                              help: "pass the model's tokenizer: \(caller)(tokenizer)")
        }
        return tokenizer
    }

    static let textStreamer = Builtin("TextStreamer", [Parameter("tokenizer").relaxed, Parameter("skip_prompt", .bool, default: .bool(false)),
                                                       Parameter("skip_special_tokens", .bool, default: .bool(false))],
                                      doc: "Prints generated text as it is produced: model.generate(..., streamer=TextStreamer(tokenizer)).",
                                      example: "model.generate(**enc, max_new_tokens=40, streamer=TextStreamer(tokenizer, skip_prompt=True))") { args in
        try bridged {
            .host(TextStreamerObject(tokenizer: try tokenizerArgument(args["tokenizer"], caller: "TextStreamer").tokenizer,
                                     skipPrompt: try args.bool("skip_prompt"), skipSpecialTokens: try args.bool("skip_special_tokens")))
        }
    }

    /// The id causal-LM collators pad with: the tokenizer's pad token, else its end-of-text token.
    static func padTokenId(_ tokenizer: TokenizerObject) throws -> Int32 {
        guard let pad = tokenizer.tokenizer.padTokenId ?? tokenizer.tokenizer.eosTokenId else {
            throw ScriptError(.valueError, "this tokenizer has neither a padding nor an end-of-text token, so batches cannot be padded",
                              help: "set one first: tokenizer.pad_token = tokenizer.eos_token")
        }
        return Int32(clamping: pad)
    }

    static let languageModelingCollator = Builtin("DataCollatorForLanguageModeling", [
        Parameter("tokenizer").relaxed, Parameter("mlm", .bool, default: .bool(true)), Parameter("mlm_probability", .number, default: .float(0.15)),
        .optional("pad_to_multiple_of", .int), .optional("return_tensors", .str),
    ], doc: "Pads each batch and sets labels = input_ids (padding -100) for causal-LM training; pass mlm=False.",
       example: "collator = DataCollatorForLanguageModeling(tokenizer, mlm=False)") { args in
        try bridged {
            let tokenizer = try tokenizerArgument(args["tokenizer"], caller: "DataCollatorForLanguageModeling")
            let collator = try DataCollatorWithPadding.forLanguageModeling(padTokenId: try padTokenId(tokenizer), mlm: try args.bool("mlm"),
                                                                           padToMultipleOf: try args.optionalInt("pad_to_multiple_of"))
            return .host(DataCollatorObject(collator, name: "DataCollatorForLanguageModeling"))
        }
    }

    static let seq2SeqCollator = Builtin("DataCollatorForSeq2Seq", [
        Parameter("tokenizer").relaxed, .optional("model"), Parameter("padding", .oneOf([.bool, .str]), default: .bool(true)),
        .optional("max_length", .int), .optional("pad_to_multiple_of", .int),
        Parameter("label_pad_token_id", .int, default: .int(-100)), .optional("return_tensors", .str),
    ], doc: "Pads input_ids/attention_mask and the rows' own labels (with -100): for instruction tuning with masked prompts.",
       example: "collator = DataCollatorForSeq2Seq(tokenizer)") { args in
        try bridged {
            let tokenizer = try tokenizerArgument(args["tokenizer"], caller: "DataCollatorForSeq2Seq")
            guard try args.int("label_pad_token_id") == -100 else {
                throw ScriptError(.valueError, "label_pad_token_id must be -100 here (the index the loss ignores)",
                                  help: "leave label_pad_token_id out")
            }
            let collator = DataCollatorWithPadding(padTokenId: try padTokenId(tokenizer), padding: try DataCollatorObject.padding(args),
                                                   padToMultipleOf: try args.optionalInt("pad_to_multiple_of"))
            return .host(DataCollatorObject(collator, name: "DataCollatorForSeq2Seq"))
        }
    }

    static let builtins: [Builtin] = [textStreamer, languageModelingCollator, seq2SeqCollator]
}

/// `TextStreamer(tokenizer, skip_prompt=False, skip_special_tokens=False)`: `generate` hands it every
/// new token; it prints the text as soon as it is complete (a character split over several byte tokens
/// waits for its last byte).
final class TextStreamerObject: HostBase {
    let tokenizer: any Tokenizer
    let skipPrompt: Bool
    let skipSpecialTokens: Bool
    private var tokens: [Int] = []
    private var printed = ""

    init(tokenizer: any Tokenizer, skipPrompt: Bool, skipSpecialTokens: Bool) {
        self.tokenizer = tokenizer
        self.skipPrompt = skipPrompt
        self.skipSpecialTokens = skipSpecialTokens
    }

    override var typeName: String { "TextStreamer" }
    override func repr() -> String { "TextStreamer(skip_prompt=\(skipPrompt ? "True" : "False"), skip_special_tokens=\(skipSpecialTokens ? "True" : "False"))" }

    func begin(prompt: [Int], context: CallContext) throws {
        tokens = []
        printed = ""
        guard !skipPrompt else { return }
        tokens = prompt
        try flush(context: context, final: true)
    }

    func put(_ token: Int, context: CallContext) throws {
        tokens.append(token)
        try flush(context: context, final: false)
    }

    func end(context: CallContext) throws {
        try flush(context: context, final: true)
        try context.write("\n")
        tokens = []
        printed = ""
    }

    /// Writes what the decoded text gained since the last call; holds back a trailing incomplete
    /// character (decoded as U+FFFD) until its remaining bytes arrive, unless `final`.
    private func flush(context: CallContext, final: Bool) throws {
        var text = tokenizer.decode(tokens, skipSpecialTokens: skipSpecialTokens)
        if !final { while text.hasSuffix("\u{FFFD}") { text.removeLast() } }
        guard text.count > printed.count, text.hasPrefix(printed) else { return }
        try context.write(String(text.dropFirst(printed.count)))
        printed = text
    }
}
