import XCTest
@testable import Training

final class LoggingTests: XCTestCase {
    func testConsoleLineUsesFourSignificantDigitsAsStrings() {
        let entry = LogFormatting.trainingLog(loss: 0.6927613615989685, gradNorm: 0.5581795573234558,
                                              learningRate: 0.0003333333333333333, epoch: 0.25)
        XCTAssertEqual(LogFormatting.consoleLine(entry),
                       "{'loss': '0.6928', 'grad_norm': '0.5582', 'learning_rate': '0.0003333', 'epoch': '0.25'}")
        var eval = LogEntry()
        eval["eval_loss"] = .double(0.6947765350341797)
        eval["eval_samples_per_second"] = .double(100.03)
        eval["eval_tiny"] = .double(1e-5)
        eval["epoch"] = .double(1.0)
        eval["step"] = .int(8)
        XCTAssertEqual(LogFormatting.consoleLine(eval),
                       "{'eval_loss': '0.6948', 'eval_samples_per_second': '100', 'eval_tiny': '1e-05', 'epoch': '1'}")
    }

    func testMetricPrefixes() {
        let prefixed = LogFormatting.prefixed(LogEntry([("accuracy", .double(0.9)), ("eval_f1", .double(0.8))]), prefix: "eval")
        XCTAssertEqual(prefixed.keys, ["eval_accuracy", "eval_f1"])
        XCTAssertEqual(LogFormatting.prefixed(LogEntry([("loss", .double(1))]), prefix: "test").keys, ["test_loss"])
    }

    func testSpeedMetricsRoundLikePython() {
        let m = TrainerFlow.speedMetrics(split: "eval", runtime: 0.31994, samples: 32, steps: 4)
        XCTAssertEqual(m.keys, ["eval_runtime", "eval_samples_per_second", "eval_steps_per_second"])
        XCTAssertEqual(m.number("eval_runtime"), 0.3199)
        XCTAssertEqual(m.number("eval_samples_per_second"), 100.019)
        XCTAssertEqual(m.number("eval_steps_per_second"), 12.502)
    }

    func testLossAccumulatorMeansAndNanFilter() {
        var loss = TrainerFlow.LossAccumulator()
        loss.add(loss: 1.0, globalStep: 1, nanInfFilter: true)
        loss.add(loss: .nan, globalStep: 2, nanInfFilter: true)   // replaced by the running mean so far: 1.0 / 2
        XCTAssertEqual(loss.sum, 1.5)
        XCTAssertEqual(loss.takeMean(globalStep: 2), 0.75)
        XCTAssertEqual(loss.lastLoggedStep, 2)
        loss.add(loss: 0.5, globalStep: 3, nanInfFilter: true)
        XCTAssertEqual(loss.trainLoss(globalStep: 3), 2.0 / 3.0)
    }

    func testPythonReprOfFloatsAndStrings() {
        XCTAssertEqual(PythonFormat.floatRepr(1e-05), "1e-05")
        XCTAssertEqual(PythonFormat.floatRepr(1e16), "1e+16")
        XCTAssertEqual(PythonFormat.floatRepr(0.1), "0.1")
        XCTAssertEqual(PythonFormat.floatRepr(3.0), "3.0")
        XCTAssertEqual(PythonFormat.floatRepr(0.0003333333333333333), "0.0003333333333333333")
        XCTAssertEqual(PythonFormat.floatRepr(123456789012345.6), "123456789012345.6")
        XCTAssertEqual(PythonFormat.stringRepr("it's"), "\"it's\"")
        XCTAssertEqual(PythonFormat.stringRepr("a\nb"), "'a\\nb'")
        XCTAssertEqual(JSONValue.object([("b", .double(0.5)), ("a", .string("é"))]).pythonJSON(indent: nil),
                       "{\"a\": \"\\u00e9\", \"b\": 0.5}")
    }

