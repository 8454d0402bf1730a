/// `import m`, `import a.b as c`, `from m import x, y`: modules come from registered tables (built-in,
/// host) or from sources written in the language (`stdlib/`), each run once per session.
extension Interpreter {
    func importModule(_ item: ImportName, _ frame: Frame) throws {
        let module = try loadModule(item.name, range: item.range)
        if let alias = item.alias {
            store(alias, .module(module), frame)
            return
        }
        let parts = item.name.split(separator: ".").map(String.init)
        guard parts.count > 1 else {
            store(item.name, .module(module), frame)
            return
        }
        // `import sklearn.metrics` binds `sklearn`, whose attribute `metrics` is the submodule.
        var parent = try loadPackage(parts[0])
        store(parts[0], .module(parent), frame)
        for (i, part) in parts.enumerated().dropFirst() {
            let childName = parts[0...i].joined(separator: ".")
            let child = i == parts.count - 1 ? module : try loadPackage(childName)
            parent.members.set(part, .module(child))
            parent = child
        }
    }

    func importFrom(_ moduleName: String, _ names: [ImportName], moduleRange: SourceRange, _ frame: Frame) throws {
        let module = try loadModule(moduleName, range: moduleRange)
        for item in names {
            if item.name == "*" {
                for (key, value) in module.members.pairs {
                    if case .str(let name) = key, !name.hasPrefix("_") { store(name, value, frame) }
                }
                continue
            }
            if let value = module.member(item.name) {
                store(item.alias ?? item.name, value, frame)
                continue
            }
            if let submodule = try? loadModule(moduleName + "." + item.name, range: item.range) {
                store(item.alias ?? item.name, .module(submodule), frame)
                continue
            }
            let message = "cannot import name '\(item.name)' from '\(moduleName)'"
            let available = module.members.keys.compactMap(\.stringValue).filter { !$0.hasPrefix("_") }
            let suggestion = Suggest.closest(to: item.name, among: available)
            let error = ScriptError(.importError, message,
                                    notes: available.isEmpty ? [] : ["'\(moduleName)' provides: " + available.sorted().joined(separator: ", ")],
                                    suggestion: suggestion)
            error.exception.range = item.range
            throw error
        }
    }

    /// The module `name`, loading it on first use.
    func loadModule(_ name: String, range: SourceRange?) throws -> Module {
        if let module = loadedModules[name] { return module }
        if let table = moduleTables[name] {
            let module = table.makeModule()
            loadedModules[name] = module
            return module
        }
        if let source = languageModules[name] {
            return try runSourceModule(name, source)
        }
        let known = Set(moduleTables.keys).union(languageModules.keys).sorted()
        let message = "No module named '\(name)'"
        let suggestion = Suggest.closest(to: name, among: known)
        var help = "available modules: " + known.joined(separator: ", ")
        if ["os", "sys", "subprocess", "socket", "shutil", "ctypes", "importlib"].contains(name) {
            help = "lorarepl scripts cannot reach the operating system; " + help
        } else if name == "torch" || name == "pandas" {
            help = "lorarepl has no \(name); tensors and datasets come from transformers/datasets built-ins. " + help
        }
        let error = ScriptError(.moduleNotFoundError, message, help: help, suggestion: suggestion)
        error.exception.range = range
        throw error
    }

    /// A package for a dotted prefix (`sklearn`), synthesized when no table defines it.
    func loadPackage(_ name: String) throws -> Module {
        if let module = loadedModules[name] { return module }
        if moduleTables[name] != nil || languageModules[name] != nil { return try loadModule(name, range: nil) }
        let module = Module(name: name)
        loadedModules[name] = module
        return module
    }

    private func runSourceModule(_ name: String, _ source: String) throws -> Module {
        let globals = DictObject()
        globals.set("__name__", .str(name))
        let module = Module(name: name, members: globals)
        loadedModules[name] = module
        let text = SourceText(origin: "<stdlib \(name)>", text: source)
        let (statements, errors) = Parser.parse(text)
        if let first = errors.first {
            loadedModules[name] = nil
            throw ScriptError(.importError, "module '\(name)' has a syntax error: \(first.message)")
        }
        let frame = Frame(globals: globals)
        do {
            for statement in statements { _ = try execute(statement, frame) }
        } catch {
            loadedModules[name] = nil
            throw error
        }
        return module
    }
}
