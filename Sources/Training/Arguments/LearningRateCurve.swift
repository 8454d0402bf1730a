import Foundation

/// The learning rate over a run as HF's schedulers compute it (`optimization.py`): `lr = learningRate · λ(s)`
/// after `s` scheduler steps, with `W` warmup steps and `T` total steps. Covers every
/// `lr_scheduler_type` lorarepl accepts, including `cosine_with_restarts`, `polynomial` and
/// `inverse_sqrt`. (TensorCore's `LearningRateSchedule` drives the optimizer with the same formulas for
/// linear, cosine, constant and constant_with_warmup; this type plans runs and gives the logged rate.)
public struct LearningRateCurve: Equatable {
    public var type: SchedulerType
    public var baseLearningRate: Double
    public var warmupSteps: Int
    public var totalSteps: Int
    public var numCycles: Double
    public var power: Double
    public var lrEnd: Double

    public init(type: SchedulerType, baseLearningRate: Double, warmupSteps: Int, totalSteps: Int,
                kwargs: [String: Double] = [:]) {
        self.type = type
        self.baseLearningRate = baseLearningRate
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.numCycles = kwargs["num_cycles"] ?? (type == .cosineWithRestarts ? 1 : 0.5)
        self.power = kwargs["power"] ?? 1.0
        self.lrEnd = kwargs["lr_end"] ?? 1e-7
    }

    /// The schedule of a run planned from `arguments`.
    public init(arguments: TrainingArguments, plan: TrainingPlan) {
        self.init(type: arguments.lrSchedulerType, baseLearningRate: arguments.learningRate,
                  warmupSteps: plan.warmupSteps, totalSteps: plan.maxSteps, kwargs: arguments.lrSchedulerKwargs)
    }

    /// λ(s).
    public func multiplier(afterSteps s: Int) -> Double {
        let w = warmupSteps, t = totalSteps
        let warmup = Double(s) / Double(max(1, w))
        switch type {
        case .constant:
            return 1.0   // "constant" ignores warmup, like HF
        case .constantWithWarmup:
            return s < w ? warmup : 1.0
        case .linear:
            if s < w { return warmup }
            return max(0.0, Double(t - s) / Double(max(1, t - w)))
        case .cosine:
            if s < w { return warmup }
            let progress = Double(s - w) / Double(max(1, t - w))
            return max(0.0, 0.5 * (1.0 + cos(Double.pi * numCycles * 2.0 * progress)))
        case .cosineWithRestarts:
            if s < w { return warmup }
            let progress = Double(s - w) / Double(max(1, t - w))
            if progress >= 1.0 { return 0.0 }
            let cycle = (numCycles * progress).truncatingRemainder(dividingBy: 1.0)
            return max(0.0, 0.5 * (1.0 + cos(Double.pi * cycle)))
        case .polynomial:
            if s < w { return warmup }
            if s > t { return lrEnd / baseLearningRate }
            let range = baseLearningRate - lrEnd
            let remaining = 1.0 - Double(s - w) / Double(max(1, t - w))
            return (range * pow(remaining, power) + lrEnd) / baseLearningRate
        case .inverseSqrt:
            if s < w { return warmup }
            let timescale = Double(w == 0 ? 10_000 : w)
            let shift = timescale - Double(w)
            return 1.0 / ((Double(s) + shift) / timescale).squareRoot()
        }
    }

    /// The learning rate used by the update that produces global step `step` (1-based): λ(step − 1).
    /// This is the `learning_rate` HF logs at that step.
    public func learningRate(atGlobalStep step: Int) -> Double {
        baseLearningRate * multiplier(afterSteps: max(0, step - 1))
    }
}
