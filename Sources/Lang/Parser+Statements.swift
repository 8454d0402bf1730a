/// Statement rules.
extension Parser {
    // statement -> compoundStmt | simpleStmts
    mutating func parseStatement() throws -> [Stmt] {
        let token = current
        if token.kind == .name {
            switch token.text {
            case "if": return [try parseIf()]
            case "while": return [try parseWhile()]
            case "for": return [try parseFor()]
            case "def": return [try parseDef()]
            case "try": return [try parseTry()]
            case "with": return [try parseWith()]
            case "class": return [try parseClass()]
            case "async", "await":
                throw unsupported("'\(token.text)'", at: token.range)
            case "match" where isMatchStatement():
                return [try parseMatch()]
            default: break
            }
        }
        if token.isOp("@") { return [try parseDecorated()] }
        return try parseSimpleStatements()
    }

    private func isMatchStatement() -> Bool {
        let next = peekToken(1)
        guard next.kind == .name && !next.isOp("in") && !next.isOp("is") && !next.isOp("and") && !next.isOp("or") && !next.isOp("if")
                || next.kind == .number || next.kind == .string
                || ["(", "[", "{", "-", "*", "~"].contains(where: { next.isOp($0) }) else {
            return false
        }
        var k = index
        while k < tokens.count && tokens[k].kind != .newline && tokens[k].kind != .eof { k += 1 }
        return k > 0 && tokens[k - 1].isOp(":")
    }

    // simpleStmts -> smallStmt (";" smallStmt)* [";"] NEWLINE
    mutating func parseSimpleStatements() throws -> [Stmt] {
        var statements = [try parseSmallStatement()]
        while match(";") {
            if check(.newline) || check(.eof) { break }
            statements.append(try parseSmallStatement())
        }
        try consumeNewline("after the statement")
        return statements
    }

    // smallStmt -> pass | break | continue | returnStmt | raiseStmt | globalStmt | nonlocalStmt | delStmt
    //            | assertStmt | importStmt | fromImport | exprStmt
    mutating func parseSmallStatement() throws -> Stmt {
        let token = current
        guard token.kind == .name else { return try parseExpressionStatement() }
        switch token.text {
        case "pass": advance(); return Stmt(.pass, token.range)
        case "break": advance(); return Stmt(.breakLoop, token.range)
        case "continue": advance(); return Stmt(.continueLoop, token.range)
        case "return":
            // returnStmt -> "return" [expressions]
            advance()
            let value = atStatementEnd ? nil : try parseExpressions()
            return Stmt(.returnValue(value), range(from: token.range))
        case "raise":
            // raiseStmt -> "raise" [expression ["from" expression]]
            advance()
            if atStatementEnd { return Stmt(.raise(nil, cause: nil), token.range) }
            let exception = try parseExpression()
            let cause = match("from") ? try parseExpression() : nil
            return Stmt(.raise(exception, cause: cause), range(from: token.range))
        case "global", "nonlocal":
            // globalStmt -> "global" NAME ("," NAME)*
            advance()
            var names = [try consumeIdentifier("after '\(token.text)'").text]
            while match(",") { names.append(try consumeIdentifier("after ','").text) }
            return Stmt(token.text == "global" ? .global(names) : .nonlocal(names), range(from: token.range))
        case "del":
            // delStmt -> "del" target ("," target)*
            advance()
            var targets = [try parseBitOr()]
            while match(",") { if atStatementEnd { break }; targets.append(try parseBitOr()) }
            for target in targets { try checkTarget(target, verb: "delete") }
            return Stmt(.delete(targets), range(from: token.range))
        case "assert":
            // assertStmt -> "assert" expression ["," expression]
            advance()
            let condition = try parseExpression()
            let message = match(",") ? try parseExpression() : nil
            return Stmt(.assert(condition, message: message), range(from: token.range))
        case "import": return try parseImport()
        case "from": return try parseFromImport()
        case "class", "def", "if", "while", "for", "try", "with":
            throw syntaxError("'\(token.text)' must start its own line", at: token.range)
        default:
            return try parseExpressionStatement()
        }
    }

    var atStatementEnd: Bool { check(.newline) || check(.eof) || check(";") || check(.dedent) }

