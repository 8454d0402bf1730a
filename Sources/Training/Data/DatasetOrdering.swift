/// Shuffling, label encoding and unique values.
extension Dataset {
    /// `shuffle(seed=)`: `numpy.random.default_rng(seed).permutation(len)` order, as HF `datasets`.
    /// Without a seed the order comes from the system's random source (not reproducible).
    public func shuffle(seed: UInt64? = nil) -> Dataset {
        var generator = DefaultDataGenerator(seed: seed ?? UInt64.random(in: 0...UInt64(UInt32.max)))
        return shuffle(using: &generator)
    }

    /// Shuffles with any seeded generator.
    public func shuffle<G: SeededGenerator>(using generator: inout G) -> Dataset {
        selectUnchecked(generator.permutation(count))
    }

    /// Distinct values of a column in order of first appearance (`unique`).
    public func unique(_ name: String) throws -> [DataValue] {
        var seen: Set<DataValue> = []
        var out: [DataValue] = []
        for value in try column(name) where seen.insert(value).inserted { out.append(value) }
        return out
    }

    /// `class_encode_column(column)`: the sorted distinct values (compared as strings, like HF)
    /// become `ClassLabel(names=…)` and each value its index. `None` stays `None`.
    public func classEncodeColumn(_ name: String) throws -> Dataset {
        let values = try column(name)
        if case .classLabel? = features[name] {
            throw TrainingError.value("column '\(name)' is already a ClassLabel column",
                                      help: "its label names are in dataset.features['\(name)'].names")
        }
        var names = Set<String>()
        for value in values where !value.isNone {
            guard let text = Dataset.labelText(value) else {
                throw TrainingError.value("class_encode_column: column '\(name)' holds a \(value.kindName); only strings, ints and bools can be labels")
            }
            names.insert(text)
        }
        let sorted = names.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        var indexOf: [String: Int] = [:]
        for (i, label) in sorted.enumerated() { indexOf[label] = i }
        let encoded: [DataValue] = values.map { v in
            guard let text = Dataset.labelText(v), let i = indexOf[text] else { return .none }
            return .int(i)
        }
        var out = self
        try out.setColumn(name, encoded, feature: .classLabel(names: sorted))
        return out
    }

    /// `cast_column(name, ClassLabel(names=…))` for string or int columns: strings map to their index in
    /// `names`; ints must already be valid indices.
    public func castToClassLabel(_ name: String, names: [String]) throws -> Dataset {
        let values = try column(name)
        var indexOf: [String: Int] = [:]
        for (i, label) in names.enumerated() { indexOf[label] = i }
        var encoded: [DataValue] = []
        encoded.reserveCapacity(values.count)
        for (row, v) in values.enumerated() {
            switch v {
            case .none: encoded.append(.none)
            case .string(let s):
                guard let i = indexOf[s] else {
                    throw TrainingError.value("row \(row) of '\(name)' has the label \(PythonFormat.stringRepr(s)), which is not one of the names \(names)",
                                              help: "add it to names, or filter such rows out first")
                }
                encoded.append(.int(i))
            case .int(let i) where i >= 0 && i < names.count: encoded.append(.int(i))
            default:
                throw TrainingError.value("row \(row) of '\(name)' holds \(v), which is not a label index below \(names.count) nor a label name")
            }
        }
        var out = self
        try out.setColumn(name, encoded, feature: .classLabel(names: names))
        return out
    }

    static func labelText(_ value: DataValue) -> String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "True" : "False"
        default: return nil
        }
    }
}
