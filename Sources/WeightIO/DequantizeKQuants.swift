import Foundation

/// The K-quant formats (256-element super-blocks): ggml-quants.c `dequantize_row_q{2,3,4,5,6,8}_K`.
/// Q4_K and Q6_K (the most common in downloads) use 16-lane SIMD; every format gives the same bits as ggml's
/// reference.
extension GGMLDequantizer {
    /// Q2_K: 16 bytes of (4-bit scale | 4-bit min << 4) per 16 elements, 64 bytes of 2-bit quants, d, dmin (f16).
    /// Element e: quant = (qs[32·(e/128) + e%32] >> 2·((e%128)/32)) & 3; element = d·scale·q − dmin·min, for
    /// sub-block e/16.
    static func q2_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        for i in 0..<blocks {
            let block = source + i * 84
            let bytes = block.assumingMemoryBound(to: UInt8.self)
            let d = f16(block, 80)
            let dmin = f16(block, 82)
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
        for i in 0..<blocks {
            let block = source + i * 110
            let bytes = block.assumingMemoryBound(to: UInt8.self)
            let hmask = bytes
            var q = bytes + 32
            let scales = bytes + 96
            let d = f16(block, 108)
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
        for i in 0..<blocks {
            let block = source + i * 144
            let d = f16(block, 0)
            let dmin = f16(block, 2)
            let scales = block.assumingMemoryBound(to: UInt8.self) + 4
            var q = block.assumingMemoryBound(to: UInt8.self) + 16
            var out = y + i * 256
            for group in 0..<4 {
                let (sc1, m1raw) = scaleMinK4(2 * group, scales)
                let (sc2, m2raw) = scaleMinK4(2 * group + 1, scales)
                let d1 = d * Float(sc1), m1 = dmin * Float(m1raw)
                let d2 = d * Float(sc2), m2 = dmin * Float(m2raw)
                let raw = UnsafeMutableRawPointer(out)
                for half in 0..<2 {
                    let bytes = UnsafeRawPointer(q).loadUnaligned(fromByteOffset: 16 * half, as: SIMD16<UInt8>.self)
                    raw.storeBytes(of: SIMD16<Float>(repeating: d1) * SIMD16<Float>(bytes & 0x0F) - SIMD16<Float>(repeating: m1),
                                   toByteOffset: 64 * half, as: SIMD16<Float>.self)
                    raw.storeBytes(of: SIMD16<Float>(repeating: d2) * SIMD16<Float>(bytes &>> 4) - SIMD16<Float>(repeating: m2),
                                   toByteOffset: 128 + 64 * half, as: SIMD16<Float>.self)
                }
                q += 32
                out += 64
            }
        }
    }

    /// Q5_K: as Q4_K plus 32 bytes `qh` whose bits (2g, 2g+1) add 16 to the low/high nibble of group g.
    static func q5_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        for i in 0..<blocks {
            let block = source + i * 176
            let d = f16(block, 0)
            let dmin = f16(block, 2)
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
        for i in 0..<blocks {
            let block = source + i * 210
            let bytes = block.assumingMemoryBound(to: UInt8.self)
            let d = f16(block, 208)
            var ql = bytes
            var qh = bytes + 128
            var sc = (block + 192).assumingMemoryBound(to: Int8.self)
            var out = y + i * 256
            for _ in 0..<2 {
                let raw = UnsafeMutableRawPointer(out)
                for s in 0..<2 {  // l in 16·s ..< 16·s + 16 share the scales sc[s], sc[s+2], sc[s+4], sc[s+6]
                    let low = UnsafeRawPointer(ql).loadUnaligned(fromByteOffset: 16 * s, as: SIMD16<UInt8>.self)
                    let lowNext = UnsafeRawPointer(ql).loadUnaligned(fromByteOffset: 32 + 16 * s, as: SIMD16<UInt8>.self)
                    let high = UnsafeRawPointer(qh).loadUnaligned(fromByteOffset: 16 * s, as: SIMD16<UInt8>.self)
                    let q1 = (low & 0x0F) | ((high & 3) &<< 4)
                    let q2 = (lowNext & 0x0F) | (((high &>> 2) & 3) &<< 4)
                    let q3 = (low &>> 4) | (((high &>> 4) & 3) &<< 4)
                    let q4 = (lowNext &>> 4) | (((high &>> 6) & 3) &<< 4)
                    q6Store(q1, scale: d * Float(sc[s]), raw, 4 * (16 * s))
                    q6Store(q2, scale: d * Float(sc[s + 2]), raw, 4 * (32 + 16 * s))
                    q6Store(q3, scale: d * Float(sc[s + 4]), raw, 4 * (64 + 16 * s))
                    q6Store(q4, scale: d * Float(sc[s + 6]), raw, 4 * (96 + 16 * s))
                }
                out += 128
                ql += 64
                qh += 32
                sc += 8
            }
        }
    }

    /// Stores `scale · (q − 32)` for 16 six-bit quants at `byteOffset`.
    @inline(__always) private static func q6Store(_ q: SIMD16<UInt8>, scale: Float, _ raw: UnsafeMutableRawPointer, _ byteOffset: Int) {
        let values = SIMD16<Float>(q) - SIMD16<Float>(repeating: 32)  // exact, as the integer difference
        raw.storeBytes(of: SIMD16<Float>(repeating: scale) * values, toByteOffset: byteOffset, as: SIMD16<Float>.self)
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
