import Foundation

/// Bulk conversions of stored element types to `Float`, over raw (possibly unaligned) little-endian bytes.
/// Large inputs are split across cores; every element is converted exactly (F16 and BF16 → F32 are exact).
enum FloatConversion {
#if _endian(big)
    #error("WeightIO reads little-endian files with native loads; big-endian hosts are not supported")
#endif

    /// IEEE binary16 → binary32 by bit manipulation (used to build the table and in tests).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        var mantissa = UInt32(bits & 0x03FF)
        if exponent == 0x1F {  // infinity or NaN: keep the payload
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            if mantissa == 0 { return Float(bitPattern: sign) }
            // subnormal: normalise
            var shift = 0
            while mantissa & 0x0400 == 0 { mantissa <<= 1; shift += 1 }
            mantissa &= 0x03FF
            let biased = UInt32(127 - 15 - shift + 1)
            return Float(bitPattern: sign | (biased << 23) | (mantissa << 13))
        }
        return Float(bitPattern: sign | (UInt32(exponent + 127 - 15) << 23) | (mantissa << 13))
    }

    /// The same table at a fixed address (allocated once, never freed) for the hot loops.
    static let halfLookup: UnsafePointer<Float> = {
        let table = UnsafeMutablePointer<Float>.allocate(capacity: 65536)
        for bits in 0..<65536 { table[bits] = halfToFloat(UInt16(bits)) }
        return UnsafePointer(table)
    }()

    @inline(__always) static func half(_ bits: UInt16) -> Float { halfLookup[Int(bits)] }

    /// Float → BF16 bits, round to nearest even (PyTorch's conversion); NaN becomes a quiet NaN.
    static func floatToBFloat(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounding = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// Float → IEEE binary16 bits, round to nearest even; overflow to ±infinity, NaN stays NaN.
    static func floatToHalf(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x007F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 | (mantissa != 0 ? 0x0200 | UInt16(truncatingIfNeeded: mantissa >> 13) : 0) }
        let halfExponent = exponent - 127 + 15
        if halfExponent >= 0x1F { return sign | 0x7C00 }
        if halfExponent <= 0 {
            // subnormal (or zero): shift the full significand into place, rounding to nearest even
            if halfExponent < -10 { return sign }
            let significand = mantissa | 0x0080_0000
            let shift = UInt32(14 - halfExponent)
            var result = significand >> shift
            let remainder = significand & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            if remainder > halfway || (remainder == halfway && result & 1 == 1) { result += 1 }
            return sign | UInt16(truncatingIfNeeded: result)
        }
        var result = UInt32(halfExponent) << 10 | (mantissa >> 13)
        let remainder = mantissa & 0x1FFF
        if remainder > 0x1000 || (remainder == 0x1000 && result & 1 == 1) { result += 1 }  // may carry into the exponent: correct
        return sign | UInt16(truncatingIfNeeded: result)
    }

    @inline(__always) static func bfloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// F8 E5M2 is the upper byte of an F16.
    static func f8e5m2(_ byte: UInt8) -> Float { halfToFloat(UInt16(byte) << 8) }

    /// F8 E4M3 (the "FN" variant: no infinities, S.1111.111 is NaN), bias 7.
    static func f8e4m3(_ byte: UInt8) -> Float {
        let negative = byte & 0x80 != 0
        let exponent = Int(byte >> 3) & 0x0F
        let mantissa = Int(byte & 0x07)
        var value: Float
        if exponent == 0x0F && mantissa == 0x07 { return .nan }
        if exponent == 0 {
            value = Float(mantissa) / 8 * Float(sign: .plus, exponent: -6, significand: 1)
        } else {
            value = (1 + Float(mantissa) / 8) * Float(sign: .plus, exponent: exponent - 7, significand: 1)
        }
        if negative { value = -value }
        return value
    }

    /// Runs `body(start, end)` over `[0, count)` in chunks, in parallel when the work is large.
    static func parallelChunks(_ count: Int, minimumChunk: Int = 1 << 18, _ body: (Int, Int) -> Void) {
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, count / minimumChunk))
        if chunks == 1 { body(0, count); return }
        let size = (count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * size
            let end = min(count, start + size)
            if start < end { body(start, end) }
        }
    }

    /// Converts `count` elements of `dtype` at `source` into `destination`. Integer types convert to the
    /// nearest Float. The caller has checked the byte count.
    static func convert(_ dtype: SafetensorsDType, from source: UnsafeRawPointer, count: Int,
                        into destination: UnsafeMutablePointer<Float>) {
        switch dtype {
        case .f32:
            memcpy(destination, source, count * 4)
        case .f16:
            let table = halfLookup
            parallelChunks(count) { start, end in
                for i in start..<end {
                    let bits = source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                    destination[i] = table[Int(UInt16(littleEndian: bits))]
                }
            }
        case .bf16:
            parallelChunks(count) { start, end in
                for i in start..<end {
                    let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                    destination[i] = Float(bitPattern: UInt32(bits) << 16)
                }
            }
        case .f64: for i in 0..<count { destination[i] = Float(source.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)) }
        case .f8e5m2: for i in 0..<count { destination[i] = f8e5m2(source.load(fromByteOffset: i, as: UInt8.self)) }
        case .f8e4m3: for i in 0..<count { destination[i] = f8e4m3(source.load(fromByteOffset: i, as: UInt8.self)) }
        case .bool, .u8: for i in 0..<count { destination[i] = Float(source.load(fromByteOffset: i, as: UInt8.self)) }
        case .i8: for i in 0..<count { destination[i] = Float(source.load(fromByteOffset: i, as: Int8.self)) }
        case .u16: for i in 0..<count { destination[i] = Float(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .i16: for i in 0..<count { destination[i] = Float(Int16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
        case .u32: for i in 0..<count { destination[i] = Float(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .i32: for i in 0..<count { destination[i] = Float(Int32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
        case .u64: for i in 0..<count { destination[i] = Float(UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
        case .i64: for i in 0..<count { destination[i] = Float(Int64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
        }
    }
}
