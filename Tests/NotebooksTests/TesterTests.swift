import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Notebooks

final class TesterTests: XCTestCase {
    let header = "<!-- lnb v1 seed=42 -->\n"

    func tester(update: Bool = false) -> NotebookTester {
        NotebookTester(runner: NotebookRunner { FakeEngine() }, update: update)
    }

    func testUpdateRecordsThenTestPassesTwice() throws {
        let text = header + "# T\n\n```lora id=a\nprint one\nvalue 2\n```\n\nProse.\n\n```lora id=b\nduration\nprint saved to /tmp/run-123/x.bin in 2.5s\n```\n"
        let recorded = tester(update: true).test(text: text, file: "t.lnb")
        XCTAssertEqual(recorded.exitCode, 0)
        let updated = try XCTUnwrap(recorded.updatedText)
        XCTAssertTrue(updated.contains("```output of=a hash="))
        XCTAssertTrue(updated.contains("one\n2\n```"))
        XCTAssertTrue(updated.contains("done in {{duration}}"), "recording mode prints placeholders at the source")
        XCTAssertTrue(updated.contains("saved to {{path}} in {{duration≈2.5s}}"), "the regex fallback runs before recording, keeping what was measured")
        XCTAssertTrue(updated.contains("\nProse.\n"))
        for _ in 0..<2 {
            let report = tester().test(text: updated, file: "t.lnb")
            XCTAssertEqual(report.exitCode, 0, "\(report.cells)")
            XCTAssertEqual(report.passed, 2)
        }
        // Update again: nothing changes.
        XCTAssertEqual(tester(update: true).test(text: updated, file: "t.lnb").updatedText, updated)
        // A cell that still matches keeps its recorded text, measured values included (no churn on update).
        let measuredElsewhere = updated.replacingOccurrences(of: "{{duration≈2.5s}}", with: "{{duration≈9.9s}}")
        XCTAssertEqual(tester(update: true).test(text: measuredElsewhere, file: "t.lnb").updatedText, measuredElsewhere)
        // A block recorded before measured values were kept gains them on update.
        let plain = updated.replacingOccurrences(of: "{{duration≈2.5s}}", with: "{{duration}}")
        XCTAssertEqual(tester(update: true).test(text: plain, file: "t.lnb").updatedText, updated)
        // A cell whose output changed is recorded again.
        let changed = updated.replacingOccurrences(of: "one\n2\n```", with: "uno\n2\n```")
        let rerecorded = try XCTUnwrap(tester(update: true).test(text: changed, file: "t.lnb").updatedText)
        XCTAssertTrue(rerecorded.contains("one\n2\n```"), rerecorded)
    }

    func testMismatchGivesUnifiedDiffNamingFileLineAndCell() throws {
        let text = header + "\n```lora id=a\nprint one\nprint two\n```\n\n```output of=a\none\nTWO\n```\n"
        let report = tester().test(text: text, file: "nb.lnb")
        XCTAssertEqual(report.exitCode, 1)
        guard case .failed(let detail) = report.cells[0].verdict else { return XCTFail("\(report.cells[0].verdict)") }
        XCTAssertTrue(detail.contains("--- nb.lnb:9 (cell a) recorded output"), detail)
        XCTAssertTrue(detail.contains("+++ actual output"), detail)
        XCTAssertTrue(detail.contains("@@ -9,2 +1,2 @@\n one\n-TWO\n+two"), detail)
        XCTAssertTrue(detail.contains("lorarepl test --update nb.lnb"), detail)
    }

    func testCellWithoutRecordedOutputFailsUnlessIgnored() {
        let text = header + "```lora id=a\nprint x\n```\n```lora id=b check=ignore\nprint y\n```\n"
        let report = tester().test(text: text, file: "nb.lnb")
        XCTAssertEqual(report.exitCode, 1)
        guard case .failed(let detail) = report.cells[0].verdict else { return XCTFail() }
        XCTAssertTrue(detail.contains("no recorded output"))
        XCTAssertEqual(report.cells[1].verdict, .passed)
    }

    func testExpectErrorSemantics() {
        let succeeding = header + "```lora id=a expect=error\nprint fine\n```\n```output of=a\nfine\n```\n"
        let r1 = tester().test(text: succeeding, file: "nb.lnb")
        XCTAssertEqual(r1.exitCode, 1)
        guard case .failed(let detail) = r1.cells[0].verdict else { return XCTFail() }
        XCTAssertTrue(detail.contains("expect=error but ran without an error"))

        let failing = header + "```lora id=a expect=error\nerror boom\n```\n```error of=a\nerror: boom\n --> nb.lnb:cell a:1:1\n```\n```lora id=b\nprint after\n```\n```output of=b\nafter\n```\n"
        let r2 = tester().test(text: failing, file: "nb.lnb")
        XCTAssertEqual(r2.exitCode, 0, "\(r2.cells)")
        XCTAssertEqual(r2.cells.map(\.verdict), [.passed, .passed], "an expected error does not stop the notebook")

        let wrongMessage = failing.replacingOccurrences(of: "error: boom", with: "error: bang")
        XCTAssertEqual(tester().test(text: wrongMessage, file: "nb.lnb").exitCode, 1)
    }

