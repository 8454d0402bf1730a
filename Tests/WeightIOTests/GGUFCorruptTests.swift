import Foundation
import XCTest
@testable import WeightIO

/// Hostile and truncated GGUF headers: each gives its own clear error, never a crash or an unbounded allocation.
final class GGUFCorruptTests: XCTestCase {
    var folder: URL!
    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func open(_ bytes: [UInt8]) throws -> GGUFFile { try GGUFFile(url: try writeFile(bytes, named: "model.gguf", in: folder)) }

    /// "GGUF", version, tensor count, kv count, then `rest`.
    func header(version: UInt32 = 3, tensors: UInt64 = 0, keys: UInt64 = 0, _ rest: [UInt8] = []) -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        out.u32(version); out.u64(tensors); out.u64(keys)
        return out + rest
    }

    func validBuilder() -> GGUFBuilder {
        var b = GGUFBuilder()
        b.addString("general.architecture", "llama")
        var data: [UInt8] = []
        data.f16(.one)
        data += [UInt8](repeating: 3, count: 32)
        b.tensors = [(name: "a", dims: [32], type: 8, data: data), (name: "b", dims: [4], type: 0, data: [UInt8](repeating: 0, count: 16))]
        return b
    }

    func testCorruptHeaderTable() throws {
        var hugeString: [UInt8] = []; hugeString.u64(1 << 50)
        var unknownValueType: [UInt8] = []; unknownValueType.ggufString("k"); unknownValueType.u32(13); unknownValueType.u32(0)
        var hugeArray: [UInt8] = []; hugeArray.ggufString("k"); hugeArray.u32(9); hugeArray.u32(4); hugeArray.u64(1 << 40)
        var stringArray: [UInt8] = []; stringArray.ggufString("k"); stringArray.u32(9); stringArray.u32(8); stringArray.u64(2); stringArray.ggufString("ok"); stringArray.u64(1 << 33)
        var badUTF8: [UInt8] = []; badUTF8.u64(2); badUTF8 += [0xC3, 0x28]; badUTF8.u32(0); badUTF8.u8(1)
        var deep: [UInt8] = []; deep.ggufString("k"); deep.u32(9)
        for _ in 0..<20 { deep.u32(9); deep.u64(1) }
        deep.u32(0); deep.u64(0)
        deep += [UInt8](repeating: 0, count: 64)
        var badAlignType: [UInt8] = []; badAlignType.ggufString("general.alignment"); badAlignType.u32(10); badAlignType.u64(32)
        var badAlign: [UInt8] = []; badAlign.ggufString("general.alignment"); badAlign.u32(4); badAlign.u32(48)
        var duplicate: [UInt8] = []
        for _ in 0..<2 { duplicate.ggufString("k"); duplicate.u32(0); duplicate.u8(1) }

        func tensorInfo(name: String = "t", dims: [UInt64] = [32], type: UInt32 = 0, offset: UInt64 = 0) -> [UInt8] {
            var out: [UInt8] = []
            out.ggufString(name); out.u32(UInt32(dims.count)); for d in dims { out.u64(d) }; out.u32(type); out.u64(offset)
            return out
        }
        let padding = [UInt8](repeating: 0, count: 256)

        let cases: [(label: String, bytes: [UInt8], kind: WeightIOError.Kind, mentions: [String])] = [
            ("empty file", [], .badMagic, ["not a GGUF file", "0 bytes"]),
            ("bad magic", Array("PK\u{3}\u{4}xxxxxxxxxxxxxxxxxxxxxxxx".utf8), .badMagic, ["not a GGUF file", "\"PK..\""]),
            ("legacy ggjt magic", Array("tjgg".utf8) + [UInt8](repeating: 0, count: 20), .badMagic, ["pre-GGUF"]),
            ("version 1", header(version: 1), .unsupportedVersion, ["version 1"]),
            ("version 4", header(version: 4), .unsupportedVersion, ["version 4", "2 and 3"]),
            ("big-endian", header(version: UInt32(3).byteSwapped), .unsupportedVersion, ["big-endian"]),
            ("truncated counts", Array(header().prefix(14)), .truncatedHeader, ["truncated", "the counts"]),
            ("absurd tensor count", header(tensors: 1 << 40), .absurdCount, ["1099511627776 tensors"]),
            ("absurd key count", header(keys: UInt64.max), .absurdCount, ["metadata entries"]),
            ("key length past the end", header(keys: 1, hugeString + padding), .stringTooLong, ["claims 1125899906842624 bytes"]),
            ("key not UTF-8", header(keys: 1, badUTF8), .invalidString, ["UTF-8"]),
            ("unknown value type", header(keys: 1, unknownValueType), .unknownValueType, ["value type 13", "'k'"]),
            ("array length absurd", header(keys: 1, hugeArray + padding), .absurdCount, ["1099511627776 elements"]),
            ("string in array past the end", header(keys: 1, stringArray + padding), .stringTooLong, ["'k'"]),
            ("arrays nested too deep", header(keys: 1, deep), .nestingTooDeep, ["nests arrays"]),
            ("alignment wrong type", header(keys: 1, badAlignType), .invalidAlignment, ["uint32"]),
            ("alignment not a power of two", header(keys: 1, badAlign), .invalidAlignment, ["48"]),
            ("duplicate key", header(keys: 2, duplicate), .duplicateKey, ["'k' appears twice"]),
            ("unknown tensor type", header(tensors: 1, tensorInfo(type: 99) + padding), .unknownTensorType, ["'t'", "type id 99"]),
            ("too many dims", header(tensors: 1, tensorInfo(dims: [1, 1, 1, 1, 1]) + padding), .invalidDimensions, ["5 dimensions"]),
            ("dims overflow", header(tensors: 1, tensorInfo(dims: [1 << 40, 1 << 40]) + padding), .invalidDimensions, ["overflows"]),
            ("row not a multiple of the block", header(tensors: 1, tensorInfo(dims: [31], type: 8) + padding), .invalidDimensions, ["Q8_0", "31 elements", "block size 32"]),
            ("misaligned offset", header(tensors: 1, tensorInfo(offset: 4) + padding), .misalignedOffset, ["'t'", "offset 4", "alignment 32"]),
            ("tensor data past the end", header(tensors: 1, tensorInfo(dims: [1024]) + padding), .tensorDataOutOfBounds, ["'t'", "needs data bytes 0..4096"]),
            ("absurd offset", header(tensors: 1, tensorInfo(offset: 1 << 63) + padding), .tensorDataOutOfBounds, ["'t'"]),
            ("duplicate tensor", header(tensors: 2, tensorInfo(dims: [4]) + tensorInfo(dims: [4], offset: 32) + padding), .duplicateTensor, ["'t'"]),
            ("overlapping tensors", header(tensors: 2, tensorInfo(dims: [16]) + tensorInfo(name: "u", dims: [16], offset: 32) + padding),
             .overlappingTensors, ["'t'", "'u'", "overlap"]),
        ]
        var kinds = Set<WeightIOError.Kind>()
        for testCase in cases {
            assertWeightIOError(testCase.kind, mentions: ["model.gguf"] + testCase.mentions, testCase.label) { try open(testCase.bytes) }
            kinds.insert(testCase.kind)
        }
        XCTAssertGreaterThanOrEqual(kinds.count, 16)
    }

    func testWrongFormatIsNamed() throws {
        let safetensors = try SafetensorsWriter.encode([SafetensorsTensor(name: "w", shape: [1], floats: [1])])
        assertWeightIOError(.badMagic, mentions: ["not a GGUF file", "looks like a safetensors file"]) { try open(Array(safetensors)) }
        let gguf = try writeFile(validBuilder().build(), named: "model.safetensors", in: folder)
        assertWeightIOError(.invalidHeader, mentions: ["model.safetensors is a GGUF file"]) { try SafetensorsFile(url: gguf) }
    }

    func testTruncationAtEveryByteIsAnError() throws {
        let valid = validBuilder().build()
        XCTAssertNoThrow(try open(valid))
        let allowed: Set<WeightIOError.Kind> = [.badMagic, .truncatedHeader, .stringTooLong, .absurdCount, .tensorDataOutOfBounds]
        for cut in 0..<valid.count {
            do {
                _ = try open(Array(valid.prefix(cut)))
                XCTFail("cut at \(cut) opened")
            } catch let error as WeightIOError {
                XCTAssertTrue(allowed.contains(error.kind), "cut at \(cut): \(error)")
                XCTAssertTrue(error.description.contains("model.gguf"), "cut at \(cut): \(error)")
            }
        }
    }

    func testRandomCorruptionNeverCrashes() throws {
        let valid = validBuilder().build()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        var errors = 0
        for _ in 0..<400 {
            var bytes = valid
            for _ in 0..<(1 + Int(next() % 4)) {
                bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next())
            }
            do {
                let file = try open(bytes)
                for name in file.tensorNames { _ = try? file.floats(name) }
            } catch is WeightIOError {
                errors += 1
            }
        }
        XCTAssertGreaterThan(errors, 0)
    }
}
