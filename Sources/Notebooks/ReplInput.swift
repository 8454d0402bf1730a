// The REPL's light lexical checks: is a cell complete, and what is being completed at the cursor.

/// Decides whether the REPL should ask for another line before running what was typed.
public enum CellInput {
    /// True while a bracket or a triple-quoted string is open, the last line ends with `:` or `\`,
    /// or the cell opened an indented block that no blank line has closed yet.
    public static func needsMoreLines(_ text: String) -> Bool {
        let scan = scanBrackets(text)
        if scan.openBrackets > 0 || scan.inTripleString { return true }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let last = lines.last else { return false }
        let lastCode = stripComment(last).trimmingSpaces()
        if lastCode.hasSuffix("\\") { return true }
        if lastCode.hasSuffix(":") && !lastCode.hasPrefix("%") && !lastCode.hasPrefix("?") { return true }
        // Inside a block: wait for a blank line.
        let opensBlock = lines.contains { line in
            let code = stripComment(line).trimmingSpaces()
            return code.hasSuffix(":") && !code.isEmpty
        }
        if opensBlock && lines.count > 1 && !last.trimmingSpaces().isEmpty { return true }
        return false
    }

    /// True while a bracket or a triple-quoted string is open, or the last line ends with `:` or `\`
    /// (a recalled cell that is still unfinished; the blank-line rule of `needsMoreLines` does not apply).
    public static func isOpen(_ text: String) -> Bool {
        let scan = scanBrackets(text)
        if scan.openBrackets > 0 || scan.inTripleString { return true }
        let last = stripComment(text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? "").trimmingSpaces()
        return last.hasSuffix("\\") || (last.hasSuffix(":") && !last.hasPrefix("%") && !last.hasPrefix("?"))
    }

    /// The indentation the REPL types in for the next line: the previous line's, one level (4 spaces)
    /// deeper after a line ending with `:`; none after a whitespace-only line.
    public static func autoIndent(after previous: String) -> String {
        let code = stripComment(previous).trimmingSpaces()
        guard !code.isEmpty else { return "" }
        let leading = String(previous.prefix { $0 == " " || $0 == "\t" })
        return code.hasSuffix(":") ? leading + "    " : leading
    }

    /// A line read after `autoIndent` was typed in: when the person (or a paste) typed its own
    /// indentation after it, theirs is kept and the automatic one dropped.
    public static func keepTypedIndent(_ line: String, autoIndent: String) -> String {
        guard !autoIndent.isEmpty, line.hasPrefix(autoIndent) else { return line }
        let typed = line.dropFirst(autoIndent.count)
        if let first = typed.first, first == " " || first == "\t" { return String(typed) }
        return line
    }

    struct Scan {
        var openBrackets = 0
        var inTripleString = false
        var inString = false
    }

    /// Counts open brackets outside strings and comments; tracks open triple-quoted strings.
    static func scanBrackets(_ text: String) -> Scan {
        var scan = Scan()
        let chars = Array(text)
        var i = 0
        var quote: Character? = nil
        var triple = false
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if triple {
                    if c == q && i + 2 < chars.count && chars[i + 1] == q && chars[i + 2] == q { quote = nil; triple = false; i += 3; continue }
                } else if c == q || c == "\n" {
                    quote = nil
                }
                i += 1; continue
            }
            switch c {
            case "#":
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            case "\"", "'":
                quote = c
                triple = i + 2 < chars.count && chars[i + 1] == c && chars[i + 2] == c
                i += triple ? 3 : 1
                continue
            case "(", "[", "{": scan.openBrackets += 1
            case ")", "]", "}": scan.openBrackets = max(0, scan.openBrackets - 1)
            default: break
            }
            i += 1
        }
        scan.inTripleString = quote != nil && triple
        scan.inString = quote != nil && !triple
        return scan
    }

    /// The line without a trailing `#` comment (quotes respected).
    public static func stripComment(_ line: String) -> String {
        var quote: Character? = nil
        var previous: Character = " "
        for (offset, c) in line.enumerated() {
            if let q = quote {
                if c == q && previous != "\\" { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                return String(line.prefix(offset))
            }
            previous = c
        }
        return line
    }
}

