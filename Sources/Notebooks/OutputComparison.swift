// Comparing an actual cell output with the recorded one, per check mode.
import Foundation

/// The outcome of comparing one output.
public struct Comparison: Equatable {
    public var matches: Bool
    /// The expected and actual lines as compared (normalised and sanitized).
    public var expected: [String]
    public var actual: [String]
    /// An extra sentence explaining the mismatch (e.g. for `check=lines`).
    public var note: String?
}

/// Compares outputs. Both sides are normalised, then sanitized; a line that is exactly `...` in the
/// expected text matches any run of lines (including none).
public enum OutputComparator {
    public static let wildcard = "..."

    public static func compare(expected: String, actual: String, mode: CheckMode,
                               relativeTolerance: Double = 1e-4, sanitizer: Sanitizer) -> Comparison {
        let expectedLines = lines(sanitizer.sanitize(OutputNormalizer.portableLocations(OutputNormalizer.normalize(expected))))
        let actualLines = lines(sanitizer.sanitize(OutputNormalizer.portableLocations(OutputNormalizer.normalize(actual))))
        switch mode {
        case .ignore:
            return Comparison(matches: true, expected: expectedLines, actual: actualLines)
        case .exact:
            return Comparison(matches: matchLines(expectedLines, actualLines, equal: ==),
                              expected: expectedLines, actual: actualLines)
        case .numbers:
            let ok = matchLines(expectedLines, actualLines) { numbersMatch(expected: $0, actual: $1, relativeTolerance: relativeTolerance) }
            return Comparison(matches: ok, expected: expectedLines, actual: actualLines,
                              note: ok ? nil : "check=numbers: numbers may differ by a relative \(relativeTolerance) (or by half a unit of the last digit written); the text around them must match")
        case .lines:
            return compareAsMultiset(expectedLines, actualLines)
        }
    }

    static func lines(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Glob matching over lines: `...` matches zero or more lines, other lines must be `equal`.
    static func matchLines(_ expected: [String], _ actual: [String], equal: (String, String) -> Bool) -> Bool {
        if !expected.contains(wildcard) {
            return expected.count == actual.count && zip(expected, actual).allSatisfy { equal($0, $1) }
        }
        let n = expected.count, m = actual.count
        // reachable[j]: expected[0..<i] can match actual[0..<j]
        var reachable = [Bool](repeating: false, count: m + 1)
        reachable[0] = true
        for i in 0..<n {
            var next = [Bool](repeating: false, count: m + 1)
            if expected[i] == wildcard {
                var any = false
                for j in 0...m { any = any || reachable[j]; next[j] = any }
            } else {
                for j in 0..<m where reachable[j] && equal(expected[i], actual[j]) { next[j + 1] = true }
            }
            reachable = next
        }
        return reachable[m]
    }

    /// `check=lines`: the same lines in any order, each used once; a `...` line allows extra actual lines.
    static func compareAsMultiset(_ expected: [String], _ actual: [String]) -> Comparison {
        let allowsExtra = expected.contains(wildcard)
        var pool: [String: Int] = [:]
        for line in actual { pool[line, default: 0] += 1 }
        var missing: [String] = []
        for line in expected where line != wildcard {
            if let count = pool[line], count > 0 { pool[line] = count - 1 } else { missing.append(line) }
        }
        let extra = actual.filter { line in
            guard let count = pool[line], count > 0 else { return false }
            pool[line] = count - 1
            return true
        }
        let ok = missing.isEmpty && (allowsExtra || extra.isEmpty)
        var note: String? = nil
        if !ok {
            var parts = ["check=lines compares lines in any order"]
            if !missing.isEmpty { parts.append("missing: \(missing.map { "'\($0)'" }.joined(separator: ", "))") }
            if !allowsExtra && !extra.isEmpty { parts.append("unexpected: \(extra.map { "'\($0)'" }.joined(separator: ", "))") }
            note = parts.joined(separator: "; ")
        }
        return Comparison(matches: ok, expected: expected, actual: actual, note: note)
    }

    // MARK: - Numbers

    static let numberPattern = try? NSRegularExpression(pattern: #"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf)\b"#)

    /// Splits a line into its text between numbers and the numbers (as written).
    static func splitNumbers(_ line: String) -> (text: [String], numbers: [String]) {
        guard let regex = numberPattern else { return ([line], []) }
        var text: [String] = []
        var numbers: [String] = []
        var cursor = line.startIndex
        for match in regex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            guard let range = Range(match.range, in: line) else { continue }
            text.append(String(line[cursor..<range.lowerBound]))
            numbers.append(String(line[range]))
            cursor = range.upperBound
        }
        text.append(String(line[cursor...]))
        return (text, numbers)
    }

    /// Whether two lines match with numbers compared within tolerance.
    public static func numbersMatch(expected: String, actual: String, relativeTolerance: Double) -> Bool {
        if expected == actual { return true }
        let e = splitNumbers(expected), a = splitNumbers(actual)
        guard e.text == a.text, e.numbers.count == a.numbers.count else { return false }
        for (written, got) in zip(e.numbers, a.numbers) {
            guard let x = Double(written), let y = Double(got) else {
                if written != got { return false }
                continue
            }
            if x == y || (x.isNaN && y.isNaN) { continue }
            var tolerance = relativeTolerance * max(abs(x), abs(y))
            // A number written with d decimals (no exponent) also matches to half a unit of its last digit.
            if let dot = written.firstIndex(of: "."), !written.contains("e"), !written.contains("E") {
                let decimals = written.distance(from: dot, to: written.endIndex) - 1
                tolerance = max(tolerance, 0.5 * pow(10, -Double(decimals)))
            }
            if !(abs(x - y) <= tolerance) { return false }
        }
        return true
    }
}
