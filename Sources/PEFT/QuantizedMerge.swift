import Foundation
import Models

/// Merging into weights kept quantized (`keep_quantized=True`, QLoRA-style).
///
/// PEFT on bitsandbytes 4-bit dequantizes, merges and re-quantizes, warning that rounding changes the
/// outputs. lorarepl merges exactly instead: the layer is dequantized to fp32, `W + s·B·A` is stored in
/// fp32 and the quantized blocks are set aside, so the merged model computes what the adapter model
/// computed (no re-quantization rounding). The cost is memory: each merged layer grows from its block
/// size to 4 bytes a value, which the warning states. `unmerge_adapter()` (and `disable_adapter()`,
/// `unload()`) put the blocks back bit for bit; `merge_and_unload()` drops them.
extension PeftModel {
    /// Runs `body` (a merge) and, when it turned quantized layers into fp32 ones, warns with the counts and
    /// the parameter memory before and after.
    func withQuantizedMergeNote(_ operation: String, undo: String, _ body: () throws -> Void) throws {
        let quantizedBefore = quantizedLinearCount
        guard quantizedBefore > 0 else { return try body() }
        let bytesBefore = baseModel.parameterMemoryBytes
        try body()
        let dequantized = quantizedBefore - quantizedLinearCount
        guard dequantized > 0 else { return }
        PeftWarnings.warn(quantizedMergeNote(operation: operation, layers: dequantized, bytesBefore: bytesBefore,
                                             bytesAfter: baseModel.parameterMemoryBytes, undo: undo))
    }

    /// Linear layers of the base model whose weight is currently kept quantized.
    var quantizedLinearCount: Int {
        baseModel.namedModules().filter { ($0.module as? Linear)?.isWeightQuantized == true }.count
    }

    func quantizedMergeNote(operation: String, layers: Int, bytesBefore: Int, bytesAfter: Int, undo: String) -> String {
        func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
        return "\(operation): \(layers) layer\(layers == 1 ? "" : "s") kept quantized (keep_quantized=True) "
            + "\(layers == 1 ? "was" : "were") dequantized to fp32 to merge the adapter exactly (no re-quantization rounding); "
            + "parameter memory \(mb(bytesBefore)) → \(mb(bytesAfter)); \(undo)"
    }
}
