import Foundation

/// Expressions of the Jinja subset.
indirect enum JinjaExpr {
    case literal(JinjaValue)
    case name(String, SourcePosition)
    case list([JinjaExpr])
    case dict([(JinjaExpr, JinjaExpr)])
    case attribute(JinjaExpr, String, SourcePosition)
    case item(JinjaExpr, JinjaExpr, SourcePosition)
    case slice(JinjaExpr, JinjaExpr?, JinjaExpr?, JinjaExpr?, SourcePosition)
    case call(JinjaExpr, [JinjaExpr], [(String, JinjaExpr)], SourcePosition)
    case filter(JinjaExpr, String, [JinjaExpr], [(String, JinjaExpr)], SourcePosition)
    case test(JinjaExpr, String, [JinjaExpr], negated: Bool, SourcePosition)
    case unary(String, JinjaExpr, SourcePosition)
    case binary(String, JinjaExpr, JinjaExpr, SourcePosition)
    /// `a < b <= c`: Python's chained comparison (each operand evaluated once, stops at the first false).
    case compare(JinjaExpr, [(String, JinjaExpr, SourcePosition)])
    case and(JinjaExpr, JinjaExpr)
    case or(JinjaExpr, JinjaExpr)
    case not(JinjaExpr)
    case conditional(then: JinjaExpr, condition: JinjaExpr, otherwise: JinjaExpr?)
}

/// Where `{% set %}` writes: a name, a namespace attribute, or several names (tuple unpacking).
enum JinjaSetTarget {
    case name(String)
    case attribute(String, String)
    case names([String])
}

/// Statements and text of a parsed template.
indirect enum JinjaNode {
    case text(String)
    case output(JinjaExpr, SourcePosition)
    case ifChain([(JinjaExpr, [JinjaNode])], otherwise: [JinjaNode])
    case forLoop(targets: [String], iterable: JinjaExpr, filter: JinjaExpr?, body: [JinjaNode], otherwise: [JinjaNode], SourcePosition)
    case set(JinjaSetTarget, JinjaExpr, SourcePosition)
    case setBlock(JinjaSetTarget, [JinjaNode], SourcePosition)
    case macro(name: String, parameters: [(String, JinjaExpr?)], body: [JinjaNode])
    case breakLoop(SourcePosition)
    case continueLoop(SourcePosition)
}
