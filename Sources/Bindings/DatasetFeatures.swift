import Foundation
import Lang
import Training

/// More of the `datasets` API scripts use: the `ClassLabel`/`Value`/`Features` constructors,
/// `cast_column`, `sort`, `iter`, `take`, `skip`, `flatten_indices` and `concatenate_datasets`.
enum DatasetFeatures {
    /// A `Feature` from a script value (`ClassLabel(...)`, `Value('int64')`).
    static func feature(_ value: Value, what: String) throws -> Feature {
        guard case .host(let object) = value, let feature = object as? FeatureObject else {
            throw ScriptError(.typeError, "\(what) must be a datasets feature such as ClassLabel(names=[...]) or Value('int64'), not \(value.typeName)")
        }
        return feature.feature
    }

    /// `dataset` with `feature` applied to column `name` (labels become ids; values are converted).
    static func cast(_ dataset: Dataset, column name: String, to feature: Feature) throws -> Dataset {
        switch feature {
        case .classLabel(let names): return try dataset.castToClassLabel(name, names: names)
        case .value(let dtype): return try dataset.castColumn(name, toValue: dtype)
        default:
            throw ScriptError(.notImplementedError, "cast_column to \(feature) is not supported", help: "cast to ClassLabel(names=[...]) or Value(dtype)")
        }
    }

    /// Every `(column, feature)` of a `Features({...})` or plain dict of features.
    static func features(_ value: Value) throws -> [(String, Feature)] {
        if case .host(let object) = value, let features = object as? FeaturesObject { return features.features }
        return try Convert.pairs(value, what: "features").map { ($0.0, try feature($0.1, what: "features['\($0.0)']")) }
    }

    static let classLabel = Builtin("ClassLabel", owner: "datasets", [.optional("num_classes", .int), .optional("names", .list), .optional("names_file", .str)],
                                    doc: "Integer class labels with names.", example: "ClassLabel(names=['negative', 'neutral', 'positive'])") { args in
        var names = try (args["names"].sequenceItems ?? []).map { item -> String in
            guard case .str(let name) = item else { throw ScriptError(.typeError, "ClassLabel names must be str, not \(item.typeName)") }
            return name
        }
        if let count = try args.optionalInt("num_classes") {
            if names.isEmpty { names = (0..<max(count, 0)).map(String.init) }
            guard names.count == count else {
                throw ScriptError(.valueError, "ClassLabel number of names do not match the defined num_classes. Got \(names.count) names VS \(count) num_classes")
            }
        }
        guard !names.isEmpty else { throw ScriptError(.valueError, "Please provide either names or num_classes.") }
        return .host(FeatureObject.make(.classLabel(names: names)))
    }

    static let value = Builtin("Value", owner: "datasets", [Parameter("dtype", .str)], doc: "A scalar feature: 'string', 'int64', 'float32', 'bool', …",
                               example: "Value('float32')") { args in
        let dtype = try args.string("dtype")
        let known = ["string", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64", "null"]
        guard known.contains(dtype) else {
            throw ScriptError(.valueError, "datasets has no dtype '\(dtype)'", notes: ["known: " + known.joined(separator: ", ")])
        }
        return .host(FeatureObject.make(.value(dtype)))
    }

    static let featuresConstructor = Builtin("Features", owner: "datasets", [.optional("features", .dict), .keywords("columns")],
                                             doc: "Column name → feature.", example: "Features({'text': Value('string'), 'label': ClassLabel(names=['neg', 'pos'])})") { args in
        var pairs = args["features"].isNone ? [] : try features(args["features"])
        for (name, value) in args.keywords { pairs.append((name, try feature(value, what: "Features(\(name)=...)"))) }
        return .host(FeaturesObject(pairs))
    }

    static let concatenate = Builtin("concatenate_datasets", owner: "datasets", [Parameter("dsets", .list), Parameter("axis", .int, default: .int(0))],
                                     doc: "The rows of several datasets with the same columns, one after the other.",
                                     example: "concatenate_datasets([train, extra])") { args in
        guard try args.int("axis") == 0 else {
            throw ScriptError(.notImplementedError, "concatenate_datasets(axis=1) is not supported", help: "add columns with add_column instead")
        }
        let parts = try (args["dsets"].sequenceItems ?? []).map { item -> Dataset in
            guard case .host(let object) = item, let dataset = object as? DatasetObject else {
                throw ScriptError(.typeError, "concatenate_datasets takes a list of Dataset objects, not \(item.typeName)")
            }
            return dataset.dataset
        }
        return try bridged { DatasetObject.wrap(try Dataset.concatenateMatching(parts)) }
    }

    /// The methods added to `Dataset` objects.
    static func methods(_ object: DatasetObject) -> [Builtin] {
        let data = object.dataset
        return [
            object.method("cast_column", [Parameter("column", .str), Parameter("feature")], doc: "Convert a column to a feature (ClassLabel, Value).",
                          example: "ds = ds.cast_column('label', ClassLabel(names=['neg', 'pos']))") { args in
                try bridged { DatasetObject.wrap(try cast(data, column: try args.string("column"), to: try feature(args["feature"], what: "feature"))) }
            },
            object.method("sort", [Parameter("column_names"), Parameter("reverse", default: .bool(false))],
                          doc: "Rows ordered by one or more columns (stable; None last).", example: "ds.sort('length', reverse=True)") { args in
                let names = try DatasetObject.names(args["column_names"], what: "column_names")
                let flags = try args["reverse"].sequenceItems.map { try $0.map { try $0.isTruthy() } }
                    ?? Array(repeating: try args["reverse"].isTruthy(), count: names.count)
                guard flags.count == names.count else {
                    throw ScriptError(.valueError, "reverse has \(flags.count) values for \(names.count) columns", help: "give one bool, or one per column")
                }
                return try bridged {
                    var sorted = data
                    for (name, reverse) in zip(names, flags).reversed() { sorted = try sorted.sorted(by: name, reverse: reverse) }
                    return DatasetObject.wrap(sorted)
                }
            },
            object.method("iter", [Parameter("batch_size", .int), Parameter("drop_last_batch", .bool, default: .bool(false))],
                          doc: "Batches of rows as dicts of lists (a generator).", example: "for batch in ds.iter(batch_size=32): ...") { args in
                let size = try args.int("batch_size")
                guard size > 0 else { throw ScriptError(.valueError, "batch_size must be positive, got \(size)") }
                let dropLast = try args.bool("drop_last_batch")
                var start = 0
                return .iterator(IteratorObject(kindName: "generator") {
                    guard start < data.count, !(dropLast && start + size > data.count) else { return nil }
                    let end = min(start + size, data.count)
                    defer { start = end }
                    return object.formatted(Convert.batch(data.batch(start..<end)))
                })
            },
            object.method("take", [Parameter("n", .int)], doc: "The first n rows.", example: "ds.take(100)") { args in
                DatasetObject.wrap(try data.select(Array(0..<min(max(try args.int("n"), 0), data.count))))
            },
            object.method("skip", [Parameter("n", .int)], doc: "Every row after the first n.", example: "ds.skip(100)") { args in
                DatasetObject.wrap(try data.select(Array(min(max(try args.int("n"), 0), data.count)..<data.count)))
            },
            object.method("flatten_indices", doc: "The same rows (lorarepl keeps no index mapping to flatten).", example: "ds.flatten_indices()") { _ in
                .host(object)
            },
        ]
    }
}
