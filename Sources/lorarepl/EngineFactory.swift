// Which interpreter the CLI runs cells with: the lorarepl language, with whatever the other layers
// register through `ScriptMode.configure` (the ML bindings).
import Foundation
import Notebooks

enum EngineFactory {
    /// A fresh engine (a new session).
    static func makeEngine() -> CellEngine {
        LangCellEngine(prepare: { ScriptMode.configure($0) })
    }
}
