// `lorarepl export`: Markdown (plain GitHub Markdown) and self-contained HTML teaching material.
import Foundation

/// Exports notebooks for reading.
public enum NotebookExporter {
    /// GitHub Markdown: the header comment dropped, cells as ```python fences without attributes,
    /// outputs and errors as ```text fences; a stale output gets a quoted warning with the reason above it.
    public static func markdown(_ notebook: Notebook) -> String {
        let stale = staleReasons(notebook)
        var out = ""
        for segment in notebook.segments {
            switch segment.kind {
            case .header: continue
            case .prose: out += segment.raw.replacingCRLF()
            case .cell(let cell):
                let fence = NotebookPrinter.fence(for: cell.source)
                out += fence + "python\n" + (cell.source.isEmpty ? "" : cell.source + "\n") + fence + "\n"
            case .recorded(let block):
                if let reason = stale[block.cellID] {
                    out += "> ⚠ **Stale \(block.kind.rawValue):** \(reason)\n\n"
                }
                let body = PlaceholderText.plain(block.body)
                let fence = NotebookPrinter.fence(for: body)
                out += fence + "text\n" + (body.isEmpty ? "" : body + "\n") + fence + "\n"
            }
        }
        // Collapse the blank lines left where the header or its vim line was.
        while out.hasPrefix("\n") { out.removeFirst() }
        return out
    }

    /// Why each stale cell's recorded blocks are out of date (from `lorarepl check`'s hash chain), by cell id.
    static func staleReasons(_ notebook: Notebook) -> [String: String] {
        var reasons: [String: String] = [:]
        for finding in StaleCheck.check(notebook) where finding.kind == .stale {
            let why = finding.message.components(separatedBy: "is stale: ").last ?? finding.message
            reasons[finding.cellID] = "recorded before the notebook changed (\(why)); "
                + "`lorarepl test --update` records it again"
        }
        return reasons
    }

    /// The page's contents: its level-2 and level-3 headings (the level-1 heading is the title).
    static func tableOfContents(_ notebook: Notebook) -> String {
        var items: [(level: Int, text: String)] = []
        for segment in notebook.segments {
            guard case .prose = segment.kind else { continue }
            var fence: String? = nil
            for line in segment.raw.replacingCRLF().split(separator: "\n").map(String.init) {
                let trimmed = line.trimmingSpaces()
                if let open = fence { if trimmed.hasPrefix(open) { fence = nil }; continue }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fence = String(trimmed.prefix(3)); continue }
                if let level = MarkdownToHTML.headingLevel(trimmed), level == 2 || level == 3 {
                    items.append((level, String(trimmed.dropFirst(level)).trimmingSpaces()))
                }
            }
        }
        guard items.count >= 2 else { return "" }
        var html = "<nav class=\"toc\" aria-label=\"Contents\"><div class=\"toc-title\">Contents</div>\n<ul>\n"
        for item in items {
            html += "<li class=\"toc-\(item.level)\"><a href=\"#\(MarkdownToHTML.slug(item.text))\">\(MarkdownToHTML.inline(item.text))</a></li>\n"
        }
        return html + "</ul></nav>\n"
    }

    /// One self-contained HTML page: inline CSS, highlighted code, outputs, errors, loss curves as SVG.
    public static func html(_ notebook: Notebook, title fallbackTitle: String) -> String {
        let stale = staleReasons(notebook)
        let contents = tableOfContents(notebook)
        var contentsPlaced = contents.isEmpty
        var body = ""
        var prose = ""
        var title = fallbackTitle
        func flushProse() {
            guard !prose.isEmpty else { return }
            var rendered = MarkdownToHTML.render(prose)
            prose = ""
            // The contents go right under the title (or first, when the page has no level-1 heading).
            if !contentsPlaced {
                if let end = rendered.range(of: "</h1>\n") { rendered.insert(contentsOf: contents, at: end.upperBound) } else { rendered = contents + rendered }
                contentsPlaced = true
            }
            body += "<section class=\"prose\">\n" + rendered + "</section>\n"
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
                if let reason = stale[block.cellID] {
                    body += "<div class=\"stale\" role=\"note\"><strong>⚠ Stale \(block.kind.rawValue):</strong> "
                        + MarkdownToHTML.inline(reason) + "</div>\n"
                }
                let pre = "<pre class=\"\(cls)\">" + PlaceholderText.html(block.body) + "</pre>\n"
                if lines > 40 {
                    body += "<details class=\"long\"><summary>\(block.kind.rawValue) (\(lines) lines)</summary>\n\(pre)</details>\n"
                } else {
                    body += pre
                }
                let series = block.kind == .output ? TrainingLog.series(in: block.body) : []
                if !series.isEmpty {
                    body += "<figure class=\"plot\">" + LossCurveSVG.render(series) + "<figcaption>Loss of cell \(HTMLText.escape(block.cellID)) ("
                        + series.map(\.name).joined(separator: " and ") + ")</figcaption></figure>\n"
                }
                let metrics = block.kind == .output ? TrainingLog.metricSeries(in: block.body) : []
                if !metrics.isEmpty {
                    body += "<figure class=\"plot\">" + PlotSVG.render(metrics, yLabel: "metric", className: "metric-curve")
                        + "<figcaption>Evaluation metrics of cell \(HTMLText.escape(block.cellID)) ("
                        + metrics.map(\.name).joined(separator: ", ") + ")</figcaption></figure>\n"
                }
            }
        }
        flushProse()
        if !contentsPlaced { body = contents + body }
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
    pre { margin: 0; padding: 10px 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
    pre.output { margin: 6px 0 0; border-left: 3px solid #9aa5b1; background: #f3f4f6; }
    pre.error { margin: 6px 0 0; border-left: 3px solid #d73a49; background: #fdf0f1; color: #86181d; }
    pre.prose-code { background: #f6f8fa; border-radius: 6px; }
    details.long summary { cursor: pointer; color: #6a737d; font-size: 13px; margin-top: 6px; }
    figure.plot { margin: 10px 0 0; }
    figure.plot figcaption { font-size: 12px; color: #6a737d; }
    svg.loss-curve, svg.metric-curve { display: block; width: 100%; max-width: 680px; height: auto; border: 1px solid #eef0f3; border-radius: 4px; }
    .varies { font-style: italic; color: #6a737d; border-bottom: 1px dotted #9aa5b1; }
    .stale { margin: 6px 0 0; padding: 6px 10px; border-left: 3px solid #d4a72c; background: #fff8e1; color: #5c4400; font-size: 14px; }
    .stale code { background: #f5e9c4; padding: 1px 4px; border-radius: 3px; white-space: nowrap; }
    nav.toc { margin: 12px 0 20px; padding: 10px 16px; border: 1px solid #d8dde3; border-radius: 6px; background: #fff; }
    nav.toc .toc-title { font-weight: 600; margin-bottom: 4px; }
    nav.toc ul { margin: 0; padding-left: 18px; }
    nav.toc li.toc-3 { margin-left: 18px; font-size: 15px; }
    nav.toc a { color: #0550ae; text-decoration: none; }
    @media (max-width: 600px) {
      body { font-size: 15px; }
      main { padding: 12px 10px 40px; }
      code, pre { font-size: 12px; }
      pre { padding: 8px; }
    }
    .kw { color: #d73a49; font-weight: 600; } .bi { color: #6f42c1; } .str { color: #032f62; }
    .num { color: #005cc5; } .com { color: #6a737d; font-style: italic; }
    blockquote { margin: 0; padding: 0 14px; border-left: 4px solid #d0d7de; color: #57606a; }
    """
}
