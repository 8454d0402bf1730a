import Foundation

/// A Python `re` pattern, run by ICU (`NSRegularExpression`), for the places PEFT uses regexes:
/// `target_modules`/`exclude_modules` given as a string (`re.fullmatch`), `rank_pattern`/`alpha_pattern`
/// keys and `modules_to_save` entries. Python-only syntax is translated: `(?P<name>…)` → `(?<name>…)`,
/// `(?P=name)` → `\k<name>`.
final class PythonRegex {
    private let expression: NSRegularExpression
    /// The pattern as the user wrote it.
    let pattern: String

    private nonisolated(unsafe) static var cache: [String: PythonRegex] = [:]
    private static let cacheLock = NSLock()

    private init(pattern: String, expression: NSRegularExpression) {
        self.pattern = pattern
        self.expression = expression
    }

    /// Compiles `pattern` for full matches (cached). A bad pattern is an error naming the config field.
    static func compiled(_ pattern: String, field: String, shownPattern: String? = nil) throws -> PythonRegex {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = cache[pattern] { return cached }
        let translated = translate(pattern)
        do {
            let expression = try NSRegularExpression(pattern: "\\A(?:\(translated))\\z", options: [])
            let regex = PythonRegex(pattern: pattern, expression: expression)
            if cache.count > 1024 { cache.removeAll() }
            cache[pattern] = regex
            return regex
        } catch {
            throw PeftError(.invalidConfig, "\(field): '\(shownPattern ?? pattern)' is not a valid regular expression",
                            notes: ["a string in \(field) is a Python regular expression matched against full module names"],
                            help: "to match module names literally, pass a list instead, e.g. [\"query\", \"value\"]")
        }
    }

    /// `re.fullmatch(pattern, text) is not None`.
    func fullMatch(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }

    /// The text of the named group `group` when the whole of `text` matches, else nil.
    func namedCapture(_ group: String, in text: String) -> String? {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = expression.firstMatch(in: text, options: [], range: range) else { return nil }
        let groupRange = match.range(withName: group)
        guard groupRange.location != NSNotFound, let swiftRange = Range(groupRange, in: text) else { return nil }
        return String(text[swiftRange])
    }

    /// Rewrites the few Python-only constructs ICU spells differently.
    static func translate(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "(?P<", with: "(?<")
            .replacingOccurrences(of: #"\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)"#, with: #"\\k<$1>"#,
                                  options: .regularExpression)
    }
}
