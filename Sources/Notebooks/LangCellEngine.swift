// The adapter from Lang's Interpreter to the Notebooks layer's CellEngine.
import Foundation
import Lang

/// Captures a cell's output and forwards each piece as it is written (the REPL streams it).
final class CellOutputSink: OutputSink {
    private let lock = NSLock()
    private var captured = ""
    var forward: ((String) -> Void)?

    func write(_ text: String) {
        lock.lock()
        captured += text
        let forward = self.forward
        lock.unlock()
        forward?(text)
    }

    func take() -> String {
        lock.lock()
        defer { captured = ""; lock.unlock() }
        return captured
    }
}

/// Runs cells with the lorarepl language interpreter. One engine is one session.
public final class LangCellEngine: CellEngine {
    /// Called when an engine's mode is set, so the layer that prints volatile values (durations,
    /// rates, sizes, paths) can switch to placeholders in `.recording` mode. The bindings set it.
    nonisolated(unsafe) public static var modeDidChange: (EngineMode) -> Void = { _ in }

    /// Called before every cell with the interpreter and the cell's seed, so the layers with their own
    /// random generators (tensor init, dropout, shuffling) can seed them. The language's `random`
    /// module is seeded here already.
    nonisolated(unsafe) public static var seedCell: (Interpreter, UInt64) -> Void = { _, _ in }

    public var mode: EngineMode = .interactive {
        didSet { Self.modeDidChange(mode) }
    }
    public var onOutput: ((String) -> Void)?
    /// Installs what the language needs beyond its core (the ML bindings), on each new interpreter.
    let prepare: (Interpreter) -> Void
    private(set) var interpreter: Interpreter
    private let sink = CellOutputSink()

    /// - Parameter prepare: called on every new interpreter (at start and after `reset()`), e.g. to
    ///   register the ML modules.
    public init(prepare: @escaping (Interpreter) -> Void = { _ in }) {
        self.prepare = prepare
        interpreter = Interpreter(output: sink)
        prepare(interpreter)
    }

    public func run(_ source: String, origin: String, seed: UInt64) -> CellOutcome {
        Self.modeDidChange(mode)
        sink.forward = onOutput
        _ = sink.take()
        seedRandomStreams(seed)
        let result = interpreter.run(source, origin: origin)
        let output = sink.take()
        if let error = result.error {
            let rendered = DiagnosticRenderer.render(result.diagnostics)
            return CellOutcome(output: output, error: rendered, interrupted: error.kind == "KeyboardInterrupt")
        }
        if let value = result.value, !value.isNone { interpreter.setGlobal("_", value) }
        return CellOutcome(output: output, value: result.echo)
    }

    /// Seeds the language's `random` module from the cell seed (and, once the bindings exist, the tensor RNG).
    func seedRandomStreams(_ seed: UInt64) {
        let value = Int(seed & 0x7fff_ffff_ffff_ffff)
        _ = interpreter.run("import random as __lnb_random\n__lnb_random.seed(\(value))", origin: "<seed>")
        _ = sink.take()
        Self.seedCell(interpreter, seed)
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
        interpreter = Interpreter(output: sink)
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
