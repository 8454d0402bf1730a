import Foundation
import TensorCore

/// What PEFT puts on a `Linear` (`Linear.delta`): a plain value, set again whenever the adapters change
/// (activated, disabled, merged, deleted). PEFT keeps its bookkeeping; the Linear computes from this alone,
/// so the LoRA forward is `Linear` → `Tensor.loraLinear` with no call back into PEFT.
///
///     y = x·Wᵀ + b + Σ_terms s·B(A(dropout(x)))        (or x·W'ᵀ + b' with a replacement)
public struct LinearDelta {
    /// One active LoRA adapter on this Linear: `s · B(A(dropout(x)))`.
    public struct LoraTerm {
        /// `[r, in]`.
        public let a: Tensor
        /// `[out, r]`.
        public let b: Tensor
        /// `alpha / r` (or `alpha / √r` with rsLoRA).
        public let scaling: Float
        /// Dropout probability on the LoRA input (0 = none).
        public let dropout: Float

        public init(a: Tensor, b: Tensor, scaling: Float, dropout: Float) {
            self.a = a
            self.b = b
            self.scaling = scaling
            self.dropout = dropout
        }
    }

    /// Active LoRA terms, added in order (empty: disabled, merged or no active adapter → the base output).
    public var lora: [LoraTerm]
    /// Weights that stand in for the Linear's own (`[out, in]`, `[out]`): an active `modules_to_save` copy.
    public var replacement: (weight: Tensor, bias: Tensor?)?
    /// Every tensor this delta owns, active or not, named relative to the Linear ("lora_A.default.weight",
    /// "modules_to_save.default.weight"), so `namedParameters()` lists them exactly as PEFT names them.
    public var parameters: [(name: String, tensor: Tensor)]
    /// The model's dropout stream (read at each forward, so reseeding the model reaches it).
    public let randomness: RandomSource?

    public init(lora: [LoraTerm] = [], replacement: (weight: Tensor, bias: Tensor?)? = nil,
                parameters: [(name: String, tensor: Tensor)] = [], randomness: RandomSource? = nil) {
        self.lora = lora
        self.replacement = replacement
        self.parameters = parameters
        self.randomness = randomness
    }
}

extension LinearDelta.LoraTerm {
    /// `s · B(A(dropout(x)))`: `x [..., in]` → `[..., out]`.
    public func output(input x: Tensor, training: Bool, generator: RandomGenerator) throws -> Tensor {
        let dropped = try x.dropout(p: dropout, generator: generator, training: training)
        let down = try Tensor.linear(dropped, weight: a)  // [..., r]
        return try Tensor.linear(down.scaled(by: scaling), weight: b)  // [..., out]
    }
}

extension Linear {
    /// `x [..., in]` → `[..., out]` with `delta` applied: a replacement's weights, else the base output plus
    /// the LoRA terms (one term: TensorCore's fused `loraLinear`, three sgemms into one buffer and no
    /// weight-gradient GEMM for the frozen W; a weight kept quantized is dequantized per use).
    public func forward(_ x: Tensor, delta: LinearDelta) throws -> Tensor {
        if let replacement = delta.replacement {
            return try Tensor.linear(x, weight: replacement.weight, bias: replacement.bias)
        }
        let generator = delta.randomness?.generator
        if delta.lora.count == 1, let term = delta.lora.first {
            return try loraForward(x, loraA: term.a, loraB: term.b, scaling: term.scaling, dropout: term.dropout, generator: generator)
        }
        var result = try baseForward(x)  // [..., out]
        for term in delta.lora {
            guard let generator else { throw ModelError("a LoRA delta on a Linear needs the model's random stream for dropout") }
            result = try result + term.output(input: x, training: isTraining, generator: generator)
        }
        return result
    }
}
