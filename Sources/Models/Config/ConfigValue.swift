import Foundation
import PythonBasics

/// A JSON value as found in `config.json` (and GGUF metadata converted to the same shape).
///
/// Integers and floats stay distinct so a config written back keeps `"num_labels": 3` and
/// `"rope_theta": 10000.0` as they were.
public enum ConfigValue: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    /// The value as an integer (an integral double counts).
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9e15: return Int(value)
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    /// The value as a double (an integer counts).
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    public var stringValue: String? { if case .string(let value) = self { return value }; return nil }
    public var boolValue: Bool? { if case .bool(let value) = self { return value }; return nil }
    public var arrayValue: [ConfigValue]? { if case .array(let value) = self { return value }; return nil }
    public var objectValue: [String: ConfigValue]? { if case .object(let value) = self { return value }; return nil }
    public var isNull: Bool { self == .null }

    /// Compact JSON text (keys sorted, no spaces), for messages.
    public var description: String {
        jsonValue.dumps(JSONDumpOptions(sortKeys: true, ensureASCII: false, separators: (",", ":")))
    }

    /// JSON text as transformers writes `config.json`: `json.dumps(config, indent=2, sort_keys=True)`
    /// (`indent: nil` gives one line).
    public func jsonText(indent: Int? = 2) -> String {
        jsonValue.dumps(indent: indent, sortKeys: true)
    }

    /// The same value as the one JSON type (objects in sorted key order).
    public var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case let .bool(value): return .bool(value)
        case let .int(value): return .int(value)
        case let .double(value): return .double(value)
        case let .string(value): return .string(value)
        case let .array(values): return .array(values.map(\.jsonValue))
        case let .object(members):
            return .object(members.keys.sorted(by: JSONValue.keyPrecedes).map { ($0, members[$0]?.jsonValue ?? .null) })
        }
    }

    /// The typed view of a parsed JSON value (a repeated key keeps its last value).
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case let .bool(value): self = .bool(value)
        case let .int(value): self = .int(value)
        case let .double(value): self = .double(value)
        case let .string(value): self = .string(value)
        case let .array(values): self = .array(values.map(ConfigValue.init))
        case let .object(pairs):
            var members: [String: ConfigValue] = [:]
            for pair in pairs { members[pair.key] = ConfigValue(pair.value) }
            self = .object(members)
        }
    }
}

extension ConfigValue {
    /// Parses JSON text (through the one strict parser; Python's `NaN`/`Infinity` accepted). Errors name
    /// the source, the line and the column.
    public static func parse(_ text: String, source: String = "JSON") throws -> ConfigValue {
        do {
            return ConfigValue(try JSONValue.parse(text))
        } catch let error as JSONDecodeError {
            throw ModelError("\(source) is not valid JSON: \(error.plainReason) at line \(error.line), column \(error.column)",
                             help: "check the file is complete and was not edited by hand into invalid JSON")
        }
    }
}
