import Lang
import NumericArrays
import Training

/// transformers' padding of rows that are already tokenized: `tokenizer.pad(features, …)` and calling a
/// data collator by hand (`batch = data_collator([train[i] for i in range(8)])`, or
/// `DataLoader(…, collate_fn=data_collator)` in PEFT's and the course's manual loops).
///
/// As `PreTrainedTokenizerBase.pad`: the rows (a list of dicts or BatchEncodings, or one dict of lists)
/// keep their keys in the first row's order; `input_ids` are padded with the pad token, `attention_mask`
/// (added when missing) with 0, `token_type_ids` with 0 and `special_tokens_mask` with 1, on the
/// tokenizer's padding side; other keys are not padded. With `return_tensors="pt"` every column becomes
/// a tensor (int64 for integers, float32 for floats).
enum FeaturePadding {
    struct Options {
        var padTokenId: Int
        var padding: DataCollatorWithPadding.Padding?   // nil: no padding
        var padToMultipleOf: Int?
        var left = false
        var attentionMask = true
        var tensors = true
    }

    /// The keys `pad` pads, and with what.
    private static func padValue(_ key: String, _ options: Options) -> Int? {
        switch key {
        case "input_ids": return options.padTokenId
        case "attention_mask", "token_type_ids": return 0
        case "special_tokens_mask": return 1
        default: return nil
        }
    }

    /// The rows of `features` as (key, value) lists: a list of mappings, or one mapping of columns.
    static func rows(_ features: Value) throws -> [[(String, Value)]] {
        if let items = features.sequenceItems {
            return try items.enumerated().map { index, item in
                guard let row = Collation.mapping(item) else {
                    throw ScriptError(.typeError, "pad() needs a list of dicts (one per example) or a dict of lists; item \(index) is \(item.typeName)",
                                      help: "pass rows of a tokenized dataset, e.g. tokenizer.pad([train[0], train[1]], return_tensors='pt')")
                }
                return row
            }
        }
        guard let columns = Collation.mapping(features) else {
            throw ScriptError(.typeError, "pad() needs a list of dicts (one per example) or a dict of lists, not \(features.typeName)")
        }
        let count = columns.first.flatMap { try? listItems($0.1) }?.count ?? 0
        return try (0..<count).map { r in
            try columns.map { key, column in
                let items = try listItems(column)
                guard r < items.count else { throw ScriptError(.valueError, "pad(): column '\(key)' has \(items.count) rows, '\(columns[0].0)' has \(count)") }
                return (key, items[r])
            }
        }
    }

    /// A list, tuple or tensor as a list of values.
    static func listItems(_ value: Value) throws -> [Value] {
        if let items = value.sequenceItems { return items }
        if case .host(let object) = value, let tensor = object as? ArrayBacked, let items = tensor.ndarray.toValue().sequenceItems { return items }
        throw ScriptError(.typeError, "expected a list of token ids, not \(value.typeName)")
    }

    /// Pads `features` as `tokenizer.pad` does; the columns in order.
    static func pad(_ features: Value, _ options: Options) throws -> [(String, Value)] {
        var rows = try rows(features)
        guard let first = rows.first else { return [] }
        guard first.contains(where: { $0.0 == "input_ids" }) else {
            throw ScriptError(.valueError, "You should supply an encoding or a list of encodings to this method that includes input_ids, but you provided \(Value.list(first.map { .str($0.0) }).repr)",
                              help: "tokenize the rows first: dataset.map(lambda b: tokenizer(b['text'], truncation=True), batched=True)")
        }
        let ids = try rows.map { row in try listItems(row.first { $0.0 == "input_ids" }?.1 ?? .list([])) }
        var length = ids.map(\.count).max() ?? 0
        if case .maxLength(let fixed)? = options.padding { length = fixed }
        if options.padding != nil, let multiple = options.padToMultipleOf, multiple > 0, length % multiple != 0 {
            length += multiple - length % multiple
        }
        if options.attentionMask {
            for r in rows.indices where !rows[r].contains(where: { $0.0 == "attention_mask" }) {
                rows[r].append(("attention_mask", .list(Array(repeating: .int(1), count: ids[r].count))))
            }
        }
        let keys = rows[0].map(\.0)
        var columns: [(String, Value)] = []
        for key in keys {
            var column: [Value] = []
            for (r, row) in rows.enumerated() {
                guard let value = row.first(where: { $0.0 == key })?.1 else {
                    throw ScriptError(.keyError, "'\(key)'", notes: ["row 0 has '\(key)' but row \(r) does not"],
                                      help: "give every row the same keys")
                }
                guard options.padding != nil, let fill = padValue(key, options) else { column.append(value); continue }
                column.append(.list(padded(try listItems(value), to: length, with: .int(fill), left: options.left)))
            }
            columns.append((key, options.tensors ? try tensor(key, column) : .list(column)))
        }
        return columns
    }

    /// `items` padded to `length` on one side (rows already longer stay as they are, as in transformers).
    static func padded(_ items: [Value], to length: Int, with fill: Value, left: Bool) -> [Value] {
        let extra = Array(repeating: fill, count: max(0, length - items.count))
        return left ? extra + items : items + extra
    }

    /// One column as a tensor, with transformers' error when the rows are not rectangular.
    static func tensor(_ key: String, _ column: [Value]) throws -> Value {
        if case .str? = column.first {
            throw ScriptError(.valueError, "Unable to create tensor from the column '\(key)': it holds text",
                              help: "drop the text columns before batching: dataset.remove_columns(['\(key)'])")
        }
        do {
            return TensorObject.wrap(try NDArray.from(.list(column)))
        } catch let error as ScriptError where error.exception.type === TypeObject.valueError {
            throw ScriptError(.valueError, "Unable to create tensor, you should probably activate truncation and/or padding with 'padding=True' 'truncation=True' to have batched tensors with the same length. Perhaps your features (`\(key)` in this case) have excessive nesting (inputs type `list` where type `int` is expected).",
                              help: key.contains("label") ? "per-token labels need DataCollatorForTokenClassification(tokenizer), which pads them with -100" : "pad the rows first (padding=True)")
        }
    }
}

