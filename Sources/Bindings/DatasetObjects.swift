import Foundation
import Lang
import NumericArrays
import Training

/// A `datasets.Dataset` in scripts.
final class DatasetObject: HostBase {
    let dataset: Dataset
    /// Set by `set_format("torch")` (DatasetTensorFormat.swift); nil: rows are plain Python values.
    var tensorFormat: DatasetTensorFormat?

    init(_ dataset: Dataset, format: DatasetTensorFormat? = nil) {
        self.dataset = dataset
        self.tensorFormat = format
    }

    /// A row or batch with the dataset's format applied.
    func formatted(_ value: Value) -> Value { tensorFormat?.apply(value) ?? value }

    static func wrap(_ dataset: Dataset) -> Value { .host(DatasetObject(dataset)) }

    override var typeName: String { "Dataset" }
    override func repr() -> String { dataset.description }

    override var propertyNames: [String] { ["features", "column_names", "num_rows", "shape"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "features": return .host(FeaturesObject(dataset.featureList))
        case "column_names": return .list(dataset.columnNames.map { .str($0) })
        case "num_rows": return .int(dataset.count)
        case "shape": return .tuple([.int(dataset.count), .int(dataset.columnNames.count)])
        default: return nil
        }
    }

    override func length() -> Int? { dataset.count }

