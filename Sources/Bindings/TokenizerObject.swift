import PythonBasics
import Foundation
import Lang
import NumericArrays
import Models
import Tokenizers
import Training

/// A tokenizer in scripts: `tokenizer(text_or_list, padding=, truncation=, max_length=, return_tensors=)`
/// returns a `BatchEncoding`; `decode`, `save_pretrained`, `apply_chat_template` as in transformers.
final class TokenizerObject: HostBase {
    let tokenizer: any Tokenizers.Tokenizer
    let name: String

    init(_ tokenizer: any Tokenizers.Tokenizer, name: String) {
        self.tokenizer = tokenizer
        self.name = name
    }

    /// BERT-style tokenizers return `token_type_ids`, byte-level BPE ones do not.
    var returnsTokenTypeIds: Bool { tokenizer is WordPieceTokenizer }

    override var typeName: String { returnsTokenTypeIds ? "BertTokenizerFast" : "PreTrainedTokenizerFast" }

    override func repr() -> String {
        "\(typeName)(name_or_path='\(name)', vocab_size=\(tokenizer.vocabSize), model_max_length=\(tokenizer.modelMaxLength), "
            + "padding_side='\(tokenizer.paddingSide.rawValue)', special_tokens={"
            + specialTokenPairs.map { "'\($0.0)': '\($0.1)'" }.joined(separator: ", ") + "})"
    }

    private var specialTokenPairs: [(String, String)] {
        let s = tokenizer.specialTokens
        return [("bos_token", s.bos), ("eos_token", s.eos), ("unk_token", s.unk), ("sep_token", s.sep),
                ("pad_token", s.pad), ("cls_token", s.cls), ("mask_token", s.mask)].compactMap { key, value in value.map { (key, $0) } }
    }

