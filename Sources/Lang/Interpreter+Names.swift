/// Reading, binding and deleting names; assignment targets and unpacking.
extension Interpreter {
    func lookup(_ name: String, _ frame: Frame, range: SourceRange) throws -> Value {
        if let scope = frame.scope, !scope.globalNames.contains(name) {
            if let value = scope.get(name) { return value }
            if scope.localNames.contains(name) {
                throw ScriptError(.unboundLocalError, "local variable '\(name)' referenced before assignment",
                                  help: "assign '\(name)' before this line, or declare 'global \(name)' if you mean the global")
            }
            var outer = scope.parent
            while let s = outer {
                if let value = s.get(name) { return value }
                outer = s.parent
            }
        }
        if let value = frame.globals.get(name) { return value }
        if let value = builtins[name] { return value }
        throw nameError(name, frame)
    }

    func nameError(_ name: String, _ frame: Frame) -> ScriptError {
        var candidates = Array(builtins.keys) + frame.globals.keys.compactMap(\.stringValue)
        var scope = frame.scope
        while let s = scope {
            candidates += s.boundNames
            scope = s.parent
        }
        let message = "name '\(name)' is not defined"
        var help: String?
        let suggestion = Suggest.closest(to: name, among: candidates)
        if suggestion == nil, let module = moduleProviding(name) {
            help = "import it first: from \(module) import \(name)"
        }
        if ["true", "false", "null", "none", "nil"].contains(name) {
            help = "Python spells these True, False and None"
        }
        return ScriptError(.nameError, message, help: help, suggestion: suggestion)
    }

    /// A registered module that defines `name`, for "import it first" hints.
    private func moduleProviding(_ name: String) -> String? {
        for (moduleName, table) in moduleTables.sorted(by: { $0.key < $1.key })
        where table.builtins.contains(where: { $0.name == name }) || table.constants.contains(where: { $0.name == name }) {
            return moduleName
        }
        if moduleTables[name] != nil || languageModules[name] != nil { return nil }
        return nil
    }

    func store(_ name: String, _ value: Value, _ frame: Frame) {
        guard let scope = frame.scope else {
            frame.globals.set(name, value)
            return
        }
        if scope.globalNames.contains(name) {
            frame.globals.set(name, value)
        } else if scope.nonlocalNames.contains(name) {
            var outer = scope.parent
            while let s = outer {
                if s.get(name) != nil || s.localNames.contains(name) {
                    s.set(name, value)
                    return
                }
                outer = s.parent
            }
            frame.globals.set(name, value)
        } else {
            if let body = scope.classBody, scope.get(name) == nil { body.order.append(name) }
            scope.set(name, value)
        }
    }

    /// `(name := value)`: binds in the innermost scope that is not a comprehension's own (as in Python,
    /// `[y for x in xs if (y := f(x))]` leaves `y` in the function or module around it).
    func assignNamed(_ target: Expr, _ value: Value, _ frame: Frame) throws {
        guard case .name(let name) = target.kind else { return try assign(target, value, frame) }
        var scope = frame.scope
        while let s = scope, s.isComprehension { scope = s.parent }
        if scope === frame.scope {
            writeName(target, name, value, frame)
        } else {
            store(name, value, scope ?? Frame(globals: frame.globals))
        }
    }

    func unbind(_ name: String, _ frame: Frame) {
        if let scope = frame.scope, !scope.globalNames.contains(name) {
            scope.remove(name)
        } else {
            _ = try? frame.globals.remove(.str(name))
        }
    }

    /// Bind `value` to an assignment target: a name, attribute, subscript, or (nested) tuple/list with
    /// at most one starred name.
    func assign(_ target: Expr, _ value: Value, _ frame: Frame) throws {
        switch target.kind {
        case .name(let name):
            writeName(target, name, value, frame)
        case .attribute(let baseExpr, let name, _):
            let base = try evaluate(baseExpr, frame)
            if case .host(let host) = base, let instance = host as? Instance {
                if cachedInstanceWrite(target, instance, name, value) { return }
                try writeInstanceAttribute(target, instance, name, value)
                return
            }
            try setAttribute(base, name, value)
        case .subscription(let baseExpr, let indexExpr):
            let base = try evaluate(baseExpr, frame)
            try setItem(base, try evaluate(indexExpr, frame), value)
        case .tuple(let targets), .list(let targets):
            try unpack(targets, value, frame)
        case .starred:
            throw ScriptError(.syntaxError, "starred assignment target must be in a list or tuple")
        default:
            throw ScriptError(.syntaxError, "cannot assign to this expression")
        }
    }

    private func unpack(_ targets: [Expr], _ value: Value, _ frame: Frame) throws {
        let items: [Value]
        switch value {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        default:
            guard isIterable(value) else {
                throw ScriptError(.typeError, "cannot unpack non-iterable \(value.typeName) object",
                                  notes: ["the right side must hold \(targets.count) values, e.g. a tuple"])
            }
            items = try collect(value)
        }
        let starIndex = targets.firstIndex { if case .starred = $0.kind { return true }; return false }
        if let star = starIndex {
            let after = targets.count - star - 1
            guard items.count >= targets.count - 1 else {
                throw ScriptError(.valueError, "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))")
            }
            for i in 0..<star { try assign(targets[i], items[i], frame) }
            if case .starred(let inner) = targets[star].kind {
                try assign(inner, .list(ListObject(Array(items[star..<(items.count - after)]))), frame)
            }
            for i in 0..<after { try assign(targets[star + 1 + i], items[items.count - after + i], frame) }
            return
        }
        if items.count != targets.count {
            let message = items.count > targets.count
                ? "too many values to unpack (expected \(targets.count), got \(items.count))"
                : "not enough values to unpack (expected \(targets.count), got \(items.count))"
            throw ScriptError(.valueError, message)
        }
        for (target, item) in zip(targets, items) { try assign(target, item, frame) }
    }

    func delete(_ target: Expr, _ frame: Frame) throws {
        switch target.kind {
        case .name(let name):
            if let scope = frame.scope, !scope.globalNames.contains(name) {
                guard scope.remove(name) != nil else { throw nameError(name, frame) }
            } else {
                guard try frame.globals.remove(.str(name)) != nil else { throw nameError(name, frame) }
            }
        case .subscription(let baseExpr, let indexExpr):
            try deleteItem(try evaluate(baseExpr, frame), try evaluate(indexExpr, frame))
        case .tuple(let items), .list(let items):
            for item in items { try delete(item, frame) }
        case .attribute(let baseExpr, let name, _):
            try deleteAttribute(try evaluate(baseExpr, frame), name)
        default:
            throw ScriptError(.syntaxError, "cannot delete this expression")
        }
    }
}
