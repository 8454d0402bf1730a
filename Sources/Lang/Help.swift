/// `help(x)`, `dir(x)`, REPL `?name` and completion: all read the same registry tables.
enum HelpBuiltins {
    static let table: [Builtin] = [
        Builtin("help", [.omittable("object")], doc: "Show the signature, description and example of a value.",
                example: "help(len)") { args in
            let text = args.isPassed("object") ? args.context.interpreter.helpText(of: args["object"])
                : "Type help(name) for help on a built-in, module or function; dir(x) lists what x has."
            try args.context.write(text + "\n")
            return .none
        },
        Builtin("dir", [.omittable("object")], doc: "The names an object has (or the names defined so far).",
                example: "dir(math)") { args in
            let interpreter = args.context.interpreter
            let names = args.isPassed("object") ? interpreter.attributeNames(of: args["object"]) : interpreter.globalNames
            return .list(ListObject(names.map { .str($0) }))
        },
    ]
}

extension Interpreter {
    /// Names available on `value` for `dir()`, completion and suggestions.
    public func attributeNames(of value: Value) -> [String] {
        switch value {
        case .module(let module):
            return module.members.keys.compactMap(\.stringValue).filter { !$0.hasPrefix("_") }.sorted()
        case .host(let host):
            return host.attributeNames.sorted()
        case .builtin(let builtin):
            return (builtin.classMethods?().map(\.name) ?? []).sorted()
        case .type(let type):
            return (typeMethods[type.name].map { Array($0.keys) } ?? []).sorted()
        default:
            return (typeMethods[value.typeName].map { Array($0.keys) } ?? []).sorted()
        }
    }

    /// The help text `help(value)` prints.
    public func helpText(of value: Value) -> String {
        func describe(_ builtin: Builtin) -> String { HelpLayout.page(builtin) }
        switch value {
        case .builtin(let builtin): return describe(builtin)
        case .boundMethod(let method): return describe(method.builtin)
        case .function(let function):
            guard let doc = function.doc else { return function.signature }
            let lines = doc.trimmingTrailingSpaces().split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.drop { $0 == " " || $0 == "\t" } }
            return function.signature + lines.map { "\n    " + $0 }.joined().replacingOccurrences(of: "\n    \n", with: "\n\n")
        case .type(let type):
            var lines = ["class \(type.name)" + (type.doc.isEmpty ? "" : ": \(type.doc)")]
            if let constructor = type.constructor { lines.append(describe(constructor)) }
            let methods = attributeNames(of: value)
            if !methods.isEmpty { lines.append("methods: " + methods.joined(separator: ", ")) }
            return lines.joined(separator: "\n")
        case .module(let module):
            var lines = ["module \(module.name)" + (module.doc.isEmpty ? "" : ": \(module.doc)")]
            for (key, member) in module.members.pairs {
                guard case .str(let name) = key, !name.hasPrefix("_") else { continue }
                switch member {
                case .builtin(let b): lines.append("  \(b.signature)  -- \(b.doc)")
                case .function(let f): lines.append("  \(f.signature)" + (f.doc.map { "  -- " + ($0.split(separator: "\n").first.map(String.init) ?? "") } ?? ""))
                case .module: continue
                default: lines.append("  \(name) = \(Repr.repr(member))")
                }
            }
            return lines.joined(separator: "\n")
        case .host(let host):
            var lines = [host.helpText]
            if !host.attributeNames.isEmpty { lines.append("attributes: " + host.attributeNames.sorted().joined(separator: ", ")) }
            return lines.joined(separator: "\n")
        default:
            let type = typeOf(value)
            return "\(Repr.repr(value)) is a \(type.name)" + (type.doc.isEmpty ? "" : ": \(type.doc)")
                + (attributeNames(of: value).isEmpty ? "" : "\nmethods: " + attributeNames(of: value).joined(separator: ", "))
        }
    }

    /// Help for a name or dotted path typed after `?` in the REPL (`?len`, `?math.sqrt`, `?model.train`),
    /// or nil when it does not resolve. Only looks names and attributes up; calls nothing.
    public func helpText(for path: String) -> String? {
        guard let value = resolve(path) else { return nil }
        return helpText(of: value)
    }

    /// Completion candidates for the text before the cursor: a name prefix (`pri` → `print`) or an
    /// attribute chain (`model.tra` → `model.train`), each returned as the full replacement text.
    public func completions(for text: String) -> [String] {
        let identifierChars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")
        let word = String(text.reversed().prefix { identifierChars.contains($0) }.reversed())
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            guard let value = resolve(base) else { return [] }
            return attributeNames(of: value).filter { $0.hasPrefix(prefix) }.map { base + "." + $0 }
        }
        var names = Set(globalNames).union(builtins.keys)
        names.formUnion(Token.keywords)
        names.formUnion(moduleTables.keys.filter { !$0.contains(".") })
        names.formUnion(languageModules.keys)
        return names.filter { $0.hasPrefix(word) && !$0.hasPrefix("_") }.sorted()
    }

    /// Look up `a.b.c` without calling anything (modules by name count, for `?math.sqrt`).
    func resolve(_ path: String) -> Value? {
        let parts = path.trimmingCharacters(in: .whitespaces).split(separator: ".").map(String.init)
        guard let first = parts.first else { return nil }
        var value: Value
        if let v = globals.get(first) ?? builtins[first] {
            value = v
        } else if let module = try? loadModule(first, range: nil) {
            value = .module(module)
        } else {
            return nil
        }
        for part in parts.dropFirst() {
            guard let next = try? getAttribute(value, part, range: nil) else { return nil }
            value = next
        }
        return value
    }
}

import Foundation