    override func makeIterator(context: CallContext) throws -> IteratorObject? {
        var index = 0
        let data = dataset
        return IteratorObject(kindName: "iterator") { [self] in
            guard index < data.count else { return nil }
            defer { index += 1 }
            return formatted(Convert.row(try bridged { try data.row(index) }))
        }
    }

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        try bridged {
            switch key {
            case .str(let column): return .list(try dataset.column(column).map(Convert.value))
            case .int(let index): return formatted(Convert.row(try dataset.row(index)))
            case .slice(let slice):
                let indices = try NDArray.sliceIndices(slice, size: dataset.count)
                return formatted(Convert.batch(try dataset.select(indices).batch(0..<indices.count)))
            case .list:
                let indices = try (key.sequenceItems ?? []).map { item -> Int in
                    guard let i = item.intValue else { throw ScriptError(.typeError, "dataset indices must be ints") }
                    return i
                }
                return formatted(Convert.batch(try dataset.select(indices).batch(0..<indices.count)))
            default:
                throw ScriptError(.typeError, "a Dataset is indexed by a row number, a slice or a column name, not \(key.typeName)")
            }
        }
    }

    /// A list of column names from a str or a list.
    static func names(_ value: Value, what: String) throws -> [String] {
        if case .str(let s) = value { return [s] }
        guard let items = value.sequenceItems else { throw ScriptError(.typeError, "\(what) must be a str or a list of str") }
        return try items.map { item in
            guard case .str(let s) = item else { throw ScriptError(.typeError, "\(what) must hold str values, not \(item.typeName)") }
            return s
        }
    }

    static func splitSize(_ value: Value, name: String) throws -> SplitSize? {
        switch value {
        case .none: return nil
        case .int(let n): return .count(n)
        case .float(let x): return .fraction(x)
        default: throw ScriptError(.typeError, "\(name) must be a float fraction or an int row count, not \(value.typeName)")
        }
    }

    static func seed(_ value: Value, _ context: CallContext) throws -> UInt64? {
        guard let n = value.intValue else { return Bindings.state(context).derivedSeed() }
        guard n >= 0 else { throw ScriptError(.valueError, "seed must be a non-negative int, got \(n)") }
        return UInt64(n)
    }

    static let mapParameters: [Parameter] = [
        .optional("function"), Parameter("with_indices", .bool, default: .bool(false)),
        Parameter("batched", .bool, default: .bool(false)), Parameter("batch_size", .optional(.int), default: .int(1000)),
        .optional("remove_columns"), .optional("fn_kwargs", .dict), .optional("desc", .str),
        .optional("load_from_cache_file", .bool), .optional("num_proc", .int),
    ]

    /// The shared part of `map` for datasets and dataset dicts.
    static func map(_ dataset: Dataset, _ args: Arguments) throws -> Dataset {
        let function = args["function"]
        let removed = args["remove_columns"].isNone ? [] : try names(args["remove_columns"], what: "remove_columns")
        if function.isNone { return try dataset.removeColumns(removed) }
        let extra = args["fn_kwargs"].isNone ? [] : try Convert.pairs(args["fn_kwargs"], what: "fn_kwargs")
        let withIndices = try args.bool("with_indices")
        let context = args.context
        if try args.bool("batched") {
            var start = 0
            let size = try args.optionalInt("batch_size")
            return try dataset.map(batched: true, batchSize: size, removeColumns: removed) { batch in
                try context.checkInterrupt()
                var positional = [Convert.batch(batch)]
                let rows = batch.values.first?.count ?? 0
                if withIndices { positional.append(.list((start..<(start + rows)).map { .int($0) })) }
                start += rows
                let result = try context.call(function, positional, keywords: extra)
                return result.isNone ? nil : try Convert.batchRecord(result)
            }
        }
        var index = 0
        return try dataset.map(removeColumns: removed) { row in
            try context.checkInterrupt()
            var positional = [Convert.row(row)]
            if withIndices { positional.append(.int(index)) }
            index += 1
            let result = try context.call(function, positional, keywords: extra)
            return result.isNone ? nil : try Convert.rowRecord(result)
        }
    }

    static let filterParameters: [Parameter] = [
        Parameter("function", .callable), Parameter("with_indices", .bool, default: .bool(false)),
        Parameter("batched", .bool, default: .bool(false)), Parameter("batch_size", .optional(.int), default: .int(1000)),
        .optional("fn_kwargs", .dict), .optional("desc", .str),
    ]

    static func filter(_ dataset: Dataset, _ args: Arguments) throws -> Dataset {
        let function = args["function"]
        let context = args.context
        let extra = args["fn_kwargs"].isNone ? [] : try Convert.pairs(args["fn_kwargs"], what: "fn_kwargs")
        if try args.bool("batched") {
            return try dataset.filter(batchSize: try args.optionalInt("batch_size") ?? 1000) { batch in
                let result = try context.call(function, [Convert.batch(batch)], keywords: extra)
                return try context.items(of: result).map { try $0.isTruthy() }
            }
        }
        var index = 0
        let withIndices = try args.bool("with_indices")
        return try dataset.filter { row in
            try context.checkInterrupt()
            var positional = [Convert.row(row)]
            if withIndices { positional.append(.int(index)) }
            index += 1
            return try context.call(function, positional, keywords: extra).isTruthy()
        }
    }

    override func methods() -> [Builtin] {
        let data = dataset
        return [
            method("map", DatasetObject.mapParameters, doc: "Apply a function to every row (or batch) and add/replace its columns.",
                   example: "ds = ds.map(lambda b: tokenizer(b['text'], truncation=True), batched=True)") { args in
                DatasetObject.wrap(try DatasetObject.map(data, args))
            },
            method("filter", DatasetObject.filterParameters, doc: "Keep the rows for which the function returns True.",
                   example: "ds = ds.filter(lambda row: len(row['text']) > 0)") { args in
                DatasetObject.wrap(try DatasetObject.filter(data, args))
            },
            method("shuffle", [.optional("seed", .int)], doc: "Rows in a random order (numpy's default_rng(seed), as datasets).",
                   example: "ds.shuffle(seed=42)") { args in DatasetObject.wrap(data.shuffle(seed: try DatasetObject.seed(args["seed"], args.context))) },
            method("select", [Parameter("indices")], doc: "The rows at these indices, in this order.",
                   example: "ds.select(range(100))") { args in
                let indices = try args.context.items(of: args["indices"]).map { item -> Int in
                    guard let i = item.intValue else { throw ScriptError(.typeError, "select() indices must be ints, not \(item.typeName)") }
                    return i
                }
                return DatasetObject.wrap(try data.select(indices))
            },
            method("train_test_split", [.optional("test_size", .number), .optional("train_size", .number),
                                        Parameter("shuffle", .bool, default: .bool(true)), .optional("seed", .int),
                                        .optional("stratify_by_column", .str)],
                   doc: "Split into {'train', 'test'} (test_size a fraction or a row count).",
                   example: "splits = ds.train_test_split(test_size=0.2, seed=42)") { args in
                let dict = try data.trainTestSplit(testSize: try DatasetObject.splitSize(args["test_size"], name: "test_size"),
                                                   trainSize: try DatasetObject.splitSize(args["train_size"], name: "train_size"),
                                                   shuffle: try args.bool("shuffle"), seed: try DatasetObject.seed(args["seed"], args.context),
                                                   stratifyByColumn: try args.optionalString("stratify_by_column"))
                return .host(DatasetDictObject(dict))
            },
            method("rename_column", [Parameter("original_column_name", .str), Parameter("new_column_name", .str)],
                   doc: "Rename a column.", example: "ds.rename_column('label', 'labels')") { args in
                DatasetObject.wrap(try data.renameColumn(try args.string("original_column_name"), try args.string("new_column_name")))
            },
            method("remove_columns", [Parameter("column_names")], doc: "Drop columns.", example: "ds.remove_columns(['text'])") { args in
                DatasetObject.wrap(try data.removeColumns(try DatasetObject.names(args["column_names"], what: "column_names")))
            },
            method("select_columns", [Parameter("column_names")], doc: "Keep only these columns.",
                   example: "ds.select_columns(['input_ids', 'label'])") { args in
                DatasetObject.wrap(try data.selectColumns(try DatasetObject.names(args["column_names"], what: "column_names")))
            },
            method("add_column", [Parameter("name", .str), Parameter("column")], doc: "Add a column (one value per row).",
                   example: "ds.add_column('id', list(range(len(ds))))") { args in
                DatasetObject.wrap(try data.addColumn(try args.string("name"), try args.context.items(of: args["column"]).map(Convert.data)))
            },
            method("class_encode_column", [Parameter("column", .str)], doc: "Turn a string column into ClassLabel ids (sorted names).",
                   example: "ds = ds.class_encode_column('sentiment')") { args in
                DatasetObject.wrap(try data.classEncodeColumn(try args.string("column")))
            },
            method("unique", [Parameter("column", .str)], doc: "The distinct values of a column, in first-seen order.",
                   example: "ds.unique('label')") { args in .list(try data.unique(try args.string("column")).map(Convert.value)) },
            method("to_list", doc: "Every row as a dict.", example: "ds.to_list()[:2]") { _ in .list(data.rows.map(Convert.row)) },
            method("to_dict", doc: "Every column as a list.", example: "ds.to_dict()") { _ in Convert.batch(data.batch(0..<data.count)) },
            method("set_format", [.optional("type", .str), .optional("columns"), Parameter("output_all_columns", .bool, default: .bool(false))],
                   doc: "Rows come out as tensors with 'torch' (or 'numpy'); None resets to Python values.",
                   example: "ds.set_format('torch', columns=['input_ids', 'attention_mask', 'label'])") { args in
                self.tensorFormat = try DatasetTensorFormat.parse(type: args["type"], columns: args["columns"], outputAll: try args.bool("output_all_columns"))
                return Value.none
            },
            method("reset_format", doc: "Rows as Python values again.", example: "ds.reset_format()") { _ in
                self.tensorFormat = nil
                return Value.none
            },
            method("with_format", [.optional("type", .str), .optional("columns"), Parameter("output_all_columns", .bool, default: .bool(false))],
                   doc: "A copy whose rows come out as tensors ('torch'); the original keeps its format.",
                   example: "ds.with_format('torch')") { args in
                .host(DatasetObject(data, format: try DatasetTensorFormat.parse(type: args["type"], columns: args["columns"],
                                                                                outputAll: try args.bool("output_all_columns"))))
            },
        ] + DatasetFeatures.methods(self)
    }
}

