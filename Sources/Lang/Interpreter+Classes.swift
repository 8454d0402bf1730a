/// `class` statements: building a class from its body, C3 method resolution order, creating instances
/// and exceptions of user classes, and host classes scripts may subclass (`class MyTrainer(Trainer)`).
extension Interpreter {
    func executeClass(_ decl: ClassDecl, _ frame: Frame) throws {
        let decorators = try decl.decorators.map { try evaluate($0, frame) }
        var bases: [TypeObject] = []
        for baseExpr in decl.bases {
            var base = try evaluate(baseExpr, frame)
            do {
                if case .host(let host) = base, let alias = host as? TypingModule.Alias {
                    // `Generic[T]` and `Protocol` add nothing at run time; NamedTuple/TypedDict are classes of `_typing`.
                    guard let resolved = try typingBase(alias) else { continue }
                    base = resolved
                }
                if case .type(let type) = base, ["int", "str", "float"].contains(type.name), !type.isUserClass,
                   decl.bases.count > 1 {
                    bases.append(type)  // `class Color(str, Enum)`: replaced by the metaclass's mixin below
                    continue
                }
                bases.append(try classBase(base))
            } catch let error as ScriptError {
                if error.exception.range == nil { error.exception.range = baseExpr.range }
                throw error
            }
        }
        var metaclass: TypeObject?
        for keyword in decl.keywords {
            guard case .keyword(let name) = keyword.kind else { continue }
            do {
                guard name == "metaclass" else {
                    throw ScriptError(.typeError, "class keyword argument '\(name)' is not supported",
                                      help: "only base classes (and metaclass=) go in a class header")
                }
                metaclass = try explicitMetaclass(try evaluate(keyword.value, frame))
            } catch let error as ScriptError {
                if error.exception.range == nil { error.exception.range = keyword.range }
                throw error
            }
        }
        bases = try substituteBuiltinMixins(decl, bases, frame)
        let state = ClassBodyState()
        let scope = Frame(inside: frame, layout: nil, names: .none)
        scope.classBody = state
        scope.set("__module__", frame.globals.get("__name__") ?? .str("__main__"))
        state.order.append("__module__")
        scope.set("__qualname__", .str(decl.name))
        state.order.append("__qualname__")
        if let first = decl.body.first, case .expression(let expr) = first.kind, case .constant(.str(let text)) = expr.kind {
            scope.set("__doc__", .str(text))
            state.order.append("__doc__")
        }
        _ = try executeBlock(decl.body, scope)
        let namespace = DictObject()
        for name in state.order {
            if let value = scope.get(name) { namespace.set(name, value) }
        }
        let annotations = DictObject()
        for (name, annotation) in state.annotations { annotations.set(name, annotation) }
        namespace.set("__annotations__", .dict(annotations))
        let moduleName = scope.get("__module__")?.stringValue ?? "__main__"
        let type = try makeClass(name: decl.name, bases: bases, namespace: namespace, module: moduleName)
        state.cell.type = type
        try applyMetaclass(type, explicit: metaclass, bases: bases, namespace: namespace)
        var value = Value.type(type)
        for (decorator, expr) in zip(decorators, decl.decorators).reversed() {
            value = try callValue(decorator, [value], [], range: expr.range)
        }
        store(decl.name, value, frame)
    }

    /// A base class as written in a class header: a class, or a host constructor (`Trainer`), which
    /// becomes a host class.
    private func classBase(_ value: Value) throws -> TypeObject {
        switch value {
        case .type(let type):
            let builtinContainers: Set<String> = ["int", "float", "str", "list", "tuple", "dict", "set", "bool", "range", "NoneType",
                                                  "function"]
            if !type.isUserClass, type.hostConstructor == nil, builtinContainers.contains(type.name) {
                throw ScriptError(.notImplementedError, "subclassing the built-in type '\(type.name)' is not supported in lorarepl",
                                  help: "keep a \(type.name) in an attribute instead (self.items = \(type.name)())")
            }
            return type
        case .builtin(let builtin):
            return hostClass(for: builtin)
        case .host(let host):
            if let provider = host as? HostClassProvider { return provider.subclassableType }
        default:
            break
        }
        throw ScriptError(.typeError, "a class can only derive from classes, not from \(value.typeName)",
                          help: "name a class in the header: class MyError(ValueError):")
    }

