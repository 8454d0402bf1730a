/// The local names of a function body or comprehension mapped to array slots, fixed before it runs
/// (parameters first, in order). Name nodes cache the slot they resolved to against the layout's
/// identity, so reading or writing a local is an array access instead of a dictionary lookup.
final class ScopeLayout {
    let names: [String]
    let slotOf: [String: Int]
    let nameSet: Set<String>
    /// Every slot unbound: what a new scope starts from (copied on its first write). Copying this
    /// costs less than `Array(repeating:count:)`, whose unspecialized allocation looks up the array
    /// type's metadata at run time on every call.
    let emptySlots: [Value?]

    init(parameters: [String], locals: Set<String>) {
        var names = parameters
        var seen = Set(parameters)
        for name in locals.sorted() where !seen.contains(name) {
            names.append(name)
            seen.insert(name)
        }
        self.names = names
        var slotOf: [String: Int] = [:]
        for (i, name) in names.enumerated() { slotOf[name] = i }
        self.slotOf = slotOf
        self.nameSet = Set(names)
        emptySlots = Array(repeating: nil, count: names.count)
        ownNames = ScopeNames(local: nameSet)
    }

    /// A comprehension's scope: its own names are local, none is declared global or nonlocal.
    let ownNames: ScopeNames
}

/// The names a scope treats specially: its locals (for `UnboundLocalError`) and those declared
/// `global`/`nonlocal`. One object per function or comprehension, shared by all its calls, so a call
/// retains one reference instead of three sets.
final class ScopeNames {
    let local: Set<String>
    let global: Set<String>
    let nonlocal: Set<String>

    init(local: Set<String>, global: Set<String> = [], nonlocal: Set<String> = []) {
        self.local = local
        self.global = global
        self.nonlocal = nonlocal
    }

    /// A class body's: nothing declared, every name goes to its `extra` dictionary.
    static let none = ScopeNames(local: [])
}

/// What a statement or expression runs in: one function call (or comprehension, or class body) with
/// its local variables, or the module level (no locals). A call allocates this one object: its locals,
/// the module globals and what `super()` and `yield` need, linked to the enclosing function's frame for
/// closures. Names of the layout live in `slots` (nil: unbound); any other name (class bodies have no
/// layout) in `extra`.
final class Frame {
    let globals: DictObject
    let layout: ScopeLayout?
    var slots: [Value?]
    var extra: [String: Value] = [:]
    /// The enclosing function's (or comprehension's) frame, for closures; nil for a top-level function.
    let parent: Scope?
    let names: ScopeNames
    var localNames: Set<String> { names.local }
    var globalNames: Set<String> { names.global }
    var nonlocalNames: Set<String> { names.nonlocal }
    /// Set for the body of a `class` statement: the names it binds in order, its annotations, and the
    /// cell its methods read `super()`'s class from.
    var classBody: ClassBodyState?
    /// The function this frame runs (for zero-argument `super()`), nil at module level.
    var function: Function?
    /// The generator this frame runs in, for `yield`.
    var generator: GeneratorCore?
    private let isModuleLevel: Bool

    deinit { slots.releaseElements() }

    /// The module level of `globals`: names are globals, there is no local scope.
    init(globals: DictObject) {
        self.globals = globals
        layout = nil
        slots = []
        parent = nil
        names = .none
        isModuleLevel = true
    }

    /// A comprehension's or class body's scope inside `frame`.
    init(inside frame: Frame, layout: ScopeLayout?, names: ScopeNames) {
        globals = frame.globals
        parent = frame.scope
        self.layout = layout
        slots = layout?.emptySlots ?? []
        self.names = names
        isModuleLevel = false
    }

    /// A call of `function`, with no slot filled yet (room for every local): the caller appends the
    /// arguments, defaults and unbound locals in slot order. `Interpreter.newFrame` reuses finished ones.
    /// (`globals`, `layout`, `parent` and `names` are constants, so reading them costs no retain.)
    init(calling function: Function) {
        globals = function.globals
        parent = function.closure
        layout = function.decl.layout
        slots = []
        slots.reserveCapacity(function.decl.layout.names.count)
        names = function.decl.scopeNames
        self.function = function
        isModuleLevel = false
    }

