import Foundation
import XCTest
@testable import WeightIO

/// Each ggml block format, built byte by byte and checked against values derived from the format definition:
/// a few literal values computed by hand, then every element of pseudo-random blocks against a per-element
/// statement of the layout (independent of the kernels' loop structure).
final class DequantizeTests: XCTestCase {
    /// Deterministic bytes.
    struct Bytes {
        var state: UInt64
        mutating func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        mutating func take(_ n: Int) -> [UInt8] { (0..<n).map { _ in next() } }
    }

    func dequantize(_ type: GGMLType, _ block: [UInt8], count: Int) throws -> [Float] {
        XCTAssertEqual(block.count, count / type.blockSize * type.blockByteCount)
        var out = [Float](repeating: .nan, count: count)
        try block.withUnsafeBytes { source in
            try out.withUnsafeMutableBufferPointer { try GGMLDequantizer.dequantize(type, from: source.baseAddress!, count: count, into: $0.baseAddress!) }
        }
        return out
    }

    func half(_ bytes: [UInt8], _ offset: Int) -> Float { FloatConversion.halfToFloat(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8) }

    /// A random f16 scale that is finite and moderate (exponent field 10...17).
    func scaleBytes(_ random: inout Bytes) -> [UInt8] {
        let mantissa = UInt16(random.next()) | UInt16(random.next() & 0x03) << 8
        let exponent = UInt16(10 + random.next() % 8)
        let sign: UInt16 = random.next() & 1 == 0 ? 0 : 0x8000
        let bits = sign | exponent << 10 | mantissa
        return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
    }

    // MARK: 32-element formats

    func testQ4_0() throws {
        var block: [UInt8] = []
        block.f16(.half)
        for j in 0..<16 { block.u8(UInt8(j) | UInt8(15 - j) << 4) }
        let y = try dequantize(.q4_0, block, count: 32)
        XCTAssertEqual(y[0], -4)     // (0 - 8) * 0.5
        XCTAssertEqual(y[15], 3.5)   // (15 - 8) * 0.5
        XCTAssertEqual(y[16], 3.5)   // high nibble of byte 0 is 15
        XCTAssertEqual(y[31], -4)
        var random = Bytes(state: 1)
        for _ in 0..<50 {
            let bytes = scaleBytes(&random) + random.take(16)
            let d = half(bytes, 0)
            let y = try dequantize(.q4_0, bytes, count: 32)
            for e in 0..<32 {
                let byte = bytes[2 + e % 16]
                let q = e < 16 ? Int(byte & 0xF) : Int(byte >> 4)
                XCTAssertEqual(y[e], Float(q - 8) * d)
            }
        }
    }

    func testQ4_1() throws {
        var block: [UInt8] = []
        block.f16(.quarter)
        block.f16(.minusOne)
        for j in 0..<16 { block.u8(UInt8(j) | 0xF0) }
        let y = try dequantize(.q4_1, block, count: 32)
        XCTAssertEqual(y[0], -1)       // 0 * 0.25 - 1
        XCTAssertEqual(y[4], 0)        // 4 * 0.25 - 1
        XCTAssertEqual(y[15], 2.75)    // 15 * 0.25 - 1
        XCTAssertEqual(y[20], 2.75)    // high nibbles are all 15
        var random = Bytes(state: 2)
        for _ in 0..<50 {
            let bytes = scaleBytes(&random) + scaleBytes(&random) + random.take(16)
            let d = half(bytes, 0), m = half(bytes, 2)
            let y = try dequantize(.q4_1, bytes, count: 32)
            for e in 0..<32 {
                let byte = bytes[4 + e % 16]
                let q = e < 16 ? byte & 0xF : byte >> 4
                XCTAssertEqual(y[e], Float(q) * d + m)
            }
        }
    }

