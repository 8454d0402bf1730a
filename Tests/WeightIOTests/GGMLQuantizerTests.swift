import XCTest
@testable import WeightIO

final class GGMLQuantizerTests: XCTestCase {
    func testQ8_0ByHand() throws {
        // max |x| = 127 → d = 1 (exact in F16); values round half away from zero.
        var x = [Float](repeating: 0, count: 32)
        x[0] = 127; x[1] = -2.5; x[2] = 2.5; x[3] = 0.49; x[4] = -127
        let bytes = try GGMLQuantizer.quantize(x, as: .q8_0)
        XCTAssertEqual(bytes.count, 34)
        XCTAssertEqual(Array(bytes.prefix(2)), [0x00, 0x3C])  // F16 1.0
        XCTAssertEqual(Array(bytes[2..<7]).map { Int8(bitPattern: $0) }, [127, -3, 3, 0, -127])
    }

    func testQ4_0AndQ4_1ByHand() throws {
        // Q4_0: the largest-magnitude value is −8 → d = 1; q = trunc(x + 8.5) clamped to 15.
        var x = (0..<32).map { Float($0 % 16) - 8 }   // −8 … 7
        var bytes = try GGMLQuantizer.quantize(x, as: .q4_0)
        XCTAssertEqual(Array(bytes.prefix(2)), [0x00, 0x3C])
        XCTAssertEqual(bytes[2], 0x00)                  // −8 → 0 in both nibbles
        XCTAssertEqual(bytes[17], 0xFF)                 // 7 → 15
        // Q4_1: min 0, max 15 → d = 1, m = 0; q = value.
        x = (0..<32).map { Float(($0 * 7) % 16) }
        bytes = try GGMLQuantizer.quantize(x, as: .q4_1)
        XCTAssertEqual(Array(bytes.prefix(4)), [0x00, 0x3C, 0x00, 0x00])
        for j in 0..<16 { XCTAssertEqual(bytes[4 + j], UInt8(x[j]) | UInt8(x[j + 16]) << 4) }
    }

    /// quantize → dequantize stays within half the format's step (plus the F16 rounding of the scale) on
    /// random data; for Q4_0 the asymmetric range (−8…7) allows a full step at the clamped end.
    func testRoundTripErrorIsBounded() throws {
        var state: UInt64 = 42
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)  // about −1 … 1
        }
        let values = (0..<(32 * 64)).map { _ in next() * 0.05 }
        for type: GGMLType in [.q8_0, .q4_0, .q4_1, .f16, .f32] {
            let matrix = try GGMLQuantizer.quantizedMatrix(values, rows: 64, columns: 32, as: type, name: "w")
            XCTAssertEqual(matrix.rows, 64)
            XCTAssertEqual(matrix.byteCount, 64 * 32 / type.blockSize * type.blockByteCount)
            let restored = matrix.dequantizeAll()
            for block in 0..<64 {
                let slice = values[(block * 32)..<(block * 32 + 32)]
                let amax = slice.map(abs).max() ?? 0
                let range = (slice.max() ?? 0) - (slice.min() ?? 0)
                let step: Float
                switch type {
                case .q8_0: step = amax / 127
                case .q4_0: step = amax / 4  // levels −8…7 of d = ±amax/8: the far end clamps at 7/8 of amax, one full step
                case .q4_1: step = range / 15
                default: step = amax * 1e-3
                }
                for j in 0..<32 {
                    let error = abs(restored[block * 32 + j] - values[block * 32 + j])
                    XCTAssertLessThanOrEqual(error, step * 0.51 + amax * 2e-3 + 1e-7, "\(type.name) block \(block) element \(j)")
                }
            }
            var row = [Float](repeating: 0, count: 32)
            try row.withUnsafeMutableBufferPointer { try matrix.dequantizeRow(5, into: $0.baseAddress!) }
            XCTAssertEqual(row, Array(restored[(5 * 32)..<(6 * 32)]))
        }
    }

    func testErrors() {
        assertWeightIOError(.unsupportedConversion, mentions: ["Q4_K"]) { try GGMLQuantizer.quantize([Float](repeating: 0, count: 256), as: .q4_K) }
        assertWeightIOError(.invalidArgument, mentions: ["block size 32"]) { try GGMLQuantizer.quantize([1, 2], as: .q8_0) }
        assertWeightIOError(.invalidArgument, mentions: ["nan"]) { try GGMLQuantizer.quantize([Float](repeating: .nan, count: 32), as: .q8_0) }
        assertWeightIOError(.invalidArgument, mentions: ["'w'", "rows of 48"]) { try GGMLQuantizer.quantizedMatrix([Float](repeating: 0, count: 96), rows: 2, columns: 48, as: .q4_1, name: "w") }
        // Tiny (subnormal) values whose scale underflows or whose inverse overflows do not trap.
        let tiny = Float(bitPattern: 8)       // about 1.1e-44
        XCTAssertNoThrow(try GGMLQuantizer.quantize([Float](repeating: tiny, count: 32), as: .q8_0))
        XCTAssertNoThrow(try GGMLQuantizer.quantize([Float](repeating: -tiny, count: 32), as: .q4_0))
        XCTAssertNoThrow(try GGMLQuantizer.quantize((0..<32).map { Float(bitPattern: UInt32($0)) }, as: .q4_1))
    }
}
