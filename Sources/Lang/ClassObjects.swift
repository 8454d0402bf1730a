/// The small objects classes are made of: bound methods, `staticmethod`, `classmethod`, `property`,
/// `super()`, `NotImplemented`, and the protocols through which host classes take part.

/// A host value that stands for a class scripts may derive from (`class MyData(torch.utils.data.Dataset)`).
public protocol HostClassProvider: AnyObject {
    /// The class object a `class` statement uses as the base.
    var subclassableType: TypeObject { get }
}

/// A host object whose class a script may subclass: when `super().__init__(...)` builds it for an
/// instance, the interpreter hands it that instance, so the host can call the script's overrides
/// (`instance.override("compute_loss")`). Implementations keep the reference weak.
public protocol SubclassableHost: AnyObject {
    var scriptInstance: Instance? { get set }
}

extension TypeObject {
    /// A class whose instances the host builds (`Trainer`): a script subclass's `super().__init__(...)`
    /// calls `constructor`, and attributes the script does not define come from the built object.
    public static func hostClass(name: String, module: String, constructor: Builtin) -> TypeObject {
        let type = TypeObject(name: name, parent: .objectType)
        type.bases = [.objectType]
        type.hostConstructor = constructor
        type.module = module
        return type
    }

    /// A class declared by the host with methods as native built-ins (`TrainerCallback`, whose `on_*`
    /// hooks do nothing); scripts subclass it like a class of their own. Each method gets the instance
    /// as its first argument `self`.
    public static func nativeClass(name: String, module: String, doc: String = "", methods: [Builtin],
                                   parent: TypeObject = .objectType) -> TypeObject {
        let type = TypeObject(name: name, parent: parent, doc: doc)
        type.bases = [parent]
        let namespace = DictObject()
        for method in methods { namespace.set(method.name, .builtin(method)) }
        namespace.set("__module__", .str(module))
        type.namespace = namespace
        type.module = module
        type.isNativeClass = true
        type.storedMRO = [type] + parent.mro
        return type
    }
}

/// A function bound to the value it was looked up on (`obj.method`, `Cls.classmethod`).
public final class BoundMethodObject: HostObject {
    /// The function (a language function or a native built-in taking `self` first).
    public let callee: Value
    /// `self` (or the class, for a classmethod).
    public let receiver: Value

    init(callee: Value, receiver: Value) {
        (self.callee, self.receiver) = (callee, receiver)
    }

    public var typeName: String { "method" }

    private var calleeName: String {
        switch callee {
        case .function(let f): return f.name
        case .builtin(let b): return b.name
        default: return "?"
        }
    }

    public func repr() -> String {
        let owner: String
        if case .type(let t) = receiver { owner = "<class '\(t.name)'>" } else { owner = Repr.repr(receiver) }
        return "<bound method \(receiver.typeName == "type" ? "" : receiver.typeName + ".")\(calleeName) of \(owner)>"
    }

    public func asCallable() -> Builtin? {
        Builtin(calleeName, [.variadic("args"), .keywords("kwargs")], doc: "A bound method.") { args in
            try args.context.interpreter.callValue(self.callee, [self.receiver] + args.variadic, args.keywords, range: args.context.range)
        }
    }

    public func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "__self__": return receiver
        case "__func__": return callee
        case "__name__", "__qualname__": return .str(calleeName)
        case "__doc__":
            if case .function(let f) = callee { return f.doc.map { .str($0) } ?? Value.none }
            return Value.none
        default:
            return try context.interpreter.getAttribute(callee, name, range: nil)
        }
    }
}

/// `@staticmethod`: a function stored in a class that takes no `self`.
final class StaticMethodObject: HostObject {
    let function: Value
    init(_ function: Value) { self.function = function }
    var typeName: String { "staticmethod" }
    func repr() -> String { "<staticmethod(\(Repr.repr(function)))>" }
    func asCallable() -> Builtin? {
        Builtin("staticmethod", [.variadic("args"), .keywords("kwargs")], doc: "A static method.") { args in
            try args.context.interpreter.callValue(self.function, args.variadic, args.keywords, range: args.context.range)
        }
    }
    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        name == "__func__" ? function : try context.interpreter.getAttribute(function, name, range: nil)
    }
}

/// `@classmethod`: a function stored in a class that gets the class as its first argument.
final class ClassMethodObject: HostObject {
    let function: Value
    init(_ function: Value) { self.function = function }
    var typeName: String { "classmethod" }
    func repr() -> String { "<classmethod(\(Repr.repr(function)))>" }
    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        name == "__func__" ? function : try context.interpreter.getAttribute(function, name, range: nil)
    }
}

