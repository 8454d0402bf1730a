import Foundation
import TensorCore
import WeightIO

/// A general hook that changes a Linear's output without replacing the module (so module names never
/// change): for experiments and tests. PEFT does not use it: LoRA and `modules_to_save` copies are the plain
/// value `Linear.delta`.
public protocol LinearAdapter: AnyObject {
    /// Given the layer input `x [..., in]` and the base output `y = x·Wᵀ + b [..., out]` (nil when
    /// `replacesBase`), returns the final output `[..., out]`.
    func forward(input: Tensor, baseOutput: Tensor?, linear: Linear) throws -> Tensor
    /// Parameters the adapter owns, named relative to the Linear ("lora_A.default.weight", …), so the
    /// model's `namedParameters()` lists them exactly as PEFT names them in memory.
    var namedParameters: [(name: String, tensor: Tensor)] { get }
    /// True when the Linear should skip its own computation (a `modules_to_save` copy is active).
    var replacesBase: Bool { get }
}

/// `y = x·Wᵀ + b` with `W [out, in]` like PyTorch's `nn.Linear`.
public final class Linear: Module {
    /// `[out, in]`.
    public var weight: Tensor
    /// `[out]`, or nil for bias-free projections (LLaMA).
    public var bias: Tensor?
    /// Set by PEFT: active LoRA terms (or a trainable copy standing in for the weights), and the adapter
    /// tensors to list among the parameters. See `LinearDelta`.
    public var delta: LinearDelta?
    /// A general output hook (see `LinearAdapter`); applied when `delta` is nil.
    public var adapter: LinearAdapter?
    /// The weight kept in its GGUF block format (`LoadOptions.keepQuantized`), rows in HF order. While
    /// set, `weight` is an untouched zero placeholder and every use dequantizes from here.
    public internal(set) var quantizedWeight: GGUFQuantizedTensor?

    /// A layer with zero weights (filled by loading or `ModelInitializer`).
    public init(inFeatures: Int, outFeatures: Int, bias hasBias: Bool = true) throws {
        weight = try LazyZeros.tensor([outFeatures, inFeatures])
        bias = hasBias ? try Tensor.zeros([outFeatures]) : nil
        super.init()
    }

    public var inFeatures: Int { weight.rank == 2 ? weight.shape[1] : 0 }
    public var outFeatures: Int { weight.rank == 2 ? weight.shape[0] : 0 }

    override public var parameters: [(name: String, tensor: Tensor)] {
        var own: [(name: String, tensor: Tensor)] = [("weight", weight)]
        if let bias { own.append(("bias", bias)) }
        return own
    }

    /// True when `delta` or `adapter` may change the output (even if nothing is active right now).
    public var isAdapted: Bool { delta != nil || adapter != nil }

    /// `x [..., in]` → `[..., out]`, with `delta` (or through the adapter hook) when one is set.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard weight.rank == 2 else {
            throw ModelError("a Linear layer's weight must be [out, in], got shape \(shapeText(weight.shape))")
        }
        guard x.shape.last == inFeatures else {
            throw ModelError("a Linear layer expects inputs whose last dimension is \(inFeatures), got shape \(shapeText(x.shape))")
        }
        if let delta { return try forward(x, delta: delta) }
        guard let adapter else { return try baseForward(x) }
        let base = adapter.replacesBase ? nil : try baseForward(x)
        return try adapter.forward(input: x, baseOutput: base, linear: self)
    }
}
