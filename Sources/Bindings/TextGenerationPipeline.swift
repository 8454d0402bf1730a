import Foundation
import Lang
import NumericArrays

/// `pipeline("text-generation", model=model, tokenizer=tokenizer)`: `generator(text, **generate_options)` gives
/// `[{"generated_text": prompt + continuation}]` (`return_full_text=False`: the continuation only); a list of
/// texts gives one such list per text; chat messages (a list of `{"role", "content"}` dicts) are formatted
/// with the tokenizer's chat template and come back with the assistant's reply appended, as transformers does.
/// `batch_size=n` generates a list of texts n at a time as one left-padded batch (one forward per step);
/// like transformers, the pipeline sets a right-padding tokenizer's `padding_side` to "left" and needs a
/// pad token to batch.
final class TextGenerationPipelineObject: HostBase {
    let model: Value
    let tokenizer: TokenizerObject

    init(model: Value, tokenizer: TokenizerObject, context: CallContext) throws {
        self.model = model
        self.tokenizer = tokenizer
        super.init()
        if case .str("right") = try tokenizer.getAttribute("padding_side", context: context) ?? Value.none {
            _ = try tokenizer.setAttribute("padding_side", .str("left"), context: context)
        }
    }

    override var typeName: String { "TextGenerationPipeline" }
    override func repr() -> String { "TextGenerationPipeline(model=\(model.typeName))" }

    override func asCallable() -> Builtin? {
        method("__call__", [Parameter("text_inputs"), .keyword("return_full_text", .bool, default: .bool(true)),
                            .keyword("batch_size", .int, default: .int(1)), .keywords("generate_kwargs")],
               doc: "Continue a text (or each of a list of texts, batch_size at a time, or a chat); keywords go to model.generate.",
               example: "generator(['Once upon a time', 'The weather'], batch_size=2, max_new_tokens=20)") { args in
            let inputs = args["text_inputs"]
            let full = try args.bool("return_full_text")
            let batchSize = try args.int("batch_size")
            guard batchSize >= 1 else { throw ScriptError(.valueError, "batch_size must be 1 or more, got \(batchSize)") }
            if case .str(let text) = inputs { return try self.run(text: text, full: full, args: args) }
            let items = try args.context.items(of: inputs)
            if items.allSatisfy({ if case .dict = $0 { return true } else { return false } }), !items.isEmpty {
                return try self.run(chat: inputs, full: full, args: args)
            }
            let texts = items.compactMap { item -> String? in if case .str(let text) = item { return text } else { return nil } }
            if batchSize > 1, texts.count == items.count {
                return .list(try stride(from: 0, to: texts.count, by: batchSize).flatMap { start in
                    try self.run(texts: Array(texts[start..<Swift.min(texts.count, start + batchSize)]), full: full, args: args)
                })
            }
            return .list(try items.map { item in
                switch item {
                case .str(let text): return try self.run(text: text, full: full, args: args)
                default: return try self.run(chat: item, full: full, args: args)
                }
            })
        }
    }

    /// Generates from the prompt ids and decodes each returned sequence's new tokens.
    private func newTexts(prompt ids: Value, mask: Value, args: Arguments) throws -> [String] {
        guard case .host(let host) = model, let generate = try host.getAttribute("generate", context: args.context) else {
            throw ScriptError(.typeError, "the text-generation pipeline needs a causal language model (AutoModelForCausalLM)")
        }
        let output = try args.context.interpreter.call(generate, [], keywords: [("input_ids", ids), ("attention_mask", mask)] + args.keywords)
        var sequences = output
        if case .host(let record as RecordObject) = output, let found = record.fields.first(where: { $0.0 == "sequences" })?.1 { sequences = found }
        let promptLength = try NDArray.from(ids).shape.last ?? 0
        let rows = try NDArray.from(sequences)
        guard rows.rank == 2, let width = rows.shape.last else { return [] }
        guard let decode = try tokenizer.getAttribute("decode", context: args.context) else { return [] }
        return try (0..<rows.shape[0]).map { row in
            let end = (row + 1) * width, start = Swift.min(row * width + promptLength, end)
            let fresh = rows.values[start..<end].map { Value.int(Int(exactly: $0) ?? 0) }
            let text = try args.context.interpreter.call(decode, [.list(fresh)], keywords: [("skip_special_tokens", .bool(true))])
            return try args.context.str(text)
        }
    }