    func testUnexpectedErrorStopsAndListsCellsNotRun() {
        let text = header + "```lora id=a\nget nope\n```\n```output of=a\n```\n```lora id=b\nprint b\n```\n```lora id=c\nprint c\n```\n"
        let run = NotebookRunner { FakeEngine() }.run(try! NotebookParser.parse(text), file: "nb.lnb", mode: .recording)
        XCTAssertEqual(run.stoppedAt, "a")
        XCTAssertEqual(run.notRun, ["b", "c"])
        let report = tester().test(text: text, file: "nb.lnb")
        XCTAssertEqual(report.exitCode, 2)
        guard case .errored(let detail) = report.cells[0].verdict else { return XCTFail() }
        XCTAssertTrue(detail.contains("name 'nope' is not defined"))
        XCTAssertEqual(report.cells[1].verdict, .notRun)
    }

    func testTimeoutInterruptsAndStops() {
        let text = header + "```lora id=slow timeout=0.2\nsleep 30\n```\n```lora id=next\nprint n\n```\n"
        let start = Date()
        let report = tester().test(text: text, file: "nb.lnb")
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "the engine was interrupted, not waited for")
        XCTAssertEqual(report.exitCode, 2)
        guard case .errored(let detail) = report.cells[0].verdict else { return XCTFail() }
        XCTAssertTrue(detail.contains("timeout"))
        XCTAssertEqual(report.cells[1].verdict, .notRun)
    }

    func testSkipAndStateCarriesAcrossCells() throws {
        let text = header + "```lora id=a\nset x 5\n```\n```lora id=s skip\nerror never\n```\n```lora id=b\nget x\n```\n"
        let report = tester(update: true).test(text: text, file: "nb.lnb")
        XCTAssertEqual(report.cells.map(\.verdict), [.passed, .skipped, .passed])
        XCTAssertTrue(try XCTUnwrap(report.updatedText).contains("```output of=b hash=") )
    }

    func testPerCellSeedsMatchAFreshReplay() throws {
        let notebook = try NotebookParser.parse(header + "```lora id=a\nseed\n```\n```lora id=b\nseed\n```\n")
        let run = NotebookRunner { FakeEngine() }.run(notebook, file: "nb.lnb", mode: .recording)
        guard case .ran(let a, _) = run.cells[0].execution, case .ran(let b, _) = run.cells[1].execution else { return XCTFail() }
        XCTAssertNotEqual(a.output, b.output, "each cell has its own stream")
        // Re-running cell b alone in a new engine gives the seed it had in the replay.
        let alone = NotebookRunner.runCell(engine: FakeEngine(), source: "seed", origin: "x",
                                           seed: CellSeed.derive(notebookSeed: 42, cellID: "b"), timeout: nil)
        guard case .ran(let again, _) = alone else { return XCTFail() }
        XCTAssertEqual(again.output, b.output)
        XCTAssertNotEqual(CellSeed.derive(notebookSeed: 43, cellID: "b"), CellSeed.derive(notebookSeed: 42, cellID: "b"))
    }

    func testStaleCheckPropagatesToLaterCells() throws {
        let text = header + "```lora id=a\nprint 1\n```\n```lora id=b\nprint 2\n```\n```lora id=c\nprint 3\n```\n```lora id=d\nprint 4\n```\n"
        let recorded = try XCTUnwrap(tester(update: true).test(text: text, file: "nb.lnb").updatedText)
        XCTAssertEqual(StaleCheck.check(try NotebookParser.parse(recorded)), [])
        // Edit one character of cell b.
        let edited = recorded.replacingOccurrences(of: "print 2\n```\n", with: "print 9\n```\n")
        XCTAssertNotEqual(edited, recorded)
        let findings = StaleCheck.check(try NotebookParser.parse(edited))
        XCTAssertEqual(findings.map(\.cellID), ["b", "c", "d"])
        XCTAssertEqual(Set(findings.map(\.kind)), [.stale])
        XCTAssertTrue(findings[0].message.contains("its source changed"))
        XCTAssertTrue(findings[1].message.contains("an earlier cell ('b') changed"))
        // Trailing spaces are not a change; the seed is.
        let spaces = recorded.replacingOccurrences(of: "print 2\n", with: "print 2   \n")
        XCTAssertEqual(StaleCheck.check(try NotebookParser.parse(spaces)), [])
        let reseeded = recorded.replacingOccurrences(of: "seed=42", with: "seed=43")
        XCTAssertEqual(StaleCheck.check(try NotebookParser.parse(reseeded)).map(\.cellID), ["a", "b", "c", "d"])
        // A missing output is reported as such.
        let missing = header + "```lora id=a\nprint 1\n```\n"
        XCTAssertEqual(StaleCheck.check(try NotebookParser.parse(missing)).map(\.kind), [.missing])
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1000)).prefix(16), "41edece42d63e8d9")
    }

    func testJUnitReport() throws {
        let text = header + "```lora id=a\nprint x\n```\n```output of=a\ny\n```\n```lora id=b\nprint <&>\n```\n```output of=b\n<&>\n```\n"
        let report = tester().test(text: text, file: "nb.lnb")
        let xml = JUnitReport.xml([report, NotebookReport(file: "broken.lnb", cells: [], fileError: "broken.lnb:1: error: missing notebook header")])
        XCTAssertTrue(xml.contains("<testsuites name=\"lorarepl\" tests=\"3\" failures=\"1\" errors=\"1\">"), xml)
        XCTAssertTrue(xml.contains("<testcase classname=\"nb.lnb\" name=\"cell a (line 2)\""), xml)
        XCTAssertTrue(xml.contains("<failure message=\""), xml)
        XCTAssertTrue(xml.contains("<error message=\"broken.lnb:1: error: missing notebook header\">"), xml)
        XCTAssertFalse(xml.contains("<&>"), "text is escaped")
        // Well-formed XML.
        let parser = XMLParser(data: Data(xml.utf8))
        XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
    }
}
