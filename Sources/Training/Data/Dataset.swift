/// A column-oriented table of examples, like Hugging Face `datasets.Dataset`.
///
/// Value type: every transform returns a new dataset and leaves the receiver unchanged.
public struct Dataset: CustomStringConvertible {
    /// Column names in order.
    public private(set) var columnNames: [String]
    private var columns: [String: [DataValue]]
    /// Column types, keyed by name (same order as `columnNames` via `featureList`).
    public private(set) var features: [String: Feature]
    /// Number of rows.
    public internal(set) var count: Int

    /// An empty dataset with no columns.
    public init() { columnNames = []; columns = [:]; features = [:]; count = 0 }

    /// `Dataset.from_dict`: columns given as (name, values) pairs in order; all of the same length.
    public static func fromDict(_ columns: [(String, [DataValue])], features: [String: Feature] = [:]) throws -> Dataset {
        var dataset = Dataset()
        var expected: (String, Int)? = nil
        for (name, values) in columns {
            if let (firstName, n) = expected, n != values.count {
                throw TrainingError.value(
                    "all columns must have the same length, but '\(firstName)' has \(n) values and '\(name)' has \(values.count)",
                    help: "give every column one value per example")
            }
            expected = expected ?? (name, values.count)
            try dataset.setColumn(name, values, feature: features[name])
        }
        dataset.count = expected?.1 ?? 0
        return dataset
    }

    /// `Dataset.from_dict` from an ordered batch.
    public static func fromDict(_ batch: Batch, features: [String: Feature] = [:]) throws -> Dataset {
        try fromDict(batch.map { ($0.key, $0.value) }, features: features)
    }

    /// `Dataset.from_list`: one row per element; keys missing from a row become `None`.
    public static func fromList(_ rows: [Row]) throws -> Dataset {
        var order: [String] = []
        var seen: Set<String> = []
        for row in rows { for key in row.keys where !seen.contains(key) { seen.insert(key); order.append(key) } }
        let columns = order.map { name in (name, rows.map { $0[name] ?? DataValue.none }) }
        var dataset = try fromDict(columns)
        dataset.count = rows.count
        return dataset
    }

    /// Features in column order.
    public var featureList: [(String, Feature)] { columnNames.map { ($0, features[$0] ?? .value("null")) } }

    /// All values of one column, or a KeyError naming the columns that exist.
    public func column(_ name: String) throws -> [DataValue] {
        guard let values = columns[name] else { throw missingColumn(name) }
        return values
    }

    /// Row `index` (negative counts from the end, like Python).
    public func row(_ index: Int) throws -> Row {
        let i = index < 0 ? index + count : index
        guard i >= 0, i < count else {
            throw TrainingError(.indexError, "row index \(index) is out of range for a dataset of \(count) rows",
                                help: count == 0 ? "the dataset is empty" : "use an index from 0 to \(count - 1) (or -1 for the last row)")
        }
        return unsafeRow(i)
    }

    func unsafeRow(_ i: Int) -> Row {
        var row = Row()
        for name in columnNames { row[name] = columns[name]?[i] ?? DataValue.none }
        return row
    }

    /// All rows, in order.
    public var rows: [Row] { (0..<count).map(unsafeRow) }

    /// The rows `range` as a batch of columns (`dataset[2:5]` in Python gives this dict of lists).
    public func batch(_ range: Range<Int>) -> Batch {
        let lower = max(0, min(range.lowerBound, count)), upper = max(lower, min(range.upperBound, count))
        var batch = Batch()
        for name in columnNames { batch[name] = Array((columns[name] ?? [])[lower..<upper]) }
        return batch
    }

    /// Python slicing `dataset[start:stop:step]` as a new dataset (bounds clamped, negatives from the end).
    public func slice(start: Int? = nil, stop: Int? = nil, step: Int = 1) throws -> Dataset {
        guard step != 0 else { throw TrainingError.value("slice step cannot be zero") }
        return selectUnchecked(PythonSlice.indices(count: count, start: start, stop: stop, step: step))
    }

    /// `select(indices)`: rows in the given order (repeats allowed). Out-of-range → IndexError.
    public func select(_ indices: [Int]) throws -> Dataset {
        for i in indices where i < 0 || i >= count {
            throw TrainingError(.indexError, "select: index \(i) is out of range for a dataset of \(count) rows",
                                help: "indices must be between 0 and \(count - 1)")
        }
        return selectUnchecked(indices)
    }

