// A small Markdown-to-HTML renderer for notebook prose: headings, paragraphs, lists, block quotes,
// fenced and indented code, horizontal rules, inline code, bold, italic, links. HTML comments are dropped.

enum MarkdownToHTML {
    static func render(_ markdown: String) -> String {
        var html = ""
        var paragraph: [String] = []
        var listKind: String? = nil
        var lines = markdown.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func flushParagraph() {
            if !paragraph.isEmpty { html += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n"; paragraph = [] }
        }
        func closeList() { if let kind = listKind { html += "</\(kind)>\n"; listKind = nil } }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("<!--") {
                // Skip the whole comment.
                while i < lines.count && !lines[i].contains("-->") { i += 1 }
                i += 1; continue
            }
            if let opener = NotebookParser.fenceOpener(line) {
                flushParagraph(); closeList()
                var body: [String] = []
                i += 1
                while i < lines.count {
                    let content = lines[i].trimmingSpaces()
                    if content.count >= opener.marker.count, content.allSatisfy({ $0 == opener.marker.first }) { break }
                    body.append(lines[i]); i += 1
                }
                html += "<pre class=\"prose-code\"><code>" + HTMLText.escape(body.joined(separator: "\n")) + "</code></pre>\n"
                i += 1; continue
            }
            if trimmed.isEmpty { flushParagraph(); closeList(); i += 1; continue }
            if let level = headingLevel(trimmed) {
                flushParagraph(); closeList()
                let text = String(trimmed.dropFirst(level)).trimmingSpaces()
                html += "<h\(level) id=\"\(slug(text))\">\(inline(text))</h\(level)>\n"
                i += 1; continue
            }
            if trimmed == "---" || trimmed == "***" || trimmed == "___" { flushParagraph(); closeList(); html += "<hr>\n"; i += 1; continue }
            if trimmed.hasPrefix("> ") || trimmed == ">" {
                flushParagraph(); closeList()
                var quote: [String] = []
                while i < lines.count, lines[i].trimmingSpaces().hasPrefix(">") {
                    quote.append(String(lines[i].trimmingSpaces().dropFirst()).trimmingSpaces()); i += 1
                }
                html += "<blockquote>" + render(quote.joined(separator: "\n")) + "</blockquote>\n"
                continue
            }
            if let item = listItem(trimmed) {
                flushParagraph()
                if listKind != item.kind { closeList(); listKind = item.kind; html += "<\(item.kind)>\n" }
                html += "<li>" + inline(item.text) + "</li>\n"
                i += 1; continue
            }
            paragraph.append(trimmed)
            i += 1
        }
        flushParagraph(); closeList()
        lines.removeAll()
        return html
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    static func listItem(_ line: String) -> (kind: String, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return ("ul", String(line.dropFirst(2))) }
        let digits = line.prefix(while: { $0.isNumber })
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") { return ("ol", String(line.dropFirst(digits.count + 2))) }
        return nil
    }

    static func slug(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Inline spans: `code`, **bold**, *italic* / _italic_, [text](url).
    static func inline(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        var bold = false, italic = false
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                out += "<code>" + HTMLText.escape(String(chars[(i + 1)..<end])) + "</code>"
                i = end + 1; continue
            }
            if c == "*" && i + 1 < chars.count && chars[i + 1] == "*" {
                out += bold ? "</strong>" : "<strong>"; bold.toggle(); i += 2; continue
            }
            if (c == "*" || (c == "_" && (i == 0 || !chars[i - 1].isLetter))) && (italic || (i + 1 < chars.count && chars[i + 1] != " ")) {
                if c == "_" && italic == false && !(chars[(i + 1)...].contains("_")) { out += "_"; i += 1; continue }
                out += italic ? "</em>" : "<em>"; italic.toggle(); i += 1; continue
            }
            if c == "[", let close = chars[i...].firstIndex(of: "]"), close + 1 < chars.count, chars[close + 1] == "(",
               let paren = chars[close...].firstIndex(of: ")") {
                let label = String(chars[(i + 1)..<close])
                let url = String(chars[(close + 2)..<paren])
                out += "<a href=\"\(HTMLText.escape(url))\">\(inline(label))</a>"
                i = paren + 1; continue
            }
            out += HTMLText.escape(String(c))
            i += 1
        }
        if italic { out += "</em>" }
        if bold { out += "</strong>" }
        return out
    }
}
