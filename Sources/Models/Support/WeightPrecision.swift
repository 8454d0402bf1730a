import Foundation
import TensorCore
import WeightIO

/// The dtype a model's weights are held in, as transformers tracks it (`model.dtype`): `model.half()`,
/// `model.to(torch.bfloat16)` or `from_pretrained(..., dtype=torch.float16)` round every weight to that
/// precision, and `save_pretrained` writes the weights in it (safetensors F16/BF16) with `"dtype"` in
/// config.json. lorarepl still computes in float32 on the rounded weights (PyTorch on the CPU would
/// compute in float16/bfloat16, so activations can differ in the last digits).
public enum WeightPrecision: String, CaseIterable, Sendable {
    case float32, float16, bfloat16

    /// The safetensors dtype `save_pretrained` writes.
    public var storedAs: SafetensorsDType {
        switch self {
        case .float32: return .f32
        case .float16: return .f16
        case .bfloat16: return .bf16
        }
    }

    /// Reads `torch.float16`, `"float16"`, `"fp16"`, `"half"`, `"bf16"`, … (nil for other names).
    public init?(name: String) {
        let bare = name.hasPrefix("torch.") ? String(name.dropFirst(6)) : name
        switch bare.lowercased() {
        case "float32", "float", "fp32": self = .float32
        case "float16", "half", "fp16": self = .float16
        case "bfloat16", "bf16": self = .bfloat16
        default: return nil
        }
    }
}

extension PreTrainedModel {
    /// Rounds every weight to `precision` (round-to-nearest-even, as PyTorch's `.half()`/`.bfloat16()`),
    /// in place; weights kept quantized stay as they are and are written in `precision` on save.
    /// Going back to float32 keeps the rounded values, as in PyTorch.
    public func cast(to precision: WeightPrecision) throws {
        if precision != .float32 {
            var seen = Set<ObjectIdentifier>()
            for (_, module) in namedModules() {
                if let linear = module as? Linear, linear.quantizedWeight != nil { seen.insert(ObjectIdentifier(linear.weight)) }
                if let embedding = module as? Embedding, embedding.quantizedWeight != nil { seen.insert(ObjectIdentifier(embedding.weight)) }
            }
            for (_, tensor) in stateDict() where seen.insert(ObjectIdentifier(tensor)).inserted {
                try tensor.assign(tensor.toArray().map { precision.storedAs.rounded($0) })
            }
        }
        self.precision = precision
    }
}