    /// The subclassable class of a host constructor such as `Trainer` (one per constructor).
    func hostClass(for constructor: Builtin) -> TypeObject {
        if let type = hostClasses[ObjectIdentifier(constructor)] { return type }
        let type = TypeObject.hostClass(name: constructor.name, module: constructor.owner ?? "builtins", constructor: constructor)
        hostClasses[ObjectIdentifier(constructor)] = type
        return type
    }

    /// Build a class object: C3 MRO over the bases, at most one host class among them.
    func makeClass(name: String, bases: [TypeObject], namespace: DictObject, module: String) throws -> TypeObject {
        classEpoch &+= 1
        let type = TypeObject(name: name, parent: bases.first ?? .objectType)
        type.bases = bases.isEmpty ? [.objectType] : bases
        type.namespace = namespace
        type.module = module
        type.interpreter = self
        type.storedMRO = try Self.c3(type)
        let hostClasses = type.mro.filter { $0.hostConstructor != nil }
        if hostClasses.count > 1 {
            throw ScriptError(.typeError, "class '\(name)' derives from two host classes (\(hostClasses.map(\.name).joined(separator: ", ")))",
                              help: "derive from one of them and keep the other in an attribute")
        }
        if type.isExceptionType, !hostClasses.isEmpty {
            throw ScriptError(.typeError, "an exception class cannot derive from the host class '\(hostClasses[0].name)'")
        }
        if namespace.get("__new__") != nil {
            throw ScriptError(.notImplementedError, "'__new__' is not supported in lorarepl", help: "set attributes in __init__ instead")
        }
        for value in namespace.values {
            if case .function(let f) = value, f.classCell == nil { f.classCell = ClassCell(); f.classCell?.type = type }
        }
        return type
    }

    /// CPython's C3 linearization: the class, then a merge of its bases' MROs that keeps every base
    /// before its own bases and the bases in the order written.
    static func c3(_ type: TypeObject) throws -> [TypeObject] {
        var sequences = type.bases.map { $0.mro } + [type.bases]
        var result = [type]
        while true {
            sequences = sequences.filter { !$0.isEmpty }
            if sequences.isEmpty { return result }
            guard let head = sequences.map({ $0[0] }).first(where: { candidate in
                !sequences.contains { sequence in sequence.dropFirst().contains { $0 === candidate } }
            }) else {
                throw ScriptError(.typeError, "Cannot create a consistent method resolution order (MRO) for bases "
                                  + type.bases.map(\.name).joined(separator: ", "))
            }
            result.append(head)
            sequences = sequences.map { $0.first === head ? Array($0.dropFirst()) : $0 }
        }
    }

    // MARK: instances

    /// `C(...)` for a class written in the language.
    func instantiate(_ type: TypeObject, _ positional: [Value], _ keywords: [(String, Value)], range: SourceRange?) throws -> Value {
        if type.isExceptionType {
            let exception = makeException(type, positional)
            if let initializer = type.lookup("__init__") {
                _ = try callValue(bind(initializer, to: .exception(exception), type: type), positional, keywords, range: range)
            } else if let key = keywords.first?.0 {
                throw ScriptError(.typeError, "\(type.name)() takes no keyword arguments (got '\(key)')")
            }
            return .exception(exception)
        }
        if type.mro.contains(where: { $0.name == "ABC" && $0.module == "abc" }) { try checkAbstractMethods(type) }
        let instance = Instance(type: type, creator: self)
        let value = Value.host(instance)
        try initialize(instance, from: type, startingAt: 0, positional, keywords, range: range)
        return value
    }

    /// `abc.ABC` subclasses: methods still marked `@abstractmethod` block instantiation (CPython 3.11's message).
    private func checkAbstractMethods(_ type: TypeObject) throws {
        var seen = Set<String>()
        var abstract: [String] = []
        for candidate in type.mro {
            for (key, value) in candidate.namespace?.pairs ?? [] {
                guard case .str(let name) = key, seen.insert(name).inserted else { continue }
                var function = value
                if case .host(let host) = value, let property = host as? PropertyObject { function = property.getter }
                if case .function(let f) = function, let flag = f.attributes?.get("__isabstractmethod__"), try truthy(flag) {
                    abstract.append(name)
                }
            }
        }
        guard !abstract.isEmpty else { return }
        abstract.sort()
        throw ScriptError(.typeError, "Can't instantiate abstract class \(type.name) with abstract method\(abstract.count == 1 ? "" : "s") "
                          + abstract.joined(separator: ", "), help: "define \(abstract.joined(separator: ", ")) in a subclass and instantiate that")
    }

