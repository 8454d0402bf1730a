import XCTest
@testable import Notebooks

final class FormatTests: XCTestCase {
    func testEveryFixtureRoundTripsByteForByte() throws {
        let fixtures = try NotebookFixtures.all()
        XCTAssertGreaterThanOrEqual(fixtures.count, 5)
        for url in fixtures {
            let data = try Data(contentsOf: url)
            let text = try XCTUnwrap(String(data: data, encoding: .utf8))
            let notebook = try NotebookParser.parse(text, file: url.lastPathComponent)
            XCTAssertEqual(Data(NotebookPrinter.print(notebook).utf8), data, "round trip of \(url.lastPathComponent)")
        }
    }

    func testBasicStructure() throws {
        let notebook = try NotebookParser.parse(NotebookFixtures.text("basic.lnb"), file: "basic.lnb")
        XCTAssertEqual(notebook.header.seed, 42)
        XCTAssertEqual(notebook.cells.map(\.id), ["greet", "c2", "bad", "later"])
        XCTAssertEqual(notebook.cells.map(\.hasExplicitID), [true, false, true, true])
        XCTAssertEqual(notebook.cells[0].source, "print hello\nvalue 'world'")
        XCTAssertEqual(notebook.cells[0].line, 6)
        XCTAssertTrue(notebook.cells[2].expectError)
        let later = notebook.cells[3]
        XCTAssertEqual(later.check, .ignore)
        XCTAssertTrue(later.skip)
        XCTAssertEqual(later.timeout, 5)
        XCTAssertEqual(notebook.recorded(.output, of: "greet")?.body, "hello\n'world'")
        XCTAssertEqual(notebook.recorded(.output, of: "greet")?.hash, "00000000")
        XCTAssertEqual(notebook.recorded(.output, of: "c2")?.body, "")
        XCTAssertEqual(notebook.recorded(.error, of: "bad")?.body.hasPrefix("error: division by zero"), true)
    }

    func testNestedFencesAndHeaderParams() throws {
        let notebook = try NotebookParser.parse(NotebookFixtures.text("nested.lnb"))
        XCTAssertEqual(notebook.cells.map(\.id), ["md"], "fences inside ~~~~ and ```python are prose")
        XCTAssertEqual(notebook.cells[0].source, "print ```")
        XCTAssertEqual(notebook.cells[0].check, .lines)
        XCTAssertEqual(notebook.recorded(.output, of: "md")?.body, "```")
        XCTAssertEqual(notebook.header.seed, 7)
        XCTAssertFalse(notebook.header.sanitize)
        XCTAssertEqual(notebook.header.params.map(\.key), ["steps", "lr"])
        XCTAssertEqual(notebook.header.params.map(\.value), ["50", "2e-4"])
    }

    func testCRLFSourceHasNoCarriageReturns() throws {
        let notebook = try NotebookParser.parse(NotebookFixtures.text("crlf.lnb"))
        XCTAssertEqual(notebook.cells[0].source, "print crlf")
        XCTAssertEqual(notebook.recorded(.output, of: "a")?.body, "crlf")
    }

    func testNumbersToleranceAttribute() throws {
        let notebook = try NotebookParser.parse(NotebookFixtures.text("no-final-newline.lnb"))
        XCTAssertEqual(notebook.cells[0].check, .numbers)
        XCTAssertEqual(notebook.cells[0].relativeTolerance, 0.01)
    }

    /// Each malformed file gives its error on the right line.
    func testMalformedFilesGiveLineNumberedErrors() {
        let header = "<!-- lnb v1 seed=1 -->\n"
        let cases: [(String, Int, String)] = [
            (header + "\n```lora id=a\nprint 1\n", 3, "unclosed fence"),
            (header + "```lora id=a\n```\n```lora id=a\n```\n", 4, "duplicate cell id 'a' (first used on line 2)"),
            (header + "Prose.\n\n```output of=a\nx\n```\n", 4, "orphan output block"),
            (header + "```lora id=a\n```\n\n```output of=zz\n```\n", 5, "names unknown cell 'zz'"),
            (header + "```lora id=a\n```\n```lora id=b\n```\n```output of=a\n```\n", 6, "follows cell 'b'"),
            (header + "```lora id=a\n```\n```output of=a\n```\n```output of=a\n```\n", 6, "already has an output block"),
            (header + "```lora id=a colour=red\n```\n", 2, "unknown attribute 'colour'"),
            (header + "```lora id=1a\n```\n", 2, "bad attribute 'id=1a'"),
            (header + "```lora check=fuzzy\n```\n", 2, "bad attribute 'check=fuzzy'"),
            (header + "```lora timeout=-3\n```\n", 2, "bad attribute 'timeout=-3'"),
            (header + "```lora id=a\n```\n```output\n```\n", 4, "output block without of="),
            (header + "```lora id=a\n```\n```error of=a hash=xyz\n```\n", 4, "bad attribute 'hash=xyz'"),
            ("# no header\n", 1, "missing notebook header"),
            ("<!-- lnb v1 seed=-1 -->\n", 1, "bad seed"),
            ("<!-- lnb v2 seed=1 -->\n", 1, "unsupported notebook version"),
            ("", 1, "the file is empty"),
        ]
        for (text, line, fragment) in cases {
            do {
                _ = try NotebookParser.parse(text, file: "bad.lnb")
                XCTFail("expected an error containing '\(fragment)' for:\n\(text)")
            } catch let error as NotebookError {
                XCTAssertEqual(error.line, line, "line for '\(fragment)': \(error)")
                XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' should contain '\(fragment)'")
                XCTAssertNotNil(error.help, "every parse error says how to fix it")
                XCTAssertTrue(error.description.hasPrefix("bad.lnb:\(line): error: "), error.description)
            } catch {
                XCTFail("unexpected error type \(error)")
            }
        }
    }

