/// The syntax tree. Every node is a class holding its kind and its exact `SourceRange`, so the
/// interpreter can point at any sub-expression when something goes wrong.
final class Expr {
    let kind: ExprKind
    let range: SourceRange
    /// Inline cache for module-level names: the globals dict, its layout version and the slot.
    var cachedOwner: ObjectIdentifier?
    var cachedVersion = 0
    var cachedSlot = 0
    /// Inline cache for method lookups on built-in types (`counts.get`): the type name and the method.
    var cachedMethodType: String?
    var cachedMethod: Builtin?
    /// Inline cache for names inside a function: what `cachedSlot` means (see `NameCache`), the
    /// layout a local slot belongs to, and a built-in's value with the globals' key count it was checked at.
    var nameCache = NameCache.none
    var cachedLayout: ScopeLayout?
    var cachedBuiltin: Value?
    var cachedCount = 0
    var cachedBuiltinsVersion = 0
    /// Inline cache for `instance.method(...)`: the class, its `classEpoch` and the function found (nil: none).
    var cachedMethodOwner: ObjectIdentifier?
    var cachedMethodEpoch = 0
    var cachedFunction: Function?
    /// For a comprehension or generator expression: the slots of its own scope (built on first run).
    var comprehensionLayout: ScopeLayout?
    /// For a call whose arguments are all positional: their expressions (set on first run);
    /// `hasKeywordArguments` once a call was seen to have keywords, `*` or `**`.
    var plainArguments: [Expr]?
    var hasKeywordArguments = false

    init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

extension Expr {
    /// The range of the name in `base.name` (the whole node for any other kind). Read only where an
    /// error may need it: binding it in every match of the case would retain its source text each time.
    var attributeNameRange: SourceRange {
        if case .attribute(_, _, let nameRange) = kind { return nameRange }
        return range
    }
}

/// What a name node's inline cache holds.
enum NameCache: UInt8 {
    case none
    /// A local of the function whose layout is `cachedLayout`, at `cachedSlot`.
    case local
    /// A module-level name: slot `cachedSlot` of the globals dict `cachedOwner` at `cachedVersion`.
    case global
    /// A built-in (`len`, `range`): `cachedBuiltin`, valid while the globals dict `cachedOwner` has
    /// the same keys (`cachedVersion`, `cachedCount`) and the built-ins did not change.
    case builtin
}

indirect enum ExprKind {
    case constant(Value)
    case fstring([FStringPart])
    case name(String)
    case list([Expr])
    case tuple([Expr])
    /// `{k: v, **other}`: a nil key marks a `**other` spread.
    case dict([(key: Expr?, value: Expr)])
    case set([Expr])
    case starred(Expr)
    case attribute(Expr, name: String, nameRange: SourceRange)
    case subscription(Expr, index: Expr)
    case slice(lower: Expr?, upper: Expr?, step: Expr?)
    case call(Expr, [CallArgument])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    /// `a < b <= c`: the first operand and each (operator, operand) after it.
    case compare(Expr, [(CompareOperator, Expr)])
    case conditional(condition: Expr, then: Expr, otherwise: Expr)
    case lambda(FunctionDecl)
    case listComprehension(Expr, [ComprehensionClause])
    case setComprehension(Expr, [ComprehensionClause])
    case dictComprehension(key: Expr, value: Expr, [ComprehensionClause])
    /// A lazy generator expression: its clauses run one item at a time as the iterator is advanced.
    case generator(Expr, [ComprehensionClause])
    /// `yield value` (nil for a bare `yield`) inside a generator function.
    case yield(Expr?)
    /// `yield from iterable`.
    case yieldFrom(Expr)
    /// `(name := value)`: binds `name` in the enclosing function (never in a comprehension's own scope).
    case named(Expr, value: Expr)
}

enum FStringPart {
    case literal(String)
    case field(Expr, conversion: Character?, spec: [FStringPart]?, selfDocumenting: String?)
}

struct CallArgument {
    enum Kind {
        case positional
        case keyword(String)
        case star
        case doubleStar
    }
    let kind: Kind
    let value: Expr
    let range: SourceRange
}

/// `for target in iterable if condition...` inside a comprehension.
struct ComprehensionClause {
    let target: Expr
    let iterable: Expr
    let conditions: [Expr]
}

enum UnaryOperator: String {
    case negate = "-", plus = "+", not = "not", invert = "~"
}

enum BinaryOperator: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%", power = "**"
    case matmul = "@", bitAnd = "&", bitOr = "|", bitXor = "^", shiftLeft = "<<", shiftRight = ">>"
}

