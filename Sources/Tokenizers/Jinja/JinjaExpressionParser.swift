import Foundation

/// The tokens of one tag, parsed into an expression by recursive descent.
struct TokenStream {
    let tokens: [JinjaToken]
    let start: SourcePosition
    private(set) var index = 0
    /// Bracket nesting, bounded so a hostile template cannot overflow the stack.
    private var nesting = 0

    init(tokens: [JinjaToken], start: SourcePosition) {
        self.tokens = tokens
        self.start = start
    }

    var peek: JinjaToken? { index < tokens.count ? tokens[index] : nil }
    var position: SourcePosition { peek?.position ?? tokens.last?.position ?? start }
    mutating func advance() { index += 1 }

    func peekOp(_ op: String) -> Bool { if case .op(op)? = peek?.kind { return true }; return false }
    func peekKeyword(_ word: String) -> Bool { if case .name(word)? = peek?.kind { return true }; return false }

    mutating func accept(op: String) -> Bool {
        guard peekOp(op) else { return false }
        index += 1
        return true
    }

    mutating func accept(keyword: String) -> Bool {
        guard peekKeyword(keyword) else { return false }
        index += 1
        return true
    }

    mutating func expect(op: String) throws {
        guard accept(op: op) else { throw position.error("expected `\(op)` here\(found)") }
    }

    mutating func expect(keyword: String) throws {
        guard accept(keyword: keyword) else { throw position.error("expected `\(keyword)` here\(found)") }
    }

    mutating func expectName() throws -> String {
        guard case let .name(name)? = peek?.kind else { throw position.error("expected a name here\(found)") }
        index += 1
        return name
    }

    func expectEnd() throws {
        if peek != nil { throw position.error("unexpected \(describe(peek)) at the end of the tag") }
    }

    private var found: String { peek == nil ? " (the tag ended)" : " but found \(describe(peek))" }

    private func describe(_ token: JinjaToken?) -> String {
        switch token?.kind {
        case let .name(n)?: return "`\(n)`"
        case let .string(s)?: return "the string \(s.debugDescription)"
        case let .integer(i)?: return "the number \(i)"
        case let .float(d)?: return "the number \(d)"
        case let .op(o)?: return "`\(o)`"
        case nil: return "the end"
        }
    }

    // MARK: precedence levels

    mutating func parseExpression(allowConditional: Bool = true) throws -> JinjaExpr {
        let value = try parseOr()
        guard allowConditional, accept(keyword: "if") else { return value }
        let condition = try parseOr()
        let otherwise = accept(keyword: "else") ? try parseExpression() : nil
        return .conditional(then: value, condition: condition, otherwise: otherwise)
    }