    /// Run the first `__init__` of the MRO from `startingAt`: a script method, or a host class's constructor.
    func initialize(_ instance: Instance, from type: TypeObject, startingAt start: Int, _ positional: [Value],
                    _ keywords: [(String, Value)], range: SourceRange?) throws {
        let order = type.mro
        for candidate in order[min(start, order.count)...] {
            if let initializer = candidate.namespace?.get("__init__") {
                let result: Value
                if case .function(let function) = initializer {
                    result = try callFunction(function, receiver: .host(instance), positional, keywords, range: range)
                } else {
                    result = try callValue(bind(initializer, to: .host(instance), type: type), positional, keywords, range: range)
                }
                if !result.isNone { throw ScriptError(.typeError, "__init__() should return None, not '\(result.typeName)'") }
                return
            }
            if let constructor = candidate.hostConstructor {
                try constructHost(instance, constructor, positional, keywords, range: range)
                return
            }
        }
        if !positional.isEmpty || !keywords.isEmpty {
            throw ScriptError(.typeError, "\(type.name)() takes no arguments",
                              help: "define __init__(self, ...) in class \(type.name) to accept arguments")
        }
    }

    /// `super().__init__(...)` reaching a host class: build the host object and attach it to the instance.
    func constructHost(_ instance: Instance, _ constructor: Builtin, _ positional: [Value], _ keywords: [(String, Value)],
                       range: SourceRange?) throws {
        let built = try callBuiltin(constructor, receiver: nil, positional, keywords, range: range)
        guard case .host(let host) = built else {
            throw ScriptError(.typeError, "\(constructor.name)() did not build an object that can be subclassed")
        }
        instance.hostBase = host
        if let subclassable = host as? SubclassableHost { subclassable.scriptInstance = instance }
    }

    /// A class attribute as seen through `receiver`: functions bind to it, `classmethod`s to its class,
    /// `staticmethod`s unwrap, native methods bind like functions.
    func bind(_ attribute: Value, to receiver: Value, type: TypeObject) -> Value {
        switch attribute {
        case .function, .builtin:
            return .host(BoundMethodObject(callee: attribute, receiver: receiver))
        case .host(let host):
            if let method = host as? StaticMethodObject { return method.function }
            if let method = host as? ClassMethodObject { return .host(BoundMethodObject(callee: method.function, receiver: .type(type))) }
            return attribute
        default:
            return attribute
        }
    }

    /// The value of `instance.name`, or nil when it has none (before `__getattr__`).
    func instanceAttribute(_ instance: Instance, _ name: String) throws -> Value? {
        let classAttribute = instance.type.lookup(name)
        if case .host(let host)? = classAttribute, let property = host as? PropertyObject {
            return try property.get(.host(instance), interpreter: self)
        }
        if let value = instance.attributes.get(name) { return value }
        if let classAttribute { return bind(classAttribute, to: .host(instance), type: instance.type) }
        switch name {
        case "__class__": return .type(instance.type)
        case "__dict__": return .dict(instance.attributes)
        default: break
        }
        if let host = instance.hostBase, let value = try host.getAttribute(name, context: CallContext(interpreter: self, range: nil)) {
            return value
        }
        return nil
    }

    func getInstanceAttribute(_ instance: Instance, _ name: String) throws -> Value {
        if let value = try instanceAttribute(instance, name) { return value }
        if let getter = instance.type.lookup("__getattr__") {
            return try callValue(bind(getter, to: .host(instance), type: instance.type), [.str(name)], [], range: nil)
        }
        let names = instance.attributeNames
        throw ScriptError(.attributeError, "'\(instance.type.name)' object has no attribute '\(name)'",
                          suggestion: Suggest.closest(to: name, among: names))
    }

    func setInstanceAttribute(_ instance: Instance, _ name: String, _ value: Value, bypassingHook: Bool = false) throws {
        if !bypassingHook, let setter = instance.type.lookup("__setattr__") {
            _ = try callValue(bind(setter, to: .host(instance), type: instance.type), [.str(name), value], [], range: nil)
            return
        }
        if case .host(let host)? = instance.type.lookup(name), let property = host as? PropertyObject {
            try property.set(.host(instance), value, interpreter: self, typeName: instance.type.name, name: name)
            return
        }
        if instance.attributes.get(name) == nil, let host = instance.hostBase,
           try host.setAttribute(name, value, context: CallContext(interpreter: self, range: nil)) {
            return
        }
        instance.attributes.set(name, value)
    }

