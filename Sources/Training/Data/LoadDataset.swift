import Foundation

/// What `data_files=` names: one file, several files (all in `train`), or files per split.
public enum DataFiles: Equatable {
    case single(String)
    case list([String])
    case splits([Split])

    public struct Split: Equatable {
        public var name: String
        public var files: [String]
        public init(_ name: String, _ files: [String]) { self.name = name; self.files = files }
    }

    var splitFiles: [Split] {
        switch self {
        case .single(let file): return [Split("train", [file])]
        case .list(let files): return [Split("train", files)]
        case .splits(let splits): return splits
        }
    }
}

/// What to do with a CSV row whose field count differs from the header's (pandas' `on_bad_lines`).
public enum BadLinePolicy: String, Equatable {
    /// Stop with an error naming the file and line (the default).
    case error
    /// Skip such rows, and report how many were skipped (once, as a note).
    case skip
}

/// `load_dataset("csv" | "json", data_files=…, delimiter=…)` as Hugging Face `datasets` does it for
/// local files. Messages about guessed encodings or skipped rows land in `DatasetDict.notes`.
///
/// A relative path that does not exist is also looked up under `$LORAREPL_HOME/data/` (default
/// `~/.cache/lorarepl/data/`), where the setup installs the demo corpus.
public func loadDataset(_ builder: String, dataFiles: DataFiles, delimiter: String? = nil,
                        encoding: TextEncoding = .auto, onBadLines: BadLinePolicy = .error) throws -> DatasetDict {
    let kind = builder.lowercased()
    guard ["csv", "json", "jsonl", "text"].contains(kind) else {
        throw TrainingError.value("load_dataset: unknown builder \(PythonFormat.stringRepr(builder))",
                                  help: "use \"csv\" or \"json\" with data_files=\"path\" (datasets from the Hub are not available offline)")
    }
    var result = DatasetDict()
    var notes: [String] = []
    for split in dataFiles.splitFiles {
        var parts: [Dataset] = []
        for pattern in split.files {
            for path in try DataFileResolver.resolve(pattern, notes: &notes) {
                let raw = try DataFileResolver.read(path)
                let name = (path as NSString).lastPathComponent
                let decoded = try TextDecoding.utf8Bytes(raw, encoding: encoding, fileName: name)
                if let note = decoded.note { notes.append(note) }
                switch kind {
                case "csv":
                    let sep = try csvDelimiter(delimiter, fileName: path)
                    parts.append(try CSVLoader.load(decoded.bytes, delimiter: sep, fileName: name, onBadLines: onBadLines, notes: &notes))
                case "text":
                    let lines = String(decoding: decoded.bytes, as: UTF8.self).split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
                    var values = lines.map { DataValue.string(String($0)) }
                    if values.last == .string("") { values.removeLast() }
                    parts.append(try Dataset.fromDict([("text", values)]))
                default:
                    parts.append(try JSONLoader.load(decoded.bytes, fileName: name))
                }
            }
        }
        result[split.name] = try Dataset.concatenate(parts)
    }
    result.notes = notes
    return result
}

private func csvDelimiter(_ delimiter: String?, fileName: String) throws -> UInt8 {
    let text = delimiter ?? (fileName.lowercased().hasSuffix(".tsv") ? "\t" : ",")
    guard text.utf8.count == 1, let byte = text.utf8.first, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D else {
        throw TrainingError.value("delimiter must be one character such as \",\" or \"\\t\", not \(PythonFormat.stringRepr(text))")
    }
    return byte
}

extension Dataset {
    /// `concatenate_datasets`: rows of all datasets in order; they must have the same columns.
    public static func concatenate(_ parts: [Dataset]) throws -> Dataset {
        guard var result = parts.first else { return Dataset() }
        for part in parts.dropFirst() {
            guard Set(part.columnNames) == Set(result.columnNames) else {
                throw TrainingError.value("cannot concatenate datasets with different columns: \(result.columnNames) and \(part.columnNames)",
                                          help: "rename or remove columns so every file has the same header")
            }
            var columns: [(String, [DataValue])] = []
            for name in result.columnNames { columns.append((name, try result.column(name) + part.column(name))) }
            var features: [String: Feature] = [:]
            for name in result.columnNames where result.features[name] == part.features[name] { features[name] = result.features[name] }
            result = try Dataset.fromDict(columns, features: features)
        }
        return result
    }
}

enum DataFileResolver {
    /// Expands `~`, globs (`*`, `?`, `[…]`) and the `$LORAREPL_HOME/data` fallback; sorted matches.
    static func resolve(_ pattern: String, notes: inout [String]) throws -> [String] {
        let expanded = (pattern as NSString).expandingTildeInPath
        if expanded.contains("*") || expanded.contains("?") || expanded.contains("[") {
            let matches = globMatches(expanded)
            if matches.isEmpty {
                throw TrainingError(.fileNotFound, "no file matches the pattern '\(pattern)'",
                                    help: "check the folder and the pattern; the current folder is \(FileManager.default.currentDirectoryPath)")
            }
            return matches
        }
        if FileManager.default.fileExists(atPath: expanded) { return [expanded] }
        if !expanded.hasPrefix("/") {
            let fallback = (lorareplHome() as NSString).appendingPathComponent("data/" + expanded)
            if FileManager.default.fileExists(atPath: fallback) { return [fallback] }
        }
        throw TrainingError(.fileNotFound, "unable to find '\(pattern)'",
                            notes: ["looked in the current folder (\(FileManager.default.currentDirectoryPath))"
                                        + (expanded.hasPrefix("/") ? "" : " and in \(lorareplHome())/data")],
                            help: "give the path to a .csv or .json file, e.g. data_files=\"data/train.csv\"")
    }

    static func lorareplHome() -> String {
        if let home = ProcessInfo.processInfo.environment["LORAREPL_HOME"], !home.isEmpty { return home }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".cache/lorarepl")
    }

    static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TrainingError(.valueError, "'\(path)' is a folder, not a data file", help: "pass the file inside it, or a pattern like \"\(path)/*.csv\"")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainingError(.fileNotFound, "cannot read '\(path)'", help: "check that the file exists and is readable")
        }
        return [UInt8](data)
    }

    private static func globMatches(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            if let cString = result.gl_pathv[i] { paths.append(String(cString: cString)) }
        }
        return paths.sorted()
    }
}

/// `load_dataset(builder, data_files="file.csv")`.
public func loadDataset(_ builder: String, dataFiles path: String, delimiter: String? = nil,
                        encoding: TextEncoding = .auto, onBadLines: BadLinePolicy = .error) throws -> DatasetDict {
    try loadDataset(builder, dataFiles: .single(path), delimiter: delimiter, encoding: encoding, onBadLines: onBadLines)
}

/// `load_dataset(builder, data_files=["a.csv", "b.csv"])` (all rows in `train`).
public func loadDataset(_ builder: String, dataFiles paths: [String], delimiter: String? = nil,
                        encoding: TextEncoding = .auto, onBadLines: BadLinePolicy = .error) throws -> DatasetDict {
    try loadDataset(builder, dataFiles: .list(paths), delimiter: delimiter, encoding: encoding, onBadLines: onBadLines)
}
