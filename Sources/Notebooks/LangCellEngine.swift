// The adapter from Lang's Interpreter to the Notebooks layer's CellEngine.
import Foundation
import Lang

/// Runs cells with the lorarepl language interpreter. One engine is one `Session` (a new one after
/// `reset()`): its seeds, recording mode, streams and interrupt flag belong to this engine alone, so
/// engines in one process never affect each other.
public final class LangCellEngine: CellEngine {
    public var mode: EngineMode = .interactive {
        didSet { interpreter.session.isRecording = (mode == .recording) }
    }
    public var onOutput: ((String) -> Void)?
    /// The REPL sets this: progress bars are live on the terminal and recorded in the notebook form.
    public var showsLiveProgress = false
    /// Installs what the language needs beyond its core (the ML bindings), on each new interpreter.
    let prepare: (Interpreter) -> Void
    /// The sandbox policy every new session's file gate follows.
    private let policy: FileGate
    private(set) var interpreter: Interpreter
    private let capture = CellCapture()

    /// - Parameters:
    ///   - files: the file gate of the first session; `reset()` starts a new session with a fresh gate
    ///     of the same policy (sandbox and read-only roots; the working folder starts over).
    ///   - prepare: called on every new interpreter (at start and after `reset()`), e.g. to register
    ///     the ML modules with `Bindings.install(into:session:)`.
    public init(files: FileGate = FileGate(), prepare: @escaping (Interpreter) -> Void = { _ in }) {
        self.prepare = prepare
        policy = files
        interpreter = Interpreter(session: Session(output: capture.standardOutput, errors: capture.standardError, files: files))
        prepare(interpreter)
    }

    /// The session the cells run in.
    public var session: Session { interpreter.session }

    public func run(_ source: String, origin: String, seed: UInt64) -> CellOutcome {
        session.isRecording = (mode == .recording)
        let live = showsLiveProgress && mode != .recording
        session.liveDisplay = live ? capture.displayOnly : nil
        session.recordedOnly = live ? capture.recordOnly : nil
        capture.forward = onOutput
        _ = capture.take()
        session.seedCell(seed)
        let result = interpreter.run(source, origin: origin)
        let output = capture.take()
        if let error = result.error {
            let rendered = DiagnosticRenderer.render(result.diagnostics)
            return CellOutcome(output: output, error: rendered, interrupted: error.kind == "KeyboardInterrupt")
        }
        if let value = result.value, !value.isNone { interpreter.setGlobal("_", value) }
        return CellOutcome(output: output, value: result.echo)
    }

    public func interrupt() { interpreter.requestInterrupt() }

    private var parameters: [(key: String, value: String)] = []

    /// Defines the global dict `params` from the header (`params steps=50 lr=2e-4` → `{'steps': 50, 'lr': 0.0002}`):
    /// whole numbers become int, other numbers float, True/False bool, anything else str.
    public func setParameters(_ parameters: [(key: String, value: String)]) {
        self.parameters = parameters
        let values: [(String, Value)] = parameters.map { entry in
            let text = entry.value
            if let int = Int(text) { return (entry.key, .int(int)) }
            if let double = Double(text) { return (entry.key, .float(double)) }
            if text == "True" || text == "False" { return (entry.key, .bool(text == "True")) }
            return (entry.key, .str(text))
        }
        interpreter.setGlobal("params", .dict(values))
    }

    public func reset() {
        let files = FileGate(sandbox: policy.sandbox, readOnlyRoots: policy.readOnlyRoots)
        interpreter = Interpreter(session: Session(output: capture.standardOutput, errors: capture.standardError, files: files))
        interpreter.session.isRecording = (mode == .recording)
        prepare(interpreter)
        if !parameters.isEmpty { setParameters(parameters) }
    }

    public func variables() -> [VariableInfo] {
        interpreter.globalNames.filter { $0 != "_" }.compactMap { name in
            guard let value = interpreter.global(name) else { return nil }
            var summary = (try? interpreter.repr(value)) ?? ""
            summary = summary.split(separator: "\n").first.map(String.init) ?? ""
            return VariableInfo(name: name, typeName: value.typeName, summary: summary)
        }
    }

    public func completions(of prefix: String) -> [String] { interpreter.completions(for: prefix) }

    /// Keyword names from the callee's signature (`LoraConfig(r=8, lora_alpha=8, …)` → r, lora_alpha, …).
    public func keywordArguments(of callee: String) -> [String] {
        guard let help = interpreter.helpText(for: callee),
              let line = help.split(separator: "\n").first(where: { $0.contains("(") && $0.contains(")") }),
              let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { return [] }
        let inside = line[line.index(after: open)..<close]
        var names: [String] = []
        var depth = 0
        var current = ""
        func flush() {
            let token = current.trimmingCharacters(in: .whitespaces)
            current = ""
            guard !token.hasPrefix("*"), !token.isEmpty, token != "/" else { return }
            let name = token.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !name.isEmpty { names.append(String(name)) }
        }
        for char in inside {
            switch char {
            case "(", "[", "{": depth += 1; current.append(char)
            case ")", "]", "}": depth -= 1; current.append(char)
            case "," where depth == 0: flush()
            default: current.append(char)
            }
        }
        flush()
        return names
    }

    public func help(_ name: String) -> String? { interpreter.helpText(for: name) }
}
