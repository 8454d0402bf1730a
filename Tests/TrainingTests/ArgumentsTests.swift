import XCTest
@testable import Training

final class ArgumentsTests: XCTestCase {
    private func parse(_ keywords: [(String, DataValue)]) throws -> TrainingArguments { try TrainingArguments.parse(keywords: keywords).0 }

    private func message(_ body: () throws -> Void) -> TrainingError? {
        do { try body(); return nil } catch { return error as? TrainingError }
    }

    func testDefaultsAreHuggingFaceV5() {
        let a = TrainingArguments()
        XCTAssertEqual(a.outputDir, "trainer_output")
        XCTAssertEqual(a.learningRate, 5e-5)
        XCTAssertEqual(a.weightDecay, 0)
        XCTAssertEqual([a.adamBeta1, a.adamBeta2, a.adamEpsilon], [0.9, 0.999, 1e-8])
        XCTAssertEqual(a.maxGradNorm, 1.0)
        XCTAssertEqual(a.numTrainEpochs, 3)
        XCTAssertEqual(a.maxSteps, -1)
        XCTAssertEqual(a.lrSchedulerType, .linear)
        XCTAssertEqual(a.warmupSteps, .steps(0))
        XCTAssertEqual([a.perDeviceTrainBatchSize, a.perDeviceEvalBatchSize, a.gradientAccumulationSteps], [8, 8, 1])
        XCTAssertEqual(a.loggingStrategy, .steps)
        XCTAssertEqual(a.loggingSteps, .steps(500))
        XCTAssertEqual(a.evalStrategy, .no)
        XCTAssertEqual(a.saveStrategy, .steps)
        XCTAssertEqual(a.saveSteps, .steps(500))
        XCTAssertNil(a.saveTotalLimit)
        XCTAssertEqual(a.seed, 42)
        XCTAssertEqual(a.reportTo, ["none"])
        XCTAssertTrue(a.removeUnusedColumns)
    }

    func testKeywordsParseWithHuggingFaceNames() throws {
        let (a, warnings) = try TrainingArguments.parse(keywords: [
            ("output_dir", "out"), ("per_device_train_batch_size", 16), ("per_device_eval_batch_size", 64),
            ("num_train_epochs", 2), ("learning_rate", 5e-4), ("warmup_steps", 0.06), ("weight_decay", 0.01),
            ("logging_steps", 50), ("eval_strategy", "epoch"), ("save_strategy", "no"), ("report_to", .list([])),
            ("seed", 42), ("use_cpu", true), ("disable_tqdm", true), ("lr_scheduler_type", "cosine"),
        ])
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(a.warmupSteps, .ratio(0.06))
        XCTAssertEqual(a.evalStrategy, .epoch)
        XCTAssertEqual(a.saveStrategy, .no)
        XCTAssertEqual(a.lrSchedulerType, .cosine)
        XCTAssertEqual(try parse([("warmup_steps", 10)]).warmupSteps, .steps(10))
        XCTAssertEqual(try parse([("logging_steps", 0.1)]).loggingSteps, .ratio(0.1))
        XCTAssertEqual(try parse([("eval_strategy", "IntervalStrategy.STEPS")]).evalStrategy, .steps)
    }

    func testRenamedAndRemovedKeywordsSayWhatToWrite() {
        let old = message { _ = try self.parse([("evaluation_strategy", "epoch")]) }
        XCTAssertEqual(old?.kind, .typeError)
        XCTAssertEqual(old?.message, "TrainingArguments got an unexpected keyword argument 'evaluation_strategy'")
        XCTAssertEqual(old?.help, "`evaluation_strategy` was renamed `eval_strategy` (transformers 4.41; the old name is gone in v5): write eval_strategy=\"epoch\"")
        let ratio = message { _ = try self.parse([("warmup_ratio", 0.1)]) }
        XCTAssertEqual(ratio?.help, "`warmup_ratio` was removed in transformers v5: give the ratio to warmup_steps instead, e.g. warmup_steps=0.1 (a value below 1 is a fraction of the total steps)")
        XCTAssertEqual(message { _ = try self.parse([("learning_rte", 1e-4)]) }?.help, "did you mean 'learning_rate'?")
        XCTAssertEqual(message { _ = try self.parse([("eval_strategy", "epochs")]) }?.help, "did you mean eval_strategy=\"epoch\"?")
        XCTAssertEqual(message { _ = try self.parse([("logging_steps", 2.5)]) }?.message,
                       "logging_steps must be a whole number of steps, or a fraction below 1 of the total steps (got 2.5)")
        XCTAssertEqual(message { _ = try self.parse([("per_device_train_batch_size", "8")]) }?.message,
                       "per_device_train_batch_size must be a whole number, not str '8'")
        XCTAssertEqual(message { _ = try self.parse([("lr_scheduler_type", "reduce_lr_on_plateau")]) }?.kind, .valueError)
    }

