/// Recursive-descent parser: one function per grammar rule, each opening with its production.
/// Statements are in `Parser+Statements.swift`, expressions in `Parser+Expressions.swift`.
///
/// A syntax error aborts only the statement it is in: the parser records the diagnostic, skips to the
/// next statement boundary (`synchronize`) and goes on, so one cell reports all of its syntax errors.
struct Parser {
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    let source: SourceText
    /// Current expression nesting, bounded by `Limits.maxNestingDepth` so deep input cannot overflow the stack.
    var depth = 0
    /// One entry per enclosing `def` being parsed: whether its body has a `yield` so far.
    var functionYields: [Bool] = []
    /// One entry per enclosing `def`/`lambda`/`class` being parsed: the names its `:=` expressions bind.
    var functionWalrus: [Set<String>] = []

    init(tokens: [Token], source: SourceText) {
        self.tokens = tokens
        self.source = source
    }

    /// Lex and parse a whole program (a file or a cell).
    static func parse(_ source: SourceText) -> (statements: [Stmt], diagnostics: [Diagnostic]) {
        let (tokens, lexErrors) = Lexer.tokenize(source)
        var parser = Parser(tokens: tokens, source: source)
        let statements = parser.parseFile()
        let all = (lexErrors + parser.diagnostics).sorted { ($0.range?.start ?? SourcePosition(line: 0, column: 0)) < ($1.range?.start ?? SourcePosition(line: 0, column: 0)) }
        return (statements, Parser.deduplicated(all))
    }

    /// One diagnostic per line is enough: later ones on the same line are usually echoes of the first.
    static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seenLines = Set<Int>()
        return diagnostics.filter { seenLines.insert($0.range?.start.line ?? -1).inserted }
    }

    // file -> statement* EOF
    mutating func parseFile() -> [Stmt] {
        var statements: [Stmt] = []
        while !check(.eof) {
            if check(.newline) { advance(); continue }
            if check(.indent) {
                record(syntaxError("unexpected indent", at: current.range,
                                   help: "remove the extra spaces: this line is not inside a block"))
                skipBlock()
                continue
            }
            if check(.dedent) { advance(); continue }
            if let statement = parseStatementRecovering() { statements.append(contentsOf: statement) }
        }
        return statements
    }

    /// Parse one statement; on error record it, skip to the next statement and return nil.
    mutating func parseStatementRecovering() -> [Stmt]? {
        let before = index
        do {
            return try parseStatement()
        } catch let error as Diagnostic {
            record(error)
            synchronize()
            if index == before && !check(.eof) { advance() }
            return nil
        } catch {
            return nil
        }
    }

    /// Skip to the end of the current logical line, then past any block that belongs to it.
    mutating func synchronize() {
        while !check(.newline) && !check(.eof) && !check(.dedent) && !check(.indent) { advance() }
        if check(.newline) { advance() }
        if check(.indent) { skipBlock() }
    }

    /// Skip an INDENT ... matching DEDENT block.
    mutating func skipBlock() {
        var level = 0
        repeat {
            if check(.indent) { level += 1 } else if check(.dedent) { level -= 1 }
            advance()
        } while level > 0 && !check(.eof)
    }

    mutating func record(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    // MARK: token helpers

    var current: Token { tokens[min(index, tokens.count - 1)] }
    var previous: Token { tokens[max(0, min(index - 1, tokens.count - 1))] }

    func peekToken(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }
    func check(_ symbol: String) -> Bool { current.isOp(symbol) }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func match(_ symbol: String) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    /// `first` and the items after each following ',', up to one of `closers` (not consumed); a comma
    /// right before a closer ends the list (a trailing comma).
    mutating func parseCommaSeparated<Item>(after first: Item, upTo closers: String...,
                                            item: (inout Parser) throws -> Item) throws -> [Item] {
        var items = [first]
        while match(",") {
            if closers.contains(where: { check($0) }) { break }
            items.append(try item(&self))
        }
        return items
    }

    /// Consume `symbol` or fail with the one message template: "expected X after Y".
    @discardableResult
    mutating func consume(_ symbol: String, _ context: String, help: String? = nil) throws -> Token {
        if check(symbol) { return advance() }
        throw syntaxError("expected '\(symbol)' \(context), found \(current.display)", at: current.range, help: help)
    }

    mutating func consumeIdentifier(_ context: String) throws -> Token {
        if current.isIdentifier { return advance() }
        if current.isKeyword {
            throw syntaxError("'\(current.text)' is a keyword and cannot be used as a name", at: current.range)
        }
        throw syntaxError("expected a name \(context), found \(current.display)", at: current.range)
    }

    mutating func consumeNewline(_ context: String) throws {
        if check(.newline) { advance(); return }
        if check(.eof) || check(.dedent) { return }
        throw syntaxError("expected end of line \(context), found \(current.display)", at: current.range,
                          help: "put each statement on its own line, or separate them with ';'")
    }

    func syntaxError(_ message: String, at range: SourceRange, help: String? = nil) -> Diagnostic {
        Diagnostic(kind: "SyntaxError", message: message, range: range, helps: help.map { [$0] } ?? [])
    }

    func unsupported(_ what: String, at range: SourceRange, help: String? = nil) -> Diagnostic {
        Diagnostic(kind: "SyntaxError", message: "\(what) is not supported in lorarepl v1", range: range,
                   helps: help.map { [$0] } ?? [])
    }

    func range(from start: SourceRange) -> SourceRange {
        start.through(previous.range)
    }
}
