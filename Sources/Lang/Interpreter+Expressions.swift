import PythonBasics
/// Expression evaluation.
extension Interpreter {
    /// Evaluate `expr`; an error without a position gets the innermost expression's range.
    func evaluate(_ expr: Expr, _ frame: Frame) throws -> Value {
        if expr.nameCache != .none, let value = cachedName(expr, frame) { return value }
        do {
            return try evaluateUnlocated(expr, frame)
        } catch let error as ScriptError {
            if error.exception.range == nil { error.exception.range = expr.range }
            throw error
        } catch let limit as NumericLimitError {
            // A host operation (tensor arithmetic, indexing) refused a conversion or an allocation.
            let error = ScriptError(numericLimit: limit)
            error.exception.range = expr.range
            throw error
        }
    }

    private func evaluateUnlocated(_ expr: Expr, _ frame: Frame) throws -> Value {
        switch expr.kind {
        case .constant(let value):
            return value
        case .name(let name):
            return try readName(expr, name, frame)
        case .binary(let op, let left, let right):
            return try binary(op, try evaluate(left, frame), try evaluate(right, frame))
        case .compare(let first, let rest):
            // Python: `a < b < c` is `(a < b) and (b < c)` with b evaluated once. Each link gives what the
            // operand's comparison gives (an element-wise Tensor for `preds == labels`); truthiness is taken
            // only between links, never of a single or last comparison.
            var left = try evaluate(first, frame)
            if rest.count == 1 { return try richCompare(rest[0].0, left, try evaluate(rest[0].1, frame)) }
            var result = Value.bool(true)
            for (index, (op, rightExpr)) in rest.enumerated() {
                let right = try evaluate(rightExpr, frame)
                result = try richCompare(op, left, right)
                if index < rest.count - 1, !(try truthy(result)) { return result }
                left = right
            }
            return result
        case .and(let left, let right):
            let value = try evaluate(left, frame)
            return try truthy(value) ? try evaluate(right, frame) : value
        case .or(let left, let right):
            let value = try evaluate(left, frame)
            return try truthy(value) ? value : try evaluate(right, frame)
        case .unary(let op, let operand):
            return try unary(op, try evaluate(operand, frame))
        case .call(let calleeExpr, let arguments):
            return try evaluateCall(expr, calleeExpr, arguments, frame)
        case .attribute(let baseExpr, let name, _):
            let base = try evaluate(baseExpr, frame)
            if let method = builtinMethod(expr, base, name) { return .boundMethod(BoundMethod(receiver: base, builtin: method)) }
            if case .host(let host) = base, let instance = host as? Instance {
                if let value = cachedInstanceRead(expr, instance, name) { return value }
                return try readInstanceAttribute(expr, instance, name, range: expr.attributeNameRange)
            }
            return try getAttribute(base, name, range: expr.attributeNameRange)
        case .subscription(let base, let index):
            return try getItem(try evaluate(base, frame), try evaluate(index, frame))
        case .slice(let lower, let upper, let step):
            return .slice(SliceValue(start: try lower.map { try evaluate($0, frame) } ?? .none,
                                     stop: try upper.map { try evaluate($0, frame) } ?? .none,
                                     step: try step.map { try evaluate($0, frame) } ?? .none))
        case .list(let items):
            return .list(ListObject(try evaluateItems(items, frame)))
        case .tuple(let items):
            return .tuple(try evaluateItems(items, frame))
        case .set(let items):
            let set = SetObject()
            for item in try evaluateItems(items, frame) { try set.insert(item) }
            return .set(set)
        case .dict(let entries):
            let dict = DictObject()
            for entry in entries {
                if let keyExpr = entry.key {
                    try dict.set(try evaluate(keyExpr, frame), try evaluate(entry.value, frame))
                } else {
                    let other = try evaluate(entry.value, frame)
                    guard case .dict(let source) = other else {
                        throw ScriptError(.typeError, "'\(other.typeName)' object is not a mapping")
                    }
                    for (k, v) in source.pairs { try dict.set(k, v) }
                }
            }
            return .dict(dict)
        case .conditional(let condition, let then, let otherwise):
            return try truthy(try evaluate(condition, frame)) ? try evaluate(then, frame) : try evaluate(otherwise, frame)
        case .fstring(let parts):
            return .str(try formatFString(parts, frame))
        case .lambda(let decl):
            return .function(try makeFunction(decl, frame))
        case .listComprehension(let element, let clauses):
            var items: [Value] = []
            try comprehend(expr, clauses, frame) { items.append(try evaluate(element, $0)) }
            return .list(ListObject(items))
        case .generator(let element, let clauses):
            return try lazyGenerator(expr, element, clauses, frame)
        case .yield(let valueExpr):
            return try evaluateYield(try valueExpr.map { try evaluate($0, frame) } ?? .none, frame)
        case .yieldFrom(let sourceExpr):
            return try evaluateYieldFrom(try evaluate(sourceExpr, frame), frame)
        case .named(let target, let valueExpr):
            let value = try evaluate(valueExpr, frame)
            try assignNamed(target, value, frame)
            return value
        case .setComprehension(let element, let clauses):
            let set = SetObject()
            try comprehend(expr, clauses, frame) { try set.insert(try evaluate(element, $0)) }
            return .set(set)
        case .dictComprehension(let key, let value, let clauses):
            let dict = DictObject()
            try comprehend(expr, clauses, frame) { try dict.set(try evaluate(key, $0), try evaluate(value, $0)) }
            return .dict(dict)
        case .starred:
            throw ScriptError(.syntaxError, "can't use starred expression here")
        }
    }

