import XCTest
@testable import Training

/// Early stopping, best-metric tracking, checkpoints and trainer_state.json, driven by a scripted
/// run shaped like the reference run of peft.md §4.3/§4.5 (64 examples, batch 8, 3 epochs, lr 1e-3,
/// warmup 0.1, logging every 2 steps, eval and save every 4, patience 2).
final class EarlyStoppingTests: XCTestCase {
    func testCounterFollowsHuggingFaceRules() throws {
        let callback = try EarlyStoppingCallback(patience: 2, threshold: 0.0)
        // The reference run: accuracy 0.4375 → 0.46875 (reset) → 0.46875 (1) → 0.46875 (2) ⇒ stop.
        var best: Double? = nil
        var counters: [Int] = []
        for value in [0.4375, 0.46875, 0.46875, 0.46875] {
            callback.observe(value, bestMetric: best, greaterIsBetter: true)
            counters.append(callback.patienceCounter)
            if best.map({ value > $0 }) ?? true { best = value }   // the Trainer updates the best after on_evaluate
        }
        XCTAssertEqual(counters, [0, 0, 1, 2])
        XCTAssertTrue(callback.shouldStop)
    }

    func testThresholdMustBeExceededStrictly() throws {
        let callback = try EarlyStoppingCallback(patience: 3, threshold: 0.01)
        callback.observe(0.50, bestMetric: nil, greaterIsBetter: true)
        callback.observe(0.505, bestMetric: 0.50, greaterIsBetter: true)    // +0.005 is not > 0.01
        XCTAssertEqual(callback.patienceCounter, 1)
        callback.observe(0.52, bestMetric: 0.50, greaterIsBetter: true)     // +0.02 resets
        XCTAssertEqual(callback.patienceCounter, 0)
        callback.observe(0.30, bestMetric: 0.40, greaterIsBetter: false)    // loss going down
        XCTAssertEqual(callback.patienceCounter, 0)
        XCTAssertThrowsError(try EarlyStoppingCallback(patience: 0))
    }

    func testChecksRequireEvalStrategyAndMetric() throws {
        var args = TrainingArguments()
        XCTAssertThrowsError(try EarlyStoppingCallback.check(args)) { error in
            XCTAssertEqual((error as? TrainingError)?.message, "EarlyStoppingCallback needs evaluations to watch, but eval_strategy is \"no\"")
        }
        args.evalStrategy = .epoch
        XCTAssertThrowsError(try EarlyStoppingCallback.check(args)) { error in
            XCTAssertTrue("\(error)".contains("metric_for_best_model is not set"), "\(error)")
        }
        args.metricForBestModel = "accuracy"
        XCTAssertEqual(try EarlyStoppingCallback.check(args).map(\.message),
                       ["Using EarlyStoppingCallback without load_best_model_at_end=True. Once training is finished, the best model will not be loaded automatically."])
    }

    private func referenceArguments(outputDir: String) throws -> TrainingArguments {
        let (args, warnings) = try TrainingArguments.parse(keywords: [
            ("output_dir", .string(outputDir)), ("learning_rate", 1e-3), ("num_train_epochs", 3),
            ("per_device_train_batch_size", 8), ("warmup_steps", 0.1), ("logging_steps", 2),
            ("eval_strategy", "steps"), ("eval_steps", 4), ("save_steps", 4), ("save_total_limit", 2),
            ("load_best_model_at_end", true), ("metric_for_best_model", "accuracy"), ("report_to", "none"),
        ])
        XCTAssertEqual(warnings, [])
        return args
    }