    func testAcceptedButIgnoredKeywordsWarn() throws {
        let (a, warnings) = try TrainingArguments.parse(keywords: [
            ("fp16", true), ("report_to", "wandb"), ("logging_dir", "logs"), ("no_cuda", true), ("do_train", true),
        ])
        XCTAssertTrue(a.useCpu)
        XCTAssertEqual(warnings.map(\.message), [
            "fp16=True is ignored: lorarepl trains in float32 on the CPU (mixed precision needs a GPU)",
            "report_to=[\"wandb\"] is ignored: lorarepl logs to the console and to trainer_state.json",
            "logging_dir='logs' is accepted for compatibility and ignored by lorarepl",
            "do_train=True is accepted for compatibility and ignored by lorarepl",
        ])
    }

    func testValidationFillsBestMetricDefaults() throws {
        var a = try parse([("eval_strategy", "epoch"), ("save_strategy", "epoch"), ("load_best_model_at_end", true)])
        try a.validate()
        XCTAssertEqual(a.metricForBestModel, "loss")
        XCTAssertEqual(a.greaterIsBetter, false)
        var b = try parse([("eval_strategy", "epoch"), ("metric_for_best_model", "accuracy")])
        try b.validate()
        XCTAssertEqual(b.greaterIsBetter, true)
        XCTAssertEqual(b.metricKeyForBestModel, "eval_accuracy")
        var c = try parse([("eval_strategy", "epoch"), ("metric_for_best_model", "eval_loss")])
        try c.validate()
        XCTAssertEqual(c.greaterIsBetter, false)
        XCTAssertEqual(c.metricKeyForBestModel, "eval_loss")
    }

    func testInconsistentCombinationsGetOneClearMessage() throws {
        func validation(_ keywords: [(String, DataValue)], earlyStopping: Bool = false) -> TrainingError? {
            message { var a = try self.parse(keywords); try a.validate(earlyStopping: earlyStopping) }
        }
        let mismatch = validation([("eval_strategy", "epoch"), ("load_best_model_at_end", true)])
        XCTAssertEqual(mismatch?.message, "load_best_model_at_end=True requires the save and eval strategies to match, but eval_strategy=\"epoch\" and save_strategy=\"steps\"")
        XCTAssertEqual(mismatch?.help, "set save_strategy=\"epoch\" so a checkpoint exists for every evaluation")
        let multiple = validation([("eval_strategy", "steps"), ("eval_steps", 30), ("load_best_model_at_end", true)])
        XCTAssertEqual(multiple?.message, "load_best_model_at_end=True requires save_steps to be a round multiple of eval_steps, but save_steps=500 and eval_steps=30")
        XCTAssertNil(validation([("eval_strategy", "steps"), ("eval_steps", 50), ("save_steps", 100), ("load_best_model_at_end", true)]))
        XCTAssertNil(validation([("eval_strategy", "epoch"), ("save_strategy", "best"), ("load_best_model_at_end", true)]))
        XCTAssertEqual(validation([("load_best_model_at_end", true)])?.message,
                       "load_best_model_at_end=True has no evaluations to pick the best model from: eval_strategy is \"no\"")
        let early = validation([], earlyStopping: true)
        XCTAssertEqual(early?.message, "EarlyStoppingCallback needs evaluations to watch, but eval_strategy is \"no\"")
        XCTAssertEqual(early?.help, "add eval_strategy=\"epoch\" (or eval_strategy=\"steps\" with eval_steps=…) to TrainingArguments")
        XCTAssertEqual(validation([("eval_strategy", "epoch")], earlyStopping: true)?.help,
                       "add metric_for_best_model=\"eval_loss\" (or e.g. \"eval_accuracy\"), or load_best_model_at_end=True which watches the loss")
        XCTAssertEqual(validation([("save_strategy", "best")])?.message,
                       "save_strategy=\"best\" saves when the tracked metric improves, but metric_for_best_model is not set")
        // Several problems: the first is the message, the others follow as notes.
        let several = validation([("learning_rate", -1), ("per_device_train_batch_size", 0)])
        XCTAssertEqual(several?.message, "learning_rate cannot be negative (got -1.0)")
        XCTAssertEqual(several?.notes, ["also: per_device_train_batch_size must be at least 1 (got 0) (8 or 16 are common choices)"])
    }

