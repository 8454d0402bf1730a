/// The metadata value types of GGUF (`enum gguf_type`).
public enum GGUFValueType: UInt32, Sendable {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6, bool = 7
    case string = 8, array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// Fixed byte size of a scalar; nil for string and array.
    var scalarByteCount: Int? {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64: return 8
        case .string, .array: return nil
        }
    }

    /// Smallest encoding of one value of this type (used to bound array lengths before allocating).
    var minimumByteCount: Int { scalarByteCount ?? (self == .string ? 8 : 12) }
}

/// A GGUF metadata value.
public enum GGUFValue: Equatable, Sendable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
    case uint64(UInt64), int64(Int64), float32(Float), float64(Double), bool(Bool), string(String)
    case array(GGUFArray)

    public var type: GGUFValueType {
        switch self {
        case .uint8: return .uint8
        case .int8: return .int8
        case .uint16: return .uint16
        case .int16: return .int16
        case .uint32: return .uint32
        case .int32: return .int32
        case .uint64: return .uint64
        case .int64: return .int64
        case .float32: return .float32
        case .float64: return .float64
        case .bool: return .bool
        case .string: return .string
        case .array: return .array
        }
    }

    /// The value as an exact integer (any integer type), if it is one and fits.
    public var intValue: Int? {
        switch self {
        case let .uint8(v): return Int(v)
        case let .int8(v): return Int(v)
        case let .uint16(v): return Int(v)
        case let .int16(v): return Int(v)
        case let .uint32(v): return Int(v)
        case let .int32(v): return Int(v)
        case let .uint64(v): return Int(exactly: v)
        case let .int64(v): return Int(exactly: v)
        default: return nil
        }
    }

    /// The value as a floating-point number (float or integer types).
    public var doubleValue: Double? {
        switch self {
        case let .float32(v): return Double(v)
        case let .float64(v): return v
        default: return intValue.map(Double.init)
        }
    }
}

/// A GGUF metadata array: homogeneous, typed storage.
public enum GGUFArray: Equatable, Sendable {
    case uint8([UInt8]), int8([Int8]), uint16([UInt16]), int16([Int16]), uint32([UInt32]), int32([Int32])
    case uint64([UInt64]), int64([Int64]), float32([Float]), float64([Double]), bool([Bool]), string([String])
    case array([GGUFArray])

    public var count: Int { typeAndCount.count }

    /// The element type.
    public var elementType: GGUFValueType { typeAndCount.type }

    private var typeAndCount: (type: GGUFValueType, count: Int) {
        switch self {
        case let .uint8(a): return (.uint8, a.count)
        case let .int8(a): return (.int8, a.count)
        case let .uint16(a): return (.uint16, a.count)
        case let .int16(a): return (.int16, a.count)
        case let .uint32(a): return (.uint32, a.count)
        case let .int32(a): return (.int32, a.count)
        case let .uint64(a): return (.uint64, a.count)
        case let .int64(a): return (.int64, a.count)
        case let .float32(a): return (.float32, a.count)
        case let .float64(a): return (.float64, a.count)
        case let .bool(a): return (.bool, a.count)
        case let .string(a): return (.string, a.count)
        case let .array(a): return (.array, a.count)
        }
    }

    /// Integer elements as Int (nil for non-integer arrays or values that do not fit).
    var intValues: [Int]? {
        switch self {
        case let .uint8(a): return a.map(Int.init)
        case let .int8(a): return a.map(Int.init)
        case let .uint16(a): return a.map(Int.init)
        case let .int16(a): return a.map(Int.init)
        case let .uint32(a): return a.map(Int.init)
        case let .int32(a): return a.map(Int.init)
        case let .uint64(a):
            var out: [Int] = []
            out.reserveCapacity(a.count)
            for v in a { guard let i = Int(exactly: v) else { return nil }; out.append(i) }
            return out
        case let .int64(a): return a.map(Int.init)
        default: return nil
        }
    }

    /// Numeric elements as Float (nil for strings, bools and nested arrays).
    var floatValues: [Float]? {
        switch self {
        case let .float32(a): return a
        case let .float64(a): return a.map(Float.init)
        default: return intValues?.map(Float.init)
        }
    }
}
