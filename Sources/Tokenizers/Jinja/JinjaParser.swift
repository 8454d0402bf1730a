import Foundation

/// Parses lexer segments into nodes (statements) and expressions, with Jinja's precedence:
/// `if/else` < `or` < `and` < `not` < comparisons/`in` < `+ -` < `~` < `* / // %` < `**` < unary `-`
/// < filters/tests (`|f`, `is t`) < postfix (`.a`, `[i]`, `(...)`) < primary.
struct JinjaParser {
    private let segments: [JinjaSegment]
    private var index = 0
    /// Statement blocks open around the one being parsed (bounded so a hostile template cannot overflow the stack).
    private var blockNesting = 0

    init(segments: [JinjaSegment]) { self.segments = segments }

    static func parse(_ template: String) throws -> [JinjaNode] {
        var parser = JinjaParser(segments: try JinjaLexer(template).segments())
        let (nodes, end) = try parser.parseBlock(until: [])
        if let (name, position) = end { throw position.error("unexpected `{% \(name) %}` with no matching opening tag") }
        return nodes
    }

    /// Parses nodes until a statement whose first word is in `until`; returns it (with its tokens consumed
    /// into `pendingTokens`). nil at the end of the template.
    private var pending: TokenStream?

    private mutating func parseBlock(until: Set<String>) throws -> ([JinjaNode], (String, SourcePosition)?) {
        var nodes: [JinjaNode] = []
        while index < segments.count {
            let segment = segments[index]
            index += 1
            switch segment {
            case let .text(text):
                nodes.append(.text(text))
            case let .output(tokens, position):
                var stream = TokenStream(tokens: tokens, start: position)
                let expr = try stream.parseExpression()
                try stream.expectEnd()
                nodes.append(.output(expr, position))
            case let .statement(tokens, position):
                var stream = TokenStream(tokens: tokens, start: position)
                guard case let .name(keyword)? = stream.peek?.kind else { throw position.error("empty `{% %}` tag") }
                if until.contains(keyword) {
                    pending = stream
                    return (nodes, (keyword, position))
                }
                stream.advance()
                guard blockNesting < JinjaLimits.maxBlockNesting else {
                    throw position.error("statements nest more than \(JinjaLimits.maxBlockNesting) levels deep")
                }
                blockNesting += 1
                defer { blockNesting -= 1 }
                nodes.append(try parseStatement(keyword, &stream, position))
            }
        }
        return (nodes, nil)
    }

    private mutating func expectClose(_ opener: String, _ position: SourcePosition, _ end: (String, SourcePosition)?, _ names: [String]) throws -> String {
        guard let (name, _) = end else {
            throw position.error("`{% \(opener) %}` is never closed: add `{% \(names.last ?? "end") %}`")
        }
        return name
    }

    private mutating func parseStatement(_ keyword: String, _ stream: inout TokenStream, _ position: SourcePosition) throws -> JinjaNode {
        switch keyword {
        case "if":
            var branches: [(JinjaExpr, [JinjaNode])] = []
            var condition = try stream.parseExpression()
            try stream.expectEnd()
            var otherwise: [JinjaNode] = []
            while true {
                let (body, end) = try parseBlock(until: ["elif", "else", "endif"])
                branches.append((condition, body))
                let name = try expectClose("if", position, end, ["endif"])
                var tail = pending ?? TokenStream(tokens: [], start: position)
                tail.advance()
                if name == "elif" {
                    condition = try tail.parseExpression()
                    try tail.expectEnd()
                    continue
                }
                try tail.expectEnd()
                if name == "else" {
                    let (elseBody, end2) = try parseBlock(until: ["endif"])
                    _ = try expectClose("else", position, end2, ["endif"])
                    var closing = pending ?? TokenStream(tokens: [], start: position)
                    closing.advance()
                    try closing.expectEnd()
                    otherwise = elseBody
                }
                break
            }
            return .ifChain(branches, otherwise: otherwise)
        case "for":
            var targets = [try stream.expectName()]
            while stream.accept(op: ",") { targets.append(try stream.expectName()) }
            try stream.expect(keyword: "in")
            let iterable = try stream.parseExpression(allowConditional: false)
            var filter: JinjaExpr?
            if stream.accept(keyword: "if") { filter = try stream.parseExpression(allowConditional: false) }
            _ = stream.accept(keyword: "recursive")
            try stream.expectEnd()
            let (body, end) = try parseBlock(until: ["else", "endfor"])
            var otherwise: [JinjaNode] = []
            if try expectClose("for", position, end, ["endfor"]) == "else" {
                var tail = pending ?? TokenStream(tokens: [], start: position)
                tail.advance(); try tail.expectEnd()
                let (elseBody, end2) = try parseBlock(until: ["endfor"])
                _ = try expectClose("for", position, end2, ["endfor"])
                otherwise = elseBody
            }
            var closing = pending ?? TokenStream(tokens: [], start: position)
            closing.advance(); try closing.expectEnd()
            return .forLoop(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, position)
        case "set":
            let first = try stream.expectName()
            var target = JinjaSetTarget.name(first)
            if stream.accept(op: ".") {
                target = .attribute(first, try stream.expectName())
            } else if stream.peekOp(",") {
                var names = [first]
                while stream.accept(op: ",") { names.append(try stream.expectName()) }
                target = .names(names)
            }
            if stream.accept(op: "=") {
                let value = try stream.parseExpression()
                try stream.expectEnd()
                return .set(target, value, position)
            }
            try stream.expectEnd()
            let (body, end) = try parseBlock(until: ["endset"])
            _ = try expectClose("set", position, end, ["endset"])
            var closing = pending ?? TokenStream(tokens: [], start: position)
            closing.advance(); try closing.expectEnd()
            return .setBlock(target, body, position)
        case "macro":
            let name = try stream.expectName()
            try stream.expect(op: "(")
            var parameters: [(String, JinjaExpr?)] = []
            if !stream.accept(op: ")") {
                repeat {
                    let parameter = try stream.expectName()
                    let defaultValue = stream.accept(op: "=") ? try stream.parseExpression() : nil
                    parameters.append((parameter, defaultValue))
                } while stream.accept(op: ",")
                try stream.expect(op: ")")
            }
            try stream.expectEnd()
            let (body, end) = try parseBlock(until: ["endmacro"])
            _ = try expectClose("macro", position, end, ["endmacro"])
            var closing = pending ?? TokenStream(tokens: [], start: position)
            closing.advance()
            return .macro(name: name, parameters: parameters, body: body)
        case "break": try stream.expectEnd(); return .breakLoop(position)
        case "continue": try stream.expectEnd(); return .continueLoop(position)
        case "generation":
            // transformers' `{% generation %}` marks assistant text; rendering ignores it.
            let (body, end) = try parseBlock(until: ["endgeneration"])
            _ = try expectClose("generation", position, end, ["endgeneration"])
            return .ifChain([(.literal(.bool(true)), body)], otherwise: [])
        case "elif", "else", "endif", "endfor", "endset", "endmacro", "endgeneration":
            throw position.error("`{% \(keyword) %}` has no matching opening tag")
        default:
            throw position.error("unknown tag `{% \(keyword) %}`: supported tags are if/elif/else, for, set, macro, break, continue")
        }
    }
}
