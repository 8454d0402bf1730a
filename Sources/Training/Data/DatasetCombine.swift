import Foundation

/// Sorting, concatenation and casting of datasets (`sort`, `concatenate_datasets`, `cast_column`).
extension Dataset {
    /// `sort(column, reverse=)`: rows ordered by one column's values, as `datasets` (Arrow) orders them:
    /// numbers by value, strings by code point, `None` last; equal values keep their order (also reversed).
    public func sorted(by name: String, reverse: Bool = false) throws -> Dataset {
        let values = try column(name)
        var keys: [SortKey?] = []
        keys.reserveCapacity(values.count)
        for (row, value) in values.enumerated() {
            switch value {
            case .none: keys.append(nil)
            case .bool(let b): keys.append(.number(b ? 1 : 0))
            case .int(let n): keys.append(.number(Double(n)))
            case .float(let x): keys.append(.number(x))
            case .string(let s): keys.append(.text(s))
            default:
                throw TrainingError.value("sort: column '\(name)' holds a \(value.kindName) in row \(row); only numbers, strings and bools can be sorted",
                                          help: "sort by a scalar column, or add one with map (e.g. the length of a list)")
            }
        }
        let order = keys.indices.sorted { a, b in
            switch (keys[a], keys[b]) {
            case (nil, nil): return a < b
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?):
                if x == y { return a < b }
                return reverse ? y < x : x < y
            }
        }
        return selectUnchecked(order)
    }

    private enum SortKey: Comparable {
        case number(Double)
        case text(String)

        static func < (lhs: SortKey, rhs: SortKey) -> Bool {
            switch (lhs, rhs) {
            case let (.number(x), .number(y)): return x < y
            case let (.text(x), .text(y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
    }

    /// `concatenate_datasets([a, b, …])`: the rows of each in turn. As in `datasets`, the datasets must have
    /// the same columns (in any order; the first one's order is kept) with the same features.
    public static func concatenateMatching(_ parts: [Dataset]) throws -> Dataset {
        guard let first = parts.first else { throw TrainingError.value("concatenate_datasets needs at least one dataset") }
        for (index, part) in parts.enumerated().dropFirst() {
            guard Set(part.columnNames) == Set(first.columnNames) else {
                throw TrainingError.value("concatenate_datasets: dataset \(index) has columns \(part.columnNames) but dataset 0 has \(first.columnNames)",
                                          help: "make the columns match first (rename_column, remove_columns, or map to add the missing ones)")
            }
            for name in first.columnNames where part.features[name] != first.features[name] {
                throw TrainingError.value("concatenate_datasets: column '\(name)' is \(part.features[name].map { "\($0)" } ?? "?") in dataset \(index) "
                                          + "but \(first.features[name].map { "\($0)" } ?? "?") in dataset 0",
                                          help: "cast the column first, e.g. ds.cast_column('\(name)', Value('int64'))")
            }
        }
        return try concatenate(parts)
    }

    /// `cast_column(name, Value(dtype))`: every value converted to `dtype` (`string`, `int…`, `float…`, `bool`)
    /// as Arrow casts them; a value that does not convert is an error naming its row.
    public func castColumn(_ name: String, toValue dtype: String) throws -> Dataset {
        let values = try column(name)
        var converted: [DataValue] = []
        converted.reserveCapacity(values.count)
        for (row, value) in values.enumerated() {
            guard let cast = Dataset.cast(value, to: dtype) else {
                throw TrainingError.value("cast_column: row \(row) of '\(name)' (\(value)) cannot be cast to \(dtype)",
                                          help: "fix or drop that row first (filter), or cast to another type")
            }
            converted.append(cast)
        }
        var out = self
        try out.setColumn(name, converted, feature: .value(dtype))
        return out
    }

    private static func cast(_ value: DataValue, to dtype: String) -> DataValue? {
        switch (value, dtype) {
        case (.none, _): return DataValue.none
        case (.string, "string"): return value
        case (.int(let n), "string"): return .string(String(n))
        case (.float(let x), "string"): return .string(PythonFormat.floatRepr(x))
        case (.bool(let b), "string"): return .string(b ? "true" : "false")
        case (.int, _) where dtype.hasPrefix("int"): return value
        case (.float(let x), _) where dtype.hasPrefix("int"):
            guard let n = Int(exactly: x) else { return nil }
            return .int(n)
        case (.bool(let b), _) where dtype.hasPrefix("int"): return .int(b ? 1 : 0)
        case (.string(let s), _) where dtype.hasPrefix("int"):
            let digits = s.trimmingCharacters(in: .whitespaces)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) else { return nil }
            return Double(digits).flatMap { Int(exactly: $0) }.map { .int($0) }
        case (.int(let n), _) where dtype.hasPrefix("float"): return .float(Double(n))
        case (.float, _) where dtype.hasPrefix("float"): return value
        case (.bool(let b), _) where dtype.hasPrefix("float"): return .float(b ? 1 : 0)
        case (.string(let s), _) where dtype.hasPrefix("float"): return Double(s.trimmingCharacters(in: .whitespaces)).map { .float($0) }
        case (.bool, "bool"): return value
        case (.int(let n), "bool"): return .bool(n != 0)
        case (.float(let x), "bool"): return .bool(x != 0)
        default: return nil
        }
    }
}
