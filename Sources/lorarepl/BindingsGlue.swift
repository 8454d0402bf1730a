// Connects the ML bindings to the CLI: every interpreter the CLI makes (script mode, REPL, notebooks)
// gets the ML modules, and the notebook engine's hooks drive the bindings' seeds and progress output.
import Bindings
import Lang
import Notebooks

enum BindingsGlue {
    nonisolated(unsafe) private static var hooksInstalled = false

    /// `ScriptMode.configure`: registers the ML modules on a fresh interpreter.
    static func prepare(_ interpreter: Interpreter) {
        installHooks()
        Bindings.install(into: interpreter)
    }

    /// `LangCellEngine.modeDidChange` (recording → placeholders in progress output) and
    /// `LangCellEngine.seedCell` (model init, LoRA init, dropout, random tensors, unseeded shuffles).
    private static func installHooks() {
        guard !hooksInstalled else { return }
        hooksInstalled = true
        LangCellEngine.modeDidChange = { mode in Bindings.recording = (mode == .recording) }
        LangCellEngine.seedCell = { _, seed in Bindings.seedCell(seed) }
    }
}
