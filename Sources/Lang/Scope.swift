/// The local variables of one function call (or one comprehension), linked to the enclosing
/// function's scope for closures.
final class Scope {
    var variables: [String: Value] = [:]
    let parent: Scope?
    let localNames: Set<String>
    let globalNames: Set<String>
    let nonlocalNames: Set<String>
    /// Set for the body of a `class` statement: the names it binds in order, its annotations, and the
    /// cell its methods read `super()`'s class from.
    var classBody: ClassBodyState?

    init(parent: Scope?, localNames: Set<String>, globalNames: Set<String> = [], nonlocalNames: Set<String> = []) {
        self.parent = parent
        self.localNames = localNames
        self.globalNames = globalNames
        self.nonlocalNames = nonlocalNames
    }
}

/// What a statement or expression runs in: the module globals, the local scope (nil at module level)
/// and the function name for tracebacks.
final class Frame {
    let globals: DictObject
    let scope: Scope?
    let name: String
    /// The function this frame runs (for zero-argument `super()`), nil at module level.
    var function: Function?
    /// The generator this frame runs in, for `yield`.
    var generator: GeneratorCore?

    init(globals: DictObject, scope: Scope?, name: String) {
        self.globals = globals
        self.scope = scope
        self.name = name
    }
}

/// A function written in the language, with its defaults (evaluated once, at `def` time, as in Python)
/// and the scope it closes over.
public final class Function {
    let decl: FunctionDecl
    /// The signature as the argument checker sees it (a host reads it to pass only the keywords a function takes).
    public let parameters: [Parameter]
    let closure: Scope?
    let globals: DictObject
    /// The function's docstring (first statement, when it is a string literal).
    public let doc: String?
    /// The class whose body defined it (CPython's `__class__` cell, for `super()`).
    var classCell: ClassCell?
    /// Attributes set on the function (`wrapper.__wrapped__ = f`, `__name__` by `functools.wraps`).
    var attributes: DictObject?

    public var name: String {
        if let attributes, case .str(let name)? = attributes.get("__name__") { return name }
        return decl.name
    }

    init(decl: FunctionDecl, parameters: [Parameter], closure: Scope?, globals: DictObject) {
        self.decl = decl
        self.parameters = parameters
        self.closure = closure
        self.globals = globals
        if let first = decl.body.first, case .expression(let expr) = first.kind, case .constant(.str(let text)) = expr.kind,
           decl.name != "<lambda>" {
            doc = text
        } else {
            doc = nil
        }
    }

    /// `name(a, b=1, *args)`.
    public var signature: String { "\(name)(\(Parameter.describe(parameters)))" }
}

/// A module's table of built-ins and constants, registered with `Interpreter.register(_:)`.
///
///     ModuleTable(name: "math", doc: "Mathematical functions.", builtins: [sqrtBuiltin, ...],
///                 constants: [("pi", .float(Double.pi))])
public struct ModuleTable {
    public let name: String
    public let doc: String
    public var builtins: [Builtin]
    public var constants: [(name: String, value: Value)]

    public init(name: String, doc: String, builtins: [Builtin], constants: [(name: String, value: Value)] = []) {
        self.name = name
        self.doc = doc
        self.builtins = builtins
        self.constants = constants
    }

    func makeModule() -> Module {
        let members = DictObject()
        for builtin in builtins { members.set(builtin.name, .builtin(builtin)) }
        for (name, value) in constants { members.set(name, value) }
        return Module(name: name, doc: doc, members: members)
    }
}

/// The class a method was defined in, filled in once the `class` statement has built it.
final class ClassCell {
    var type: TypeObject?
}

/// What executing a class body collects besides its variables.
final class ClassBodyState {
    let cell = ClassCell()
    /// Names in the order the body first bound them (the class namespace keeps this order).
    var order: [String] = []
    /// `name: annotation` lines in order (`__annotations__`, read by `dataclasses`).
    var annotations: [(String, Value)] = []
}
