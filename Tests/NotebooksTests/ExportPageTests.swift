import Foundation
import XCTest
@testable import Notebooks

/// The exported page a reader sees: placeholders as words, stale outputs marked, plots scaled to the
/// data with labelled axes and legends, a metrics plot, a table of contents, nothing external.
final class ExportPageTests: XCTestCase {
    func exportedTrainingPage() throws -> String {
        NotebookExporter.html(try NotebookParser.parse(try NotebookFixtures.text("export-training.lnb")), title: "export-training")
    }

    /// The whole page against `Fixtures/export-training.html` (`LORAREPL_REGENERATE=1` rewrites it).
    func testTrainingPageMatchesGoldenFile() throws {
        let html = try exportedTrainingPage()
        let golden = NotebookFixtures.directory.appendingPathComponent("export-training.html")
        if ProcessInfo.processInfo.environment["LORAREPL_REGENERATE"] == "1" {
            try html.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        XCTAssertEqual(html, expected, "the exported page changed; if intended, regenerate with LORAREPL_REGENERATE=1")
    }

    func testPlaceholdersAreReadableWords() throws {
        let html = try exportedTrainingPage()
        XCTAssertFalse(html.contains("{{"), "no template placeholders on the page")
        XCTAssertTrue(html.contains("'eval_runtime': <span class=\"varies\""), "the quotes around a placeholder go")
        XCTAssertTrue(html.contains(">time varies</span>"))
        XCTAssertTrue(html.contains("| <span class=\"varies\" data-placeholder=\"rate\" title=\"this value changes from run to run, so the notebook does not record it\">speed varies</span> |"))
        XCTAssertTrue(html.contains("ETA <span class=\"varies\""))
        XCTAssertEqual(PlaceholderText.plain("12 steps | {{rate}} it/s | ETA {{duration}} | {'train_runtime': '{{duration}}'}"),
                       "12 steps | ‹speed varies› | ETA ‹varies› | {'train_runtime': ‹time varies›}")
        XCTAssertEqual(PlaceholderText.plain("{{unknown}} and {{ left"), "{{unknown}} and {{ left")
        XCTAssertEqual(PlaceholderText.plain("12 steps | {{rate≈4.21 it/s}} | ETA {{duration≈00:54}} | {'train_runtime': '{{duration≈12.3 s}}'} | {{rate≈3.2}} it/s"),
                       "12 steps | ‹≈4.21 it/s› | ETA ‹≈00:54› | {'train_runtime': ‹≈12.3 s›} | ‹≈3.2 it/s›", "what was measured when recording")
        XCTAssertTrue(PlaceholderText.html("{{rate≈4.21 it/s}}").contains("title=\"measured when the notebook was recorded"))
        let md = NotebookExporter.markdown(try NotebookParser.parse(try NotebookFixtures.text("export-training.lnb")))
        XCTAssertFalse(md.contains("{{"))
        XCTAssertTrue(md.contains("| ‹speed varies› | ETA ‹varies›"), md)
    }

    func testStaleOutputIsMarkedWithItsReason() throws {
        let html = try exportedTrainingPage()
        XCTAssertEqual(html.components(separatedBy: "<div class=\"stale\"").count - 1, 1, "only the edited cell is stale")
        guard let mark = html.range(of: "<div class=\"stale\""), let report = html.range(of: "id=\"cell-report\"") else {
            return XCTFail("stale mark or report cell missing")
        }
        XCTAssertLessThan(report.lowerBound, mark.lowerBound, "the mark is on the report cell's output")
        XCTAssertTrue(html.contains("its source changed since it was recorded"))
        XCTAssertTrue(html.contains("<code>lorarepl test --update</code>"))
        let md = NotebookExporter.markdown(try NotebookParser.parse(try NotebookFixtures.text("export-training.lnb")))
        XCTAssertEqual(md.components(separatedBy: "> ⚠ **Stale output:**").count - 1, 1, "the Markdown page marks the same cell: \(md)")
        XCTAssertTrue(md.contains("its source changed since it was recorded"), md)
    }

    func testPlotsAreScaledToTheDataWithLabelsLegendsAndMetrics() throws {
        let html = try exportedTrainingPage()
        // Loss 1.058 → 0.8632 (train) and 0.9318 → 0.865 (eval): the axis spans 0.8 to 1.1, not 0 to 1.1.
        XCTAssertTrue(html.contains("aria-label=\"train loss, eval loss by epoch, loss from 0.8 to 1.1\""), html)
        XCTAssertTrue(html.contains(">train loss</text>"))
        XCTAssertTrue(html.contains(">eval loss</text>"))
        XCTAssertTrue(html.contains("transform=\"rotate(-90"), "the y axis is labelled")
        XCTAssertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"metric-curve\""))
        XCTAssertTrue(html.contains(">accuracy</text>") && html.contains(">f1</text>"))
        XCTAssertEqual(PlotSVG.yRange([1.06, 0.86]).low, 0.8, accuracy: 1e-9)
        XCTAssertEqual(PlotSVG.yRange([1.06, 0.86]).high, 1.1, accuracy: 1e-9)
        XCTAssertEqual(PlotSVG.yRange([0.2, 0.3]).low, 0.15, accuracy: 1e-9)
        XCTAssertEqual(PlotSVG.yRange([0.0, 0.5]).low, 0, "data that is never negative keeps a 0 floor")
        XCTAssertEqual(PlotSVG.yRange([2, 2]).low < 2, true, "a flat series still gets a range")
        let metrics = TrainingLog.metricSeries(in: try NotebookFixtures.text("export-training.lnb"))
        XCTAssertEqual(metrics.map(\.name), ["accuracy", "f1"])
        XCTAssertEqual(metrics.first?.points.map(\.x), [1, 2])
        XCTAssertEqual(metrics.first?.points.map(\.y), [0.604, 0.638])
        XCTAssertEqual(TrainingLog.metricSeries(in: "{'eval_loss': 0.9, 'eval_accuracy': 0.6, 'epoch': 1}"), [], "one evaluation: no metrics plot")
    }

    func testTableOfContentsLongLinesAndOffline() throws {
        let html = try exportedTrainingPage()
        XCTAssertTrue(html.contains("<nav class=\"toc\""))
        XCTAssertTrue(html.contains("<a href=\"#train\">Train</a>") && html.contains("<a href=\"#report\">Report</a>"))
        guard let title = html.range(of: "</h1>"), let toc = html.range(of: "<nav class=\"toc\"") else { return XCTFail("no title or contents") }
        XCTAssertLessThan(title.lowerBound, toc.lowerBound, "contents under the title")
        XCTAssertTrue(html.contains("white-space: pre-wrap"), "long lines wrap")
        XCTAssertTrue(html.contains("@media (max-width: 600px)"))
        let external = html.components(separatedBy: "http").dropFirst().filter { !$0.hasPrefix("://www.w3.org/2000/svg") }
        XCTAssertEqual(external.count, 0, "no external references")
        XCTAssertFalse(html.contains("<script") || html.contains("<link") || html.contains("@import") || html.contains("url("))
    }
}
