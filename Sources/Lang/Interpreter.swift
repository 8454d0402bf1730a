import PythonBasics
import Foundation
import PythonBasics
import Synchronization

/// Where `print` and echoed output go. The default writes to stdout; notebooks use `CaptureBuffer`.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
}

/// Writes to the process's standard output.
public final class StandardOutput: OutputSink {
    public init() {}
    public func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Collects output in memory (one notebook cell's output).
public final class CaptureBuffer: OutputSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
    /// Return what was captured and clear the buffer.
    public func take() -> String {
        defer { text = "" }
        return text
    }
}

/// The result of `Interpreter.run`.
public struct RunResult {
    /// `repr` of the value of a final expression statement (None is not echoed), for `Out[n]`.
    public let echo: String?
    /// That value itself.
    public let value: Value?
    /// Every syntax error of the cell, or the one uncaught runtime error. Empty on success.
    public let diagnostics: [Diagnostic]

    /// The first diagnostic, if any.
    public var error: Diagnostic? { diagnostics.first }
    public var succeeded: Bool { diagnostics.isEmpty }
}

/// A language session: globals survive from one `run` to the next (REPL cells, notebook cells).
///
///     let interpreter = Interpreter(output: CaptureBuffer())
///     interpreter.register(myModuleTable)
///     let result = interpreter.run("x = 1 + 2\nx", origin: "cell 1")   // result.echo == "3"
///     if let error = result.error { print(interpreter.render(error)) }
///
/// Not thread-safe except `requestInterrupt()`, which any thread may call during a run.
public final class Interpreter {
    /// The session this interpreter runs in: output streams, file gate, interrupt flag, recording
    /// mode, random streams and the other layers' per-session state (see `Session`).
    public let session: Session
    /// Where output goes (the session's standard output); swap it between runs (e.g. a fresh
    /// `CaptureBuffer` per cell).
    public var output: OutputSink {
        get { session.output }
        set { session.output = newValue }
    }
    /// Resource limits (see `Limits`).
    public var limits: Limits
    /// The gate every file access goes through (see `FileGate` for the sandbox policy).
    public var files: FileGate { session.files }

    /// The `__main__` namespace.
    let globals = DictObject()
    /// Names visible everywhere without import (print, len, ..., plus host globals).
    var builtins: [String: Value] = [:] { didSet { builtinsVersion &+= 1 } }
    /// Parsed format specs by their text (at most 256), for f-strings in loops.
    var formatSpecs: [String: Format.Spec] = [:]
    /// Bumped whenever a class is created or a class attribute is set or deleted (attribute caches check it).
    var classEpoch = 0
    /// Bumped whenever `builtins` changes (name nodes cache built-ins against it).
    var builtinsVersion = 0
    /// Built-in module tables by name, and modules already imported.
    var moduleTables: [String: ModuleTable] = [:]
    var loadedModules: [String: Module] = [:]
    /// Source of modules written in the language (stdlib), by module name.
    var languageModules: [String: String] = [:]
    var typeMethods: [String: [String: Builtin]] = [:]
    var hostTypes: [String: TypeObject] = [:]
    /// The subclassable class of each host constructor used as a base (`class MyTrainer(Trainer)`).
    var hostClasses: [ObjectIdentifier: TypeObject] = [:]
    /// Generators whose bodies are running on their own threads (see `GeneratorCore`).
    var liveGenerators = 0

    var callDepth = 0
    /// Emptied argument arrays of finished calls, reused so a built-in call allocates no argument array.
    var spareArgumentArrays: [[Value]] = []
    var outputBytes = 0
    var runStart = Date()
    var steps = 0
    /// The `random` module's generator (kept in the session).
    var random: MersenneTwister {
        _read { yield session.random }
        _modify { yield &session.random }
    }
    /// Exceptions being handled by `except` blocks (innermost last), for a bare `raise`.
    var handling: [ExceptionObject] = []

    /// - Parameters:
    ///   - output: where `print` writes (stdout by default).
    ///   - errors: where warnings and notes go; nil: the process's stderr when `output` is the process's
    ///     stdout, else `output` (one stream, as `2>&1`).
    ///   - files: the file gate (unrestricted reads by default; `FileGate(sandbox:)` to confine).
    ///   - limits: recursion, output and size limits.
    public convenience init(output: OutputSink = StandardOutput(), errors: OutputSink? = nil, files: FileGate = FileGate(),
                            limits: Limits = Limits()) {
        self.init(session: Session(output: output, errors: errors, files: files), limits: limits)
    }

