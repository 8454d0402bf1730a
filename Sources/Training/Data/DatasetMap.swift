/// `map` and `filter` with user functions given as Swift closures (the language bindings wrap
/// script functions into these).
extension Dataset {
    /// `map(fn)`: `fn` receives each row and returns the columns to add or replace (or nil for none).
    ///
    /// `removeColumns` are dropped from the input before the function's output is merged, so a
    /// function may return a column of the same name and keep it (HF's rule).
    public func map(removeColumns: [String] = [], _ transform: (Row) throws -> Row?) throws -> Dataset {
        for name in removeColumns where !columnNames.contains(name) { throw missingColumn(name) }
        var outputRows: [Row] = []
        outputRows.reserveCapacity(count)
        for index in 0..<count {
            let input = unsafeRow(index)
            let produced = try TrainingError.noting("while mapping row \(index)") { try transform(input) }
            var merged = Row()
            for (key, value) in input where !removeColumns.contains(key) { merged[key] = value }
            if let produced { for (key, value) in produced { merged[key] = value } }
            outputRows.append(merged)
        }
        return try rebuild(fromRows: outputRows, rowCount: count, previous: self)
    }

    /// `map(fn, batched=True, batch_size=)`: `fn` receives up to `batchSize` rows as columns and returns
    /// columns (all of one length, which may differ from the input's when input columns are removed).
    /// `batchSize` nil or ≤ 0 passes the whole dataset as one batch.
    public func map(batched: Bool, batchSize: Int? = 1000, removeColumns: [String] = [],
                    _ transform: (Batch) throws -> Batch?) throws -> Dataset {
        if !batched {
            return try map(removeColumns: removeColumns) { row in
                let out = try transform(Batch(row.map { ($0.key, [$0.value]) }))
                return out.map { Row($0.map { ($0.key, $0.value.first ?? DataValue.none) }) }
            }
        }
        for name in removeColumns where !columnNames.contains(name) { throw missingColumn(name) }
        if count == 0 { return try self.removeColumns(removeColumns) }   // HF does not call the function on an empty dataset
        let size = (batchSize ?? 0) > 0 ? (batchSize ?? count) : count
        var outputColumns = Batch()
        var totalRows = 0
        var start = 0
        while start < count {
            let range = start..<min(start + size, count)
            let input = batch(range)
            var produced = try TrainingError.noting("while mapping the batch of rows \(range.lowerBound)..<\(range.upperBound)") {
                try transform(input)
            }
            let output = produced ?? Batch()
            var outputLength: Int? = nil
            for (name, values) in output {
                if let n = outputLength, n != values.count {
                    throw TrainingError.value(
                        "the mapped function returned columns of different lengths: '\(output.keys[0])' has \(n) values and '\(name)' has \(values.count)",
                        help: "return one value per example in every column")
                }
                outputLength = outputLength ?? values.count
            }
            let produceCount = outputLength ?? range.count
            let keptInput = input.filter { !removeColumns.contains($0.key) && !output.contains($0.key) }
            if produceCount != range.count && !keptInput.isEmpty {
                throw TrainingError.value(
                    "the mapped function turned \(range.count) rows into \(produceCount), but the input columns "
                        + keptInput.map { "'\($0.key)'" }.joined(separator: ", ") + " still have \(range.count) values",
                    help: "pass remove_columns=\(PythonFormat.stringRepr(keptInput[0].key)) (or all of them) when the number of rows changes")
            }
            for (name, values) in keptInput { outputColumns[name] = (outputColumns[name] ?? []) + values }
            for (name, values) in output { outputColumns[name] = (outputColumns[name] ?? []) + values }
            totalRows += produceCount
            start += size
        }
        // Columns must all have totalRows values (a column missing from one batch is an error).
        for (name, values) in outputColumns where values.count != totalRows {
            throw TrainingError.value("the mapped function returned the column '\(name)' for some batches but not others",
                                      help: "return the same columns for every batch")
        }
        var ordered: [(String, [DataValue])] = []
        for name in columnNames where outputColumns.contains(name) { ordered.append((name, outputColumns[name] ?? [])) }
        for (name, values) in outputColumns where !columnNames.contains(name) { ordered.append((name, values)) }
        return try rebuild(columns: ordered, rowCount: totalRows, previous: self)
    }

    /// `filter(fn)`: keeps rows for which `predicate` returns true.
    public func filter(_ predicate: (Row) throws -> Bool) throws -> Dataset {
        var kept: [Int] = []
        for index in 0..<count where try predicate(unsafeRow(index)) { kept.append(index) }
        return selectUnchecked(kept)
    }

    /// `filter(fn, batched=True)`: `predicate` returns one Bool per row of the batch.
    public func filter(batchSize: Int = 1000, _ predicate: (Batch) throws -> [Bool]) throws -> Dataset {
        var kept: [Int] = []
        var start = 0
        let size = max(1, batchSize)
        while start < count {
            let range = start..<min(start + size, count)
            let mask = try predicate(batch(range))
            guard mask.count == range.count else {
                throw TrainingError.value("the filter function returned \(mask.count) booleans for a batch of \(range.count) rows",
                                          help: "return one True/False per row")
            }
            for (offset, keep) in mask.enumerated() where keep { kept.append(range.lowerBound + offset) }
            start += size
        }
        return selectUnchecked(kept)
    }

    private func rebuild(fromRows rows: [Row], rowCount: Int, previous: Dataset) throws -> Dataset {
        var order: [String] = []
        var seen: Set<String> = []
        for row in rows { for key in row.keys where !seen.contains(key) { seen.insert(key); order.append(key) } }
        let columns = order.map { name in (name, rows.map { $0[name] ?? DataValue.none }) }
        return try rebuild(columns: columns, rowCount: rowCount, previous: previous)
    }

    /// Builds the result keeping the old feature of a column when its values still fit it.
    private func rebuild(columns: [(String, [DataValue])], rowCount: Int, previous: Dataset) throws -> Dataset {
        var features: [String: Feature] = [:]
        for (name, values) in columns {
            guard let old = previous.features[name] else { continue }
            if let names = old.classNames,
               values.allSatisfy({ v in v.isNone || (v.intValue.map { $0 >= -1 && $0 < names.count } ?? false) }) {
                features[name] = old
            }
        }
        var result = try Dataset.fromDict(columns, features: features)
        if columns.isEmpty { result.overrideCount(rowCount) }
        return result
    }

    mutating func overrideCount(_ n: Int) { count = n }
}