    func testSetRecordedRewritesOnlyTheBlocks() throws {
        let text = try NotebookFixtures.text("basic.lnb")
        var notebook = try NotebookParser.parse(text)
        // Replace an existing block: only its lines change.
        notebook.setRecorded(cellID: "greet", output: RecordedBlock(kind: .output, cellID: "greet", hash: "abcdef01", body: "hi", line: 0), error: nil)
        let replaced = NotebookPrinter.print(notebook)
        XCTAssertEqual(replaced, text.replacingOccurrences(of: "```output of=greet hash=00000000\nhello\n'world'\n```",
                                                           with: "```output of=greet hash=abcdef01\nhi\n```"))
        // Insert a missing block right after its cell, separated by blank lines.
        notebook.setRecorded(cellID: "later", output: RecordedBlock(kind: .output, cellID: "later", hash: nil, body: "x", line: 0), error: nil)
        let inserted = NotebookPrinter.print(notebook)
        XCTAssertTrue(inserted.hasSuffix("print never compared\n```\n\n```output of=later\nx\n```\n"), inserted)
        // Remove an error block and re-parse: still valid, prose untouched.
        notebook.setRecorded(cellID: "bad", output: nil, error: nil)
        let reparsed = try NotebookParser.parse(NotebookPrinter.print(notebook))
        XCTAssertNil(reparsed.recorded(.error, of: "bad"))
        XCTAssertTrue(NotebookPrinter.print(reparsed).contains("A cell without an id gets a positional id (`c2`):"))
    }

    func testFenceGrowsPastBackticksInBody() {
        XCTAssertEqual(NotebookPrinter.fence(for: "plain"), "```")
        XCTAssertEqual(NotebookPrinter.fence(for: "a ``` b"), "````")
        let block = RecordedBlock(kind: .output, cellID: "x", hash: nil, body: "````", line: 0)
        XCTAssertEqual(NotebookPrinter.renderRecorded(block), "`````output of=x\n````\n`````\n")
    }

    func testMadeNotebookParsesBack() throws {
        let cell = CodeCell(id: "c1", hasExplicitID: false, source: "print a", line: 0)
        let notebook = Notebook.make(header: NotebookHeader(seed: 5), title: "Session", cells: [
            (cell, RecordedBlock(kind: .output, cellID: "c1", hash: "12345678", body: "a", line: 0), nil),
        ])
        let text = NotebookPrinter.print(notebook)
        XCTAssertEqual(text, "<!-- lnb v1 seed=5 -->\n# Session\n\n```lora\nprint a\n```\n\n```output of=c1 hash=12345678\na\n```\n")
        let parsed = try NotebookParser.parse(text)
        XCTAssertEqual(parsed.cells.map(\.id), ["c1"])
        XCTAssertEqual(NotebookPrinter.print(parsed), text)
    }
}

extension FormatTests {
    /// Repeated updates that add, replace and remove blocks keep the file valid and the prose intact,
    /// and an update with the same blocks is a no-op.
    func testUpdateCyclesKeepTheFileStable() throws {
        let original = "<!-- lnb v1 seed=1 -->\n# T\n\n```lora id=a\nx\n```\n\nMiddle prose.\n\n```lora id=b\ny\n```\nTail prose right after.\n"
        var notebook = try NotebookParser.parse(original)
        func block(_ kind: RecordedKind, _ id: String, _ body: String) -> RecordedBlock {
            RecordedBlock(kind: kind, cellID: id, hash: "0000000a", body: body, line: 0)
        }
        notebook.setRecorded(cellID: "a", output: block(.output, "a", "1"), error: nil)
        notebook.setRecorded(cellID: "b", output: block(.output, "b", "2"), error: block(.error, "b", "boom"))
        var text = NotebookPrinter.print(notebook)
        XCTAssertEqual(text, "<!-- lnb v1 seed=1 -->\n# T\n\n```lora id=a\nx\n```\n\n```output of=a hash=0000000a\n1\n```\n\nMiddle prose.\n\n```lora id=b\ny\n```\n\n```output of=b hash=0000000a\n2\n```\n\n```error of=b hash=0000000a\nboom\n```\n\nTail prose right after.\n")
        // Same blocks again: nothing changes.
        notebook = try NotebookParser.parse(text)
        notebook.setRecorded(cellID: "b", output: block(.output, "b", "2"), error: block(.error, "b", "boom"))
        XCTAssertEqual(NotebookPrinter.print(notebook), text)
        // Remove b's output, keep its error; then remove the error and bring the output back.
        notebook.setRecorded(cellID: "b", output: nil, error: block(.error, "b", "boom"))
        text = NotebookPrinter.print(notebook)
        XCTAssertTrue(text.contains("```lora id=b\ny\n```\n\n```error of=b hash=0000000a\nboom\n```\n\nTail"), text)
        notebook = try NotebookParser.parse(text)
        notebook.setRecorded(cellID: "b", output: block(.output, "b", "3"), error: nil)
        text = NotebookPrinter.print(notebook)
        XCTAssertTrue(text.hasSuffix("```lora id=b\ny\n```\n\n```output of=b hash=0000000a\n3\n```\n\nTail prose right after.\n"), text)
        XCTAssertTrue(text.contains("\n\nMiddle prose.\n\n"))
        XCTAssertNotNil(try? NotebookParser.parse(text))
    }
}
