/// The text of one script, file or notebook cell, kept so a diagnostic can quote the offending line.
public final class SourceText {
    /// How diagnostics name this source: a file path or a notebook place such as `nb.lnb:cell train`.
    public let origin: String
    /// The full text.
    public let text: String
    private lazy var lineTable: [String] = text.split(separator: "\n", omittingEmptySubsequences: false).map {
        String($0.hasSuffix("\r") ? $0.dropLast() : $0)
    }

    public init(origin: String, text: String) {
        self.origin = origin
        self.text = text
    }

    /// Line `number` (1-based) without its newline, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineTable.count else { return nil }
        return lineTable[number - 1]
    }
}

/// A place in a source: 1-based line and 1-based column counted in Unicode scalars.
public struct SourcePosition: Equatable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.line != rhs.line ? lhs.line < rhs.line : lhs.column < rhs.column
    }

    public var description: String { "\(line):\(column)" }
}

/// A span of a source, `start` inclusive and `end` exclusive. Every token, AST node and diagnostic has one.
public struct SourceRange: CustomStringConvertible {
    public let source: SourceText
    public let start: SourcePosition
    public let end: SourcePosition

    /// The smallest range covering `self` and `other`.
    public func through(_ other: SourceRange) -> SourceRange {
        SourceRange(source: source, start: min(start, other.start), end: max(end, other.end))
    }

    /// `origin:line:column`, as printed after ` --> `.
    public var description: String { "\(source.origin):\(start.line):\(start.column)" }
}
