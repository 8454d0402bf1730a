import Foundation
import PythonBasics

/// A value inside a chat template: Python/Jinja semantics (truthiness, `str()`, comparisons).
public indirect enum JinjaValue {
    case undefined(String)          // the name that was not found (for error messages)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JinjaValue])
    /// An ordered mapping (keys keep insertion order, like Python dicts).
    case object(JinjaObject)
    /// `namespace(...)`: a mutable object `set ns.x = ...` can write to.
    case namespace(JinjaNamespace)
    case function(JinjaFunction)

    /// Converts Foundation/JSON values (String, NSNumber, Bool, arrays, dictionaries, NSNull).
    public init(any value: Any?) {
        guard let value, !(value is NSNull) else { self = .none; return }
        let type = Swift.type(of: value)
        if type == Bool.self, let v = value as? Bool { self = .bool(v); return }
        if type == Int.self, let v = value as? Int { self = .int(v); return }
        if type == Double.self, let v = value as? Double { self = .double(v); return }
        switch value {
        case let v as JinjaValue: self = v
        case let v as String: self = .string(v)
        case let v as NSNumber:
            let code = String(cString: v.objCType)
            if code == "c" || code == "B" { self = .bool(v.boolValue) }
            else if code == "d" || code == "f" { self = .double(v.doubleValue) }
            else { self = .int(v.intValue) }
        case let v as [(String, Any)]: self = .object(JinjaObject(v.map { ($0.0, JinjaValue(any: $0.1)) }))
        case let v as [Any]: self = .array(v.map { JinjaValue(any: $0) })
        case let v as [String: Any]:
            self = .object(JinjaObject(v.sorted { $0.key < $1.key }.map { ($0.key, JinjaValue(any: $0.value)) }))
        default: self = .string("\(value)")
        }
    }

    var isUndefined: Bool { if case .undefined = self { return true }; return false }
    var isNone: Bool { if case .none = self { return true }; return false }

    /// Python truthiness.
    var truthy: Bool {
        switch self {
        case .undefined, .none: return false
        case let .bool(b): return b
        case let .int(i): return i != 0
        case let .double(d): return d != 0
        case let .string(s): return !s.isEmpty
        case let .array(a): return !a.isEmpty
        case let .object(o): return !o.entries.isEmpty
        case .namespace, .function: return true
        }
    }

    /// `str(value)` as Jinja prints it (`None`, `True`, `['a', 1]`).
    var rendered: String {
        switch self {
        case .undefined: return ""
        case let .string(s): return s
        default: return repr
        }
    }

    /// Python `repr` (used inside lists and dicts).
    var repr: String {
        switch self {
        case .undefined: return ""
        case .none: return "None"
        case let .bool(b): return b ? "True" : "False"
        case let .int(i): return String(i)
        case let .double(d): return JinjaValue.pythonFloat(d)
        case let .string(s): return PythonRepr.string(s)
        case let .array(a): return "[" + a.map(\.repr).joined(separator: ", ") + "]"
        case let .object(o): return "{" + o.entries.map { "\(PythonRepr.string($0.0)): \($0.1.repr)" }.joined(separator: ", ") + "}"
        case let .namespace(n): return "<Namespace \(n.object.entries.map(\.0))>"
        case let .function(f): return "<function \(f.name)>"
        }
    }

    static func pythonFloat(_ d: Double) -> String { PythonRepr.float(d) }

    /// A short type name for error messages.
    var typeName: String {
        switch self {
        case .undefined: return "undefined"
        case .none: return "none"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "float"
        case .string: return "string"
        case .array: return "list"
        case .object: return "dict"
        case .namespace: return "namespace"
        case .function: return "function"
        }
    }

    /// Python `==`.
    static func equal(_ a: JinjaValue, _ b: JinjaValue) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined), (.none, .none): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.object(x), .object(y)):
            return x.entries.count == y.entries.count && x.entries.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default:
            if let x = a.number, let y = b.number { return x == y }
            return false
        }
    }

    /// The numeric value (bools count as 0/1, like Python).
    var number: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        case let .bool(b): return b ? 1 : 0
        default: return nil
        }
    }
}

/// An insertion-ordered dictionary.
public struct JinjaObject {
    public private(set) var entries: [(String, JinjaValue)]
    private var index: [String: Int]

    public init(_ entries: [(String, JinjaValue)] = []) {
        self.entries = []
        self.index = [:]
        for (k, v) in entries { self[k] = v }
    }

    public subscript(key: String) -> JinjaValue? {
        get { index[key].map { entries[$0].1 } }
        set {
            if let i = index[key] {
                if let newValue { entries[i].1 = newValue } else {
                    entries.remove(at: i)
                    index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.0, $0) })
                }
            } else if let newValue {
                index[key] = entries.count
                entries.append((key, newValue))
            }
        }
    }
}

/// The object `namespace()` returns (shared, mutable).
public final class JinjaNamespace {
    var object: JinjaObject
    init(_ object: JinjaObject) { self.object = object }
}

/// A callable value: builtins (`raise_exception`, `range`, `namespace`) and template macros.
public struct JinjaFunction {
    let name: String
    let call: (_ args: [JinjaValue], _ kwargs: [(String, JinjaValue)], _ position: SourcePosition) throws -> JinjaValue
}
