import XCTest
@testable import Training

/// The terminal bar with a log line every step, and the closing summary line.
final class ProgressDisplayTests: XCTestCase {
    func testBarIsDrawnAgainUnderEveryLogLine() {
        var output = ""
        var now = 100.0
        let progress = ProgressReporter(total: 3, mode: .terminal, write: { output += $0 }, clock: { now })
        for step in 1...3 {
            now += 0.01  // far faster than the 0.1 s redraw throttle
            progress.update(step: step, loss: 1.0 / Double(step), learningRate: nil)
            progress.message("{'loss': '\(step)'}")
            progress.redraw()
        }
        progress.finish()
        let frames = output.components(separatedBy: "\r").filter { $0.contains("/3 [") }
        XCTAssertEqual(frames.count, 4, "steps 1 and 3 drawn by update (step 2 throttled), 1 and 2 again under their log lines:\n\(output.debugDescription)")
        XCTAssertTrue(output.hasSuffix("{'loss': '3'}\n"), "no bar after the end:\n\(output.debugDescription)")
        XCTAssertTrue(output.contains("{'loss': '1'}\n\r1/3 ["), output.debugDescription)
        XCTAssertTrue(output.contains("{'loss': '2'}\n\r2/3 ["), output.debugDescription)
    }

    func testRedrawIsTerminalOnly() {
        var output = ""
        let progress = ProgressReporter(total: 4, mode: .recording(every: 2), write: { output += $0 })
        progress.update(step: 1, loss: 0.5, learningRate: nil)
        progress.message("{'loss': '0.5'}")
        progress.redraw()
        progress.summary("Trained 1 step")
        XCTAssertEqual(output, "{'loss': '0.5'}\n", "recordings keep Hugging Face's lines only")
    }

    func testSummaryLine() {
        XCTAssertEqual(TrainingSummary.line(steps: 60, epochs: 3, seconds: 83, samples: 960, trainLoss: 0.86121,
                                            bestCheckpoint: "out/checkpoint-40", bestMetric: 0.8125, metricName: "accuracy", interrupted: false),
                       "Trained 60 steps (3 epochs) in 01:23 · 12 samples/s · train loss 0.8612 · best checkpoint-40 (eval_accuracy 0.8125)")
        XCTAssertEqual(TrainingSummary.line(steps: 1, epochs: 0.5, seconds: 2, samples: 8, trainLoss: 0.7,
                                            bestCheckpoint: nil, bestMetric: nil, metricName: nil, interrupted: true),
                       "Stopped after 1 step (0.5 epochs) in 00:02 · 4.00 samples/s · train loss 0.7")
        var output = ""
        let progress = ProgressReporter(total: 1, mode: .terminal, write: { output += $0 }, clock: { 0 })
        progress.update(step: 1, loss: 0.5, learningRate: nil)
        progress.summary("Trained 1 step")
        XCTAssertTrue(output.hasSuffix("\u{1B}[K\nTrained 1 step\n"), output.debugDescription)
    }
}

extension ProgressDisplayTests {
    /// A real run with `logging_steps=1` on a terminal: every log line is followed by the bar again
    /// (while the next step runs), and the run ends with the summary line.
    func testTrainerWithLoggingEveryStepKeepsTheBarAndEndsWithASummary() throws {
        let data = try TinyTraining.dataset(count: 32)
        var args = TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("bar"))
        args.disableTqdm = false
        args.numTrainEpochs = 1   // 4 steps, a log line after each
        let trainer = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(), args: args, trainDataset: data))
        var shown = ""
        trainer.write = { shown += $0 }
        trainer.progressMode = .terminal
        try trainer.train()
        let logLines = shown.components(separatedBy: "\n").filter { $0.contains("{'loss'") }
        XCTAssertEqual(logLines.count, 4, shown.debugDescription)
        for step in 1...3 {
            XCTAssertTrue(shown.contains("'epoch': '\(PythonFormatting.epoch(step, of: 4))'}\n\r\(step)/4 ["),
                          "the bar is back under step \(step)'s log line: \(shown.debugDescription)")
        }
        let lastLine = shown.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(lastLine.hasPrefix("Trained 4 steps (1 epoch) in "), lastLine)
        XCTAssertTrue(lastLine.contains(" samples/s · train loss "), lastLine)
    }
}

/// The epoch as the Trainer's log line prints it (4 significant digits).
enum PythonFormatting {
    static func epoch(_ step: Int, of steps: Int) -> String {
        PythonFormat.general(Double(step) / Double(steps), significantDigits: 4)
    }
}