/// `DatasetDict`: named splits, `dd["train"]`, and map/filter/shuffle applied to every split.
final class DatasetDictObject: HostBase {
    let dict: DatasetDict
    /// `set_format("torch")` on every split.
    var tensorFormat: DatasetTensorFormat?

    init(_ dict: DatasetDict) { self.dict = dict }

    func splitObject(_ dataset: Dataset) -> Value { .host(DatasetObject(dataset, format: tensorFormat)) }

    override var typeName: String { "DatasetDict" }
    override func repr() -> String { dict.description }

    override var propertyNames: [String] { ["column_names", "num_rows"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "column_names": return .dict(dict.splits.map { ($0.name, .list($0.dataset.columnNames.map { .str($0) })) })
        case "num_rows": return .dict(dict.splits.map { ($0.name, .int($0.dataset.count)) })
        default: return nil
        }
    }

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        guard case .str(let name) = key else { throw ScriptError(.typeError, "DatasetDict keys are split names such as 'train'") }
        return splitObject(try bridged { try dict.split(name) })
    }

    override func length() -> Int? { dict.splits.count }
    override func makeIterator(context: CallContext) throws -> IteratorObject? { listIterator(dict.splitNames.map { .str($0) }) }
    override func contains(_ item: Value, context: CallContext) throws -> Bool? {
        guard case .str(let name) = item else { return false }
        return dict.splitNames.contains(name)
    }

    override func methods() -> [Builtin] {
        let d = dict
        func each(_ transform: (Dataset) throws -> Dataset) throws -> Value { .host(DatasetDictObject(try d.mapSplits(transform))) }
        return [
            method("keys", doc: "The split names.", example: "dd.keys()") { _ in .list(d.splitNames.map { .str($0) }) },
            method("values", doc: "The splits.", example: "dd.values()") { _ in .list(d.splits.map { self.splitObject($0.dataset) }) },
            method("items", doc: "(name, split) pairs.", example: "dd.items()") { _ in
                .list(d.splits.map { .tuple([.str($0.name), self.splitObject($0.dataset)]) })
            },
            method("map", DatasetObject.mapParameters, doc: "map() on every split.",
                   example: "dd = dd.map(tokenize, batched=True)") { args in try each { try DatasetObject.map($0, args) } },
            method("filter", DatasetObject.filterParameters, doc: "filter() on every split.",
                   example: "dd = dd.filter(lambda r: r['text'])") { args in try each { try DatasetObject.filter($0, args) } },
            method("shuffle", [.optional("seed", .int)], doc: "shuffle() on every split.", example: "dd.shuffle(seed=42)") { args in
                let seed = try DatasetObject.seed(args["seed"], args.context)
                return try each { $0.shuffle(seed: seed) }
            },
            method("rename_column", [Parameter("original_column_name", .str), Parameter("new_column_name", .str)],
                   doc: "rename_column() on every split.", example: "dd.rename_column('label', 'labels')") { args in
                let old = try args.string("original_column_name"), new = try args.string("new_column_name")
                return try each { try $0.renameColumn(old, new) }
            },
            method("remove_columns", [Parameter("column_names")], doc: "remove_columns() on every split.",
                   example: "dd.remove_columns('text')") { args in
                let names = try DatasetObject.names(args["column_names"], what: "column_names")
                return try each { try $0.removeColumns(names) }
            },
            method("class_encode_column", [Parameter("column", .str)], doc: "class_encode_column() on every split.",
                   example: "dd.class_encode_column('label')") { args in
                let column = try args.string("column")
                return try each { try $0.classEncodeColumn(column) }
            },
            method("set_format", [.optional("type", .str), .optional("columns"), Parameter("output_all_columns", .bool, default: .bool(false))],
                   doc: "set_format() on every split.", example: "dd.set_format('torch')") { args in
                self.tensorFormat = try DatasetTensorFormat.parse(type: args["type"], columns: args["columns"], outputAll: try args.bool("output_all_columns"))
                return Value.none
            },
            method("with_format", [.optional("type", .str), .optional("columns"), Parameter("output_all_columns", .bool, default: .bool(false))],
                   doc: "A copy whose splits come out as tensors.", example: "dd = dd.with_format('torch')") { args in
                let copy = DatasetDictObject(d)
                copy.tensorFormat = try DatasetTensorFormat.parse(type: args["type"], columns: args["columns"], outputAll: try args.bool("output_all_columns"))
                return .host(copy)
            },
        ]
    }
}