    override var propertyNames: [String] {
        ["vocab_size", "model_max_length", "padding_side", "truncation_side", "name_or_path", "chat_template", "pad_token", "pad_token_id",
         "eos_token", "eos_token_id", "bos_token", "bos_token_id", "unk_token", "unk_token_id", "cls_token", "cls_token_id",
         "sep_token", "sep_token_id", "mask_token", "mask_token_id"]
    }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        let s = tokenizer.specialTokens
        func optional(_ text: String?) -> Value { text.map { .str($0) } ?? Value.none }
        func optional(_ id: Int?) -> Value { id.map { .int($0) } ?? Value.none }
        switch name {
        case "vocab_size": return .int(tokenizer.vocabSize)
        case "model_max_length": return .int(tokenizer.modelMaxLength)
        case "padding_side": return .str(tokenizer.paddingSide.rawValue)
        case "truncation_side": return .str(tokenizer.truncationSide.rawValue)
        case "name_or_path": return .str(self.name)
        case "chat_template": return optional(tokenizer.chatTemplate)
        case "pad_token": return optional(s.pad)
        case "pad_token_id": return optional(tokenizer.padTokenId)
        case "eos_token": return optional(s.eos)
        case "eos_token_id": return optional(tokenizer.eosTokenId)
        case "bos_token": return optional(s.bos)
        case "bos_token_id": return optional(tokenizer.bosTokenId)
        case "unk_token": return optional(s.unk)
        case "unk_token_id": return optional(tokenizer.unkTokenId)
        case "cls_token": return optional(s.cls)
        case "cls_token_id": return optional(tokenizer.clsTokenId)
        case "sep_token": return optional(s.sep)
        case "sep_token_id": return optional(tokenizer.sepTokenId)
        case "mask_token": return optional(s.mask)
        case "mask_token_id": return optional(tokenizer.maskTokenId)
        default: return nil
        }
    }

    /// `tokenizer.pad_token = tokenizer.eos_token`, `tokenizer.pad_token_id = 2`, `tokenizer.padding_side = "left"`:
    /// the settings tutorials change before batching a causal LM. Tokens must already be in the vocabulary.
    /// The settings a script may change, on the concrete tokenizer (the `Tokenizer` protocol is read-only).
    private struct Settings {
        var specialTokens: SpecialTokens
        var paddingSide: Side
        var truncationSide: Side
        var modelMaxLength: Int
    }

    /// Applies `change` to the tokenizer's settings.
    private func mutate(_ change: (inout Settings) -> Void) throws {
        var settings = Settings(specialTokens: tokenizer.specialTokens, paddingSide: tokenizer.paddingSide,
                                truncationSide: tokenizer.truncationSide, modelMaxLength: tokenizer.modelMaxLength)
        change(&settings)
        switch tokenizer {
        case let bpe as BPETokenizer:
            bpe.specialTokens = settings.specialTokens; bpe.paddingSide = settings.paddingSide; bpe.truncationSide = settings.truncationSide
            bpe.modelMaxLength = settings.modelMaxLength
        case let wordPiece as WordPieceTokenizer:
            wordPiece.specialTokens = settings.specialTokens; wordPiece.paddingSide = settings.paddingSide
            wordPiece.truncationSide = settings.truncationSide; wordPiece.modelMaxLength = settings.modelMaxLength
        default:
            throw ScriptError(.attributeError, "this tokenizer's settings cannot be changed")
        }
    }

    override func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool {
        let roles: [String: WritableKeyPath<SpecialTokens, String?>] = [
            "pad": \.pad, "eos": \.eos, "bos": \.bos, "unk": \.unk, "cls": \.cls, "sep": \.sep, "mask": \.mask,
        ]
        switch name {
        case "padding_side", "truncation_side":
            guard case .str(let text) = value, let side = Side(rawValue: text) else {
                throw ScriptError(.valueError, "\(name) must be 'left' or 'right', not \(value.repr)")
            }
            try mutate { tokenizer in
                if name == "padding_side" { tokenizer.paddingSide = side } else { tokenizer.truncationSide = side }
            }
            return true
        case "model_max_length":
            guard let length = value.intValue, length > 0 else {
                throw ScriptError(.valueError, "model_max_length must be a positive whole number of tokens, not \(value.repr)",
                                  help: "e.g. model_max_length=512; truncation=True then cuts longer texts to it")
            }
            try mutate { $0.modelMaxLength = length }
            return true
        case _ where name.hasSuffix("_token_id") && roles[String(name.dropLast(9))] != nil:
            guard let path = roles[String(name.dropLast(9))] else { return false }
            if value.isNone { try mutate { $0.specialTokens[keyPath: path] = nil }; return true }
            guard let id = value.intValue, let token = tokenizer.idToToken(id) else {
                throw ScriptError(.valueError, "\(name) must be an id of this tokenizer's vocabulary (0 to \(tokenizer.vocabSize - 1)), not \(value.repr)")
            }
            try mutate { $0.specialTokens[keyPath: path] = token }
            return true
        case _ where name.hasSuffix("_token") && roles[String(name.dropLast(6))] != nil:
            guard let path = roles[String(name.dropLast(6))] else { return false }
            if value.isNone { try mutate { $0.specialTokens[keyPath: path] = nil }; return true }
            guard case .str(let token) = value else {
                throw ScriptError(.typeError, "\(name) must be a token string such as tokenizer.eos_token, not \(value.typeName)")
            }
            guard tokenizer.tokenToId(token) != nil else {
                throw ScriptError(.valueError, "\(token.debugDescription) is not in this tokenizer's vocabulary, and lorarepl cannot add new tokens",
                                  help: "use a token the model already has, e.g. tokenizer.\(name) = tokenizer.eos_token")
            }
            try mutate { $0.specialTokens[keyPath: path] = token }
            return true
        default:
            return false
        }
    }

    static let callParameters: [Parameter] = [
        .optional("text"), .optional("text_pair"),
        Parameter("add_special_tokens", .bool, default: .bool(true)),
        Parameter("padding", .oneOf([.bool, .str]), default: .bool(false)),
        Parameter("truncation", .optional(.oneOf([.bool, .str])), default: Value.none),
        .optional("max_length", .int), .optional("pad_to_multiple_of", .int),
        .optional("return_tensors", .str),
        Parameter("return_attention_mask", .bool, default: .bool(true)),
        .optional("return_token_type_ids", .bool),
        Parameter("is_split_into_words", .bool, default: .bool(false)),
        Parameter("stride", .int, default: .int(0)),
        Parameter("return_overflowing_tokens", .bool, default: .bool(false)),
        Parameter("return_offsets_mapping", .bool, default: .bool(false)),
        Parameter("return_special_tokens_mask", .bool, default: .bool(false)),
    ]

    override func asCallable() -> Builtin? {
        method("__call__", TokenizerObject.callParameters, doc: "Tokenize a text or a list of texts into a BatchEncoding.",
               example: "tokenizer(['good', 'bad'], padding=True, truncation=True, max_length=64, return_tensors='pt')") { args in
            try self.encode(args)
        }
    }

    /// `is_split_into_words=True`: one example is a list of words, a batch a list of such lists.
    private func wordLists(_ text: Value, context: CallContext) throws -> (single: Bool, words: [[String]]) {
        func words(_ value: Value) throws -> [String]? {
            guard let items = value.sequenceItems else { return nil }
            return try items.map { item in
                guard case .str(let s) = item else {
                    throw ScriptError(.typeError, "with is_split_into_words=True each word must be a str, not \(item.typeName)",
                                      help: "pass a list of words, e.g. tokenizer(['EU', 'rejects', 'German', 'call'], is_split_into_words=True)")
                }
                return s
            }
        }
        guard let items = text.sequenceItems else {
            throw ScriptError(.valueError, "with is_split_into_words=True the text must be a list of words (or a list of such lists), not \(text.typeName)",
                              help: "split the sentence first: tokenizer(sentence.split(), is_split_into_words=True)")
        }
        if items.allSatisfy({ if case .str = $0 { return true } else { return false } }) {
            let single: [String] = try words(text) ?? []
            return (true, [single])
        }
        var batch: [[String]] = []
        for item in items {
            guard let list = try words(item) else {
                throw ScriptError(.typeError, "with is_split_into_words=True a batch is a list of word lists, but it holds a \(item.typeName)")
            }
            batch.append(list)
        }
        return (false, batch)
    }

    private func encode(_ args: Arguments) throws -> Value {
        let text = args["text"]
        if try args.bool("is_split_into_words") {
            guard args["text_pair"].isNone else {
                throw ScriptError(.notImplementedError, "text_pair with is_split_into_words=True is not supported", help: "tokenize the words alone")
            }
            let (single, words) = try wordLists(text, context: args.context)
            let settings = try encodingSettings(args)
            let overflowing = try args.bool("return_overflowing_tokens")
            let encoded = try tokenizer.encodeBatch(words: words, addSpecialTokens: try args.bool("add_special_tokens"), padding: settings.padding,
                                                    truncation: settings.truncation, maxLength: settings.maxLength,
                                                    padToMultipleOf: try args.optionalInt("pad_to_multiple_of"), stride: try args.int("stride"),
                                                    offsets: try args.bool("return_offsets_mapping"), overflowing: overflowing)
            // With overflowing windows one word list still gives a list of rows, as in transformers.
            return try batchEncoding(encoded, single: single && !overflowing, args: args, fromWords: true)
        }
        let single: Bool
        let texts: [String]
        switch text {
        case .str(let s): single = true; texts = [s]
        case .list, .tuple:
            single = false
            texts = try (text.sequenceItems ?? []).map { item in
                guard case .str(let s) = item else {
                    throw ScriptError(.typeError, "text must be a str or a list of str, but the list holds a \(item.typeName)")
                }
                return s
            }
        default:
            throw ScriptError(.valueError, "text input must be of type `str` (single example) or `list[str]` (batch), not \(text.typeName)")
        }
        var pairs: [String]?
        switch args["text_pair"] {
        case .none: pairs = nil
        case .str(let s): pairs = [s]
        case let value:
            pairs = try (value.sequenceItems ?? []).map { item in
                guard case .str(let s) = item else { throw ScriptError(.typeError, "text_pair must hold str values") }
                return s
            }
        }
        let settings = try encodingSettings(args)
        let overflowing = try args.bool("return_overflowing_tokens")
        let encoded = try tokenizer.encodeBatch(texts, pairs: pairs, addSpecialTokens: try args.bool("add_special_tokens"),
                                                padding: settings.padding, truncation: settings.truncation, maxLength: settings.maxLength,
                                                padToMultipleOf: try args.optionalInt("pad_to_multiple_of"), stride: try args.int("stride"),
                                                offsets: try args.bool("return_offsets_mapping"), overflowing: overflowing)
        // With overflowing windows a single text still gives a list of rows, as in transformers.
        return try batchEncoding(encoded, single: single && !overflowing, args: args)
    }

    /// `padding=`, `truncation=` and `max_length=` as the tokenizers library's strategies.
    private func encodingSettings(_ args: Arguments) throws -> (padding: PaddingStrategy, truncation: TruncationStrategy, maxLength: Int?) {
        let padding: PaddingStrategy
        switch args["padding"] {
        case .bool(let on): padding = on ? .longest : .doNotPad
        case .str(let s):
            switch s {
            case "longest": padding = .longest
            case "max_length": padding = .maxLength
            case "do_not_pad": padding = .doNotPad
            default:
                throw ScriptError(.valueError, "padding must be True, False, 'longest', 'max_length' or 'do_not_pad', not '\(s)'")
            }
        default: padding = .doNotPad
        }
        let maxLength = try args.optionalInt("max_length")
        var truncation: TruncationStrategy
        switch args["truncation"] {
        case .none: truncation = maxLength != nil ? .longestFirst : .doNotTruncate
        case .bool(let on): truncation = on ? .longestFirst : .doNotTruncate
        case .str(let s):
            guard let strategy = TruncationStrategy(name: s) else {
                throw ScriptError(.valueError, "truncation must be True, False, 'longest_first', 'only_first' or 'only_second', not '\(s)'")
            }
            truncation = strategy
        default: truncation = .doNotTruncate
        }
        return (padding, truncation, maxLength)
    }

    /// The `BatchEncoding` of encoded rows: lists (one list for a single text) or tensors.
    private func batchEncoding(_ encoded: BatchEncoding, single: Bool, args: Arguments, fromWords: Bool = false) throws -> Value {
        let tensors = try args.optionalString("return_tensors")
        if let tensors, !["pt", "np", "tf"].contains(tensors) {
            throw ScriptError(.valueError, "return_tensors must be 'pt' or 'np', not '\(tensors)'")
        }
        if tensors != nil, !encoded.isRectangular {
            throw ScriptError(.valueError, "Unable to create tensor: the texts have different lengths",
                              notes: ["lengths: " + encoded.encodings.map { String($0.count) }.joined(separator: ", ")],
                              help: "pass padding=True (and truncation=True) to make them the same length")
        }
        var withTypes = returnsTokenTypeIds
        if !args["return_token_type_ids"].isNone { withTypes = try args.bool("return_token_type_ids") }
        var columns: [(String, [[Int]])] = [("input_ids", encoded.inputIds)]
        if withTypes { columns.append(("token_type_ids", encoded.tokenTypeIds)) }
        if try args.bool("return_attention_mask") { columns.append(("attention_mask", encoded.attentionMask)) }
        if try args.bool("return_special_tokens_mask") { columns.append(("special_tokens_mask", encoded.encodings.map(\.specialTokensMask))) }
        var entries: [(String, Value)] = columns.map { (name: String, rows: [[Int]]) -> (String, Value) in
            if tensors != nil {
                let width = rows.first?.count ?? 0
                return (name, TensorObject.wrap(NDArray(shape: [rows.count, width], values: rows.flatMap { $0.map(Double.init) }, dtype: .int64)))
            }
            let lists = rows.map { Value.list($0.map { .int($0) }) }
            return (name, single ? (lists.first ?? .list([])) : .list(lists))
        }
        if try args.bool("return_offsets_mapping") {
            let rows = encoded.encodings.map(\.offsets)
            if tensors != nil {
                let width = rows.first?.count ?? 0
                let values = rows.flatMap { $0.flatMap { [Double($0.start), Double($0.end)] } }
                entries.append(("offset_mapping", TensorObject.wrap(NDArray(shape: [rows.count, width, 2], values: values, dtype: .int64))))
            } else {
                let lists = rows.map { Value.list($0.map { .tuple([.int($0.start), .int($0.end)]) }) }
                entries.append(("offset_mapping", single ? (lists.first ?? .list([])) : .list(lists)))
            }
        }
        if try args.bool("return_overflowing_tokens") {
            let mapping = encoded.overflowToSampleMapping
            entries.append(("overflow_to_sample_mapping", tensors != nil
                ? TensorObject.wrap(NDArray(shape: [mapping.count], values: mapping.map(Double.init), dtype: .int64))
                : .list(mapping.map { .int($0) })))
        }
        let sequenceIds = encoded.encodings.first?.sequenceIds.isEmpty == false ? encoded.encodings.map(\.sequenceIds) : nil
        let wordIds = fromWords || sequenceIds != nil ? encoded.encodings.map(\.wordIds) : nil
        return .host(BatchEncodingObject(entries, wordIds: wordIds, sequenceIds: sequenceIds))
    }

    override func methods() -> [Builtin] {
        [
            padMethod(),
            method("decode", [Parameter("token_ids"), Parameter("skip_special_tokens", .bool, default: .bool(false))],
                   doc: "Text for a list (or 1-D tensor) of ids.", example: "tokenizer.decode(enc['input_ids'][0])") { args in
                .str(self.tokenizer.decode(try TokenizerObject.ids(args["token_ids"]), skipSpecialTokens: try args.bool("skip_special_tokens")))
            },
            method("batch_decode", [Parameter("sequences"), Parameter("skip_special_tokens", .bool, default: .bool(false))],
                   doc: "Texts for a list of id lists (or a 2-D tensor).", example: "tokenizer.batch_decode(ids, skip_special_tokens=True)") { args in
                let skip = try args.bool("skip_special_tokens")
                let rows: [Value]
                if case .host(let object) = args["sequences"], let tensor = object as? TensorObject {
                    rows = tensor.array.toValue().sequenceItems ?? []
                } else {
                    rows = args["sequences"].sequenceItems ?? []
                }
                return .list(try rows.map { .str(self.tokenizer.decode(try TokenizerObject.ids($0), skipSpecialTokens: skip)) })
            },
            method("encode", TokenizerObject.callParameters,
                   doc: "The ids of one text (or text pair): a list, or a [1, n] tensor with return_tensors='pt'. Takes the tokenizer call's options.",
                   example: "input_ids = tokenizer.encode(prompt, return_tensors='pt')") { args in
                guard case .host(let batch as BatchEncodingObject) = try self.encode(args),
                      let ids = batch.entries.first(where: { $0.0 == "input_ids" })?.1 else { return .list([]) }
                return ids
            },
            method("tokenize", [Parameter("text", .str)], doc: "The token strings of a text (no special tokens).",
                   example: "tokenizer.tokenize('unaffable')") { args in
                .list(self.tokenizer.tokenize(try args.string("text")).map { .str($0) })
            },
            method("convert_tokens_to_ids", [Parameter("tokens")], doc: "Ids for a token or a list of tokens.",
                   example: "tokenizer.convert_tokens_to_ids('[CLS]')") { args in
                func one(_ v: Value) -> Value {
                    guard case .str(let token) = v else { return Value.none }
                    return (self.tokenizer.tokenToId(token) ?? self.tokenizer.unkTokenId).map { .int($0) } ?? Value.none
                }
                if let items = args["tokens"].sequenceItems { return .list(items.map(one)) }
                return one(args["tokens"])
            },
            method("convert_ids_to_tokens", [Parameter("ids")], doc: "Tokens for an id or a list of ids.",
                   example: "tokenizer.convert_ids_to_tokens([101, 102])") { args in
                if let id = args["ids"].intValue { return self.tokenizer.idToToken(id).map { .str($0) } ?? Value.none }
                return .list(try TokenizerObject.ids(args["ids"]).map { self.tokenizer.idToToken($0).map { .str($0) } ?? Value.none })
            },
            method("save_pretrained", [Parameter("save_directory", .str)], doc: "Write the tokenizer files (loadable by transformers).",
                   example: "tokenizer.save_pretrained('out/adapter')") { args in
                let requested = try args.string("save_directory")
                let directory = try writablePath(args.context, requested)
                guard LaunchEnvironment.current.rank == 0 else { return .tuple([]) }  // data-parallel: rank 0 writes
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try self.tokenizer.save(to: URL(fileURLWithPath: directory))
                return .tuple([])
            },
            method("apply_chat_template", [Parameter("conversation", .list), Parameter("tokenize", .bool, default: .bool(true)),
                                           Parameter("add_generation_prompt", .bool, default: .bool(false)),
                                           .optional("return_tensors", .str), Parameter("return_dict", .bool, default: .bool(false)),
                                           Parameter("return_assistant_tokens_mask", .bool, default: .bool(false)),
                                           Parameter("truncation", .bool, default: .bool(false)), .optional("max_length", .int)],
                   doc: "Format chat messages with the tokenizer's template (return_assistant_tokens_mask=True marks what the assistant says).",
                   example: "tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)") { args in
                try self.applyChatTemplate(args)
            },
        ]
    }

    /// `apply_chat_template`: the rendered text, its ids, or a BatchEncoding (`return_dict=True`) with
    /// `assistant_masks` (1 on the tokens of assistant turns, their end-of-turn token included).
    private func applyChatTemplate(_ args: Arguments) throws -> Value {
        let messages: [[String: String]] = try (args["conversation"].sequenceItems ?? []).map { message in
            var out: [String: String] = [:]
            for (key, value) in try Convert.pairs(message, what: "a chat message") { out[key] = try args.context.str(value) }
            return out
        }
        let addPrompt = try args.bool("add_generation_prompt")
        let text = try tokenizer.applyChatTemplate(messages.map { $0 as [String: Any] }, addGenerationPrompt: addPrompt)
        guard try args.bool("tokenize") else { return .str(text) }
        let maxLength = try args.bool("truncation") ? try args.optionalInt("max_length") : nil
        var ids: [Int]
        var assistantMask: [Int]?
        if try args.bool("return_assistant_tokens_mask") {
            guard try args.bool("return_dict") else {
                throw ScriptError(.valueError, "return_assistant_tokens_mask=True needs return_dict=True (the mask comes back as enc['assistant_masks'])")
            }
            guard !addPrompt else {
                throw ScriptError(.valueError, "return_assistant_tokens_mask=True is for training conversations that end with the answer",
                                  help: "leave add_generation_prompt=False")
            }
            let example = try InstructionTuning.tokenize(chat: messages, tokenizer: tokenizer, maxLength: maxLength)
            ids = example.inputIds
            assistantMask = example.labels.map { $0 == -100 ? 0 : 1 }
        } else {
            ids = tokenizer.tokenizeToIds(text)
            if let maxLength, ids.count > maxLength { ids = Array(ids.prefix(maxLength)) }
        }
        let asTensors = !args["return_tensors"].isNone
        func column(_ values: [Int]) -> Value {
            asTensors ? TensorObject.wrap(NDArray(shape: [1, values.count], values: values.map(Double.init), dtype: .int64))
                : .list(values.map { .int($0) })
        }
        guard try args.bool("return_dict") else { return column(ids) }
        var entries: [(String, Value)] = [("input_ids", column(ids)), ("attention_mask", column(Array(repeating: 1, count: ids.count)))]
        if let assistantMask { entries.append(("assistant_masks", column(assistantMask))) }
        return .host(BatchEncodingObject(entries))
    }

    /// Token ids from a list or a 1-D tensor.
    static func ids(_ value: Value) throws -> [Int] {
        if case .host(let object) = value, let tensor = object as? TensorObject {
            guard tensor.array.rank <= 1 else {
                throw ScriptError(.valueError, "decode expects one sequence of ids, got a tensor of shape \(shapeTuple(tensor.array.shape))",
                                  help: "pick one row, e.g. ids[0], or use batch_decode")
            }
            return try tensor.array.values.map { try CheckedInt.truncating($0, what: "a token id") }
        }
        guard let items = value.sequenceItems else { throw ScriptError(.typeError, "token ids must be a list of ints, not \(value.typeName)") }
        return try items.map { item in
            guard let id = try item.intValue ?? Convert.double(item).map({ try CheckedInt.truncating($0, what: "a token id") }) else {
                throw ScriptError(.typeError, "token ids must be ints, not \(item.typeName)")
            }
            return id
        }
    }
}
