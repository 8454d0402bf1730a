import Foundation

/// Dequantization of ggml block formats to Float, following ggml's reference `dequantize_row_*` definitions
/// (ggml-quants.c / ggml-common.h block layouts). Scales are F16 (F32 for Q8_K); arithmetic is Float in the
/// same order as ggml, so results are bit-identical to ggml's reference path.
public enum GGMLDequantizer {
    /// Dequantizes `count` elements of `type` from `source` into `destination`.
    /// `count` must be a multiple of `type.blockSize` and `source` must hold `count / blockSize` blocks.
    /// Allocates nothing; safe to call from several threads on different rows.
    public static func dequantize(_ type: GGMLType, from source: UnsafeRawPointer, count: Int,
                                  into destination: UnsafeMutablePointer<Float>) throws {
        guard type.canDequantize else {
            throw WeightIOError(.unsupportedConversion,
                                "ggml type \(type.name) cannot be dequantized by lorarepl (supported: F32, F16, BF16, F64, I8, I16, I32, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K)",
                                help: "use a GGUF quantized to one of the supported types (e.g. Q4_K_M or Q8_0)")
        }
        guard count >= 0, count % type.blockSize == 0 else {
            throw WeightIOError(.invalidArgument, "cannot dequantize \(count) elements of \(type.name): not a multiple of its block size \(type.blockSize)")
        }
        dequantizeUnchecked(type, from: source, count: count, into: destination)
    }

    /// As `dequantize` without the checks (the caller validated type and count).
    static func dequantizeUnchecked(_ type: GGMLType, from source: UnsafeRawPointer, count: Int,
                                    into destination: UnsafeMutablePointer<Float>) {
        let blocks = count / type.blockSize
        switch type {
        case .f32: memcpy(destination, source, count * 4)
        case .f16: FloatConversion.convert(.f16, from: source, count: count, into: destination)
        case .bf16: FloatConversion.convert(.bf16, from: source, count: count, into: destination)
        case .f64: FloatConversion.convert(.f64, from: source, count: count, into: destination)
        case .i8: FloatConversion.convert(.i8, from: source, count: count, into: destination)
        case .i16: FloatConversion.convert(.i16, from: source, count: count, into: destination)
        case .i32: FloatConversion.convert(.i32, from: source, count: count, into: destination)
        case .q4_0: q4_0(source, blocks, destination)
        case .q4_1: q4_1(source, blocks, destination)
        case .q5_0: q5_0(source, blocks, destination)
        case .q5_1: q5_1(source, blocks, destination)
        case .q8_0: q8_0(source, blocks, destination)
        case .q2_K: q2_K(source, blocks, destination)
        case .q3_K: q3_K(source, blocks, destination)
        case .q4_K: q4_K(source, blocks, destination)
        case .q5_K: q5_K(source, blocks, destination)
        case .q6_K: q6_K(source, blocks, destination)
        case .q8_K: q8_K(source, blocks, destination)
        default: break  // excluded by canDequantize
        }
    }

    @inline(__always) private static func f16(_ block: UnsafeRawPointer, _ offset: Int, _ table: UnsafePointer<Float>) -> Float {
        table[Int(UInt16(littleEndian: block.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))]
    }