    /// Drives the loop's control flow (no model) through `TrainerFlow` and the callbacks.
    private func run(args: TrainingArguments, accuracies: [Int: Double], patience: Int)
        throws -> (state: TrainerState, saved: [Int], deleted: [String], early: EarlyStoppingCallback) {
        var args = args
        try args.validate(earlyStopping: true)
        let plan = try TrainingPlan(arguments: args, trainExamples: 64)
        let schedule = LearningRateCurve(arguments: args, plan: plan)
        let early = try EarlyStoppingCallback(patience: patience)
        let handler = CallbackHandler([DefaultFlowCallback(), early])
        var state = TrainerState(plan: plan, trainBatchSize: args.perDeviceTrainBatchSize)
        var control = TrainerControl()
        var loss = TrainerFlow.LossAccumulator()
        var saved: [Int] = [], deleted: [String] = []
        try handler.fire(.trainBegin, args, state, &control)
        func flow() throws {
            let work = TrainerFlow.Work(
                gradNorm: 0.5, learningRate: schedule.learningRate(atGlobalStep: state.globalStep),
                evaluate: { [state] in
                    var m = LogEntry()
                    m["eval_loss"] = .double(0.69)
                    m["eval_accuracy"] = .double(accuracies[state.globalStep] ?? 0.46875)
                    m["eval_runtime"] = .double(0.5); m["eval_samples_per_second"] = .double(128.0); m["eval_steps_per_second"] = .double(16.0)
                    return m
                },
                writeCheckpoint: { dir in
                    try AtomicFile.write("adapter", to: (dir as NSString).appendingPathComponent("adapter_model.safetensors"))
                })
            let outcome = try TrainerFlow.maybeLogSaveEvaluate(args: args, state: &state, control: &control, handler: handler,
                                                               loss: &loss, work: work)
            if let dir = outcome.checkpoint, let step = Checkpoints.step(of: dir) { saved.append(step) }
            deleted += outcome.deletedCheckpoints
        }
        epochs: for epoch in 0..<plan.numTrainEpochs {
            try handler.fire(.epochBegin, args, state, &control)
            for update in 1...plan.updatesPerEpoch {
                try handler.fire(.stepBegin, args, state, &control)
                state.globalStep += 1
                state.epoch = Double(epoch) + Double(plan.batchesDone(afterUpdate: update, gradientAccumulationSteps: 1)) / Double(plan.batchesPerEpoch)
                loss.add(loss: 0.7 - 0.01 * Double(state.globalStep), globalStep: state.globalStep, nanInfFilter: true)
                try handler.fire(.stepEnd, args, state, &control)
                try flow()
                if control.shouldEpochStop || control.shouldTrainingStop { break }
            }
            try handler.fire(.epochEnd, args, state, &control)
            try flow()
            if control.shouldTrainingStop { break epochs }
        }
        try handler.fire(.trainEnd, args, state, &control)
        return (state, saved, deleted, early)
    }

    func testReferenceRunStopsAtStep16WithBestAtStep8() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-es-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try run(args: try referenceArguments(outputDir: out), accuracies: [4: 0.4375, 8: 0.46875], patience: 2)
        XCTAssertEqual(result.state.globalStep, 16)                 // of max_steps 24
        XCTAssertEqual(result.state.maxSteps, 24)
        XCTAssertEqual(result.state.bestGlobalStep, 8)
        XCTAssertEqual(result.state.bestMetric, 0.46875)
        XCTAssertEqual(result.state.bestModelCheckpoint, out + "/checkpoint-8")
        XCTAssertEqual(result.early.patienceCounter, 2)
        XCTAssertEqual(result.saved, [4, 8, 12, 16])
        // save_total_limit=2 keeps the best (8) and the latest (16).
        XCTAssertEqual(result.deleted, [out + "/checkpoint-4", out + "/checkpoint-12"])
        XCTAssertEqual(Checkpoints.list(outputDir: out), [out + "/checkpoint-8", out + "/checkpoint-16"])
        let steps = result.state.logHistory.map { entry in (entry.number("step").map { Int($0) } ?? -1, entry.contains("eval_loss")) }
        XCTAssertEqual(steps.map(\.0), [2, 4, 4, 6, 8, 8, 10, 12, 12, 14, 16, 16])
        XCTAssertEqual(steps.map(\.1), [false, false, true, false, false, true, false, false, true, false, false, true])

