/// The hashable form of a value, with Python's equalities: `1 == 1.0 == True` are one key.
enum HashKey: Hashable {
    case none
    case int(Int)
    case float(UInt64)
    case str(String)
    case bytes([UInt8])
    case tuple([HashKey])
    case identity(ObjectIdentifier)
    /// A frozenset: equal to another with the same items, in any order.
    case frozenSet(Set<HashKey>)
    /// An instance of a class with `__hash__`: equal by its `__eq__`.
    case instance(InstanceKey)

    /// Throws `TypeError: unhashable type: 'list'` for mutable containers.
    init(_ value: Value) throws {
        switch value {
        case .none: self = .none
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let n): self = .int(n)
        case .float(let x):
            if x == x.rounded(), abs(x) < 9.2e18 { self = .int(Int(x)) } else { self = .float(x.bitPattern) }
        case .str(let s): self = .str(s)
        case .tuple(let items): self = .tuple(try items.map { try HashKey($0) })
        case .range(let r): self = .tuple([.str("range"), .int(r.start), .int(r.stop), .int(r.step)])
        case .function(let f): self = .identity(ObjectIdentifier(f))
        case .builtin(let b): self = .identity(ObjectIdentifier(b))
        case .type(let t): self = .identity(ObjectIdentifier(t))
        case .module(let m): self = .identity(ObjectIdentifier(m))
        case .exception(let e): self = .identity(ObjectIdentifier(e))
        case .host(let h):
            if let b = h as? BytesObject {
                if b.isMutable { throw ScriptError(.typeError, "unhashable type: 'bytearray'", help: "use bytes(b) as the key") }
                self = .bytes(b.bytes)
            } else if h is DictView {
                throw ScriptError(.typeError, "unhashable type: '\(h.typeName)'", help: "make a tuple or frozenset of it first: frozenset(d.keys())")
            } else if let items = h.tupleItems ?? (h as? Instance)?.namedTupleItems {
                // A tuple subclass (`torch.Size`, a named tuple) is the same key as the plain tuple of its items, as in CPython.
                self = .tuple(try items.map { try HashKey($0) })
            } else if let instance = h as? Instance, let plain = instance.enumMixinValue {
                // `class Split(str, Enum)` / IntEnum members are the same key as their value, as in CPython.
                self = try HashKey(plain)
            } else if let instance = h as? Instance, let interpreter = instance.interpreter, let hash = try interpreter.instanceHash(instance) {
                self = .instance(InstanceKey(hash: hash, instance: instance))
            } else {
                self = .identity(ObjectIdentifier(h))
            }
        case .boundMethod(let m): self = .identity(ObjectIdentifier(m))
        case .iterator(let i): self = .identity(ObjectIdentifier(i))
        case .set(let set) where set.frozen: self = .frozenSet(Set(try set.items.map { try HashKey($0) }))
        case .list, .dict, .set, .slice:
            throw ScriptError(.typeError, "unhashable type: '\(value.typeName)'",
                              help: "only immutable values (str, int, float, tuple, None) can be dict keys or set items")
        }
    }
}

/// An insertion-ordered dict, like Python 3.7+.
///
/// A small dict whose keys are all plain scalars or strings (instance attributes, keyword arguments,
/// small count tables) has no hash index: a lookup compares the few keys in order, which costs less
/// than hashing the key (Swift does not cache a string's hash as CPython does) and saves the index's
/// allocation. The index is built once the dict grows past `linearLimit` keys or takes any other key
/// (a tuple, an instance with `__hash__`), and kept from then on.
public final class DictObject {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    /// nil while the dict is small and its keys are simple (see the type's note).
    private var index: [HashKey: Int]?
    /// Bumped whenever existing entries move (removal), so cached slots of `Expr` nodes stay valid.
    private(set) var layoutVersion = 0

    /// The most keys a dict without an index holds.
    static let linearLimit = 8

    public init() {}

    deinit {
        keys.releaseElements()
        values.releaseElements()
    }

    /// The position of `key` among the keys (no index: a scan comparing with Python's key equality).
    @inline(__always)
    private func position(of key: HashKey) -> Int? {
        if let index { return index[key] }
        switch key {
        case .str(let text):
            for i in keys.indices { if case .str(let other) = keys[i], other == text { return i } }
            return nil
        case .int(let n):
            for i in keys.indices {
                switch keys[i] {
                case .int(let m): if m == n { return i }
                case .bool(let b): if (b ? 1 : 0) == n { return i }
                case .float: if HashKey.simple(keys[i]) == key { return i }
                default: continue
                }
            }
            return nil
        default:
            for i in keys.indices where HashKey.simple(keys[i]) == key { return i }
            return nil
        }
    }

    /// The position of a string key.
    @inline(__always)
    private func position(of key: String) -> Int? {
        if let index { return index[.str(key)] }
        for i in keys.indices { if case .str(let other) = keys[i], other == key { return i } }
        return nil
    }

