import Foundation

/// Generators (`def` with `yield`).
///
/// The interpreter is a tree-walker whose state lives on the Swift stack, so a generator body runs on a
/// thread of its own (with the same large stack as a run) and hands control back and forth with the
/// caller through two semaphores: exactly one of the two threads runs at any time, so execution is as
/// deterministic as a plain call. `next()` resumes the body until its next `yield`; the caller's
/// recursion depth and the exceptions being handled are swapped in and out around each resumption.
///
/// A generator that is dropped before it finishes is closed (GeneratorExit runs its `finally` blocks)
/// and its thread ends. At most `GeneratorCore.maxLive` generators may be suspended at once.
final class GeneratorCore: @unchecked Sendable {
    enum Command {
        case next(Value)
        case throwing(ExceptionObject)
        case close
    }

    enum Event {
        case yielded(Value)
        case finished(Value)
        case failed(Error)
    }

    enum State {
        case created, suspended, running, done
    }

    static let maxLive = 256

    let name: String
    private let function: Function
    private let frame: Frame
    private weak var interpreter: Interpreter?
    private(set) var state = State.created
    private var command = Command.next(.none)
    private var event: Event?
    private var closing = false
    private let toGenerator = DispatchSemaphore(value: 0)
    private let toCaller = DispatchSemaphore(value: 0)
    /// The body's recursion depth (relative to its caller) and handled exceptions while it is suspended.
    private var relativeDepth = 0
    private var bodyHandling: [ExceptionObject] = []

    init(function: Function, frame: Frame, interpreter: Interpreter) {
        self.name = function.name
        self.function = function
        self.frame = frame
        self.interpreter = interpreter
    }

    /// Run the body until it yields (the value), returns (nil) or raises (thrown).
    func resume(_ command: Command) throws -> Value? {
        guard let interpreter else { return nil }
        switch state {
        case .done:
            if case .throwing(let exception) = command { throw ScriptError(exception) }
            return nil
        case .running:
            throw ScriptError(.valueError, "generator already executing")
        case .created:
            switch command {
            case .close:
                state = .done
                return nil
            case .throwing(let exception):
                state = .done
                throw ScriptError(exception)
            case .next(let value):
                if !value.isNone { throw ScriptError(.typeError, "can't send non-None value to a just-started generator") }
            }
            if interpreter.liveGenerators >= Self.maxLive {
                throw ScriptError(.runtimeError, "too many unfinished generators (the limit is \(Self.maxLive))",
                                  help: "finish or drop generators you no longer need, or collect items into a list")
            }
        case .suspended:
            break
        }
        let callerDepth = interpreter.callDepth
        let callerHandling = interpreter.handling
        interpreter.callDepth = callerDepth + relativeDepth
        interpreter.handling = bodyHandling
        self.command = command
        let starting = state == .created
        state = .running
        if starting {
            interpreter.liveGenerators += 1
            startThread(interpreter)
        } else {
            toGenerator.signal()
        }
        toCaller.wait()
        relativeDepth = interpreter.callDepth - callerDepth
        bodyHandling = interpreter.handling
        interpreter.callDepth = callerDepth
        interpreter.handling = callerHandling
        switch event {
        case .yielded(let value)?:
            state = .suspended
            return value
        case .finished(let value)?:
            finish(interpreter)
            returnValue = value
            return nil
        case .failed(let error)?:
            finish(interpreter)
            throw error
        case nil:
            finish(interpreter)
            return nil
        }
    }

    /// The value of the body's `return` (what `yield from` evaluates to).
    private(set) var returnValue = Value.none

    private func finish(_ interpreter: Interpreter) {
        state = .done
        interpreter.liveGenerators -= 1
    }

    private func startThread(_ interpreter: Interpreter) {
        let thread = Thread { [self] in
            LargeStack.markCurrentThread()
            do {
                let flow = try interpreter.executeBlock(function.decl.body, frame)
                if case .returned(let value) = flow { event = .finished(value) } else { event = .finished(.none) }
            } catch let error as ScriptError where error.exception.type === TypeObject.stopIteration {
                event = .failed(ScriptError(.runtimeError, "generator raised StopIteration",
                                            help: "use 'return' to end a generator"))
            } catch {
                event = .failed(error)
            }
            toCaller.signal()
        }
        thread.stackSize = LargeStack.stackSize
        thread.start()
    }

    /// `yield value` in the body: hand `value` to the caller and wait to be resumed.
    func yieldValue(_ value: Value) throws -> Value {
        if closing { throw ScriptError(.runtimeError, "generator ignored GeneratorExit") }
        event = .yielded(value)
        toCaller.signal()
        toGenerator.wait()
        switch command {
        case .next(let sent): return sent
        case .throwing(let exception): throw ScriptError(exception)
        case .close:
            closing = true
            throw ScriptError(ExceptionObject(type: .generatorExit, args: [], message: ""))
        }
    }

    /// End a suspended generator: GeneratorExit is raised at its `yield`, so `finally` blocks run.
    func close() throws {
        guard state == .suspended else {
            if state == .created { state = .done }
            return
        }
        do {
            _ = try resume(.close)
        } catch let error as ScriptError where error.exception.type === TypeObject.generatorExit {
            return
        }
    }
}

/// The generator object a generator function returns: an iterator with `send`, `throw` and `close`.
final class GeneratorObject: HostObject {
    let core: GeneratorCore

    init(core: GeneratorCore) { self.core = core }