    /// Items of a display, expanding `*iterable`.
    private func evaluateItems(_ items: [Expr], _ frame: Frame) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items {
            if case .starred(let inner) = item.kind {
                values += try collect(try evaluate(inner, frame))
            } else {
                values.append(try evaluate(item, frame))
            }
        }
        return values
    }

    /// Run the clauses of a comprehension in its own scope, calling `body` for each element.
    private func comprehend(_ expr: Expr, _ clauses: [ComprehensionClause], _ frame: Frame, _ body: (Frame) throws -> Void) throws {
        let layout = comprehensionLayout(expr, clauses)
        let inner = Frame(inside: frame, layout: layout, names: layout.ownNames)
        // The first iterable is evaluated in the enclosing scope, as in Python.
        let first = try evaluate(clauses[0].iterable, frame)
        do {
            try comprehendClause(clauses[...], firstIterable: first, inner, body)
        } catch let error as ScriptError {
            // The rest runs in the comprehension's own frame, which CPython 3.11 shows in tracebacks.
            error.exception.traceback.append(TraceFrame(function: Self.comprehensionName(expr), callSite: expr.range))
            throw error
        }
    }

    /// `<listcomp>`, `<setcomp>`, `<dictcomp>` or `<genexpr>`: the name of a comprehension's frame in tracebacks.
    static func comprehensionName(_ expr: Expr) -> String {
        switch expr.kind {
        case .setComprehension: return "<setcomp>"
        case .dictComprehension: return "<dictcomp>"
        case .generator: return "<genexpr>"
        default: return "<listcomp>"
        }
    }

    /// The slots of a comprehension's own scope (its targets' names), built once per node.
    func comprehensionLayout(_ expr: Expr, _ clauses: [ComprehensionClause]) -> ScopeLayout {
        if let layout = expr.comprehensionLayout { return layout }
        var names = Set<String>()
        for clause in clauses { ScopeAnalysis.targetNames(clause.target, &names) }
        let layout = ScopeLayout(parameters: [], locals: names)
        expr.comprehensionLayout = layout
        return layout
    }

    private func comprehendClause(_ clauses: ArraySlice<ComprehensionClause>, firstIterable: Value?, _ frame: Frame,
                                  _ body: (Frame) throws -> Void) throws {
        guard let clause = clauses.first else { return try body(frame) }
        let iterable = try firstIterable ?? evaluate(clause.iterable, frame)
        let iterator = try makeIterator(iterable)
        outer: while let item = try iterator() {
            try checkInterrupt()
            try assign(clause.target, item, frame)
            for condition in clause.conditions where !(try truthy(try evaluate(condition, frame))) { continue outer }
            try comprehendClause(clauses.dropFirst(), firstIterable: nil, frame, body)
        }
    }

    private func formatFString(_ parts: [FStringPart], _ frame: Frame) throws -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text):
                out += text
            case .field(let expr, let conversion, let specParts, let selfDocumenting):
                let value = try evaluate(expr, frame)
                let spec = try specParts.map { try formatFString($0, frame) } ?? ""
                if let prefix = selfDocumenting { out += prefix }
                var effective = conversion
                if selfDocumenting != nil && conversion == nil && spec.isEmpty { effective = "r" }
                switch effective {
                case "r": out += try Format.apply(.str(try repr(value)), spec: spec, interpreter: self)
                case "s": out += try Format.apply(.str(try str(value)), spec: spec, interpreter: self)
                case "a": out += try Format.apply(.str(Repr.ascii(try repr(value))), spec: spec, interpreter: self)
                default: out += try Format.apply(value, spec: spec, interpreter: self)
                }
            }
            if out.utf8.count > limits.maxStringLength, out.unicodeScalars.count > limits.maxStringLength {
                throw stringTooLong(out.unicodeScalars.count)
            }
        }
        return out
    }

    func stringTooLong(_ length: Int) -> ScriptError {
        ScriptError(.memoryError, "string of \(length) characters exceeds the limit of \(limits.maxStringLength)",
                    help: "build smaller strings (the limit is Limits.maxStringLength)")
    }

    // MARK: calls

    /// The method `name` of a built-in type's value (`counts.get`), cached on the attribute node.
    @inline(__always)
    private func builtinMethod(_ expr: Expr, _ base: Value, _ name: String) -> Builtin? {
        switch base {
        case .str, .list, .dict, .tuple, .set, .int, .float:
            let typeName = base.typeName
            if let method = expr.cachedMethod, expr.cachedMethodType == typeName { return method }
            if let method = typeMethods[typeName]?[name] {
                expr.cachedMethodType = typeName
                expr.cachedMethod = method
                return method
            }
            return nil
        default:
            return nil
        }
    }

    /// What a call `base.name(...)` calls, without making the bound method when it can be avoided: a
    /// built-in type's method with its receiver, or a script class's function with the instance as the
    /// first argument (what `instance.name` would bind), else the attribute's value.
    private enum MethodCallee {
        case builtin(Builtin, receiver: Value)
        case function(Function, receiver: Value)
        case value(Value)
    }

    private func methodCallee(_ calleeExpr: Expr, _ baseExpr: Expr, _ name: String, _ frame: Frame) throws -> MethodCallee {
        do {
            let base = try evaluate(baseExpr, frame)
            if let method = builtinMethod(calleeExpr, base, name) { return .builtin(method, receiver: base) }
            if case .host(let host) = base, let instance = host as? Instance, let function = classFunction(calleeExpr, instance, name) {
                return .function(function, receiver: base)
            }
            return .value(try getAttribute(base, name, range: calleeExpr.attributeNameRange))
        } catch let error as ScriptError {
            if error.exception.range == nil { error.exception.range = calleeExpr.range }
            throw error
        } catch let limit as NumericLimitError {
            let error = ScriptError(numericLimit: limit)
            error.exception.range = calleeExpr.range
            throw error
        }
    }

    private func evaluateCall(_ expr: Expr, _ calleeExpr: Expr, _ arguments: [CallArgument], _ frame: Frame) throws -> Value {
        let range = expr.range
        let callee: Value
        var receiver: Value?
        var method: Builtin?
        if case .attribute(let baseExpr, let name, _) = calleeExpr.kind {
            switch try methodCallee(calleeExpr, baseExpr, name, frame) {
            case .value(let value):
                callee = value
            case .function(let function, let base):
                receiver = base
                callee = .function(function)
            case .builtin(let builtin, let base):
                method = builtin
                receiver = base
                callee = .none
            }
        } else {
            callee = try evaluate(calleeExpr, frame)
            if arguments.isEmpty, case .name("super") = calleeExpr.kind, case .builtin(let builtin) = callee, builtin.name == "super" {
                return try zeroArgumentSuper(frame)
            }
        }
        let plain = plainArguments(expr, arguments)
        if let plain, case .function(let function) = callee, function.isSimplePositional {
            return try callFunctionPlain(function, receiver: receiver, plain, frame, range: range)
        }
        var positional = spareArgumentArrays.popLast() ?? []
        defer { recycleArguments(&positional) }
        if !arguments.isEmpty { positional.reserveCapacity(arguments.count + 1) }
        if method == nil, let receiver { positional.append(receiver) }
        var keywords: [(String, Value)] = []
        if let plain {
            for value in plain { positional.append(try evaluate(value, frame)) }
        } else {
            try evaluateArguments(arguments, &positional, &keywords, frame)
        }
        if let method {
            return try callBuiltin(method, receiver: receiver, positional, keywords, range: range)
        }
        return try callValue(callee, positional, keywords, range: range)
    }

    /// The most emptied argument arrays kept (one per nesting level of calls in flight is enough).
    static let spareArgumentLimit = 16

    /// Keep a call's argument array for the next call: its values are released now, its storage kept.
    /// (A callee that kept the array, such as a `*args` tuple, shares it: emptying it then copies it
    /// first, so what the callee kept is untouched.)
    @inline(__always)
    private func recycleArguments(_ arguments: inout [Value]) {
        guard spareArgumentArrays.count < Self.spareArgumentLimit, arguments.capacity > 0 else { return }
        arguments.releaseElements()
        spareArgumentArrays.append(arguments)
    }

    /// The argument expressions of a call whose arguments are all positional (`f(a, b)`), kept on the
    /// call node, so the common call reads them without copying each `CallArgument`; nil otherwise.
    @inline(__always)
    private func plainArguments(_ call: Expr, _ arguments: [CallArgument]) -> [Expr]? {
        if let plain = call.plainArguments { return plain }
        guard !call.hasKeywordArguments else { return nil }
        guard arguments.allSatisfy({ if case .positional = $0.kind { return true } else { return false } }) else {
            call.hasKeywordArguments = true
            return nil
        }
        let plain = arguments.map(\.value)
        call.plainArguments = plain
        return plain
    }

    /// Evaluate arguments with keywords, `*iterable` or `**mapping` into `positional` and `keywords`.
    private func evaluateArguments(_ arguments: [CallArgument], _ positional: inout [Value], _ keywords: inout [(String, Value)],
                                   _ frame: Frame) throws {
        for argument in arguments {
            switch argument.kind {
            case .positional:
                positional.append(try evaluate(argument.value, frame))
            case .keyword(let name):
                keywords.append((name, try evaluate(argument.value, frame)))
            case .star:
                let value = try evaluate(argument.value, frame)
                guard isIterable(value) else {
                    throw located(ScriptError(.typeError, "argument after * must be an iterable, not \(value.typeName)"), argument.range)
                }
                positional += try collect(value)
            case .doubleStar:
                let value = try evaluate(argument.value, frame)
                keywords += try located(argument.range) { try keywordPairs(value) }
            }
        }
    }

    private func located(_ error: ScriptError, _ range: SourceRange) -> ScriptError {
        if error.exception.range == nil { error.exception.range = range }
        return error
    }

    private func located<T>(_ range: SourceRange, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ScriptError { throw located(error, range) }
    }

    /// The pairs `f(**value)` passes: a dict with string keys or a host mapping (`BatchEncoding`).
    func keywordPairs(_ value: Value) throws -> [(String, Value)] {
        switch value {
        case .dict(let dict):
            return try dict.pairs.map { pair in
                guard case .str(let key) = pair.0 else {
                    throw ScriptError(.typeError, "keywords must be strings, not \(pair.0.typeName)")
                }
                return (key, pair.1)
            }
        case .host(let host):
            if let pairs = host.keywordArguments() { return pairs }
        default:
            break
        }
        throw ScriptError(.typeError, "argument after ** must be a mapping, not \(value.typeName)")
    }

    /// Call any callable value. `range` is the call site (nil when the host calls back).
    func callValue(_ callee: Value, _ positional: [Value], _ keywords: [(String, Value)], range: SourceRange?) throws -> Value {
        switch callee {
        case .function(let function):
            return try callFunction(function, positional, keywords, range: range)
        case .builtin(let builtin):
            return try callBuiltin(builtin, receiver: nil, positional, keywords, range: range)
        case .boundMethod(let method):
            return try callBuiltin(method.builtin, receiver: method.receiver, positional, keywords, range: range)
        case .type(let type):
            if type.isUserClass {
                if type.metaclass != nil, let call = metaclassMethod(callee, "__call__") {
                    return try callMetaclassMethod(call, callee, positional, keywords, range: range)
                }
                return try instantiate(type, positional, keywords, range: range)
            }
            if let constructor = type.constructor {
                return try callBuiltin(constructor, receiver: nil, positional, keywords, range: range)
            }
            if type.isExceptionType {
                if let key = keywords.first?.0 {
                    throw ScriptError(.typeError, "\(type.name)() takes no keyword arguments (got '\(key)')")
                }
                return .exception(makeException(type, positional))
            }
            throw ScriptError(.typeError, "cannot create '\(type.name)' instances")
        case .host(let host):
            if let method = host as? BoundMethodObject {
                return try callValue(method.callee, [method.receiver] + positional, keywords, range: range)
            }
            if let builtin = host.asCallable() {
                return try callBuiltin(builtin, receiver: callee, positional, keywords, range: range)
            }
        default:
            break
        }
        throw ScriptError(.typeError, "'\(callee.typeName)' object is not callable",
                          help: callee.typeName == "str" || callee.typeName == "int" || callee.typeName == "list"
                              ? "a variable may be hiding a function of the same name; check for an assignment such as 'list = ...'" : nil)
    }

    func callBuiltin(_ builtin: Builtin, receiver: Value?, _ positional: [Value], _ keywords: [(String, Value)],
                     range: SourceRange?) throws -> Value {
        if keywords.isEmpty, let fast = builtin.fastPath, let result = try fast(self, receiver, positional) { return result }
        let arguments: Arguments
        if keywords.isEmpty, builtin.takesPlainPositional,
           let values = try ArgumentChecker.bindPositionalWithDefaults(builtin.parameters, name: builtin.qualifiedName,
                                                                       positional: positional, checkTypes: true) {
            arguments = Arguments(builtin: builtin, receiver: receiver, context: CallContext(interpreter: self, range: range),
                                  values: values, passedCount: positional.count)
        } else {
            let (values, passed) = try ArgumentChecker.bind(builtin.parameters, name: builtin.qualifiedName,
                                                            positional: positional, keywords: keywords, checkTypes: true)
            arguments = Arguments(builtin: builtin, receiver: receiver, context: CallContext(interpreter: self, range: range),
                                  values: values, passed: passed)
        }
        do {
            return try builtin.body(arguments)
        } catch let error as ScriptError {
            throw error
        } catch let error as Diagnostic {
            throw ScriptError(ExceptionObject(type: .runtimeError, args: [.str(error.message)], message: error.message,
                                              notes: error.notes, helps: error.helps))
        } catch let error as NumericLimitError {
            throw ScriptError(numericLimit: error)
        } catch {
            throw ScriptError(.runtimeError, "\(error)", notes: ["raised by \(builtin.qualifiedName)()"])
        }
    }

    /// Call a function written in the language; `receiver` (an instance for a method) comes before `positional`.
    func callFunction(_ function: Function, receiver: Value? = nil, _ positional: [Value], _ keywords: [(String, Value)],
                      range: SourceRange?) throws -> Value {
        if keywords.isEmpty, function.isSimplePositional {
            var callee = newFrame(function)
            if let receiver { callee.slots.append(receiver) }
            for value in positional { callee.slots.append(value) }
            return try callFilled(function, &callee, range: range)
        }
        return try callBinding(function, receiver.map { [$0] + positional } ?? positional, keywords, range: range)
    }

    /// A call through the argument checker (keywords, `*args`, defaults by name, and every argument error).
    private func callBinding(_ function: Function, _ positional: [Value], _ keywords: [(String, Value)], range: SourceRange?) throws -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        try checkCallDepth()
        var callee = newFrame(function)
        callee.slots.append(contentsOf: function.decl.layout.emptySlots)
        let (values, _) = try ArgumentChecker.bind(function.parameters, name: function.qualifiedName, positional: positional,
                                                   keywords: keywords, checkTypes: false)
        for (parameter, value) in zip(function.parameters, values) { callee.set(parameter.name, value) }
        return try runBody(function, &callee, range: range)
    }

    /// A call `f(a, b)` or `obj.method(a)` with positional arguments only, of a function whose parameters
    /// are all plain: the arguments are evaluated straight into the new scope's slots (no argument array).
    private func callFunctionPlain(_ function: Function, receiver: Value?, _ argumentExprs: [Expr], _ frame: Frame,
                                   range: SourceRange) throws -> Value {
        var callee = newFrame(function)
        if let receiver { callee.slots.append(receiver) }
        for argument in argumentExprs { callee.slots.append(try evaluate(argument, frame)) }
        return try callFilled(function, &callee, range: range)
    }

    /// Call a simple positional function whose first slots hold the arguments given: the parameters
    /// missing take their defaults, the other locals start unbound. A wrong count gets the argument
    /// checker's error.
    private func callFilled(_ function: Function, _ frame: inout Frame, range: SourceRange?) throws -> Value {
        let parameters = function.parameters
        let count = frame.slots.count
        guard count <= parameters.count, count >= function.requiredCount else {
            return try callBinding(function, frame.slots.compactMap { $0 }, [], range: range)
        }
        callDepth += 1
        defer { callDepth -= 1 }
        try checkCallDepth()
        // Plain `while` loops: a `for` over a `Range` calls its unspecialised index witness per step.
        var i = count
        while i < parameters.count {
            frame.slots.append(parameters[i].defaultValue)
            i += 1
        }
        let localCount = function.decl.layout.names.count
        while frame.slots.count < localCount { frame.slots.append(nil) }
        return try runBody(function, &frame, range: range)
    }

    /// The recursion limit and Ctrl-C, checked on entering every call (after `callDepth` counted it).
    @inline(__always)
    private func checkCallDepth() throws {
        if callDepth > limits.maxRecursionDepth {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded (the limit is \(limits.maxRecursionDepth) nested calls)",
                              help: "check that the recursion has a base case, or use a loop")
        }
        try checkInterrupt()
    }

    /// Run a called function's body in its `frame` (or make its generator), then keep the frame for the next
    /// call when nothing captured it; a traceback entry names the call site.
    private func runBody(_ function: Function, _ frame: inout Frame, range: SourceRange?) throws -> Value {
        if function.decl.isGenerator { return makeGenerator(function, frame) }
        defer { recycle(&frame, of: function) }
        do {
            if case .returned(let value) = try executeBlock(function.decl.body, frame) { return value }
            return .none
        } catch let error as ScriptError {
            if let range { error.exception.traceback.append(TraceFrame(function: function.name, callSite: range)) }
            throw error
        }
    }
}
