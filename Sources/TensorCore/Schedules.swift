import Foundation

/// Hugging Face's learning-rate schedules (transformers `optimization.py`, LambdaLR): the learning
/// rate after `s` scheduler steps is `lr0 · multiplier(step: s)`, with W warmup and T total steps (W may be a
/// fraction, as transformers' `num_warmup_steps=0.06 * total` is: the formulas use it as a float).
/// ```
/// linear:   s/max(1,W) if s < W, else max(0, (T−s)/max(1, T−W))
/// cosine:   warmup as linear; p = (s−W)/max(1, T−W); max(0, ½(1 + cos(π·2·numCycles·p)))
/// constant_with_warmup: s/max(1,W) if s < W, else 1;   constant: 1 (ignores warmup)
/// ```
public struct LearningRateSchedule: Equatable {
    public enum Kind: String, CaseIterable {
        case linear, cosine, constant
        case constantWithWarmup = "constant_with_warmup"
    }

    public let kind: Kind
    public let warmupSteps: Double
    public let totalSteps: Int
    public let numCycles: Double

    public init(kind: Kind, warmupSteps: Double = 0, totalSteps: Int, numCycles: Double = 0.5) throws {
        guard warmupSteps >= 0, totalSteps >= 0 else {
            throw TensorError("schedule steps must be ≥ 0 (warmup \(warmupSteps), total \(totalSteps))")
        }
        self.kind = kind
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.numCycles = numCycles
    }

    /// From `lr_scheduler_type` (`"linear"`, `"cosine"`, `"constant"`, `"constant_with_warmup"`).
    public init(huggingFaceName: String, warmupSteps: Int, totalSteps: Int) throws {
        guard let kind = Kind(rawValue: huggingFaceName) else {
            throw TensorError("unsupported lr_scheduler_type '\(huggingFaceName)'",
                              help: "use one of: " + Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        try self.init(kind: kind, warmupSteps: Double(warmupSteps), totalSteps: totalSteps)
    }

    /// λ(s): the factor on the base learning rate after `step` scheduler steps.
    public func multiplier(step: Int) -> Double {
        let s = Double(step), w = warmupSteps, t = Double(totalSteps)
        switch kind {
        case .constant:
            return 1
        case .constantWithWarmup:
            return s < w ? s / Swift.max(1, w) : 1
        case .linear:
            if s < w { return s / Swift.max(1, w) }
            return Swift.max(0, (t - s) / Swift.max(1, t - w))
        case .cosine:
            if s < w { return s / Swift.max(1, w) }
            let progress = (s - w) / Swift.max(1, t - w)
            return Swift.max(0, 0.5 * (1 + cos(Double.pi * numCycles * 2 * progress)))
        }
    }
}

/// Hugging Face's `warmup_steps`: an integer ≥ 1 is a step count, a fraction in [0, 1) a ratio of
/// the total (`ceil(total · ratio)`).
public func warmupSteps(fromValue value: Double, totalSteps: Int) throws -> Int {
    if value >= 1, value == value.rounded() { return Int(value) }
    guard value >= 0, value < 1 else {
        throw TensorError("warmup_steps must be an integer ≥ 1 or a ratio in [0, 1), got \(value)")
    }
    return Int((Double(totalSteps) * value).rounded(.up))
}

/// `torch.nn.utils.clip_grad_norm_`: scales every gradient by `maxNorm / (norm + 1e-6)` when the
/// global L2 norm exceeds `maxNorm`, and returns the norm before clipping (what HF logs as `grad_norm`).
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    var squares: Double = 0
    for parameter in parameters {
        guard let grad = parameter.grad else { continue }
        let g = grad.data
        var local: Double = 0
        for i in 0..<grad.count { local += Double(g[i]) * Double(g[i]) }
        squares += local
    }
    let norm = Float(squares.squareRoot())
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        for parameter in parameters {
            guard let grad = parameter.grad else { continue }
            let g = grad.data
            for i in 0..<grad.count { g[i] *= coefficient }
        }
    }
    return norm
}
