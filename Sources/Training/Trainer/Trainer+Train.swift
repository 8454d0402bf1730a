import PythonBasics
import Foundation
import Models
import TensorCore

/// Where `train(resumeFromCheckpoint:)` continues from.
public enum ResumeFrom: Equatable {
    /// `resume_from_checkpoint=True`: the newest `checkpoint-<step>` in `output_dir`.
    case latest
    /// `resume_from_checkpoint="out/checkpoint-8"`.
    case path(String)
}

extension Trainer {
    /// Everything one run needs besides the trainer's own fields.
    final class Run {
        let plan: TrainingPlan
        let curve: LearningRateCurve
        /// The built-in AdamW (nil when the script's optimizer runs, `external`).
        let optimizer: AdamW?
        let external: ExternalOptimizer?
        let parameterNames: [String]
        let groupNames: [[String]]
        let parameters: [Tensor]
        let flopsPerToken: Double
        var loss: TrainerFlow.LossAccumulator
        var lastGradNorm: Double? = nil
        var lastLearningRate: Double = 0
        var lastSavedStep: Int? = nil
        /// The learning rate of the first step after resuming into a different schedule (the checkpoint's `last_lr`).
        var pendingLearningRate: Double? = nil
        init(plan: TrainingPlan, curve: LearningRateCurve, optimizer: AdamW?, external: ExternalOptimizer?, parameterNames: [String],
             groupNames: [[String]], parameters: [Tensor], flopsPerToken: Double, loss: TrainerFlow.LossAccumulator) {
            self.plan = plan; self.curve = curve; self.optimizer = optimizer; self.external = external; self.parameterNames = parameterNames
            self.groupNames = groupNames; self.parameters = parameters; self.flopsPerToken = flopsPerToken; self.loss = loss
        }
    }

    /// The training batches' sampler, as transformers builds it (`_get_train_sampler`'s `RandomSampler`, made
    /// seedable by accelerate): epoch `e` is `torch.randperm(count)` seeded with `data_seed or seed` + `e`,
    /// `per_device_train_batch_size` rows a batch, the last partial batch dropped with `dataloader_drop_last`.
    func trainSampler(count: Int) throws -> BatchSampler {
        try BatchSampler(count: count, batchSize: args.perDeviceTrainBatchSize, shuffle: true,
                         seed: UInt64(truncatingIfNeeded: args.effectiveDataSeed), dropLast: args.dataloaderDropLast)
    }

    /// `trainer.train(resume_from_checkpoint=None)`. Runs HF's loop: per epoch a seeded shuffle
    /// (`data_seed` or `seed`, + epoch), `gradient_accumulation_steps` batches per optimizer update
    /// (loss divided by it), global-norm clipping (the logged `grad_norm` is the norm before clipping),
    /// AdamW, then HF's log → evaluate → early stopping → best metric → save → rotate. An interrupt
    /// (`TrainingInterrupt`) stops at the next step boundary with a checkpoint and a note; a NaN or
    /// infinite loss stops with an error naming the step (before that step changes any weight).
    /// With `bf16=True`, products with frozen weights run in bf16 (TensorCore's `BF16Products`).
    @discardableResult
    public func train(resumeFromCheckpoint resume: ResumeFrom? = nil) throws -> TrainOutput {
        try BF16Products.scope(enabled: args.bf16) { try runTraining(resumeFromCheckpoint: resume) }
    }

