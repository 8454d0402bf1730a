// A small highlighter for lorarepl (Python-subset) code, producing HTML spans.

/// Highlights lorarepl code as HTML (`<span class="kw">…`). Classes: kw, bi, str, num, com, op.
public enum SyntaxHighlighter {
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "not",
        "or", "pass", "raise", "return", "try", "while", "with", "yield", "nonlocal", "async", "await",
    ]
    static let builtins: Set<String> = [
        "print", "len", "range", "enumerate", "zip", "sorted", "reversed", "min", "max", "sum", "abs", "round",
        "int", "float", "str", "bool", "list", "dict", "tuple", "set", "isinstance", "type", "repr", "help",
        "dir", "any", "all", "map", "filter", "open", "load_model", "load_tokenizer", "LoraConfig",
        "get_peft_model", "Trainer", "TrainingArguments", "EarlyStoppingCallback", "save_pretrained",
        "set_seed", "load_dataset",
    ]

    public static func html(_ code: String) -> String {
        let chars = Array(code)
        var out = ""
        var i = 0
        func span(_ cls: String, _ text: String) { out += "<span class=\"\(cls)\">\(HTMLText.escape(text))</span>" }
        while i < chars.count {
            let c = chars[i]
            if c == "#" {
                var j = i
                while j < chars.count && chars[j] != "\n" { j += 1 }
                span("com", String(chars[i..<j])); i = j; continue
            }
            // String literal with optional prefix (f, r, b, rb, fr …).
            var prefixEnd = i
            while prefixEnd < chars.count && prefixEnd - i < 2 && "rRbBfFuU".contains(chars[prefixEnd]) { prefixEnd += 1 }
            if prefixEnd < chars.count && (chars[prefixEnd] == "\"" || chars[prefixEnd] == "'")
                && (i == 0 || !isIdentifier(chars[i - 1])) {
                let quote = chars[prefixEnd]
                let triple = prefixEnd + 2 < chars.count && chars[prefixEnd + 1] == quote && chars[prefixEnd + 2] == quote
                var j = prefixEnd + (triple ? 3 : 1)
                while j < chars.count {
                    if chars[j] == "\\" { j += 2; continue }
                    if triple {
                        if j + 2 < chars.count && chars[j] == quote && chars[j + 1] == quote && chars[j + 2] == quote { j += 3; break }
                    } else if chars[j] == quote { j += 1; break } else if chars[j] == "\n" { break }
                    j += 1
                }
                j = min(j, chars.count)
                span("str", String(chars[i..<j])); i = j; continue
            }
            if isIdentifierStart(c) {
                var j = i
                while j < chars.count && isIdentifier(chars[j]) { j += 1 }
                let word = String(chars[i..<j])
                let afterDot = i > 0 && chars[i - 1] == "."
                if keywords.contains(word) { span("kw", word) }
                else if builtins.contains(word) && !afterDot { span("bi", word) }
                else { out += HTMLText.escape(word) }
                i = j; continue
            }
            if c.isNumber && c.isASCII {
                var j = i
                while j < chars.count && (chars[j].isNumber || chars[j] == "." || chars[j] == "_" || chars[j] == "e" || chars[j] == "E"
                                          || ((chars[j] == "-" || chars[j] == "+") && j > i && (chars[j - 1] == "e" || chars[j - 1] == "E"))
                                          || chars[j] == "x" || chars[j].isHexDigit) { j += 1 }
                span("num", String(chars[i..<j])); i = j; continue
            }
            out += HTMLText.escape(String(c))
            i += 1
        }
        return out
    }

    static func isIdentifierStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
    static func isIdentifier(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }
}
