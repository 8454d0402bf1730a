import Foundation
import Lang

/// The common base of the ML host objects: attributes come from `property(_:)`, methods from a table
/// of `Builtin`s built with `method(...)` (so every call goes through Lang's one argument checker),
/// and everything else keeps the Python error `HostObject`'s defaults raise.
class HostBase: HostObject {
    var typeName: String { "object" }
    var typeModule: String? { HostTypeModules.module(typeName) }
    func repr() -> String { "<\(typeName)>" }
    func str() -> String { repr() }

    /// Names of the value attributes (for `dir()` and "did you mean").
    var propertyNames: [String] { [] }
    /// A value attribute, or nil.
    func property(_ name: String, context: CallContext) throws -> Value? { nil }
    /// The methods, bound to this object.
    func methods() -> [Builtin] { [] }

    private var methodCache: [String: Builtin]?

    /// False for objects whose method closures must not be kept (they would read stale values or keep
    /// the object alive through a reference cycle): the table is rebuilt on each lookup.
    var cachesMethods: Bool { true }

    private func methodTable() -> [String: Builtin] {
        if let cache = methodCache { return cache }
        var table: [String: Builtin] = [:]
        for builtin in methods() { table[builtin.name] = builtin }
        if cachesMethods { methodCache = table }
        return table
    }

    /// Declares a method named `name` of this type; `body` gets checked arguments.
    func method(_ name: String, _ parameters: [Parameter] = [], doc: String, example: String = "",
                _ body: @escaping (Arguments) throws -> Value) -> Builtin {
        Builtin(name, owner: typeName, parameters, doc: doc, example: example) { args in
            try bridged { try body(args) }
        }
    }

    /// `state_dict()` and `load_state_dict(d)` of an optimizer or scheduler, PyTorch's pair.
    func stateDictMethods(contents: String, example name: String,
                          save: @escaping () -> Value, load: @escaping (Value) throws -> Void) -> [Builtin] {
        [
            method("state_dict", doc: "\(contents), PyTorch's layout.", example: "\(name)_state = \(name).state_dict()") { _ in save() },
            method("load_state_dict", [Parameter("state_dict", .dict)], doc: "Restore a state from state_dict().",
                   example: "\(name).load_state_dict(\(name)_state)") { args in
                try load(args["state_dict"])
                return Value.none
            },
        ]
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        if let value = try bridged({ try property(name, context: context) }) { return value }
        if let builtin = methodTable()[name] { return .builtin(builtin) }
        return nil
    }

    func setAttribute(_ name: String, _ value: Value, context: CallContext) throws -> Bool { false }
    var attributeNames: [String] { (propertyNames + methodTable().keys).sorted() }
    func asCallable() -> Builtin? { nil }
    func getItem(_ key: Value, context: CallContext) throws -> Value {
        throw ScriptError(.typeError, "'\(typeName)' object is not subscriptable")
    }
    func setItem(_ key: Value, _ value: Value, context: CallContext) throws {
        throw ScriptError(.typeError, "'\(typeName)' object does not support item assignment")
    }
    func length() -> Int? { nil }
    func makeIterator(context: CallContext) throws -> IteratorObject? { nil }
    func enter(context: CallContext) throws -> Value {
        throw ScriptError(.typeError, "'\(typeName)' object does not support the context manager protocol",
                          help: "'with' needs an object such as open(...), model.disable_adapter() or no_grad()")
    }
    func exit(error: ExceptionObject?, context: CallContext) throws -> Bool { false }
    func keywordArguments() -> [(String, Value)]? { nil }
    func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? { nil }
    func unaryOperation(_ op: String, context: CallContext) throws -> Value? { nil }
    func inPlaceOperation(_ op: String, _ other: Value, context: CallContext) throws -> Value? { nil }
    func truthValue() throws -> Bool? { nil }
    func scalarValue() -> Value? { nil }
    func emptyFormatValue() -> Value? { nil }
    func contains(_ item: Value, context: CallContext) throws -> Bool? { nil }
    var helpText: String { "\(typeName) object" }
    var tupleItems: [Value]? { nil }
}

/// A host object that only exists to be used in a `with` block (`no_grad()`, `disable_adapter()`).
final class ContextManagerObject: HostBase {
    let name: String
    let onEnter: () throws -> Void
    let onExit: () -> Void

    init(name: String, onEnter: @escaping () throws -> Void = {}, onExit: @escaping () -> Void = {}) {
        self.name = name
        self.onEnter = onEnter
        self.onExit = onExit
    }

    override var typeName: String { name }
    override func repr() -> String { "<\(name) context manager>" }
    override func enter(context: CallContext) throws -> Value {
        try bridged { try onEnter() }
        return .none
    }
    override func exit(error: ExceptionObject?, context: CallContext) throws -> Bool {
        onExit()
        return false
    }
}

/// An iterator over a fixed list of values, for `for x in host_object`.
func listIterator(_ items: [Value]) -> IteratorObject {
    var index = 0
    return IteratorObject(kindName: "iterator") {
        guard index < items.count else { return nil }
        defer { index += 1 }
        return items[index]
    }
}