    private func runTraining(resumeFromCheckpoint resume: ResumeFrom?) throws -> TrainOutput {
        guard let trainDataset else {
            throw TrainingError.value("train() needs a train_dataset", help: "pass train_dataset=… to the Trainer")
        }
        try checkColumns(trainDataset, split: "training")
        printWarningsOnce()
        interrupt.clear()
        let run = try prepareRun(examples: trainDataset.count)
        currentRun = run
        defer { currentRun = nil; currentProgress = nil }
        state = TrainerState(plan: run.plan, trainBatchSize: args.perDeviceTrainBatchSize)
        control = TrainerControl()
        var epochsTrained = 0, batchesToSkip = 0
        if let resume {
            let directory = try resolveCheckpoint(resume)
            try restore(from: directory, run: run)
            (epochsTrained, batchesToSkip) = run.plan.resumePosition(globalStep: state.globalStep,
                                                                     gradientAccumulationSteps: args.gradientAccumulationSteps)
            say("Resuming from \(directory) at step \(state.globalStep) (epoch \(epochsTrained), skipping \(batchesToSkip) batches of it)")
        }
        let startStep = state.globalStep
        let sampler = try trainSampler(count: trainDataset.count)
        let group = parallelGroup
        let progress = makeProgress(total: run.plan.maxSteps)
        currentProgress = progress
        progress?.resume(fromStep: startStep)
        let started = Trainer.now()
        model.train()
        try flow { s, c in try self.callbackHandler.fire(.trainBegin, self.args, s, &c) }
        if args.evalOnStart, resume == nil, evalDataset != nil { try evaluate() }
        let gas = max(1, args.gradientAccumulationSteps)
        // Data-parallel: how many dropout seeds one forward pass draws (in train mode), for the identity rule.
        let stride = try group.map { _ in try measureDropoutStride(trainDataset) }
        var interrupted = false

        epochs: for epoch in epochsTrained..<max(epochsTrained, run.plan.numTrainEpochs) {
            if state.globalStep >= run.plan.maxSteps { break }
            let epochBatches = sampler.batches(epoch: epoch)
            // Data-parallel: the epoch's batches dealt to the ranks in rounds (accelerate's rule); this rank's share.
            let dealt = group.map { DataShards.dealt(epochBatches, worldSize: $0.size, batchSize: args.perDeviceTrainBatchSize,
                                                     dropLast: args.dataloaderDropLast) } ?? epochBatches
            let batches = group.map { DataShards.batches(forRank: $0.rank, of: dealt, worldSize: $0.size) } ?? epochBatches
            var next = epoch == epochsTrained ? batchesToSkip : 0
            try flow { s, c in try self.callbackHandler.fire(.epochBegin, self.args, s, &c) }
            while next < batches.count {
                let end = min(next + gas, batches.count)
                try flow { s, c in try self.callbackHandler.fire(.stepBegin, self.args, s, &c) }
                let stepLoss: Double
                if let group, let stride {
                    stepLoss = try accumulateGradientsParallel(dealt: dealt, localRange: next..<end, group: group, dataset: trainDataset,
                                                               run: run, gas: gas, stride: stride)
                } else {
                    stepLoss = try accumulateGradients(batches[next..<end], dataset: trainDataset, run: run)
                }
                try optimizerStep(run)
                next = end
                state.globalStep += 1
                state.epoch = Double(epoch) + Double(end) / Double(batches.count)
                run.loss.add(loss: stepLoss, globalStep: state.globalStep, nanInfFilter: args.loggingNanInfFilter)
                var afterStepFailure: Error? = nil
                do {
                    try flow { s, c in try self.callbackHandler.fire(.stepEnd, self.args, s, &c) }
                    progress?.update(step: state.globalStep, loss: stepLoss, learningRate: run.lastLearningRate)
                    try logSaveEvaluate(run)
                    progress?.redraw()
                } catch {
                    // Data-parallel: carried to the other ranks by the decision exchange below.
                    guard group != nil else { throw error }
                    afterStepFailure = error
                }
                var stop = interrupt.take()
                if let group { stop = try synchronizeDecisions(group, interruptedHere: stop, failure: afterStepFailure) }
                if stop { interrupted = true; break epochs }
                if control.shouldEpochStop || control.shouldTrainingStop { break }
            }
            try flow { s, c in try self.callbackHandler.fire(.epochEnd, self.args, s, &c) }
            try logSaveEvaluate(run)
            if let group { _ = try synchronizeDecisions(group, interruptedHere: false) }
            if control.shouldTrainingStop { break }
        }
        progress?.finish()
        var note: String? = nil
        if interrupted {
            note = try interruptionNote(run)
            say(note ?? "")
        } else if args.loadBestModelAtEnd, let best = state.bestModelCheckpoint {
            say("Loading best model from \(best) (score: \(state.bestMetric.map { PythonFormat.floatRepr($0) } ?? "None")).")
            if let group {
                // Rank 0 reads the checkpoint it wrote; the others receive its weights (no shared disk needed).
                if group.rank == 0 { try model.load(from: best) }
                try broadcastParameters(run.parameters, group: group)
            } else {
                try model.load(from: best)
            }
        }
        let runtime = Trainer.now() - started
        let stepsThisRun = max(1, state.globalStep - startStep)
        let trainLoss = run.loss.trainLoss(globalStep: stepsThisRun)
        // Throughput counts what this call ran: HF's formula (the whole plan) for a run from step 0 that
        // finished; the optimizer steps actually taken after a resume or an interrupt.
        let ranWholePlan = startStep == 0 && !interrupted
        let stepsRun = ranWholePlan ? run.plan.maxSteps : max(0, state.globalStep - startStep)
        let samples = !ranWholePlan ? try CheckedInt.product(stepsRun, run.plan.totalTrainBatchSize, what: "the samples run")
            : args.maxSteps > 0 ? try CheckedInt.product(run.plan.maxSteps, run.plan.totalTrainBatchSize, what: "the samples run")
            : try CheckedInt.truncating(Double(run.plan.numExamples) * args.numTrainEpochs, what: "the samples run")
        let summary = TrainerFlow.trainSummary(runtime: runtime, samples: samples, steps: stepsRun,
                                               totalFlos: state.totalFlos, trainLoss: trainLoss)
        currentProgress = nil
        try log(summary)
        var metrics = summary
        if let epoch = state.epoch { metrics["epoch"] = .double(epoch) }
        progress?.summary(TrainingSummary.line(steps: stepsRun, epochs: state.epoch, seconds: runtime, samples: samples,
                                               trainLoss: trainLoss, bestCheckpoint: state.bestModelCheckpoint,
                                               bestMetric: state.bestMetric, metricName: args.metricForBestModel,
                                               interrupted: interrupted))
        try flow { s, c in try self.callbackHandler.fire(.trainEnd, self.args, s, &c) }
        model.eval()
        return TrainOutput(globalStep: state.globalStep, trainingLoss: trainLoss, metrics: metrics, interrupted: interrupted, note: note)
    }