    private mutating func parseOr() throws -> JinjaExpr {
        var left = try parseAnd()
        while accept(keyword: "or") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws -> JinjaExpr {
        var left = try parseNot()
        while accept(keyword: "and") { left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws -> JinjaExpr {
        if accept(keyword: "not") {
            guard nesting < 100 else { throw position.error("expressions nest more than 100 levels deep") }
            nesting += 1
            defer { nesting -= 1 }
            return .not(try parseNot())
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> JinjaExpr {
        let first = try parseAdditive()
        var rest: [(String, JinjaExpr, SourcePosition)] = []
        while true {
            let position = self.position
            if case let .op(op)? = peek?.kind, ["==", "!=", "<", ">", "<=", ">="].contains(op) {
                advance()
                rest.append((op, try parseAdditive(), position))
            } else if accept(keyword: "in") {
                rest.append(("in", try parseAdditive(), position))
            } else if peekKeyword("not"), index + 1 < tokens.count, case .name("in") = tokens[index + 1].kind {
                index += 2
                rest.append(("not in", try parseAdditive(), position))
            } else {
                break
            }
        }
        return rest.isEmpty ? first : .compare(first, rest)
    }

    private mutating func parseAdditive() throws -> JinjaExpr {
        var left = try parseConcat()
        while true {
            let position = self.position
            if accept(op: "+") { left = .binary("+", left, try parseConcat(), position) }
            else if accept(op: "-") { left = .binary("-", left, try parseConcat(), position) }
            else { return left }
        }
    }

    private mutating func parseConcat() throws -> JinjaExpr {
        var left = try parseMultiplicative()
        while true {
            let position = self.position
            guard accept(op: "~") else { return left }
            left = .binary("~", left, try parseMultiplicative(), position)
        }
    }

    private mutating func parseMultiplicative() throws -> JinjaExpr {
        var left = try parsePower()
        while true {
            let position = self.position
            if case let .op(op)? = peek?.kind, ["*", "/", "//", "%"].contains(op) {
                advance()
                left = .binary(op, left, try parsePower(), position)
            } else {
                return left
            }
        }
    }

    private mutating func parsePower() throws -> JinjaExpr {
        let left = try parseUnary()
        let position = self.position
        if accept(op: "**") { return .binary("**", left, try parseUnary(), position) }
        return left
    }

    private mutating func parseUnary(withFilters: Bool = true) throws -> JinjaExpr {
        let position = self.position
        var value: JinjaExpr
        guard nesting < 100 else { throw position.error("expressions nest more than 100 levels deep") }
        if accept(op: "-") { nesting += 1; defer { nesting -= 1 }; value = .unary("-", try parseUnary(withFilters: false), position) }
        else if accept(op: "+") { nesting += 1; defer { nesting -= 1 }; value = try parseUnary(withFilters: false) }
        else { value = try parsePostfix(try parsePrimary()) }
        return withFilters ? try parseFilters(value) : value
    }

    /// `value | filter(args)` and `value is [not] test(args)`.
    private mutating func parseFilters(_ base: JinjaExpr) throws -> JinjaExpr {
        var value = base
        while true {
            let position = self.position
            if accept(op: "|") {
                let name = try expectName()
                var args: [JinjaExpr] = [], kwargs: [(String, JinjaExpr)] = []
                if accept(op: "(") { (args, kwargs) = try parseArguments() }
                value = .filter(value, name, args, kwargs, position)
            } else if accept(keyword: "is") {
                let negated = accept(keyword: "not")
                let name: String
                if accept(keyword: "none") || accept(keyword: "None") { name = "none" }
                else if accept(keyword: "true") || accept(keyword: "True") { name = "true" }
                else if accept(keyword: "false") || accept(keyword: "False") { name = "false" }
                else { name = try expectName() }
                var args: [JinjaExpr] = []
                if accept(op: "(") {
                    (args, _) = try parseArguments()
                } else if let next = peek, case .string = next.kind {
                    args = [try parsePrimary()]
                } else if let next = peek, case .integer = next.kind {
                    args = [try parsePrimary()]
                }
                value = .test(value, name, args, negated: negated, position)
            } else {
                return value
            }
        }
    }

    private mutating func parsePostfix(_ base: JinjaExpr) throws -> JinjaExpr {
        var value = base
        while true {
            let position = self.position
            if accept(op: ".") {
                value = .attribute(value, try expectName(), position)
            } else if accept(op: "[") {
                var parts: [JinjaExpr?] = [nil]
                var isSlice = false
                while !peekOp("]") {
                    if accept(op: ":") {
                        isSlice = true
                        parts.append(nil)
                    } else {
                        guard parts[parts.count - 1] == nil else { throw self.position.error("expected `]` or `:` here") }
                        parts[parts.count - 1] = try parseExpression()
                    }
                }
                try expect(op: "]")
                if isSlice {
                    guard parts.count <= 3 else { throw position.error("a slice has at most start:stop:step") }
                    value = .slice(value, parts[0], parts.count > 1 ? parts[1] : nil, parts.count > 2 ? parts[2] : nil, position)
                } else {
                    guard let key = parts[0] else { throw position.error("empty `[]`: put an index or a key inside") }
                    value = .item(value, key, position)
                }
            } else if accept(op: "(") {
                let (args, kwargs) = try parseArguments()
                value = .call(value, args, kwargs, position)
            } else {
                return value
            }
        }
    }

    /// Arguments after `(` up to and including `)`: positional then `name=value`.
    private mutating func parseArguments() throws -> ([JinjaExpr], [(String, JinjaExpr)]) {
        var args: [JinjaExpr] = [], kwargs: [(String, JinjaExpr)] = []
        if accept(op: ")") { return (args, kwargs) }
        repeat {
            if peekOp(")") { break }
            if case let .name(name)? = peek?.kind, index + 1 < tokens.count, case .op("=") = tokens[index + 1].kind {
                index += 2
                kwargs.append((name, try parseExpression()))
            } else {
                args.append(try parseExpression())
            }
        } while accept(op: ",")
        try expect(op: ")")
        return (args, kwargs)
    }

    private mutating func parsePrimary() throws -> JinjaExpr {
        guard let token = peek else { throw position.error("expected a value here (the tag ended)") }
        guard nesting < 100 else { throw token.position.error("expressions nest more than 100 levels deep") }
        nesting += 1
        defer { nesting -= 1 }
        advance()
        switch token.kind {
        case var .string(s):
            while case let .string(more)? = peek?.kind { s += more; advance() }   // "a" "b" concatenates
            return .literal(.string(s))
        case let .integer(i): return .literal(.int(i))
        case let .float(d): return .literal(.double(d))
        case let .name(name):
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.none)
            default: return .name(name, token.position)
            }
        case .op("("):
            let first = try parseExpression()
            if accept(op: ",") {
                var items = [first]
                while !peekOp(")") {
                    items.append(try parseExpression())
                    if !accept(op: ",") { break }
                }
                try expect(op: ")")
                return .list(items)
            }
            try expect(op: ")")
            return first
        case .op("["):
            var items: [JinjaExpr] = []
            while !peekOp("]") {
                items.append(try parseExpression())
                if !accept(op: ",") { break }
            }
            try expect(op: "]")
            return .list(items)
        case .op("{"):
            var pairs: [(JinjaExpr, JinjaExpr)] = []
            while !peekOp("}") {
                let key = try parseExpression()
                try expect(op: ":")
                pairs.append((key, try parseExpression()))
                if !accept(op: ",") { break }
            }
            try expect(op: "}")
            return .dict(pairs)
        case let .op(op):
            throw token.position.error("unexpected `\(op)`: expected a value")
        }
    }
}