    // exprStmt -> expressions ( ("=" expressions)* | augOp expressions | ":" expression ["=" expressions] )
    mutating func parseExpressionStatement() throws -> Stmt {
        let start = current.range
        if current.isIdentifier && peekToken(1).isOp(":=") { advance(); throw walrusNeedsParentheses() }
        let first = try parseExpressions(allowStar: true)
        if check("=") {
            var targets = [first]
            var value = first
            while match("=") {
                if current.isIdentifier && peekToken(1).isOp(":=") { advance(); throw walrusNeedsParentheses() }
                value = try parseExpressions(allowStar: true)
                targets.append(value)
            }
            targets.removeLast()
            for target in targets { try checkTarget(target, verb: "assign to") }
            return Stmt(.assign(targets: targets, value: value), range(from: start))
        }
        if current.kind == .op, current.text.count >= 2, current.text.hasSuffix("="),
           let op = BinaryOperator(rawValue: String(current.text.dropLast())) {
            advance()
            if case .name = first.kind {} else if case .attribute = first.kind {} else if case .subscription = first.kind {} else {
                throw syntaxError("'\(describe(first))' is an illegal target for augmented assignment", at: first.range)
            }
            let value = try parseExpressions()
            return Stmt(.augmentedAssign(first, op, value), range(from: start))
        }
        if check(":=") { throw walrusNeedsParentheses() }
        if match(":") {
            let annotation = try parseExpression()
            try checkTarget(first, verb: "annotate")
            let value = match("=") ? try parseExpressions() : nil
            return Stmt(.annotatedAssign(first, annotation: annotation, value: value), range(from: start))
        }
        return Stmt(.expression(first), range(from: start))
    }

    /// Only names, attributes, subscripts and (nested) tuples/lists of them can be assigned to.
    func checkTarget(_ target: Expr, verb: String) throws {
        switch target.kind {
        case .name, .attribute, .subscription: return
        case .tuple(let items), .list(let items):
            for item in items { try checkTarget(item, verb: verb) }
        case .starred(let inner):
            try checkTarget(inner, verb: verb)
        default:
            var help: String?
            if verb == "assign to", case .compare = target.kind { help = "use '==' to compare, '=' to assign" }
            throw syntaxError("cannot \(verb) \(describe(target))", at: target.range, help: help)
        }
    }

    func describe(_ expr: Expr) -> String {
        switch expr.kind {
        case .call: return "a function call"
        case .constant(let value): return value.isNone ? "None" : "a literal"
        case .fstring: return "an f-string"
        case .binary, .unary: return "an expression"
        case .compare: return "a comparison"
        case .lambda: return "a lambda"
        case .and, .or: return "a boolean expression"
        case .conditional: return "a conditional expression"
        case .listComprehension, .dictComprehension, .setComprehension, .generator: return "a comprehension"
        case .dict, .set: return "a literal"
        default: return "this expression"
        }
    }

    // block -> ":" ( simpleStmts | NEWLINE INDENT statement+ DEDENT )
    mutating func parseBlock(after keyword: String) throws -> [Stmt] {
        try consume(":", "after '\(keyword)' header", help: "a block header ends with ':'")
        if !check(.newline) {
            return try parseSimpleStatements()
        }
        advance()
        let missingIndent = syntaxError("expected an indented block after '\(keyword)'", at: current.range,
                                        help: "indent the body (4 spaces), or write 'pass' for an empty block")
        return try parseIndentedLines(missingIndent: missingIndent) { parser in
            if parser.check(.indent) {
                parser.record(parser.syntaxError("unexpected indent", at: parser.current.range, help: "line this up with the block"))
                parser.skipBlock()
                return []
            }
            return parser.parseStatementRecovering() ?? []
        }
    }

    /// The lines of an indented block after its NEWLINE: INDENT, then `line` until the DEDENT (blank
    /// lines skipped); `missingIndent` is the error when the next line is not indented.
    mutating func parseIndentedLines<Item>(missingIndent: Diagnostic,
                                           _ line: (inout Parser) throws -> [Item]) throws -> [Item] {
        guard check(.indent) else { throw missingIndent }
        advance()
        var items: [Item] = []
        while !check(.dedent) && !check(.eof) {
            if check(.newline) { advance(); continue }
            items += try line(&self)
        }
        if check(.dedent) { advance() }
        return items
    }

