// Normalising and sanitizing cell output before it is recorded or compared.
import Foundation

/// Turns raw cell output into the stable text that `.lnb` files hold.
public enum OutputNormalizer {
    /// Normalises output: CRLF → LF, ANSI escapes removed, each line keeps only its final
    /// carriage-return frame (so progress bars leave their last state), trailing spaces and tabs
    /// removed, trailing blank lines removed.
    public static func normalize(_ text: String) -> String {
        let plain = stripANSI(text.replacingCRLF())
        var lines = plain.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let frames = line.split(separator: "\r", omittingEmptySubsequences: false)
            let final = frames.last(where: { !$0.isEmpty }) ?? ""
            var kept = Substring(final)
            while let last = kept.last, last == " " || last == "\t" { kept.removeLast() }
            return String(kept)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// A replay names a cell `NAME.lnb:cell ID:L:C` in diagnostics. Comparisons drop the notebook's file
    /// name (and any folder), leaving `cell ID:L:C`, so a recorded error still matches when the notebook is
    /// copied or renamed (`%save` then `lorarepl test` on a renamed copy).
    public static func portableLocations(_ text: String) -> String {
        guard text.contains(".lnb:cell "), let regex = notebookLocation else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "cell ")
    }

    private static let notebookLocation = try? NSRegularExpression(pattern: #"[^\s'"():]*\.lnb:cell "#)

    /// Removes ANSI escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ESC \`, and two-byte escapes).
    public static func stripANSI(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else { out.append(scalar); continue }
            guard let kind = scalars.next() else { break }
            switch kind {
            case "[":
                while let s = scalars.next() { if (0x40...0x7E).contains(s.value) { break } }
            case "]":
                var previous: Unicode.Scalar = " "
                while let s = scalars.next() {
                    if s == "\u{07}" || (previous == "\u{1B}" && s == "\\") { break }
                    previous = s
                }
            default:
                break  // ESC + one character
            }
        }
        return String(out)
    }
}

/// The regex fallback for volatile values. Values printed by the engine in recording/testing mode
/// are already placeholders (`{{duration}}` …); these rules catch what slipped through.
public struct Sanitizer {
    struct Rule {
        let regex: NSRegularExpression
        let template: String
    }

    let rules: [Rule]

    /// The `default` rule set (see docs/notebooks.md for the list), with the user's home folder
    /// and the temporary folder as path prefixes.
    public static func standard(home: String? = ProcessInfo.processInfo.environment["HOME"],
                                temporaryDirectory: String = NSTemporaryDirectory()) -> Sanitizer {
        var patterns: [(String, String)] = [
            // Trainer summaries: 'train_runtime': 12.3, 'train_samples_per_second': 4.5
            (#"('(?:train|eval|test|predict)_runtime':\s*'?)[-+0-9.eE]+"#, "$1{{duration}}"),
            (#"('[a-z_]*_per_second':\s*'?)[-+0-9.eE]+"#, "$1{{rate}}"),
            // Progress bars: `ETA 00:54`, and a final `| 01:23` elapsed time.
            (#"\bETA\s+\d+:\d{2}(?::\d{2})?"#, "ETA {{duration}}"),
            (#"(\|\s*)\d+:\d{2}(?::\d{2})?\s*$"#, "$1{{duration}}"),
            (#"\b0x[0-9a-fA-F]{4,}\b"#, "{{address}}"),
            (#"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"#, "{{date}}"),
            (#"\b\d+:\d{2}:\d{2}(?:\.\d+)?\b"#, "{{duration}}"),
            (#"\b\d+(?:\.\d+)?\s?(?:it/s|s/it|tok/s|tokens/s|samples/s|steps/s|GFLOPS|GFLOP/s|[KMGT]i?B/s)"#, "{{rate}}"),
            (#"\b\d+(?:\.\d+)?\s?(?:[KMGT]i?B|bytes)\b"#, "{{bytes}}"),
            (#"\b\d+m\s?\d+(?:\.\d+)?s\b"#, "{{duration}}"),
            (#"\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds|min|mins|minutes)\b"#, "{{duration}}"),
            // A placeholder printed at the source may keep its unit (`{{rate}} it/s`): drop it, so the
            // engine's form and the regex's form compare equal.
            (#"(\{\{rate\}\})\s?(?:it/s|s/it|tok/s|tokens/s|samples/s|steps/s|GFLOPS|GFLOP/s|[KMGT]i?B/s)"#, "$1"),
            (#"(\{\{duration\}\})\s?(?:ns|µs|us|ms|s|sec|secs|seconds|min|mins|minutes)\b"#, "$1"),
            (#"(\{\{bytes\}\})\s?(?:[KMGT]i?B|bytes)\b"#, "$1"),
        ]
        var prefixes: [String] = []
        for candidate in [temporaryDirectory, "/tmp/", "/var/tmp/", "/private/var/folders/", "/var/folders/"] {
            var prefix = candidate
            if !prefix.hasSuffix("/") { prefix += "/" }
            if !prefixes.contains(prefix) { prefixes.append(prefix) }
        }
        if let home, home.count > 1 { prefixes.append(home.hasSuffix("/") ? home : home + "/") }
        for prefix in prefixes {
            patterns.insert((NSRegularExpression.escapedPattern(for: prefix) + #"[^\s'",)\]]*"#, "{{path}}"), at: 0)
        }
        return Sanitizer(patterns: patterns)
    }

    /// A sanitizer that changes nothing (`sanitize=none`).
    public static let none = Sanitizer(patterns: [])

    public init(patterns: [(pattern: String, template: String)]) {
        rules = patterns.compactMap { entry in
            guard let regex = try? NSRegularExpression(pattern: entry.pattern, options: [.anchorsMatchLines]) else { return nil }
            return Rule(regex: regex, template: entry.template)
        }
    }

    /// Replaces volatile values with their placeholders.
    public func sanitize(_ text: String) -> String {
        var text = text
        for rule in rules {
            let range = NSRange(text.startIndex..., in: text)
            text = rule.regex.stringByReplacingMatches(in: text, range: range, withTemplate: rule.template)
        }
        return text
    }
}