    /// An interpreter running in `session` (a fresh one per notebook run or REPL reset).
    public init(session: Session, limits: Limits = Limits()) {
        self.session = session
        self.limits = limits
        CoreBuiltins.install(into: self)
        Stdlib.install(into: self)
        globals.set("__name__", .str("__main__"))
    }

    // MARK: running code

    /// Lex, parse and run `source`. Syntax errors stop the run before anything executes (all of them
    /// are reported); a runtime error stops it where it happens. Globals persist across runs.
    /// - Parameters:
    ///   - source: the code of a cell, file or `-c` argument.
    ///   - origin: how diagnostics name it: a file path or `nb.lnb:cell train`.
    public func run(_ source: String, origin: String) -> RunResult {
        LargeStack.run { self.runOnCurrentThread(source, origin: origin) }
    }

    private func runOnCurrentThread(_ source: String, origin: String) -> RunResult {
        defer { files.flushOpenFiles() }
        let text = SourceText(origin: origin, text: source)
        let (statements, syntaxErrors) = Parser.parse(text)
        if !syntaxErrors.isEmpty { return RunResult(echo: nil, value: nil, diagnostics: syntaxErrors) }
        session.clearInterrupt()
        callDepth = 0
        outputBytes = 0
        runStart = Date()
        let frame = Frame(globals: globals)
        do {
            var echoed: Value?
            for (i, statement) in statements.enumerated() {
                if i == statements.count - 1, case .expression(let expr) = statement.kind {
                    echoed = try evaluate(expr, frame)
                } else {
                    _ = try execute(statement, frame)
                }
            }
            if let value = echoed, !value.isNone {
                return RunResult(echo: try repr(value), value: value, diagnostics: [])
            }
            return RunResult(echo: nil, value: echoed, diagnostics: [])
        } catch {
            return RunResult(echo: nil, value: nil, diagnostics: [diagnostic(for: error)])
        }
    }

    /// Turn any error escaping a run into a diagnostic.
    func diagnostic(for error: Error) -> Diagnostic {
        if let script = error as? ScriptError { return script.exception.diagnostic }
        if let diagnostic = error as? Diagnostic { return diagnostic }
        if let limit = error as? NumericLimitError { return ScriptError(numericLimit: limit).exception.diagnostic }
        return Diagnostic(kind: "RuntimeError", message: "\(error)", range: nil)
    }

    /// Render a diagnostic with the one renderer.
    public func render(_ diagnostic: Diagnostic) -> String { DiagnosticRenderer.render(diagnostic) }

    /// Ask the running code to stop: it raises KeyboardInterrupt at the next safe point (loop
    /// iteration, call, native `checkInterrupt()`). Safe to call from any thread or a signal handler's thread.
    public func requestInterrupt() {
        session.requestInterrupt()
    }

    func checkInterrupt() throws {
        if session.takeInterrupt() {
            throw ScriptError(.keyboardInterrupt, "", help: "the session is still alive: its variables are kept")
        }
        guard let limit = limits.timeLimit else { return }
        steps &+= 1
        if steps & 1023 == 0, Date().timeIntervalSince(runStart) > limit {
            throw ScriptError(.timeoutError, "the run took longer than its time limit of \(limit) seconds",
                              help: "raise the cell's timeout= or make the code faster")
        }
    }

    /// Write to the output sink, enforcing `limits.maxOutputBytes`.
    func write(_ text: String) throws {
        outputBytes += text.utf8.count
        if outputBytes > limits.maxOutputBytes {
            throw ScriptError(.memoryError, "output limit exceeded: a run may print at most \(limits.maxOutputBytes) bytes",
                              help: "print less (a summary, or a slice such as items[:10])")
        }
        output.write(text)
    }

    /// Write to the session's standard error (warnings, notes), counted against the same output limit.
    func writeError(_ text: String) throws {
        outputBytes += text.utf8.count
        if outputBytes > limits.maxOutputBytes {
            throw ScriptError(.memoryError, "output limit exceeded: a run may print at most \(limits.maxOutputBytes) bytes",
                              help: "print less (a summary, or a slice such as items[:10])")
        }
        session.errors.write(text)
    }

