// How exported pages show the values a recording replaces by placeholders (`{{rate}}`, `{{duration}}` …):
// as words a reader understands ("speed varies", "time varies") instead of template syntax.
import Foundation

/// Readable text for the recording placeholders.
enum PlaceholderText {
    /// (placeholder, words), longest-pattern first: a quoted placeholder (`'{{duration}}'` in a log dict)
    /// and one followed by its unit (`{{rate}} it/s`) become the words alone.
    static let words: [(placeholder: String, text: String)] = [
        ("{{rate}}", "speed varies"),
        ("{{duration}}", "time varies"),
        ("{{bytes}}", "size varies"),
        ("{{path}}", "a temporary path"),
        ("{{date}}", "date varies"),
        ("{{address}}", "an address"),
    ]

    static let rateUnits = ["it/s", "s/it", "tok/s", "tokens/s", "samples/s", "steps/s", "GFLOPS", "GB/s"]

    /// `text` with every placeholder replaced by `wrap(words, placeholder)`; plain text is passed to `escape` first.
    static func render(_ text: String, escape: (String) -> String, wrap: (String, String) -> String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let match = words.first(where: { rest[open.lowerBound...].hasPrefix($0.placeholder) }) else {
                out += escape(String(rest[..<open.upperBound]))
                rest = rest[open.upperBound...]
                continue
            }
            var before = rest[..<open.lowerBound]
            var after = rest[rest.index(open.lowerBound, offsetBy: match.placeholder.count)...]
            // 'eval_runtime': '{{duration}}' → 'eval_runtime': time varies
            if before.hasSuffix("'"), after.hasPrefix("'") { before = before.dropLast(); after = after.dropFirst() }
            var shown = match.text
            // ETA {{duration}} → ETA varies
            if match.placeholder == "{{duration}}", before.hasSuffix("ETA ") { shown = "varies" }
            // {{rate}} it/s → speed varies
            if match.placeholder == "{{rate}}", let unit = rateUnits.first(where: { after.hasPrefix(" " + $0) }) {
                after = after.dropFirst(unit.count + 1)
            }
            out += escape(String(before)) + wrap(shown, match.placeholder)
            rest = after
        }
        return out + escape(String(rest))
    }

    /// For HTML: each placeholder as `<span class="varies" title="…">time varies</span>`.
    static func html(_ text: String) -> String {
        render(text, escape: HTMLText.escape) { shown, placeholder in
            "<span class=\"varies\" data-placeholder=\"\(placeholder.dropFirst(2).dropLast(2))\" title=\"this value changes from run to run, so the notebook does not record it\">\(shown)</span>"
        }
    }

    /// For Markdown (inside a text fence): the words in angle quotes, `‹time varies›`.
    static func plain(_ text: String) -> String {
        render(text, escape: { $0 }) { shown, _ in "‹" + shown + "›" }
    }
}
