/// Metaclasses, the part CPython scripts and the `enum` module use: `class C(metaclass=M)` where `M`
/// derives from `type`. `M.__init__(cls, name, bases, namespace)` runs when `C` (or a subclass) is
/// created, and `M`'s `__call__ __iter__ __len__ __contains__ __getitem__ __repr__ __str__` serve
/// `C(...)`, `for x in C`, `len(C)`, `x in C`, `C[key]`, `repr(C)`, `str(C)`. `object.__new__(cls)`
/// makes an instance without running `__init__`.
extension Interpreter {
    /// The metaclass a class header names (`metaclass=M`), checked: a class written in the language deriving from `type`.
    func explicitMetaclass(_ value: Value) throws -> TypeObject {
        guard case .type(let meta) = value, meta.isUserClass, meta.mro.contains(where: { $0 === TypeObject.typeType }) else {
            throw ScriptError(.notImplementedError, "metaclass=\(Repr.repr(value)) is not supported in lorarepl",
                              help: "a metaclass must be a class deriving from type (class Meta(type): ...); or use a class decorator")
        }
        return meta
    }

    /// Give a new class its metaclass (named or inherited) and run the metaclass's `__init__`.
    func applyMetaclass(_ type: TypeObject, explicit: TypeObject?, bases: [TypeObject], namespace: DictObject) throws {
        guard let meta = explicit ?? bases.lazy.compactMap(\.metaclass).first else { return }
        type.metaclass = meta
        guard let initializer = meta.lookup("__init__") else { return }
        _ = try callValue(initializer, [.type(type), .str(type.name), .tuple(bases.map { .type($0) }), .dict(namespace)], [], range: nil)
    }

    /// The metaclass method `name` for a class value (nil when it has no metaclass or the metaclass lacks it).
    func metaclassMethod(_ value: Value, _ name: String) -> Value? {
        guard case .type(let type) = value, let meta = type.metaclass else { return nil }
        return meta.lookup(name)
    }

    /// Call the metaclass method `name` with the class as its first argument.
    func callMetaclassMethod(_ method: Value, _ cls: Value, _ arguments: [Value], _ keywords: [(String, Value)] = [],
                             range: SourceRange? = nil) throws -> Value {
        try callValue(method, [cls] + arguments, keywords, range: range)
    }

    /// `object.__new__(cls)`: an instance of a class written in the language, without running `__init__`.
    var objectNew: Builtin {
        Builtin("__new__", owner: "object", [Parameter("cls", kind: .positionalOnly), .variadic("args"), .keywords("kwargs")],
                doc: "A new instance of cls; __init__ is not run.") { args in
            guard case .type(let type) = args[position: 0], type.isUserClass, !type.isExceptionType else {
                throw ScriptError(.typeError, "object.__new__(X): X must be a class defined in the script, not \(args[position: 0].typeName)")
            }
            return .host(Instance(type: type))
        }
    }
}

extension Interpreter {
    /// A typing name in a class header: `NamedTuple`/`TypedDict` (the classes of `_typing`), or nil for
    /// `Generic[T]`/`Protocol`, which add nothing at run time.
    func typingBase(_ alias: TypingModule.Alias) throws -> Value? {
        if alias.name == "NamedTuple" || alias.name == "TypedDict" {
            return try loadModule("_typing", range: nil).members.get(alias.name)
        }
        if ["Generic", "Protocol"].contains(where: { alias.name == $0 || alias.name.hasPrefix($0 + "[") }) { return nil }
        throw ScriptError(.typeError, "cannot derive a class from typing.\(alias.name)",
                          help: "derive from a class; typing names are for annotations")
    }

    /// `class Color(str, Enum)`: a built-in `int`/`str`/`float` base is replaced by the stand-in class the
    /// other bases' metaclass lists in `_builtin_mixins_` (enum's `_StrMixin`); without one it is the usual
    /// "subclassing a built-in type" error.
    func substituteBuiltinMixins(_ decl: ClassDecl, _ bases: [TypeObject], _ frame: Frame) throws -> [TypeObject] {
        guard bases.contains(where: { !$0.isUserClass && $0.hostConstructor == nil && ["int", "str", "float"].contains($0.name) }) else { return bases }
        let mixins = bases.lazy.compactMap(\.metaclass).first?.lookup("_builtin_mixins_")
        return try zip(bases, decl.bases).map { base, expr in
            guard !base.isUserClass, base.hostConstructor == nil, ["int", "str", "float"].contains(base.name) else { return base }
            if case .dict(let table)? = mixins, case .type(let mixin)? = try table.get(.str(base.name)) { return mixin }
            let error = ScriptError(.notImplementedError, "subclassing the built-in type '\(base.name)' is not supported in lorarepl",
                                    help: "keep a \(base.name) in an attribute instead (self.value = \(base.name)(...))")
            error.exception.range = expr.range
            throw error
        }
    }
}