    func testQ5_0() throws {
        var block: [UInt8] = []
        block.f16(.one)
        block.u32(0x0001_0001)  // 5th bit set for element 0 and element 16
        block += [UInt8](repeating: 0x00, count: 16)
        let y = try dequantize(.q5_0, block, count: 32)
        XCTAssertEqual(y[0], 0)     // (0 | 16) - 16
        XCTAssertEqual(y[1], -16)   // 0 - 16
        XCTAssertEqual(y[16], 0)
        XCTAssertEqual(y[17], -16)
        var random = Bytes(state: 3)
        for _ in 0..<50 {
            let bytes = scaleBytes(&random) + random.take(20)
            let d = half(bytes, 0)
            let qh = UInt32(bytes[2]) | UInt32(bytes[3]) << 8 | UInt32(bytes[4]) << 16 | UInt32(bytes[5]) << 24
            let y = try dequantize(.q5_0, bytes, count: 32)
            for e in 0..<32 {
                let byte = bytes[6 + e % 16]
                let low = e < 16 ? Int(byte & 0xF) : Int(byte >> 4)
                let high = Int((qh >> UInt32(e)) & 1) << 4    // bit e of qh is the 5th bit of element e
                XCTAssertEqual(y[e], Float(low + high - 16) * d)
            }
        }
    }

    func testQ5_1() throws {
        var random = Bytes(state: 4)
        for _ in 0..<50 {
            let bytes = scaleBytes(&random) + scaleBytes(&random) + random.take(20)
            let d = half(bytes, 0), m = half(bytes, 2)
            let qh = UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 24
            let y = try dequantize(.q5_1, bytes, count: 32)
            for e in 0..<32 {
                let byte = bytes[8 + e % 16]
                let low = e < 16 ? Int(byte & 0xF) : Int(byte >> 4)
                let high = Int((qh >> UInt32(e)) & 1) << 4
                XCTAssertEqual(y[e], Float(low + high) * d + m)
            }
        }
        var block: [UInt8] = []
        block.f16(.two); block.f16(.half); block.u32(0xFFFF_FFFF); block += [UInt8](repeating: 0xFF, count: 16)
        XCTAssertEqual(try dequantize(.q5_1, block, count: 32), [Float](repeating: 62.5, count: 32))  // 31 * 2 + 0.5
    }

    func testQ8_0() throws {
        var block: [UInt8] = []
        block.f16(.half)
        for j in 0..<32 { block.u8(UInt8(bitPattern: Int8(j * 8 - 128))) }
        let y = try dequantize(.q8_0, block, count: 32)
        XCTAssertEqual(y[0], -64)     // -128 * 0.5
        XCTAssertEqual(y[16], 0)
        XCTAssertEqual(y[31], 60)     // 120 * 0.5
        var random = Bytes(state: 5)
        for _ in 0..<50 {
            let bytes = scaleBytes(&random) + random.take(32)
            let d = half(bytes, 0)
            let y = try dequantize(.q8_0, bytes, count: 32)
            for e in 0..<32 { XCTAssertEqual(y[e], Float(Int8(bitPattern: bytes[2 + e])) * d) }
        }
    }

    // MARK: K-quants (256-element super-blocks)

