/// A value of the language. Scalars are stored inline; containers and functions are reference objects
/// with Python's sharing semantics (two names can hold the same list).
public enum Value {
    case none
    case bool(Bool)
    /// 64-bit; arithmetic that overflows raises OverflowError instead of wrapping.
    case int(Int)
    case float(Double)
    case str(String)
    case list(ListObject)
    case tuple([Value])
    case dict(DictObject)
    case set(SetObject)
    case range(RangeValue)
    case slice(SliceValue)
    /// A function written in the language (`def` or `lambda`).
    case function(Function)
    /// A native function from a registry table.
    case builtin(Builtin)
    /// A native method bound to its receiver (`"a b".split`).
    case boundMethod(BoundMethod)
    /// A type: `int`, `str`, `ValueError`, or the type of a host object.
    case type(TypeObject)
    case module(Module)
    case exception(ExceptionObject)
    /// A one-shot iterator (`zip(...)`, `map(...)`, `iter(x)`).
    case iterator(IteratorObject)
    /// An object of the host (Swift) side: tensors, models, tokenizers, ... (see `HostObject`).
    case host(any HostObject)

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// Python's type name: `int`, `list`, `NoneType`, or the host object's `typeName`.
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set(let s): return s.frozen ? "frozenset" : "set"
        case .range: return "range"
        case .slice: return "slice"
        case .function: return "function"
        case .builtin: return "builtin_function_or_method"
        case .boundMethod: return "builtin_function_or_method"
        case .type: return "type"
        case .module: return "module"
        case .exception(let e): return e.type.name
        case .iterator(let it): return it.kindName
        case .host(let object): return object.typeName
        }
    }

    /// Make a list value from Swift values.
    public static func list(_ items: [Value]) -> Value { .list(ListObject(items)) }

    /// Make a dict value from ordered pairs with string keys.
    public static func dict(_ pairs: [(String, Value)]) -> Value {
        let dict = DictObject()
        for (key, value) in pairs { dict.set(key, value) }
        return .dict(dict)
    }

    /// The Swift `Double` of an int, float or bool, else nil.
    public var doubleValue: Double? {
        switch self {
        case .int(let n): return Double(n)
        case .float(let x): return x
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The Swift `Int` of an int or bool, else nil.
    public var intValue: Int? {
        switch self {
        case .int(let n): return n
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public var stringValue: String? {
        if case .str(let s) = self { return s }
        return nil
    }

    /// `len()` of a str, list, tuple, dict, set or range; nil for any other value.
    var builtinLength: Int? {
        switch self {
        case .str(let s): return s.unicodeScalars.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .dict(let d): return d.count
        case .set(let s): return s.count
        case .range(let r): return r.count
        default: return nil
        }
    }

    /// The items of a list or tuple (or of a tuple subclass's host object, `torch.Size`), else nil.
    public var sequenceItems: [Value]? {
        switch self {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .host(let h): return h.tupleItems
        default: return nil
        }
    }

    /// The items of a tuple or of an instance of a tuple subclass (`torch.Size`), else nil.
    public var tupleItems: [Value]? {
        switch self {
        case .tuple(let t): return t
        case .host(let h): return h.tupleItems
        default: return nil
        }
    }
}

/// A mutable list (reference semantics, like Python's).
public final class ListObject {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
    /// Last item first, as CPython's list does (the order a generator's `finally` blocks run in).
    deinit { items.releaseElements(lastFirst: true) }
}

extension Array {
    /// Release the elements one at a time, first to last (or `lastFirst`; a generator released with them
    /// runs its `finally` blocks in that order), in code specialised for the element type, keeping the
    /// storage. An array freed with its elements still in it destroys them through the runtime's generic
    /// value witnesses (`swift_arrayDestroy`), about ten times the instructions per `Value`; containers
    /// call this in their `deinit`, and reused frames and argument arrays to empty themselves.
    @inline(__always)
    mutating func releaseElements(lastFirst: Bool = false) {
        if !lastFirst { reverse() }
        while !isEmpty { removeLast() }
    }
}

/// `range(start, stop, step)`.
public struct RangeValue {
    public let start: Int
    public let stop: Int
    public let step: Int

    /// Number of elements, computed without overflow even for `range(-2**63, 2**63 - 1)`.
    public var count: Int {
        let low = step > 0 ? start : stop
        let high = step > 0 ? stop : start
        guard low < high else { return 0 }
        let stride = UInt64(step.magnitude)
        let distance = UInt64(bitPattern: Int64(high) &- Int64(low))
        let n = (distance - 1) / stride + 1
        return n > UInt64(Int.max) ? Int.max : Int(n)
    }

    public func element(_ i: Int) -> Int { start + i * step }

    /// `start + i * step`, clamped to the Int range instead of trapping (slice bounds of huge ranges).
    func saturatedElement(_ i: Int) -> Int {
        let (product, o1) = i.multipliedReportingOverflow(by: step)
        let (sum, o2) = start.addingReportingOverflow(product)
        if o1 || o2 { return (i > 0) == (step > 0) ? Int.max : Int.min }
        return sum
    }
}

/// `start:stop:step` inside `[]`; each part may be None.
public final class SliceValue {
    public let start: Value
    public let stop: Value
    public let step: Value

    public init(start: Value, stop: Value, step: Value) {
        (self.start, self.stop, self.step) = (start, stop, step)
    }
}

/// A module: built-in (from a registry table) or written in the language (stdlib, user).
public final class Module {
    public let name: String
    public let doc: String
    /// The module's names in definition order.
    public let members: DictObject

    public init(name: String, doc: String = "", members: DictObject = DictObject()) {
        (self.name, self.doc, self.members) = (name, doc, members)
    }

    public func member(_ name: String) -> Value? { members.get(name) }
}

/// A one-shot iterator. `next` returns nil when exhausted.
public final class IteratorObject {
    let kindName: String
    private let nextValue: () throws -> Value?
    private var finished = false

    public init(kindName: String = "iterator", next: @escaping () throws -> Value?) {
        self.kindName = kindName
        self.nextValue = next
    }

    public func next() throws -> Value? {
        if finished { return nil }
        if let value = try nextValue() { return value }
        finished = true
        return nil
    }
}
