import XCTest
@testable import Notebooks

final class ExportTests: XCTestCase {
    let log = """
    {'loss': 1.0986, 'grad_norm': 2.1, 'learning_rate': 4.5e-05, 'epoch': 0.25}
    {'loss': 0.9, 'learning_rate': 4e-05, 'epoch': 0.5}
    {'eval_loss': 0.95, 'eval_accuracy': 0.6, 'epoch': 0.5}
    {'loss': 0.7, 'learning_rate': 3e-05, 'epoch': 0.75}
    {'train_runtime': {{duration}}, 'train_loss': 0.9, 'epoch': 1.0}
    """

    func testTrainingLogParsing() {
        let series = TrainingLog.series(in: log)
        XCTAssertEqual(series.map(\.name), ["train loss", "eval loss"])
        XCTAssertEqual(series[0].points.map(\.x), [0.25, 0.5, 0.75])
        XCTAssertEqual(series[0].points.map(\.y), [1.0986, 0.9, 0.7])
        XCTAssertEqual(series[1].points.map(\.y), [0.95])
        let progress = TrainingLog.series(in: "step 10/50  loss 3.412  lr 2.0e-04\nstep 20/50  loss 2.9\nIteration 30: training loss 2.5, iterations/sec 2.6")
        XCTAssertEqual(progress.first?.points.map(\.x), [10, 20, 30])
        XCTAssertEqual(progress.first?.points.map(\.y), [3.412, 2.9, 2.5])
        XCTAssertEqual(TrainingLog.series(in: "no numbers here\nloss: 1"), [])
        // transformers v5 quotes the values; the Trainer's progress bar is read too.
        let v5 = TrainingLog.series(in: "{'loss': '0.6928', 'grad_norm': '0.5582', 'learning_rate': '0.0003333', 'epoch': '0.25'}\n{'loss': '0.61', 'epoch': '0.5'}")
        XCTAssertEqual(v5.first?.points.map(\.y), [0.6928, 0.61])
        let bar = TrainingLog.series(in: " 12/240 [#---]   5% | loss 0.6928 | lr 0.0003333 | {{rate}} it/s | ETA {{duration}}\n 24/240 [##--]  10% | loss 0.6512 | lr 0.0003 | {{rate}} it/s | ETA {{duration}}")
        XCTAssertEqual(bar.first?.points.map(\.x), [12, 24])
        XCTAssertEqual(bar.first?.points.map(\.y), [0.6928, 0.6512])
        XCTAssertEqual(series[0].xLabel, "epoch")
        // The Trainer prints both shapes: the log dicts win, so train and eval share one (epoch) axis.
        let mixed = TrainingLog.series(in: " 15/150 [##--]  10% | loss 1.087 | lr 0.0009 | {{rate}} | ETA {{duration}}\n" + log)
        XCTAssertEqual(mixed.first?.points.map(\.x), [0.25, 0.5, 0.75])
        XCTAssertEqual(mixed.first?.xLabel, "epoch")
        XCTAssertEqual(LossCurveSVG.niceTicks(0.25, 2), [0.5, 1, 1.5, 2])
        XCTAssertEqual(LossCurveSVG.niceTicks(0, 1.15), [0, 0.5, 1])
    }

    func testHTMLExportIsSelfContainedWithHighlightingAndSVG() throws {
        let text = "<!-- lnb v1 seed=1 -->\n# Training <demo>\n\nSome **bold** prose and `code`.\n\n```lora id=train\n# comment\ntrainer.train()  # go\nx = \"s<\" + f'{1}' + 3.5e-5\n```\n\n```output of=train\n\(log)\n```\n\n```lora id=oops expect=error\nboom()\n```\n\n```error of=oops\nerror: name 'boom' is not defined\n```\n"
        let html = NotebookExporter.html(try NotebookParser.parse(text), title: "fallback")
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<title>Training &lt;demo&gt;</title>"))
        XCTAssertTrue(html.contains("<style>"))
        XCTAssertFalse(html.contains("<script"), "no scripts")
        XCTAssertFalse(html.contains("src=\"http"), "no external resources")
        XCTAssertTrue(html.contains("<strong>bold</strong>"))
        XCTAssertTrue(html.contains("<span class=\"com\"># comment</span>"))
        XCTAssertTrue(html.contains("<span class=\"str\">&quot;s&lt;&quot;</span>"))
        XCTAssertTrue(html.contains("<span class=\"str\">f'{1}'</span>"))
        XCTAssertTrue(html.contains("<span class=\"num\">3.5e-5</span>"))
        XCTAssertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"loss-curve\""))
        XCTAssertEqual(html.components(separatedBy: "<polyline").count - 1, 2, "train and eval curves")
        XCTAssertTrue(html.contains("<pre class=\"error\">error: name 'boom' is not defined</pre>"))
        XCTAssertTrue(html.contains("id=\"cell-train\""))
    }

    func testMarkdownExport() throws {
        let notebook = try NotebookParser.parse(try NotebookFixtures.text("basic.lnb"))
        let md = NotebookExporter.markdown(notebook)
        XCTAssertTrue(md.hasPrefix("# A basic notebook\n"))
        XCTAssertFalse(md.contains("lnb v1"))
        XCTAssertFalse(md.contains("id="))
        XCTAssertFalse(md.contains("hash="))
        // The fixture's first output carries a made-up hash, so it is stale: a quoted note goes above it.
        XCTAssertTrue(md.contains("```python\nprint hello\nvalue 'world'\n```\n\n> ⚠ **Stale output:** recorded before the notebook changed "
                                  + "(its source changed since it was recorded); `lorarepl test --update` records it again\n\n```text\nhello\n'world'\n```"), md)
    }
}