    // ifStmt -> "if" expression block ("elif" expression block)* ["else" block]
    mutating func parseIf() throws -> Stmt {
        let start = advance().range
        var branches = [(condition: try parseNamedExpression(), body: try parseBlock(after: "if"))]
        var otherwise: [Stmt]?
        while check("elif") {
            advance()
            branches.append((try parseNamedExpression(), try parseBlock(after: "elif")))
        }
        if match("else") { otherwise = try parseBlock(after: "else") }
        return Stmt(.ifStatement(branches: branches, otherwise: otherwise), start)
    }

    // namedExpression -> NAME ":=" expression | expression
    mutating func parseNamedExpression() throws -> Expr {
        guard current.isIdentifier && peekToken(1).isOp(":=") else {
            let expr = try parseExpression()
            if check(":=") {
                throw syntaxError("cannot use assignment expressions with \(describe(expr))", at: expr.range,
                                  help: "the left of ':=' must be a plain name, e.g. (n := len(items))")
            }
            return expr
        }
        let name = advance()
        advance()
        let value = try parseExpression()
        if !functionWalrus.isEmpty { functionWalrus[functionWalrus.count - 1].insert(name.text) }
        return Expr(.named(Expr(.name(name.text), name.range), value: value), name.range.through(value.range))
    }

    /// `x := 1` as a whole statement (or as an assignment's value) needs parentheses in Python.
    func walrusNeedsParentheses() -> Diagnostic {
        syntaxError("invalid syntax: ':=' here needs parentheses", at: current.range,
                    help: "use '=' for a plain assignment, or write (name := value) inside an expression")
    }

    // whileStmt -> "while" expression block ["else" block]
    mutating func parseWhile() throws -> Stmt {
        let start = advance().range
        let condition = try parseNamedExpression()
        let body = try parseBlock(after: "while")
        let otherwise = match("else") ? try parseBlock(after: "else") : nil
        return Stmt(.whileLoop(condition: condition, body: body, otherwise: otherwise), start)
    }

    // forStmt -> "for" targetList "in" expressions block ["else" block]
    mutating func parseFor() throws -> Stmt {
        let start = advance().range
        let target = try parseTargetList()
        try consume("in", "after the loop variable of 'for'", help: "write: for item in items:")
        let iterable = try parseExpressions()
        let body = try parseBlock(after: "for")
        let otherwise = match("else") ? try parseBlock(after: "else") : nil
        return Stmt(.forLoop(target: target, iterable: iterable, body: body, otherwise: otherwise), start)
    }

    // targetList -> target ("," target)* [","]      target -> ["*"] bitOr
    mutating func parseTargetList() throws -> Expr {
        let start = current.range
        var items: [Expr] = []
        repeat {
            if check("in") || check("=") { break }
            if check("*") {
                let star = advance().range
                let inner = try parseBitOr()
                items.append(Expr(.starred(inner), star.through(inner.range)))
            } else {
                items.append(try parseBitOr())
            }
        } while match(",")
        guard let first = items.first else {
            throw syntaxError("expected a loop variable, found \(current.display)", at: current.range)
        }
        let target = items.count == 1 && !previous.isOp(",") ? first : Expr(.tuple(items), range(from: start))
        try checkTarget(target, verb: "assign to")
        return target
    }

    // tryStmt -> "try" block (exceptClause+ ["else" block] ["finally" block] | "finally" block)
    // exceptClause -> "except" [expression ["as" NAME]] block
    mutating func parseTry() throws -> Stmt {
        let start = advance().range
        let body = try parseBlock(after: "try")
        var handlers: [ExceptHandler] = []
        while check("except") {
            let clause = advance().range
            var type: Expr?
            var name: String?
            if !check(":") {
                type = try parseExpression()
                if match("as") { name = try consumeIdentifier("after 'as'").text }
            }
            handlers.append(ExceptHandler(type: type, name: name, body: try parseBlock(after: "except"), range: clause))
        }
        let otherwise = !handlers.isEmpty && match("else") ? try parseBlock(after: "else") : nil
        let finally = match("finally") ? try parseBlock(after: "finally") : nil
        if handlers.isEmpty && finally == nil {
            throw syntaxError("expected 'except' or 'finally' after the 'try' block", at: current.range)
        }
        return Stmt(.tryStatement(body: body, handlers: handlers, otherwise: otherwise, finally: finally), start)
    }

