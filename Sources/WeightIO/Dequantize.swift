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

    /// The f16 scale stored at `offset` in `block`, as Float.
    @inline(__always) static func f16(_ block: UnsafeRawPointer, _ offset: Int) -> Float {
        FloatConversion.half(UInt16(littleEndian: block.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// Q4_0: d (f16), 16 bytes; element j = (low nibble − 8)·d, element j+16 = (high nibble − 8)·d.
    static func q4_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        eachBlock(source, blocks, bytes: 18, y) { block, out in
            let qs = block.loadUnaligned(fromByteOffset: 2, as: SIMD16<UInt8>.self)
            let d = SIMD16<Float>(repeating: f16(block, 0)), eight = SIMD16<Float>(repeating: 8)
            // (q − 8) is exact in Float, so this equals converting the integer difference
            storeHalves(out, (SIMD16<Float>(qs & 0x0F) - eight) * d, (SIMD16<Float>(qs &>> 4) - eight) * d)
        }
    }

    /// Q4_1: d, m (f16), 16 bytes; element = nibble·d + m (low nibbles are elements 0..<16, high 16..<32).
    static func q4_1(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        eachBlock(source, blocks, bytes: 20, y) { block, out in
            let qs = block.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self)
            let d = SIMD16<Float>(repeating: f16(block, 0)), m = SIMD16<Float>(repeating: f16(block, 2))
            storeHalves(out, SIMD16<Float>(qs & 0x0F) * d + m, SIMD16<Float>(qs &>> 4) * d + m)
        }
    }

    /// Q8_0: d (f16), 32 int8; element = q·d.
    static func q8_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        eachBlock(source, blocks, bytes: 34, y) { block, out in
            let d = SIMD16<Float>(repeating: f16(block, 0))
            storeHalves(out, SIMD16<Float>(block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)) * d,
                        SIMD16<Float>(block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)) * d)
        }
    }

    /// Calls `body` with each 32-element block of `bytes` bytes and the place of its 32 floats in `y`.
    @inline(__always)
    private static func eachBlock(_ source: UnsafeRawPointer, _ blocks: Int, bytes: Int, _ y: UnsafeMutablePointer<Float>,
                                  _ body: (UnsafeRawPointer, UnsafeMutableRawPointer) -> Void) {
        for i in 0..<blocks { body(source + i * bytes, UnsafeMutableRawPointer(y + i * 32)) }
    }

    /// Stores a block's elements 0..<16 and 16..<32.
    @inline(__always)
    private static func storeHalves(_ out: UnsafeMutableRawPointer, _ low: SIMD16<Float>, _ high: SIMD16<Float>) {
        out.storeBytes(of: low, as: SIMD16<Float>.self)
        out.storeBytes(of: high, toByteOffset: 64, as: SIMD16<Float>.self)
    }

    /// Q5_0: d (f16), qh (u32: bit j = 5th bit of element j), 16 bytes; element = (5-bit value − 16)·d.
    static func q5_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        fiveBit(source, blocks, y, blockBytes: 22, valueOffset: 16)
    }

    /// Q5_1: d, m (f16), qh (u32), 16 bytes; element = 5-bit value·d + m.
    static func q5_1(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>) {
        fiveBit(source, blocks, y, blockBytes: 24, valueOffset: 0)
    }

    /// Q5_0 and Q5_1: element = (value − valueOffset)·d + m, where Q5_0 has no m (adding −0.0 leaves every
    /// product's bits as ggml's `(value − 16)·d`).
    private static func fiveBit(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutablePointer<Float>,
                                blockBytes: Int, valueOffset: Int32) {
        let hasMin = blockBytes == 24
        for i in 0..<blocks {
            let block = source + i * blockBytes
            let d = f16(block, 0)
            let m = hasMin ? f16(block, 2) : -0.0
            let headerBytes = hasMin ? 4 : 2
            let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: headerBytes, as: UInt32.self))
            let qs = block.assumingMemoryBound(to: UInt8.self) + headerBytes + 4
            let out = y + i * 32
            for j in 0..<16 {
                let high0 = ((qh >> UInt32(j)) << 4) & 0x10
                let high1 = (qh >> UInt32(j + 12)) & 0x10
                out[j] = Float(Int32(UInt32(qs[j] & 0x0F) | high0) - valueOffset) * d + m
                out[j + 16] = Float(Int32(UInt32(qs[j] >> 4) | high1) - valueOffset) * d + m
            }
        }
    }
}
