// How exported pages show the values a recording replaces by placeholders (`{{rate}}`, `{{duration}}` …):
// as words a reader understands ("speed varies", "time varies"), or as what was measured when the
// notebook was recorded ("≈4.21 it/s", from `{{rate≈4.21 it/s}}`), instead of template syntax.
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

    /// `text` with every placeholder replaced by `wrap(words, placeholder name)`; plain text is passed to
    /// `escape` first. A placeholder that kept what was measured when it was recorded (`{{rate≈4.21 it/s}}`)
    /// shows that value ("≈4.21 it/s") instead of the words.
    static func render(_ text: String, escape: (String) -> String, wrap: (String, String) -> String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            let candidate = rest[open.lowerBound...]
            guard let match = words.first(where: { candidate.hasPrefix($0.placeholder) || candidate.hasPrefix($0.placeholder.dropLast(2) + "≈") }) else {
                out += escape(String(rest[..<open.upperBound]))
                rest = rest[open.upperBound...]
                continue
            }
            var measured: String? = nil
            var after: Substring
            if candidate.hasPrefix(match.placeholder) {
                after = candidate.dropFirst(match.placeholder.count)
            } else if let close = candidate.range(of: "}}"), !candidate[..<close.lowerBound].contains("\n") {
                let inside = candidate[candidate.index(candidate.startIndex, offsetBy: match.placeholder.count - 2)..<close.lowerBound]
                measured = String(inside)
                after = candidate[close.upperBound...]
            } else {
                out += escape(String(rest[..<open.upperBound]))
                rest = rest[open.upperBound...]
                continue
            }
            var before = rest[..<open.lowerBound]
            // 'eval_runtime': '{{duration}}' → 'eval_runtime': time varies
            if before.hasSuffix("'"), after.hasPrefix("'") { before = before.dropLast(); after = after.dropFirst() }
            var shown = measured ?? match.text
            // ETA {{duration}} → ETA varies
            if measured == nil, match.placeholder == "{{duration}}", before.hasSuffix("ETA ") { shown = "varies" }
            // {{rate}} it/s → speed varies; {{rate≈4.2}} it/s → ≈4.2 it/s
            if match.placeholder == "{{rate}}", let unit = rateUnits.first(where: { after.hasPrefix(" " + $0) }) {
                after = after.dropFirst(unit.count + 1)
                if measured != nil { shown += " " + unit }
            }
            out += escape(String(before)) + wrap(shown, String(match.placeholder.dropFirst(2).dropLast(2)))
            rest = after
        }
        return out + escape(String(rest))
    }

    /// Why a placeholder's value is not a fixed part of the notebook (the tooltip on exported pages).
    static func explanation(measured: Bool) -> String {
        measured ? "measured when the notebook was recorded; it changes from run to run, so tests do not compare it"
            : "this value changes from run to run, so the notebook does not record it"
    }

    /// For HTML: each placeholder as `<span class="varies" title="…">time varies</span>` (or `≈4.21 it/s`).
    static func html(_ text: String) -> String {
        render(text, escape: HTMLText.escape) { shown, name in
            "<span class=\"varies\" data-placeholder=\"\(name)\" title=\"\(explanation(measured: shown.hasPrefix("≈")))\">\(HTMLText.escape(shown))</span>"
        }
    }

    /// For Markdown (inside a text fence): the words in angle quotes, `‹time varies›`.
    static func plain(_ text: String) -> String {
        render(text, escape: { $0 }) { shown, _ in "‹" + shown + "›" }
    }
}
