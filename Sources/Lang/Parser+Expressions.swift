/// Expression rules, from the loosest binding (`lambda`, `if/else`) to the tightest (atoms).
extension Parser {
    /// Guard against input nested so deeply that recursion could exhaust the stack.
    mutating func enter() throws {
        depth += 1
        if depth > Limits.maxNestingDepth {
            throw syntaxError("expression is nested too deeply (more than \(Limits.maxNestingDepth) levels)", at: current.range,
                              help: "split it into smaller expressions with intermediate variables")
        }
    }

    // expressions -> expression ("," expression)* [","]        (a tuple when there is a comma)
    mutating func parseExpressions(allowStar: Bool = true) throws -> Expr {
        let start = current.range
        let first = try parseStarOrExpression(allowStar: allowStar)
        guard check(",") else { return first }
        var items = [first]
        while match(",") {
            if atStatementEnd || check("=") || check(")") || check(":") || current.kind == .op && current.text.hasSuffix("=") && current.text != "==" { break }
            items.append(try parseStarOrExpression(allowStar: allowStar))
        }
        return Expr(.tuple(items), range(from: start))
    }

    // starOrExpression -> "*" bitOr | expression
    mutating func parseStarOrExpression(allowStar: Bool = true) throws -> Expr {
        if allowStar && check("*") {
            let star = advance().range
            let inner = try parseBitOr()
            return Expr(.starred(inner), star.through(inner.range))
        }
        return try parseNamedExpression()
    }

    // expression -> lambdef | disjunction ["if" disjunction "else" expression]
    mutating func parseExpression() throws -> Expr {
        try enter()
        defer { depth -= 1 }
        if check("lambda") { return try parseLambda() }
        if check("yield") { return try parseYield() }
        if check("await") { throw unsupported("'await'", at: current.range) }
        let value = try parseDisjunction()
        guard check("if") else { return value }
        advance()
        let condition = try parseDisjunction()
        try consume("else", "in a conditional expression", help: "write: a if condition else b")
        let otherwise = try parseExpression()
        return Expr(.conditional(condition: condition, then: value, otherwise: otherwise), value.range.through(otherwise.range))
    }

    // yieldExpr -> "yield" ["from" expression | expressions]
    mutating func parseYield() throws -> Expr {
        let start = advance().range
        guard !functionYields.isEmpty else {
            throw syntaxError("'yield' outside function", at: start, help: "yield only works inside a 'def' (making it a generator)")
        }
        functionYields[functionYields.count - 1] = true
        if match("from") {
            let source = try parseExpression()
            return Expr(.yieldFrom(source), range(from: start))
        }
        if atStatementEnd || check(")") || check("]") || check("}") || check("=") {
            return Expr(.yield(nil), start)
        }
        let value = try parseExpressions()
        return Expr(.yield(value), range(from: start))
    }

    // lambdef -> "lambda" [parameters] ":" expression
    mutating func parseLambda() throws -> Expr {
        let start = advance().range
        let parameters = try parseParameters(closing: ":", allowAnnotations: false)
        try consume(":", "after the lambda parameters")
        functionYields.append(false)
        functionWalrus.append([])
        defer { functionYields.removeLast() }
        let body: Expr
        do {
            body = try parseExpression()
        } catch {
            functionWalrus.removeLast()
            throw error
        }
        let whole = start.through(body.range)
        let decl = FunctionDecl(name: "<lambda>", parameters: parameters, body: [Stmt(.returnValue(body), body.range)], range: whole)
        decl.walrusNames = functionWalrus.removeLast()
        ScopeAnalysis.analyze(decl)
        return Expr(.lambda(decl), whole)
    }

    // disjunction -> conjunction ("or" conjunction)*
    mutating func parseDisjunction() throws -> Expr {
        try parseLeftChain("or", { try $0.parseConjunction() }, ExprKind.or)
    }

    // conjunction -> inversion ("and" inversion)*
    mutating func parseConjunction() throws -> Expr {
        try parseLeftChain("and", { try $0.parseInversion() }, ExprKind.and)
    }

