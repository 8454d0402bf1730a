/// String-keyed values that keep insertion order (Python dict semantics): a dataset row
/// (`Row`) or a batch of columns (`Batch`), as user functions in `map`/`filter` see them.
public struct OrderedRecord<Value>: Sequence {
    public private(set) var keys: [String] = []
    private var storage: [String: Value] = [:]

    public init() {}
    public init(_ pairs: [(String, Value)]) { for (k, v) in pairs { self[k] = v } }

    public var count: Int { keys.count }
    public var values: [Value] { keys.compactMap { storage[$0] } }

    /// Reading a missing key gives nil; assigning nil removes the key.
    public subscript(key: String) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public func contains(_ key: String) -> Bool { storage[key] != nil }

    public func makeIterator() -> AnyIterator<(key: String, value: Value)> {
        var index = 0
        return AnyIterator {
            while index < keys.count {
                defer { index += 1 }
                if let v = storage[keys[index]] { return (keys[index], v) }
            }
            return nil
        }
    }
}

/// One dataset row: column name → value, in column order.
public typealias Row = OrderedRecord<DataValue>
/// A batch of rows as columns: column name → values, in column order.
public typealias Batch = OrderedRecord<[DataValue]>

extension OrderedRecord: CustomStringConvertible where Value == DataValue {
    /// `{'text': 'hello', 'label': 1}`.
    public var description: String {
        "{" + map { "\(PythonFormat.stringRepr($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
    }
}

extension OrderedRecord: Equatable where Value: Equatable {
    /// Same keys in the same order with equal values.
    public static func == (lhs: OrderedRecord, rhs: OrderedRecord) -> Bool {
        lhs.keys == rhs.keys && lhs.keys.allSatisfy { lhs[$0] == rhs[$0] }
    }
}
