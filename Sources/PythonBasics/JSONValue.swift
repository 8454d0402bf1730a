/// A JSON value that keeps what Python's `json` module keeps: the order of object keys (like a dict)
/// and the difference between `8` (int) and `8.0` (float). Every target reads and writes JSON through
/// it: `JSONValue.parse` (strict, limits, positions in errors) and `dumps` (Python's `json.dumps`
/// byte for byte).
public indirect enum JSONValue: Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// An integer literal that fits in `Int` (larger ones parse as `.double`, see `JSONParser`).
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in document (insertion) order; a key appears once (a repeated key keeps its first
    /// position and its last value, as a Python dict does).
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value under `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.last(where: { $0.key == key })?.value
    }

    /// An integer (an integral float of magnitude below 2^53 counts, as Python's `int(8.0)`).
    public var intValue: Int? {
        switch self {
        case let .int(value): return value
        case let .double(value) where value.rounded() == value && abs(value) < 9_007_199_254_740_992: return Int(value)
        default: return nil
        }
    }

    /// A float (an integer counts).
    public var doubleValue: Double? {
        switch self {
        case let .int(value): return Double(value)
        case let .double(value): return value
        default: return nil
        }
    }

    public var stringValue: String? { if case let .string(value) = self { return value }; return nil }
    public var boolValue: Bool? { if case let .bool(value) = self { return value }; return nil }
    public var arrayValue: [JSONValue]? { if case let .array(value) = self { return value }; return nil }
    public var objectValue: [(key: String, value: JSONValue)]? { if case let .object(value) = self { return value }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// Python's name for the type `json.loads` gives this value (`int`, `str`, `list`, `dict`, …).
    public var pythonTypeName: String {
        switch self {
        case .null: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .object: return "dict"
        }
    }

    /// A short name of the value's JSON kind for messages ("a string", "an array").
    public var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .int, .double: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// What Python prints for the value `json.loads` gives: `{'r': 8, 'alpha': 16.0, 'ok': True}`.
    public var description: String { pythonText() }

    /// The value written as Python source, with floats written by `float` (`repr` by default; the
    /// Trainer's console line writes them as quoted 4-digit strings).
    public func pythonText(float: (Double) -> String = PythonRepr.float) -> String {
        switch self {
        case .null: return "None"
        case let .bool(value): return value ? "True" : "False"
        case let .int(value): return String(value)
        case let .double(value): return float(value)
        case let .string(value): return PythonRepr.string(value)
        case let .array(items): return "[" + items.map { $0.pythonText(float: float) }.joined(separator: ", ") + "]"
        case let .object(pairs):
            return "{" + pairs.map { PythonRepr.string($0.key) + ": " + $0.value.pythonText(float: float) }.joined(separator: ", ") + "}"
        }
    }
}

extension JSONValue {
    /// Builds an object from pairs with Python dict semantics: a repeated key keeps its first position
    /// and takes the last value.
    public static func dictionary(_ pairs: [(key: String, value: JSONValue)]) -> JSONValue {
        var result: [(key: String, value: JSONValue)] = []
        var positions: [String: Int] = [:]
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            if let position = positions[pair.key] {
                result[position].value = pair.value
            } else {
                positions[pair.key] = result.count
                result.append(pair)
            }
        }
        return .object(result)
    }
}