/// `property(fget, fset, fdel, doc)` and `@property` / `@x.setter` / `@x.deleter`.
final class PropertyObject: HostObject {
    let getter: Value
    let setter: Value
    let deleter: Value
    let doc: Value

    init(getter: Value, setter: Value = .none, deleter: Value = .none, doc: Value = .none) {
        (self.getter, self.setter, self.deleter) = (getter, setter, deleter)
        if doc.isNone, case .function(let f) = getter, let text = f.doc { self.doc = .str(text) } else { self.doc = doc }
    }

    var typeName: String { "property" }
    func repr() -> String { "<property object>" }

    func get(_ receiver: Value, interpreter: Interpreter) throws -> Value {
        if getter.isNone { throw ScriptError(.attributeError, "property has no getter") }
        return try interpreter.callValue(getter, [receiver], [], range: nil)
    }

    func set(_ receiver: Value, _ value: Value, interpreter: Interpreter, typeName: String, name: String) throws {
        if setter.isNone {
            throw ScriptError(.attributeError, "property '\(name)' of '\(typeName)' object has no setter",
                              help: "add a setter: @\(name).setter above def \(name)(self, value):")
        }
        _ = try interpreter.callValue(setter, [receiver, value], [], range: nil)
    }

    func delete(_ receiver: Value, interpreter: Interpreter, typeName: String, name: String) throws {
        if deleter.isNone { throw ScriptError(.attributeError, "property '\(name)' of '\(typeName)' object has no deleter") }
        _ = try interpreter.callValue(deleter, [receiver], [], range: nil)
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        func replacing(_ part: String) -> Value {
            .builtin(Builtin(part, owner: "property", [Parameter("function")], doc: "A copy of the property with this \(part).") { args in
                let f = args["function"]
                switch part {
                case "getter": return .host(PropertyObject(getter: f, setter: self.setter, deleter: self.deleter, doc: self.doc))
                case "setter": return .host(PropertyObject(getter: self.getter, setter: f, deleter: self.deleter, doc: self.doc))
                default: return .host(PropertyObject(getter: self.getter, setter: self.setter, deleter: f, doc: self.doc))
                }
            })
        }
        switch name {
        case "getter", "setter", "deleter": return replacing(name)
        case "fget": return getter
        case "fset": return setter
        case "fdel": return deleter
        case "__doc__": return doc
        default: return nil
        }
    }
}

/// `super()` / `super(Cls, obj)`: attribute lookup that starts after `start` in the receiver's MRO.
final class SuperObject: HostObject {
    let start: TypeObject, receiver: Value, receiverType: TypeObject

    init(start: TypeObject, receiver: Value, receiverType: TypeObject) {
        (self.start, self.receiver, self.receiverType) = (start, receiver, receiverType)
    }

    var typeName: String { "super" }
    func repr() -> String { "<super: <class '\(start.name)'>, <\(receiverType.name) object>>" }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        let interpreter = context.interpreter
        let order = receiverType.mro
        let startIndex = (order.firstIndex { $0 === start } ?? -1) + 1
        let instance: Instance? = { if case .host(let h) = receiver { return h as? Instance }; return nil }()
        for (offset, candidate) in order[min(startIndex, order.count)...].enumerated() {
            if let value = candidate.namespace?.get(name) {
                if case .host(let host) = value, let property = host as? PropertyObject {
                    return try property.get(receiver, interpreter: interpreter)
                }
                if case .type = receiver, case .function = value { return value }
                return interpreter.bind(value, to: receiver, type: receiverType)
            }
            if let constructor = candidate.hostConstructor, let instance {
                if name == "__init__" {
                    let next = startIndex + offset + 1
                    _ = next
                    return .builtin(Builtin("__init__", owner: candidate.name, [.variadic("args"), .keywords("kwargs")],
                                            doc: "Build the \(candidate.name) this object extends.") { args in
                        try interpreter.constructHost(instance, constructor, args.variadic, args.keywords, range: args.context.range)
                        return .none
                    })
                }
                if let host = instance.hostBase, let value = try host.getAttribute(name, context: context) { return value }
            }
            if let value = interpreter.builtinBaseMethod(candidate, name, receiver: receiver) { return value }
        }
        throw ScriptError(.attributeError, "'super' object has no attribute '\(name)'")
    }
}

/// `...` (`Ellipsis`): the placeholder body of stubs and abstract methods.
final class EllipsisObject: HostObject {
    static let shared = EllipsisObject()
    var typeName: String { "ellipsis" }
    func repr() -> String { "Ellipsis" }
}

/// `NotImplemented`: what a binary special method returns to let the other operand try.
final class NotImplementedObject: HostObject {
    static let shared = NotImplementedObject()
    var typeName: String { "NotImplementedType" }
    func repr() -> String { "NotImplemented" }
}
