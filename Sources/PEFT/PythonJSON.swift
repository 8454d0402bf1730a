import Foundation
import PythonBasics

/// PEFT's files are read and written through the one JSON value of `PythonBasics` (key order kept,
/// `8` and `8.0` told apart). These names are the PEFT layer's view of it.
public typealias PeftJSON = JSONValue

/// Parses `adapter_config.json` text: strict JSON as PEFT's `json.load` accepts it, except that
/// `NaN`/`Infinity` are refused (no PEFT field can hold them); errors say the line and column.
enum PeftJSONParser {
    static let options = JSONParser.Options(maximumDepth: 256, allowNonFinite: false)

    static func parse(_ text: String) throws -> PeftJSON {
        do {
            return try JSONParser.parse(text, options: options)
        } catch let error as JSONDecodeError {
            throw PeftError(.invalidAdapterConfig, "invalid JSON: \(error.plainReason) at line \(error.line), column \(error.column)")
        }
    }
}

/// `json.dumps(value, indent=2, sort_keys=True)`, how PEFT's `save_pretrained` writes its config.
enum PythonJSONWriter {
    static func dumps(_ value: PeftJSON, indent: Int = 2, sortKeys: Bool = true) -> String {
        value.dumps(indent: indent, sortKeys: sortKeys)
    }
}

/// A float as `json.dumps` writes it (Python's `repr`; `NaN`, `Infinity`).
func pythonFloatRepr(_ value: Double) -> String { JSONValue.numberText(value) }
