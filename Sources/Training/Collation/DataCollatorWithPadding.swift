/// A batch ready for a model: rectangular Int32 arrays in row-major `[batch, sequence]` order plus
/// labels. Plain arrays (no Tensor) so this layer stays independent of TensorCore; the Trainer
/// converts them.
public struct CollatedBatch: Equatable {
    public var batchSize: Int
    public var sequenceLength: Int
    /// `[batch, seq]`
    public var inputIds: [Int32]
    /// `[batch, seq]`, 1 for real tokens and 0 for padding.
    public var attentionMask: [Int32]
    /// `[batch, seq]`, when the rows had `token_type_ids`.
    public var tokenTypeIds: [Int32]?
    public var labels: Labels?

    /// The labels of a batch, by task.
    public enum Labels: Equatable {
        /// One class index per row (`[batch]`), sequence classification.
        case classes([Int32])
        /// One or more floats per row (`[batch]` or `[batch, k]`), regression.
        case values([Float], perRow: Int)
        /// One label per token (`[batch, seq]`), padded with -100 (ignored by the loss).
        case tokens([Int32])
    }

    /// `[batch, sequence]`
    public var shape: [Int] { [batchSize, sequenceLength] }
}

/// `DataCollatorWithPadding(tokenizer)`: pads each batch to its longest row (dynamic padding).
///
/// Rows carry `input_ids` (and optionally `attention_mask`, `token_type_ids`) as integer lists and a
/// `labels` (or `label` / `label_ids`) value. `input_ids` are padded with `padTokenId`, the attention
/// mask with 0, token type ids with 0. Integer labels become class indices, float labels regression
/// targets, and label lists per-token labels padded with -100.
public struct DataCollatorWithPadding {
    /// How long the padded rows are.
    public enum Padding: Equatable {
        /// The longest row of each batch (HF `padding=True`, the default).
        case longest
        /// Always this length (HF `padding="max_length", max_length=n`); longer rows are an error.
        case maxLength(Int)
    }

    public var padTokenId: Int32
    public var padding: Padding
    public var padToMultipleOf: Int?
    /// `"right"` (BERT's default) or `"left"` (decoder models for generation).
    public var paddingSide: PaddingSide
    /// For causal language modelling: labels are a copy of input_ids, with padding set to -100
    /// (what `DataCollatorForLanguageModeling(tokenizer, mlm=False)` does).
    public var labelsFromInputIds: Bool

    public enum PaddingSide: String, Equatable { case right, left }

    public init(padTokenId: Int32, padding: Padding = .longest, padToMultipleOf: Int? = nil,
                paddingSide: PaddingSide = .right, labelsFromInputIds: Bool = false) {
        self.padTokenId = padTokenId
        self.padding = padding
        self.padToMultipleOf = padToMultipleOf
        self.paddingSide = paddingSide
        self.labelsFromInputIds = labelsFromInputIds
    }

    /// Collates rows into one padded batch.
    public func callAsFunction(_ rows: [Row]) throws -> CollatedBatch {
        guard !rows.isEmpty else { throw TrainingError.value("cannot collate an empty batch") }
        var ids: [[Int]] = [], masks: [[Int]?] = [], types: [[Int]?] = []
        for (r, row) in rows.enumerated() {
            guard let value = row["input_ids"] else {
                throw TrainingError(.keyError, "the batch has no 'input_ids' (row keys: \(row.keys))",
                                    help: "tokenize the dataset first: dataset.map(lambda b: tokenizer(b['text'], truncation=True), batched=True)")
            }
            guard let tokenIds = value.intListValue else {
                throw TrainingError(.typeError, "row \(r): 'input_ids' must be a list of token ids, not a \(value.kindName)")
            }
            ids.append(tokenIds)
            masks.append(try optionalList(row, "attention_mask", length: tokenIds.count, row: r))
            types.append(try optionalList(row, "token_type_ids", length: tokenIds.count, row: r))
        }
        let longest = ids.map(\.count).max() ?? 0
        var length = longest
        if case .maxLength(let fixed) = padding {
            if longest > fixed {
                throw TrainingError.value("a row has \(longest) tokens, more than max_length=\(fixed)",
                                          help: "tokenize with truncation=True, max_length=\(fixed)")
            }
            length = fixed
        }
        if let multiple = padToMultipleOf, multiple > 0, length % multiple != 0 { length += multiple - length % multiple }

        let batch = rows.count
        var inputIds = [Int32](repeating: padTokenId, count: batch * length)   // [batch, seq]
        var attention = [Int32](repeating: 0, count: batch * length)          // [batch, seq]
        let hasTypes = types.contains { $0 != nil }
        var tokenTypes = [Int32](repeating: 0, count: hasTypes ? batch * length : 0)
        for b in 0..<batch {
            let n = ids[b].count
            let offset = b * length + (paddingSide == .left ? length - n : 0)
            for t in 0..<n {
                guard let id = Int32(exactly: ids[b][t]) else {
                    throw TrainingError.value("row \(b): token id \(ids[b][t]) does not fit in 32 bits")
                }
                inputIds[offset + t] = id
                attention[offset + t] = Int32(truncatingIfNeeded: masks[b]?[t] ?? 1)
                if hasTypes { tokenTypes[offset + t] = Int32(truncatingIfNeeded: types[b]?[t] ?? 0) }
            }
        }
        let labels: CollatedBatch.Labels?
        if labelsFromInputIds {
            labels = .tokens(zip(inputIds, attention).map { $1 == 0 ? -100 : $0 })
        } else {
            labels = try collateLabels(rows, length: length)
        }
        return CollatedBatch(batchSize: batch, sequenceLength: length, inputIds: inputIds, attentionMask: attention,
                             tokenTypeIds: hasTypes ? tokenTypes : nil, labels: labels)
    }