    // MARK: Steps

    /// Forward + backward over the batches of one optimizer update (HF's inner loop): each micro-batch
    /// through `training_step` (a subclass's or `trainingStep(_:)`), `on_substep_end` after every one but
    /// the last. Returns the step's loss: the sum of the values the micro-steps returned (HF's `tr_loss`).
    /// A NaN/inf loss clears the gradients and throws before anything is updated.
    func accumulateGradients(_ group: ArraySlice<[Int]>, dataset: Dataset, run: Run) throws -> Double {
        var stepLoss = 0.0
        var batches: [TrainerBatch] = []
        for indices in group { batches.append(try TrainerBatch.make(dataset, indices: indices, collator: dataCollator)) }
        let itemsInBatch = batches.reduce(0) { $0 + $1.countedLabels }
        currentGradientAccumulationSteps = batches.count
        for (index, batch) in batches.enumerated() {
            stepLoss += try microBatchStep(batch, itemsInBatch: itemsInBatch)
            state.totalFlos += run.flopsPerToken * Double(batch.tokenCount)
            if index < batches.count - 1 { try flow { s, c in try self.callbackHandler.fire(.substepEnd, self.args, s, &c) } }
        }
        return stepLoss
    }

    /// One micro-batch through `training_step` (a subclass's or `trainingStep(_:)`): forward, loss,
    /// backward into `.grad`. `itemsInBatch` counts the labels of the whole optimizer step (all
    /// micro-batches, on every rank). Returns the value HF adds to `tr_loss`.
    func microBatchStep(_ batch: TrainerBatch, itemsInBatch: Int) throws -> Double {
        guard batch.labels != nil else {
            zeroModelGradients()
            throw TrainingError.value("the training batches have no labels, so there is no loss to train on",
                                      help: "add a 'label' (or 'labels') column to the train_dataset")
        }
        let step = batch.lossStep(model: model, training: true, itemsInBatch: itemsInBatch)
        guard let override = overrides.trainingStep else { return try trainingStep(step) }
        let value = try override(step)
        try checkMicroBatchLoss(value)
        return value
    }

