/// The `match` statement and its patterns (PEP 634), as CPython 3.11 parses them.
extension Parser {
    // matchStmt -> "match" subject ":" NEWLINE INDENT caseBlock+ DEDENT
    // subject -> namedExpression | starOrExpression ("," starOrExpression)+ [","]
    mutating func parseMatch() throws -> Stmt {
        let start = advance().range
        let subjectStart = current.range
        var subject = try parseStarOrExpression()
        if check(",") {
            let items = try parseCommaSeparated(after: subject, upTo: ":") { try $0.parseStarOrExpression() }
            subject = Expr(.tuple(items), range(from: subjectStart))
        }
        let header = range(from: start)
        try consume(":", "after the 'match' subject", help: "write: match command:")
        guard check(.newline) else {
            throw syntaxError("expected the 'case' blocks on the lines after 'match'", at: current.range)
        }
        advance()
        let missingIndent = syntaxError("expected an indented 'case' block after 'match'", at: current.range,
                                        help: "indent 'case pattern:' lines under the 'match' line")
        let cases = try parseIndentedLines(missingIndent: missingIndent) { parser in
            guard parser.current.kind == .name && parser.current.text == "case" else {
                throw parser.syntaxError("expected 'case' inside 'match', found \(parser.current.display)", at: parser.current.range,
                                         help: "each block of a match statement starts with 'case pattern:'")
            }
            return [try parser.parseCase()]
        }
        for item in cases.dropLast() where item.guardExpr == nil && item.pattern.isIrrefutable {
            let what: String
            if case .capture(let name) = item.pattern.kind { what = "name capture '\(name)'" } else { what = "wildcard" }
            throw syntaxError("\(what) makes remaining patterns unreachable", at: item.pattern.range,
                              help: "move this case last, or use a dotted name (Color.RED) to compare with a value")
        }
        return Stmt(.match(subject: subject, cases: cases), header)
    }

