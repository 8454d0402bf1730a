// Volatile values (speeds, times, sizes, temporary paths, dates, addresses) replaced by placeholders,
// so a recorded output does not change from run to run.
import Foundation

/// The regex fallback for volatile values. Values printed by the engine in recording/testing mode
/// are already placeholders (`{{duration≈00:54}}` …); these rules catch what slipped through.
///
/// A recording keeps what was measured inside the placeholder, after `≈` (`{{rate≈4.21 it/s}}`), so an
/// exported page can say "≈4.21 it/s"; comparisons drop it first (`{{rate}}`), so it never makes a
/// test fail. Paths, dates and addresses are recorded without their value.
public struct Sanitizer {
    struct Rule {
        let regex: NSRegularExpression
        /// The replacement when comparing.
        let template: String
        /// The replacement when recording (keeps the measured value).
        let observedTemplate: String
    }

    let rules: [Rule]

    /// The `default` rule set (see docs/notebooks.md for the list), with the user's home folder
    /// and the temporary folder as path prefixes.
    public static func standard(home: String? = ProcessInfo.processInfo.environment["HOME"],
                                temporaryDirectory: String = NSTemporaryDirectory()) -> Sanitizer {
        let units = "it/s|s/it|tok/s|tokens/s|samples/s|steps/s|GFLOPS|GFLOP/s|[KMGT]i?B/s"
        let times = "ns|µs|us|ms|s|sec|secs|seconds|min|mins|minutes"
        var rules: [(String, String, String)] = [
            // Trainer summaries: 'train_runtime': 12.3, 'train_samples_per_second': 4.5
            (#"('(?:train|eval|test|predict)_runtime':\s*'?)([-+0-9.eE]+)"#, "$1{{duration}}", "$1{{duration≈$2 s}}"),
            (#"('[a-z_]*_per_second':\s*'?)([-+0-9.eE]+)"#, "$1{{rate}}", "$1{{rate≈$2}}"),
            // Progress bars: `ETA 00:54`, and a final `| 01:23` elapsed time.
            (#"\bETA\s+(\d+:\d{2}(?::\d{2})?)"#, "ETA {{duration}}", "ETA {{duration≈$1}}"),
            (#"(\|\s*)(\d+:\d{2}(?::\d{2})?)\s*$"#, "$1{{duration}}", "$1{{duration≈$2}}"),
            (#"\b0x[0-9a-fA-F]{4,}\b"#, "{{address}}", "{{address}}"),
            (#"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"#, "{{date}}", "{{date}}"),
            (#"\b\d+:\d{2}:\d{2}(?:\.\d+)?\b"#, "{{duration}}", "{{duration≈$0}}"),
            (#"\b\d+(?:\.\d+)?\s?(?:\#(units))"#, "{{rate}}", "{{rate≈$0}}"),
            (#"\b\d+(?:\.\d+)?\s?(?:[KMGT]i?B|bytes)\b"#, "{{bytes}}", "{{bytes≈$0}}"),
            (#"\b\d+m\s?\d+(?:\.\d+)?s\b"#, "{{duration}}", "{{duration≈$0}}"),
            (#"\b\d+(?:\.\d+)?\s?(?:\#(times))\b"#, "{{duration}}", "{{duration≈$0}}"),
            // A placeholder printed at the source may keep its unit (`{{rate}} it/s`): drop it, so the
            // engine's form and the regex's form compare equal.
            (#"(\{\{rate\}\})\s?(?:\#(units))"#, "$1", "$1"),
            (#"(\{\{duration\}\})\s?(?:\#(times))\b"#, "$1", "$1"),
            (#"(\{\{bytes\}\})\s?(?:[KMGT]i?B|bytes)\b"#, "$1", "$1"),
        ]
        var prefixes: [String] = []
        for candidate in [temporaryDirectory, "/tmp/", "/var/tmp/", "/private/var/folders/", "/var/folders/"] {
            var prefix = candidate
            if !prefix.hasSuffix("/") { prefix += "/" }
            if !prefixes.contains(prefix) { prefixes.append(prefix) }
        }
        if let home, home.count > 1 { prefixes.append(home.hasSuffix("/") ? home : home + "/") }
        for prefix in prefixes {
            rules.insert((NSRegularExpression.escapedPattern(for: prefix) + #"[^\s'",)\]]*"#, "{{path}}", "{{path}}"), at: 0)
        }
        return Sanitizer(rules: rules)
    }

    /// A sanitizer that changes nothing (`sanitize=none`).
    public static let none = Sanitizer(patterns: [])

    /// Rules whose recording form is the comparing form (user rules: `lnb:sanitize "re" => "{{sha}}"`).
    public init(patterns: [(pattern: String, template: String)]) {
        self.init(rules: patterns.map { ($0.pattern, $0.template, $0.template) })
    }

    init(rules entries: [(pattern: String, template: String, observed: String)]) {
        rules = entries.compactMap { entry in
            guard let regex = try? NSRegularExpression(pattern: entry.pattern, options: [.anchorsMatchLines]) else { return nil }
            return Rule(regex: regex, template: entry.template, observedTemplate: entry.observed)
        }
    }

    /// Replaces volatile values with their placeholders, for comparing: measured values kept in
    /// placeholders (`{{rate≈4.2 it/s}}`) are dropped first, so two runs compare equal.
    public func sanitize(_ text: String) -> String {
        var text = Placeholders.withoutObservations(text)
        for rule in rules {
            let range = NSRange(text.startIndex..., in: text)
            text = rule.regex.stringByReplacingMatches(in: text, range: range, withTemplate: rule.template)
        }
        return text
    }

    /// Replaces volatile values with placeholders that keep what was measured (`{{rate≈4.2 it/s}}`), for
    /// writing into a notebook. Placeholders already in the text are left as they are.
    public func sanitizeForRecording(_ text: String) -> String {
        var text = text
        for rule in rules {
            let masked = Placeholders.mask(text)
            let range = NSRange(masked.text.startIndex..., in: masked.text)
            let replaced = rule.regex.stringByReplacingMatches(in: masked.text, range: range, withTemplate: rule.observedTemplate)
            text = masked.restore(replaced)
        }
        return text
    }
}

/// Placeholders in recorded text: `{{name}}`, or `{{name≈measured}}` in a recording.
enum Placeholders {
    static let observed = try? NSRegularExpression(pattern: #"\{\{([a-z_]+)≈[^{}\n]*\}\}"#)
    static let any = try? NSRegularExpression(pattern: #"\{\{[^{}\n]*\}\}"#)
    /// Supplementary Private Use Area A: never a digit, letter or space, so no rule matches across a mask.
    static let maskBase: UInt32 = 0xF0000

    /// `{{rate≈4.2 it/s}}` → `{{rate}}`.
    static func withoutObservations(_ text: String) -> String {
        guard text.contains("≈"), let regex = observed else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "{{$1}}")
    }

    /// How many placeholders keep a measured value.
    static func measuredCount(_ text: String) -> Int {
        guard text.contains("≈"), let regex = observed else { return 0 }
        return regex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// Every placeholder replaced by one private-use character, and how to put them back.
    static func mask(_ text: String) -> (text: String, restore: (String) -> String) {
        guard text.contains("{{"), let regex = any else { return (text, { $0 }) }
        var kept: [String] = []
        var out = ""
        var cursor = text.startIndex
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text),
                  let mark = Unicode.Scalar(maskBase + UInt32(truncatingIfNeeded: kept.count)), kept.count < 0xFFFD else { continue }
            out += text[cursor..<range.lowerBound]
            out.unicodeScalars.append(mark)
            kept.append(String(text[range]))
            cursor = range.upperBound
        }
        out += text[cursor...]
        guard !kept.isEmpty else { return (text, { $0 }) }
        return (out, { masked in
            var restored = String.UnicodeScalarView()
            for scalar in masked.unicodeScalars {
                let index = Int(scalar.value) - Int(maskBase)
                if index >= 0, index < kept.count { restored.append(contentsOf: kept[index].unicodeScalars) } else { restored.append(scalar) }
            }
            return String(restored)
        })
    }
}
