import Foundation
import Models
import TensorCore

/// One adapter's LoRA matrices on one Linear layer, and the maths:
///
///     y = W x + b + s · B (A (dropout(x)))        A [r, in], B [out, r], s = alpha / r (or alpha / √r)
///
/// Dropout touches only the LoRA branch's input, never the base path. Forward and backward run through
/// TensorCore's autograd; the scaling is applied to the narrow `[..., r]` intermediate (r ≪ out), the
/// cheapest place for it, and the frozen base weight gets no weight-gradient GEMM.
public final class LoraWeights {
    /// `[r, in]`, trainable.
    public let a: Tensor
    /// `[out, r]`, trainable.
    public let b: Tensor
    public let rank: Int
    public let alpha: Double
    /// `alpha / rank` (or `alpha / √rank` with rsLoRA).
    public let scaling: Double
    /// Dropout probability on the LoRA input (0 = none).
    public let dropout: Double

    init(a: Tensor, b: Tensor, rank: Int, alpha: Double, scaling: Double, dropout: Double) {
        self.a = a
        self.b = b
        self.rank = rank
        self.alpha = alpha
        self.scaling = scaling
        self.dropout = dropout
        a.requiresGrad = true
        b.requiresGrad = true
    }

    /// Fresh weights as PEFT initialises them (`reset_lora_parameters`), drawing from `generator`:
    /// `.standard`: A ~ Kaiming-uniform(a=√5) = U(±1/√in), B = 0 (the adapter starts as a no-op);
    /// `.gaussian`: A ~ N(0, 1/r), B = 0; `.randomBoth`: A and B keep `nn.Linear`'s default init
    /// (Kaiming-uniform, B = U(±1/√r)), so the adapter changes the output from the start.
    public static func initialized(inFeatures: Int, outFeatures: Int, rank: Int, alpha: Double, scaling: Double,
                                   dropout: Double, initialization: LoraInitialization,
                                   generator: RandomGenerator) throws -> LoraWeights {
        let a: Tensor, b: Tensor
        switch initialization {
        case .standard:
            a = try Tensor.kaimingUniform([rank, inFeatures], a: Float(5).squareRoot(), generator: generator)
            b = try Tensor.zeros([outFeatures, rank])
        case .gaussian:
            a = try Tensor.normal([rank, inFeatures], mean: 0, std: 1 / Float(rank), generator: generator)
            b = try Tensor.zeros([outFeatures, rank])
        case .randomBoth:
            a = try Tensor.kaimingUniform([rank, inFeatures], a: Float(5).squareRoot(), generator: generator)
            b = try Tensor.kaimingUniform([outFeatures, rank], a: Float(5).squareRoot(), generator: generator)
        case let .other(name):
            throw PeftError(.unsupportedFeature, "lorarepl does not implement init_lora_weights=\"\(name)\"",
                            help: "use init_lora_weights=True (the default), False or \"gaussian\"")
        }
        return LoraWeights(a: a, b: b, rank: rank, alpha: alpha, scaling: scaling, dropout: dropout)
    }

    /// `s · B(A(dropout(x)))`: `x [..., in]` → `[..., out]`.
    public func delta(input x: Tensor, training: Bool, generator: RandomGenerator) throws -> Tensor {
        try term.output(input: x, training: training, generator: generator)
    }

    /// These weights as the term a Linear's `delta` carries.
    var term: LinearDelta.LoraTerm { LinearDelta.LoraTerm(a: a, b: b, scaling: Float(scaling), dropout: Float(dropout)) }

    /// ΔW = s · B·A, `[out, in]`, computed in fp32 without recording gradients (for merging).
    public func deltaWeight() throws -> Tensor {
        try Autograd.noGrad { try b.matmul(a).scaled(by: Float(scaling)) }
    }

    /// Replaces A and B's values (loading an adapter file), checking shapes.
    func load(a aValues: [Float], aShape: [Int], b bValues: [Float], bShape: [Int], keyA: String, keyB: String) throws {
        guard aShape == a.shape else { throw Self.mismatch(keyA, file: aShape, model: a.shape) }
        guard bShape == b.shape else { throw Self.mismatch(keyB, file: bShape, model: b.shape) }
        try a.assign(aValues)
        try b.assign(bValues)
    }

    static func mismatch(_ key: String, file: [Int], model: [Int]) -> PeftError {
        PeftError(.adapterMismatch, "size mismatch for \(key): the adapter file has shape \(file), the model expects \(model)",
                  notes: ["lora_A is [r, in_features] and lora_B is [out_features, r]; r comes from adapter_config.json"],
                  help: "load the adapter on the base model it was trained on (see base_model_name_or_path in adapter_config.json)")
    }
}
