// Connects the ML bindings to the CLI: every interpreter the CLI makes (script mode, REPL, notebooks)
// gets the ML modules, with their state kept in that interpreter's own session.
import Bindings
import Lang

enum BindingsGlue {
    /// Registers the ML modules on a fresh interpreter and gives its session the bindings' state.
    static func prepare(_ interpreter: Interpreter) {
        Bindings.install(into: interpreter, session: interpreter.session)
    }
}
