/// How `help(x)` and the REPL's `?x` lay out a built-in: the signature wrapped at argument
/// boundaries, the description, each parameter with its default and meaning (grouped when the
/// built-in declares `parameterHelp`), the class's methods, an example, and what the notation means.
enum HelpLayout {
    /// Text width of help output (a terminal's usual 80 columns).
    static let width = 80

    /// The legend printed under a signature that uses the marks it explains.
    static func notation(for signature: String) -> String? {
        var parts = ["name=value is the default"]
        if signature.contains("[") { parts.append("[name] may be left out") }
        if signature.contains("*, ") || signature.hasSuffix("*") { parts.append("after * keyword-only") }
        if signature.contains("*args") || signature.contains("**") { parts.append("*args/**kwargs take any extra") }
        return parts.count > 1 || signature.contains("=") ? "notation: " + parts.joined(separator: "; ") : nil
    }

    /// The help page of a built-in.
    static func page(_ builtin: Builtin) -> String {
        var lines: [String] = []
        lines.append(contentsOf: wrapSignature(builtin, compact: !builtin.parameterHelp.isEmpty))
        lines.append(contentsOf: wrap(builtin.doc, indent: "    "))
        if !builtin.parameterHelp.isEmpty { lines.append(contentsOf: parameterSections(builtin)) }
        if let methods = builtin.classMethods?(), !methods.isEmpty {
            lines.append("")
            lines.append("  Methods (?\(builtin.name).NAME for one)")
            for method in methods.sorted(by: { $0.name < $1.name }) {
                lines.append(contentsOf: entry("\(method.name)(\(Parameter.describe(method.parameters)))", method.doc))
            }
        }
        if !builtin.example.isEmpty {
            if !builtin.parameterHelp.isEmpty || builtin.classMethods != nil { lines.append("") }
            lines.append(contentsOf: wrap("example: " + builtin.example, indent: "    ", hanging: "        "))
        }
        if let legend = notation(for: builtin.signature) { lines.append(contentsOf: wrap(legend, indent: "    ", hanging: "      ")) }
        return lines.joined(separator: "\n")
    }

    /// With per-parameter help the signature is shortened to its required part (`TrainingArguments(output_dir=None, **options)`);
    /// otherwise it is wrapped after commas with a hanging indent.
    static func wrapSignature(_ builtin: Builtin, compact: Bool) -> [String] {
        if compact {
            let shown = builtin.parameters.filter { $0.isRequired || $0.kind == .positionalOnly || $0.kind == .positionalOrKeyword }
            let rest = builtin.parameters.count - shown.count
            let described = Parameter.describe(shown) + (rest > 0 ? (shown.isEmpty ? "" : ", ") + "*, …" : "")
            return ["\(builtin.qualifiedName)(\(described))"]
        }
        let head = builtin.qualifiedName + "("
        let described = Parameter.describe(builtin.parameters)
        guard !described.isEmpty else { return [head + ")"] }
        let pieces = described.components(separatedBy: ", ")
        let pad = String(repeating: " ", count: min(head.count, 24))
        var lines: [String] = []
        var current = head
        for (i, piece) in pieces.enumerated() {
            let text = piece + (i == pieces.count - 1 ? ")" : ",")
            if current == head {
                current += text
            } else if current.count + 1 + text.count > width {
                lines.append(current)
                current = pad + text
            } else {
                current += " " + text
            }
        }
        lines.append(current)
        return lines
    }

    /// `  Optimisation` then one `    name=default   meaning` entry per parameter, groups in first-seen order.
    static func parameterSections(_ builtin: Builtin) -> [String] {
        var groups: [String] = []
        var byGroup: [String: [ParameterHelp]] = [:]
        for item in builtin.parameterHelp {
            if byGroup[item.group] == nil { groups.append(item.group) }
            byGroup[item.group, default: []].append(item)
        }
        var lines: [String] = []
        for group in groups {
            lines.append("")
            lines.append("  " + group)
            let items = byGroup[group] ?? []
            if items.allSatisfy({ $0.meaning.isEmpty }) {
                lines.append(contentsOf: wrap(items.map(\.name).joined(separator: ", "), indent: "    "))
                continue
            }
            for item in items {
                let defaultText = item.defaultText
                    ?? builtin.parameters.first { $0.name == item.name }?.defaultValue.map { Repr.repr($0) }
                lines.append(contentsOf: entry(defaultText.map { "\(item.name)=\($0)" } ?? item.name, item.meaning))
            }
        }
        return lines
    }

    /// `    name=default          meaning wrapped under itself`.
    static func entry(_ head: String, _ meaning: String) -> [String] {
        let column = 34
        let indent = "    "
        let start = indent + head
        if start.count + 2 > column {
            return [start] + wrap(meaning, indent: String(repeating: " ", count: column))
        }
        let padded = start + String(repeating: " ", count: column - start.count)
        var wrapped = wrap(meaning, indent: String(repeating: " ", count: column))
        if let first = wrapped.first { wrapped[0] = padded + first.dropFirst(column) } else { wrapped = [start] }
        return wrapped
    }

    /// Word-boundary wrapping at `width`; `hanging` indents the lines after the first (default `indent`).
    /// A word longer than the line is kept whole.
    static func wrap(_ text: String, indent: String, hanging: String? = nil, width: Int = width) -> [String] {
        // Text that fits is kept as written (an example's aligned comment keeps its spaces).
        if indent.count + text.count <= width, !text.contains("\n") { return text.isEmpty ? [] : [indent + text] }
        var lines: [String] = []
        var current = indent
        var atStart = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !atStart, current.count + 1 + word.count > width {
                lines.append(current)
                current = (hanging ?? indent) + word
            } else {
                current += (atStart ? "" : " ") + word
            }
            atStart = false
        }
        if !atStart { lines.append(current) }
        return lines
    }
}