/// `dataset.features`: printed like HF's dict of features; `features["label"].names` for ClassLabels.
final class FeaturesObject: HostBase {
    let features: [(String, Feature)]

    init(_ features: [(String, Feature)]) { self.features = features }

    override var typeName: String { "Features" }
    override func repr() -> String {
        "{" + features.map { "'\($0.0)': \($0.1)" }.joined(separator: ", ") + "}"
    }

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        guard case .str(let name) = key, let feature = features.first(where: { $0.0 == name })?.1 else {
            throw ScriptError(.keyError, key.repr, notes: ["features: " + features.map(\.0).joined(separator: ", ")])
        }
        return .host(FeatureObject.make(feature))
    }

    override func length() -> Int? { features.count }
    override func makeIterator(context: CallContext) throws -> IteratorObject? { listIterator(features.map { .str($0.0) }) }
    override func methods() -> [Builtin] {
        [method("keys", doc: "The column names.", example: "ds.features.keys()") { _ in .list(self.features.map { .str($0.0) }) }]
    }
}

/// One feature (`Value('string')`, `ClassLabel(names=[...])`), with `names`, `int2str`, `str2int` for class labels.
final class FeatureObject: HostBase {
    let feature: Feature
    let fields: [(String, Value)]

    init(_ feature: Feature, _ fields: [(String, Value)]) {
        self.feature = feature
        self.fields = fields
    }

