import Foundation
import TensorCore
import WeightIO

/// QLoRA-style use of a Linear whose weight is kept in GGUF block format (`LoadOptions.keepQuantized`):
/// every forward dequantizes W into a temporary fp32 buffer, and backward dequantizes it again for the
/// input gradient (TensorCore's `RematerializedWeight`), so no fp32 copy of a frozen base weight lives
/// between forward and backward. The weight itself is frozen: it never gets a gradient.
extension Linear {
    /// `x·Wᵀ + b [..., out]` with the base weight, fp32 or kept quantized. What adapters call for the base output.
    public func baseForward(_ x: Tensor) throws -> Tensor {
        guard let quantizedWeight else { return try Tensor.linear(x, weight: weight, bias: bias) }
        return try Tensor.linear(x, weight: try frozenPlaceholder(), bias: bias, rematerialized: rematerialized(quantizedWeight))
    }

    /// PEFT's LoRA Linear `x·Wᵀ + b + scaling·B(A(dropout(x))) [..., out]` as TensorCore's fused op, with
    /// the base weight fp32 or kept quantized (dequantized per use; the same GEMMs, so the same numbers).
    public func loraForward(_ x: Tensor, loraA: Tensor, loraB: Tensor, scaling: Float, dropout: Float,
                            generator: RandomGenerator?) throws -> Tensor {
        guard let quantizedWeight else {
            return try Tensor.loraLinear(x, weight: weight, bias: bias, loraA: loraA, loraB: loraB, scaling: scaling,
                                         dropout: dropout, generator: generator, training: isTraining)
        }
        return try Tensor.loraLinear(x, weight: try frozenPlaceholder(), bias: bias, loraA: loraA, loraB: loraB, scaling: scaling,
                                     dropout: dropout, generator: generator, training: isTraining,
                                     rematerialized: rematerialized(quantizedWeight))
    }

    /// The base weight as fp32 `[out, in]`: `weight` itself, or a fresh dequantized copy when kept quantized.
    public func denseWeight() throws -> Tensor {
        guard let quantizedWeight else { return weight }
        return try rematerialized(quantizedWeight).materialize()
    }

    /// True when the weight is kept in GGUF block format.
    public var isWeightQuantized: Bool { quantizedWeight != nil }

    /// The base weight as it is held (fp32 tensor, or placeholder + blocks), to put back later.
    public struct StoredWeight {
        /// The fp32 weight, or the frozen zero placeholder of a quantized one.
        public let weight: Tensor
        let quantized: GGUFQuantizedTensor?
        /// Bytes this weight occupies (blocks, or fp32 values).
        public var byteCount: Int { quantized?.byteCount ?? weight.count * 4 }
    }

    public var storedWeight: StoredWeight { StoredWeight(weight: weight, quantized: quantizedWeight) }

    /// Puts back a weight saved with `storedWeight` (bit for bit, quantized or not).
    public func restore(_ stored: StoredWeight) {
        weight = stored.weight
        quantizedWeight = stored.quantized
    }

    /// Replaces the weight (kept quantized or not) by the fp32 tensor `dense [out, in]`; the blocks are dropped.
    public func replaceWeight(with dense: Tensor) throws {
        guard dense.shape == [outFeatures, inFeatures] else {
            throw ModelError("a replacement weight must be [\(outFeatures), \(inFeatures)], got \(shapeText(dense.shape))")
        }
        weight = dense
        quantizedWeight = nil
    }

    /// The zero placeholder as an input the autograd graph can hold: frozen. Training a kept-quantized weight
    /// itself is refused (QLoRA trains adapters only, like bitsandbytes' 4-bit parameters).
    private func frozenPlaceholder() throws -> Tensor {
        guard weight.requiresGrad else { return weight }
        if isTraining && Autograd.isEnabled {
            throw ModelError("this Linear keeps its weight quantized (keep_quantized=True); quantized weights are frozen and cannot be trained",
                             help: "train LoRA adapters on it (get_peft_model freezes the base weights), or load the model without keep_quantized to fine-tune every weight")
        }
        return weight.detached()
    }

    private func rematerialized(_ quantized: GGUFQuantizedTensor) -> RematerializedWeight {
        RematerializedWeight(rows: quantized.rows, columns: quantized.columns) { try quantized.dequantizeAll(into: $0) }
    }
}