    private func optionalList(_ row: Row, _ key: String, length: Int, row r: Int) throws -> [Int]? {
        guard let value = row[key], !value.isNone else { return nil }
        guard let list = value.intListValue else {
            throw TrainingError(.typeError, "row \(r): '\(key)' must be a list of integers, not a \(value.kindName)")
        }
        guard list.count == length else {
            throw TrainingError.value("row \(r): '\(key)' has \(list.count) entries but 'input_ids' has \(length)",
                                      help: "produce both with the same tokenizer call")
        }
        return list
    }

    /// HF renames `label`/`label_ids` to `labels`.
    private func collateLabels(_ rows: [Row], length: Int) throws -> CollatedBatch.Labels? {
        if rows.contains(where: { $0["start_positions"] != nil || $0["end_positions"] != nil }) { return try spanLabels(rows) }
        let key = ["labels", "label", "label_ids"].first { k in rows.contains { $0[k] != nil } }
        guard let key else { return nil }
        let values = rows.map { $0[key] ?? DataValue.none }
        if let missing = values.firstIndex(where: { $0.isNone }) {
            throw TrainingError.value("row \(missing) has no '\(key)' while other rows do",
                                      help: "filter out unlabelled rows: dataset.filter(lambda r: r['\(key)'] is not None)")
        }
        if values.allSatisfy({ if case .int = $0 { return true }; if case .bool = $0 { return true }; return false }) {
            return .classes(values.map { Int32(truncatingIfNeeded: $0.intValue ?? 0) })
        }
        if values.allSatisfy({ $0.doubleValue != nil }) {
            return .values(values.map { Float($0.doubleValue ?? 0) }, perRow: 1)
        }
        if values.allSatisfy({ $0.intListValue != nil }) {
            var out = [Int32](repeating: -100, count: rows.count * length)   // [batch, seq]
            for (b, v) in values.enumerated() {
                let list = v.intListValue ?? []
                guard list.count <= length else {
                    throw TrainingError.value("row \(b): \(list.count) token labels for \(length) tokens")
                }
                let offset = b * length + (paddingSide == .left ? length - list.count : 0)
                for (t, label) in list.enumerated() { out[offset + t] = Int32(truncatingIfNeeded: label) }
            }
            return .tokens(out)
        }
        if let lists = Optional(values.compactMap { $0.listElements?.compactMap(\.doubleValue) }), lists.count == values.count,
           let width = lists.first?.count, lists.allSatisfy({ $0.count == width }) {
            return .values(lists.flatMap { $0.map(Float.init) }, perRow: width)
        }
        let kinds = Set(values.map(\.kindName)).sorted().joined(separator: ", ")
        throw TrainingError(.typeError, "'\(key)' values must be all integers (classes), all floats (regression) or all lists; this batch has \(kinds)",
                            help: "encode string labels first: dataset.class_encode_column('\(key)')")
    }
}

extension DataCollatorWithPadding {
    /// The columns a collator reads; others (raw text, ids) are left out, as `remove_unused_columns` does.
    public static let modelColumns = ["input_ids", "attention_mask", "token_type_ids", "labels", "label", "label_ids",
                                      "start_positions", "end_positions"]

    /// Question answering: `start_positions` and `end_positions` (one token index each per row) as the
    /// classes `[s0, e0, s1, e1, …]` the span loss reads.
    func spanLabels(_ rows: [Row]) throws -> CollatedBatch.Labels {
        var out: [Int32] = []
        out.reserveCapacity(2 * rows.count)
        for (b, row) in rows.enumerated() {
            for key in ["start_positions", "end_positions"] {
                guard let position = row[key]?.intValue else {
                    throw TrainingError.value("row \(b) has no integer '\(key)'",
                                              help: "give every training feature a start_positions and an end_positions token index (the [CLS] index, 0, when the answer is not in the window)")
                }
                out.append(Int32(clamping: position))
            }
        }
        return .classes(out)
    }

    /// Collates rows `indices` of `dataset`, reading only `modelColumns`.
    public func callAsFunction(_ dataset: Dataset, indices: [Int]) throws -> CollatedBatch {
        let present = Self.modelColumns.filter { dataset.columnNames.contains($0) }
        let columns = try present.map { try dataset.column($0) }
        var rows: [Row] = []
        rows.reserveCapacity(indices.count)
        for i in indices {
            guard i >= 0, i < dataset.count else {
                throw TrainingError(.indexError, "batch index \(i) is out of range for a dataset of \(dataset.count) rows")
            }
            var row = Row()
            for (name, values) in zip(present, columns) { row[name] = values[i] }
            rows.append(row)
        }
        return try self(rows)
    }
}
