/// Works out which names a function assigns (its locals), as Python does before running it: a name
/// assigned anywhere in a body is local to the whole body unless declared `global` or `nonlocal`.
enum ScopeAnalysis {
    /// The names a class body binds (its namespace), in no particular order.
    static func boundNames(_ body: [Stmt]) -> Set<String> {
        var assigned = Set<String>()
        var globals = Set<String>()
        var nonlocals = Set<String>()
        for statement in body { collect(statement, &assigned, &globals, &nonlocals) }
        return assigned.subtracting(globals).subtracting(nonlocals)
    }

    static func analyze(_ function: FunctionDecl) {
        var assigned = Set<String>()
        var globals = Set<String>()
        var nonlocals = Set<String>()
        for parameter in function.parameters { assigned.insert(parameter.name) }
        assigned.formUnion(function.walrusNames)
        for statement in function.body { collect(statement, &assigned, &globals, &nonlocals) }
        function.globalNames = globals
        function.nonlocalNames = nonlocals
        function.localNames = assigned.subtracting(globals).subtracting(nonlocals)
    }

    private static func collect(_ statement: Stmt, _ names: inout Set<String>, _ globals: inout Set<String>,
                                _ nonlocals: inout Set<String>) {
        func block(_ body: [Stmt]?) {
            for s in body ?? [] { collect(s, &names, &globals, &nonlocals) }
        }
        switch statement.kind {
        case .assign(let targets, _):
            for target in targets { targetNames(target, &names) }
        case .augmentedAssign(let target, _, _), .annotatedAssign(let target, _, _):
            targetNames(target, &names)
        case .forLoop(let target, _, let body, let otherwise):
            targetNames(target, &names)
            block(body)
            block(otherwise)
        case .whileLoop(_, let body, let otherwise):
            block(body)
            block(otherwise)
        case .ifStatement(let branches, let otherwise):
            for branch in branches { block(branch.body) }
            block(otherwise)
        case .functionDef(let decl):
            names.insert(decl.name)
        case .classDef(let decl):
            names.insert(decl.name)
        case .delete(let targets):
            for target in targets { targetNames(target, &names) }
        case .tryStatement(let body, let handlers, let otherwise, let finally):
            block(body)
            for handler in handlers {
                if let name = handler.name { names.insert(name) }
                block(handler.body)
            }
            block(otherwise)
            block(finally)
        case .with(let items, let body):
            for item in items { if let target = item.target { targetNames(target, &names) } }
            block(body)
        case .importModules(let imports):
            for item in imports {
                names.insert(item.alias ?? String(item.name.split(separator: ".").first ?? Substring(item.name)))
            }
        case .importFrom(_, let imports, _):
            for item in imports where item.name != "*" { names.insert(item.alias ?? item.name) }
        case .match(_, let cases):
            for item in cases {
                names.formUnion(item.pattern.boundNames)
                block(item.body)
            }
        case .global(let list):
            globals.formUnion(list)
        case .nonlocal(let list):
            nonlocals.formUnion(list)
        default:
            break
        }
    }

    /// Names bound by an assignment target (`a`, `a, (b, *c)`); attributes and subscripts bind none.
    static func targetNames(_ target: Expr, _ names: inout Set<String>) {
        switch target.kind {
        case .name(let name): names.insert(name)
        case .tuple(let items), .list(let items): for item in items { targetNames(item, &names) }
        case .starred(let inner): targetNames(inner, &names)
        default: break
        }
    }
}