    /// HF's optimizer step: clip (keeping the pre-clip norm), `on_pre_optimizer_step`, step,
    /// `on_optimizer_step`, the step's learning rate (`lr0·λ(global_step)`, or the script scheduler's
    /// last rate before it steps), zero the gradients.
    func optimizerStep(_ run: Run) throws {
        run.lastGradNorm = args.maxGradNorm > 0 ? Double(clipGradNorm(run.parameters, maxNorm: Float(args.maxGradNorm))) : nil
        try flow { s, c in try self.callbackHandler.fire(.preOptimizerStep, self.args, s, &c) }
        if let external = run.external {
            try external.step()
            try flow { s, c in try self.callbackHandler.fire(.optimizerStep, self.args, s, &c) }
            run.lastLearningRate = try external.lastLearningRate()
            try external.schedulerStep()
            zeroModelGradients()
        } else if let optimizer = run.optimizer {
            let learningRate = run.pendingLearningRate ?? run.curve.learningRate(atGlobalStep: state.globalStep + 1)
            run.pendingLearningRate = nil
            optimizer.learningRate = Float(learningRate)
            run.lastLearningRate = learningRate
            try optimizer.step()
            try flow { s, c in try self.callbackHandler.fire(.optimizerStep, self.args, s, &c) }
            optimizer.zeroGrad()
        }
    }

    /// HF's `_maybe_log_save_evaluate`: log (through `log`) → evaluate (through `evaluate`, whose
    /// `on_evaluate` sees the previous best) → best metric → save (`on_save`) → rotate.
    func logSaveEvaluate(_ run: Run) throws {
        if control.shouldLog && state.globalStep > run.loss.lastLoggedStep {
            let mean = run.loss.takeMean(globalStep: state.globalStep)
            try log(LogFormatting.trainingLog(loss: mean, gradNorm: run.lastGradNorm, learningRate: run.lastLearningRate,
                                              epoch: state.epoch ?? 0).removingEpoch())
        }
        var isNewBest = false
        if control.shouldEvaluate {
            let metrics = try overrides.evaluate?() ?? evaluate()
            isNewBest = try state.updateBestMetric(metrics: metrics, args: args)
            if args.saveStrategy == .best { control.shouldSave = isNewBest }
        }
        if control.shouldSave {
            _ = try flow { s, c in
                try TrainerFlow.saveCheckpoint(args: self.args, state: &s, control: c, handler: self.callbackHandler,
                                               isNewBest: isNewBest, writesFiles: self.isWorldProcessZero) { directory in try self.writeCheckpoint(directory, run: run) }
            }
            try flow { s, c in try self.callbackHandler.fire(.save, self.args, s, &c) }
            run.lastSavedStep = state.globalStep
        }
    }

    // MARK: Set-up

