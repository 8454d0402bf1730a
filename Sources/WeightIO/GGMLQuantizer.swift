import Foundation

/// ggml's reference quantizers (`quantize_row_q8_0_ref`, `quantize_row_q4_0_ref`, `quantize_row_q4_1_ref` in
/// ggml-quants.c), so a Float checkpoint (e.g. a Hugging Face model) can be kept quantized in memory
/// (QLoRA-style) or written to GGUF. Same arithmetic as ggml, so the blocks are the ones llama.cpp would write.
public enum GGMLQuantizer {
    /// Types `quantize` can produce.
    public static let supportedTypes: [GGMLType] = [.f32, .f16, .q8_0, .q4_0, .q4_1]

    /// Quantizes `values` (a multiple of the block size, all finite) to `type`'s blocks.
    public static func quantize(_ values: [Float], as type: GGMLType) throws -> Data {
        guard supportedTypes.contains(type) else {
            throw WeightIOError(.unsupportedConversion, "lorarepl cannot quantize to \(type.name) (supported: F32, F16, Q8_0, Q4_0, Q4_1)",
                                help: "use Q8_0 (about 1/4 of Float memory, nearly lossless) or Q4_1 (about 1/6)")
        }
        guard values.count % type.blockSize == 0 else {
            throw WeightIOError(.invalidArgument, "cannot quantize \(values.count) values to \(type.name): not a multiple of its block size \(type.blockSize)",
                                help: "quantize rows whose length is a multiple of \(type.blockSize)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw WeightIOError(.invalidArgument, "cannot quantize: value \(bad) is \(values[bad])",
                                help: "the weights contain NaN or infinity; check the checkpoint or the training run")
        }
        var out = Data(capacity: values.count / type.blockSize * type.blockByteCount)
        switch type {
        case .f32: values.withUnsafeBytes { out.append(contentsOf: $0) }
        case .f16: for v in values { out.appendLittleEndian(FloatConversion.floatToHalf(v)) }
        case .q8_0: for start in stride(from: 0, to: values.count, by: 32) { q8_0(values[start..<(start + 32)], into: &out) }
        case .q4_0: for start in stride(from: 0, to: values.count, by: 32) { q4_0(values[start..<(start + 32)], into: &out) }
        case .q4_1: for start in stride(from: 0, to: values.count, by: 32) { q4_1(values[start..<(start + 32)], into: &out) }
        default: break
        }
        return out
    }

    /// Quantizes a row-major `[rows, columns]` matrix and returns it as a tensor that dequantizes rows on use.
    public static func quantizedMatrix(_ values: [Float], rows: Int, columns: Int, as type: GGMLType,
                                       name: String = "weight") throws -> GGUFQuantizedTensor {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw WeightIOError(.invalidArgument, tensor: name, "'\(name)': expected \(rows) × \(columns) values but got \(values.count)")
        }
        guard columns % type.blockSize == 0 else {
            throw WeightIOError(.invalidArgument, tensor: name,
                                "'\(name)': rows of \(columns) values cannot be stored as \(type.name) (blocks of \(type.blockSize))",
                                help: "keep this tensor in Float, or use Q8_0/Q4_1 only for matrices whose rows are a multiple of 32")
        }
        let bytes = try quantize(values, as: type)
        let info = GGUFTensorInfo(name: name, type: type, dims: [columns, rows], offset: 0, byteCount: bytes.count)
        return GGUFQuantizedTensor(info: info, storage: OwnedBytes(bytes), base: 0, rowOrder: nil)
    }

    /// `value` as an Int in `[low, high]`; NaN (possible only when a block's scale underflows) gives 0. ggml
    /// leaves these cases undefined; in range, this is ggml's result.
    @inline(__always) static func clamped(_ value: Float, _ low: Int, _ high: Int) -> Int {
        guard !value.isNaN else { return 0 }
        if value <= Float(low) { return low }
        if value >= Float(high) { return high }
        return Int(value)
    }

    /// Q8_0: d = max|x| / 127, q = round(x / d) (half away from zero).
    static func q8_0(_ x: ArraySlice<Float>, into out: inout Data) {
        var amax: Float = 0
        for v in x { amax = max(amax, abs(v)) }
        let d = amax / 127
        let id: Float = d != 0 ? 1 / d : 0
        out.appendLittleEndian(FloatConversion.floatToHalf(d))
        for v in x { out.append(UInt8(bitPattern: Int8(clamped((v * id).rounded(), -127, 127)))) }
    }

    /// Q4_0: d = (value of largest magnitude) / −8, q = min(15, trunc(x / d + 8.5)).
    static func q4_0(_ x: ArraySlice<Float>, into out: inout Data) {
        var amax: Float = 0, maxValue: Float = 0
        for v in x where amax < abs(v) { amax = abs(v); maxValue = v }
        let d = maxValue / -8
        let id: Float = d != 0 ? 1 / d : 0
        out.appendLittleEndian(FloatConversion.floatToHalf(d))
        let base = x.startIndex
        for j in 0..<16 {
            let low = clamped((x[base + j] * id + 8.5).rounded(.towardZero), 0, 15)
            let high = clamped((x[base + j + 16] * id + 8.5).rounded(.towardZero), 0, 15)
            out.append(UInt8(low) | UInt8(high) << 4)
        }
    }

    /// Q4_1: d = (max − min) / 15, m = min, q = min(15, trunc((x − min) / d + 0.5)).
    static func q4_1(_ x: ArraySlice<Float>, into out: inout Data) {
        var lowest = Float.greatestFiniteMagnitude, highest = -Float.greatestFiniteMagnitude
        for v in x { lowest = min(lowest, v); highest = max(highest, v) }
        let d = (highest - lowest) / 15
        let id: Float = d != 0 ? 1 / d : 0
        out.appendLittleEndian(FloatConversion.floatToHalf(d))
        out.appendLittleEndian(FloatConversion.floatToHalf(lowest))
        let base = x.startIndex
        for j in 0..<16 {
            let low = clamped(((x[base + j] - lowest) * id + 0.5).rounded(.towardZero), 0, 15)
            let high = clamped(((x[base + j + 16] - lowest) * id + 0.5).rounded(.towardZero), 0, 15)
            out.append(UInt8(low) | UInt8(high) << 4)
        }
    }
}
