import Foundation
import PythonBasics

/// Training reads and writes its JSON (trainer state, checkpoint files, data files) through the one
/// JSON value of `PythonBasics`; this is the layer's name for it.
public typealias JSONValue = PythonBasics.JSONValue

extension PythonBasics.JSONValue {
    /// `json.dumps(value, indent=indent, sort_keys=sortKeys)`, how the Trainer writes its files.
    public func pythonJSON(indent: Int? = 2, sortKeys: Bool = true) -> String {
        dumps(indent: indent, sortKeys: sortKeys)
    }
}

enum TrainingJSON {
    /// Parses a JSON document; a syntax error becomes a `ValueError` naming `source` and the line.
    static func parse(_ bytes: [UInt8], source: String, help: String? = nil) throws -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch let error as JSONDecodeError {
            throw TrainingError.value("\(source), line \(error.line): \(error.plainReason) (column \(error.column))", help: help)
        }
    }
}

/// Atomic file writes for the Trainer's files (through `PythonBasics.AtomicFile`, which flushes to disk),
/// creating the folder if needed; failures are `RuntimeError`s naming the file.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws {
        do {
            try PythonBasics.AtomicFile.write(data, to: URL(fileURLWithPath: path), createFolders: true)
        } catch let failure as AtomicWriteError {
            throw TrainingError(.runtimeError, "cannot write '\(path)': \(failure.reason)", notes: ["failed while \(failure.step)"],
                                help: "check that the folder is writable and the disk is not full")
        }
    }
}
