/// Running a `match` statement: patterns tried in order, with CPython's rules (PEP 634).
extension Interpreter {
    func executeMatch(_ subjectExpr: Expr, _ cases: [MatchCase], _ frame: Frame) throws -> Flow {
        let subject = try evaluate(subjectExpr, frame)
        for item in cases {
            var bindings: [(String, Value)] = []
            guard try matches(item.pattern, subject, frame, &bindings) else { continue }
            // As in CPython, the names are bound before the guard runs (and stay bound if it is false).
            for (name, value) in bindings { store(name, value, frame) }
            if let guardExpr = item.guardExpr, !(try truthy(try evaluate(guardExpr, frame))) { continue }
            return try executeBlock(item.body, frame)
        }
        return .normal
    }

    private func matches(_ pattern: Pattern, _ subject: Value, _ frame: Frame, _ bindings: inout [(String, Value)]) throws -> Bool {
        switch pattern.kind {
        case .wildcard:
            return true
        case .capture(let name):
            bindings.append((name, subject))
            return true
        case .value(let expr, let identity):
            let value = try evaluate(expr, frame)
            return identity ? identical(subject, value) : try truthy(try richCompare(.equal, subject, value))
        case .asPattern(let inner, let name):
            guard try matches(inner, subject, frame, &bindings) else { return false }
            bindings.append((name, subject))
            return true
        case .or(let alternatives):
            for alternative in alternatives {
                var attempt = bindings
                if try matches(alternative, subject, frame, &attempt) {
                    bindings = attempt
                    return true
                }
            }
            return false
        case .sequence(let items):
            guard let values = try sequenceItems(subject) else { return false }
            return try matchSequence(items, values, frame, &bindings)
        case .star:
            throw ScriptError(.syntaxError, "can't use starred name here", help: "a *name pattern goes inside [a, *rest]")
        case .mapping(let entries, let rest):
            return try matchMapping(entries, rest, subject, frame, &bindings)
        case .classPattern(let classExpr, let positional, let keywords):
            return try matchClass(classExpr, positional, keywords, subject, frame, &bindings)
        }
    }

    /// The items of a subject a sequence pattern can match: lists, tuples, ranges and deques, never strings.
    private func sequenceItems(_ subject: Value) throws -> [Value]? {
        switch subject {
        case .list(let list): return list.items
        case .tuple(let items): return items
        case .range: return try collect(subject)
        case .host(let host):
            guard let instance = host as? Instance,
                  instance.type.mro.contains(where: { $0.module == "collections" && $0.name == "deque" || $0.namespace?.get("_fields") != nil }) else {
                return nil
            }
            return try collect(subject)
        default: return nil
        }
    }

    private func matchSequence(_ items: [Pattern], _ values: [Value], _ frame: Frame, _ bindings: inout [(String, Value)]) throws -> Bool {
        guard let star = items.firstIndex(where: { if case .star = $0.kind { return true }; return false }) else {
            guard values.count == items.count else { return false }
            for (item, value) in zip(items, values) where !(try matches(item, value, frame, &bindings)) { return false }
            return true
        }
        let after = items.count - star - 1
        guard values.count >= items.count - 1 else { return false }
        for i in 0..<star where !(try matches(items[i], values[i], frame, &bindings)) { return false }
        for i in 0..<after where !(try matches(items[star + 1 + i], values[values.count - after + i], frame, &bindings)) { return false }
        if case .star(let name?) = items[star].kind {
            bindings.append((name, .list(ListObject(Array(values[star..<(values.count - after)])))))
        }
        return true
    }

    private func isMapping(_ subject: Value) -> Bool {
        if case .dict = subject { return true }
        guard case .host(let host) = subject, let instance = host as? Instance else { return false }
        return instance.type.mro.contains { ["Counter", "defaultdict", "OrderedDict"].contains($0.name) && $0.module == "collections" }
    }

