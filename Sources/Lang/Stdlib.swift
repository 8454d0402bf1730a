/// Registers the modules of `stdlib/` (written in the language). Their sources are embedded in
/// `Stdlib+Sources.swift`, which `StdlibTests` regenerates and checks against `stdlib/*.lora`.
enum Stdlib {
    static func install(into interpreter: Interpreter) {
        for (name, source) in StdlibSources.modules {
            interpreter.registerSourceModule(name, source: source)
        }
    }
}
