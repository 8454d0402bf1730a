/// A native function declared in a registry table: name, parameters, one-line doc and an example.
/// The same declaration drives argument checking, `help(x)`, `dir(x)`, completion and `docs/builtins.md`.
///
///     Builtin("sqrt", owner: "math", [Parameter("x", .number)], doc: "Square root of x.",
///             example: "math.sqrt(16.0)  # 4.0") { args in .float(try args.double("x").squareRoot()) }
public final class Builtin {
    public let name: String
    /// The module or type it belongs to (`math`, `str`), used in messages and docs; nil for globals.
    public let owner: String?
    public let parameters: [Parameter]
    public let doc: String
    public let example: String
    let body: (Arguments) throws -> Value
    /// Per-parameter help for `?name` / `help(name)`: a group and a one-line meaning for each
    /// parameter (empty: the signature alone is shown).
    public var parameterHelp: [ParameterHelp] = []
    /// For a class constructor (`Trainer`): its methods, unbound, so `?Trainer.train` and
    /// `help(Trainer.train)` work on the class as on an instance (calling one says to use an instance).
    public var classMethods: (() -> [Builtin])?

    /// - Parameters:
    ///   - name: the name scripts call it by.
    ///   - owner: module or type name (`"math"`, `"str"`, `"Trainer"`), nil for a global.
    ///   - parameters: the signature; arguments are bound and type-checked before `body` runs.
    ///   - doc: one line for `help()` and the docs.
    ///   - example: one line of code showing a call.
    ///   - body: the implementation; it reads its bound arguments from `Arguments`.
    public init(_ name: String, owner: String? = nil, _ parameters: [Parameter] = [], doc: String, example: String = "",
                body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.owner = owner
        self.parameters = parameters
        self.doc = doc
        self.example = example
        self.body = body
        qualifiedName = owner.map { "\($0).\(name)" } ?? name
        takesPlainPositional = parameters.allSatisfy { $0.kind == .positionalOrKeyword || $0.kind == .positionalOnly }
    }

    /// True when every parameter can be filled by position (no `*args`, `**kwargs`, keyword-only).
    let takesPlainPositional: Bool

    /// A shortcut for calls with positional arguments only (see `FastPath`), set by the tables.
    private(set) var fastPath: FastPath?

    /// Give this built-in a shortcut for positional calls; the tables use it on the most called ones.
    func fast(_ path: @escaping FastPath) -> Builtin {
        fastPath = path
        return self
    }

    /// The same built-in (name, signature, docs, help) with `transform` applied to each result, e.g. a module
    /// that marks what its functions return.
    public func mappingResult(_ transform: @escaping (Value, Arguments) throws -> Value) -> Builtin {
        let original = body
        let mapped = Builtin(name, owner: owner, parameters, doc: doc, example: example) { args in try transform(try original(args), args) }
        mapped.parameterHelp = parameterHelp
        mapped.classMethods = classMethods
        return mapped
    }

    /// How messages name it: `len`, `math.sqrt`, `str.split` (built once: every call passes it to the argument checker).
    public let qualifiedName: String

    /// `round(number, ndigits=None)`.
    public var signature: String { "\(qualifiedName)(\(Parameter.describe(parameters)))" }
}

/// The help line of one parameter: which group it is listed under and what it does.
public struct ParameterHelp {
    public let name: String
    /// The heading it is listed under (`Optimisation`, `Evaluation`, …), in first-seen order.
    public let group: String
    public let meaning: String
    /// The default as shown (`5e-05`, `'linear'`); nil reads it from the signature.
    public let defaultText: String?

    public init(_ name: String, group: String, _ meaning: String, default defaultText: String? = nil) {
        (self.name, self.group, self.meaning, self.defaultText) = (name, group, meaning, defaultText)
    }

    /// The help entries of a keyword table: the `(name, group, meaning)` rows whose name is in `names`, in
    /// the table's order (with `defaultText(name)` as the shown default), then every other name in `names`
    /// under `otherGroup`, by name only.
    public static func entries(for names: [String], table: [(String, String, String)], otherGroup: String,
                               defaultText: (String) -> String? = { _ in nil }) -> [ParameterHelp] {
        var entries = table.filter { names.contains($0.0) }.map { ParameterHelp($0.0, group: $0.1, $0.2, default: defaultText($0.0)) }
        let described = Set(table.map(\.0))
        for name in names where !described.contains(name) { entries.append(ParameterHelp(name, group: otherGroup, "")) }
        return entries
    }
}

/// A native method together with the value it was looked up on (`"a b".split`).
public final class BoundMethod {
    public let receiver: Value
    public let builtin: Builtin

    public init(receiver: Value, builtin: Builtin) {
        (self.receiver, self.builtin) = (receiver, builtin)
    }
}

/// One parameter of a built-in (or of a language function, which goes through the same checker).
public struct Parameter {
    public enum Kind {
        case positionalOnly
        case positionalOrKeyword
        case keywordOnly
        /// `*args`: collects extra positional arguments into a tuple.
        case variadic
        /// `**kwargs`: collects extra keyword arguments into a dict.
        case variadicKeywords
    }