    // MARK: globals and registration

    /// Names defined by scripts in this session (sorted), for `%who` and completion.
    public var globalNames: [String] {
        globals.keys.compactMap(\.stringValue).filter { !$0.hasPrefix("__") }.sorted()
    }

    /// A global variable's value, or nil.
    public func global(_ name: String) -> Value? { globals.get(name) }

    /// Define or replace a global variable (as if a script assigned it).
    public func setGlobal(_ name: String, _ value: Value) { globals.set(name, value) }

    /// Add a module table (`transformers`, `peft`...): `import name` then finds it. Replaces a table of the same name.
    public func register(_ table: ModuleTable) {
        moduleTables[table.name] = table
        loadedModules[table.name] = nil
    }

    /// True when a module of this name is registered (a table or a module written in the language).
    public func hasModule(_ name: String) -> Bool { moduleTables[name] != nil || languageModules[name] != nil }

    /// Make `builtin` a global built-in (visible without import), e.g. `load_model`.
    public func registerGlobal(_ builtin: Builtin) {
        builtins[builtin.name] = .builtin(builtin)
    }

    /// Make `value` a global built-in under `name` (a type, a constant, a host object).
    public func registerGlobal(_ name: String, _ value: Value) {
        builtins[name] = value
    }

    /// Add a module written in the language; `import name` runs `source` once and binds its globals.
    public func registerSourceModule(_ name: String, source: String) {
        languageModules[name] = source
        loadedModules[name] = nil
    }

    /// Add methods to a built-in type (`str`, `list`, `dict`), e.g. from another target.
    public func registerMethods(_ methods: [Builtin], forType typeName: String) {
        for method in methods { typeMethods[typeName, default: [:]][method.name] = method }
    }

    /// The `TypeObject` for a host type name (created once), for `type(x)` and `isinstance`.
    public func hostType(named name: String, module: String? = nil, tupleSubclass: Bool = false) -> TypeObject {
        let key = module.map { "\($0).\(name)" } ?? name
        if let type = hostTypes[key] { return type }
        let type = TypeObject(name: name, parent: tupleSubclass ? .tupleType : nil)
        type.hostModule = module
        hostTypes[key] = type
        return type
    }

    // MARK: calling back into the language

    /// Call a function value (language or native) with arguments, e.g. a user's `compute_metrics`
    /// from the Trainer, or the function given to `dataset.map`. Errors come back as `ScriptError`.
    public func call(_ callee: Value, _ arguments: [Value], keywords: [(String, Value)] = []) throws -> Value {
        try LargeStack.runThrowing { try self.callValue(callee, arguments, keywords, range: nil) }
    }
}

extension Interpreter {
    /// True when `source` is an unfinished cell that the REPL should keep reading: an open bracket, an
    /// unterminated triple-quoted string, a trailing `\`, or a block header (`def f():`) without a body.
    /// Complete code and code with real syntax errors return false (so errors are shown right away).
    public func isIncomplete(_ source: String) -> Bool {
        let text = SourceText(origin: "<input>", text: source)
        let (tokens, lexErrors) = Lexer.tokenize(text)
        if lexErrors.contains(where: { $0.message.hasSuffix("was never closed") || $0.message == "unterminated triple-quoted string" }) {
            return true
        }
        if source.hasSuffix("\\\n") || source.hasSuffix("\\") { return true }
        let (_, errors) = Parser.parse(text)
        if errors.contains(where: { $0.message.hasPrefix("expected an indented block") && $0.range?.start.line ?? 0 > source.split(separator: "\n").count }) {
            return true
        }
        if let last = tokens.last(where: { $0.kind != .newline && $0.kind != .eof && $0.kind != .dedent }), last.isOp(":"),
           errors.contains(where: { $0.message.hasPrefix("expected an indented block") }) {
            return true
        }
        // Inside an indented block, a cell ends with a blank line (as in the Python REPL).
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if errors.isEmpty, let lastLine = lines.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
           lastLine.hasPrefix(" ") || lastLine.hasPrefix("\t"), !source.hasSuffix("\n\n") {
            return true
        }
        return false
    }
}