    private func matchMapping(_ entries: [(key: Expr, pattern: Pattern)], _ rest: String?, _ subject: Value, _ frame: Frame,
                              _ bindings: inout [(String, Value)]) throws -> Bool {
        guard isMapping(subject) else { return false }
        var keys: [Value] = []
        for entry in entries {
            let key = try evaluate(entry.key, frame)
            if try keys.contains(where: { try truthy(try richCompare(.equal, $0, key)) }) {
                throw ScriptError(.valueError, "mapping pattern checks duplicate key (\(try repr(key)))")
            }
            keys.append(key)
            // Present keys only: a defaultdict's factory is not called, as with CPython's .get().
            guard try contains(subject, key) else { return false }
            guard try matches(entry.pattern, try getItem(subject, key), frame, &bindings) else { return false }
        }
        if let rest {
            let remaining = DictObject()
            for key in try collect(subject) where !(try keys.contains { try truthy(try richCompare(.equal, $0, key)) }) {
                try remaining.set(key, try getItem(subject, key))
            }
            bindings.append((rest, .dict(remaining)))
        }
        return true
    }

    /// Built-in types whose single positional sub-pattern matches the subject itself (`case int(n):`).
    private static let selfMatchingTypes: Set<String> = ["bool", "bytearray", "bytes", "dict", "float", "frozenset", "int", "list", "set", "str", "tuple"]

    private func matchClass(_ classExpr: Expr, _ positional: [Pattern], _ keywords: [(name: String, pattern: Pattern)],
                            _ subject: Value, _ frame: Frame, _ bindings: inout [(String, Value)]) throws -> Bool {
        let classValue = try evaluate(classExpr, frame)
        guard case .type(let type) = classValue else {
            throw ScriptError(.typeError, "called match pattern must be a class", help: "write the class name, e.g. case Point(x=0):")
        }
        guard isInstance(subject, type) else { return false }
        var attributes: [(String, Pattern)] = []
        if !positional.isEmpty {
            if !type.isUserClass, Self.selfMatchingTypes.contains(type.name) {
                guard positional.count == 1 else {
                    throw ScriptError(.typeError, "\(type.name)() accepts 1 positional sub-pattern (\(positional.count) given)")
                }
                guard try matches(positional[0], subject, frame, &bindings) else { return false }
            } else {
                let names = try matchArguments(type, count: positional.count)
                attributes += zip(names, positional).map { ($0, $1) }
            }
        }
        attributes += keywords.map { ($0.name, $0.pattern) }
        var seen = Set<String>()
        for (name, pattern) in attributes {
            guard seen.insert(name).inserted else {
                throw ScriptError(.typeError, "\(type.name)() got multiple sub-patterns for attribute '\(name)'")
            }
            let value: Value
            do {
                value = try getAttribute(subject, name, range: nil)
            } catch let error as ScriptError where error.exception.type === TypeObject.attributeError {
                return false
            }
            guard try matches(pattern, value, frame, &bindings) else { return false }
        }
        return true
    }

    /// The attribute names of `type.__match_args__` for `count` positional sub-patterns.
    private func matchArguments(_ type: TypeObject, count: Int) throws -> [String] {
        var names: [String] = []
        if let value = try? getAttribute(.type(type), "__match_args__", range: nil) {
            guard case .tuple(let items) = value else {
                throw ScriptError(.typeError, "\(type.name).__match_args__ must be a tuple (got \(value.typeName))")
            }
            for item in items {
                guard case .str(let name) = item else {
                    throw ScriptError(.typeError, "__match_args__ elements must be strings (got \(item.typeName))")
                }
                names.append(name)
            }
        }
        guard count <= names.count else {
            let accepts = "\(names.count) positional sub-pattern\(names.count == 1 ? "" : "s")"
            throw ScriptError(.typeError, "\(type.name)() accepts \(accepts) (\(count) given)",
                              help: names.isEmpty ? "match attributes by keyword, e.g. \(type.name)(name=value), or set __match_args__ = (\"name\", ...) in the class" : nil)
        }
        return Array(names.prefix(count))
    }
}