    /// A group of texts as one padded batch: one result list per text.
    private func run(texts: [String], full: Bool, args: Arguments) throws -> [Value] {
        if try tokenizer.getAttribute("pad_token_id", context: args.context)?.isNone ?? true {
            throw ScriptError(.valueError, "Pipeline with tokenizer without pad_token cannot do batching",
                              help: "set one on the tokenizer first (tokenizer.pad_token = tokenizer.eos_token), or use batch_size=1")
        }
        let (ids, mask) = try encode(.list(texts.map { .str($0) }), args: args, padding: true)
        let fresh = try newTexts(prompt: ids, mask: mask, args: args)
        // num_return_sequences: that many adjacent rows per text.
        let copies = Swift.max(1, fresh.count / Swift.max(1, texts.count))
        return texts.enumerated().map { index, text in
            .list(fresh[(index * copies)..<Swift.min(fresh.count, (index + 1) * copies)].map { piece in
                .dict([("generated_text", .str(full ? text + piece : piece))])
            })
        }
    }

    private func encode(_ text: Value, args: Arguments, padding: Bool = false) throws -> (ids: Value, mask: Value) {
        guard let call = tokenizer.asCallable() else { throw ScriptError(.typeError, "the tokenizer cannot be called") }
        let encoding = try args.context.interpreter.call(.builtin(call), [text], keywords: [("return_tensors", .str("pt")), ("padding", .bool(padding))])
        guard case .host(let host) = encoding else { throw ScriptError(.typeError, "the tokenizer returned \(encoding.typeName)") }
        let ids = try host.getItem(.str("input_ids"), context: args.context)
        let mask = try host.getItem(.str("attention_mask"), context: args.context)
        return (ids, mask)
    }

    private func run(text: String, full: Bool, args: Arguments) throws -> Value {
        let (ids, mask) = try encode(.str(text), args: args)
        return .list(try newTexts(prompt: ids, mask: mask, args: args).map { fresh in
            .dict([("generated_text", .str(full ? text + fresh : fresh))])
        })
    }

    private func run(chat: Value, full: Bool, args: Arguments) throws -> Value {
        guard let template = try tokenizer.getAttribute("apply_chat_template", context: args.context) else {
            throw ScriptError(.typeError, "the tokenizer has no chat template")
        }
        let prompt = try args.context.interpreter.call(template, [chat], keywords: [("tokenize", .bool(false)), ("add_generation_prompt", .bool(true))])
        let text = try args.context.str(prompt)
        let (ids, mask) = try encodeWithoutSpecialTokens(text, args: args)
        let messages = try args.context.items(of: chat)
        return .list(try newTexts(prompt: ids, mask: mask, args: args).map { fresh in
            let reply = Value.dict([("role", .str("assistant")), ("content", .str(fresh))])
            return .dict([("generated_text", full ? .list(messages + [reply]) : .str(fresh))])
        })
    }

    /// A rendered chat already holds its special tokens (transformers encodes it with add_special_tokens=False).
    private func encodeWithoutSpecialTokens(_ text: String, args: Arguments) throws -> (ids: Value, mask: Value) {
        guard let call = tokenizer.asCallable() else { throw ScriptError(.typeError, "the tokenizer cannot be called") }
        let encoding = try args.context.interpreter.call(.builtin(call), [.str(text)],
                                                         keywords: [("return_tensors", .str("pt")), ("add_special_tokens", .bool(false))])
        guard case .host(let host) = encoding else { throw ScriptError(.typeError, "the tokenizer returned \(encoding.typeName)") }
        return (try host.getItem(.str("input_ids"), context: args.context), try host.getItem(.str("attention_mask"), context: args.context))
    }
}
