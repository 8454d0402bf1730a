import PythonBasics
/// The numbers a run is planned with, computed as HF's Trainer does at the start of `train`:
/// updates per epoch = ⌈batches / gradient_accumulation_steps⌉ (at least 1); total steps =
/// `max_steps` if set, else ⌈epochs × updates per epoch⌉; warmup = ⌈total × ratio⌉ for a ratio;
/// step intervals given as ratios become ⌈total × ratio⌉.
public struct TrainingPlan: Equatable {
    public let numExamples: Int
    /// `len(train_dataloader)`.
    public let batchesPerEpoch: Int
    public let updatesPerEpoch: Int
    /// Total optimizer steps.
    public let maxSteps: Int
    /// Epochs the loop runs (whole; the last one may stop early at `maxSteps`).
    public let numTrainEpochs: Int
    public let warmupSteps: Int
    public let loggingSteps: Int
    public let evalSteps: Int
    public let saveSteps: Int
    /// Examples per optimizer step (batch size × accumulation × ranks).
    public let totalTrainBatchSize: Int
    /// The number of data-parallel ranks the plan is for (1 in a single process).
    public let worldSize: Int

    /// The plan of one rank among `worldSize` (accelerate's sharding: `batchesPerEpoch` is this rank's
    /// share, `DataShards.batchesPerRank`).
    public init(arguments args: TrainingArguments, trainExamples: Int, worldSize: Int = 1) throws {
        guard trainExamples > 0 else {
            throw TrainingError.value("the training dataset is empty", help: "check the split you pass as train_dataset (len(dataset) must be above 0)")
        }
        numExamples = trainExamples
        let batch = max(1, args.perDeviceTrainBatchSize)
        let wholeSetBatches = args.dataloaderDropLast ? trainExamples / batch : (trainExamples + batch - 1) / batch
        self.worldSize = max(1, worldSize)
        batchesPerEpoch = DataShards.batchesPerRank(wholeSetBatches, worldSize: self.worldSize, dropLast: args.dataloaderDropLast)
        guard batchesPerEpoch > 0 else {
            throw TrainingError.value("with dataloader_drop_last=True and \(trainExamples) examples, no full batch of \(batch) exists",
                                      help: "use a smaller per_device_train_batch_size or dataloader_drop_last=False")
        }
        let gas = max(1, args.gradientAccumulationSteps)
        updatesPerEpoch = max(batchesPerEpoch / gas + (batchesPerEpoch % gas > 0 ? 1 : 0), 1)
        if args.maxSteps > 0 {
            maxSteps = args.maxSteps
            numTrainEpochs = maxSteps / updatesPerEpoch + (maxSteps % updatesPerEpoch > 0 ? 1 : 0)
        } else {
            maxSteps = try CheckedInt.truncating((args.numTrainEpochs * Double(updatesPerEpoch)).rounded(.up), what: "num_train_epochs × steps per epoch")
            numTrainEpochs = try CheckedInt.truncating(args.numTrainEpochs.rounded(.up), what: "num_train_epochs")
        }
        warmupSteps = args.warmupSteps.resolve(totalSteps: maxSteps)
        loggingSteps = args.loggingSteps.resolve(totalSteps: maxSteps)
        evalSteps = args.effectiveEvalSteps.resolve(totalSteps: maxSteps)
        saveSteps = args.saveSteps.resolve(totalSteps: maxSteps)
        totalTrainBatchSize = try CheckedInt.product(try CheckedInt.product(batch, gas, what: "per_device_train_batch_size × gradient_accumulation_steps"),
                                                     self.worldSize, what: "the total train batch size")
    }

    /// Batches consumed in an epoch when its `update`-th optimizer step (1-based) is done.
    public func batchesDone(afterUpdate update: Int, gradientAccumulationSteps gas: Int) -> Int {
        min(update * max(1, gas), batchesPerEpoch)
    }

    /// Where a run resumed at `globalStep` picks up, as HF computes it: the epoch to continue
    /// (`global_step // updates_per_epoch`) and the batches of that epoch to skip
    /// (`global_step % updates_per_epoch × gradient_accumulation_steps`).
    public func resumePosition(globalStep: Int, gradientAccumulationSteps gas: Int) -> (epoch: Int, batchesToSkip: Int) {
        let epoch = globalStep / updatesPerEpoch
        return (epoch, min(batchesPerEpoch, (globalStep % updatesPerEpoch) * max(1, gas)))
    }

    /// One planned log / evaluation / save.
    public struct Event: Equatable, CustomStringConvertible {
        public enum Kind: String, Equatable { case log, evaluate, save }
        public var kind: Kind
        public var step: Int
        public var epoch: Double
        public var description: String { "\(kind.rawValue)@\(step)" }
    }

    /// The logs, evaluations and saves of a whole run without early stopping, in the order HF's loop
    /// performs them (step-end decisions, then epoch-end decisions; a log only when the step advanced
    /// since the last one, as `_maybe_log_save_evaluate` does).
    public func schedule(arguments args: TrainingArguments) -> [Event] {
        var state = TrainerState(plan: self, trainBatchSize: args.perDeviceTrainBatchSize)
        var control = TrainerControl()
        var events: [Event] = []
        var lastLogged = 0
        func act() {
            let epoch = state.epoch ?? 0
            if control.shouldLog && state.globalStep > lastLogged {
                events.append(Event(kind: .log, step: state.globalStep, epoch: epoch))
                lastLogged = state.globalStep
            }
            control.shouldLog = false
            if control.shouldEvaluate { events.append(Event(kind: .evaluate, step: state.globalStep, epoch: epoch)); control.shouldEvaluate = false }
            if control.shouldSave { events.append(Event(kind: .save, step: state.globalStep, epoch: epoch)); control.shouldSave = false }
        }
        epochs: for epoch in 0..<numTrainEpochs {
            control.newEpoch()
            for update in 1...updatesPerEpoch {
                control.newStep()
                state.globalStep += 1
                state.epoch = Double(epoch) + Double(batchesDone(afterUpdate: update, gradientAccumulationSteps: args.gradientAccumulationSteps)) / Double(batchesPerEpoch)
                DefaultFlow.stepEnd(args: args, state: state, control: &control)
                act()
                if control.shouldTrainingStop || control.shouldEpochStop { break }
            }
            DefaultFlow.epochEnd(args: args, state: state, control: &control)
            act()
            if control.shouldTrainingStop { break epochs }
        }
        return events
    }
}
