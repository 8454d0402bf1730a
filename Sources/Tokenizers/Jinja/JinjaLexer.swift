import Foundation
import PythonBasics

/// One token of a Jinja expression or statement.
struct JinjaToken: Equatable {
    enum Kind: Equatable {
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        /// Operators and punctuation: `( ) [ ] { } . , : | ~ + - * / // % ** = == != < > <= >=`.
        case op(String)
    }
    var kind: Kind
    var position: SourcePosition
}

/// The template cut into literal text and tags, with whitespace control already applied.
enum JinjaSegment {
    case text(String)
    case output([JinjaToken], SourcePosition)
    case statement([JinjaToken], SourcePosition)
}

/// Splits a template into segments, as Jinja does with `trim_blocks=True, lstrip_blocks=True`
/// (transformers' chat-template environment): `{%-`/`-%}` strip whitespace, a block tag eats the
/// newline after it, and spaces/tabs before a block tag at the start of a line are dropped.
struct JinjaLexer {
    let source: [Unicode.Scalar]
    var trimBlocks = true
    var lstripBlocks = true
    private var lineStarts: [Int] = [0]

    init(_ template: String, trimBlocks: Bool = true, lstripBlocks: Bool = true) {
        self.source = Self.normalizeLines(Array(template.unicodeScalars))
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
        for (i, s) in source.enumerated() where s == "\n" { lineStarts.append(i + 1) }
    }

