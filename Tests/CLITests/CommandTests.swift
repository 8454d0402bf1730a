import Foundation
import TestSupport
import XCTest

/// The notebook commands run as a user runs them (no terminal), with their exit codes.
final class CommandTests: XCTestCase {
    func temporary(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testParseErrorsExitTwoWithLineNumbers() throws {
        let url = try temporary("bad.lnb", "<!-- lnb v1 seed=1 -->\n```lora id=a\nprint(1)\n")
        for command in ["test", "check", "run"] {
            let result = try runLoraRepl([command, url.path])
            XCTAssertEqual(result.code, 2, command)
            XCTAssertTrue(result.stderr.contains("bad.lnb:2: error: unclosed fence"), result.stderr)
        }
    }

    func testCheckFindsStaleOutputs() throws {
        let url = try temporary("stale.lnb", "<!-- lnb v1 seed=1 -->\n```lora id=a\nprint(1)\n```\n\n```output of=a hash=00000000\n1\n```\n")
        let result = try runLoraRepl(["check", url.path])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.stdout.contains("STALE \(url.path):6 cell a"), result.stdout)
    }

    func testExportWritesHTMLAndMarkdown() throws {
        let url = try temporary("nb.lnb", "<!-- lnb v1 seed=1 -->\n# Title\n\n```lora id=a\nprint(1)\n```\n\n```output of=a\n{'loss': 1.0, 'epoch': 1.0}\n{'loss': 0.5, 'epoch': 2.0}\n```\n")
        let html = try runLoraRepl(["export", url.path, "--to", "html"])
        XCTAssertEqual(html.code, 0, html.stderr)
        let page = try String(contentsOf: url.deletingPathExtension().appendingPathExtension("html"), encoding: .utf8)
        XCTAssertTrue(page.contains("<polyline"))
        let md = try runLoraRepl(["export", url.path, "--to", "md", "-o", "-"])
        XCTAssertEqual(md.code, 0)
        XCTAssertTrue(md.stdout.hasPrefix("# Title\n"), md.stdout)
        let bad = try runLoraRepl(["export", url.path, "--to", "pdf"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.stderr.contains("--to needs md or html"))
    }

    /// `test --update` records, then `test` passes (twice: determinism), `--junit` writes XML,
    /// and an edited output fails with exit 1. Needs the interpreter.
    func testUpdateThenTestAndJUnit() throws {
        let url = try temporary("rec.lnb", "<!-- lnb v1 seed=1 -->\n# Rec\n\n```lora id=a\nx = [3, 1, 2]\nprint(sorted(x))\nlen(x)\n```\n\n```lora id=b expect=error\nx[10]\n```\n")
        let update = try runLoraRepl(["test", "--update", url.path])
        if update.stderr.contains("no interpreter yet") || update.stdout.contains("no interpreter yet") {
            FileHandle.standardError.write(Data("SKIPPED: PENDING the Lang interpreter\n".utf8))
            throw XCTSkip("PENDING: Lang interpreter not merged")
        }
        XCTAssertEqual(update.code, 0, update.stdout + update.stderr)
        let recorded = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(recorded.contains("[1, 2, 3]\n3\n```"), recorded)
        XCTAssertTrue(recorded.contains("```error of=b hash="), recorded)
        for _ in 0..<2 {
            let junit = url.deletingLastPathComponent().appendingPathComponent("junit.xml")
            let result = try runLoraRepl(["test", url.path, "--junit", junit.path])
            XCTAssertEqual(result.code, 0, result.stdout + result.stderr)
            let xml = try String(contentsOf: junit, encoding: .utf8)
            XCTAssertTrue(xml.contains("tests=\"2\" failures=\"0\" errors=\"0\""), xml)
        }
        try recorded.replacingOccurrences(of: "[1, 2, 3]", with: "[1, 2, 4]").write(to: url, atomically: true, encoding: .utf8)
        let mismatch = try runLoraRepl(["test", url.path])
        XCTAssertEqual(mismatch.code, 1)
        XCTAssertTrue(mismatch.stdout.contains("  -[1, 2, 4]\n  +[1, 2, 3]"), mismatch.stdout)
    }
}

extension CommandTests {
    /// `run` prints each cell's output and value, stops at an unexpected error (exit 2) and names the cells not run.
    func testRunPrintsOutputsAndStopsAtUnexpectedError() throws {
        let url = try temporary("run.lnb", "<!-- lnb v1 seed=1 -->\n```lora id=a\nprint('hello')\n6 * 7\n```\n```lora id=b\nmissing_name\n```\n```lora id=c\nprint('never')\n```\n")
        let result = try runLoraRepl(["run", url.path])
        if result.stderr.contains("no interpreter yet") { throw XCTSkip("PENDING: Lang interpreter not merged") }
        XCTAssertEqual(result.code, 2)
        XCTAssertEqual(result.stdout, "hello\n42\n")
        XCTAssertTrue(result.stderr.contains("NameError: name 'missing_name' is not defined"), result.stderr)
        XCTAssertTrue(result.stderr.contains("stopped at cell 'b'; not run: c"), result.stderr)
        // Without a terminal, `lorarepl NB.lnb` runs it too.
        let direct = try runLoraRepl([url.path])
        XCTAssertEqual(direct.stdout, "hello\n42\n")
    }

    func testUnknownOptionsAndMissingFilesAreClearErrors() throws {
        let unknown = try runLoraRepl(["test", "--frobnicate", "x.lnb"])
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown option '--frobnicate'"), unknown.stderr)
        let missing = try runLoraRepl(["check", "/nonexistent/nb.lnb"])
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.stderr.contains("cannot read the notebook"), missing.stderr)
        let none = try runLoraRepl(["test"])
        XCTAssertEqual(none.code, 2)
        XCTAssertTrue(none.stderr.contains("no notebook given"), none.stderr)
    }
}

extension CommandTests {
    func testRunParamOverride() throws {
        let url = try temporary("p.lnb", "<!-- lnb v1 seed=1 params steps=50 -->\n```lora\nprint(params['steps'])\n```\n")
        let plain = try runLoraRepl(["run", url.path])
        if plain.stderr.contains("no interpreter yet") { throw XCTSkip("PENDING: Lang interpreter not merged") }
        XCTAssertEqual(plain.stdout, "50\n")
        XCTAssertEqual(try runLoraRepl(["run", url.path, "-p", "steps=5"]).stdout, "5\n")
        XCTAssertEqual(try runLoraRepl(["test", url.path, "-p", "steps=5"]).code, 2, "test refuses overrides")
    }
}
