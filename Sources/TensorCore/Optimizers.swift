import Foundation

/// Parameters that share optimizer settings (Hugging Face puts biases and norm weights in a
/// group without weight decay).
public struct ParameterGroup {
    public var parameters: [Tensor]
    public var weightDecay: Float
    public init(parameters: [Tensor], weightDecay: Float) {
        (self.parameters, self.weightDecay) = (parameters, weightDecay)
    }
}

/// An optimizer's state for checkpoints: per parameter (in group order) its step count and
/// buffers. Codable, so a checkpoint can store it as JSON or tensors.
public struct OptimizerState: Codable, Equatable {
    public var kind: String
    /// Optimizer steps taken per parameter (PyTorch counts per parameter).
    public var steps: [Int]
    /// Per parameter: AdamW `[exp_avg, exp_avg_sq]`, SGD `[momentum_buffer]` (empty if none yet).
    public var buffers: [[[Float]]]
    public init(kind: String, steps: [Int], buffers: [[[Float]]]) {
        (self.kind, self.steps, self.buffers) = (kind, steps, buffers)
    }
}

/// Common optimizer interface for the Trainer.
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    var groups: [ParameterGroup] { get }
    /// One update from the parameters' current `.grad` (parameters without a gradient are skipped).
    func step() throws
    func exportState() -> OptimizerState
    func importState(_ state: OptimizerState) throws
}

extension Optimizer {
    /// Every parameter, in group order.
    public var parameters: [Tensor] { groups.flatMap(\.parameters) }
    /// Sets every parameter's gradient to nil.
    public func zeroGrad() { for parameter in parameters { parameter.zeroGrad() } }

    /// Calls `update` for each parameter that has a gradient, in group order, with the parameter's index among all
    /// parameters (the index of its state) and its gradient packed contiguous (valid only inside `update`).
    /// A gradient whose size differs from its parameter's is an error naming `optimizer`.
    func forEachGradient(_ optimizer: String,
                         _ update: (_ index: Int, _ group: ParameterGroup, _ parameter: Tensor, _ gradient: UnsafeMutablePointer<Float>) throws -> Void) throws {
        var index = 0
        for group in groups {
            for parameter in group.parameters {
                defer { index += 1 }
                guard let grad = parameter.grad else { continue }
                guard grad.count == parameter.count, parameter.isContiguous else {
                    throw TensorError("\(optimizer): gradient of \(parameter.name ?? "a parameter") has \(grad.count) values for \(parameter.count)")
                }
                let packed = grad.contiguousData()
                try withExtendedLifetime(packed) { try update(index, group, parameter, packed.data) }
            }
        }
    }
}

/// `torch.optim.AdamW` (what Hugging Face's Trainer uses): decoupled weight decay, bias
/// correction, `eps` added after the bias-corrected square root. Per parameter:
/// ```
/// t += 1;  p ← p·(1 − lr·wd)
/// m ← β1·m + (1−β1)·g;   v ← β2·v + (1−β2)·g²
/// p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + eps)
/// ```
public final class AdamW: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, eps: Float
    public private(set) var groups: [ParameterGroup]
    private var steps: [Int]
    private var firstMoments: [TensorStorage?]
    private var secondMoments: [TensorStorage?]

    public init(groups: [ParameterGroup], learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8) throws {
        guard learningRate >= 0, eps >= 0, (0..<1).contains(beta1), (0..<1).contains(beta2) else {
            throw TensorError("AdamW: invalid settings lr=\(learningRate) betas=(\(beta1), \(beta2)) eps=\(eps)",
                              help: "use lr ≥ 0, 0 ≤ beta < 1, eps ≥ 0 (defaults: betas 0.9/0.999, eps 1e-8)")
        }
        (self.groups, self.learningRate, self.beta1, self.beta2, self.eps) = (groups, learningRate, beta1, beta2, eps)
        let total = groups.reduce(0) { $0 + $1.parameters.count }
        steps = [Int](repeating: 0, count: total)
        firstMoments = [TensorStorage?](repeating: nil, count: total)
        secondMoments = [TensorStorage?](repeating: nil, count: total)
    }

    /// One group of `parameters` with `weightDecay`.
    public convenience init(parameters: [Tensor], learningRate: Float, weightDecay: Float = 0.01,
                            beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8) throws {
        try self.init(groups: [ParameterGroup(parameters: parameters, weightDecay: weightDecay)],
                      learningRate: learningRate, beta1: beta1, beta2: beta2, eps: eps)
    }

    public func step() throws {
        try forEachGradient("AdamW") { index, group, parameter, g in
            let m = firstMoments[index] ?? TensorStorage(zeros: parameter.count)
            let v = secondMoments[index] ?? TensorStorage(zeros: parameter.count)
            firstMoments[index] = m
            secondMoments[index] = v
            steps[index] += 1
            let t = Double(steps[index])
            let biasCorrection1 = 1 - Foundation.pow(Double(beta1), t)
            let biasCorrection2Root = (1 - Foundation.pow(Double(beta2), t)).squareRoot()
            let stepSize = Float(Double(learningRate) / biasCorrection1)
            let decay = 1 - learningRate * group.weightDecay
            let inverseRoot = Float(1 / biasCorrection2Root)
            let p = parameter.data, mp = m.base, vp = v.base
            let beta1 = self.beta1, beta2 = self.beta2, eps = self.eps
            Parallel.forEach(parameter.count) { range in
                for i in range {
                    p[i] *= decay
                    mp[i] = beta1 * mp[i] + (1 - beta1) * g[i]
                    vp[i] = beta2 * vp[i] + (1 - beta2) * g[i] * g[i]
                    p[i] -= stepSize * mp[i] / (vp[i].squareRoot() * inverseRoot + eps)
                }
            }
        }
    }

    public func exportState() -> OptimizerState {
        let buffers: [[[Float]]] = zip(firstMoments, secondMoments).map { m, v in
            guard let m, let v else { return [] }
            return [Array(UnsafeBufferPointer(start: m.base, count: m.count)), Array(UnsafeBufferPointer(start: v.base, count: v.count))]
        }
        return OptimizerState(kind: "adamw", steps: steps, buffers: buffers)
    }

    public func importState(_ state: OptimizerState) throws {
        let parameters = self.parameters
        try checkState(state, kind: "adamw", parameters: parameters, buffersPerParameter: 2)
        steps = state.steps
        for (index, buffers) in state.buffers.enumerated() {
            firstMoments[index] = buffers.isEmpty ? nil : buffers[0].withUnsafeBufferPointer { TensorStorage(copying: $0) }
            secondMoments[index] = buffers.isEmpty ? nil : buffers[1].withUnsafeBufferPointer { TensorStorage(copying: $0) }
        }
    }
}

