/// `import typing` and `from __future__ import annotations`: accepted so annotated code runs unchanged.
/// Annotations are not checked; the typing names are placeholders that can be subscripted
/// (`Optional[int]`, `Dict[str, List[float]]`) and printed.
enum TypingModule {
    /// A typing name such as `List` or `Optional[int]`.
    final class Alias: HostObject {
        let name: String
        init(_ name: String) { self.name = name }
        var typeName: String { "_GenericAlias" }
        func repr() -> String { "typing.\(name)" }
        func getItem(_ key: Value, context: CallContext) throws -> Value {
            let inner = (key.sequenceItems.map { $0 } ?? [key]).map { item -> String in
                switch item {
                case .type(let t): return t.name
                case .host(let a as Alias): return a.repr()
                case .none: return "None"
                default: return Repr.repr(item)
                }
            }
            return .host(Alias("\(name)[\(inner.joined(separator: ", "))]"))
        }
        func asCallable() -> Builtin? {
            // TypeVar("T"), NewType("UserId", int): return a placeholder named by the first argument.
            Builtin(name, owner: "typing", [.variadic("args"), .keywords("kwargs")], doc: "A typing placeholder.") { args in
                if self.name == "NewType", args.variadic.count == 2 { return args.variadic[1] }
                return .host(Alias(args.variadic.first?.stringValue ?? self.name))
            }
        }
    }

    static let names = ["Any", "List", "Dict", "Tuple", "Set", "FrozenSet", "Optional", "Union", "Callable", "Iterable", "Iterator",
                        "Generator", "Sequence", "Mapping", "MutableMapping", "Type", "TypeVar", "Literal", "Final", "ClassVar",
                        "NewType", "Protocol", "Generic", "Annotated", "Deque", "DefaultDict", "Counter", "OrderedDict", "NoReturn", "TypedDict",
                        "NamedTuple", "Self", "Never", "TypeAlias", "ParamSpec", "Concatenate"]

    static let table = ModuleTable(name: "typing", doc: "Type hints (accepted and not checked).", builtins: [
        Builtin("cast", owner: "typing", [Parameter("typ"), Parameter("val")], doc: "val, unchanged.", example: "cast(int, x)") { args in args["val"] },
        Builtin("overload", owner: "typing", [Parameter("func")], doc: "func, unchanged.") { args in args["func"] },
        Builtin("get_type_hints", owner: "typing", [Parameter("obj")], doc: "Annotations are not kept: an empty dict.") { _ in .dict([]) },
    ], constants: names.map { ($0, Value.host(Alias($0))) } + [("TYPE_CHECKING", .bool(false))])

    static let futureTable = ModuleTable(name: "__future__", doc: "Accepted for compatibility; every feature is already on.", builtins: [],
                                         constants: ["annotations", "division", "print_function", "absolute_import", "generator_stop", "unicode_literals"]
                                            .map { ($0, Value.bool(true)) })
}
