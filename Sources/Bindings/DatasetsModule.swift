import Foundation
import Lang
import Training

/// The `datasets` module: `load_dataset`, `Dataset.from_dict/from_list`, `DatasetDict`.
enum DatasetsBindings {
    /// A data file path as the loader should see it: through the file gate when it exists here,
    /// else unchanged (the loader also looks in `$LORAREPL_HOME/data/`, where the demo corpus lives).
    static func dataPath(_ path: String, context: CallContext) throws -> String {
        let resolved = try context.files.resolve(path)
        return FileManager.default.fileExists(atPath: resolved.path) || path.contains("*") ? resolved.path : path
    }

    static let loadDataset = Builtin("load_dataset", [Parameter("path", .str), .optional("name", .str), .optional("data_files"),
                                                     .optional("split", .str), .optional("delimiter", .str), .optional("sep", .str),
                                                     .optional("encoding", .str), .optional("cache_dir", .str),
                                                     Parameter("on_bad_lines", .choice(["error", "skip"]), default: .str("error"))],
                                     doc: "Load CSV or JSON files as a DatasetDict (or one split with split=).",
                                     example: "ds = load_dataset('csv', data_files='tweet_sentiment.csv')") { args in
        try bridged {
            let context = args.context
            let files: DataFiles
            switch args["data_files"] {
            case .str(let path): files = .single(try dataPath(path, context: context))
            case .list, .tuple:
                files = .list(try (args["data_files"].sequenceItems ?? []).map { item in
                    guard case .str(let path) = item else { throw ScriptError(.typeError, "data_files must hold paths (str)") }
                    return try dataPath(path, context: context)
                })
            case .dict(let dict):
                files = .splits(try dict.pairs.map { key, value in
                    guard case .str(let name) = key else { throw ScriptError(.typeError, "data_files keys must be split names (str)") }
                    let paths: [String]
                    if case .str(let path) = value { paths = [path] } else {
                        paths = (value.sequenceItems ?? []).compactMap(\.stringValue)
                    }
                    return DataFiles.Split(name, try paths.map { try dataPath($0, context: context) })
                })
            default:
                throw ScriptError(.valueError, "load_dataset() needs data_files=: lorarepl loads local CSV/JSON files only",
                                  help: "e.g. load_dataset(\"csv\", data_files=\"data.csv\")")
            }
            let encoding: TextEncoding
            switch try args.optionalString("encoding")?.lowercased() {
            case nil: encoding = .auto
            case "utf-8", "utf8": encoding = .utf8
            case "latin-1", "latin1", "iso-8859-1", "cp1252": encoding = .latin1
            case let other?: throw ScriptError(.valueError, "encoding '\(other)' is not supported", help: "use 'utf-8' or 'latin-1' (or leave it out)")
            }
            let delimiter = try args.optionalString("delimiter") ?? args.optionalString("sep")
            let policy: BadLinePolicy = try args.string("on_bad_lines") == "skip" ? .skip : .error
            let dict = try Training.loadDataset(try args.string("path"), dataFiles: files, delimiter: delimiter,
                                                encoding: encoding, onBadLines: policy)
            for note in dict.notes { try context.writeError("note: \(note)\n") }
            if let split = try args.optionalString("split") { return DatasetObject.wrap(try dict.split(split)) }
            return .host(DatasetDictObject(dict))
        }
    }

    static let fromDict = Builtin("from_dict", owner: "Dataset", [Parameter("mapping", .dict), .optional("features")],
                                  doc: "A dataset from {column: [values]}.",
                                  example: "Dataset.from_dict({'text': ['good', 'bad'], 'label': [1, 0]})") { args in
        try bridged {
            let columns = try Convert.pairs(args["mapping"], what: "from_dict()'s mapping").map { name, column -> (String, [DataValue]) in
                guard let items = column.sequenceItems else {
                    throw ScriptError(.typeError, "column '\(name)' must be a list, not \(column.typeName)")
                }
                return (name, try items.map(Convert.data))
            }
            var dataset = try Dataset.fromDict(columns)
            if !args["features"].isNone {
                for (name, feature) in try DatasetFeatures.features(args["features"]) {
                    dataset = try DatasetFeatures.cast(dataset, column: name, to: feature)
                }
            }
            return DatasetObject.wrap(dataset)
        }
    }

    static let fromList = Builtin("from_list", owner: "Dataset", [Parameter("mapping", .list)],
                                  doc: "A dataset from a list of row dicts.",
                                  example: "Dataset.from_list([{'text': 'good', 'label': 1}])") { args in
        try bridged {
            let rows = try (args["mapping"].sequenceItems ?? []).map(Convert.rowRecord)
            return DatasetObject.wrap(try Dataset.fromList(rows))
        }
    }

    static let datasetDict = Builtin("DatasetDict", [.optional("splits", .dict)], doc: "Named splits: DatasetDict({'train': a, 'test': b}).",
                                     example: "DatasetDict({'train': train, 'test': test})") { args in
        var splits: [(String, Dataset)] = []
        if case .dict(let dict) = args["splits"] {
            for (key, value) in dict.pairs {
                guard case .str(let name) = key, case .host(let object) = value, let dataset = object as? DatasetObject else {
                    throw ScriptError(.typeError, "DatasetDict() maps split names (str) to Dataset objects")
                }
                splits.append((name, dataset.dataset))
            }
        }
        return .host(DatasetDictObject(DatasetDict(splits)))
    }

    static var table: ModuleTable {
        ModuleTable(name: "datasets", doc: "Datasets from CSV/JSON files and Python lists (Hugging Face datasets' API).",
                    builtins: [loadDataset, datasetDict, DatasetFeatures.classLabel, DatasetFeatures.value, DatasetFeatures.featuresConstructor,
                               DatasetFeatures.concatenate],
                    constants: [("Dataset", .host(ClassObject("Dataset", module: "datasets", methods: [fromDict, fromList])))])
    }
}
