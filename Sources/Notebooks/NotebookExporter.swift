// `lorarepl export`: Markdown (plain GitHub Markdown) and self-contained HTML teaching material.

/// Exports notebooks for reading.
public enum NotebookExporter {
    /// GitHub Markdown: the header comment dropped, cells as ```python fences without attributes,
    /// outputs and errors as ```text fences.
    public static func markdown(_ notebook: Notebook) -> String {
        var out = ""
        for segment in notebook.segments {
            switch segment.kind {
            case .header: continue
            case .prose: out += segment.raw.replacingCRLF()
            case .cell(let cell):
                let fence = NotebookPrinter.fence(for: cell.source)
                out += fence + "python\n" + (cell.source.isEmpty ? "" : cell.source + "\n") + fence + "\n"
            case .recorded(let block):
                let fence = NotebookPrinter.fence(for: block.body)
                out += fence + "text\n" + (block.body.isEmpty ? "" : block.body + "\n") + fence + "\n"
            }
        }
        // Collapse the blank lines left where the header or its vim line was.
        while out.hasPrefix("\n") { out.removeFirst() }
        return out
    }

    /// One self-contained HTML page: inline CSS, highlighted code, outputs, errors, loss curves as SVG.
    public static func html(_ notebook: Notebook, title fallbackTitle: String) -> String {
        var body = ""
        var prose = ""
        var title = fallbackTitle
        func flushProse() {
            if !prose.isEmpty { body += "<section class=\"prose\">\n" + MarkdownToHTML.render(prose) + "</section>\n"; prose = "" }
        }
        var titleFound = false
        for segment in notebook.segments {
            switch segment.kind {
            case .header: continue
            case .prose:
                if !titleFound, let heading = segment.raw.split(separator: "\n").first(where: { $0.hasPrefix("# ") }) {
                    title = String(heading.dropFirst(2)).trimmingSpaces(); titleFound = true
                }
                prose += segment.raw
            case .cell(let cell):
                flushProse()
                var badges = ""
                if cell.expectError { badges += "<span class=\"badge\">expect=error</span>" }
                if cell.skip { badges += "<span class=\"badge\">skip</span>" }
                body += "<div class=\"cell\" id=\"cell-\(HTMLText.escape(cell.id))\"><div class=\"cell-label\"><a href=\"#cell-\(HTMLText.escape(cell.id))\">\(HTMLText.escape(cell.id))</a>\(badges)</div>\n"
                body += "<pre class=\"code\"><code>" + SyntaxHighlighter.html(cell.source) + "</code></pre></div>\n"
            case .recorded(let block):
                flushProse()
                let cls = block.kind == .error ? "error" : "output"
                let lines = block.body.split(separator: "\n", omittingEmptySubsequences: false).count
                let pre = "<pre class=\"\(cls)\">" + HTMLText.escape(block.body) + "</pre>\n"
                if lines > 40 {
                    body += "<details class=\"long\"><summary>\(block.kind.rawValue) (\(lines) lines)</summary>\n\(pre)</details>\n"
                } else {
                    body += pre
                }
                let series = block.kind == .output ? TrainingLog.series(in: block.body) : []
                if !series.isEmpty {
                    body += "<figure class=\"plot\">" + LossCurveSVG.render(series) + "<figcaption>Loss curve of cell \(HTMLText.escape(block.cellID))</figcaption></figure>\n"
                }
            }
        }
        flushProse()
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="lorarepl export">
        <title>\(HTMLText.escape(title))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    static let stylesheet = """
    body { margin: 0; background: #fafafa; color: #1d1d1f; font: 16px/1.55 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
    main { max-width: 860px; margin: 0 auto; padding: 24px 20px 64px; }
    h1, h2, h3 { line-height: 1.25; }
    code, pre { font-family: "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13.5px; }
    p code, li code { background: #eef0f3; padding: 1px 4px; border-radius: 3px; }
    .cell { margin: 18px 0 0; border: 1px solid #d8dde3; border-radius: 6px; background: #fff; overflow: hidden; }
    .cell-label { font-size: 12px; color: #6a737d; padding: 3px 10px; border-bottom: 1px solid #eef0f3; background: #f6f8fa; }
    .cell-label a { color: inherit; text-decoration: none; }
    .badge { margin-left: 8px; padding: 0 6px; border-radius: 8px; background: #fff3cd; color: #7a5b00; }
    pre { margin: 0; padding: 10px 12px; overflow-x: auto; white-space: pre; }
    pre.output { margin: 6px 0 0; border-left: 3px solid #9aa5b1; background: #f3f4f6; }
    pre.error { margin: 6px 0 0; border-left: 3px solid #d73a49; background: #fdf0f1; color: #86181d; }
    pre.prose-code { background: #f6f8fa; border-radius: 6px; }
    details.long summary { cursor: pointer; color: #6a737d; font-size: 13px; margin-top: 6px; }
    figure.plot { margin: 10px 0 0; }
    figure.plot figcaption { font-size: 12px; color: #6a737d; }
    svg.loss-curve { max-width: 100%; height: auto; border: 1px solid #eef0f3; border-radius: 4px; }
    .kw { color: #d73a49; font-weight: 600; } .bi { color: #6f42c1; } .str { color: #032f62; }
    .num { color: #005cc5; } .com { color: #6a737d; font-style: italic; }
    blockquote { margin: 0; padding: 0 14px; border-left: 4px solid #d0d7de; color: #57606a; }
    """
}
