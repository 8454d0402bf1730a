import PythonBasics

/// Number, string and f-string literals.
extension Lexer {
    mutating func scanNumber() {
        let start = position
        let startIndex = index
        func text() -> String {
            var s = ""
            s.unicodeScalars.append(contentsOf: scalars[startIndex..<index])
            return s
        }
        if peek() == "0", let base = peek(1), "xXoObB".unicodeScalars.contains(base) {
            advance(); advance()
            while let c = peek(), c == "_" || c.properties.isASCIIHexDigit { advance() }
            let raw = text()
            let digits = String(raw.dropFirst(2)).replacingOccurrences(of: "_", with: "")
            let radix = "xX".contains(String(base)) ? 16 : ("oO".contains(String(base)) ? 8 : 2)
            if let value = Int(digits, radix: radix) {
                emit(.number, raw, .int(value), from: start)
            } else {
                error("invalid or too large integer literal '\(raw)'", at: range(from: start),
                      help: "lorarepl integers are 64-bit: the largest is 9223372036854775807")
                emit(.number, raw, .int(0), from: start)
            }
            return
        }
        var isFloat = false
        func digits() { while let c = peek(), c == "_" || ("0"..."9").contains(c) { advance() } }
        digits()
        if peek() == ".", !(peek(1).map { $0.properties.isXIDStart && $0 != "e" && $0 != "E" } ?? false) {
            isFloat = true
            advance()
            digits()
        }
        if let e = peek(), e == "e" || e == "E" {
            let next = peek(1)
            let afterSign = (next == "+" || next == "-") ? peek(2) : next
            if let d = afterSign, ("0"..."9").contains(d) {
                isFloat = true
                advance()
                if peek() == "+" || peek() == "-" { advance() }
                digits()
            }
        }
        if let j = peek(), j == "j" || j == "J" {
            advance()
            error("complex numbers are not supported in lorarepl v1", at: range(from: start))
            emit(.number, text(), .int(0), from: start)
            return
        }
        let raw = text()
        let clean = raw.replacingOccurrences(of: "_", with: "")
        if isFloat {
            emit(.number, raw, .float(Double(clean) ?? 0), from: start)
        } else if let value = Int(clean) {
            emit(.number, raw, .int(value), from: start)
        } else if clean == "9223372036854775808", tokens.last?.text == "-" {
            emit(.number, raw, .int(Int.min), from: start)  // only valid negated: -9223372036854775808
        } else {
            error("integer literal \(raw) is too large for a 64-bit integer", at: range(from: start),
                  help: "lorarepl integers are 64-bit (up to 9223372036854775807); write it as a float, e.g. \(raw).0")
            emit(.number, raw, .int(0), from: start)
        }
    }

