/// How a statement finished: normally, or by `break`/`continue`/`return` (control flow is a value,
/// not a Swift error, so loops stay fast).
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

extension Interpreter {
    func executeBlock(_ statements: [Stmt], _ frame: Frame) throws -> Flow {
        for statement in statements {
            let flow = try execute(statement, frame)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    /// Execute one statement; an error without a position gets this statement's range.
    func execute(_ statement: Stmt, _ frame: Frame) throws -> Flow {
        do {
            return try executeUnlocated(statement, frame)
        } catch let error as ScriptError {
            if error.exception.range == nil { error.exception.range = statement.range }
            throw error
        }
    }

    private func executeUnlocated(_ statement: Stmt, _ frame: Frame) throws -> Flow {
        switch statement.kind {
        case .expression(let expr):
            _ = try evaluate(expr, frame)
        case .assign(let targets, let valueExpr):
            let value = try evaluate(valueExpr, frame)
            for target in targets { try assign(target, value, frame) }
        case .augmentedAssign(let target, let op, let valueExpr):
            try augmentedAssign(target, op, valueExpr, frame)
        case .annotatedAssign(let target, let annotation, let valueExpr):
            if let body = frame.scope?.classBody, case .name(let name) = target.kind {
                body.annotations.append((name, (try? evaluate(annotation, frame)) ?? .none))
            }
            if let valueExpr { try assign(target, try evaluate(valueExpr, frame), frame) }
        case .ifStatement(let branches, let otherwise):
            for branch in branches where try truthy(try evaluate(branch.condition, frame)) {
                return try executeBlock(branch.body, frame)
            }
            if let otherwise { return try executeBlock(otherwise, frame) }
        case .whileLoop(let condition, let body, let otherwise):
            while try truthy(try evaluate(condition, frame)) {
                try checkInterrupt()
                switch try executeBlock(body, frame) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                default: continue
                }
            }
            if let otherwise { return try executeBlock(otherwise, frame) }
        case .forLoop(let target, let iterableExpr, let body, let otherwise):
            let iterable = try evaluate(iterableExpr, frame)
            if case .range(let range) = iterable, case .name(let name) = target.kind {
                // `for i in range(n)`: no iterator object, the int goes straight into the name's slot.
                let count = range.count
                var i = 0
                while i < count {
                    try checkInterrupt()
                    writeName(target, name, .int(range.element(i)), frame)
                    i += 1
                    switch try executeBlock(body, frame) {
                    case .breakLoop: return .normal
                    case .returned(let value): return .returned(value)
                    default: continue
                    }
                }
                if let otherwise { return try executeBlock(otherwise, frame) }
                return .normal
            }
            let iterator = try makeIterator(iterable)
            while let item = try iterator() {
                try checkInterrupt()
                try assign(target, item, frame)
                switch try executeBlock(body, frame) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                default: continue
                }
            }
            if let otherwise { return try executeBlock(otherwise, frame) }
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .pass, .global, .nonlocal:
            break
        case .returnValue(let expr):
            return .returned(try expr.map { try evaluate($0, frame) } ?? .none)
        case .functionDef(let decl):
            if decl.decorators.isEmpty {
                store(decl.name, .function(try makeFunction(decl, frame)), frame)
            } else {
                let decorators = try decl.decorators.map { try evaluate($0, frame) }
                var value = Value.function(try makeFunction(decl, frame))
                for (decorator, expr) in zip(decorators, decl.decorators).reversed() {
                    value = try callValue(decorator, [value], [], range: expr.range)
                }
                store(decl.name, value, frame)
            }
        case .classDef(let decl):
            try executeClass(decl, frame)
        case .delete(let targets):
            for target in targets { try delete(target, frame) }
        case .assert(let condition, let message):
            if !(try truthy(try evaluate(condition, frame))) {
                let text = try message.map { try str(try evaluate($0, frame)) } ?? ""
                throw ScriptError(.assertionError, text)
            }
        case .tryStatement(let body, let handlers, let otherwise, let finally):
            return try executeTry(body, handlers, otherwise, finally, frame)
        case .raise(let expr, let cause):
            throw try raise(expr, cause: cause, statement: statement, frame)
        case .with(let items, let body):
            return try executeWith(items[...], body, frame)
        case .importModules(let names):
            for item in names { try importModule(item, frame) }
        case .importFrom(let module, let names, let moduleRange):
            try importFrom(module, names, moduleRange: moduleRange, frame)
        case .match(let subject, let cases):
            return try executeMatch(subject, cases, frame)
        }
        return .normal
    }