    deinit { try? core.close() }

    var typeName: String { "generator" }
    func repr() -> String { "<generator object \(core.name)>" }

    func next() throws -> Value? { try core.resume(.next(.none)) }

    func makeIterator(context: CallContext) throws -> IteratorObject? {
        IteratorObject(kindName: "generator") { try self.next() }
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "send":
            return .builtin(Builtin("send", owner: "generator", [Parameter("value")], doc: "Resume the generator, making yield give value.") { args in
                guard let value = try self.core.resume(.next(args["value"])) else { throw ScriptError.stopIteration(returning: self.core.returnValue) }
                return value
            })
        case "throw":
            return .builtin(Builtin("throw", owner: "generator", [Parameter("exception")], doc: "Raise the exception at the yield.") { args in
                let exception: ExceptionObject
                switch args["exception"] {
                case .exception(let e): exception = e
                case .type(let t) where t.isExceptionType:
                    guard case .exception(let e) = try args.context.interpreter.callValue(.type(t), [], [], range: nil) else { return .none }
                    exception = e
                default:
                    throw ScriptError(.typeError, "exceptions must derive from BaseException")
                }
                guard let value = try self.core.resume(.throwing(exception)) else { throw ScriptError.stopIteration(returning: self.core.returnValue) }
                return value
            })
        case "close":
            return .builtin(Builtin("close", owner: "generator", doc: "Finish the generator early.") { _ in
                try self.core.close()
                return .none
            })
        case "__next__":
            return .builtin(Builtin("__next__", owner: "generator", doc: "The next item.") { _ in
                guard let value = try self.next() else { throw ScriptError.stopIteration(returning: self.core.returnValue) }
                return value
            })
        case "__iter__":
            return .builtin(Builtin("__iter__", owner: "generator", doc: "The generator itself.") { _ in .host(self) })
        case "__name__": return .str(core.name)
        default: return nil
        }
    }

    var attributeNames: [String] { ["close", "send", "throw"] }
}

extension Interpreter {
    /// Calling a generator function: bind the arguments now, run the body on first `next()`.
    func makeGenerator(_ function: Function, _ frame: Frame) -> Value {
        let core = GeneratorCore(function: function, frame: frame, interpreter: self)
        frame.generator = core
        return .host(GeneratorObject(core: core))
    }

    func evaluateYield(_ value: Value, _ frame: Frame) throws -> Value {
        guard let core = frame.generator else {
            throw ScriptError(.syntaxError, "'yield' outside a generator function",
                              help: "yield works directly inside a 'def' body (not in a lambda or comprehension)")
        }
        return try core.yieldValue(value)
    }

    /// `yield from source`: yield each of its items; sends and throws go to a generator source.
    func evaluateYieldFrom(_ source: Value, _ frame: Frame) throws -> Value {
        guard let core = frame.generator else {
            throw ScriptError(.syntaxError, "'yield from' outside a generator function")
        }
        if case .host(let host) = source, let inner = host as? GeneratorObject {
            var sent = Value.none
            while true {
                guard let item = try inner.core.resume(.next(sent)) else { return inner.core.returnValue }
                do {
                    sent = try core.yieldValue(item)
                } catch let error as ScriptError where error.exception.type !== TypeObject.generatorExit {
                    guard let item = try inner.core.resume(.throwing(error.exception)) else { return inner.core.returnValue }
                    sent = try core.yieldValue(item)
                }
            }
        }
        let next = try makeIterator(source)
        while let item = try next() { _ = try core.yieldValue(item) }
        return .none
    }

    /// A generator expression: its clauses advance one item at a time as the iterator is pulled.
    func lazyGenerator(_ expr: Expr, _ element: Expr, _ clauses: [ComprehensionClause], _ frame: Frame) throws -> Value {
        let layout = comprehensionLayout(expr, clauses)
        let inner = Frame(inside: frame, layout: layout, names: layout.ownNames)
        // The first iterable is evaluated at once, in the enclosing scope, as in Python.
        var iterators: [(() throws -> Value?)?] = Array(repeating: nil, count: clauses.count)
        iterators[0] = try makeIterator(try evaluate(clauses[0].iterable, frame))
        var level = 0
        func nextItem() throws -> Value? {
            while true {
                guard let next = iterators[level] else { return nil }
                guard let item = try next() else {
                    iterators[level] = nil
                    if level == 0 { return nil }
                    level -= 1
                    continue
                }
                try checkInterrupt()
                let clause = clauses[level]
                try assign(clause.target, item, inner)
                var keep = true
                for condition in clause.conditions where !(try truthy(try evaluate(condition, inner))) {
                    keep = false
                    break
                }
                if !keep { continue }
                if level == clauses.count - 1 { return try evaluate(element, inner) }
                level += 1
                iterators[level] = try makeIterator(try evaluate(clauses[level].iterable, inner))
            }
        }
        return .iterator(IteratorObject(kindName: "generator") {
            do {
                return try nextItem()
            } catch let error as ScriptError {
                error.exception.traceback.append(TraceFrame(function: "<genexpr>", callSite: expr.range))
                throw error
            }
        })
    }
}

extension ScriptError {
    /// `StopIteration` as a finished generator raises it: `.value` (and `args`) hold what it returned.
    static func stopIteration(returning value: Value) -> ScriptError {
        let error = ScriptError(.stopIteration, value.isNone ? "" : Repr.str(value))
        error.exception.args = value.isNone ? [] : [value]
        return error
    }
}
