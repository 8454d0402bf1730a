/// The atom rule: names, literals, strings (with f-strings) and bracketed displays.
extension Parser {
    // atom -> NAME | NUMBER | STRING+ | "None" | "True" | "False" | parenthesized | listDisplay | dictOrSetDisplay
    mutating func parseAtom() throws -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            switch token.literal {
            case .int(let n)?: return Expr(.constant(.int(n)), token.range)
            case .float(let x)?: return Expr(.constant(.float(x)), token.range)
            default: return Expr(.constant(.int(0)), token.range)
            }
        case .string:
            return try parseStrings()
        case .name:
            switch token.text {
            case "None": advance(); return Expr(.constant(.none), token.range)
            case "True": advance(); return Expr(.constant(.bool(true)), token.range)
            case "False": advance(); return Expr(.constant(.bool(false)), token.range)
            case "yield": return try parseYield()
            case "await": throw unsupported("'await'", at: token.range)
            default:
                if token.isKeyword {
                    throw syntaxError("expected an expression, found the keyword '\(token.text)'", at: token.range)
                }
                advance()
                return Expr(.name(token.text), token.range)
            }
        case .op:
            switch token.text {
            case "(": return try parseParenthesized()
            case "[": return try parseListDisplay()
            case "{": return try parseDictOrSetDisplay()
            case "...":
                advance()
                return Expr(.constant(.host(EllipsisObject.shared)), token.range)
            default: break
            }
        default:
            break
        }
        throw syntaxError("expected an expression, found \(token.display)", at: token.range)
    }

    // strings -> STRING+        (adjacent literals are concatenated; f-strings become FStringParts)
    mutating func parseStrings() throws -> Expr {
        let start = current.range
        var parts: [FStringPart] = []
        var isFString = false
        var bytes: [UInt8]?
        while check(.string) {
            let token = advance()
            if case .bytes(let more)? = token.literal {
                guard parts.isEmpty else { throw syntaxError("cannot mix bytes and nonbytes literals", at: token.range) }
                bytes = (bytes ?? []) + more
                continue
            }
            if bytes != nil { throw syntaxError("cannot mix bytes and nonbytes literals", at: token.range) }
            switch token.literal {
            case .string(let text)?: parts.append(.literal(text))
            case .fstring(let pieces)?:
                isFString = true
                parts += try parseFStringPieces(pieces)
            default: break
            }
        }
        let whole = range(from: start)
        if let bytes { return Expr(.constant(.bytes(bytes)), whole) }
        if !isFString {
            let text = parts.map { if case .literal(let s) = $0 { return s }; return "" }.joined()
            return Expr(.constant(.str(text)), whole)
        }
        return Expr(.fstring(parts), whole)
    }

    /// Parse each `{code}` of an f-string with a nested lexer positioned at the code in the source.
    mutating func parseFStringPieces(_ pieces: [FStringPiece]) throws -> [FStringPart] {
        var parts: [FStringPart] = []
        for piece in pieces {
            switch piece {
            case .literal(let text):
                parts.append(.literal(text))
            case .field(let code, let start, let conversion, let spec, let selfDocumenting):
                var lexer = Lexer(source: source, text: code, start: start)
                lexer.run(expressionOnly: true)
                diagnostics += lexer.diagnostics
                var inner = Parser(tokens: lexer.tokens, source: source)
                inner.depth = depth
                let expr = try inner.parseExpressions()
                diagnostics += inner.diagnostics
                if !inner.check(.eof) {
                    throw syntaxError("f-string: expected '}' after the expression, found \(inner.current.display)", at: inner.current.range)
                }
                let specParts = try spec.map { try parseFStringPieces($0) }
                parts.append(.field(expr, conversion: conversion, spec: specParts, selfDocumenting: selfDocumenting))
            }
        }
        return parts
    }

    // parenthesized -> "(" ")" | "(" starOrExpression comprehensionFor ")" | "(" expressions ")"
    mutating func parseParenthesized() throws -> Expr {
        let start = advance().range
        try enter()
        defer { depth -= 1 }
        if match(")") { return Expr(.tuple([]), range(from: start)) }
        let first = try parseStarOrExpression()
        if check("for") {
            let clauses = try parseComprehensionClauses()
            try consume(")", "to close the generator expression")
            return Expr(.generator(first, clauses), range(from: start))
        }
        if match(")") {
            if case .starred = first.kind {
                throw syntaxError("cannot use starred expression here", at: first.range)
            }
            return Expr(first.kind, range(from: start))
        }
        let items = try parseCommaSeparated(after: first, upTo: ")") { try $0.parseStarOrExpression() }
        try consume(")", "to close the tuple", help: "every '(' needs a matching ')'")
        return Expr(.tuple(items), range(from: start))
    }

    // listDisplay -> "[" [starOrExpression (comprehensionFor | ("," starOrExpression)* [","])] "]"
    mutating func parseListDisplay() throws -> Expr {
        let start = advance().range
        try enter()
        defer { depth -= 1 }
        if match("]") { return Expr(.list([]), range(from: start)) }
        let first = try parseStarOrExpression()
        if check("for") {
            let clauses = try parseComprehensionClauses()
            try consume("]", "to close the list comprehension")
            return Expr(.listComprehension(first, clauses), range(from: start))
        }
        let items = try parseCommaSeparated(after: first, upTo: "]") { try $0.parseStarOrExpression() }
        try consume("]", "to close the list", help: "separate items with ',' and end the list with ']'")
        return Expr(.list(items), range(from: start))
    }

    // dictOrSetDisplay -> "{" "}" | "{" dictItem (comprehensionFor | ("," dictItem)* [","]) "}"
    //                   | "{" starOrExpression (comprehensionFor | ("," starOrExpression)* [","]) "}"
    // dictItem -> expression ":" expression | "**" bitOr
    mutating func parseDictOrSetDisplay() throws -> Expr {
        let start = advance().range
        try enter()
        defer { depth -= 1 }
        if match("}") { return Expr(.dict([]), range(from: start)) }
        var entries: [(key: Expr?, value: Expr)] = []
        if match("**") {
            entries.append((nil, try parseBitOr()))
        } else {
            let first = try parseStarOrExpression()
            if !check(":") {
                if check("for") {
                    let clauses = try parseComprehensionClauses()
                    try consume("}", "to close the set comprehension")
                    return Expr(.setComprehension(first, clauses), range(from: start))
                }
                let items = try parseCommaSeparated(after: first, upTo: "}") { try $0.parseStarOrExpression() }
                try consume("}", "to close the set")
                return Expr(.set(items), range(from: start))
            }
            advance()
            let value = try parseExpression()
            if check("for") {
                let clauses = try parseComprehensionClauses()
                try consume("}", "to close the dict comprehension")
                return Expr(.dictComprehension(key: first, value: value, clauses), range(from: start))
            }
            entries.append((first, value))
        }
        while match(",") {
            if check("}") { break }
            if match("**") {
                entries.append((nil, try parseBitOr()))
                continue
            }
            let key = try parseExpression()
            try consume(":", "after a dict key", help: "dict entries are written key: value")
            entries.append((key, try parseExpression()))
        }
        try consume("}", "to close the dict", help: "separate entries with ',' and end the dict with '}'")
        return Expr(.dict(entries), range(from: start))
    }
}