    func makeFunction(_ decl: FunctionDecl, _ frame: Frame) throws -> Function {
        let parameters = try decl.parameters.map { p -> Parameter in
            let kind: Parameter.Kind
            switch p.kind {
            case .normal: kind = .positionalOrKeyword
            case .positionalOnly: kind = .positionalOnly
            case .keywordOnly: kind = .keywordOnly
            case .variadic: kind = .variadic
            case .variadicKeywords: kind = .variadicKeywords
            }
            return Parameter(p.name, .any, default: try p.defaultValue.map { try evaluate($0, frame) }, kind: kind)
        }
        // Methods do not see the class body's names (as in Python): they close over the scope around it.
        if let scope = frame.scope, let body = scope.classBody {
            let function = Function(decl: decl, parameters: parameters, closure: scope.parent, globals: frame.globals)
            function.classCell = body.cell
            return function
        }
        return Function(decl: decl, parameters: parameters, closure: frame.scope, globals: frame.globals)
    }

    private func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr, _ frame: Frame) throws {
        switch target.kind {
        case .name:
            let current = try evaluate(target, frame)
            let value = try evaluate(valueExpr, frame)
            try assign(target, try inPlaceBinary(op, current, value), frame)
        case .attribute(let baseExpr, let name, _):
            let base = try evaluate(baseExpr, frame)
            if case .host(let host) = base, let instance = host as? Instance {
                // `self.total += x`: the instance attribute caches of the node, as for a read and a write.
                let current = try cachedInstanceRead(target, instance, name)
                    ?? readInstanceAttribute(target, instance, name, range: target.attributeNameRange)
                let result = try inPlaceBinary(op, current, try evaluate(valueExpr, frame))
                if !cachedInstanceWrite(target, instance, name, result) { try writeInstanceAttribute(target, instance, name, result) }
                return
            }
            let current = try getAttribute(base, name, range: target.attributeNameRange)
            let value = try evaluate(valueExpr, frame)
            try setAttribute(base, name, try inPlaceBinary(op, current, value))
        case .subscription(let baseExpr, let indexExpr):
            let base = try evaluate(baseExpr, frame)
            let index = try evaluate(indexExpr, frame)
            let current = try getItem(base, index)
            let value = try evaluate(valueExpr, frame)
            try setItem(base, index, try inPlaceBinary(op, current, value))
        default:
            throw ScriptError(.syntaxError, "illegal target for augmented assignment")
        }
    }

    /// `a op= b`: an instance's `__iadd__`-family method first, else `a op b` (lists extend in place).
    private func inPlaceBinary(_ op: BinaryOperator, _ current: Value, _ value: Value) throws -> Value {
        if case .host(let host) = current, let instance = host as? Instance,
           let result = try instance.inPlaceOperation(op.rawValue, value) {
            return result
        }
        if case .host(let host) = current,
           let result = try host.inPlaceOperation(op.rawValue, value, context: CallContext(interpreter: self, range: nil)) {
            return result
        }
        return try binary(op, current, value, inPlace: true)
    }

    private func executeTry(_ body: [Stmt], _ handlers: [ExceptHandler], _ otherwise: [Stmt]?, _ finally: [Stmt]?,
                            _ frame: Frame) throws -> Flow {
        var result = Flow.normal
        do {
            var handled = false
            do {
                result = try executeBlock(body, frame)
            } catch let error as ScriptError {
                guard let handler = try matchingHandler(error.exception, handlers, frame) else { throw error }
                handled = true
                error.exception.caughtIn = frame.function?.name ?? "<module>"
                if let name = handler.name { store(name, .exception(error.exception), frame) }
                handling.append(error.exception)
                defer { handling.removeLast() }
                result = try executeBlock(handler.body, frame)
                if let name = handler.name { unbind(name, frame) }
            }
            if !handled, case .normal = result, let otherwise { result = try executeBlock(otherwise, frame) }
        } catch {
            if let finally {
                let flow = try executeBlock(finally, frame)
                if case .normal = flow {} else { return flow }
            }
            throw error
        }
        if let finally {
            let flow = try executeBlock(finally, frame)
            if case .normal = flow {} else { return flow }
        }
        return result
    }

    private func matchingHandler(_ exception: ExceptionObject, _ handlers: [ExceptHandler], _ frame: Frame) throws -> ExceptHandler? {
        for handler in handlers {
            guard let typeExpr = handler.type else { return handler }
            let typeValue = try evaluate(typeExpr, frame)
            let types: [Value] = typeValue.sequenceItems ?? [typeValue]
            for candidate in types {
                guard case .type(let type) = candidate, type.isExceptionType else {
                    throw ScriptError(.typeError, "catching classes that do not inherit from BaseException is not allowed",
                                      notes: ["the except clause names \(Repr.repr(candidate))"])
                }
                if exception.type.isSubtype(of: type) { return handler }
            }
        }
        return nil
    }

    private func raise(_ expr: Expr?, cause: Expr?, statement: Stmt, _ frame: Frame) throws -> ScriptError {
        guard let expr else {
            guard let current = handling.last else {
                return ScriptError(.runtimeError, "No active exception to reraise",
                                   help: "a bare 'raise' only works inside an 'except' block")
            }
            return ScriptError(current)
        }
        let value = try evaluate(expr, frame)
        var causeException: ExceptionObject?
        var suppress = false
        if let cause {
            switch try evaluate(cause, frame) {
            case .none: suppress = true
            case .exception(let e): causeException = e
            case .type(let t) where t.isExceptionType:
                if case .exception(let e) = try callValue(.type(t), [], [], range: cause.range) { causeException = e }
            case let other:
                return ScriptError(.typeError, "exception causes must derive from BaseException, not \(other.typeName)")
            }
        }
        func prepared(_ exception: ExceptionObject) throws -> ScriptError {
            if exception.range == nil { exception.range = statement.range }
            if cause != nil {
                exception.cause = causeException
                exception.suppressContext = true
            }
            if exception.context == nil, let current = handling.last, current !== exception { exception.context = current }
            try refreshMessage(exception)
            return ScriptError(exception)
        }
        switch value {
        case .exception(let exception):
            return try prepared(exception)
        case .type(let type) where type.isExceptionType:
            guard case .exception(let exception) = try callValue(value, [], [], range: expr.range) else {
                return ScriptError(.typeError, "exceptions must derive from BaseException")
            }
            return try prepared(exception)
        default:
            return ScriptError(.typeError, "exceptions must derive from BaseException, not \(value.typeName)",
                               help: "raise an exception such as ValueError(\"message\")")
        }
    }

    /// Build an exception instance from a type and constructor arguments.
    func makeException(_ type: TypeObject, _ args: [Value]) -> ExceptionObject {
        let message: String
        switch args.count {
        case 0: message = ""
        case 1: message = type.isSubtype(of: .keyError) ? Repr.repr(args[0]) : Repr.str(args[0])
        default: message = Repr.repr(.tuple(args))
        }
        return ExceptionObject(type: type, args: args, message: message)
    }

    private func executeWith(_ items: ArraySlice<(context: Expr, target: Expr?)>, _ body: [Stmt], _ frame: Frame) throws -> Flow {
        guard let item = items.first else { return try executeBlock(body, frame) }
        let manager = try evaluate(item.context, frame)
        let context = CallContext(interpreter: self, range: item.context.range)
        guard case .host(let host) = manager else {
            throw ScriptError(.typeError, "'\(manager.typeName)' object does not support the context manager protocol",
                              help: "'with' needs an object such as open(...), model.disable_adapter() or no_grad()")
        }
        let entered = try host.enter(context: context)
        if let target = item.target { try assign(target, entered, frame) }
        let flow: Flow
        do {
            flow = try executeWith(items.dropFirst(), body, frame)
        } catch let error as ScriptError {
            if try host.exit(error: error.exception, context: context) { return .normal }
            throw error
        }
        _ = try host.exit(error: nil, context: context)
        return flow
    }
}