    /// Selection for indices known to be valid.
    func selectUnchecked(_ indices: [Int]) -> Dataset {
        var out = self
        for name in columnNames {
            let values = columns[name] ?? []
            out.columns[name] = indices.map { values[$0] }
        }
        out.count = indices.count
        return out
    }

    // MARK: Column edits

    /// Replaces or adds a column (values must match the row count unless the dataset has no columns).
    mutating func setColumn(_ name: String, _ values: [DataValue], feature: Feature? = nil) throws {
        if !columnNames.isEmpty && values.count != count {
            throw TrainingError.value("column '\(name)' has \(values.count) values but the dataset has \(count) rows")
        }
        let resolved = try feature ?? Feature.infer(column: name, values: values)
        if columns[name] == nil { columnNames.append(name) }
        columns[name] = values
        features[name] = resolved
        if columnNames.count == 1 { count = values.count }
    }

    /// `add_column(name, values)`.
    public func addColumn(_ name: String, _ values: [DataValue], feature: Feature? = nil) throws -> Dataset {
        if columns[name] != nil {
            throw TrainingError.value("the dataset already has a column '\(name)'", help: "remove it first or pick another name")
        }
        var out = self
        try out.setColumn(name, values, feature: feature)
        return out
    }

    /// `rename_column(old, new)`.
    public func renameColumn(_ old: String, _ new: String) throws -> Dataset {
        guard columns[old] != nil else { throw missingColumn(old) }
        if old == new { return self }
        if columns[new] != nil {
            throw TrainingError.value("cannot rename '\(old)' to '\(new)': a column '\(new)' already exists",
                                      help: "remove '\(new)' first with remove_columns")
        }
        var out = self
        out.columnNames = columnNames.map { $0 == old ? new : $0 }
        out.columns[new] = out.columns.removeValue(forKey: old)
        out.features[new] = out.features.removeValue(forKey: old)
        return out
    }

    /// `remove_columns([...])`: every name must exist.
    public func removeColumns(_ names: [String]) throws -> Dataset {
        for name in names where columns[name] == nil { throw missingColumn(name) }
        var out = self
        for name in names {
            out.columns[name] = nil
            out.features[name] = nil
        }
        out.columnNames.removeAll { names.contains($0) }
        if out.columnNames.isEmpty { out.count = count }  // HF keeps num_rows with zero columns
        return out
    }

    /// `select_columns([...])`: keep only these, in the given order.
    public func selectColumns(_ names: [String]) throws -> Dataset {
        for name in names where columns[name] == nil { throw missingColumn(name) }
        return try removeColumns(columnNames.filter { !names.contains($0) }).reorderedColumns(names)
    }

    private func reorderedColumns(_ names: [String]) -> Dataset {
        var out = self
        out.columnNames = names
        return out
    }

    /// Overrides a column's feature (used by `classEncodeColumn` and `cast_column`).
    mutating func setFeature(_ feature: Feature, for name: String) { features[name] = feature }

    func missingColumn(_ name: String) -> TrainingError {
        let close = columnNames.first { $0.lowercased() == name.lowercased() }
        return TrainingError(.keyError, "the dataset has no column '\(name)'",
                             notes: ["its columns are: " + columnNames.map(PythonFormat.stringRepr).joined(separator: ", ")],
                             help: close.map { "did you mean '\($0)'?" })
    }

    /// Like HF: `Dataset({\n    features: ['text', 'label'],\n    num_rows: 3\n})`.
    public var description: String {
        "Dataset({\n    features: [" + columnNames.map(PythonFormat.stringRepr).joined(separator: ", ")
            + "],\n    num_rows: \(count)\n})"
    }

    /// `dataset.features` printed like HF: `{'text': Value('string'), 'label': ClassLabel(names=[...])}`.
    public var featuresDescription: String {
        "{" + featureList.map { "\(PythonFormat.stringRepr($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// Python's slice index arithmetic (`range(*slice(start, stop, step).indices(count))`).
enum PythonSlice {
    static func indices(count: Int, start: Int?, stop: Int?, step: Int) -> [Int] {
        func clamp(_ value: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
            guard var v = value else { return defaultValue }
            if v < 0 { v += count }
            return min(max(v, low), high)
        }
        if step > 0 {
            let lo = clamp(start, 0, low: 0, high: count), hi = clamp(stop, count, low: 0, high: count)
            return lo < hi ? Array(stride(from: lo, to: hi, by: step)) : []
        }
        let lo = clamp(start, count - 1, low: -1, high: count - 1), hi = clamp(stop, -1, low: -1, high: count - 1)
        return lo > hi ? Array(stride(from: lo, to: hi, by: step)) : []
    }
}