    // withStmt -> "with" withItem ("," withItem)* block      withItem -> expression ["as" target]
    mutating func parseWith() throws -> Stmt {
        let start = advance().range
        var items: [(context: Expr, target: Expr?)] = []
        let parenthesized = check("(") && isParenthesizedWithItems()
        if parenthesized { advance() }
        repeat {
            if parenthesized && check(")") { break }
            let context = try parseExpression()
            var target: Expr?
            if match("as") {
                target = try parseBitOr()
                if let t = target { try checkTarget(t, verb: "assign to") }
            }
            items.append((context, target))
        } while match(",")
        if parenthesized { try consume(")", "after the 'with' items") }
        return Stmt(.with(items: items, body: try parseBlock(after: "with")), start)
    }

    private func isParenthesizedWithItems() -> Bool {
        var k = index + 1
        var level = 1
        while k < tokens.count, level > 0 {
            if tokens[k].isOp("(") { level += 1 } else if tokens[k].isOp(")") { level -= 1 }
            if level == 1 && tokens[k].isOp("as") { return true }
            k += 1
        }
        return false
    }

    // defStmt -> "def" NAME "(" [parameters] ")" ["->" expression] block
    mutating func parseDef() throws -> Stmt {
        let start = advance().range
        let name = try consumeIdentifier("after 'def'")
        try consume("(", "after the function name", help: "write: def \(name.text)(arguments):")
        let parameters = try parseParameters(closing: ")", allowAnnotations: true)
        try consume(")", "after the parameters")
        if match("->") { _ = try parseExpression() }
        let header = range(from: start)
        functionYields.append(false)
        functionWalrus.append([])
        let body: [Stmt]
        do {
            body = try parseBlock(after: "def")
        } catch {
            functionYields.removeLast()
            functionWalrus.removeLast()
            throw error
        }
        let decl = FunctionDecl(name: name.text, parameters: parameters, body: body, range: header)
        decl.isGenerator = functionYields.removeLast()
        decl.walrusNames = functionWalrus.removeLast()
        ScopeAnalysis.analyze(decl)
        return Stmt(.functionDef(decl), header)
    }

    // decorated -> ("@" expression NEWLINE)+ (defStmt | classStmt)
    mutating func parseDecorated() throws -> Stmt {
        var decorators: [Expr] = []
        while match("@") {
            decorators.append(try parseExpression())
            try consumeNewline("after the decorator")
            while check(.newline) { advance() }
        }
        if check("def") {
            let statement = try parseDef()
            if case .functionDef(let decl) = statement.kind { decl.decorators = decorators }
            return statement
        }
        if check("class") {
            let statement = try parseClass()
            if case .classDef(let decl) = statement.kind { decl.decorators = decorators }
            return statement
        }
        if check("async") { throw unsupported("'async'", at: current.range) }
        throw syntaxError("expected 'def' or 'class' after the decorator, found \(current.display)", at: current.range)
    }

    // classStmt -> "class" NAME ["(" [arguments] ")"] block
    mutating func parseClass() throws -> Stmt {
        let start = advance().range
        let name = try consumeIdentifier("after 'class'")
        var bases: [Expr] = []
        var keywords: [CallArgument] = []
        if match("(") {
            while !check(")") {
                let argumentStart = current.range
                if current.isIdentifier && peekToken(1).isOp("=") {
                    let keyword = advance().text
                    advance()
                    let value = try parseExpression()
                    keywords.append(CallArgument(kind: .keyword(keyword), value: value, range: range(from: argumentStart)))
                } else if check("*") || check("**") {
                    throw unsupported("'*' arguments in a class header", at: current.range, help: "name the base classes directly")
                } else {
                    bases.append(try parseExpression())
                }
                if !match(",") { break }
            }
            try consume(")", "after the base classes")
        }
        let header = range(from: start)
        functionYields.append(false)
        functionWalrus.append([])
        defer { functionYields.removeLast(); functionWalrus.removeLast() }
        let body = try parseBlock(after: "class")
        return Stmt(.classDef(ClassDecl(name: name.text, bases: bases, keywords: keywords, body: body, range: header)), header)
    }

