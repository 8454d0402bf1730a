/// The type of one dataset column, printed like Hugging Face `datasets` features.
public indirect enum Feature: Equatable, CustomStringConvertible {
    /// A scalar column: dtype `null`, `bool`, `int8`, `int32`, `int64`, `float64`, `string`.
    case value(String)
    /// Integer labels with names (`ClassLabel(names=[...])`).
    case classLabel(names: [String])
    /// A list column (`List(Value('int32'))`).
    case list(Feature)
    /// A dict column (`{'text': List(Value('string')), 'answer_start': List(Value('int64'))}`).
    case record([String], [Feature])

    public var description: String {
        switch self {
        case .value(let dtype): return "Value('\(dtype)')"
        case .classLabel(let names): return "ClassLabel(names=[" + names.map(PythonFormat.stringRepr).joined(separator: ", ") + "])"
        case .list(let inner): return "List(\(inner))"
        case let .record(keys, features):
            return "{" + zip(keys, features).map { PythonFormat.stringRepr($0) + ": \($1)" }.joined(separator: ", ") + "}"
        }
    }

    /// Label names for a ClassLabel column.
    public var classNames: [String]? { if case .classLabel(let names) = self { return names }; return nil }

    /// `datasets` stores these well-known tokenizer columns in narrow integer types.
    static func optimizedIntType(forColumn name: String) -> String {
        switch name {
        case "input_ids": return "int32"
        case "attention_mask", "token_type_ids", "special_tokens_mask": return "int8"
        default: return "int64"
        }
    }

    /// Infers a column's feature from its values, or fails naming the first conflicting row.
    static func infer(column name: String, values: [DataValue]) throws -> Feature {
        var inferred: Feature? = nil
        for (row, value) in values.enumerated() {
            guard let here = scalarOrListFeature(of: value, column: name) else { continue }
            guard let current = inferred else { inferred = here; continue }
            guard let merged = merge(current, here) else {
                throw TrainingError.value(
                    "column '\(name)' mixes kinds of values: row \(row) holds a \(value.kindName) where earlier rows hold \(current)",
                    help: "make every value of '\(name)' the same kind (convert with `map`), or use separate columns")
            }
            inferred = merged
        }
        return inferred ?? .value("null")
    }

    private static func scalarOrListFeature(of value: DataValue, column: String) -> Feature? {
        switch value {
        case .none: return nil
        case .bool: return .value("bool")
        case .int: return .value(optimizedIntType(forColumn: column))
        case .float: return .value("float64")
        case .string: return .value("string")
        case .intList: return .list(.value(optimizedIntType(forColumn: column)))
        case .floatList: return .list(.value("float64"))
        case .stringList: return .list(.value("string"))
        case .list(let items):
            var inner: Feature? = nil
            for item in items {
                guard let f = scalarOrListFeature(of: item, column: column) else { continue }
                inner = inner.map { merge($0, f) ?? $0 } ?? f
            }
            return .list(inner ?? .value("null"))
        case .dict(let record):
            return .record(record.keys, zip(record.keys, record.values).map { key, item in
                scalarOrListFeature(of: item, column: key) ?? .value("null")
            })
        }
    }

    private static func merge(_ a: Feature, _ b: Feature) -> Feature? {
        if a == b { return a }
        switch (a, b) {
        case (.value(let x), .value(let y)):
            let numeric: Set<String> = ["int8", "int32", "int64", "float64"]
            if numeric.contains(x), numeric.contains(y) {
                return (x == "float64" || y == "float64") ? .value("float64") : .value("int64")
            }
            return nil
        case (.list(let x), .list(let y)):
            if x == .value("null") { return b }
            if y == .value("null") { return a }
            return merge(x, y).map(Feature.list)
        case let (.record(xKeys, xs), .record(yKeys, ys)) where xKeys == yKeys:
            var merged: [Feature] = []
            for (x, y) in zip(xs, ys) {
                guard let both = x == .value("null") ? y : (y == .value("null") ? x : merge(x, y)) else { return nil }
                merged.append(both)
            }
            return .record(xKeys, merged)
        default: return nil
        }
    }
}
