import Foundation
import XCTest

/// Checks the `import` lines of every Swift file in `Sources/` (and `Tests/TestSupport`) against the
/// table in `docs/architecture.md`: a target may import only what its row lists.
final class ImportRulesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// target → modules it may import, from the table between the `architecture-table` markers.
    static func allowedImports() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        guard let start = text.range(of: "<!-- architecture-table: start -->"),
              let end = text.range(of: "<!-- architecture-table: end -->"), start.upperBound < end.lowerBound else {
            throw XCTSkip("docs/architecture.md lost its architecture-table markers")
        }
        var table: [String: Set<String>] = [:]
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, let target = backticked(cells[1]).first else { continue }
            table[target] = Set(backticked(cells[3]))
        }
        return table
    }

    /// The `names` in `code` spans of a table cell.
    static func backticked(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The modules a Swift source imports: top-level `import` lines (with attributes and kinds such as
    /// `@testable import X`, `import struct X.Y`), skipping the contents of multi-line string literals.
    static func imports(ofSwiftSource text: String) -> [(line: Int, module: String)] {
        var result: [(Int, String)] = []
        var closingDelimiter: String?
        let kinds: Set<String> = ["struct", "class", "enum", "protocol", "typealias", "func", "let", "var"]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let closing = closingDelimiter {
                if line.hasPrefix(closing) { closingDelimiter = nil }
                continue
            }
            if let range = line.range(of: #"#*"""$"#, options: .regularExpression), !line.hasPrefix("\"\"\"") {
                let hashes = line[range].filter { $0 == "#" }
                closingDelimiter = "\"\"\"" + String(hashes)
                continue
            }
            var words = rawLine.split(separator: " ").map(String.init)
            while let first = words.first, first.hasPrefix("@") { words.removeFirst() }
            guard words.first == "import", words.count >= 2 else { continue }
            var module = words[1]
            if kinds.contains(module), words.count >= 3 { module = words[2] }
            result.append((index + 1, String(module.split(separator: ".").first ?? "")))
        }
        return result
    }

    func testTheTableParses() throws {
        let table = try Self.allowedImports()
        XCTAssertEqual(table["Lang"], ["PythonBasics", "Foundation", "Synchronization"], "Lang imports no ML code")
        XCTAssertEqual(table["PythonBasics"], ["Foundation", "Glibc"], "PythonBasics is the leaf")
        XCTAssertGreaterThanOrEqual(table.count, 12)
    }

    func testTheScannerSkipsStringLiteralsAndReadsAttributes() {
        let source = """
        import Foundation
        @testable import Lang
        import struct PythonBasics.JSONValue
        let script = ##\"\"\"
        \"\"\"A docstring\"\"\"
        import random
        \"\"\"##
        let other = \"\"\"
        import json
        \"\"\"
            // import Nothing
        """
        XCTAssertEqual(Self.imports(ofSwiftSource: source).map(\.module), ["Foundation", "Lang", "PythonBasics"])
    }

    func testEveryImportInSourcesIsAllowedByTheTable() throws {
        let table = try Self.allowedImports()
        var folders: [(target: String, url: URL)] = []
        let sources = Self.root.appendingPathComponent("Sources")
        for name in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() where !name.hasPrefix(".") {
            folders.append((name, sources.appendingPathComponent(name)))
        }
        folders.append(("TestSupport", Self.root.appendingPathComponent("Tests/TestSupport")))
        var problems: [String] = []
        var checkedFiles = 0
        for (target, folder) in folders {
            guard let allowed = table[target] else {
                problems.append("Sources/\(target) has no row in docs/architecture.md's layer table (add its job and allowed imports)")
                continue
            }
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            for file in files.sorted() {
                let url = folder.appendingPathComponent(file)
                let text = try String(contentsOf: url, encoding: .utf8)
                checkedFiles += 1
                for (line, module) in Self.imports(ofSwiftSource: text) where !allowed.contains(module) {
                    problems.append("\(target)/\(file):\(line) imports \(module), which docs/architecture.md does not allow for \(target)")
                }
            }
        }
        XCTAssertGreaterThan(checkedFiles, 200, "the scan found too few files; is the repository layout unchanged?")
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }
}