    /// `operand (keyword operand)*`, folded to the left.
    private mutating func parseLeftChain(_ keyword: String, _ operand: (inout Parser) throws -> Expr,
                                         _ node: (Expr, Expr) -> ExprKind) throws -> Expr {
        var left = try operand(&self)
        while match(keyword) {
            let right = try operand(&self)
            left = Expr(node(left, right), left.range.through(right.range))
        }
        return left
    }

    // inversion -> "not" inversion | comparison
    mutating func parseInversion() throws -> Expr {
        if check("not") {
            let start = advance().range
            try enter()
            defer { depth -= 1 }
            let operand = try parseInversion()
            return Expr(.unary(.not, operand), start.through(operand.range))
        }
        return try parseComparison()
    }

    // comparison -> bitOr (compareOp bitOr)*
    // compareOp -> "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in" | "is" | "is" "not"
    mutating func parseComparison() throws -> Expr {
        let first = try parseBitOr()
        var rest: [(CompareOperator, Expr)] = []
        while true {
            var op: CompareOperator?
            if current.kind == .op, let simple = CompareOperator(rawValue: current.text) {
                op = simple
                advance()
            } else if check("in") {
                op = .in
                advance()
            } else if check("not") && peekToken(1).isOp("in") {
                op = .notIn
                advance(); advance()
            } else if check("is") {
                advance()
                op = match("not") ? .isNot : .is
            }
            guard let found = op else { break }
            rest.append((found, try parseBitOr()))
        }
        guard let last = rest.last else { return first }
        return Expr(.compare(first, rest), first.range.through(last.1.range))
    }

    /// One left-associative binary level: `operand (op operand)*`.
    private mutating func parseBinaryLevel(_ ops: [String], _ operand: (inout Parser) throws -> Expr) throws -> Expr {
        var left = try operand(&self)
        while current.kind == .op, ops.contains(current.text), let op = BinaryOperator(rawValue: current.text) {
            advance()
            let right = try operand(&self)
            left = Expr(.binary(op, left, right), left.range.through(right.range))
        }
        return left
    }

    // bitOr -> bitXor ("|" bitXor)*
    mutating func parseBitOr() throws -> Expr { try parseBinaryLevel(["|"]) { try $0.parseBitXor() } }
    // bitXor -> bitAnd ("^" bitAnd)*
    mutating func parseBitXor() throws -> Expr { try parseBinaryLevel(["^"]) { try $0.parseBitAnd() } }
    // bitAnd -> shift ("&" shift)*
    mutating func parseBitAnd() throws -> Expr { try parseBinaryLevel(["&"]) { try $0.parseShift() } }
    // shift -> sum (("<<" | ">>") sum)*
    mutating func parseShift() throws -> Expr { try parseBinaryLevel(["<<", ">>"]) { try $0.parseSum() } }
    // sum -> term (("+" | "-") term)*
    mutating func parseSum() throws -> Expr { try parseBinaryLevel(["+", "-"]) { try $0.parseTerm() } }
    // term -> factor (("*" | "/" | "//" | "%" | "@") factor)*
    mutating func parseTerm() throws -> Expr { try parseBinaryLevel(["*", "/", "//", "%", "@"]) { try $0.parseFactor() } }

    // factor -> ("+" | "-" | "~") factor | power
    mutating func parseFactor() throws -> Expr {
        let ops: [String: UnaryOperator] = ["-": .negate, "+": .plus, "~": .invert]
        if current.kind == .op, let op = ops[current.text] {
            let start = advance().range
            try enter()
            defer { depth -= 1 }
            let operand = try parseFactor()
            // Fold negative literals so `-9223372036854775808` and `-5` are constants.
            if op == .negate, case .constant(let value) = operand.kind {
                if case .int(let n) = value { return Expr(.constant(.int(n == Int.min ? n : -n)), start.through(operand.range)) }
                if case .float(let x) = value { return Expr(.constant(.float(-x)), start.through(operand.range)) }
            }
            return Expr(.unary(op, operand), start.through(operand.range))
        }
        return try parsePower()
    }

    // power -> primary ["**" factor]
    mutating func parsePower() throws -> Expr {
        let base = try parsePrimary()
        guard match("**") else { return base }
        try enter()
        defer { depth -= 1 }
        let exponent = try parseFactor()
        return Expr(.binary(.power, base, exponent), base.range.through(exponent.range))
    }

