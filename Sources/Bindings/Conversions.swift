import PythonBasics
import Foundation
import Lang
import PEFT
import Training

/// Conversions between script values and the core's value types (dataset cells, JSON for configs
/// and logs, label lists for metrics).
enum Convert {
    /// A one-pass generator over `items`, as `Module.parameters()` and `named_parameters()` return in
    /// PyTorch (`next(model.parameters())` works; `list(...)` to keep them).
    static func generator(_ items: [Value]) -> Value {
        var rest = items[...]
        return .iterator(IteratorObject(kindName: "generator") { rest.popFirst() })
    }

    // MARK: DataValue (dataset cells)

    static func value(_ data: DataValue) -> Value {
        switch data {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let x): return .float(x)
        case .string(let s): return .str(s)
        case .intList(let xs): return .list(xs.map { .int($0) })
        case .floatList(let xs): return .list(xs.map { .float($0) })
        case .stringList(let xs): return .list(xs.map { .str($0) })
        case .list(let xs): return .list(xs.map(value))
        case .dict(let record): return .dict(zip(record.keys, record.values).map { ($0, value($1)) })
        }
    }

    static func data(_ value: Value) throws -> DataValue {
        switch value {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let x): return .float(x)
        case .str(let s): return .string(s)
        case .list, .tuple:
            return DataValue.makeList(try (value.sequenceItems ?? []).map(data))
        case .dict:
            return .dict(DataRecord(try pairs(value, what: "a dict stored in a dataset").map { ($0, try data($1)) }))
        case .host(let object):
            if let tensor = object as? TensorObject { return try data(tensor.array.toValue()) }
            if let scalar = object.scalarValue() { return try data(scalar) }
            throw ScriptError(.typeError, "a dataset cannot hold a \(object.typeName)",
                              help: "store numbers, strings, or lists of them")
        default:
            throw ScriptError(.typeError, "a dataset cannot hold a \(value.typeName)",
                              help: "store numbers, strings, or lists of them")
        }
    }

    static func row(_ row: Row) -> Value {
        .dict(row.map { ($0.key, value($0.value)) })
    }

    static func batch(_ batch: Batch) -> Value {
        .dict(batch.map { ($0.key, Value.list($0.value.map(value))) })
    }

    /// The (key, value) pairs of a dict or a mapping host object (BatchEncoding).
    static func pairs(_ value: Value, what: String) throws -> [(String, Value)] {
        switch value {
        case .dict(let dict):
            return try dict.pairs.map { key, item in
                guard case .str(let name) = key else {
                    throw ScriptError(.typeError, "\(what) must have str keys, got \(key.typeName)")
                }
                return (name, item)
            }
        case .host(let object):
            if let pairs = object.keywordArguments() { return pairs }
            fallthrough
        default:
            throw ScriptError(.typeError, "\(what) must be a dict, not \(value.typeName)")
        }
    }

    static func rowRecord(_ value: Value) throws -> Row {
        Row(try pairs(value, what: "the function's result").map { ($0.0, try data($0.1)) })
    }

    static func batchRecord(_ value: Value) throws -> Batch {
        Batch(try pairs(value, what: "the batched function's result").map { name, column in
            if case .host(let object) = column, let tensor = object as? TensorObject {
                guard tensor.array.rank >= 1 else {
                    throw ScriptError(.typeError, "column '\(name)' of a batched result must be a list, not a 0-d tensor")
                }
                return (name, try (tensor.array.toValue().sequenceItems ?? []).map(data))
            }
            guard let items = column.sequenceItems else {
                throw ScriptError(.typeError, "column '\(name)' of a batched result must be a list, not \(column.typeName)",
                                  help: "with batched=True the function returns a dict of lists, one item per row")
            }
            return (name, try items.map(data))
        })
    }

    // MARK: JSON (configs, logs, metrics)

    static func value(_ json: JSONValue) -> Value { Value(json: json) }

    static func dict(_ entry: LogEntry) -> Value {
        .dict(entry.map { ($0.key, value($0.value)) })
    }

    static func peftJSON(_ value: Value) throws -> PeftJSON { try value.coreJSON(what: "a config value") }

    // MARK: labels and numbers

    /// The labels of a list, tuple or tensor: all ints, or all strings.
    static func labels(_ value: Value, name: String) throws -> LabelList {
        if case .host(let object) = value, let tensor = object as? TensorObject {
            return .ints(try tensor.array.values.map { try CheckedInt.truncating($0, what: name) })
        }
        guard let items = value.sequenceItems else {
            throw ScriptError(.typeError, "\(name) must be a list or a tensor of labels, not \(value.typeName)")
        }
        if !items.isEmpty, items.allSatisfy({ $0.stringValue != nil }) { return .strings(items.compactMap(\.stringValue)) }
        return .ints(try items.map { item in
            switch item {
            case .int, .bool: return item.intValue ?? 0
            case .float(let x) where x == x.rounded(): return try CheckedInt.whole(x, what: name)
            case .host(let object) where object.scalarValue()?.intValue != nil: return object.scalarValue()?.intValue ?? 0
            default:
                throw ScriptError(.valueError, "\(name) holds \(item.typeName) values; labels must all be ints or all be strings")
            }
        })
    }

    /// A Python float for a number or a one-element tensor.
    static func double(_ value: Value) -> Double? {
        if let x = value.doubleValue { return x }
        if case .host(let object) = value, let scalar = object.scalarValue() { return scalar.doubleValue }
        return nil
    }
}

/// A list of class labels for the metrics (sklearn accepts ints or strings).
enum LabelList {
    case ints([Int])
    case strings([String])

    var count: Int {
        switch self {
        case .ints(let xs): return xs.count
        case .strings(let xs): return xs.count
        }
    }
}

/// What a pipeline is called on: one text, or a list of texts (each must be a str).
enum PipelineInputs {
    /// The texts, and whether one text was given (the pipeline then answers with one result, not a list).
    static func texts(_ inputs: Value, context: CallContext) throws -> (texts: [String], single: Bool) {
        if case .str(let s) = inputs { return ([s], true) }
        let texts = try context.items(of: inputs).map { item -> String in
            guard case .str(let s) = item else { throw ScriptError(.typeError, "pipeline inputs must be str, not \(item.typeName)") }
            return s
        }
        return (texts, false)
    }
}
