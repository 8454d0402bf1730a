import XCTest
import TestSupport
@testable import Notebooks

/// Mutated notebooks never crash the parser; whatever parses prints back byte for byte, and the
/// stale check and exporters run on it.
final class FuzzTests: XCTestCase {
    func testMutatedFixturesParseOrFailCleanly() throws {
        var rng = SplitMix(seed: 2026)
        let pieces = ["```", "````", "~~~", "\n", "\r\n", "lora ", "output of=", "error of=", "id=", "a", " ", "`", "<!--", "-->", "...", "é", "\u{FEFF}"]
        var parsed = 0, rejected = 0
        for url in try NotebookFixtures.all() {
            let original = Array(try String(contentsOf: url, encoding: .utf8))
            for _ in 0..<300 {
                var chars = original
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let position = chars.isEmpty ? 0 : Int(rng.next() % UInt64(chars.count))
                    switch rng.next() % 3 {
                    case 0: if !chars.isEmpty { chars.remove(at: position) }
                    case 1: chars.insert(contentsOf: Array(pieces[Int(rng.next() % UInt64(pieces.count))]), at: position)
                    default: if !chars.isEmpty { chars[position] = Array(pieces[Int(rng.next() % UInt64(pieces.count))]).first ?? "x" }
                    }
                }
                let text = String(chars)
                do {
                    let notebook = try NotebookParser.parse(text)
                    XCTAssertEqual(NotebookPrinter.print(notebook), text)
                    _ = StaleCheck.check(notebook)
                    _ = NotebookExporter.html(notebook, title: "t")
                    _ = NotebookExporter.markdown(notebook)
                    parsed += 1
                } catch let error as NotebookError {
                    XCTAssertFalse(error.message.isEmpty)
                    rejected += 1
                }
            }
        }
        XCTAssertGreaterThan(parsed, 100)
        XCTAssertGreaterThan(rejected, 100)
    }

    func testByteOrderMarkIsAccepted() throws {
        let text = "\u{FEFF}<!-- lnb v1 seed=3 -->\n```lora\n1\n```\n"
        let notebook = try NotebookParser.parse(text)
        XCTAssertEqual(notebook.header.seed, 3)
        XCTAssertEqual(NotebookPrinter.print(notebook), text)
    }
}
