// Which interpreter the CLI runs cells with.
import Foundation
import Notebooks

enum EngineFactory {
    /// A fresh engine (a new session).
    static func makeEngine() -> CellEngine {
        PendingEngine()
    }
}

/// Stands in until the Lang interpreter is merged: every cell fails with a clear message.
final class PendingEngine: CellEngine {
    var mode: EngineMode = .interactive
    var onOutput: ((String) -> Void)?
    func run(_ source: String, origin: String, seed: UInt64) -> CellOutcome {
        CellOutcome(error: "error: this lorarepl build has no interpreter yet (the Lang target is not merged)\n --> \(origin)")
    }
    func interrupt() {}
    func reset() {}
    func variables() -> [VariableInfo] { [] }
    func completions(of prefix: String) -> [String] { [] }
    func keywordArguments(of callee: String) -> [String] { [] }
    func help(_ name: String) -> String? { nil }
}