/// What the word under the cursor is, for Tab completion.
public enum CompletionContext: Equatable {
    /// A name or dotted attribute chain (`tra`, `model.print_tr`); `prefix` is the whole chain.
    case expression(prefix: String)
    /// A keyword argument inside the call of `callee` (`LoraConfig(r=8, lora_` → callee `LoraConfig`, prefix `lora_`).
    case keyword(callee: String, prefix: String)
    /// A file path inside a string literal.
    case path(prefix: String)
    /// A `%magic` name at the start of the line.
    case magic(prefix: String)
    /// A name after `from MODULE import` (`from transformers import Auto` → module `transformers`, prefix `Auto`).
    case importName(module: String, prefix: String)

    /// The text being completed (what the completion replaces).
    public var prefix: String {
        switch self {
        case .expression(let p), .path(let p), .magic(let p): return p
        case .keyword(_, let p), .importName(_, let p): return p
        }
    }

    /// Classifies the text before the cursor (`before` is the current line up to the cursor).
    public static func analyze(_ before: String) -> CompletionContext {
        let trimmed = before.drop(while: { $0 == " " })
        if trimmed.hasPrefix("%") {
            guard let space = trimmed.lastIndex(of: " ") else { return .magic(prefix: String(trimmed)) }
            // A magic's argument (%load FILE, %save FILE): a path.
            return .path(prefix: String(trimmed[trimmed.index(after: space)...]))
        }
        if let imported = importContext(String(trimmed)) { return imported }
        let scan = CellInput.scanBrackets(before)
        if scan.inString {
            // The string's contents so far: after the last unescaped opening quote.
            var start = before.endIndex
            var index = before.endIndex
            while index > before.startIndex {
                let previous = before.index(before: index)
                if before[previous] == "\"" || before[previous] == "'" { start = index; break }
                index = previous
            }
            return .path(prefix: String(before[start...]))
        }
        let chain = String(before.reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }).reversed())
        // Keyword argument: inside an open call, right after `(` or `,` (ignoring spaces), a plain name.
        if !chain.contains("."), let callee = enclosingCallee(String(before.dropLast(chain.count))) {
            return .keyword(callee: callee, prefix: chain)
        }
        return .expression(prefix: chain)
    }

    /// `from a.b import x, Au` → module `a.b`, prefix `Au` (also inside parentheses).
    static func importContext(_ line: String) -> CompletionContext? {
        guard line.hasPrefix("from ") else { return nil }
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 3, words[2] == "import" || (words.count > 3 && words[2].hasPrefix("import")) else { return nil }
        let module = String(words[1])
        guard !module.isEmpty, module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        let prefix = String(line.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
        if words.count == 3 && !line.hasSuffix(" ") && prefix == "import" { return nil }
        return .importName(module: module, prefix: prefix)
    }

    /// The dotted callee whose argument list is open at the end of `text`, when the cursor follows `(` or `,`.
    static func enclosingCallee(_ text: String) -> String? {
        let chars = Array(text)
        var end = chars.count
        while end > 0 && chars[end - 1] == " " { end -= 1 }
        guard end > 0, chars[end - 1] == "(" || chars[end - 1] == "," else { return nil }
        // Find the unmatched "(" that is open at the end.
        var depth = 0
        var i = end - 1
        while i >= 0 {
            let c = chars[i]
            if c == ")" || c == "]" || c == "}" { depth += 1 }
            else if c == "(" || c == "[" || c == "{" {
                if depth == 0 {
                    guard c == "(" else { return nil }
                    var j = i
                    while j > 0 && (chars[j - 1].isLetter || chars[j - 1].isNumber || chars[j - 1] == "_" || chars[j - 1] == ".") { j -= 1 }
                    let callee = String(chars[j..<i])
                    return callee.isEmpty ? nil : callee
                }
                depth -= 1
            }
            i -= 1
        }
        return nil
    }
}
