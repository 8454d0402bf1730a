import Foundation
import Lang

/// `BatchEncoding`: dict-like (`enc["input_ids"]`, `enc.input_ids`, `model(**enc)`, `keys()`).
final class BatchEncodingObject: HostBase {
    private(set) var entries: [(String, Value)]
    /// Per row, the word index of each token (`word_ids()`), when the text was given as words.
    let wordIds: [[Int?]]?
    /// Per row, the text each token came from (`sequence_ids()`: 0, 1 or None), when offsets were computed.
    let sequenceIds: [[Int?]]?

    init(_ entries: [(String, Value)], wordIds: [[Int?]]? = nil, sequenceIds: [[Int?]]? = nil) {
        self.entries = entries
        self.wordIds = wordIds
        self.sequenceIds = sequenceIds
    }

    override var typeName: String { "BatchEncoding" }

    override func repr() -> String {
        "{" + entries.map { "'\($0.0)': \(RecordObject.text($0.1))" }.joined(separator: ", ") + "}"
    }

    override var propertyNames: [String] { entries.map(\.0) }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        entries.first { $0.0 == name }?.1
    }

    override func methods() -> [Builtin] {
        [
            method("keys", doc: "The field names.", example: "enc.keys()") { _ in .list(self.entries.map { .str($0.0) }) },
            method("values", doc: "The fields' values.", example: "enc.values()") { _ in .list(self.entries.map(\.1)) },
            method("items", doc: "(name, value) pairs.", example: "enc.items()") { _ in .list(self.entries.map { .tuple([.str($0.0), $0.1]) }) },
            method("get", [Parameter("key", .str), Parameter("default", default: Value.none)], doc: "A field, or the default.",
                   example: "enc.get('token_type_ids')") { args in
                let key = try args.string("key")
                return self.entries.first { $0.0 == key }?.1 ?? args["default"]
            },
            method("to", [Parameter("device")], doc: "The same encoding (everything runs on the CPU).", example: "enc.to('cpu')") { _ in .host(self) },
            perToken("word_ids", self.wordIds, doc: "The word index of each token of row batch_index (None for special tokens and padding).",
                     missing: "word_ids() is only known for text given as words or tokenized with offsets",
                     help: "tokenize with is_split_into_words=True (tokenizer(words, is_split_into_words=True)) or return_offsets_mapping=True"),
            perToken("sequence_ids", self.sequenceIds,
                     doc: "Which text each token of row batch_index comes from: 0 (first), 1 (second) or None (special tokens, padding).",
                     missing: "sequence_ids() is known when the tokenizer computed offsets",
                     help: "tokenize with return_offsets_mapping=True (or return_overflowing_tokens=True)"),
            method("pop", [Parameter("key", .str), .optional("default")], doc: "Remove a field and return its value.",
                   example: "sample_map = enc.pop('overflow_to_sample_mapping')") { args in
                let key = try args.string("key")
                guard let index = self.entries.firstIndex(where: { $0.0 == key }) else {
                    if args.isPassed("default") { return args["default"] }
                    throw ScriptError(.keyError, "'\(key)'", notes: ["this encoding has: " + self.entries.map(\.0).joined(separator: ", ")])
                }
                return self.entries.remove(at: index).1
            },
        ]
    }

    /// `name(batch_index=0)`: row `batch_index` of a per-token annotation, as a list with None.
    private func perToken(_ name: String, _ rows: [[Int?]]?, doc: String, missing: String, help: String) -> Builtin {
        method(name, [Parameter("batch_index", .int, default: .int(0))], doc: doc, example: "enc.\(name)(0)") { args in
            guard let rows else { throw ScriptError(.valueError, missing, help: help) }
            let index = try args.int("batch_index")
            guard index >= 0, index < rows.count else {
                throw ScriptError(.indexError, "batch_index \(index) is out of range for a batch of \(rows.count)")
            }
            return .list(rows[index].map { $0.map { .int($0) } ?? Value.none })
        }
    }

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        if case .str(let name) = key {
            if let value = entries.first(where: { $0.0 == name })?.1 { return value }
            throw ScriptError(.keyError, "'\(name)'", notes: ["this encoding has: " + entries.map(\.0).joined(separator: ", ")])
        }
        throw ScriptError(.typeError, "BatchEncoding keys are field names such as 'input_ids', not \(key.typeName)")
    }

    override func setItem(_ key: Value, _ value: Value, context: CallContext) throws {
        guard case .str(let name) = key else { throw ScriptError(.typeError, "BatchEncoding keys must be str") }
        if let i = entries.firstIndex(where: { $0.0 == name }) { entries[i].1 = value } else { entries.append((name, value)) }
    }

    override func length() -> Int? { entries.count }
    override func makeIterator(context: CallContext) throws -> IteratorObject? { listIterator(entries.map { .str($0.0) }) }
    override func keywordArguments() -> [(String, Value)]? { entries }
    override func contains(_ item: Value, context: CallContext) throws -> Bool? {
        guard case .str(let name) = item else { return false }
        return entries.contains { $0.0 == name }
    }
}