    /// A feature with its attributes (`names` and `num_classes` for a ClassLabel, `dtype` for a Value).
    static func make(_ feature: Feature) -> FeatureObject {
        switch feature {
        case .classLabel(let names): return FeatureObject(feature, [("names", .list(names.map { .str($0) })), ("num_classes", .int(names.count))])
        case .value(let dtype): return FeatureObject(feature, [("dtype", .str(dtype))])
        default: return FeatureObject(feature, [])
        }
    }

    override var typeName: String { feature.classNames == nil ? "Value" : "ClassLabel" }
    override func repr() -> String { "\(feature)" }
    override var propertyNames: [String] { fields.map(\.0) }
    override func property(_ name: String, context: CallContext) throws -> Value? { fields.first { $0.0 == name }?.1 }

    override func methods() -> [Builtin] {
        guard let names = feature.classNames else { return [] }
        return [
            method("int2str", [Parameter("values")], doc: "Class name of an id.", example: "features['label'].int2str(0)") { args in
                func one(_ v: Value) throws -> Value {
                    guard let i = v.intValue, i >= 0, i < names.count else { throw ScriptError(.valueError, "Invalid integer class label \(v.repr)") }
                    return .str(names[i])
                }
                if let items = args["values"].sequenceItems { return .list(try items.map(one)) }
                return try one(args["values"])
            },
            method("str2int", [Parameter("values")], doc: "Id of a class name.", example: "features['label'].str2int('positive')") { args in
                func one(_ v: Value) throws -> Value {
                    guard case .str(let s) = v, let i = names.firstIndex(of: s) else {
                        throw ScriptError(.valueError, "Invalid string class label \(v.repr)", notes: ["names: " + names.joined(separator: ", ")])
                    }
                    return .int(i)
                }
                if let items = args["values"].sequenceItems { return .list(try items.map(one)) }
                return try one(args["values"])
            },
        ]
    }
}
