import Foundation
import TestSupport
import XCTest

/// Keeps unchecked integer conversions out of the layers scripts reach. `Int(x)` on a Double that is NaN,
/// infinite or beyond 64 bits, `Int32(n)` on a large Int, `UInt64(n)` on a negative one, each stops the
/// process. In `Sources/{Bindings,Training,Models,PEFT}` every integer initializer with an unlabeled
/// argument must either go through `CheckedInt` (PythonBasics), use a labeled form that cannot trap
/// (`exactly:`, `clamping:`, `truncatingIfNeeded:`, `bitPattern:`), or be listed in
/// `ConversionAllowList.entries` with the reason it cannot trap. A new conversion fails this test until
/// it is rewritten or reviewed; an entry that no longer matches anything fails it too, so the list stays exact.
final class UncheckedConversionTests: XCTestCase {
    static let scannedFolders = ["Sources/Bindings", "Sources/Training", "Sources/Models", "Sources/PEFT"]
    static let integerTypes = ["Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64"]
    static let safeLabels = ["ascii:", "exactly:", "clamping:", "truncatingIfNeeded:", "bitPattern:", "repeating:", "littleEndian:", "bigEndian:"]

    func testNoUncheckedIntegerConversionsOutsideTheAllowList() throws {
        let root = Fixtures.projectRoot
        var found: [String: Int] = [:]  // "path | expression" → occurrences
        for folder in Self.scannedFolders {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let relative as String in files where relative.hasSuffix(".swift") {
                let path = folder + "/" + relative
                let text = try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)
                for expression in Self.conversions(in: text) { found["\(path) | \(expression)", default: 0] += 1 }
            }
        }
        let allowed = Dictionary(ConversionAllowList.entries.map { ("\($0.path) | \($0.expression)", $0.reason) }, uniquingKeysWith: { a, _ in a })
        let unreviewed = found.keys.filter { allowed[$0] == nil }.sorted()
        XCTAssertTrue(unreviewed.isEmpty, """
            unchecked integer conversions (use CheckedInt.truncating/whole/castLikeNumpy, a labeled initializer, \
            or add a reviewed entry to ConversionAllowList with the reason it cannot trap):
            \(unreviewed.joined(separator: "\n"))
            """)
        let stale = allowed.keys.filter { found[$0] == nil }.sorted()
        XCTAssertTrue(stale.isEmpty, "allow-list entries that match no code any more (remove them):\n" + stale.joined(separator: "\n"))
    }

    func testScannerFindsConversionsAndSkipsSafeForms() {
        let sample = """
            let a = Int(x) + Int32(y.count)   // two
            let b = Int(exactly: z) ?? 0
            let c = UInt64(truncatingIfNeeded: w)
            let d = MyInt(v) + Int(clamping: q)
            // let e = Int(commented)
            let f = "Int(in a string)"
            let h = "value \\(Int(d.rounded()))"
            let g = [Int](repeating: 0, count: 3)
            """
        XCTAssertEqual(Self.conversions(in: sample), ["Int(x)", "Int32(y.count)", "Int(d.rounded())"])
    }

    /// Unlabeled integer initializer calls (`Int(…)` with its balanced argument text), comments and
    /// string literals skipped.
    static func conversions(in text: String) -> [String] {
        var results: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let code = Array(stripCommentsAndStrings(String(line)))
            var i = 0
            while i < code.count {
                guard code[i].isUppercase, i == 0 || !(code[i - 1].isLetter || code[i - 1].isNumber || code[i - 1] == "_" || code[i - 1] == ".") else {
                    i += 1; continue
                }
                var j = i
                while j < code.count, code[j].isLetter || code[j].isNumber { j += 1 }
                let name = String(code[i..<j])
                guard integerTypes.contains(name), j < code.count, code[j] == "(" else { i = max(j, i + 1); continue }
                var depth = 0, k = j
                while k < code.count {
                    if code[k] == "(" { depth += 1 } else if code[k] == ")" { depth -= 1; if depth == 0 { break } }
                    k += 1
                }
                let argument = String(code[(j + 1)..<min(k, code.count)]).trimmingCharacters(in: .whitespaces)
                if !argument.isEmpty, !safeLabels.contains(where: { argument.hasPrefix($0) }) {
                    results.append(name + "(" + argument + ")")
                }
                i = j
            }
        }
        return results
    }

    /// The line with `// …` comments removed and string literal text blanked; the code inside string
    /// interpolations (`"\\(Int(x))"`) is kept, since a conversion there traps too.
    static func stripCommentsAndStrings(_ line: String) -> String {
        let chars = Array(line)
        var out = ""
        var inString = false
        var interpolationDepth = 0  // parentheses open inside an interpolation
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inString && interpolationDepth == 0 {
                if c == "\\", i + 1 < chars.count, chars[i + 1] == "(" {
                    out += " ("; interpolationDepth = 1; i += 2; continue
                }
                if c == "\\" { out += "  "; i += 2; continue }
                if c == "\"" { inString = false; out.append(c) } else { out.append(" ") }
            } else {
                if c == "/", i + 1 < chars.count, chars[i + 1] == "/" { return out }
                if inString {
                    if c == "(" { interpolationDepth += 1 }
                    if c == ")" { interpolationDepth -= 1; if interpolationDepth == 0 { out.append(" "); i += 1; continue } }
                } else if c == "\"" {
                    inString = true
                }
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
