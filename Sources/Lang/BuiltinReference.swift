/// Renders the registry tables as Markdown: the source of `docs/builtins.md` (checked by BindingsTests' `BuiltinReferenceTests`),
/// so the reference can never drift from what `help()` and the argument checker use.
extension Interpreter {
    /// Markdown for every global built-in, type, method table and registered module of this interpreter.
    public func builtinReference() -> String {
        var lines = [
            "# Built-in reference",
            "",
            "Generated from the registry tables (the language's `Sources/Lang/Builtins+*.swift`, `Methods+*.swift`,",
            "`Module+*.swift` and `stdlib/`; the ML modules' tables in `Sources/Bindings`) by",
            "`LORAREPL_REGENERATE=1 swift test --filter BuiltinReferenceTests`. The same tables drive `help(x)`, `dir(x)`,",
            "REPL completion and every wrong-argument message. Methods of objects the ML modules return (a model,",
            "a trainer, a dataset) are listed by `help(obj)` and `dir(obj)` in a session.",
            "",
        ]
        func entry(_ builtin: Builtin) {
            lines.append("- `\(builtin.signature)` — \(builtin.doc)" + (builtin.example.isEmpty ? "" : " Example: `\(builtin.example)`"))
        }
        lines += ["## Global functions", ""]
        for name in builtins.keys.sorted() {
            if case .builtin(let builtin) = builtins[name] { entry(builtin) }
        }
        lines += ["", "## Types", ""]
        for name in builtins.keys.sorted() {
            guard case .type(let type) = builtins[name], !type.isExceptionType else { continue }
            if let constructor = type.constructor { entry(constructor) } else { lines.append("- `\(type.name)` — \(type.doc)") }
        }
        lines += ["", "## Exceptions", "", "Catch them with `except Name:`; each line gives the parent type.", ""]
        for type in TypeObject.allExceptionTypes {
            lines.append("- `\(type.name)`" + (type.parent.map { " (\($0.name))" } ?? "") + (type.doc.isEmpty ? "" : " — \(type.doc)"))
        }
        for typeName in typeMethods.keys.sorted() {
            lines += ["", "## Methods of `\(typeName)`", ""]
            for name in (typeMethods[typeName] ?? [:]).keys.sorted() {
                if let method = typeMethods[typeName]?[name] { entry(method) }
            }
        }
        for name in moduleTables.keys.sorted() {
            guard let table = moduleTables[name] else { continue }
            lines += ["", "## Module `\(name)`", "", table.doc, ""]
            for builtin in table.builtins { entry(builtin) }
            for (constant, value) in table.constants {
                // The environment differs from machine to machine: the reference names it instead of printing it.
                let shown = value.typeName == "_Environ" || (name == "os" && constant == "environ") ? "environ({...})" : Repr.repr(value)
                lines.append("- `\(name).\(constant)` = `\(shown)`")
            }
        }
        lines += ["", "## Modules written in lorarepl (`stdlib/`)", ""]
        for name in languageModules.keys.sorted() {
            guard let module = try? loadModule(name, range: nil) else { continue }
            lines += ["### `import \(name)`", ""]
            for (key, value) in module.members.pairs {
                guard case .str(let member) = key, !member.hasPrefix("_"), case .function(let function) = value else { continue }
                let summary = function.doc?.split(separator: "\n").first.map(String.init) ?? ""
                lines.append("- `\(name).\(function.signature)` — \(summary)")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n").trimmingTrailingSpaces() + "\n"
    }
}
