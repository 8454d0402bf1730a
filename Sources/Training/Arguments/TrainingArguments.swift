import PythonBasics
/// When something happens during training (`logging_strategy`, `eval_strategy`).
public enum IntervalStrategy: String, Equatable, CaseIterable {
    case no, steps, epoch
}

/// When checkpoints are written (`save_strategy`); `best` saves whenever the tracked metric improves.
public enum SaveStrategy: String, Equatable, CaseIterable {
    case no, steps, epoch, best
}

/// The learning-rate schedule (`lr_scheduler_type`) lorarepl implements.
public enum SchedulerType: String, Equatable, CaseIterable {
    case linear, cosine, constant
    case constantWithWarmup = "constant_with_warmup"
    case polynomial
    case cosineWithRestarts = "cosine_with_restarts"
    case inverseSqrt = "inverse_sqrt"
}

/// A number of steps (`500`) or a fraction of the total optimizer steps (`0.1`), as HF's
/// `logging_steps`, `eval_steps`, `save_steps` and (v5) `warmup_steps` accept.
public enum StepCount: Equatable, CustomStringConvertible {
    case steps(Int)
    case ratio(Double)

    /// HF's rule: a value below 1 is a ratio of the total steps, otherwise a whole number of steps.
    public init(_ value: Double) throws {
        if value < 1 && value > 0 { self = .ratio(value) } else { self = .steps(try CheckedInt.truncating(value, what: "a step count")) }
    }

    /// The whole number of steps for a run of `totalSteps` (ratios round up, like HF).
    public func resolve(totalSteps: Int) -> Int {
        switch self {
        case .steps(let n): return n
        case .ratio(let r): return CheckedInt.castLikeNumpy((Double(totalSteps) * r).rounded(.up))  // r in (0, 1): in range
        }
    }

    public var description: String {
        switch self {
        case .steps(let n): return String(n)
        case .ratio(let r): return PythonFormat.floatRepr(r)
        }
    }

    var isZero: Bool { if case .steps(0) = self { return true }; return false }
}

/// `transformers.TrainingArguments` (v5 names and defaults). Build it with `init()` and set fields, or
/// from script keywords with `TrainingArguments(keywords:)`; then call `validate()` once before training.
public struct TrainingArguments: Equatable {
    /// Where checkpoints go (`checkpoint-<step>/`). HF's default when none is given.
    public var outputDir: String = "trainer_output"
    /// Peak learning rate (after warmup).
    public var learningRate: Double = 5e-5
    /// Decoupled weight decay (AdamW); never applied to biases and norm weights.
    public var weightDecay: Double = 0.0
    public var adamBeta1: Double = 0.9
    public var adamBeta2: Double = 0.999
    public var adamEpsilon: Double = 1e-8
    /// Global gradient-norm clip; 0 disables it. The logged `grad_norm` is the norm before clipping.
    public var maxGradNorm: Double = 1.0
    /// Epochs (fractional allowed); ignored when `maxSteps > 0`.
    public var numTrainEpochs: Double = 3.0
    /// Total optimizer steps when > 0 (overrides epochs).
    public var maxSteps: Int = -1
    public var lrSchedulerType: SchedulerType = .linear
    /// Extra scheduler parameters (`num_cycles`, `power`, `lr_end`).
    public var lrSchedulerKwargs: [String: Double] = [:]
    /// Warmup: whole steps (≥ 1) or a ratio of the total steps in [0, 1) (v5 semantics).
    public var warmupSteps: StepCount = .steps(0)
    public var perDeviceTrainBatchSize: Int = 8
    public var perDeviceEvalBatchSize: Int = 8
    /// Batches whose gradients are summed before one optimizer step.
    public var gradientAccumulationSteps: Int = 1
    public var loggingStrategy: IntervalStrategy = .steps
    public var loggingSteps: StepCount = .steps(500)
    public var loggingFirstStep: Bool = false
    /// Skip NaN/inf losses when averaging the logged loss (HF default True).
    public var loggingNanInfFilter: Bool = true
    public var evalStrategy: IntervalStrategy = .no
    /// Defaults to `loggingSteps` when nil.
    public var evalSteps: StepCount? = nil
    public var evalOnStart: Bool = false
    /// Epochs or steps to wait before the first evaluation.
    public var evalDelay: Double = 0
    public var saveStrategy: SaveStrategy = .steps
    public var saveSteps: StepCount = .steps(500)
    /// Keep at most this many checkpoints (the best and the latest are always kept).
    public var saveTotalLimit: Int? = nil
    /// Save only the adapter/model in checkpoints (no optimizer, scheduler, RNG state).
    public var saveOnlyModel: Bool = false
    public var loadBestModelAtEnd: Bool = false
    /// Resolved to "loss" by `validate()` when `loadBestModelAtEnd` is set and no metric is named.
    public var metricForBestModel: String? = nil
    /// Resolved by `validate()` to `!metric.hasSuffix("loss")` when nil.
    public var greaterIsBetter: Bool? = nil
    public var seed: Int = 42
    /// Seed of the data order; defaults to `seed`.
    public var dataSeed: Int? = nil
    /// Accepted for compatibility; lorarepl logs to the console and trainer_state.json only.
    public var reportTo: [String] = ["none"]
    public var disableTqdm: Bool = false
    public var removeUnusedColumns: Bool = true
    /// Dataset columns holding labels (default `["labels"]`, with `label`/`label_ids` renamed).
    public var labelNames: [String]? = nil
    public var useCpu: Bool = false
    public var fp16: Bool = false
    public var bf16: Bool = false
    public var optim: String = "adamw_torch"
    public var dataloaderDropLast: Bool = false
    public var restoreCallbackStatesFromCheckpoint: Bool = false
    public var predictionLossOnly: Bool = false
    public var gradientCheckpointing: Bool = false
    public var runName: String? = nil

    public init() {}

    /// The seed used to shuffle training data.
    public var effectiveDataSeed: Int { dataSeed ?? seed }

    /// `eval_steps`, falling back to `logging_steps`.
    public var effectiveEvalSteps: StepCount { evalSteps ?? loggingSteps }

    /// `metric_for_best_model` with the `eval_` prefix (HF accepts both spellings).
    public var metricKeyForBestModel: String? {
        guard let metric = metricForBestModel else { return nil }
        return metric.hasPrefix("eval_") ? metric : "eval_" + metric
    }
}