    /// Append a new entry, building the index when the dict outgrows the scan.
    private func append(_ hashKey: HashKey, _ key: Value, _ value: Value) {
        if index != nil {
            index?[hashKey] = keys.count
        } else if keys.count >= Self.linearLimit || !hashKey.isSimple || key.isHost {
            // A host key (an IntEnum member is the key 1) is found through the index only.
            var built: [HashKey: Int] = [:]
            built.reserveCapacity(keys.count * 2 + 2)
            for (i, existing) in keys.enumerated() { if let k = HashKey.simple(existing) { built[k] = i } }
            built[hashKey] = keys.count
            index = built
        }
        if keys.isEmpty {
            // One allocation per array for the first few entries (an instance's attributes, a small
            // count table) instead of growing from capacity 1 to 2 to 4.
            keys.reserveCapacity(4)
            values.reserveCapacity(4)
        }
        keys.append(key)
        values.append(value)
    }

    /// The position of a string key, for inline caches.
    func slot(_ key: String) -> Int? { position(of: key) }

    func value(atSlot slot: Int) -> Value { values[slot] }

    func setValue(_ value: Value, atSlot slot: Int) { values[slot] = value }

    public var count: Int { keys.count }

    /// Value for `key`, or nil. Throws TypeError for unhashable keys.
    public func get(_ key: Value) throws -> Value? {
        guard let position = position(of: try HashKey(key)) else { return nil }
        return values[position]
    }

    /// Value for a string key, or nil.
    public func get(_ key: String) -> Value? {
        guard let position = position(of: key) else { return nil }
        return values[position]
    }

    /// Insert or replace (keeping the original position, as Python does).
    public func set(_ key: Value, _ value: Value) throws {
        let hashKey = try HashKey(key)
        if let position = position(of: hashKey) {
            values[position] = value
        } else {
            append(hashKey, key, value)
        }
    }

    /// Insert or replace a string key.
    public func set(_ key: String, _ value: Value) {
        if let position = position(of: key) {
            values[position] = value
        } else {
            append(.str(key), .str(key), value)
        }
    }

    /// Remove `key`; returns the removed value or nil when absent.
    @discardableResult
    public func remove(_ key: Value) throws -> Value? {
        let hashKey = try HashKey(key)
        guard let position = position(of: hashKey) else { return nil }
        let value = values[position]
        layoutVersion += 1
        keys.remove(at: position)
        values.remove(at: position)
        if var table = index {
            index = nil
            table.removeValue(forKey: hashKey)
            for (k, p) in table where p > position { table[k] = p - 1 }
            index = table
        }
        return value
    }

    public func removeAll() {
        layoutVersion += 1
        keys = []
        values = []
        index = nil
    }

    public func contains(_ key: Value) throws -> Bool { position(of: try HashKey(key)) != nil }

    /// Ordered (key, value) pairs.
    public var pairs: [(Value, Value)] { Array(zip(keys, values)) }

    public func copy() -> DictObject {
        let other = DictObject()
        other.keys = keys
        other.values = values
        other.index = index
        return other
    }
}

extension HashKey {
    /// True for the keys a dict without an index may hold: None, numbers and strings (their equality
    /// runs no script code and needs no hashing).
    var isSimple: Bool {
        switch self {
        case .none, .int, .float, .str: return true
        case .tuple, .bytes, .identity, .instance, .frozenSet: return false
        }
    }

    /// The key of a None, bool, int, float or str value; nil for any other value.
    static func simple(_ value: Value) -> HashKey? {
        switch value {
        case .none, .bool, .int, .float, .str: return try? HashKey(value)
        default: return nil
        }
    }
}

/// A set, kept in insertion order (Python's order is hash-based; see docs/language.md).
public final class SetObject {
    let storage = DictObject()
    /// A `frozenset`: hashable, no mutating methods; operators keep the left operand's kind.
    public let frozen: Bool

    public init(frozen: Bool = false) { self.frozen = frozen }

    /// A new set (or frozenset) holding `items`.
    static func of(_ items: [Value], frozen: Bool = false) throws -> SetObject {
        let set = SetObject(frozen: frozen)
        for item in items { try set.insert(item) }
        return set
    }

    /// Every item of this set is in `other`.
    func isSubset(of other: SetObject) throws -> Bool {
        guard count <= other.count else { return false }
        for item in items where !(try other.contains(item)) { return false }
        return true
    }

    /// Empties the set (a plain set's `clear`).
    func removeAll() { storage.removeAll() }

    public var items: [Value] { storage.keys }
    public var count: Int { storage.count }
    public func insert(_ value: Value) throws { try storage.set(value, .none) }
    public func contains(_ value: Value) throws -> Bool { try storage.contains(value) }
    @discardableResult public func remove(_ value: Value) throws -> Bool { try storage.remove(value) != nil }
}

/// A dict key for an instance whose class defines `__hash__` and `__eq__`.
struct InstanceKey: Hashable {
    let hash: Int
    let instance: Instance

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (a: InstanceKey, b: InstanceKey) -> Bool {
        if a.instance === b.instance { return true }
        guard let interpreter = a.instance.interpreter else { return false }
        return (try? interpreter.equal(.host(a.instance), .host(b.instance))) ?? false
    }
}

extension Value {
    /// True for a host object (a dict key the small-dict scan cannot compare).
    var isHost: Bool {
        if case .host = self { return true }
        return false
    }
}