    // primary -> atom ( "(" [arguments] ")" | "[" subscripts "]" | "." NAME )*
    mutating func parsePrimary() throws -> Expr {
        var expr = try parseAtom()
        while true {
            if match("(") {
                let arguments = try parseArguments()
                try consume(")", "to close the call", help: "every '(' needs a matching ')'")
                expr = Expr(.call(expr, arguments), range(from: expr.range))
            } else if match("[") {
                let index = try parseSubscripts()
                try consume("]", "to close the subscript")
                expr = Expr(.subscription(expr, index: index), range(from: expr.range))
            } else if match(".") {
                let name = try consumeIdentifier("after '.'")
                expr = Expr(.attribute(expr, name: name.text, nameRange: name.range), range(from: expr.range))
            } else {
                return expr
            }
        }
    }

    // arguments -> argument ("," argument)* [","]
    // argument -> NAME "=" expression | "*" expression | "**" expression | expression [comprehensionFor]
    mutating func parseArguments() throws -> [CallArgument] {
        var arguments: [CallArgument] = []
        var seenKeyword = false
        while !check(")") {
            let start = current.range
            if match("**") {
                let value = try parseExpression()
                arguments.append(CallArgument(kind: .doubleStar, value: value, range: range(from: start)))
                seenKeyword = true
            } else if match("*") {
                let value = try parseExpression()
                arguments.append(CallArgument(kind: .star, value: value, range: range(from: start)))
            } else if current.isIdentifier && peekToken(1).isOp("=") {
                let name = advance().text
                advance()
                let value = try parseExpression()
                if arguments.contains(where: { if case .keyword(name) = $0.kind { return true }; return false }) {
                    throw syntaxError("keyword argument repeated: \(name)", at: range(from: start))
                }
                arguments.append(CallArgument(kind: .keyword(name), value: value, range: range(from: start)))
                seenKeyword = true
            } else {
                var value = try parseNamedExpression()
                if check("for") {
                    let clauses = try parseComprehensionClauses()
                    value = Expr(.generator(value, clauses), range(from: start))
                }
                if check("=") {
                    throw syntaxError("expression cannot be used as a keyword name", at: value.range,
                                      help: "a keyword argument is written name=value")
                }
                if seenKeyword {
                    throw syntaxError("positional argument follows keyword argument", at: value.range,
                                      help: "put positional arguments before keyword arguments")
                }
                arguments.append(CallArgument(kind: .positional, value: value, range: value.range))
            }
            if !match(",") { break }
        }
        return arguments
    }

    // subscripts -> subscript ("," subscript)* [","]      subscript -> expression | [expression] ":" [expression] [":" [expression]]
    mutating func parseSubscripts() throws -> Expr {
        let start = current.range
        var items: [Expr] = []
        var sawComma = false
        repeat {
            if check("]") { break }
            items.append(try parseSubscript())
            if check(",") { sawComma = true }
        } while match(",")
        guard let first = items.first else {
            throw syntaxError("expected an index inside '[]'", at: current.range)
        }
        return sawComma ? Expr(.tuple(items), range(from: start)) : first
    }

    private mutating func parseSubscript() throws -> Expr {
        let start = current.range
        var lower: Expr?
        if !check(":") {
            let value = try parseStarOrExpression()
            if !check(":") { return value }
            lower = value
        }
        advance()
        let upper = check(":") || check("]") || check(",") ? nil : try parseExpression()
        var step: Expr?
        if match(":") { step = check("]") || check(",") ? nil : try parseExpression() }
        return Expr(.slice(lower: lower, upper: upper, step: step), range(from: start))
    }

    // comprehensionFor -> ("for" targetList "in" disjunction ("if" disjunction)*)+
    mutating func parseComprehensionClauses() throws -> [ComprehensionClause] {
        var clauses: [ComprehensionClause] = []
        while match("for") {
            let target = try parseTargetList()
            try consume("in", "in a comprehension", help: "write: [x for x in items]")
            let iterable = try parseDisjunction()
            var conditions: [Expr] = []
            while match("if") { conditions.append(try parseDisjunction()) }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
        }
        return clauses
    }
}
