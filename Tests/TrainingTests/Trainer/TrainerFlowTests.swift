import Foundation
import Models
import PEFT
import TensorCore
import TestSupport
@testable import Training
import XCTest

/// Early stopping, best model, rotation, resume, NaN, interrupt, evaluate/predict on real tiny runs.
final class TrainerFlowTests: XCTestCase {
    /// peft.md §4.3/§4.5's run: 64 examples, batch 8, 3 epochs (24 steps), eval/save every 4, logging 2,
    /// patience 2 and accuracies 0.4375, 0.46875, 0.46875, 0.46875 → HF stops at step 16.
    func testEarlyStoppingStopsAtHuggingFacesStepAndKeepsBestAndLatest() throws {
        let out = TinyTraining.temporaryDirectory("early")
        var args = TinyTraining.arguments(outputDir: out)
        args.learningRate = 1e-3
        args.loggingSteps = .steps(2)
        args.evalStrategy = .steps
        args.evalSteps = .steps(4)
        args.saveStrategy = .steps
        args.saveSteps = .steps(4)
        args.saveTotalLimit = 1
        args.loadBestModelAtEnd = true
        args.metricForBestModel = "accuracy"
        let scripted = [0.4375, 0.46875, 0.46875, 0.46875, 0.5, 0.5]
        var calls = 0
        let trainer = TinyTraining.quietTrainer(try Trainer(
            model: try TinyTraining.peftModel(), args: args, trainDataset: try TinyTraining.dataset(count: 64),
            evalDataset: try TinyTraining.dataset(count: 20, seed: 9),
            computeMetrics: { prediction in
                XCTAssertEqual(prediction.count, 20)
                XCTAssertEqual(prediction.width, 3)
                defer { calls += 1 }
                return ["accuracy": scripted[min(calls, scripted.count - 1)]]
            },
            callbacks: [try EarlyStoppingCallback(patience: 2)]))
        let output = try trainer.train()
        XCTAssertEqual(output.globalStep, 16)
        XCTAssertEqual(calls, 4)
        XCTAssertEqual(trainer.state.bestGlobalStep, 8)
        XCTAssertEqual(trainer.state.bestMetric, 0.46875)
        let best = Checkpoints.directory(outputDir: out, step: 8)
        XCTAssertEqual(trainer.state.bestModelCheckpoint, best)
        // save_total_limit=1 still keeps the best (8) and the latest (16).
        XCTAssertEqual(Checkpoints.list(outputDir: out).map { ($0 as NSString).lastPathComponent }, ["checkpoint-8", "checkpoint-16"])
        // Eval entries: HF's keys and order.
        let evals = trainer.logHistory.filter { $0["eval_loss"] != nil }
        XCTAssertEqual(evals.count, 4)
        XCTAssertEqual(evals[0].keys, ["eval_loss", "eval_accuracy", "eval_runtime", "eval_samples_per_second",
                                       "eval_steps_per_second", "epoch", "step"])
        // load_best_model_at_end: the adapter in memory is the one saved at step 8.
        let saved = try TensorFile.loadFloats(URL(fileURLWithPath: best + "/adapter_model.safetensors"))
        let current = TinyTraining.temporaryDirectory("current")
        try trainer.saveModel(current)
        let now = try TensorFile.loadFloats(URL(fileURLWithPath: current + "/adapter_model.safetensors"))
        XCTAssertEqual(Set(saved.keys), Set(now.keys))
        XCTAssertFalse(saved.isEmpty)
        for (key, tensor) in saved { XCTAssertEqual(now[key]?.toArray(), tensor.toArray(), key) }
        let latest = try TensorFile.loadFloats(URL(fileURLWithPath: Checkpoints.directory(outputDir: out, step: 16) + "/adapter_model.safetensors"))
        XCTAssertTrue(latest.contains { key, tensor in tensor.toArray() != saved[key]?.toArray() }, "steps 9–16 should have changed the adapter")
        // A checkpoint holds the adapter and lorarepl's optimizer/scheduler/RNG files and HF's trainer_state.json.
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: best))
        XCTAssertTrue(files.isSuperset(of: ["adapter_config.json", "adapter_model.safetensors", "optimizer.safetensors", "optimizer.json",
                                            "scheduler.json", "rng_state.json", "trainer_state.json", "training_args.json"]), "\(files)")
        let state = try TrainerState.load(fromFile: best + "/trainer_state.json")
        XCTAssertEqual(state.globalStep, 8)
    }

    /// Resuming from a mid-epoch checkpoint (with accumulation and dropout) ends bit-identical to an uninterrupted run.
    func testResumeFromCheckpointIsBitIdentical() throws {
        let data = try TinyTraining.dataset(count: 40)
        func arguments(_ out: String) -> TrainingArguments {
            var args = TinyTraining.arguments(outputDir: out)
            args.perDeviceTrainBatchSize = 4
            args.gradientAccumulationSteps = 2   // 10 batches → 5 updates per epoch
            args.numTrainEpochs = 2
            args.warmupSteps = .ratio(0.2)
            args.weightDecay = 0.01
            args.saveStrategy = .steps
            args.saveSteps = .steps(3)
            return args
        }
        let fullOut = TinyTraining.temporaryDirectory("full")
        let full = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(dropout: 0.1), args: arguments(fullOut), trainDataset: data))
        try full.train()
        let expected = TinyTraining.trainableValues(full.model)

        let resumed = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(dropout: 0.1),
                                                            args: arguments(TinyTraining.temporaryDirectory("resumed")), trainDataset: data))
        let output = try resumed.train(resumeFromCheckpoint: .path(Checkpoints.directory(outputDir: fullOut, step: 3)))
        XCTAssertEqual(output.globalStep, 10)
        assertSameValues(TinyTraining.trainableValues(resumed.model), expected)
        XCTAssertEqual(resumed.logHistory.filter { $0["loss"] != nil }.count, 10, "the log history continues the checkpoint's")
    }

    /// An interrupt stops at a step boundary, saves a checkpoint, says how to resume; resuming finishes like an uninterrupted run.
    func testInterruptStopsAtAStepBoundaryAndResumes() throws {
        let data = try TinyTraining.dataset(count: 32)
        let out = TinyTraining.temporaryDirectory("interrupt")
        var args = TinyTraining.arguments(outputDir: out)
        args.numTrainEpochs = 2   // 8 steps
        args.saveStrategy = .epoch
        var printed = ""
        var trainer: Trainer? = nil
        let hook = StepHook { state, _ in if state.globalStep == 3 { trainer?.interrupt.request() } }
        let first = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(), args: args, trainDataset: data, callbacks: [hook]))
        first.write = { printed += $0 }
        trainer = first
        let output = try first.train()
        XCTAssertTrue(output.interrupted)
        XCTAssertEqual(output.globalStep, 3)
        XCTAssertTrue(output.note?.contains("resume_from_checkpoint=True") ?? false, output.note ?? "")
        XCTAssertTrue(printed.contains("Training interrupted after step 3 of 8"), printed)
        XCTAssertEqual(Checkpoints.latest(outputDir: out), Checkpoints.directory(outputDir: out, step: 3))
        XCTAssertFalse(first.interrupt.isRequested)

        let resumed = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(), args: args, trainDataset: data))
        XCTAssertEqual(try resumed.train(resumeFromCheckpoint: .latest).globalStep, 8)
        var plainArgs = args
        plainArgs.outputDir = TinyTraining.temporaryDirectory("uninterrupted")
        let straight = TinyTraining.quietTrainer(try Trainer(model: try TinyTraining.peftModel(), args: plainArgs, trainDataset: data))
        try straight.train()
        assertSameValues(TinyTraining.trainableValues(resumed.model), TinyTraining.trainableValues(straight.model))
    }

    func testNaNLossStopsWithTheStepAndLeavesWeightsUntouched() throws {
        let peft = try TinyTraining.peftModel(dropout: 0)
        // Poison the frozen base after step 2: step 3's loss is NaN.
        let query = try XCTUnwrap(peft.baseModel.module(at: "bert.encoder.layer.0.attention.self.query") as? Linear)
        let hook = StepHook { state, _ in if state.globalStep == 2 { try query.weight.withUnsafeMutableBufferPointer { $0[0] = .nan } } }
        let trainer = TinyTraining.quietTrainer(try Trainer(model: peft, args: TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("nan")),
                                                            trainDataset: try TinyTraining.dataset(count: 32), callbacks: [hook]))
        var before: [String: [Float]] = [:]
        let snapshot = StepHook { state, _ in if state.globalStep == 2 { before = TinyTraining.trainableValues(trainer.model) } }
        trainer.addCallback(snapshot)
        XCTAssertThrowsError(try trainer.train()) { error in
            XCTAssertTrue("\(error)".contains("NaN at step 3"), "\(error)")
            XCTAssertTrue("\(error)".contains("learning_rate"), "\(error)")
        }
        XCTAssertEqual(trainer.state.globalStep, 2)
        assertSameValues(TinyTraining.trainableValues(trainer.model), before)
        XCTAssertTrue(trainer.model.trainableParameters().allSatisfy { $0.tensor.grad == nil })
    }

    func testEvaluateAndPredictUseHuggingFacesKeysAndEvalMode() throws {
        let peft = try TinyTraining.peftModel()
        let eval = try TinyTraining.dataset(count: 10, seed: 3)
        let trainer = TinyTraining.quietTrainer(try Trainer(model: peft, args: TinyTraining.arguments(outputDir: TinyTraining.temporaryDirectory("eval")),
                                                            evalDataset: eval, computeMetrics: { p in
            let predicted = p.argmax()
            let correct = zip(predicted, p.labelIds).filter { $0 == $1 }.count
            return ["accuracy": Double(correct) / Double(p.count), "f1": 0.5]
        }))
        peft.train()
        let first = try trainer.evaluate()
        XCTAssertTrue(peft.isTraining, "evaluate() restores the mode it found")
        let second = try trainer.evaluate()
        XCTAssertEqual(first.number("eval_loss"), second.number("eval_loss"), "eval mode: no dropout, same loss twice")
        XCTAssertEqual(first.keys, ["eval_loss", "eval_accuracy", "eval_f1", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second"])
        let prediction = try trainer.predict(eval)
        XCTAssertEqual(prediction.metrics.keys, ["test_loss", "test_accuracy", "test_f1", "test_runtime", "test_samples_per_second", "test_steps_per_second"])
        XCTAssertEqual(prediction.predictions.count, 10)
        XCTAssertEqual(prediction.labelIds, (0..<10).map { (try? eval.row($0)["label"]?.intValue ?? -1) ?? -1 })
        XCTAssertEqual(prediction.metrics.number("test_loss"), first.number("eval_loss"))
        XCTAssertEqual(trainer.logHistory.count, 2, "evaluate() logs, predict() does not")
    }
}
