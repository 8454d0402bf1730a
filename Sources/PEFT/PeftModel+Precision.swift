import Models
import TensorCore
import WeightIO

/// The dtype of the adapter's weights, as PEFT keeps it: `get_peft_model` on a model loaded or converted to
/// float16/bfloat16 makes the LoRA A/B matrices in float32 (`autocast_adapter_dtype=True`, PEFT's default) and
/// the `modules_to_save` copies in the model's dtype; `autocast_adapter_dtype=False` keeps everything in the
/// model's dtype; converting the PeftModel afterwards (`.half()`, `.to(torch.bfloat16)`) converts all of it.
/// `save_pretrained` writes each tensor in its dtype. lorarepl computes in float32 on the rounded values.
extension PeftModel {
    /// The dtype LoRA A/B matrices are rounded to and saved in.
    public var loraPrecision: WeightPrecision { loraPrecisionStorage }

    /// `model.half()` / `.bfloat16()` / `.float()` / `.to(dtype)` on the PeftModel: the base weights, the
    /// modules_to_save copies and the LoRA matrices are rounded to `precision` (float32 keeps the values).
    public func cast(to precision: WeightPrecision) throws {
        try baseModel.cast(to: precision)
        try round(loraTensors(), to: precision)
        try round(savedCopyTensors(), to: precision)
        loraPrecisionStorage = precision
    }

    /// After `get_peft_model(..., autocast_adapter_dtype=False)`: the new LoRA matrices take the model's dtype.
    func keepAdapterInModelPrecision() throws {
        loraPrecisionStorage = baseModel.precision
        try round(loraTensors(), to: baseModel.precision)
    }

    /// The dtype a saved tensor is written in: LoRA matrices in `loraPrecision`, the rest in the model's.
    func storedPrecision(of key: AdapterTensorKey) -> WeightPrecision {
        switch key {
        case .loraA, .loraB: return loraPrecision
        default: return baseModel.precision
        }
    }

    private func loraTensors() -> [Tensor] {
        loraLayers.flatMap { layer in adapterNames.compactMap { layer.adapter.weights($0) }.flatMap { [$0.a, $0.b] } }
    }

    private func savedCopyTensors() -> [Tensor] {
        savedLayers.flatMap { layer in adapterNames.compactMap { layer.adapter.copy($0) }.flatMap { [$0.weight] + ($0.bias.map { [$0] } ?? []) } }
    }

    private func round(_ tensors: [Tensor], to precision: WeightPrecision) throws {
        guard precision != .float32 else { return }
        for tensor in tensors { try tensor.assign(tensor.toArray().map { precision.storedAs.rounded($0) }) }
    }
}
