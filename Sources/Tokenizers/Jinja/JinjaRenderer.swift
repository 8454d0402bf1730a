import Foundation

/// Renders parsed template nodes against a context.
final class JinjaRenderer {
    private var scopes: [[String: JinjaValue]]
    private var output = ""
    /// Macro calls in progress (a recursive macro stops with an error instead of overflowing the stack).
    private var callDepth = 0
    /// What this rendering may still spend (`JinjaLimits.work`), and its bounds.
    private var workLeft: Int
    private let limits: JinjaLimits
    /// The statement being run (where a limit error points when the expression has no position of its own).
    private var here = SourcePosition.start

    private enum Flow { case normal, breakLoop, continueLoop }

    init(context: [String: JinjaValue], limits: JinjaLimits = .standard) {
        var globals = JinjaBuiltins.functions
        for (k, v) in context { globals[k] = v }
        scopes = [globals]
        self.limits = limits
        workLeft = limits.work
    }

    // MARK: limits

    /// Spends `units` of the rendering's work budget.
    private func spend(_ units: Int, _ position: SourcePosition) throws {
        workLeft -= units
        guard workLeft >= 0 else {
            throw position.error("the template did more than \(limits.work) steps of work and was stopped "
                                 + "(a loop that never ends, or loops nested too deep)")
        }
    }

    /// Charges a produced value's size to the budget and refuses values larger or deeper than the limits.
    private func checked(_ value: JinjaValue, _ position: SourcePosition) throws -> JinjaValue {
        switch value {
        case .undefined, .none, .bool, .int, .double, .namespace, .function:
            try spend(1, position)
        case let .string(s):
            let size = s.utf8.count
            try spend(1 + size / JinjaLimits.bytesPerUnit, position)
            guard size <= limits.maxValueSize else { throw tooLarge(size, position) }
        case .array, .object:
            let (size, depth) = value.size(upTo: limits.maxValueSize)
            try spend(1 + size / JinjaLimits.bytesPerUnit, position)
            guard size <= limits.maxValueSize else { throw tooLarge(size, position) }
            guard depth <= JinjaLimits.maxNesting else {
                throw position.error("lists or dicts nested more than \(JinjaLimits.maxNesting) levels deep")
            }
        }
        return value
    }

    private func tooLarge(_ size: Int, _ position: SourcePosition) -> TemplateError {
        position.error("the template built a value of more than \(limits.maxValueSize) bytes or items (\(size) so far); "
                       + "a chat template renders text: check the loop or the repeat count")
    }

    /// Appends rendered text, within the output limit.
    private func emit(_ text: String, _ position: SourcePosition) throws {
        try spend(1 + text.utf8.count / JinjaLimits.bytesPerUnit, position)
        output += text
        guard output.utf8.count <= limits.maxValueSize else {
            throw position.error("the rendered text is longer than \(limits.maxValueSize) bytes; a chat template renders "
                                 + "a conversation: check for a loop that repeats text")
        }
    }

    func render(_ nodes: [JinjaNode]) throws -> String {
        output = ""
        _ = try run(nodes)
        return output
    }

    // MARK: variables

    func lookup(_ name: String) -> JinjaValue {
        for scope in scopes.reversed() {
            if let v = scope[name] { return v }
        }
        return .undefined(name)
    }

    private func assign(_ name: String, _ value: JinjaValue) {
        scopes[scopes.count - 1][name] = value
    }

    // MARK: statements

