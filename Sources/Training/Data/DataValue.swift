import Foundation

/// One cell of a `Dataset`: the small set of value kinds datasets hold (scalars, token-id lists, …).
public enum DataValue: Hashable, CustomStringConvertible {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case intList([Int])
    case floatList([Double])
    case stringList([String])
    /// A nested or mixed list (e.g. a list of lists).
    case list([DataValue])
    /// A dict with str keys in their order (a `datasets` struct, e.g. SQuAD's
    /// `answers = {'text': [...], 'answer_start': [...]}`).
    case dict(DataRecord)

    /// The Python-like repr (`'text'`, `3`, `0.5`, `[101, 2023]`, `None`).
    public var description: String {
        switch self {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return PythonFormat.floatRepr(d)
        case .string(let s): return PythonFormat.stringRepr(s)
        case .intList(let xs): return "[" + xs.map(String.init).joined(separator: ", ") + "]"
        case .floatList(let xs): return "[" + xs.map(PythonFormat.floatRepr).joined(separator: ", ") + "]"
        case .stringList(let xs): return "[" + xs.map(PythonFormat.stringRepr).joined(separator: ", ") + "]"
        case .list(let xs): return "[" + xs.map(\.description).joined(separator: ", ") + "]"
        case .dict(let record):
            return "{" + zip(record.keys, record.values).map { PythonFormat.stringRepr($0) + ": " + $1.description }.joined(separator: ", ") + "}"
        }
    }

    public var isNone: Bool { if case .none = self { return true }; return false }

    /// The value as an integer when it is one (bools count as 0/1, like Python).
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The value as a double when it is numeric.
    public var doubleValue: Double? {
        switch self {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }

    /// The elements when the value is a list of any kind.
    public var listElements: [DataValue]? {
        switch self {
        case .intList(let xs): return xs.map(DataValue.int)
        case .floatList(let xs): return xs.map(DataValue.float)
        case .stringList(let xs): return xs.map(DataValue.string)
        case .list(let xs): return xs
        default: return nil
        }
    }

    /// The elements as integers, when the value is a list of integers (token ids).
    public var intListValue: [Int]? {
        switch self {
        case .intList(let xs): return xs
        case .list(let xs):
            var out: [Int] = []
            out.reserveCapacity(xs.count)
            for x in xs { guard let i = x.intValue else { return nil }; out.append(i) }
            return out
        default: return nil
        }
    }

    /// A short name of the kind, for messages (`int`, `str`, `list[int]`, …).
    public var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .intList: return "list[int]"
        case .floatList: return "list[float]"
        case .stringList: return "list[str]"
        case .list: return "list"
        case .dict: return "dict"
        }
    }

    /// Builds the most specific list case for homogeneous elements.
    public static func makeList(_ items: [DataValue]) -> DataValue {
        if items.isEmpty { return .list([]) }
        if items.allSatisfy({ if case .int = $0 { return true }; return false }) {
            return .intList(items.compactMap(\.intValue))
        }
        if items.allSatisfy({ if case .string = $0 { return true }; return false }) {
            return .stringList(items.compactMap(\.stringValue))
        }
        if items.allSatisfy({ switch $0 { case .float, .int: return true; default: return false } }) {
            return .floatList(items.compactMap(\.doubleValue))
        }
        return .list(items)
    }
}

/// The keys and values of a dict cell, in order.
public struct DataRecord: Hashable {
    public var keys: [String]
    public var values: [DataValue]
    public init(_ pairs: [(String, DataValue)]) {
        keys = pairs.map(\.0)
        values = pairs.map(\.1)
    }
    public subscript(key: String) -> DataValue? { keys.firstIndex(of: key).map { values[$0] } }
}

extension DataValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .none }
}
