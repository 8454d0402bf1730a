import Foundation
import TestSupport
import XCTest
@testable import WeightIO

/// Untrusted checkpoints: every truncation and many byte flips of a real file, forged zip offsets and
/// hostile pickles each give a `WeightIOError` naming the problem, never a trap or a huge allocation.
final class TorchCheckpointCorruptTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try makeTemporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// An archive laid out as torch.save lays it out, holding `pickle` and the given storages.
    func archive(_ pickle: [UInt8], storages: [String: Data] = [:], name: String = "bad.pt") throws -> URL {
        let url = folder.appendingPathComponent(name)
        var bytes = Data()
        var zip = TorchZipWriter { bytes.append($0) }
        try zip.add("bad/data.pkl", Data(pickle))
        for (key, data) in storages.sorted(by: { $0.key < $1.key }) { try zip.add("bad/data/\(key)", data) }
        try zip.finish()
        try bytes.write(to: url)
        return url
    }

    /// `_rebuild_tensor_v2((storage, FloatStorage, "0", "cpu", numel), offset, size, stride, False, OrderedDict())`.
    func tensorPickle(numel: UInt8, offset: UInt8, size: [UInt8], stride: [UInt8]) -> [UInt8] {
        var p: [UInt8] = [0x80, 0x02]
        p += Array("ctorch._utils\n_rebuild_tensor_v2\n".utf8) + [0x28, 0x28]
        p += string("storage") + Array("ctorch\nFloatStorage\n".utf8) + string("0") + string("cpu") + [0x4b, numel, 0x74, 0x51]
        p += [0x4b, offset, 0x28] + size.flatMap { [0x4b, $0] } + [0x74, 0x28] + stride.flatMap { [0x4b, $0] } + [0x74, 0x89]
        p += Array("ccollections\nOrderedDict\n".utf8) + [0x29, 0x52, 0x74, 0x52, 0x2e]
        return p
    }

    func string(_ text: String) -> [UInt8] { [0x58] + withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) { Array($0) } + Array(text.utf8) }

    func testEveryTruncationOfARealFileIsAnError() throws {
        let original = try Data(contentsOf: TorchCheckpointReadTests.fixture("tiny_state.pt"))
        for length in stride(from: 0, to: original.count, by: 7) {
            let url = folder.appendingPathComponent("cut\(length).pt")
            try original.prefix(length).write(to: url)
            XCTAssertThrowsError(try TorchCheckpoint.load(url), "\(length) bytes") { error in
                XCTAssertTrue(error is WeightIOError, "\(length) bytes: \(error)")
            }
        }
    }

    func testFlippedBytesNeverTrap() throws {
        let original = [UInt8](try Data(contentsOf: TorchCheckpointReadTests.fixture("checkpoint.pt")))
        var generator = SplitMix(seed: 7)
        for round in 0..<300 {
            var bytes = original
            for _ in 0..<3 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            let url = try writeFile(bytes, named: "flip\(round).pt", in: folder)
            do { _ = try TorchCheckpoint.load(url) } catch { XCTAssertTrue(error is WeightIOError, "round \(round): \(error)") }
        }
    }

    func testNotAZipAndForgedDirectories() throws {
        assertWeightIOError(.invalidArchive, mentions: ["not a PyTorch checkpoint"]) {
            try TorchCheckpoint.load(try writeFile(Array("hello, this is not a checkpoint file at all".utf8), named: "text.pt", in: self.folder))
        }
        assertWeightIOError(.invalidArchive, mentions: ["too short"]) { try TorchCheckpoint.load(try writeFile([0x50, 0x4b], named: "short.pt", in: self.folder)) }
        // An end record whose directory lies past the end of the file.
        var end: [UInt8] = [0x50, 0x4b, 5, 6, 0, 0, 0, 0]
        end.u16(1); end.u16(1); end.u32(46); end.u32(0xFFFF_0000); end.u16(0)
        assertWeightIOError(.invalidArchive, mentions: ["outside the file"]) { try TorchCheckpoint.load(try writeFile(end, named: "forged.pt", in: self.folder)) }
        assertWeightIOError(.invalidArchive, mentions: ["no <name>/data.pkl"]) {
            var bytes = Data()
            var zip = TorchZipWriter { bytes.append($0) }
            try zip.add("x/other", Data([1]))
            try zip.finish()
            return try TorchCheckpoint.load(try writeFile([UInt8](bytes), named: "nodata.pt", in: self.folder))
        }
    }

    func testTensorsOutsideTheirStorageAreRefused() throws {
        let six = Data(count: 24)
        XCTAssertNoThrow(try TorchCheckpoint.load(try archive(tensorPickle(numel: 6, offset: 0, size: [2, 3], stride: [3, 1]), storages: ["0": six])))
        assertWeightIOError(.invalidPickle, mentions: ["reaches element"]) {
            try TorchCheckpoint.load(try self.archive(self.tensorPickle(numel: 6, offset: 1, size: [2, 3], stride: [3, 1]), storages: ["0": six]))
        }
        assertWeightIOError(.invalidPickle, mentions: ["reaches element"]) {
            try TorchCheckpoint.load(try self.archive(self.tensorPickle(numel: 6, offset: 0, size: [200], stride: [1]), storages: ["0": six]))
        }
        // The storage claims more elements than its entry holds.
        assertWeightIOError(.truncatedData, mentions: ["storage 0"]) {
            try TorchCheckpoint.load(try self.archive(self.tensorPickle(numel: 60, offset: 0, size: [6], stride: [1]), storages: ["0": six]))
        }
        assertWeightIOError(.truncatedData, mentions: ["no bad/data/0"]) {
            try TorchCheckpoint.load(try self.archive(self.tensorPickle(numel: 6, offset: 0, size: [6], stride: [1])))
        }
    }

    func testHostilePicklesGiveErrors() throws {
        let cases: [(String, [UInt8], WeightIOError.Kind, String)] = [
            ("os.system", [0x80, 2] + Array("cos\nsystem\n".utf8) + string("echo hi") + [0x85, 0x52, 0x2e], .unsupportedGlobal, "os.system"),
            ("builtins.eval", [0x80, 2] + Array("c__builtin__\neval\n".utf8) + [0x2e], .unsupportedGlobal, "builtins.eval"),
            ("huge string", [0x80, 2, 0x58, 0xFF, 0xFF, 0xFF, 0x7F, 0x61, 0x2e], .invalidPickle, "ends in the middle"),
            ("empty stack", [0x80, 2, 0x85, 0x2e], .invalidPickle, "stack is empty"),
            ("unknown memo", [0x80, 2, 0x68, 9, 0x2e], .invalidPickle, "memo entry 9"),
            ("no mark", [0x80, 2, 0x74, 0x2e], .invalidPickle, "MARK"),
            ("protocol 4 opcode", [0x80, 4, 0x95, 0, 0, 0, 0, 0, 0, 0, 0, 0x2e], .invalidPickle, "Unsupported operand 149"),
            ("setitem on a list", [0x80, 2, 0x5d, 0x4b, 1, 0x4b, 2, 0x73, 0x2e], .unsupportedGlobal, "SETITEM"),
            ("append to a dict", [0x80, 2, 0x7d, 0x4b, 1, 0x61, 0x2e], .unsupportedGlobal, "append"),
            ("wide long", [0x80, 2, 0x8a, 9] + [UInt8](repeating: 0x7F, count: 9) + [0x2e], .valueOutOfRange, "64 bits"),
            ("other persistent id", [0x80, 2] + string("module") + [0x85, 0x51, 0x2e], .unsupportedGlobal, "persistent_load of storage"),
            ("no stop", [0x80, 2, 0x4b, 1], .invalidPickle, "ends in the middle"),
            ("build on a list", [0x80, 2, 0x5d, 0x7d, 0x62, 0x2e], .unsupportedGlobal, "Can only build"),
        ]
        for (label, pickle, kind, mention) in cases {
            assertWeightIOError(kind, mentions: [mention], label) { try TorchCheckpoint.load(try self.archive(pickle)) }
        }
        // Deep nesting is refused before it could exhaust the stack (when read or freed); a list containing
        // itself loads, a list filled after being nested is refused.
        let deep: [UInt8] = [0x80, 2] + [UInt8](repeating: 0x5d, count: 100_000) + [UInt8](repeating: 0x61, count: 99_999) + [0x2e]
        assertWeightIOError(.nestingTooDeep, mentions: ["1000"]) { try TorchCheckpoint.load(try self.archive(deep)) }
        let deepTuples: [UInt8] = [0x80, 2, 0x29] + [UInt8](repeating: 0x85, count: 5000) + [0x2e]
        assertWeightIOError(.nestingTooDeep) { try TorchCheckpoint.load(try self.archive(deepTuples)) }
        let fine: [UInt8] = [0x80, 2, 0x29] + [UInt8](repeating: 0x85, count: 999) + [0x2e]
        XCTAssertNoThrow(try TorchCheckpoint.load(try archive(fine)))
        // a = []; b = [a]; then a.append(1) after a went into b.
        let late: [UInt8] = [0x80, 2, 0x5d, 0x71, 0, 0x5d, 0x68, 0, 0x61, 0x68, 0, 0x4b, 1, 0x61, 0x2e]
        assertWeightIOError(.invalidPickle, mentions: ["contains itself"]) { try TorchCheckpoint.load(try self.archive(late)) }
        let selfList: [UInt8] = [0x80, 2, 0x5d, 0x71, 0, 0x68, 0, 0x61, 0x2e]
        guard case .list(let list) = try TorchCheckpoint.load(try archive(selfList)), case .list(let inner) = list.items[0] else { return XCTFail("self list") }
        XCTAssertTrue(list === inner)
    }
}