    func testValidationWarnings() throws {
        var a = try parse([("eval_steps", 10), ("lr_scheduler_type", "constant"), ("warmup_steps", 5)])
        XCTAssertEqual(try a.validate().map(\.message), [
            "eval_steps=10 has no effect while eval_strategy is \"no\"; set eval_strategy=\"steps\" to evaluate every 10 steps",
            "lr_scheduler_type=\"constant\" ignores warmup_steps=5; use \"constant_with_warmup\" to warm up",
        ])
    }

    /// transformers takes any adam_epsilon and PyTorch's AdamW takes 0 (it refuses only a negative value, with
    /// "Invalid epsilon value: -1"): 0 passes with a warning that says what PyTorch would do with it.
    func testAdamEpsilonZeroIsAcceptedAsInTransformers() throws {
        var zero = try parse([("adam_epsilon", 0)])
        XCTAssertEqual(zero.adamEpsilon, 0)
        let warnings = try zero.validate().map(\.message)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings.first?.hasPrefix("adam_epsilon=0 divides by zero in AdamW") == true, "\(warnings)")
        var small = try parse([("adam_epsilon", 1e-12)])
        XCTAssertEqual(try small.validate().map(\.message), [])
        let negative = message { var a = try self.parse([("adam_epsilon", -1)]); try a.validate() }
        XCTAssertEqual(negative?.message, "adam_epsilon cannot be negative (got -1.0)")
        XCTAssertEqual(negative?.help, "the default is 1e-8; 0 is allowed")
    }

    func testPlanComputesStepsLikeTheTrainer() throws {
        var a = TrainingArguments()
        let reference = try TrainingPlan(arguments: a, trainExamples: 64)
        XCTAssertEqual([reference.batchesPerEpoch, reference.updatesPerEpoch, reference.maxSteps, reference.numTrainEpochs], [8, 8, 24, 3])

        a.gradientAccumulationSteps = 4
        a.numTrainEpochs = 2.5
        let accumulated = try TrainingPlan(arguments: a, trainExamples: 100)   // 13 batches → ⌈13/4⌉ = 4 updates
        XCTAssertEqual([accumulated.batchesPerEpoch, accumulated.updatesPerEpoch, accumulated.maxSteps, accumulated.numTrainEpochs], [13, 4, 10, 3])
        XCTAssertEqual(accumulated.totalTrainBatchSize, 32)
        XCTAssertEqual(accumulated.batchesDone(afterUpdate: 4, gradientAccumulationSteps: 4), 13)

        a.maxSteps = 7
        let capped = try TrainingPlan(arguments: a, trainExamples: 100)
        XCTAssertEqual([capped.maxSteps, capped.numTrainEpochs], [7, 2])

        // The reference recipe: 4000 examples, batch 16, 2 epochs, warmup_steps=0.06 → ⌈500·0.06⌉ = 30.
        var recipe = TrainingArguments()
        recipe.perDeviceTrainBatchSize = 16
        recipe.numTrainEpochs = 2
        recipe.warmupSteps = .ratio(0.06)
        recipe.loggingSteps = .ratio(0.1)
        let plan = try TrainingPlan(arguments: recipe, trainExamples: 4000)
        XCTAssertEqual([plan.maxSteps, plan.warmupSteps, plan.loggingSteps], [500, 30, 50])

        XCTAssertTrue(accumulated.resumePosition(globalStep: 6, gradientAccumulationSteps: 4) == (1, 8))
        XCTAssertTrue(reference.resumePosition(globalStep: 16, gradientAccumulationSteps: 1) == (2, 0))

        var dropping = TrainingArguments()
        dropping.dataloaderDropLast = true
        XCTAssertEqual(try TrainingPlan(arguments: dropping, trainExamples: 20).batchesPerEpoch, 2)
        XCTAssertThrowsError(try TrainingPlan(arguments: dropping, trainExamples: 5))
        XCTAssertThrowsError(try TrainingPlan(arguments: TrainingArguments(), trainExamples: 0))
    }

    func testScheduleOfLogsEvaluationsAndSaves() throws {
        var a = try parse([("logging_steps", 2), ("eval_strategy", "steps"), ("eval_steps", 4), ("save_steps", 4)])
        try a.validate()
        let plan = try TrainingPlan(arguments: a, trainExamples: 64)
        let events = plan.schedule(arguments: a)
        XCTAssertEqual(events.filter { $0.kind == .log }.map(\.step), Array(stride(from: 2, through: 24, by: 2)))
        XCTAssertEqual(events.filter { $0.kind == .evaluate }.map(\.step), [4, 8, 12, 16, 20, 24])
        XCTAssertEqual(events.filter { $0.kind == .save }.map(\.step), [4, 8, 12, 16, 20, 24])
        XCTAssertEqual(events.prefix(5).map(\.description), ["log@2", "log@4", "evaluate@4", "save@4", "log@6"])
        XCTAssertEqual(events.first { $0.kind == .evaluate }?.epoch, 0.5)

        // Per epoch, with max_steps stopping half-way through epoch 2: the epoch end still evaluates.
        var e = try parse([("logging_strategy", "epoch"), ("eval_strategy", "epoch"), ("save_strategy", "epoch"), ("max_steps", 12)])
        try e.validate()
        let epochPlan = try TrainingPlan(arguments: e, trainExamples: 64)
        XCTAssertEqual(epochPlan.schedule(arguments: e).map(\.description),
                       ["log@8", "evaluate@8", "save@8", "log@12", "evaluate@12", "save@12"])

        // logging_first_step, and the final save of a "steps" run that does not land on save_steps.
        var f = try parse([("logging_first_step", true), ("logging_steps", 10), ("save_steps", 10)])
        try f.validate()
        let firstPlan = try TrainingPlan(arguments: f, trainExamples: 64)
        XCTAssertEqual(firstPlan.schedule(arguments: f).map(\.description), ["log@1", "log@10", "save@10", "log@20", "save@20", "save@24"])
    }

    func testLearningRateCurves() {
        // peft.md §4.7: T=24, W=⌈0.1·24⌉=3 → logged lr at steps 2, 4, 6.
        let linear = LearningRateCurve(type: .linear, baseLearningRate: 1e-3, warmupSteps: 3, totalSteps: 24)
        XCTAssertEqual([2, 4, 6].map { linear.learningRate(atGlobalStep: $0) }, [0.0003333333333333333, 0.001, 0.0009047619047619047])
        XCTAssertEqual(linear.multiplier(afterSteps: 24), 0)
        // Values from transformers' formulas evaluated in Python.
        let cosine = LearningRateCurve(type: .cosine, baseLearningRate: 2e-4, warmupSteps: 3, totalSteps: 24)
        XCTAssertEqual([0, 1, 5, 12, 23, 24].map { 2e-4 * cosine.multiplier(afterSteps: $0) },
                       [0.0, 6.666666666666667e-05, 0.0001955572805786141, 0.00012225209339563145, 1.1169173774871478e-06, 0.0])
        let poly = LearningRateCurve(type: .polynomial, baseLearningRate: 2e-4, warmupSteps: 3, totalSteps: 24)
        XCTAssertEqual(2e-4 * poly.multiplier(afterSteps: 5), 0.00018096190476190476)
        let constant = LearningRateCurve(type: .constant, baseLearningRate: 1e-4, warmupSteps: 5, totalSteps: 24)
        XCTAssertEqual(constant.multiplier(afterSteps: 0), 1)   // "constant" ignores warmup
        let warm = LearningRateCurve(type: .constantWithWarmup, baseLearningRate: 1e-4, warmupSteps: 4, totalSteps: 24)
        XCTAssertEqual([0, 2, 4, 20].map { warm.multiplier(afterSteps: $0) }, [0, 0.5, 1, 1])
    }
}
