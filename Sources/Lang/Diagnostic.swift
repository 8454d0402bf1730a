/// One problem found in a script: a syntax error or an uncaught exception. Errors are values: the lexer,
/// parser and interpreter return these, and `DiagnosticRenderer` is the only code that formats them.
public struct Diagnostic: Error, CustomStringConvertible {
    /// The Python exception name: `SyntaxError`, `NameError`, `TypeError`, ...
    public var kind: String
    /// One line, written for a person: what is wrong (and "did you mean" when there is a near name).
    public var message: String
    /// Where it happened; nil only for errors with no source (e.g. a host failure outside any run).
    public var range: SourceRange?
    /// Facts that explain the error (shapes, paths, allowed values), each rendered as `note: ...`.
    public var notes: [String]
    /// How to fix it, each rendered as `help: ...`.
    public var helps: [String]
    /// The language frames the error passed through, innermost first (call sites of each function).
    public var traceback: [TraceFrame]

    public init(kind: String, message: String, range: SourceRange?, notes: [String] = [], helps: [String] = [],
                traceback: [TraceFrame] = []) {
        self.kind = kind
        self.message = message
        self.range = range
        self.notes = notes
        self.helps = helps
        self.traceback = traceback
    }

    /// The first line of the rendering: `NameError: name 'x' is not defined`.
    public var headline: String { message.isEmpty ? kind : "\(kind): \(message)" }

    /// The full rendering (same as `DiagnosticRenderer.render`).
    public var description: String { DiagnosticRenderer.render(self) }
}

/// A language frame of a traceback: the function that was running and the call that entered it.
public struct TraceFrame {
    /// The called function's name (`compute_metrics`, `<lambda>`).
    public let function: String
    /// The call expression in the caller.
    public let callSite: SourceRange

    public init(function: String, callSite: SourceRange) {
        (self.function, self.callSite) = (function, callSite)
    }
}

/// The one renderer of diagnostics, in the style of LANGUAGE.md:
///
/// ```
/// error: NameError: name 'trainr' is not defined (did you mean 'trainer'?)
///  --> sentiment.lnb:cell train:3:1
///   |
/// 3 | trainr.train()
///   | ^^^^^^
/// note: ...
/// help: ...
/// ```
/// Functions the error passed through are listed innermost first as `note: in 'f', called from place`.
public enum DiagnosticRenderer {
    /// Render one diagnostic as plain text (no ANSI), ending without a newline.
    public static func render(_ diagnostic: Diagnostic) -> String {
        var lines = ["error: \(diagnostic.headline)"]
        if let range = diagnostic.range {
            lines += quote(range)
        }
        for frame in diagnostic.traceback {
            lines.append("note: in '\(frame.function)', called from \(frame.callSite)")
        }
        lines += diagnostic.notes.map { "note: \($0)" }
        lines += diagnostic.helps.map { "help: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Render several diagnostics (the syntax errors of one cell) separated by blank lines.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) }.joined(separator: "\n\n")
    }

    /// ` --> place`, the source line and a caret span under the range (first line only).
    static func quote(_ range: SourceRange) -> [String] {
        let number = String(range.start.line)
        let pad = String(repeating: " ", count: number.count)
        var lines = ["\(pad)--> \(range)"]
        guard let text = range.source.line(range.start.line) else { return lines }
        let shown = text.replacingOccurrences(of: "\t", with: " ")
        let lineLength = shown.unicodeScalars.count
        let startColumn = max(1, min(range.start.column, lineLength + 1))
        var endColumn = range.end.line == range.start.line ? range.end.column : lineLength + 1
        endColumn = max(startColumn + 1, min(endColumn, lineLength + 1))
        let carets = String(repeating: " ", count: startColumn - 1) + String(repeating: "^", count: endColumn - startColumn)
        lines.append("\(pad) |")
        lines.append("\(number) | \(shown)".trimmingTrailingSpaces())
        lines.append("\(pad) | \(carets)")
        return lines
    }
}