    func testProgressRecordingModeIsStable() {
        // The measured speed and time stay inside the placeholders (for exported pages); what a
        // notebook comparison sees, with them dropped, is the same for any speed.
        func record(secondsPerStep: Double) -> String {
            var output = ""
            var now = 100.0
            let progress = ProgressReporter(total: 20, mode: .recording(every: 10), write: { output += $0 }, clock: { now })
            for step in 1...20 { now += secondsPerStep; progress.update(step: step, loss: 0.69314, learningRate: 1e-4) }
            progress.finish()
            return output
        }
        XCTAssertEqual(record(secondsPerStep: 0.5), """
        10/20 [##########----------]  50% | loss 0.6931 | lr 0.0001 | {{rate≈2.00 it/s}} | ETA {{duration≈00:05}}
        20/20 [####################] 100% | loss 0.6931 | lr 0.0001 | {{rate≈2.00 it/s}} | {{duration≈00:10}}

        """)
        XCTAssertEqual(record(secondsPerStep: 4).replacingOccurrences(of: #"≈[^}]*"#, with: "", options: .regularExpression),
                       record(secondsPerStep: 0.01).replacingOccurrences(of: #"≈[^}]*"#, with: "", options: .regularExpression))
        XCTAssertTrue(record(secondsPerStep: 4).contains("{{rate≈4.00 s/it}}"))
    }

    func testProgressTerminalRedrawsInPlaceWithRateAndETA() {
        var output = ""
        var now = 100.0
        let progress = ProgressReporter(total: 4, mode: .terminal, write: { output += $0 }, clock: { now })
        now = 102; progress.update(step: 1, loss: nil, learningRate: nil)
        progress.message("{'loss': '0.7'}")
        now = 108; progress.update(step: 4, loss: 0.5, learningRate: nil)
        progress.finish()
        XCTAssertEqual(output, "\r1/4 [#####---------------]  25% | 2.00 s/it | ETA 00:06\u{1B}[K"
                       + "\r\u{1B}[K{'loss': '0.7'}\n"
                       + "\r4/4 [####################] 100% | loss 0.5 | 2.00 s/it | 00:08\u{1B}[K\n")
        XCTAssertEqual(ProgressReporter.clockText(3725), "1:02:05")
    }
}

final class TrainerPiecesTests: XCTestCase {
    func testEvalPredictionArgmaxLikeNumpy() throws {
        let p = try EvalPrediction(predictions: [0.1, 0.7, 0.2, 0.5, 0.5, -1, -3, -2, -1], count: 3, width: 3, labelIds: [1, 0, 2])
        XCTAssertEqual(p.argmax(), [1, 0, 2])   // ties → first index
        XCTAssertThrowsError(try EvalPrediction(predictions: [1, 2], count: 1, width: 3, labelIds: [0]))
    }

    func testNaNLossNamesTheStep() {
        XCTAssertNoThrow(try TrainerFlow.checkLoss(0.5, step: 3, learningRate: 1e-3))
        XCTAssertThrowsError(try TrainerFlow.checkLoss(.nan, step: 37, learningRate: 1e-3)) { error in
            XCTAssertEqual((error as? TrainingError)?.message, "the training loss became NaN at step 37")
            XCTAssertTrue((error as? TrainingError)?.help?.hasPrefix("lower learning_rate") == true)
        }
        XCTAssertThrowsError(try TrainerFlow.checkLoss(.nan, step: 2, learningRate: 1e-3, adamEpsilon: 0)) { error in
            XCTAssertTrue((error as? TrainingError)?.help?.hasPrefix("adam_epsilon is 0: AdamW divided 0 by 0") == true, "\(error)")
        }
    }

    func testUnusedColumnsMessageLikeHuggingFace() throws {
        let result = try TrainerFlow.unusedColumns(datasetColumns: ["text", "label", "input_ids", "attention_mask"],
                                                   forwardArguments: ["input_ids", "attention_mask", "token_type_ids", "labels"],
                                                   labelNames: nil, modelName: "BertForSequenceClassification")
        XCTAssertEqual(result.ignored, ["text"])
        XCTAssertEqual(result.message, "The following columns in the training set don't have a corresponding argument in `BertForSequenceClassification.forward` and have been ignored: text. If text are not expected by `BertForSequenceClassification.forward`,  you can safely ignore this message.")
        XCTAssertThrowsError(try TrainerFlow.unusedColumns(datasetColumns: ["text"], forwardArguments: ["input_ids"], labelNames: nil, modelName: "M"))
    }

    func testArgumentsReprAndJSON() throws {
        let (args, _) = try TrainingArguments.parse(keywords: [("output_dir", "out"), ("learning_rate", 5e-4), ("eval_strategy", "epoch")])
        XCTAssertEqual(args.description, "TrainingArguments(output_dir='out', learning_rate=0.0005, eval_strategy='epoch')")
        XCTAssertTrue(args.jsonText.contains("\"eval_strategy\": \"epoch\""))
    }
}

final class EvaluationMetricsTests: XCTestCase {
    func testMetricsComeInHuggingFaceOrder() throws {
        var acc = EvaluationAccumulator()
        try acc.add(batchLoss: 0.5, batchSize: 2, logits: [0, 1, 1, 0], width: 2, labels: [1, 1])
        try acc.add(batchLoss: 0.8, batchSize: 1, logits: [2, 1], width: 2, labels: [0])
        XCTAssertEqual(acc.meanLoss, (0.5 * 2 + 0.8) / 3)   // per example, as HF's repeated batch losses
        let prediction = try XCTUnwrap(try acc.evalPrediction())
        XCTAssertEqual(prediction.argmax(), [1, 0, 0])
        let computed = LogEntry([("accuracy", .double(2.0 / 3.0)), ("f1", .double(0.5))])
        let metrics = acc.metrics(computed: computed, prefix: "eval", runtime: 0.5)
        XCTAssertEqual(metrics.keys, ["eval_loss", "eval_accuracy", "eval_f1", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second"])
        XCTAssertEqual(metrics.number("eval_samples_per_second"), 6.0)
        XCTAssertEqual(acc.metrics(computed: nil, prefix: "test", runtime: 1).keys,
                       ["test_loss", "test_runtime", "test_samples_per_second", "test_steps_per_second"])
        XCTAssertThrowsError(try acc.add(batchLoss: nil, batchSize: 1, logits: [1, 2, 3], width: 3, labels: nil))
    }
}