    func prepareRun(examples: Int) throws -> Run {
        let plan = try TrainingPlan(arguments: args, trainExamples: examples, worldSize: parallelGroup?.size ?? 1)
        let curve = LearningRateCurve(arguments: args, plan: plan)
        let trainable = model.trainableParameters()
        guard !trainable.isEmpty else {
            throw TrainingError.value("the model has no trainable parameters (trainable params: 0), so training would change nothing",
                                      help: "an adapter loaded with PeftModel.from_pretrained(...) is frozen: pass is_trainable=True, or use get_peft_model(model, config)")
        }
        let groups = OptimizerSetup.groups(parameters: trainable, normTensors: model.normParameterIdentifiers())
        let external = try makeOptimizer?(plan.maxSteps, plan.warmupSteps)
        let optimizer = external != nil ? nil
            : try OptimizerSetup.makeAdamW(decay: groups.decay.map(\.tensor), noDecay: groups.noDecay.map(\.tensor), args: args)
        let names = groups.decay.map(\.name) + groups.noDecay.map(\.name)
        return Run(plan: plan, curve: curve, optimizer: optimizer, external: external, parameterNames: names,
                   groupNames: [groups.decay.map(\.name), groups.noDecay.map(\.name)],
                   parameters: groups.decay.map(\.tensor) + groups.noDecay.map(\.tensor),
                   flopsPerToken: 6 * Double(model.nonEmbeddingParameterCount), loss: TrainerFlow.LossAccumulator())
    }

    func resolveCheckpoint(_ resume: ResumeFrom) throws -> String {
        let directory = try locateCheckpoint(resume)
        try CheckpointCompleteness.check(directory, outputDir: args.outputDir, saveOnlyModel: args.saveOnlyModel)
        return directory
    }

