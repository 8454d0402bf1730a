/// What a token is. Keywords are `.name` tokens whose text is in `Token.keywords`.
enum TokenKind: Equatable {
    case name
    case number
    case string
    case op
    case newline
    case indent
    case dedent
    case eof
}

/// The literal a number or string token stands for.
enum Literal {
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case fstring([FStringPiece])
}

/// One piece of an f-string as the lexer splits it; the parser parses the field code.
enum FStringPiece {
    case literal(String)
    /// `{code!conversion:spec}`; `start` is where `code` begins in the source; `selfDocumenting` is
    /// the text before `=` for `{x=}`.
    case field(code: String, start: SourcePosition, conversion: Character?, spec: [FStringPiece]?, selfDocumenting: String?)
}

/// A token with its exact source range.
struct Token {
    let kind: TokenKind
    /// The lexeme for names and operators; the raw text for literals.
    let text: String
    let literal: Literal?
    let range: SourceRange

    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    var isKeyword: Bool { kind == .name && Token.keywords.contains(text) }
    var isIdentifier: Bool { kind == .name && !Token.keywords.contains(text) }

    /// True when this is the operator or keyword `text`.
    func isOp(_ symbol: String) -> Bool { (kind == .op || kind == .name) && text == symbol }

    /// How an error message names this token.
    var display: String {
        switch kind {
        case .newline: return "end of line"
        case .indent: return "indent"
        case .dedent: return "dedent"
        case .eof: return "end of input"
        default: return "'\(text)'"
        }
    }
}