    /// Q4_0: d (f16), 16 bytes; element j = (low nibble − 8)·d, element j+16 = (high nibble − 8)·d.
    static func q4_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        #if DEBUG
        // Scalar loop: SIMD types are very slow in unoptimised builds (release uses the SIMD path below;
        // both give the same bits).
        for i in 0..<blocks {
            let block = source + i * 18
            let d = f16(block, 0, table)
            let qs = block.assumingMemoryBound(to: UInt8.self) + 2
            let out = y + i * 32
            for j in 0..<16 {
                out[j] = Float(Int32(qs[j] & 0x0F) - 8) * d
                out[j + 16] = Float(Int32(qs[j] >> 4) - 8) * d
            }
        }
        #else
        for i in 0..<blocks {
            let block = source + i * 18
            let d = SIMD16<Float>(repeating: f16(block, 0, table))
            let qs = block.loadUnaligned(fromByteOffset: 2, as: SIMD16<UInt8>.self)
            let low = SIMD16<Float>(SIMD16<Int16>(truncatingIfNeeded: qs & 0x0F) &- 8)
            let high = SIMD16<Float>(SIMD16<Int16>(truncatingIfNeeded: qs &>> 4) &- 8)
            let out = UnsafeMutableRawPointer(y + i * 32)
            out.storeBytes(of: low * d, as: SIMD16<Float>.self)
            out.storeBytes(of: high * d, toByteOffset: 64, as: SIMD16<Float>.self)
        }
        #endif
    }

    /// Q4_1: d, m (f16), 16 bytes; element = nibble·d + m (low nibbles are elements 0..<16, high 16..<32).
    static func q4_1(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        #if DEBUG
        for i in 0..<blocks {
            let block = source + i * 20
            let d = f16(block, 0, table)
            let m = f16(block, 2, table)
            let qs = block.assumingMemoryBound(to: UInt8.self) + 4
            let out = y + i * 32
            for j in 0..<16 {
                out[j] = Float(qs[j] & 0x0F) * d + m
                out[j + 16] = Float(qs[j] >> 4) * d + m
            }
        }
        #else
        for i in 0..<blocks {
            let block = source + i * 20
            let d = SIMD16<Float>(repeating: f16(block, 0, table))
            let m = SIMD16<Float>(repeating: f16(block, 2, table))
            let qs = block.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self)
            let out = UnsafeMutableRawPointer(y + i * 32)
            out.storeBytes(of: SIMD16<Float>(qs & 0x0F) * d + m, as: SIMD16<Float>.self)
            out.storeBytes(of: SIMD16<Float>(qs &>> 4) * d + m, toByteOffset: 64, as: SIMD16<Float>.self)
        }
        #endif
    }

    /// Q5_0: d (f16), qh (u32: bit j = 5th bit of element j), 16 bytes; element = (5-bit value − 16)·d.
    static func q5_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        for i in 0..<blocks {
            let block = source + i * 22
            let d = f16(block, 0, table)
            let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            let qs = block.assumingMemoryBound(to: UInt8.self) + 6
            let out = y + i * 32
            for j in 0..<16 {
                let high0 = ((qh >> UInt32(j)) << 4) & 0x10
                let high1 = (qh >> UInt32(j + 12)) & 0x10
                out[j] = Float(Int32(UInt32(qs[j] & 0x0F) | high0) - 16) * d
                out[j + 16] = Float(Int32(UInt32(qs[j] >> 4) | high1) - 16) * d
            }
        }
    }

    /// Q5_1: d, m (f16), qh (u32), 16 bytes; element = 5-bit value·d + m.
    static func q5_1(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        for i in 0..<blocks {
            let block = source + i * 24
            let d = f16(block, 0, table)
            let m = f16(block, 2, table)
            let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let qs = block.assumingMemoryBound(to: UInt8.self) + 8
            let out = y + i * 32
            for j in 0..<16 {
                let high0 = ((qh >> UInt32(j)) << 4) & 0x10
                let high1 = (qh >> UInt32(j + 12)) & 0x10
                out[j] = Float(UInt32(qs[j] & 0x0F) | high0) * d + m
                out[j + 16] = Float(UInt32(qs[j] >> 4) | high1) * d + m
            }
        }
    }

    /// Q8_0: d (f16), 32 int8; element = q·d.
    static func q8_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        #if DEBUG
        for i in 0..<blocks {
            let block = source + i * 34
            let d = f16(block, 0, table)
            let qs = (block + 2).assumingMemoryBound(to: Int8.self)
            let out = y + i * 32
            for j in 0..<32 { out[j] = Float(qs[j]) * d }
        }
        #else
        for i in 0..<blocks {
            let block = source + i * 34
            let d = SIMD16<Float>(repeating: f16(block, 0, table))
            let first = block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)
            let second = block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)
            let out = UnsafeMutableRawPointer(y + i * 32)
            out.storeBytes(of: SIMD16<Float>(first) * d, as: SIMD16<Float>.self)
            out.storeBytes(of: SIMD16<Float>(second) * d, toByteOffset: 64, as: SIMD16<Float>.self)
        }
        #endif
    }

    /// Q2_K: 16 bytes of (4-bit scale | 4-bit min << 4) per 16 elements, 64 bytes of 2-bit quants, d, dmin (f16).
    /// Element e: quant = (qs[32·(e/128) + e%32] >> 2·((e%128)/32)) & 3; element = d·scale·q − dmin·min, for
    /// sub-block e/16.
    static func q2_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        for i in 0..<blocks {
            let block = source + i * 84
            let bytes = block.assumingMemoryBound(to: UInt8.self)
            let d = f16(block, 80, table)
            let dmin = f16(block, 82, table)
            var q = bytes + 16
            var out = y + i * 256
            var sub = 0
            for _ in 0..<2 {
                var shift: UInt8 = 0
                for _ in 0..<4 {
                    for part in 0..<2 {
                        let scale = bytes[sub]
                        sub += 1
                        let dl = d * Float(scale & 0x0F), ml = dmin * Float(scale >> 4)
                        for l in 0..<16 { out[l] = dl * Float((q[l + 16 * part] >> shift) & 3) - ml }
                        out += 16
                    }
                    shift += 2
                }
                q += 32
            }
        }
    }

    /// The 6-bit signed-offset scale `j` (0..<16) of Q3_K: low four bits from the nibbles of bytes 0-7, top two
    /// bits from bytes 8-11; minus 32.
    @inline(__always) static func scaleQ3K(_ j: Int, _ scales: UnsafePointer<UInt8>) -> Int32 {
        let low = j < 8 ? scales[j] & 0x0F : scales[j - 8] >> 4
        let high = (scales[8 + j % 4] >> UInt8(2 * (j / 4))) & 3
        return Int32(low | high << 4) - 32
    }

    /// Q3_K: 32 bytes `hmask` (3rd bit), 64 bytes of 2-bit quants, 12 bytes of 6-bit scales, d (f16).
    /// Element = d·(scale − 32)·(2-bit value − (hmask bit set ? 0 : 4)).
    static func q3_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        for i in 0..<blocks {
            let block = source + i * 110
            let bytes = block.assumingMemoryBound(to: UInt8.self)
            let hmask = bytes
            var q = bytes + 32
            let scales = bytes + 96
            let d = f16(block, 108, table)
            var out = y + i * 256
            var sub = 0
            var mask: UInt8 = 1
            for _ in 0..<2 {
                var shift: UInt8 = 0
                for _ in 0..<4 {
                    for part in 0..<2 {
                        let dl = d * Float(scaleQ3K(sub, scales))
                        sub += 1
                        for l in 0..<16 {
                            let index = l + 16 * part
                            let value = Int32((q[index] >> shift) & 3) - (hmask[index] & mask != 0 ? 0 : 4)
                            out[l] = dl * Float(value)
                        }
                        out += 16
                    }
                    shift += 2
                    mask <<= 1
                }
                q += 32
            }
        }
    }

    /// The 6-bit scale and min of sub-block `j` (0..<8) packed in the 12 `scales` bytes of Q4_K/Q5_K.
    @inline(__always) static func scaleMinK4(_ j: Int, _ q: UnsafePointer<UInt8>) -> (scale: UInt8, min: UInt8) {
        if j < 4 { return (q[j] & 63, q[j + 4] & 63) }
        return ((q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4), (q[j + 4] >> 4) | ((q[j] >> 6) << 4))
    }

    /// Q4_K: d, dmin (f16), 12 bytes of 6-bit scales/mins, 128 bytes of nibbles. Four 64-element groups; in
    /// each, 32 low nibbles use sub-block 2g and 32 high nibbles sub-block 2g+1: element = d·sc·q − dmin·m.
    static func q4_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        for i in 0..<blocks {
            let block = source + i * 144
            let d = f16(block, 0, table)
            let dmin = f16(block, 2, table)
            let scales = block.assumingMemoryBound(to: UInt8.self) + 4
            var q = block.assumingMemoryBound(to: UInt8.self) + 16
            var out = y + i * 256
            for group in 0..<4 {
                let (sc1, m1raw) = scaleMinK4(2 * group, scales)
                let (sc2, m2raw) = scaleMinK4(2 * group + 1, scales)
                let d1 = d * Float(sc1), m1 = dmin * Float(m1raw)
                let d2 = d * Float(sc2), m2 = dmin * Float(m2raw)
                for l in 0..<32 { out[l] = d1 * Float(q[l] & 0x0F) - m1 }
                for l in 0..<32 { out[l + 32] = d2 * Float(q[l] >> 4) - m2 }
                q += 32
                out += 64
            }
        }
    }

    /// Q5_K: as Q4_K plus 32 bytes `qh` whose bits (2g, 2g+1) add 16 to the low/high nibble of group g.
    static func q5_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        for i in 0..<blocks {
            let block = source + i * 176
            let d = f16(block, 0, table)
            let dmin = f16(block, 2, table)
            let bytes = block.assumingMemoryBound(to: UInt8.self)
            let scales = bytes + 4
            let qh = bytes + 16
            var ql = bytes + 48
            var out = y + i * 256
            var u1: UInt8 = 1, u2: UInt8 = 2
            for group in 0..<4 {
                let (sc1, m1raw) = scaleMinK4(2 * group, scales)
                let (sc2, m2raw) = scaleMinK4(2 * group + 1, scales)
                let d1 = d * Float(sc1), m1 = dmin * Float(m1raw)
                let d2 = d * Float(sc2), m2 = dmin * Float(m2raw)
                for l in 0..<32 { out[l] = d1 * Float(Int32(ql[l] & 0x0F) + (qh[l] & u1 != 0 ? 16 : 0)) - m1 }
                for l in 0..<32 { out[l + 32] = d2 * Float(Int32(ql[l] >> 4) + (qh[l] & u2 != 0 ? 16 : 0)) - m2 }
                ql += 32
                out += 64
                u1 <<= 2
                u2 <<= 2
            }
        }
    }

    /// Q6_K: 128 bytes low nibbles `ql`, 64 bytes 2-bit highs `qh`, 16 int8 scales, d (f16).
    /// Two halves of 128 elements; element = d·scale·(6-bit value − 32).
    static func q6_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        let table = FloatConversion.halfLookup
        for i in 0..<blocks {
            let block = source + i * 210
            let bytes = block.assumingMemoryBound(to: UInt8.self)
            let d = f16(block, 208, table)
            var ql = bytes
            var qh = bytes + 128
            var sc = (block + 192).assumingMemoryBound(to: Int8.self)
            var out = y + i * 256
            for _ in 0..<2 {
                for l in 0..<32 {
                    let s = l / 16
                    let q1 = Int32((ql[l] & 0x0F) | ((qh[l] & 3) << 4)) - 32
                    let q2 = Int32((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32
                    let q3 = Int32((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
                    let q4 = Int32((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32
                    out[l] = d * Float(sc[s]) * Float(q1)
                    out[l + 32] = d * Float(sc[s + 2]) * Float(q2)
                    out[l + 64] = d * Float(sc[s + 4]) * Float(q3)
                    out[l + 96] = d * Float(sc[s + 6]) * Float(q4)
                }
                out += 128
                ql += 64
                qh += 32
                sc += 8
            }
        }
    }

    /// Q8_K: d (f32), 256 int8, 16 int16 block sums (unused here); element = d·q.
    static func q8_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        for i in 0..<blocks {
            let block = source + i * 292
            let d = Float(bitPattern: UInt32(littleEndian: block.loadUnaligned(as: UInt32.self)))
            let qs = (block + 4).assumingMemoryBound(to: Int8.self)
            let out = y + i * 256
            for j in 0..<256 { out[j] = d * Float(qs[j]) }
        }
    }
}