    // parameters -> parameter ("," parameter)* [","]
    // parameter -> NAME [":" expression] ["=" expression] | "*" [NAME] | "**" NAME | "/"
    mutating func parseParameters(closing: String, allowAnnotations: Bool) throws -> [ParameterDecl] {
        var parameters: [ParameterDecl] = []
        var keywordOnly = false
        var seenDefault = false
        var names = Set<String>()
        var bareStar: SourceRange?
        var keywordOnlyNamed = false
        while !check(closing) {
            let start = current.range
            if check("/") {
                try markPositionalOnly(&parameters, keywordOnly: keywordOnly)
                advance()
                if !match(",") { break }
                continue
            }
            var kind = keywordOnly ? ParameterDecl.Kind.keywordOnly : .normal
            if match("**") {
                kind = .variadicKeywords
            } else if match("*") {
                keywordOnly = true
                if check(",") || check(closing) {
                    bareStar = start
                    if match(",") { continue }
                    break
                }
                kind = .variadic
            }
            let name = try consumeIdentifier("for a parameter")
            if !names.insert(name.text).inserted {
                throw syntaxError("duplicate argument '\(name.text)' in function definition", at: name.range)
            }
            if allowAnnotations && match(":") { _ = try parseExpression() }
            var defaultValue: Expr?
            if match("=") {
                defaultValue = try parseExpression()
                if kind == .normal { seenDefault = true }
            } else if kind == .normal && seenDefault {
                throw syntaxError("parameter without a default follows parameter with a default", at: name.range,
                                  help: "move '\(name.text)' before the parameters that have defaults, or give it a default")
            }
            parameters.append(ParameterDecl(name: name.text, kind: kind, defaultValue: defaultValue, range: range(from: start)))
            if kind == .keywordOnly { keywordOnlyNamed = true }
            if kind == .variadicKeywords && !check(closing) && !(check(",") && peekToken(1).isOp(closing)) {
                throw syntaxError("'**\(name.text)' must be the last parameter", at: current.range)
            }
            if !match(",") { break }
        }
        if let bareStar, !keywordOnlyNamed {
            throw syntaxError("named arguments must follow bare *", at: bareStar,
                              help: "name at least one keyword-only parameter after *, e.g. def f(a, *, key=None):")
        }
        return parameters
    }

    /// `/` in a parameter list: the parameters before it become positional-only (CPython's checks).
    private mutating func markPositionalOnly(_ parameters: inout [ParameterDecl], keywordOnly: Bool) throws {
        if keywordOnly { throw syntaxError("/ must be ahead of *", at: current.range) }
        if parameters.isEmpty { throw syntaxError("at least one argument must precede /", at: current.range) }
        if parameters.contains(where: { $0.kind == .positionalOnly }) {
            throw syntaxError("/ may appear only once", at: current.range)
        }
        parameters = parameters.map { ParameterDecl(name: $0.name, kind: .positionalOnly, defaultValue: $0.defaultValue, range: $0.range) }
    }

    // importStmt -> "import" dottedName ["as" NAME] ("," dottedName ["as" NAME])*
    mutating func parseImport() throws -> Stmt {
        let start = advance().range
        var names: [ImportName] = []
        repeat {
            let nameStart = current.range
            let name = try parseDottedName()
            let alias = match("as") ? try consumeIdentifier("after 'as'").text : nil
            names.append(ImportName(name: name, alias: alias, range: range(from: nameStart)))
        } while match(",")
        return Stmt(.importModules(names), range(from: start))
    }

    // fromImport -> "from" dottedName "import" ("*" | importAsNames | "(" importAsNames [","] ")")
    mutating func parseFromImport() throws -> Stmt {
        let start = advance().range
        let moduleStart = current.range
        if check(".") { throw unsupported("relative imports", at: current.range) }
        let module = try parseDottedName()
        let moduleRange = range(from: moduleStart)
        try consume("import", "after the module name", help: "write: from \(module) import name")
        if check("*") {
            let star = advance()
            return Stmt(.importFrom(module: module, names: [ImportName(name: "*", alias: nil, range: star.range)], moduleRange: moduleRange),
                        range(from: start))
        }
        let parenthesized = match("(")
        var names: [ImportName] = []
        repeat {
            if parenthesized && check(")") { break }
            let name = try consumeIdentifier("to import")
            let alias = match("as") ? try consumeIdentifier("after 'as'").text : nil
            names.append(ImportName(name: name.text, alias: alias, range: range(from: name.range)))
        } while match(",")
        if parenthesized { try consume(")", "after the imported names") }
        return Stmt(.importFrom(module: module, names: names, moduleRange: moduleRange), range(from: start))
    }

    // dottedName -> NAME ("." NAME)*
    mutating func parseDottedName() throws -> String {
        var name = try consumeIdentifier("of a module").text
        while match(".") { name += "." + (try consumeIdentifier("after '.'").text) }
        return name
    }
}