    func deleteAttribute(_ base: Value, _ name: String) throws {
        switch base {
        case .host(let host):
            if let instance = host as? Instance {
                if let deleter = instance.type.lookup("__delattr__") {
                    _ = try callValue(bind(deleter, to: base, type: instance.type), [.str(name)], [], range: nil)
                    return
                }
                if case .host(let h)? = instance.type.lookup(name), let property = h as? PropertyObject {
                    try property.delete(base, interpreter: self, typeName: instance.type.name, name: name)
                    return
                }
                if try instance.attributes.remove(.str(name)) != nil { return }
                throw ScriptError(.attributeError, "'\(instance.type.name)' object has no attribute '\(name)'")
            }
        case .type(let type):
            classEpoch &+= 1
            if let namespace = type.namespace, try namespace.remove(.str(name)) != nil { return }
            throw ScriptError(.attributeError, "type object '\(type.name)' has no attribute '\(name)'")
        case .function(let function):
            if let attributes = function.attributes, try attributes.remove(.str(name)) != nil { return }
        case .exception(let exception):
            if try exception.attributes.remove(.str(name)) != nil { return }
        default:
            break
        }
        throw ScriptError(.attributeError, "cannot delete attribute '\(name)' of '\(base.typeName)' object")
    }

    /// `Cls.name` for a class with a namespace.
    func classAttribute(_ type: TypeObject, _ name: String) throws -> Value? {
        switch name {
        case "__name__", "__qualname__": return .str(type.name)
        case "__mro__": return .tuple(type.mro.map { .type($0) })
        case "__bases__": return .tuple(type.bases.map { .type($0) })
        case "__base__": return .type(type.bases.first ?? .objectType)
        case "__module__": return .str(type.module)
        case "__doc__": return type.namespace?.get("__doc__") ?? (type.doc.isEmpty ? Value.none : .str(type.doc))
        case "__dict__": return type.namespace.map { .dict($0.copy()) }
        default: break
        }
        guard let value = type.lookup(name) else { return nil }
        if case .host(let host) = value {
            if let method = host as? StaticMethodObject { return method.function }
            if let method = host as? ClassMethodObject { return .host(BoundMethodObject(callee: method.function, receiver: .type(type))) }
        }
        return value
    }

    /// The user class's special method `name` bound to `receiver`, or nil when the class does not define it.
    func specialMethod(_ instance: Instance, _ name: String) -> Value? {
        guard let method = instance.type.lookup(name) else { return nil }
        return bind(method, to: .host(instance), type: instance.type)
    }

    /// Call special method `name` if the class defines it.
    func callSpecial(_ instance: Instance, _ name: String, _ arguments: [Value]) throws -> Value? {
        guard let method = specialMethod(instance, name) else { return nil }
        return try callValue(method, arguments, [], range: nil)
    }

    /// An exception's message as `str(e)` gives it, after a user class's `__str__`.
    func refreshMessage(_ exception: ExceptionObject) throws {
        guard exception.type.isUserClass, let method = exception.type.lookup("__str__") else { return }
        let text = try callValue(bind(method, to: .exception(exception), type: exception.type), [], [], range: nil)
        guard case .str(let message) = text else {
            throw ScriptError(.typeError, "__str__ returned non-string (type \(text.typeName))")
        }
        exception.message = message
    }

    /// Attributes of exceptions: `args`, `__cause__`, attributes set by `__init__`, methods of user classes.
    func exceptionAttribute(_ exception: ExceptionObject, _ name: String) throws -> Value? {
        switch name {
        case "args": return .tuple(exception.args)
        case "__cause__": return exception.cause.map { .exception($0) } ?? Value.none
        case "__context__": return exception.context.map { .exception($0) } ?? Value.none
        case "__suppress_context__": return .bool(exception.suppressContext)
        case "__class__": return .type(exception.type)
        case "__traceback__": return Value.none
        case "value" where exception.type.isSubtype(of: .stopIteration) && exception.attributes.get("value") == nil:
            // A generator's return value; None for a bare StopIteration (whose message is empty).
            if exception.args.count == 1, exception.args[0].stringValue != "" { return exception.args[0] }
            return Value.none
        default: break
        }
        if let value = exception.attributes.get(name) { return value }
        if let value = exception.type.lookup(name) {
            if case .host(let host) = value, let property = host as? PropertyObject {
                return try property.get(.exception(exception), interpreter: self)
            }
            return bind(value, to: .exception(exception), type: exception.type)
        }
        return nil
    }