    private func run(_ nodes: [JinjaNode]) throws -> Flow {
        for node in nodes {
            let flow = try run(node)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private func run(_ node: JinjaNode) throws -> Flow {
        switch node {
        case let .output(_, position), let .forLoop(_, _, _, _, _, position), let .set(_, _, position), let .setBlock(_, _, position):
            here = position
        default: break
        }
        try spend(1, here)
        switch node {
        case let .text(text):
            try emit(text, here)
        case let .output(expr, position):
            try emit(try evaluate(expr).rendered, position)
        case let .ifChain(branches, otherwise):
            for (condition, body) in branches where try evaluate(condition).truthy {
                return try run(body)
            }
            return try run(otherwise)
        case let .forLoop(targets, iterableExpr, filter, body, otherwise, position):
            return try runFor(targets, iterableExpr, filter, body, otherwise, position)
        case let .set(target, expr, position):
            try store(target, try evaluate(expr), position)
        case let .setBlock(target, body, position):
            let saved = output
            output = ""
            _ = try run(body)
            let captured = output
            output = saved
            try store(target, .string(captured), position)
        case let .macro(name, parameters, body):
            assign(name, .function(makeMacro(name, parameters, body)))
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        return .normal
    }

    private func store(_ target: JinjaSetTarget, _ value: JinjaValue, _ position: SourcePosition) throws {
        switch target {
        case let .name(name):
            assign(name, value)
        case let .attribute(name, attribute):
            guard case let .namespace(ns) = lookup(name) else {
                throw position.error("`set \(name).\(attribute)` needs `\(name)` to be a namespace: create it with `{% set \(name) = namespace(\(attribute)=...) %}`")
            }
            ns.object[attribute] = value
        case let .names(names):
            let items = try JinjaBuiltins.iterate(value, position)
            guard items.count == names.count else {
                throw position.error("cannot unpack \(items.count) values into \(names.count) names")
            }
            for (n, v) in zip(names, items) { assign(n, v) }
        }
    }

    private func runFor(_ targets: [String], _ iterableExpr: JinjaExpr, _ filter: JinjaExpr?, _ body: [JinjaNode],
                        _ otherwise: [JinjaNode], _ position: SourcePosition) throws -> Flow {
        let iterable = try evaluate(iterableExpr)
        var items = try JinjaBuiltins.iterate(iterable, position)
        if case let .object(o) = iterable, targets.count == 2 {
            items = o.entries.map { .array([.string($0.0), $0.1]) }   // `for k, v in dict` needs `.items()` in Jinja; be lenient
        }
        func bind(_ item: JinjaValue) throws {
            if targets.count == 1 {
                assign(targets[0], item)
            } else {
                let parts = try JinjaBuiltins.iterate(item, position)
                guard parts.count == targets.count else {
                    throw position.error("cannot unpack \(parts.count) values into \(targets.count) loop variables")
                }
                for (t, v) in zip(targets, parts) { assign(t, v) }
            }
        }
        if let filter {
            var kept: [JinjaValue] = []
            for item in items {
                try spend(1, position)
                scopes.append([:])
                defer { scopes.removeLast() }
                try bind(item)
                if try evaluate(filter).truthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty { return try run(otherwise) }
        let count = items.count
        for (i, item) in items.enumerated() {
            try spend(1, position)
            var loop = JinjaObject()
            loop["index"] = .int(i + 1)
            loop["index0"] = .int(i)
            loop["revindex"] = .int(count - i)
            loop["revindex0"] = .int(count - i - 1)
            loop["first"] = .bool(i == 0)
            loop["last"] = .bool(i == count - 1)
            loop["length"] = .int(count)
            loop["previtem"] = i > 0 ? items[i - 1] : .undefined("loop.previtem")
            loop["nextitem"] = i + 1 < count ? items[i + 1] : .undefined("loop.nextitem")
            scopes.append(["loop": .object(loop)])
            defer { scopes.removeLast() }
            try bind(item)
            let flow = try run(body)
            if flow == .breakLoop { break }
        }
        return .normal
    }

    private func makeMacro(_ name: String, _ parameters: [(String, JinjaExpr?)], _ body: [JinjaNode]) -> JinjaFunction {
        JinjaFunction(name: name) { [unowned self] args, kwargs, position in
            guard self.callDepth < 64 else { throw position.error("macro \(name) calls itself more than 64 levels deep") }
            self.callDepth += 1
            defer { self.callDepth -= 1 }
            try self.spend(1, position)
            guard args.count <= parameters.count else {
                throw position.error("macro \(name) takes \(parameters.count) arguments but got \(args.count)")
            }
            var scope: [String: JinjaValue] = [:]
            for (i, (parameter, defaultExpr)) in parameters.enumerated() {
                if i < args.count { scope[parameter] = args[i] }
                else if let kw = kwargs.first(where: { $0.0 == parameter }) { scope[parameter] = kw.1 }
                else if let defaultExpr { scope[parameter] = try self.evaluate(defaultExpr) }
                else { scope[parameter] = .undefined(parameter) }
            }
            let saved = self.output
            self.output = ""
            self.scopes.append(scope)
            defer { self.scopes.removeLast() }
            _ = try self.run(body)
            let result = self.output
            self.output = saved
            return .string(result)
        }
    }

    // MARK: expressions

    func evaluate(_ expr: JinjaExpr) throws -> JinjaValue {
        switch expr {
        case let .literal(v): return v
        case let .name(name, _): return lookup(name)
        case let .list(items): return try checked(.array(try items.map(evaluate)), here)
        case let .dict(pairs):
            var object = JinjaObject()
            for (k, v) in pairs {
                let key = try evaluate(k)
                object[key.rendered] = try evaluate(v)
            }
            return try checked(.object(object), here)
        case let .attribute(base, name, position):
            return try JinjaBuiltins.attribute(try evaluate(base), name, position, baseDescription: describe(base))
        case let .item(base, keyExpr, position):
            let container = try evaluate(base)
            let key = try evaluate(keyExpr)
            if case .string(let k) = key, case .object = container {
                return try JinjaBuiltins.attribute(container, k, position, baseDescription: describe(base), methods: false)
            }
            return try JinjaBuiltins.item(container, key, position, baseDescription: describe(base))
        case let .slice(base, start, stop, step, position):
            return try JinjaBuiltins.slice(try evaluate(base), try start.map(evaluate), try stop.map(evaluate),
                                           try step.map(evaluate), position)
        case let .call(callee, argExprs, kwargExprs, position):
            let function = try evaluate(callee)
            guard case let .function(f) = function else {
                throw position.error("\(describe(callee)) is \(function.isUndefined ? "undefined" : "a \(function.typeName)"), not something you can call")
            }
            let args = try argExprs.map(evaluate)
            let kwargs = try kwargExprs.map { ($0.0, try evaluate($0.1)) }
            return try checked(try f.call(args, kwargs, position), position)
        case let .filter(base, name, argExprs, kwargExprs, position):
            let value = try evaluate(base)
            let args = try argExprs.map(evaluate)
            let kwargs = try kwargExprs.map { ($0.0, try evaluate($0.1)) }
            return try checked(try JinjaBuiltins.filter(name, value, args, kwargs, position), position)
        case let .test(base, name, argExprs, negated, position):
            let value = try evaluate(base)
            let result = try JinjaBuiltins.test(name, value, try argExprs.map(evaluate), position)
            return .bool(negated ? !result : result)
        case let .unary(op, operand, position):
            var v = try evaluate(operand)
            if case let .bool(b) = v { v = .int(b ? 1 : 0) }
            switch v {
            case let .int(i): return .int(0 &- i)
            case let .double(d): return .double(-d)
            default: throw position.error("cannot apply `\(op)` to a \(v.typeName)")
            }
        case let .compare(first, rest):
            var left = try evaluate(first)
            for (op, expr, position) in rest {
                let right = try evaluate(expr)
                try spend(1 + right.size(upTo: limits.maxValueSize).size / JinjaLimits.bytesPerUnit, position)
                let holds = op == "not in"
                    ? !(try JinjaBuiltins.binary("in", left, right, position).truthy)
                    : try JinjaBuiltins.binary(op, left, right, position).truthy
                if !holds { return .bool(false) }
                left = right
            }
            return .bool(true)
        case let .binary(op, l, r, position):
            return try checked(try JinjaBuiltins.binary(op, try evaluate(l), try evaluate(r), position), position)
        case let .and(l, r):
            let left = try evaluate(l)
            return left.truthy ? try evaluate(r) : left
        case let .or(l, r):
            let left = try evaluate(l)
            return left.truthy ? left : try evaluate(r)
        case let .not(e):
            return .bool(!(try evaluate(e)).truthy)
        case let .conditional(then, condition, otherwise):
            if try evaluate(condition).truthy { return try evaluate(then) }
            return try otherwise.map(evaluate) ?? .undefined("conditional")
        }
    }

    private func describe(_ expr: JinjaExpr) -> String {
        path(expr).map { "`\($0)`" } ?? "the value"
    }

    /// `message.content` / `messages[0]['role']` for error messages.
    private func path(_ expr: JinjaExpr) -> String? {
        switch expr {
        case let .name(n, _): return n
        case let .attribute(base, name, _): return path(base).map { "\($0).\(name)" }
        case let .item(base, key, _):
            guard let b = path(base) else { return nil }
            if case let .literal(k) = key { return "\(b)[\(k.repr)]" }
            return "\(b)[...]"
        default: return nil
        }
    }
}