    // caseBlock -> "case" patterns ["if" namedExpression] block
    private mutating func parseCase() throws -> MatchCase {
        advance()
        let pattern = try parseTopPattern()
        let guardExpr = match("if") ? try parseNamedExpression() : nil
        let body = try parseBlock(after: "case")
        let names = pattern.boundNames
        if let repeated = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            throw syntaxError("multiple assignments to name '\(repeated.element)' in pattern", at: pattern.range)
        }
        return MatchCase(pattern: pattern, guardExpr: guardExpr, body: body)
    }

    // patterns -> openSequencePattern | pattern
    private mutating func parseTopPattern() throws -> Pattern {
        let start = current.range
        let first = try parseMaybeStarPattern()
        guard check(",") else {
            if case .star = first.kind { return Pattern(.sequence([first]), first.range) }
            return first
        }
        let items = try parseCommaSeparated(after: first, upTo: ":", "if") { try $0.parseMaybeStarPattern() }
        return Pattern(.sequence(items), range(from: start))
    }

    // maybeStarPattern -> "*" NAME | pattern
    private mutating func parseMaybeStarPattern() throws -> Pattern {
        guard check("*") else { return try parsePattern() }
        let star = advance().range
        let name = try consumeIdentifier("after '*' in a pattern")
        return Pattern(.star(name.text == "_" ? nil : name.text), star.through(name.range))
    }

    // pattern -> orPattern ["as" NAME]
    private mutating func parsePattern() throws -> Pattern {
        try enter()
        defer { depth -= 1 }
        let start = current.range
        let inner = try parseOrPattern()
        guard match("as") else { return inner }
        let name = try consumeIdentifier("after 'as' in a pattern")
        if name.text == "_" { throw syntaxError("cannot use '_' as a target", at: name.range) }
        return Pattern(.asPattern(inner, name: name.text), range(from: start))
    }

    // orPattern -> closedPattern ("|" closedPattern)*
    private mutating func parseOrPattern() throws -> Pattern {
        let start = current.range
        let first = try parseClosedPattern()
        guard check("|") else { return first }
        var alternatives = [first]
        while match("|") { alternatives.append(try parseClosedPattern()) }
        let names = Set(first.boundNames)
        for alternative in alternatives.dropFirst() where Set(alternative.boundNames) != names {
            throw syntaxError("alternative patterns bind different names", at: alternative.range,
                              help: "every alternative of '|' must bind the same names")
        }
        for alternative in alternatives.dropLast() where alternative.isIrrefutable {
            throw syntaxError("alternative patterns after an irrefutable one are unreachable", at: alternative.range)
        }
        return Pattern(.or(alternatives), range(from: start))
    }

    // closedPattern -> literal | NAME | dottedName | dottedName "(" classArguments ")" | "(" ... ")" | "[" ... "]" | "{" ... "}"
    private mutating func parseClosedPattern() throws -> Pattern {
        let token = current
        if token.kind == .number || token.kind == .string || check("-") {
            let value = try parseSum()
            if case .fstring = value.kind {
                throw syntaxError("patterns may only match literals and attribute lookups", at: value.range,
                                  help: "f-strings cannot be patterns; compare in a guard: case s if s == f\"...\":")
            }
            return Pattern(.value(value, identity: false), value.range)
        }
        if token.kind == .name, ["None", "True", "False"].contains(token.text) {
            let value = try parseAtom()
            return Pattern(.value(value, identity: true), value.range)
        }
        if token.isIdentifier {
            advance()
            var target = Expr(.name(token.text), token.range)
            var dotted = false
            while match(".") {
                let name = try consumeIdentifier("after '.' in a pattern")
                target = Expr(.attribute(target, name: name.text, nameRange: name.range), range(from: token.range))
                dotted = true
            }
            if match("(") { return try parseClassPattern(target, start: token.range) }
            if dotted { return Pattern(.value(target, identity: false), target.range) }
            return Pattern(token.text == "_" ? .wildcard : .capture(token.text), token.range)
        }
        if check("(") || check("[") {
            let closing = check("(") ? ")" : "]"
            let start = advance().range
            var items: [Pattern] = []
            var sawComma = false
            while !check(closing) {
                items.append(try parseMaybeStarPattern())
                if !match(",") { break }
                sawComma = true
            }
            try consume(closing, "to close the pattern")
            if closing == ")" && items.count == 1 && !sawComma, let only = items.first {
                if case .star = only.kind {} else { return only }
            }
            return Pattern(.sequence(items), range(from: start))
        }
        if check("{") { return try parseMappingPattern() }
        throw syntaxError("expected a pattern, found \(token.display)", at: token.range,
                          help: "a pattern is a literal, a name, a dotted value, [a, b], {\"key\": v} or Class(x=...)")
    }

    // mappingPattern -> "{" [(literal | dottedName) ":" pattern ("," ...)*] ["**" NAME] [","] "}"
    private mutating func parseMappingPattern() throws -> Pattern {
        let start = advance().range
        var entries: [(key: Expr, pattern: Pattern)] = []
        var rest: String?
        while !check("}") {
            if match("**") {
                rest = try consumeIdentifier("after '**' in a mapping pattern").text
                _ = match(",")
                break
            }
            let key: Expr
            if current.isIdentifier {
                key = try parsePrimary()
                guard case .attribute = key.kind else {
                    throw syntaxError("mapping pattern keys may only match literals and attribute lookups", at: key.range,
                                      help: "write the key as a literal (\"name\") or a dotted value (Keys.NAME)")
                }
            } else {
                key = try parseClosedPattern().literalExpr(self)
            }
            try consume(":", "after a key in a mapping pattern")
            entries.append((key, try parsePattern()))
            if !match(",") { break }
        }
        try consume("}", "to close the mapping pattern")
        return Pattern(.mapping(entries, rest: rest), range(from: start))
    }

    // classArguments -> pattern ("," pattern)* ("," NAME "=" pattern)* [","]
    private mutating func parseClassPattern(_ cls: Expr, start: SourceRange) throws -> Pattern {
        var positional: [Pattern] = []
        var keywords: [(name: String, pattern: Pattern)] = []
        while !check(")") {
            if current.isIdentifier && peekToken(1).isOp("=") {
                let name = advance()
                advance()
                if keywords.contains(where: { $0.name == name.text }) {
                    throw syntaxError("attribute name repeated in class pattern: \(name.text)", at: name.range)
                }
                keywords.append((name.text, try parsePattern()))
            } else {
                let pattern = try parsePattern()
                if !keywords.isEmpty {
                    throw syntaxError("positional patterns follow keyword patterns", at: pattern.range,
                                      help: "put Point(x, y) patterns before Point(x=..., y=...) ones")
                }
                positional.append(pattern)
            }
            if !match(",") { break }
        }
        try consume(")", "to close the class pattern")
        return Pattern(.classPattern(cls, positional: positional, keywords: keywords), range(from: start))
    }
}

extension Pattern {
    /// The expression of a literal pattern used as a mapping key.
    func literalExpr(_ parser: Parser) throws -> Expr {
        if case .value(let expr, _) = kind { return expr }
        throw parser.syntaxError("mapping pattern keys may only match literals and attribute lookups", at: range)
    }
}
