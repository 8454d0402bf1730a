/// The built-ins of classes: `property`, `staticmethod`, `classmethod`, `super`, `issubclass`, `vars`,
/// `NotImplemented`, and `object()`.
enum ClassBuiltins {
    static func install(into interpreter: Interpreter) {
        interpreter.registerGlobal("NotImplemented", .host(NotImplementedObject.shared))
        interpreter.registerGlobal("Ellipsis", .host(EllipsisObject.shared))
        TypeObject.objectType.constructor = Builtin("object", doc: "A new featureless object (a unique sentinel).",
                                                    example: "MISSING = object()") { _ in
            .host(Instance(type: .objectType))
        }
    }

    static let table: [Builtin] = [
        Builtin("property", [.optional("fget"), .optional("fset"), .optional("fdel"), .optional("doc")],
                doc: "A computed attribute: @property above a method, @name.setter above its setter.",
                example: "@property\ndef area(self): return self.w * self.h") { args in
            .host(PropertyObject(getter: args["fget"], setter: args["fset"], deleter: args["fdel"], doc: args["doc"]))
        },
        Builtin("staticmethod", [Parameter("function", .callable)], doc: "A method that takes no self (@staticmethod).",
                example: "@staticmethod\ndef parse(text): ...") { args in .host(StaticMethodObject(args["function"])) },
        Builtin("classmethod", [Parameter("function", .callable)], doc: "A method that gets the class as cls (@classmethod).",
                example: "@classmethod\ndef from_text(cls, text): return cls(text.split())") { args in
            .host(ClassMethodObject(args["function"]))
        },
        Builtin("super", [.optional("type"), .optional("object")],
                doc: "The parent classes' methods: super().__init__(...) inside a method.",
                example: "super().__init__(name)") { args in
            guard case .type(let type) = args["type"] else {
                throw ScriptError(.runtimeError, "super(): no arguments",
                                  help: "call super() directly inside a method defined in a class, or pass super(Class, self)")
            }
            let receiver = args["object"]
            let receiverType: TypeObject
            if case .type(let t) = receiver { receiverType = t } else { receiverType = args.context.interpreter.typeOf(receiver) }
            guard receiverType.isSubtype(of: type) else {
                throw ScriptError(.typeError, "super(type, obj): obj must be an instance or subtype of type")
            }
            return .host(SuperObject(start: type, receiver: receiver, receiverType: receiverType))
        },
        Builtin("issubclass", [Parameter("cls"), Parameter("classinfo")],
                doc: "True when cls derives from the class (or one in a tuple of classes).",
                example: "issubclass(KeyError, LookupError)  # True") { args in
            guard case .type(let type) = args["cls"] else {
                throw ScriptError(.typeError, "issubclass() arg 1 must be a class")
            }
            for candidate in args["classinfo"].sequenceItems ?? [args["classinfo"]] {
                switch candidate {
                case .type(let other):
                    if type.isSubtype(of: other) { return .bool(true) }
                case .builtin(let constructor):
                    if type.mro.contains(where: { $0.hostConstructor === constructor }) { return .bool(true) }
                default:
                    throw ScriptError(.typeError, "issubclass() arg 2 must be a class or tuple of classes")
                }
            }
            return .bool(false)
        },
 Builtin("delattr", [Parameter("object"), Parameter("name", .str)], doc: "Delete the attribute named name.",
                example: "delattr(obj, 'cache')") { args in
            try args.context.interpreter.deleteAttribute(args["object"], try args.string("name"))
            return .none
        },
        Builtin("vars", [Parameter("object")], doc: "The attribute dict of an object.", example: "vars(point)  # {'x': 1, 'y': 2}") { args in
            switch args["object"] {
            case .host(let host):
                if let instance = host as? Instance { return .dict(instance.attributes) }
            case .type(let type):
                if let namespace = type.namespace { return .dict(namespace.copy()) }
            case .module(let module):
                return .dict(module.members)
            case .exception(let exception):
                return .dict(exception.attributes)
            default:
                break
            }
            throw ScriptError(.typeError, "vars() argument must have __dict__ attribute")
        },
    ]
}

extension Interpreter {
    /// `super()` inside a method: the class it was defined in (its `__class__` cell) and its first argument.
    func zeroArgumentSuper(_ frame: Frame) throws -> Value {
        guard let function = frame.function, let type = function.classCell?.type,
              let first = function.decl.parameters.first, let receiver = frame.scope?.get(first.name) else {
            throw ScriptError(.runtimeError, "super(): no arguments",
                              help: "call super() directly inside a method defined in a class body, or write super(Class, self)")
        }
        let receiverType: TypeObject
        if case .type(let t) = receiver { receiverType = t } else { receiverType = typeOf(receiver) }
        return .host(SuperObject(start: type, receiver: receiver, receiverType: receiverType))
    }

    /// `isinstance(x, Trainer)` where `Trainer` is a host constructor: nil when `classinfo` is not one.
    func isHostClassInstance(_ value: Value, _ classinfo: Value) -> Bool? {
        switch classinfo {
        case .builtin(let constructor):
            if case .host(let host) = value {
                if let instance = host as? Instance {
                    return instance.type.mro.contains { $0.hostConstructor === constructor }
                }
                return host.typeName == constructor.name
            }
            return false
        case .host(let host):
            guard let provider = host as? HostClassProvider else { return nil }
            return isInstance(value, provider.subclassableType)
        default:
            return nil
        }
    }

    /// `next(x)` for host values: generators and instances with `__next__`.
    func nextFunction(_ host: any HostObject) throws -> (() throws -> Value?)? {
        if let generator = host as? GeneratorObject { return { try generator.next() } }
        if let iterator = host as? NativeIterator { return { try iterator.nextItem() } }
        guard let instance = host as? Instance else { return nil }
        guard let method = specialMethod(instance, "__next__") else {
            throw ScriptError(.typeError, "'\(instance.type.name)' object is not an iterator",
                              help: "define __next__(self) in the class, or wrap it with iter(...) first")
        }
        return {
            do {
                return try self.callValue(method, [], [], range: nil)
            } catch let error as ScriptError where error.exception.type.isSubtype(of: .stopIteration) {
                return nil
            }
        }
    }
}
