/// The names a cell's code mentions and binds, read from its tokens. `%save` uses them to leave out the
/// cells that depend on an interrupted one (what an interrupted cell wrote is only half done, so a replay
/// that runs it to the end would differ). Conservative: a name counts as read when it appears anywhere
/// in the cell (f-string fields included), except as an attribute (`x.name`) or a keyword argument.
public enum CellNames {
    /// Identifiers the cell mentions (reads, writes, or calls methods on).
    public static func mentioned(in source: String) -> Set<String> {
        var names = Set<String>()
        collect(tokens(source), into: &names)
        return names
    }

    /// Names the cell binds: assignment and augmented-assignment targets, `for` targets, imports,
    /// `def`/`class` names, `as` names.
    public static func bound(in source: String) -> Set<String> {
        var names = Set<String>()
        forEachLine(of: source) { bindings(ofLine: $0, into: &names) }
        return names
    }

    /// Names the cell's `import` and `from … import` lines bind (modules and what they export).
    public static func imported(in source: String) -> Set<String> {
        var names = Set<String>()
        forEachLine(of: source) { importBindings(ofLine: $0, into: &names) }
        return names
    }

    /// Calls `body` with the tokens of each logical line of `source`.
    private static func forEachLine(of source: String, _ body: ([Token]) -> Void) {
        var line: [Token] = []
        for token in tokens(source) {
            if token.kind == .newline || token.kind == .eof || token.kind == .indent || token.kind == .dedent {
                body(line)
                line.removeAll()
            } else {
                line.append(token)
            }
        }
        body(line)
    }

    private static func tokens(_ source: String) -> [Token] {
        Lexer.tokenize(SourceText(origin: "<names>", text: source)).tokens
    }

    private static func collect(_ tokens: [Token], into names: inout Set<String>) {
        for (i, token) in tokens.enumerated() {
            if token.isIdentifier {
                let afterDot = i > 0 && tokens[i - 1].isOp(".")
                let isKeywordArgument = i + 1 < tokens.count && tokens[i + 1].isOp("=") && i > 0
                    && (tokens[i - 1].isOp("(") || tokens[i - 1].isOp(","))
                if !afterDot && !isKeywordArgument { names.insert(token.text) }
            } else if token.kind == .string, case .fstring(let pieces)? = token.literal {
                collectFields(pieces, into: &names)
            }
        }
    }

    private static func collectFields(_ pieces: [FStringPiece], into names: inout Set<String>) {
        for piece in pieces {
            guard case .field(let code, _, _, let spec, _) = piece else { continue }
            collect(tokens(code), into: &names)
            if let spec { collectFields(spec, into: &names) }
        }
    }

    private static let assignmentOperators: Set<String> = ["=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", ">>=", "<<=", ":="]

    /// The names one logical line binds.
    private static func bindings(ofLine line: [Token], into names: inout Set<String>) {
        var depth = 0
        var lastTopLevelAssignment: Int?
        for (i, token) in line.enumerated() {
            if token.isOp("(") || token.isOp("[") || token.isOp("{") { depth += 1 }
            if token.isOp(")") || token.isOp("]") || token.isOp("}") { depth -= 1 }
            if token.kind == .op, assignmentOperators.contains(token.text), depth == 0 || token.text == ":=" { lastTopLevelAssignment = i }
            if i > 0, token.isIdentifier {
                let previous = line[i - 1]
                if previous.isOp("def") || previous.isOp("class") || previous.isOp("as") || previous.isOp("global") { names.insert(token.text) }
            }
        }
        if let end = lastTopLevelAssignment {
            for (i, token) in line[..<end].enumerated() where token.isIdentifier && !(i > 0 && line[i - 1].isOp(".")) {
                names.insert(token.text)
            }
        }
        // for TARGETS in …
        if let forIndex = line.firstIndex(where: { $0.isOp("for") }) {
            for token in line[(forIndex + 1)...].prefix(while: { !$0.isOp("in") }) where token.isIdentifier { names.insert(token.text) }
        }
        importBindings(ofLine: line, into: &names)
    }

    /// import a.b, c  /  from m import x, y
    private static func importBindings(ofLine line: [Token], into names: inout Set<String>) {
        if let first = line.first, first.isOp("import") || first.isOp("from") {
            if first.isOp("import") {
                var expectName = true
                for (i, token) in line.enumerated().dropFirst() {
                    if token.isOp(",") { expectName = true; continue }
                    if token.isIdentifier, expectName || line[i - 1].isOp("as") { names.insert(token.text); expectName = false }
                }
            } else if let importIndex = line.firstIndex(where: { $0.isOp("import") }) {
                for token in line[(importIndex + 1)...] where token.isIdentifier { names.insert(token.text) }
            }
        }
    }
}