extension DataCollatorObject {
    /// Calling the collator on a list of rows, as transformers' collators do.
    func collate(_ features: Value) throws -> Value {
        let name = self.name
        let options = FeaturePadding.Options(padTokenId: Int(truncatingIfNeeded: collator.padTokenId), padding: collator.padding,
                                             padToMultipleOf: collator.padToMultipleOf, left: collator.paddingSide == .left)
        var rows = try FeaturePadding.rows(features)
        // The label columns padded by their own rules (token classification: to the inputs' length;
        // seq2seq: to the longest labels), with -100, which the loss ignores.
        var labels: (key: String, rows: [[Value]])?
        if name == "DataCollatorForTokenClassification" || name == "DataCollatorForSeq2Seq" {
            let key = rows.first?.first { $0.0 == "label" || $0.0 == "labels" }?.0
            if let key {
                labels = (key, try rows.map { row in try FeaturePadding.listItems(row.first { $0.0 == key }?.1 ?? .list([])) })
                rows = rows.map { row in row.filter { $0.0 != key } }
            }
        }
        var columns = try FeaturePadding.pad(.list(rows.map { Value.dict($0) }), options)
        let inputLength = columns.first { $0.0 == "input_ids" }.flatMap { try? FeaturePadding.listItems($0.1).first }
            .flatMap { try? FeaturePadding.listItems($0).count } ?? 0
        if let labels {
            var length = name == "DataCollatorForSeq2Seq" ? (labels.rows.map(\.count).max() ?? 0) : inputLength
            if name == "DataCollatorForSeq2Seq", let multiple = options.padToMultipleOf, multiple > 0, length % multiple != 0 {
                length += multiple - length % multiple
            }
            let column = labels.rows.map { Value.list(FeaturePadding.padded($0, to: length, with: .int(-100), left: options.left)) }
            columns.append((labels.key, options.tensors ? try FeaturePadding.tensor(labels.key, column) : .list(column)))
        }
        if collator.labelsFromInputIds, let ids = columns.first(where: { $0.0 == "input_ids" })?.1 {
            // DataCollatorForLanguageModeling(mlm=False): labels = input_ids, the pad token set to -100.
            let pad = Int(truncatingIfNeeded: collator.padTokenId)
            let rows = try FeaturePadding.listItems(ids).map { row in
                Value.list(try FeaturePadding.listItems(row).map { $0.intValue == pad ? .int(-100) : $0 })
            }
            columns.removeAll { $0.0 == "labels" }
            columns.append(("labels", options.tensors ? try FeaturePadding.tensor("labels", rows) : .list(rows)))
        }
        // DataCollatorWithPadding renames `label` / `label_ids` to `labels` (moved to the end).
        for old in ["label", "label_ids"] where name == "DataCollatorWithPadding" {
            if let index = columns.firstIndex(where: { $0.0 == old }) {
                let value = columns.remove(at: index).1
                columns.removeAll { $0.0 == "labels" }
                columns.append(("labels", value))
            }
        }
        return .host(BatchEncodingObject(columns))
    }
}

extension TokenizerObject {
    /// `tokenizer.pad(encoded_inputs, padding=True, max_length=None, pad_to_multiple_of=None,
    /// padding_side=None, return_attention_mask=None, return_tensors=None)`.
    func padMethod() -> Builtin {
        method("pad", [Parameter("encoded_inputs"), Parameter("padding", .oneOf([.bool, .str]), default: .bool(true)),
                       .optional("max_length", .int), .optional("pad_to_multiple_of", .int), .optional("padding_side", .str),
                       .optional("return_attention_mask", .bool), .optional("return_tensors", .str), Parameter("verbose", .bool, default: .bool(true))],
               doc: "Pad already tokenized rows (a list of dicts, or a dict of lists) to one length; return_tensors='pt' for tensors.",
               example: "batch = tokenizer.pad([train[0], train[1]], padding='longest', return_tensors='pt')") { args in
            let padding: DataCollatorWithPadding.Padding?
            switch args["padding"] {
            case .bool(false), .str("do_not_pad"): padding = nil
            case .str("max_length"):
                padding = .maxLength(try args.optionalInt("max_length") ?? self.tokenizer.modelMaxLength)
            case .bool(true), .str("longest"): padding = .longest
            default:
                throw ScriptError(.valueError, "padding must be True, False, 'longest', 'max_length' or 'do_not_pad', not \(args["padding"].repr)")
            }
            guard let pad = self.tokenizer.padTokenId ?? (padding == nil ? 0 : nil) else {
                throw ScriptError(.valueError, "Asking to pad but the tokenizer does not have a padding token.",
                                  help: "set one first: tokenizer.pad_token = tokenizer.eos_token")
            }
            let side = try args.optionalString("padding_side") ?? self.tokenizer.paddingSide.rawValue
            guard side == "left" || side == "right" else {
                throw ScriptError(.valueError, "padding_side must be 'left' or 'right', not '\(side)'")
            }
            var options = FeaturePadding.Options(padTokenId: pad, padding: padding, padToMultipleOf: try args.optionalInt("pad_to_multiple_of"),
                                                 left: side == "left")
            if case .bool(false) = args["return_attention_mask"] { options.attentionMask = false }
            options.tensors = !args["return_tensors"].isNone
            return .host(BatchEncodingObject(try FeaturePadding.pad(args["encoded_inputs"], options)))
        }
    }
}
