import Foundation
import PythonBasics

/// `config.json`, `generation_config.json` and GGUF metadata are read into the project's one JSON
/// value (`JSONValue`); these are the few config-specific conveniences on top of it.
extension JSONValue {
    /// Parses JSON text through the one strict parser (Python's `NaN`/`Infinity` accepted). Errors
    /// name the source, the line and the column.
    static func parseConfig(_ text: String, source: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch let error as JSONDecodeError {
            throw ModelError("\(source) is not valid JSON: \(error.plainReason) at line \(error.line), column \(error.column)",
                             help: "check the file is complete and was not edited by hand into invalid JSON")
        }
    }

    /// The top-level keys of an object file (a repeated key keeps its last value), or nil when the
    /// text holds another kind of value.
    static func parseConfigObject(_ text: String, source: String) throws -> [String: JSONValue]? {
        try parseConfig(text, source: source).keyedMembers
    }

    /// An object's members by key (a repeated key keeps its last value).
    var keyedMembers: [String: JSONValue]? {
        objectValue.map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }) }
    }

    /// An object in sorted key order, as transformers writes configs (`sort_keys=True`).
    static func sortedObject(_ members: [String: JSONValue]) -> JSONValue {
        .object(members.sorted { JSONValue.keyPrecedes($0.key, $1.key) }.map { (key: $0.key, value: $0.value) })
    }

    /// A config integer: an integral number, or a boolean as Python's `int(True)`.
    var configInt: Int? {
        if case let .bool(flag) = self { return flag ? 1 : 0 }
        return intValue
    }

    /// Compact JSON text with sorted keys, for messages (`"big"`, `[1,2]`).
    var compactJSON: String {
        dumps(JSONDumpOptions(sortKeys: true, ensureASCII: false, separators: (",", ":")))
    }

    /// JSON text as transformers writes `config.json`: `json.dumps(config, indent=2, sort_keys=True)`.
    var configText: String { dumps(indent: 2, sortKeys: true) }
}