    /// A string literal whose optional prefix (`r`, `f`, `rf`, ...) was already consumed.
    mutating func scanString(prefix: String, start: SourcePosition) {
        guard let quote = peek() else { return }
        let triple = peek(1) == quote && peek(2) == quote
        let quoteCount = triple ? 3 : 1
        for _ in 0..<quoteCount { advance() }
        let bodyStart = position
        var body: [Unicode.Scalar] = []
        var closed = false
        while let c = peek() {
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                for _ in 0..<quoteCount { advance() }
                closed = true
                break
            }
            if c == "\n" && !triple { break }
            if c == "\\", let next = peek(1) {
                body.append(c)
                body.append(next)
                advance(); advance()
                continue
            }
            body.append(c)
            advance()
        }
        if !closed {
            error(triple ? "unterminated triple-quoted string" : "unterminated string literal",
                  at: range(from: start), help: "close the string with \(triple ? String(repeating: String(quote), count: 3) : String(quote))")
        }
        let isRaw = prefix.contains("r")
        if prefix.contains("b") {
            if body.contains(where: { $0.value > 0x7F }) {
                error("bytes can only contain ASCII literal characters", at: range(from: start),
                      help: "write other bytes as \\xhh escapes, or use a str and .encode('utf-8')")
            }
            let bytes = isRaw ? body.map { UInt8(truncatingIfNeeded: $0.value) } : Lexer.unescapeBytes(body)
            emit(.string, "bytes", .bytes(bytes), from: start)
            return
        }
        if prefix.contains("f") {
            let pieces = splitFString(body, bodyStart: bodyStart, isRaw: isRaw, stringStart: start)
            emit(.string, "f-string", .fstring(pieces), from: start)
        } else {
            emit(.string, "string", .string(isRaw ? String(String.UnicodeScalarView(body)) : Lexer.unescape(body)), from: start)
        }
    }

    /// Python's backslash escapes. Unknown escapes keep the backslash, as Python does.
    static func unescape(_ body: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        func hex(_ count: Int) -> Unicode.Scalar? {
            guard i + count < body.count else { return nil }
            var s = ""
            s.unicodeScalars.append(contentsOf: body[(i + 1)...(i + count)])
            guard let v = UInt32(s, radix: 16) else { return nil }
            return Unicode.Scalar(v)
        }
        while i < body.count {
            let c = body[i]
            guard c == "\\", i + 1 < body.count else { out.append(c); i += 1; continue }
            i += 1
            let e = body[i]
            if let simple = PythonEscapes.simple(e) {
                out.append(simple)
                i += 1
                continue
            }
            switch e {
            case "\n": break
            case "0"..."7":
                // octal: up to three digits (`\0` is NUL, `\012` a newline)
                var value = e.value - 48, digits = 1
                while digits < 3, i + 1 < body.count, ("0"..."7").contains(body[i + 1]) {
                    value = value * 8 + body[i + 1].value - 48
                    digits += 1
                    i += 1
                }
                out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            case "x": if let s = hex(2) { out.append(s); i += 2 } else { out.append("\\"); out.append(e) }
            case "u": if let s = hex(4) { out.append(s); i += 4 } else { out.append("\\"); out.append(e) }
            case "U": if let s = hex(8) { out.append(s); i += 8 } else { out.append("\\"); out.append(e) }
            default: out.append("\\"); out.append(e)
            }
            i += 1
        }
        return String(out)
    }

    /// The escapes of a bytes literal: `\xhh` and octal give one byte; `\u`, `\U`, `\N` and unknown escapes
    /// keep their backslash, as in CPython.
    static func unescapeBytes(_ body: [Unicode.Scalar]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            let c = body[i]
            guard c == "\\", i + 1 < body.count else { out.append(UInt8(truncatingIfNeeded: c.value)); i += 1; continue }
            let e = body[i + 1]
            i += 2
            if let simple = PythonEscapes.simple(e) { out.append(UInt8(truncatingIfNeeded: simple.value)); continue }
            switch e {
            case "\n": break
            case "0"..."7":
                var value = e.value - 48, digits = 1
                while digits < 3, i < body.count, ("0"..."7").contains(body[i]) {
                    value = value * 8 + body[i].value - 48
                    digits += 1
                    i += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            case "x":
                if i + 1 < body.count, let v = UInt8(String(body[i]) + String(body[i + 1]), radix: 16) {
                    out.append(v)
                    i += 2
                } else {
                    out += [0x5C, 0x78]
                }
            default: out += [0x5C, UInt8(truncatingIfNeeded: e.value)]
            }
        }
        return out
    }

    /// Split an f-string body into literal pieces and `{field}` pieces.
    mutating func splitFString(_ body: [Unicode.Scalar], bodyStart: SourcePosition, isRaw: Bool,
                               stringStart: SourcePosition) -> [FStringPiece] {
        // Positions of each body scalar, for field ranges.
        var positions: [SourcePosition] = []
        var p = bodyStart
        for c in body {
            positions.append(p)
            if c == "\n" { p = SourcePosition(line: p.line + 1, column: 1) } else { p.column += 1 }
        }
        positions.append(p)
        var i = 0
        return splitPieces(body, &i, positions: positions, isRaw: isRaw, inSpec: false)
    }

    private mutating func splitPieces(_ body: [Unicode.Scalar], _ i: inout Int, positions: [SourcePosition],
                                      isRaw: Bool, inSpec: Bool) -> [FStringPiece] {
        var pieces: [FStringPiece] = []
        var literal: [Unicode.Scalar] = []
        func flush() {
            if !literal.isEmpty {
                pieces.append(.literal(isRaw ? String(String.UnicodeScalarView(literal)) : Lexer.unescape(literal)))
                literal = []
            }
        }
        func here(_ k: Int) -> SourceRange {
            SourceRange(source: source, start: positions[k], end: positions[min(k + 1, positions.count - 1)])
        }
        while i < body.count {
            let c = body[i]
            if inSpec && c == "}" { break }
            if c == "{" {
                if !inSpec && i + 1 < body.count && body[i + 1] == "{" { literal.append("{"); i += 2; continue }
                flush()
                i += 1
                let codeStart = i
                var depth = 0
                var quote: Unicode.Scalar?
                while i < body.count {
                    let d = body[i]
                    if let q = quote {
                        if d == q { quote = nil }
                    } else if d == "'" || d == "\"" {
                        quote = d
                    } else if "([{".unicodeScalars.contains(d) {
                        depth += 1
                    } else if ")]}".unicodeScalars.contains(d) {
                        if depth == 0 { break }
                        depth -= 1
                    } else if depth == 0 && (d == ":" || (d == "!" && i + 1 < body.count && body[i + 1] != "=")) {
                        break
                    }
                    i += 1
                }
                var code = String(String.UnicodeScalarView(body[codeStart..<i]))
                var selfDoc: String?
                let trimmed = code.trimmingTrailingSpaces()
                if trimmed.hasSuffix("="), !["==", "!=", "<=", ">="].contains(where: { trimmed.hasSuffix($0) }) {
                    selfDoc = code
                    code = String(trimmed.dropLast())
                }
                if code.trimmingTrailingSpaces().isEmpty {
                    error("f-string: empty expression not allowed", at: here(max(codeStart - 1, 0)),
                          help: "put an expression inside the braces, or write '{{' for a literal brace")
                }
                var conversion: Character?
                if i < body.count && body[i] == "!" {
                    if i + 1 < body.count {
                        conversion = Character(body[i + 1])
                        if !"rsa".contains(conversion ?? " ") {
                            error("f-string: invalid conversion character '\(body[i + 1])': expected 's', 'r', or 'a'", at: here(i + 1))
                        }
                    }
                    i += 2
                }
                var spec: [FStringPiece]?
                if i < body.count && body[i] == ":" {
                    i += 1
                    spec = splitPieces(body, &i, positions: positions, isRaw: true, inSpec: true)
                }
                if i < body.count && body[i] == "}" {
                    i += 1
                } else {
                    error("f-string: expecting '}'", at: here(min(i, body.count)))
                }
                pieces.append(.field(code: code, start: positions[codeStart], conversion: conversion, spec: spec,
                                     selfDocumenting: selfDoc))
                continue
            }
            if c == "}" && !inSpec {
                if i + 1 < body.count && body[i + 1] == "}" { literal.append("}"); i += 2; continue }
                error("f-string: single '}' is not allowed", at: here(i), help: "write '}}' for a literal brace")
                i += 1
                continue
            }
            literal.append(c)
            i += 1
        }
        flush()
        return pieces
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" || last == "\n" { s = s.dropLast() }
        return String(s)
    }
}