    /// Packs 8 six-bit scales and 8 six-bit mins into the 12 bytes of Q4_K/Q5_K: sub-blocks 0-3 use the low six
    /// bits of bytes 0-3 (scale) and 4-7 (min); sub-blocks 4-7 keep their low four bits in bytes 8-11 (scale in
    /// the low nibble, min in the high nibble) and their top two bits in bits 6-7 of bytes 0-3 (scale) and 4-7 (min).
    func packScales(_ scales: [UInt8], _ mins: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 12)
        for j in 0..<4 {
            out[j] = scales[j] | (scales[j + 4] >> 4) << 6
            out[j + 4] = mins[j] | (mins[j + 4] >> 4) << 6
            out[j + 8] = (scales[j + 4] & 0xF) | (mins[j + 4] & 0xF) << 4
        }
        return out
    }

    /// Q2_K per the quantizer's packing: scales[j] = scale | min << 4 for 16-element sub-block j;
    /// qs[32·half + l] holds elements (half·128 + l + 32·k) for k = 0..3 in bits 2k, 2k+1.
    func testQ2_K() throws {
        var random = Bytes(state: 9)
        for _ in 0..<20 {
            let scales = random.take(16)
            let qs = random.take(64)
            let bytes = scales + qs + scaleBytes(&random) + scaleBytes(&random)
            let d = half(bytes, 80), dmin = half(bytes, 82)
            let y = try dequantize(.q2_K, bytes, count: 256)
            for e in 0..<256 {
                let halfIndex = e / 128, k = (e % 128) / 32, l = e % 32
                let q = (qs[halfIndex * 32 + l] >> UInt8(2 * k)) & 3
                let sc = scales[e / 16]
                XCTAssertEqual(y[e], d * Float(sc & 0xF) * Float(q) - dmin * Float(sc >> 4), "element \(e)")
            }
        }
        // Literal: every quant 3, scale byte 0x21 (scale 1, min 2), d = 1, dmin = 0.5 → 1·3 − 0.5·2 = 2.
        var block = [UInt8](repeating: 0x21, count: 16) + [UInt8](repeating: 0xFF, count: 64)
        block.f16(.one); block.f16(.half)
        XCTAssertEqual(try dequantize(.q2_K, block, count: 256), [Float](repeating: 2, count: 256))
    }

    /// Q3_K per the quantizer's packing: 6-bit scale j has its low nibble in byte j (j < 8) or the high nibble of
    /// byte j−8, and its top two bits at bits 2·(j/4) of byte 8 + j%4; the stored value is scale + 32. Element e's
    /// 3rd bit is bit (e/32) of hmask[e%32]; its two low bits are packed like Q2_K.
    func testQ3_K() throws {
        func packQ3Scales(_ values: [UInt8]) -> [UInt8] {  // values are already offset by 32 (0...63)
            var out = [UInt8](repeating: 0, count: 12)
            for j in 0..<16 {
                if j < 8 { out[j] = values[j] & 0xF } else { out[j - 8] |= (values[j] & 0xF) << 4 }
                out[8 + j % 4] |= (values[j] >> 4) << UInt8(2 * (j / 4))
            }
            return out
        }
        var random = Bytes(state: 10)
        for _ in 0..<20 {
            let stored = (0..<16).map { _ in random.next() & 63 }
            let hmask = random.take(32)
            let qs = random.take(64)
            let bytes = hmask + qs + packQ3Scales(stored) + scaleBytes(&random)
            let d = half(bytes, 108)
            let y = try dequantize(.q3_K, bytes, count: 256)
            for e in 0..<256 {
                let halfIndex = e / 128, k = (e % 128) / 32, l = e % 32
                let low = Int((qs[halfIndex * 32 + l] >> UInt8(2 * k)) & 3)
                let highBitSet = (hmask[l] >> UInt8(e / 32)) & 1 == 1
                let value = low - (highBitSet ? 0 : 4)
                XCTAssertEqual(y[e], d * Float(Int(stored[e / 16]) - 32) * Float(value), "element \(e)")
            }
        }
        // Literal: no high bits, quants 0 → value −4; stored scale 33 → scale 1; d = 0.5 → −2 everywhere.
        var block = [UInt8](repeating: 0, count: 96) + packQ3Scales([UInt8](repeating: 33, count: 16))
        block.f16(.half)
        XCTAssertEqual(try dequantize(.q3_K, block, count: 256), [Float](repeating: -2, count: 256))
    }

    func testQ4_KHandBuilt() throws {
        let scales: [UInt8] = [1, 2, 3, 63, 17, 40, 0, 33]
        let mins: [UInt8] = [0, 5, 63, 1, 48, 2, 31, 16]
        var block: [UInt8] = []
        block.f16(.one)       // d
        block.f16(.half)      // dmin
        block += packScales(scales, mins)
        for g in 0..<4 { for l in 0..<32 { block.u8(UInt8((l + g) % 16) | UInt8(15 - (l % 16)) << 4) } }
        let y = try dequantize(.q4_K, block, count: 256)
        XCTAssertEqual(y[0], 1 * 1 * 0 - 0.5 * 0)             // sub-block 0, q = 0
        XCTAssertEqual(y[33], 1 * 2 * 14 - 0.5 * 5)           // sub-block 1 (high nibbles of group 0), l = 1: q = 14
        XCTAssertEqual(y[64 + 3], 1 * 3 * 4 - 0.5 * 63)       // sub-block 2, l = 3, g = 1: q = 4
        XCTAssertEqual(y[128 + 32 + 5], 1 * 40 * 10 - 0.5 * 2) // sub-block 5 (high nibbles, g = 2): q = 15 - 5
        XCTAssertEqual(y[192 + 32 + 31], 1 * 33 * 0 - 0.5 * 16) // sub-block 7: q = 15 - 15
        XCTAssertEqual(y[192 + 0], 1 * 0 * 3 - 0.5 * 31)       // sub-block 6 has scale 0
    }

    func testQ4_KRandom() throws {
        var random = Bytes(state: 6)
        for _ in 0..<20 {
            let scales = (0..<8).map { _ in random.next() & 63 }
            let mins = (0..<8).map { _ in random.next() & 63 }
            let header = scaleBytes(&random) + scaleBytes(&random)
            let qs = random.take(128)
            let bytes = header + packScales(scales, mins) + qs
            let d = half(bytes, 0), dmin = half(bytes, 2)
            let y = try dequantize(.q4_K, bytes, count: 256)
            for e in 0..<256 {
                let group = e / 64, within = e % 64
                let sub = 2 * group + (within >= 32 ? 1 : 0)
                let byte = qs[group * 32 + within % 32]
                let q = within < 32 ? byte & 0xF : byte >> 4
                XCTAssertEqual(y[e], d * Float(scales[sub]) * Float(q) - dmin * Float(mins[sub]), "element \(e)")
            }
        }
    }

    func testQ5_KRandom() throws {
        var random = Bytes(state: 7)
        for _ in 0..<20 {
            let scales = (0..<8).map { _ in random.next() & 63 }
            let mins = (0..<8).map { _ in random.next() & 63 }
            let header = scaleBytes(&random) + scaleBytes(&random)
            let qh = random.take(32)
            let qs = random.take(128)
            let bytes = header + packScales(scales, mins) + qh + qs
            let d = half(bytes, 0), dmin = half(bytes, 2)
            let y = try dequantize(.q5_K, bytes, count: 256)
            for e in 0..<256 {
                let group = e / 64, within = e % 64, l = within % 32
                let sub = 2 * group + (within >= 32 ? 1 : 0)
                let low = within < 32 ? qs[group * 32 + l] & 0xF : qs[group * 32 + l] >> 4
                let high = (qh[l] >> UInt8(sub)) & 1     // bit `sub` of qh[l] is the 5th bit
                let q = Int(low) + Int(high) * 16
                XCTAssertEqual(y[e], d * Float(scales[sub]) * Float(q) - dmin * Float(mins[sub]), "element \(e)")
            }
        }
        // All 5th bits set, all nibbles 15, d = 1, dmin = 0, every scale 1: every element is 31.
        var block: [UInt8] = []
        block.f16(.one); block.u16(0)
        block += packScales([UInt8](repeating: 1, count: 8), [UInt8](repeating: 0, count: 8))
        block += [UInt8](repeating: 0xFF, count: 32 + 128)
        XCTAssertEqual(try dequantize(.q5_K, block, count: 256), [Float](repeating: 31, count: 256))
    }

    func testQ6_K() throws {
        var random = Bytes(state: 8)
        for _ in 0..<20 {
            let ql = random.take(128)
            let qh = random.take(64)
            let scales = random.take(16)
            let dBytes = scaleBytes(&random)
            let bytes = ql + qh + scales + dBytes
            let d = half(bytes, 208)
            let y = try dequantize(.q6_K, bytes, count: 256)
            for e in 0..<256 {
                // halves of 128; each half has four quarters of 32 elements
                let halfIndex = e / 128, quarter = (e % 128) / 32, l = e % 32
                let lowByte = ql[halfIndex * 64 + l + (quarter % 2 == 1 ? 32 : 0)]
                let low = quarter < 2 ? lowByte & 0xF : lowByte >> 4
                let high = (qh[halfIndex * 32 + l] >> UInt8(2 * quarter)) & 3
                let q = Int(low | high << 4) - 32
                let scale = Int8(bitPattern: scales[halfIndex * 8 + l / 16 + 2 * quarter])
                XCTAssertEqual(y[e], d * Float(scale) * Float(q), "element \(e)")
            }
        }
        // Literal: all quants 0 → q = -32; scales 1..16; d = 0.5 → element e of quarter k in half h, l = e%32:
        var block = [UInt8](repeating: 0, count: 192)
        block += (1...16).map { UInt8($0) }
        block.f16(.half)
        let y = try dequantize(.q6_K, block, count: 256)
        XCTAssertEqual(y[0], 0.5 * 1 * -32)     // scale index 0
        XCTAssertEqual(y[16], 0.5 * 2 * -32)    // l = 16 → scale index 1
        XCTAssertEqual(y[32], 0.5 * 3 * -32)    // quarter 1 → scale index 2
        XCTAssertEqual(y[255], 0.5 * 16 * -32)  // half 1, quarter 3, l = 31 → 8 + 1 + 6 = 15
    }

    func testQ8_K() throws {
        var block: [UInt8] = []
        block.f32(0.125)
        for j in 0..<256 { block.u8(UInt8(truncatingIfNeeded: j)) }
        block += [UInt8](repeating: 0, count: 32)  // block sums, unused
        let y = try dequantize(.q8_K, block, count: 256)
        for j in 0..<256 { XCTAssertEqual(y[j], 0.125 * Float(Int8(truncatingIfNeeded: j))) }
    }

    /// Not a timed assertion: prints single-core throughput of each format on 1 MB of random blocks
    /// (meaningful in release builds only; see docs/weight-formats.md).
    func testThroughputReport() throws {
        var random = Bytes(state: 11)
        #if DEBUG
        let repeats = 1
        #else
        let repeats = 20
        #endif
        for type: GGMLType in [.q4_0, .q4_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K] {
            let elements = 1 << 18
            let blocks = elements / type.blockSize
            var bytes: [UInt8] = []
            for _ in 0..<blocks {
                var block = random.take(type.blockByteCount)
                let scaleOffset = type == .q6_K ? 208 : (type == .q3_K ? 108 : (type == .q2_K ? 80 : 0))
                block.replaceSubrange(scaleOffset..<(scaleOffset + 2), with: scaleBytes(&random))
                if type == .q4_1 || type == .q4_K || type == .q5_K || type == .q2_K {
                    let second = type == .q2_K ? 82 : 2
                    block.replaceSubrange(second..<(second + 2), with: scaleBytes(&random))
                }
                bytes += block
            }
            var out = [Float](repeating: 0, count: elements)
            let start = Date()
            try bytes.withUnsafeBytes { source in
                try out.withUnsafeMutableBufferPointer { target in
                    for _ in 0..<repeats { try GGMLDequantizer.dequantize(type, from: source.baseAddress!, count: elements, into: target.baseAddress!) }
                }
            }
            let seconds = Date().timeIntervalSince(start)
            XCTAssertTrue(out.allSatisfy(\.isFinite), type.name)
            print(String(format: "%@: %.0f M floats/s on one core", type.name, Double(elements * repeats) / seconds / 1e6))
        }
    }

    func testBadArgumentsAreErrors() throws {
        let bytes = [UInt8](repeating: 0, count: 64)
        var out = [Float](repeating: 0, count: 64)
        assertWeightIOError(.invalidArgument, mentions: ["block size 32"]) {
            try bytes.withUnsafeBytes { source in
                try out.withUnsafeMutableBufferPointer { try GGMLDequantizer.dequantize(.q8_0, from: source.baseAddress!, count: 31, into: $0.baseAddress!) }
            }
        }
        assertWeightIOError(.unsupportedConversion, mentions: ["IQ4_XS"]) {
            try bytes.withUnsafeBytes { source in
                try out.withUnsafeMutableBufferPointer { try GGMLDequantizer.dequantize(.iq4_xs, from: source.baseAddress!, count: 0, into: $0.baseAddress!) }
            }
        }
    }
}