/// `torch.optim.SGD`: optional momentum (`buf ← μ·buf + g`, first step `buf = g`) and coupled
/// L2 weight decay (`g ← g + wd·p`); `p ← p − lr·buf`.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public private(set) var groups: [ParameterGroup]
    private var steps: [Int]
    private var momentumBuffers: [TensorStorage?]

    public init(groups: [ParameterGroup], learningRate: Float, momentum: Float = 0) throws {
        guard learningRate >= 0, momentum >= 0 else {
            throw TensorError("SGD: learning rate and momentum must be ≥ 0, got \(learningRate), \(momentum)")
        }
        (self.groups, self.learningRate, self.momentum) = (groups, learningRate, momentum)
        let total = groups.reduce(0) { $0 + $1.parameters.count }
        steps = [Int](repeating: 0, count: total)
        momentumBuffers = [TensorStorage?](repeating: nil, count: total)
    }

    public convenience init(parameters: [Tensor], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) throws {
        try self.init(groups: [ParameterGroup(parameters: parameters, weightDecay: weightDecay)],
                      learningRate: learningRate, momentum: momentum)
    }

    public func step() throws {
        try forEachGradient("SGD") { index, group, parameter, g in
            let p = parameter.data
            let lr = learningRate, decay = group.weightDecay, momentum = self.momentum
            let first = steps[index] == 0
            steps[index] += 1
            if momentum == 0 {
                for i in 0..<parameter.count { p[i] -= lr * (g[i] + decay * p[i]) }
                return
            }
            let buffer = momentumBuffers[index] ?? TensorStorage(zeros: parameter.count)
            momentumBuffers[index] = buffer
            let b = buffer.base
            for i in 0..<parameter.count {
                let d = g[i] + decay * p[i]
                b[i] = first ? d : momentum * b[i] + d
                p[i] -= lr * b[i]
            }
        }
    }

    public func exportState() -> OptimizerState {
        OptimizerState(kind: "sgd", steps: steps, buffers: momentumBuffers.map { buffer in
            buffer.map { [Array(UnsafeBufferPointer(start: $0.base, count: $0.count))] } ?? []
        })
    }

    public func importState(_ state: OptimizerState) throws {
        try checkState(state, kind: "sgd", parameters: parameters, buffersPerParameter: 1)
        steps = state.steps
        for (index, buffers) in state.buffers.enumerated() {
            momentumBuffers[index] = buffers.isEmpty ? nil : buffers[0].withUnsafeBufferPointer { TensorStorage(copying: $0) }
        }
    }
}

/// Validates a state against the optimizer's parameters before anything is replaced.
private func checkState(_ state: OptimizerState, kind: String, parameters: [Tensor], buffersPerParameter: Int) throws {
    guard state.kind == kind else {
        throw TensorError("optimizer state is for '\(state.kind)', not '\(kind)'", help: "resume with the optimizer the checkpoint was saved with")
    }
    guard state.steps.count == parameters.count, state.buffers.count == parameters.count else {
        throw TensorError("optimizer state has \(state.steps.count) parameters but the optimizer has \(parameters.count)",
                          help: "the checkpoint was saved for a different set of trainable parameters")
    }
    for (buffers, parameter) in zip(state.buffers, parameters) {
        guard buffers.isEmpty || (buffers.count == buffersPerParameter && buffers.allSatisfy { $0.count == parameter.count }) else {
            throw TensorError("optimizer state buffers do not match parameter \(parameter.name ?? "") of shape \(shapeText(parameter.shape))")
        }
    }
}