    /// The local scope: this frame, or nil at module level.
    var scope: Scope? { isModuleLevel ? nil : self }

    /// True for the own scope of a comprehension or generator expression (its names are the layout's own).
    var isComprehension: Bool { layout.map { $0.ownNames === names } ?? false }

    /// The value bound to `name` in this scope, or nil.
    func get(_ name: String) -> Value? {
        if let layout, let slot = layout.slotOf[name] { return slots[slot] }
        return extra.isEmpty ? nil : extra[name]
    }

    func set(_ name: String, _ value: Value) {
        if let layout, let slot = layout.slotOf[name] {
            slots[slot] = value
        } else {
            extra[name] = value
        }
    }

    /// Unbind `name`; returns the value it had, or nil when it was not bound.
    @discardableResult
    func remove(_ name: String) -> Value? {
        if let layout, let slot = layout.slotOf[name] {
            defer { slots[slot] = nil }
            return slots[slot]
        }
        return extra.removeValue(forKey: name)
    }

    /// Every name bound in this scope (for "did you mean" suggestions).
    var boundNames: [String] {
        var names = Array(extra.keys)
        if let layout {
            for (i, name) in layout.names.enumerated() where slots[i] != nil { names.append(name) }
        }
        return names
    }
}

/// A frame seen as the local variables closures and name lookups walk through (`Frame.scope`, `parent`).
typealias Scope = Frame

extension Interpreter {
    /// The most finished call frames kept per function definition (enough for the calls a loop or a
    /// recursion makes one after another).
    static let spareFrameLimit = 8

    /// A frame for a call of `function` with empty slots: a finished call's frame of the same `def` when
    /// one is kept, so a call allocates neither the frame nor its slot storage.
    @inline(__always)
    func newFrame(_ function: Function) -> Frame {
        if let frame = function.decl.spareFrames.last, function.closure == nil, frame.globals === function.globals {
            function.decl.spareFrames.removeLast()
            frame.function = function
            return frame
        }
        return Frame(calling: function)
    }

    /// Keep the frame of a finished call of `function` for its next call when nothing else holds it: no
    /// closure, generator or generator expression created by the call captured it. Its locals are
    /// released now, as they would be with the frame. Only functions without a closure keep frames (a
    /// kept frame must not keep an enclosing call's variables alive), and a kept frame does not hold
    /// its function.
    @inline(__always)
    func recycle(_ frame: inout Frame, of function: Function) {
        guard function.closure == nil, function.decl.spareFrames.count < Self.spareFrameLimit, frame.extra.isEmpty,
              frame.generator == nil, isKnownUniquelyReferenced(&frame) else { return }
        // Releases the locals and keeps the storage (`removeAll(keepingCapacity:)` destroys them through
        // the generic `replaceSubrange`, 8% of a method-heavy script's instructions).
        frame.slots.releaseElements()
        frame.function = nil
        function.decl.spareFrames.append(frame)
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

    /// CPython's `__qualname__`: `Trainer.step` for a method written in a class body, else the name
    /// (argument errors name it so, as CPython does).
    public var qualifiedName: String {
        if let attributes, case .str(let qualified)? = attributes.get("__qualname__") { return qualified }
        if let type = classCell?.type { return "\(type.name).\(name)" }
        return name
    }

    /// True when every parameter is a plain positional(-or-keyword) one (no `*args`, `**kwargs`,
    /// keyword-only), so a call with positional arguments only fills the slots directly.
    let isSimplePositional: Bool
    /// One past the last parameter without a default (every parameter after it has one).
    let requiredCount: Int

    init(decl: FunctionDecl, parameters: [Parameter], closure: Scope?, globals: DictObject) {
        self.decl = decl
        self.parameters = parameters
        isSimplePositional = parameters.allSatisfy { $0.kind == .positionalOrKeyword || $0.kind == .positionalOnly }
            && Array(decl.layout.names.prefix(parameters.count)) == parameters.map(\.name)
        requiredCount = (parameters.lastIndex { $0.defaultValue == nil } ?? -1) + 1
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
