/// Registers the modules of `stdlib/` (written in the language). Their sources are embedded in
/// `StdlibSources/` (one file per module), which `GeneratedFilesTests` regenerates and checks against
/// `stdlib/*.lora`.
enum Stdlib {
    static func install(into interpreter: Interpreter) {
        for (name, source) in StdlibSources.modules {
            interpreter.registerSourceModule(name, source: source)
        }
        // `from tqdm.auto import tqdm` (and the notebook flavour) is the same bar here.
        for name in ["tqdm.auto", "tqdm.notebook", "tqdm.std"] {
            interpreter.registerSourceModule(name, source: "from tqdm import tqdm, trange\n")
        }
    }
}

/// The embedded sources of `stdlib/*.lora` (generated files in `StdlibSources/`).
enum StdlibSources {}
