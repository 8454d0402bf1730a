/// The element types of the safetensors format (`"dtype"` in the header).
public enum SafetensorsDType: String, CaseIterable, Sendable {
    // Declared in safetensors-rs's `Dtype` order: its writer sorts tensors by this order, descending.
    case bool = "BOOL"
    case u8 = "U8", i8 = "I8"
    case f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
    case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
    case i32 = "I32", u32 = "U32", f32 = "F32", f64 = "F64"
    case i64 = "I64", u64 = "U64"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .bool, .u8, .i8, .f8e4m3, .f8e5m2: return 1
        case .u16, .i16, .f16, .bf16: return 2
        case .u32, .i32, .f32: return 4
        case .u64, .i64, .f64: return 8
        }
    }

    /// True for the floating-point types.
    /// `value` rounded to this float dtype and back (round-to-nearest-even for F16/BF16, as PyTorch's
    /// `.half()` / `.bfloat16()`); other dtypes return it unchanged.
    public func rounded(_ value: Float) -> Float {
        switch self {
        case .f16: return FloatConversion.halfToFloat(FloatConversion.floatToHalf(value))
        case .bf16: return FloatConversion.bfloat(FloatConversion.floatToBFloat(value))
        default: return value
        }
    }

    public var isFloatingPoint: Bool {
        switch self {
        case .f8e4m3, .f8e5m2, .f16, .bf16, .f32, .f64: return true
        default: return false
        }
    }

    /// Position in safetensors-rs's `Dtype` enum (the writer stores higher ranks first).
    var writeRank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// The dtype names as they appear in files, for messages.
    static var knownNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