enum CompareOperator: String {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in` = "in", notIn = "not in", `is` = "is", isNot = "is not"
}

final class Stmt {
    let kind: StmtKind
    let range: SourceRange

    init(_ kind: StmtKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// `indirect`: a statement's payload sits in one box, so matching a case borrows its fields from the box
/// instead of copying (and retaining) each of them, as for `ExprKind`.
indirect enum StmtKind {
    case expression(Expr)
    /// `a = b = value`: every target gets the value.
    case assign(targets: [Expr], value: Expr)
    case augmentedAssign(Expr, BinaryOperator, Expr)
    /// `x: int = 3`: the annotation is ignored, except in a class body (`__annotations__`, for dataclasses).
    case annotatedAssign(Expr, annotation: Expr, value: Expr?)
    case ifStatement(branches: [(condition: Expr, body: [Stmt])], otherwise: [Stmt]?)
    case whileLoop(condition: Expr, body: [Stmt], otherwise: [Stmt]?)
    case forLoop(target: Expr, iterable: Expr, body: [Stmt], otherwise: [Stmt]?)
    case breakLoop
    case continueLoop
    case pass
    case returnValue(Expr?)
    case functionDef(FunctionDecl)
    case classDef(ClassDecl)
    case delete([Expr])
    case assert(Expr, message: Expr?)
    case tryStatement(body: [Stmt], handlers: [ExceptHandler], otherwise: [Stmt]?, finally: [Stmt]?)
    case raise(Expr?, cause: Expr?)
    case with(items: [(context: Expr, target: Expr?)], body: [Stmt])
    case importModules([ImportName])
    case importFrom(module: String, names: [ImportName], moduleRange: SourceRange)
    case global([String])
    case nonlocal([String])
    /// `match subject:` with its `case` blocks, tried in order (see `Pattern`).
    case match(subject: Expr, cases: [MatchCase])
}

/// One `case pattern [if guard]:` block of a `match` statement.
struct MatchCase {
    let pattern: Pattern
    let guardExpr: Expr?
    let body: [Stmt]
}

/// A structural pattern (PEP 634), with its range for error messages.
final class Pattern {
    indirect enum Kind {
        /// A literal (`1`, `-2.5`, `"a"`, `None`, `True`) or a dotted value (`Color.RED`): compared with
        /// `==` (`is` for `None`, `True`, `False`).
        case value(Expr, identity: Bool)
        /// A bare name: always matches and binds it.
        case capture(String)
        case wildcard
        /// `[a, *rest, b]` or `(a, b)`: a list, tuple or range of matching length.
        case sequence([Pattern])
        /// `*name` (nil for `*_`) inside a sequence pattern.
        case star(String?)
        /// `{"key": pattern, **rest}`.
        case mapping([(key: Expr, pattern: Pattern)], rest: String?)
        /// `Point(x, y=0)`: an isinstance check, then positional (through `__match_args__`) and keyword attributes.
        case classPattern(Expr, positional: [Pattern], keywords: [(name: String, pattern: Pattern)])
        case or([Pattern])
        case asPattern(Pattern, name: String)
    }
    let kind: Kind
    let range: SourceRange

    init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The names a successful match binds.
    var boundNames: [String] {
        switch kind {
        case .value, .wildcard, .star(nil): return []
        case .capture(let name), .star(let name?): return [name]
        case .sequence(let items), .or(let items): return items.flatMap(\.boundNames)
        case .mapping(let entries, let rest): return entries.flatMap(\.pattern.boundNames) + (rest.map { [$0] } ?? [])
        case .classPattern(_, let positional, let keywords): return positional.flatMap(\.boundNames) + keywords.flatMap(\.pattern.boundNames)
        case .asPattern(let inner, let name): return inner.boundNames + [name]
        }
    }

    /// True when the pattern matches every subject (a capture or `_`, possibly inside `|` or `as`).
    var isIrrefutable: Bool {
        switch kind {
        case .capture, .wildcard: return true
        case .or(let items): return items.contains { $0.isIrrefutable }
        case .asPattern(let inner, _): return inner.isIrrefutable
        default: return false
        }
    }
}

struct ExceptHandler {
    let type: Expr?
    let name: String?
    let body: [Stmt]
    let range: SourceRange
}

/// `a.b as c` in an import; `name == "*"` for `from m import *`.
struct ImportName {
    let name: String
    let alias: String?
    let range: SourceRange
}

struct ParameterDecl {
    enum Kind {
        case normal
        /// Before `/`: passed by position only.
        case positionalOnly
        case keywordOnly
        case variadic
        case variadicKeywords
    }
    let name: String
    let kind: Kind
    let defaultValue: Expr?
    let range: SourceRange
}

/// A `def` or `lambda`, with the scope facts the interpreter needs (computed once by the parser).
final class FunctionDecl {
    let name: String
    let parameters: [ParameterDecl]
    let body: [Stmt]
    let range: SourceRange
    /// Names assigned in the body (so local), minus those declared `global`/`nonlocal`.
    var localNames: Set<String> = []
    /// `@decorator` expressions written above the `def`, outermost first.
    var decorators: [Expr] = []
    /// True when the body contains `yield`: calling it makes a generator.
    var isGenerator = false
    var globalNames: Set<String> = []
    var nonlocalNames: Set<String> = []
    /// Names bound by `:=` anywhere in the body (comprehensions included): locals of this function.
    var walrusNames: Set<String> = []
    /// The slots of a call's locals: parameters first, then the other local names.
    lazy var layout = ScopeLayout(parameters: parameters.map(\.name), locals: localNames)
    /// The names a call's scope checks (set up once, after `ScopeAnalysis` filled them in).
    lazy var scopeNames = ScopeNames(local: localNames, global: globalNames, nonlocal: nonlocalNames)
    /// Frames of finished calls kept for the next calls (`Interpreter.newFrame`, `recycle`).
    var spareFrames: [Frame] = []

    init(name: String, parameters: [ParameterDecl], body: [Stmt], range: SourceRange) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.range = range
    }
}

/// A `class Name(bases, keyword=...):` statement with its decorators.
final class ClassDecl {
    let name: String
    let bases: [Expr]
    let keywords: [CallArgument]
    let body: [Stmt]
    let range: SourceRange
    var decorators: [Expr] = []

    init(name: String, bases: [Expr], keywords: [CallArgument], body: [Stmt], range: SourceRange) {
        self.name = name
        self.bases = bases
        self.keywords = keywords
        self.body = body
        self.range = range
    }
}
