// What the Notebooks layer needs from an interpreter. The Lang adapter (LangCellEngine) implements it;
// tests use a fake.

/// How volatile values are printed by the engine.
public enum EngineMode: Sendable {
    /// Real durations, rates, sizes and paths (the REPL, `lorarepl run`).
    case interactive
    /// Volatile values printed as placeholders (`{{duration}}` …), no `\r` progress frames
    /// (`lorarepl test`, `--update`, `%save`).
    case recording
}

/// What one cell produced.
public struct CellOutcome: Sendable, Equatable {
    /// Everything the cell printed, in order.
    public var output: String
    /// The repr of the cell's value when it ends with an expression whose value is not None.
    public var value: String?
    /// The rendered diagnostic when the cell raised, nil when it ran cleanly.
    public var error: String?
    /// True when the cell stopped because `interrupt()` was called.
    public var interrupted: Bool

    public init(output: String = "", value: String? = nil, error: String? = nil, interrupted: Bool = false) {
        (self.output, self.value, self.error, self.interrupted) = (output, value, error, interrupted)
    }

    /// The text recorded in an `output` block: printed output, then the echoed value on its own line.
    public var recordedOutput: String {
        var text = output
        if let value {
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += value + "\n"
        }
        return OutputNormalizer.normalize(text)
    }
}

/// A variable as listed by `%who` / `%whos`.
public struct VariableInfo: Sendable, Equatable {
    public var name: String
    public var typeName: String
    /// A one-line summary (shape, size, repr prefix…).
    public var summary: String
}

/// An interpreter that runs notebook cells. One engine holds one session's state.
public protocol CellEngine: AnyObject {
    /// How volatile values are printed.
    var mode: EngineMode { get set }
    /// Called with each piece of printed output as it happens (the REPL streams it), nil to only capture.
    var onOutput: ((String) -> Void)? { get set }
    /// Runs one cell. `origin` names it in diagnostics (`nb.lnb:cell train`, `[3]`); `seed` seeds the
    /// cell's RNG streams (derived from the notebook seed and the cell id, see `CellSeed`).
    /// Errors never lose the state built by earlier cells.
    func run(_ source: String, origin: String, seed: UInt64) -> CellOutcome
    /// Asks the running cell to stop at the next safe point. Safe to call from any thread.
    func interrupt()
    /// Forgets every variable (a fresh session).
    func reset()
    /// The session's variables, sorted by name.
    func variables() -> [VariableInfo]
    /// Completions of a dotted prefix (`mod`, `model.pri`): full replacement strings.
    func completions(of prefix: String) -> [String]
    /// Keyword argument names of a callable given by a dotted name (`LoraConfig`), for completion.
    func keywordArguments(of callee: String) -> [String]
    /// Help text for a name (`?LoraConfig`), nil when unknown.
    func help(_ name: String) -> String?
    /// Makes the notebook's header params visible to its code (as the dict `params`).
    func setParameters(_ parameters: [(key: String, value: String)])
}

extension CellEngine {
    public func setParameters(_ parameters: [(key: String, value: String)]) {}
}

/// Derives one RNG seed per cell, so rerunning a cell alone gives what a fresh replay gives.
public enum CellSeed {
    /// `splitmix64(notebookSeed ^ fnv1a64(cellID))`.
    public static func derive(notebookSeed: UInt64, cellID: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in cellID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        var z = (notebookSeed ^ hash) &+ 0x9e3779b97f4a7c15
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
}