    private func locateCheckpoint(_ resume: ResumeFrom) throws -> String {
        switch resume {
        case .latest:
            guard let latest = Checkpoints.latest(outputDir: args.outputDir) else {
                throw TrainingError.value("No valid checkpoint found in output directory (\(args.outputDir))",
                                          help: "train once with save_strategy=\"steps\" or \"epoch\" first, or pass the checkpoint folder itself")
            }
            return latest
        case .path(let path):
            let expanded = (path as NSString).expandingTildeInPath
            guard FileManager.default.fileExists(atPath: CheckpointFiles.path(expanded, "trainer_state.json")) else {
                throw TrainingError(.fileNotFound, "'\(path)' is not a checkpoint folder (it has no trainer_state.json)",
                                    notes: Checkpoints.list(outputDir: args.outputDir).isEmpty ? []
                                        : ["checkpoints in \(args.outputDir): " + Checkpoints.list(outputDir: args.outputDir).map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")],
                                    help: "pass a checkpoint-<step> folder, or resume_from_checkpoint=True for the newest one")
            }
            return expanded
        }
    }

    /// Loads the model (adapter), optimizer, scheduler position, random state and trainer state of a checkpoint.
    func restore(from directory: String, run: Run) throws {
        let saved = try TrainerState.load(fromFile: CheckpointFiles.path(directory, "trainer_state.json"))
        state.globalStep = saved.globalStep
        state.epoch = saved.epoch
        state.logHistory = saved.logHistory
        state.bestMetric = saved.bestMetric
        state.bestGlobalStep = saved.bestGlobalStep
        state.bestModelCheckpoint = saved.bestModelCheckpoint
        state.totalFlos = saved.totalFlos
        state.numInputTokensSeen = saved.numInputTokensSeen
        if args.restoreCallbackStatesFromCheckpoint {
            for (name, value) in saved.statefulCallbacks {
                for callback in callbackHandler.callbacks where callback.callbackName == name {
                    if let attributes = value["attributes"] { callback.restore(attributes: attributes) }
                }
            }
        }
        try model.load(from: directory)
        if let external = run.external {
            // The script's optimizer and scheduler (optimizers=(opt, sched), create_optimizer/create_scheduler):
            // their state dicts, as HF's _load_optimizer_and_scheduler loads optimizer.pt / scheduler.pt.
            try external.load(from: directory)
        } else {
            guard let optimizer = run.optimizer else { return }
            try CheckpointFiles.loadOptimizer(into: optimizer, names: run.parameterNames, from: directory)
        }
        if run.external == nil, let scheduler = try CheckpointFiles.checkScheduler(run.curve, in: directory) {
            if let taken = scheduler.stepsTaken, taken != saved.globalStep {
                throw TrainingError.value("the checkpoint's scheduler took \(taken) steps but its trainer_state.json says \(saved.globalStep)",
                                          help: "the checkpoint is inconsistent; resume from another one")
            }
            // A run resumed with other epochs / max_steps (transformers allows it): the first step keeps the
            // rate the saved optimizer holds (the old schedule's), the later ones follow the new schedule.
            if scheduler.totalSteps != run.curve.totalSteps { run.pendingLearningRate = scheduler.lastLearningRate }
        }
        try CheckpointFiles.loadRandomState(into: model.network.randomness.generator, from: directory)
        run.loss = TrainerFlow.LossAccumulator(lastLoggedStep: saved.globalStep)
        run.lastSavedStep = saved.globalStep
    }

    /// Model files, tokenizer, arguments and (unless `save_only_model`) optimizer, scheduler and random state.
    func writeCheckpoint(_ directory: String, run: Run) throws {
        try model.save(to: directory)
        FaultInjection.savePoint("checkpoint model")
        try saveTokenizer(to: directory)
        try AtomicFile.write(args.jsonText, to: CheckpointFiles.path(directory, CheckpointFiles.argsJSON))
        FaultInjection.savePoint("checkpoint training_args.json")
        guard !args.saveOnlyModel else { return }
        if let external = run.external {
            // The script's own optimizer and scheduler: their state dicts (HF's optimizer.pt / scheduler.pt).
            try external.save(to: directory)
            FaultInjection.savePoint("checkpoint optimizer")
        } else {
            guard let optimizer = run.optimizer else { return }
            let decays = [args.weightDecay, 0.0]
            try CheckpointFiles.saveOptimizer(optimizer, names: run.parameterNames, groupNames: run.groupNames,
                                              weightDecays: decays, to: directory)
            FaultInjection.savePoint("checkpoint optimizer")
            try CheckpointFiles.saveScheduler(run.curve, stepsTaken: state.globalStep, to: directory)
            FaultInjection.savePoint("checkpoint scheduler.json")
        }
        try CheckpointFiles.saveRandomState(model.network.randomness.generator, dataSeed: args.effectiveDataSeed,
                                            epoch: state.epoch, to: directory)
        FaultInjection.savePoint("checkpoint rng_state.json")
    }

    /// After an interrupt: a checkpoint at the current step (unless one exists or saving is off) and how to resume.
    func interruptionNote(_ run: Run) throws -> String {
        var lines = ["Training interrupted after step \(state.globalStep) of \(run.plan.maxSteps) (epoch \(PythonFormat.general(state.epoch ?? 0, significantDigits: 4))). "
                     + "The model and optimizer hold that finished step."]
        if args.saveStrategy == .no {
            lines.append("No checkpoint was written (save_strategy=\"no\"); the model in memory keeps what it learned: "
                         + "save it with \(scriptName).save_model(\"dir\").")
        } else {
            if run.lastSavedStep != state.globalStep {
                let saved = try flow { s, c in
                    try TrainerFlow.saveCheckpoint(args: self.args, state: &s, control: c, handler: self.callbackHandler,
                                                   isNewBest: false, writesFiles: self.isWorldProcessZero) { directory in try self.writeCheckpoint(directory, run: run) }
                }
                lines.append("Saved \(saved.directory).")
            }
            lines.append("To continue where it stopped: \(scriptName).train(resume_from_checkpoint=True)")
        }
        return lines.joined(separator: "\n")
    }
}