    /// `object.__setattr__(self, name, value)`, `Exception.__init__(self, message)`: a built-in base's
    /// method looked up on the class, taking the receiver as its first argument.
    func unboundBaseMethod(_ type: TypeObject, _ name: String) -> Value? {
        let objectMethods: Set<String> = ["__init__", "__repr__", "__str__", "__eq__", "__ne__", "__hash__", "__setattr__",
                                          "__getattribute__", "__init_subclass__"]
        guard type === TypeObject.objectType ? objectMethods.contains(name) : type.isExceptionType && (name == "__init__" || name == "__str__")
        else { return nil }
        return .builtin(Builtin(name, owner: type.name, [Parameter("self", kind: .positionalOnly), .variadic("args"), .keywords("kwargs")],
                                doc: "\(type.name).\(name) called with an explicit self.") { args in
            guard let method = args.context.interpreter.builtinBaseMethod(type, name, receiver: args[position: 0]) else {
                throw ScriptError(.typeError, "descriptor '\(name)' for '\(type.name)' objects doesn't apply to a '\(args[position: 0].typeName)' object")
            }
            return try args.context.interpreter.callValue(method, args.variadic, args.keywords, range: args.context.range)
        })
    }

    /// `super().__init__(...)` etc. on built-in bases: exceptions store their arguments, `object` does nothing.
    func builtinBaseMethod(_ base: TypeObject, _ name: String, receiver: Value) -> Value? {
        if base.isExceptionType, case .exception(let exception) = receiver {
            switch name {
            case "__init__":
                return .builtin(Builtin("__init__", owner: base.name, [.variadic("args")], doc: "Store the exception's arguments.") { args in
                    let fresh = args.context.interpreter.makeException(exception.type, args.variadic)
                    exception.args = fresh.args
                    exception.message = fresh.message
                    return .none
                })
            case "__str__":
                return .builtin(Builtin("__str__", owner: base.name, doc: "The message.") { _ in
                    .str(exception.message)
                })
            default:
                break
            }
        }
        guard base === TypeObject.objectType else { return nil }
        let interpreter = self
        switch name {
        case "__init__":
            return .builtin(Builtin("__init__", owner: "object", doc: "Does nothing.") { _ in .none })
        case "__repr__", "__str__":
            return .builtin(Builtin(name, owner: "object", doc: "The default representation.") { _ in
                if case .host(let host) = receiver, let instance = host as? Instance { return .str(instance.defaultRepr) }
                return .str(Repr.repr(receiver))
            })
        case "__eq__":
            return .builtin(Builtin("__eq__", owner: "object", [Parameter("other")], doc: "Identity.") { args in
                interpreter.identical(receiver, args["other"]) ? .bool(true) : .host(NotImplementedObject.shared)
            })
        case "__ne__":
            return .builtin(Builtin("__ne__", owner: "object", [Parameter("other")], doc: "Not identity.") { args in
                .bool(!interpreter.identical(receiver, args["other"]))
            })
        case "__hash__":
            return .builtin(Builtin("__hash__", owner: "object", doc: "Identity hash.") { _ in
                .int((try? HashKey(receiver).hashValue) ?? 0)
            })
        case "__setattr__":
            return .builtin(Builtin("__setattr__", owner: "object", [Parameter("name", .str), Parameter("value")], doc: "Set an attribute.") { args in
                if case .host(let host) = receiver, let instance = host as? Instance {
                    try interpreter.setInstanceAttribute(instance, try args.string("name"), args["value"], bypassingHook: true)
                } else {
                    try interpreter.setAttribute(receiver, try args.string("name"), args["value"])
                }
                return .none
            })
        case "__getattribute__":
            return .builtin(Builtin("__getattribute__", owner: "object", [Parameter("name", .str)], doc: "Get an attribute.") { args in
                try interpreter.getAttribute(receiver, try args.string("name"), range: nil)
            })
        case "__init_subclass__":
            return .builtin(Builtin("__init_subclass__", owner: "object", [.keywords("kwargs")], doc: "Does nothing.") { _ in .none })
        default:
            return nil
        }
    }
}