    /// Jinja reads the source as `"\n".join(source.splitlines())`: every line boundary Python knows
    /// (`\r\n`, `\r`, `\v`, `\f`, `\x1c`-`\x1e`, `\x85`, U+2028, U+2029) becomes `\n`, and one trailing
    /// line break is dropped (`keep_trailing_newline=False`).
    static func normalizeLines(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c.value {
            case 0x0D:
                out.append("\n")
                if i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
            case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                out.append("\n")
            default:
                out.append(c)
            }
            i += 1
        }
        if out.last == "\n" { out.removeLast() }
        return out
    }

    func position(_ offset: Int) -> SourcePosition {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return SourcePosition(offset: offset, line: lo + 1, column: offset - lineStarts[lo] + 1)
    }

    private func at(_ i: Int) -> Unicode.Scalar? { i < source.count ? source[i] : nil }

    private func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: source[range])
        return String(view)
    }

    func segments() throws -> [JinjaSegment] {
        var segments: [JinjaSegment] = []
        var i = 0
        var stripNextLeading = false      // the previous tag ended with `-`
        var trimNextNewline = false       // the previous tag was a block/comment (trim_blocks)
        while i <= source.count {
            // Find the next tag opener.
            var open = i
            var kind: Unicode.Scalar = " "
            while open + 1 < source.count {
                if source[open] == "{", let next = at(open + 1), next == "{" || next == "%" || next == "#" {
                    kind = next
                    break
                }
                open += 1
            }
            let found = kind != " "
            var textEnd = found ? open : source.count
            var textStart = i
            if stripNextLeading {
                while textStart < textEnd, source[textStart].properties.isWhitespace { textStart += 1 }
            } else if trimNextNewline {
                if at(textStart) == "\n" { textStart += 1 }
                else if at(textStart) == "\r", at(textStart + 1) == "\n" { textStart += 2 }
            }
            var modifier: Unicode.Scalar? = nil
            if found, let m = at(open + 2), m == "-" || m == "+" { modifier = m }
            if found {
                if modifier == "-" {
                    while textEnd > textStart, source[textEnd - 1].properties.isWhitespace { textEnd -= 1 }
                } else if lstripBlocks, kind != "{", modifier != "+" {
                    var k = textEnd
                    while k > textStart, source[k - 1] == " " || source[k - 1] == "\t" { k -= 1 }
                    if k == 0 || source[k - 1] == "\n" { textEnd = k }
                }
            }
            if textStart < textEnd { segments.append(.text(string(textStart..<textEnd))) }
            guard found else { break }
            let tagPosition = position(open)
            var cursor = open + 2 + (modifier == nil ? 0 : 1)
            stripNextLeading = false
            trimNextNewline = false
            if kind == "#" {
                // Comment: skip to `#}`.
                var end = cursor
                while end + 1 < source.count, !(source[end] == "#" && source[end + 1] == "}") { end += 1 }
                guard end + 1 < source.count else { throw tagPosition.error("this comment is never closed: add `#}`") }
                if source[end - 1] == "-", end - 1 >= cursor { stripNextLeading = true }
                trimNextNewline = trimBlocks && source[end - 1] != "+"
                i = end + 2
                continue
            }
            let closer: Unicode.Scalar = kind == "{" ? "}" : "%"
            let (tokens, closeModifier) = try tokenize(from: &cursor, closer: closer, tagPosition: tagPosition)
            stripNextLeading = closeModifier == "-"
            trimNextNewline = kind == "%" && trimBlocks && closeModifier == nil
            segments.append(kind == "{" ? .output(tokens, tagPosition) : .statement(tokens, tagPosition))
            i = cursor
        }
        return segments
    }

    /// Tokenizes the inside of a tag up to its closing `}}` / `%}` (outside brackets). Returns the tokens,
    /// and the closer's `-`/`+` modifier; `cursor` ends after the closer.
    private func tokenize(from cursor: inout Int, closer: Unicode.Scalar, tagPosition: SourcePosition) throws
        -> ([JinjaToken], Unicode.Scalar?) {
        var tokens: [JinjaToken] = []
        var depth = 0
        var i = cursor
        let what = closer == "}" ? "`{{ ... }}` expression" : "`{% ... %}` tag"
        while true {
            while let c = at(i), c.properties.isWhitespace { i += 1 }
            guard let c = at(i) else { throw tagPosition.error("this \(what) is never closed") }
            if depth == 0 {
                if (c == "-" || c == "+"), at(i + 1) == closer, at(i + 2) == "}" {
                    cursor = i + 3
                    return (tokens, c)
                }
                if c == closer, at(i + 1) == "}" {
                    cursor = i + 2
                    return (tokens, nil)
                }
            }
            let pos = position(i)
            if c == "'" || c == "\"" {
                var value = String.UnicodeScalarView()
                var j = i + 1
                while true {
                    guard let d = at(j) else { throw pos.error("this string literal is never closed") }
                    if d == c { break }
                    if d == "\\", let e = at(j + 1) {
                        j += 2
                        if let simple = PythonEscapes.simple(e) {
                            value.append(simple)
                            continue
                        }
                        switch e {
                        case "0": value.append("\0")
                        case "u", "x":
                            let width = e == "u" ? 4 : 2
                            let digits = j + width <= source.count ? string(j..<(j + width)) : ""
                            if let v = UInt32(digits, radix: 16), let s = Unicode.Scalar(v) {
                                value.append(s)
                                j += width
                            } else {
                                value.append("\\"); value.append(e)
                            }
                        default: value.append("\\"); value.append(e)
                        }
                        continue
                    }
                    value.append(d)
                    j += 1
                }
                tokens.append(JinjaToken(kind: .string(String(value)), position: pos))
                i = j + 1
            } else if c.properties.numericType != nil && c.isASCII {
                var j = i
                while let d = at(j), d.isASCII, d.properties.numericType != nil || d == "_" { j += 1 }
                var isFloat = false
                if at(j) == ".", let d = at(j + 1), d.isASCII, d.properties.numericType != nil {
                    isFloat = true
                    j += 1
                    while let d = at(j), d.isASCII, d.properties.numericType != nil { j += 1 }
                }
                if let e = at(j), e == "e" || e == "E" {
                    var k = j + 1
                    if let sign = at(k), sign == "+" || sign == "-" { k += 1 }
                    if let d = at(k), d.isASCII, d.properties.numericType != nil {
                        isFloat = true
                        j = k
                        while let d = at(j), d.isASCII, d.properties.numericType != nil { j += 1 }
                    }
                }
                let text = string(i..<j).replacingOccurrences(of: "_", with: "")
                if isFloat, let v = Double(text) { tokens.append(JinjaToken(kind: .float(v), position: pos)) }
                else if let v = Int(text) { tokens.append(JinjaToken(kind: .integer(v), position: pos)) }
                else { throw pos.error("cannot read the number \(text)") }
                i = j
            } else if c == "_" || c.properties.isAlphabetic {
                var j = i
                while let d = at(j), d == "_" || d.properties.isAlphabetic || (d.isASCII && d.properties.numericType != nil) { j += 1 }
                tokens.append(JinjaToken(kind: .name(string(i..<j)), position: pos))
                i = j
            } else {
                let pair = i + 2 <= source.count ? string(i..<(i + 2)) : ""
                let two = ["//", "**", "==", "!=", "<=", ">="]
                if two.contains(pair) {
                    tokens.append(JinjaToken(kind: .op(pair), position: pos))
                    i += 2
                } else if "()[]{}.,:|~+-*/%=<>".unicodeScalars.contains(c) {
                    if c == "(" || c == "[" || c == "{" { depth += 1 }
                    if c == ")" || c == "]" || c == "}" { depth = max(0, depth - 1) }
                    tokens.append(JinjaToken(kind: .op(String(c)), position: pos))
                    i += 1
                } else {
                    throw pos.error("unexpected character \(String(c).debugDescription) in a template tag")
                }
            }
        }
    }
}
