/// Turns source text into tokens, with INDENT/DEDENT for blocks and an exact range on every token.
///
/// Lexical errors do not stop the lexer: each becomes a `SyntaxError` diagnostic and scanning goes on,
/// so one cell can report several problems. Literal scanning lives in `Lexer+Literals.swift`.
struct Lexer {
    let source: SourceText
    var scalars: [Unicode.Scalar]
    var index = 0
    var line: Int
    var lineStart = 0
    /// Added to columns on the first line: f-string fields are lexed from inside their string.
    var firstLineColumnOffset: Int
    let startLine: Int
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    private var indentStack = [0]
    /// Open brackets with where they opened, for implicit line joining and "never closed" errors.
    private var brackets: [(Unicode.Scalar, SourcePosition)] = []
    private var atLineStart = true

    /// Lex `text` of `source`; `start` positions a fragment (an f-string field) inside a bigger source.
    init(source: SourceText, text: String? = nil, start: SourcePosition = SourcePosition(line: 1, column: 1)) {
        self.source = source
        self.scalars = Array((text ?? source.text).unicodeScalars)
        self.line = start.line
        self.startLine = start.line
        self.firstLineColumnOffset = start.column - 1
    }

    /// Every token, ending with NEWLINE, the pending DEDENTs and EOF.
    static func tokenize(_ source: SourceText) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source: source)
        lexer.run(expressionOnly: false)
        return (lexer.tokens, lexer.diagnostics)
    }

    var position: SourcePosition {
        SourcePosition(line: line, column: index - lineStart + 1 + (line == startLine ? firstLineColumnOffset : 0))
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let at = index + offset
        return at < scalars.count ? scalars[at] : nil
    }

    mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    func range(from start: SourcePosition) -> SourceRange {
        SourceRange(source: source, start: start, end: position)
    }

    mutating func error(_ message: String, at range: SourceRange, help: String? = nil) {
        diagnostics.append(Diagnostic(kind: "SyntaxError", message: message, range: range, helps: help.map { [$0] } ?? []))
    }

    mutating func emit(_ kind: TokenKind, _ text: String, _ literal: Literal? = nil, from start: SourcePosition) {
        tokens.append(Token(kind: kind, text: text, literal: literal, range: range(from: start)))
    }

    /// Scan everything. `expressionOnly` skips indentation handling (f-string fields).
    mutating func run(expressionOnly: Bool) {
        while index < scalars.count {
            if atLineStart && brackets.isEmpty && !expressionOnly {
                if !handleIndentation() { continue }
            }
            guard let c = peek() else { break }
            let start = position
            switch c {
            case " ", "\t", "\u{0C}", "\r":
                advance()
            case "#":
                while let next = peek(), next != "\n" { advance() }
            case "\\":
                advance()
                if peek() == "\r" { advance() }
                if peek() == "\n" { advance() } else {
                    error("unexpected character after line continuation '\\'", at: range(from: start),
                          help: "a '\\' continues a line only when it is the last character on it")
                }
            case "\n":
                if brackets.isEmpty && !expressionOnly {
                    if let last = tokens.last, last.kind != .newline, last.kind != .indent, last.kind != .dedent {
                        advance()
                        tokens.append(Token(kind: .newline, text: "\n", literal: nil,
                                            range: SourceRange(source: source, start: start, end: SourcePosition(line: start.line, column: start.column + 1))))
                    } else {
                        advance()
                    }
                    atLineStart = true
                } else {
                    advance()
                }
            case "0"..."9":
                scanNumber()
            case ".":
                if let next = peek(1), ("0"..."9").contains(next) { scanNumber() } else { scanOperator() }
            case "\"", "'":
                scanString(prefix: "", start: start)
            default:
                if c == "_" || c.properties.isXIDStart {
                    scanNameOrPrefixedString()
                } else {
                    scanOperator()
                }
            }
        }
        finish(expressionOnly: expressionOnly)
    }

    /// At the start of a logical line: measure indentation and emit INDENT/DEDENT.
    /// Returns false when the line is blank or a comment (nothing to emit).
    private mutating func handleIndentation() -> Bool {
        var width = 0
        let start = position
        var sawTab = false
        while let c = peek(), c == " " || c == "\t" || c == "\u{0C}" {
            if c == "\t" { sawTab = true; width += 8 - width % 8 } else if c == " " { width += 1 }
            advance()
        }
        guard let c = peek() else { return false }
        if c == "\n" || c == "#" || c == "\r" {
            while let next = peek(), next != "\n" { advance() }
            if peek() == "\n" { advance() }
            return false
        }
        if c == "\\" && (peek(1) == "\n") { advance(); advance(); return false }
        atLineStart = false
        if sawTab {
            error("a tab is used for indentation", at: range(from: start),
                  help: "indent with spaces only (4 per level is the convention)")
        }
        let current = indentStack[indentStack.count - 1]
        if width > current {
            indentStack.append(width)
            emit(.indent, "", from: start)
        } else if width < current {
            while let top = indentStack.last, top > width {
                indentStack.removeLast()
                emit(.dedent, "", from: position)
            }
            if indentStack.last != width {
                error("unindent does not match any outer indentation level", at: range(from: start),
                      help: "line this up with the block it belongs to")
                indentStack.append(width)
            }
        }
        return true
    }

    private mutating func finish(expressionOnly: Bool) {
        for (bracket, at) in brackets {
            let r = SourceRange(source: source, start: at, end: SourcePosition(line: at.line, column: at.column + 1))
            error("'\(bracket)' was never closed", at: r, help: "add the matching closing bracket")
        }
        let end = position
        if !expressionOnly {
            if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
                emit(.newline, "", from: end)
            }
            while indentStack.count > 1 {
                indentStack.removeLast()
                emit(.dedent, "", from: end)
            }
        }
        emit(.eof, "", from: end)
    }

    private static let operators3: Set<String> = ["**=", "//=", ">>=", "<<=", "..."]
    private static let operators2: Set<String> = [
        "**", "//", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=", "<<", ">>",
    ]
    private static let operators1: Set<Unicode.Scalar> = [
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
    ]
    private static let closers: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "}": "{"]

    private mutating func scanOperator() {
        let start = position
        func text(_ n: Int) -> String {
            var s = ""
            for k in 0..<n { if let c = peek(k) { s.unicodeScalars.append(c) } }
            return s
        }
        for (n, set) in [(3, Lexer.operators3), (2, Lexer.operators2)] where set.contains(text(n)) {
            let op = text(n)
            for _ in 0..<n { advance() }
            emit(.op, op, from: start)
            return
        }
        guard let c = peek() else { return }
        advance()
        guard Lexer.operators1.contains(c) else {
            let shown = c == "!" ? "'!' (use 'not' for negation, '!=' for inequality)" : "'\(c)'"
            error("unexpected character \(shown)", at: range(from: start))
            return
        }
        if c == "(" || c == "[" || c == "{" {
            brackets.append((c, start))
        } else if let opener = Lexer.closers[c] {
            if let last = brackets.last, last.0 == opener {
                brackets.removeLast()
            } else if let last = brackets.last {
                error("closing '\(c)' does not match opening '\(last.0)' at line \(last.1.line)", at: range(from: start))
                brackets.removeLast()
            } else {
                error("unmatched '\(c)'", at: range(from: start), help: "remove it or add the opening bracket")
            }
        }
        emit(.op, String(c), from: start)
    }

    private mutating func scanNameOrPrefixedString() {
        let start = position
        let startIndex = index
        while let c = peek(), c == "_" || c.properties.isXIDContinue { advance() }
        var name = ""
        name.unicodeScalars.append(contentsOf: scalars[startIndex..<index])
        if let q = peek(), q == "\"" || q == "'", ["r", "u", "f", "b", "rf", "fr", "rb", "br"].contains(name.lowercased()) {
            scanString(prefix: name.lowercased(), start: start)
            return
        }
        emit(.name, name, from: start)
    }
}