        // checkpoint-8/trainer_state.json equals what transformers writes (json.dumps(indent=2, sort_keys=True)).
        let text = try String(contentsOfFile: out + "/checkpoint-8/trainer_state.json", encoding: .utf8)
        XCTAssertEqual(text, Self.expectedStateAtStep8.replacingOccurrences(of: "OUT/", with: out + "/") + "\n")  // the literal drops the final newline
        let reloaded = try TrainerState.load(fromFile: out + "/checkpoint-8/trainer_state.json")
        XCTAssertEqual(reloaded.jsonText, text)
    }

    func testMissingMetricIsAKeyErrorListingTheMetrics() throws {
        var args = TrainingArguments()
        args.metricForBestModel = "f1"
        var state = TrainerState()
        XCTAssertThrowsError(try state.updateBestMetric(metrics: LogEntry([("eval_loss", .double(0.5))]), args: args)) { error in
            let e = error as? TrainingError
            XCTAssertEqual(e?.kind, .keyError)
            XCTAssertEqual(e?.message, "metric_for_best_model is set to 'eval_f1', which is not among the evaluation metrics")
            XCTAssertEqual(e?.notes, ["the evaluation returned: 'eval_loss'"])
        }
    }

    func testRotationRules() {
        let c = (1...5).map { "out/checkpoint-\($0 * 10)" }
        XCTAssertEqual(Checkpoints.toDelete(sortedCheckpoints: c, limit: 2, bestCheckpoint: nil), Array(c.prefix(3)))
        // The best survives with the latest.
        XCTAssertEqual(Checkpoints.toDelete(sortedCheckpoints: c, limit: 2, bestCheckpoint: c[1]), [c[0], c[2], c[3]])
        // limit 1 with an older best keeps two (HF raises the limit to 2).
        XCTAssertEqual(Checkpoints.toDelete(sortedCheckpoints: c, limit: 1, bestCheckpoint: c[0]), [c[1], c[2], c[3]])
        XCTAssertEqual(Checkpoints.toDelete(sortedCheckpoints: c, limit: 1, bestCheckpoint: c[4]), Array(c.prefix(4)))
        XCTAssertEqual(Checkpoints.toDelete(sortedCheckpoints: c, limit: nil, bestCheckpoint: nil), [])
        XCTAssertEqual(Checkpoints.toDelete(sortedCheckpoints: c, limit: 0, bestCheckpoint: nil), [])
        XCTAssertEqual(Checkpoints.directoryName(step: 8), "checkpoint-8")
        XCTAssertEqual(Checkpoints.step(of: "a/b/checkpoint-120"), 120)
        XCTAssertNil(Checkpoints.step(of: "a/checkpoint-best"))
    }

    func testCallbackStateRoundTrip() throws {
        let callback = try EarlyStoppingCallback(patience: 3, threshold: 0.5)
        callback.observe(1, bestMetric: 2, greaterIsBetter: true)
        let restored = try EarlyStoppingCallback(patience: 3, threshold: 0.5)
        if case .object(let pairs)? = callback.savedState, let attributes = pairs.first(where: { $0.0 == "attributes" })?.1 {
            restored.restore(attributes: attributes)
        }
        XCTAssertEqual(restored.patienceCounter, 1)
    }

    /// Written by Python: json.dumps(state, indent=2, sort_keys=True) + "\n" for the same run.
    static let expectedStateAtStep8 = """
{
  "best_global_step": 8,
  "best_metric": 0.46875,
  "best_model_checkpoint": "OUT/checkpoint-8",
  "epoch": 1.0,
  "eval_steps": 4,
  "global_step": 8,
  "is_hyper_param_search": false,
  "is_local_process_zero": true,
  "is_world_process_zero": true,
  "log_history": [
    {
      "epoch": 0.25,
      "grad_norm": 0.5,
      "learning_rate": 0.0003333333333333333,
      "loss": 0.6849999999999999,
      "step": 2
    },
    {
      "epoch": 0.5,
      "grad_norm": 0.5,
      "learning_rate": 0.001,
      "loss": 0.6649999999999999,
      "step": 4
    },
    {
      "epoch": 0.5,
      "eval_accuracy": 0.4375,
      "eval_loss": 0.69,
      "eval_runtime": 0.5,
      "eval_samples_per_second": 128.0,
      "eval_steps_per_second": 16.0,
      "step": 4
    },
    {
      "epoch": 0.75,
      "grad_norm": 0.5,
      "learning_rate": 0.0009047619047619047,
      "loss": 0.6449999999999999,
      "step": 6
    },
    {
      "epoch": 1.0,
      "grad_norm": 0.5,
      "learning_rate": 0.0008095238095238096,
      "loss": 0.625,
      "step": 8
    },
    {
      "epoch": 1.0,
      "eval_accuracy": 0.46875,
      "eval_loss": 0.69,
      "eval_runtime": 0.5,
      "eval_samples_per_second": 128.0,
      "eval_steps_per_second": 16.0,
      "step": 8
    }
  ],
  "logging_steps": 2,
  "max_steps": 24,
  "num_input_tokens_seen": 0,
  "num_train_epochs": 3,
  "save_steps": 4,
  "stateful_callbacks": {
    "EarlyStoppingCallback": {
      "args": {
        "early_stopping_patience": 2,
        "early_stopping_threshold": 0.0
      },
      "attributes": {
        "early_stopping_patience_counter": 0
      }
    },
    "TrainerControl": {
      "args": {
        "should_epoch_stop": false,
        "should_evaluate": false,
        "should_log": false,
        "should_save": true,
        "should_training_stop": false
      },
      "attributes": {}
    }
  },
  "total_flos": 0.0,
  "train_batch_size": 8,
  "trial_name": null,
  "trial_params": null
}
"""
}
