import Foundation
import PythonBasics

/// PEFT's view of a Python `re` pattern, for the places PEFT uses regexes: `target_modules`/`exclude_modules`
/// given as a string (`re.fullmatch`), `rank_pattern`/`alpha_pattern` keys and `modules_to_save` entries.
/// The engine is PythonBasics' `RegexPattern` (the same one as the language's `re` module); this adds a
/// cache and turns a bad pattern into an error naming the config field.
final class PythonRegex {
    private let compiled: RegexPattern
    /// The pattern as the user wrote it.
    let pattern: String

    private nonisolated(unsafe) static var cache: [String: PythonRegex] = [:]
    private static let cacheLock = NSLock()

    private init(pattern: String, compiled: RegexPattern) {
        self.pattern = pattern
        self.compiled = compiled
    }

    /// Compiles `pattern` for full matches (cached). A bad pattern is an error naming the config field.
    static func compiled(_ pattern: String, field: String, shownPattern: String? = nil) throws -> PythonRegex {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = cache[pattern] { return cached }
        do {
            let regex = PythonRegex(pattern: pattern, compiled: try RegexPattern(pattern))
            if cache.count > 1024 { cache.removeAll() }
            cache[pattern] = regex
            return regex
        } catch {
            throw PeftError(.invalidConfig, "\(field): '\(shownPattern ?? pattern)' is not a valid regular expression",
                            notes: ["a string in \(field) is a Python regular expression matched against full module names",
                                    "re.error: \(error)"],
                            help: "to match module names literally, pass a list instead, e.g. [\"query\", \"value\"]")
        }
    }

    /// `re.fullmatch(pattern, text) is not None`. A match that needs too many steps counts as no match
    /// is not an option here: it is reported as an invalid pattern.
    func fullMatch(_ text: String) throws -> Bool {
        do { return try compiled.fullMatch(text) } catch { throw tooSlow(error) }
    }

    /// The text of the named group `group` when the whole of `text` matches, else nil.
    func namedCapture(_ group: String, in text: String) throws -> String? {
        do { return try compiled.namedCapture(group, fullMatchOf: text) } catch { throw tooSlow(error) }
    }

    private func tooSlow(_ error: RegexError) -> PeftError {
        PeftError(.invalidConfig, "the regular expression '\(pattern)' is too slow on module names: \(error)",
                  help: "simplify the pattern (avoid nested repeats such as (a+)+), or pass a list of module names")
    }
}