    public let name: String
    public let kind: Kind
    /// nil = required. To default to None write `default: Value.none` or use `Parameter.optional`.
    public let defaultValue: Value?
    public let type: ParameterType
    /// True for a parameter that may be left out and has no default (the body asks `isPassed`).
    public let isOmittable: Bool
    /// Other keyword names that bind to this parameter (PyTorch's `axis` for `dim`, `keepdims` for `keepdim`).
    public var aliases: [String] = []

    public init(_ name: String, _ type: ParameterType = .any, default defaultValue: Value? = nil,
                kind: Kind = .positionalOrKeyword, omittable: Bool = false) {
        (self.name, self.type, self.defaultValue, self.kind) = (name, type, defaultValue, kind)
        self.isOmittable = omittable
    }

    /// A parameter that may be left out, with no default: the body checks `args.isPassed(name)`
    /// (like `dict.pop(key[, default])`).
    public static func omittable(_ name: String, _ type: ParameterType = .any, kind: Kind = .positionalOrKeyword) -> Parameter {
        Parameter(name, type, kind: kind, omittable: true)
    }

    /// A parameter that defaults to None and accepts `type` or None.
    public static func optional(_ name: String, _ type: ParameterType = .any, kind: Kind = .positionalOrKeyword) -> Parameter {
        Parameter(name, .optional(type), default: Value.none, kind: kind)
    }

    /// A keyword-only parameter (after `*` in Python).
    public static func keyword(_ name: String, _ type: ParameterType = .any, default defaultValue: Value?) -> Parameter {
        Parameter(name, type, default: defaultValue, kind: .keywordOnly)
    }

    /// `*name`.
    public static func variadic(_ name: String, _ type: ParameterType = .any) -> Parameter {
        Parameter(name, type, kind: .variadic)
    }

    /// `**name`.
    public static func keywords(_ name: String) -> Parameter {
        Parameter(name, .any, kind: .variadicKeywords)
    }

    var isRequired: Bool { defaultValue == nil && !isOmittable && kind != .variadic && kind != .variadicKeywords }

    /// `x, y=2, *args, key=None, **kwargs`.
    static func describe(_ parameters: [Parameter]) -> String {
        var parts: [String] = []
        var sawStar = false
        for p in parameters {
            switch p.kind {
            case .variadic:
                sawStar = true
                parts.append("*\(p.name)")
            case .variadicKeywords:
                parts.append("**\(p.name)")
            case .keywordOnly:
                if !sawStar { parts.append("*"); sawStar = true }
                parts.append(p.defaultValue.map { "\(p.name)=\(Repr.repr($0))" } ?? (p.isOmittable ? "[\(p.name)]" : p.name))
            default:
                parts.append(p.defaultValue.map { "\(p.name)=\(Repr.repr($0))" } ?? (p.isOmittable ? "[\(p.name)]" : p.name))
            }
        }
        return parts.joined(separator: ", ")
    }
}

/// What a parameter accepts; checked by the one argument checker before a built-in runs.
public indirect enum ParameterType {
    case any
    case int
    /// int or float (bools count as ints, as in Python).
    case number
    case str
    case bool
    case list
    /// list or tuple.
    case sequence
    case dict
    case callable
    /// A host object whose `typeName` is this.
    case host(String)
    case optional(ParameterType)
    case oneOf([ParameterType])
    /// A string from a fixed set (e.g. `task_type`); a wrong one gets "did you mean".
    case choice([String])

    var isAny: Bool {
        if case .any = self { return true }
        return false
    }

    func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _): return true
        case (.int, .int), (.int, .bool): return true
        case (.number, .int), (.number, .float), (.number, .bool): return true
        case (.str, .str), (.bool, .bool), (.list, .list), (.dict, .dict): return true
        case (.sequence, .list), (.sequence, .tuple): return true
        case (.sequence, .host(let h)): return h.tupleItems != nil
        case (.callable, .function), (.callable, .builtin), (.callable, .boundMethod), (.callable, .type): return true
        case (.callable, .host(let h)): return h.asCallable() != nil
        case (.host(let name), .host(let h)): return h.typeName == name
        case (.optional(let inner), _): return value.isNone || inner.accepts(value)
        case (.oneOf(let types), _): return types.contains { $0.accepts(value) }
        case (.choice, .str): return true
        default: return false
        }
    }

    /// "int", "str or None", "list or tuple".
    public var description: String {
        switch self {
        case .any: return "any value"
        case .int: return "int"
        case .number: return "int or float"
        case .str: return "str"
        case .bool: return "bool"
        case .list: return "list"
        case .sequence: return "list or tuple"
        case .dict: return "dict"
        case .callable: return "a function"
        case .host(let name): return name
        case .optional(let inner): return "\(inner.description) or None"
        case .oneOf(let types): return types.map(\.description).joined(separator: " or ")
        case .choice(let values): return "one of " + values.map { "'\($0)'" }.joined(separator: ", ")
        }
    }
}

/// A built-in's shortcut for a call with positional arguments only: the interpreter, the receiver
/// (nil for plain functions) and the arguments in, the result out, without binding an `Arguments`
/// value. It returns nil whenever the arguments are not the plain case it handles (another count or
/// type, a limit reached), and the call then takes the general path, which checks the arguments and
/// raises the usual errors; so a shortcut only ever computes what the body would have returned.
typealias FastPath = (_ interpreter: Interpreter, _ receiver: Value?, _ arguments: [Value]) throws -> Value?
