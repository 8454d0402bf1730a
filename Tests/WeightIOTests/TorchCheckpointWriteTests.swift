import Foundation
import TestSupport
import XCTest
@testable import WeightIO

/// `TorchCheckpoint.save`: the layout PyTorch writes, lorarepl save → lorarepl load, and a file PyTorch
/// checked. Malformed files (truncated, forged offsets, hostile pickles) give errors, never a trap.
final class TorchCheckpointWriteTests: XCTestCase {
    /// A value with every kind the writer handles: a state-dict-like OrderedDict, a view sharing its base's
    /// storage, nested containers, numbers of every width, a parameter, a device and a dtype.
    static func sample() throws -> PickleValue {
        let base = TorchStorage(type: .float, bytes: [Float](arrayLiteral: 0, 1, 2, 3, 4, 5).withUnsafeBytes { Data($0) })
        let matrix = try TorchTensor(storage: base, offset: 0, shape: [2, 3], strides: [3, 1], requiresGrad: false, isParameter: false)
        let column = try TorchTensor(storage: base, offset: 1, shape: [2], strides: [3], requiresGrad: false, isParameter: false)
        let ids = TorchStorage(type: .long, bytes: [Int64](arrayLiteral: -(1 << 40), 7).withUnsafeBytes { Data($0) })
        let half = TorchStorage(type: .half, bytes: [UInt16](arrayLiteral: 0x3C00, 0xC000).withUnsafeBytes { Data($0) })
        var parameter = try TorchTensor(storage: half, offset: 0, shape: [2], strides: [1], requiresGrad: true, isParameter: true)
        parameter.requiresGrad = true
        let state = PickleDict([(.string("w"), .tensor(matrix)), (.string("w.col"), .tensor(column))], isOrdered: true)
        let shared = PickleList([.int(1)])
        return .dict(PickleDict([
            (.string("model"), .dict(state)),
            (.string("epoch"), .int(3)), (.string("lr"), .float(1e-3)), (.string("big"), .int(1 << 40)), (.string("neg"), .int(-70_000)),
            (.string("min"), .int(Int.min)), (.string("name"), .string("run ✓")), (.string("flags"), .tuple([.bool(true), .none, .int(300), .int(-1)])),
            (.string("ids"), .tensor(try TorchTensor(storage: ids, offset: 0, shape: [2], strides: [1], requiresGrad: false, isParameter: false))),
            (.string("p"), .tensor(parameter)), (.string("device"), .device("cpu")), (.string("dtype"), .dtype("float16")),
            (.string("a"), .list(shared)), (.string("b"), .list(shared)), (.string("five"), .tuple([.int(1), .int(2), .int(3), .int(4), .int(5)])),
            (.string("set"), .set(PickleList([.int(2)]))), (.string("raw"), .bytes([0, 255, 65])), (.int(0), .string("int key")),
        ]))
    }

    func testRoundTripKeepsValuesAndSharing() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("ckpt.pt")
        try TorchCheckpoint.save(try Self.sample(), to: url)
        let loaded = try TorchCheckpoint.load(url)
        guard case .dict(let top) = loaded else { return XCTFail("not a dict") }
        func item(_ key: String) -> PickleValue? { top.pairs.first { if case .string(key) = $0.key { return true } else { return false } }?.value }
        guard case .dict(let state)? = item("model"), case .tensor(let matrix) = state.pairs[0].value, case .tensor(let column) = state.pairs[1].value else {
            return XCTFail("model")
        }
        XCTAssertTrue(state.isOrdered)
        XCTAssertTrue(matrix.storage === column.storage, "a view keeps sharing its base's storage")
        XCTAssertEqual(column.floats(), [1, 4])
        XCTAssertEqual(matrix.floats(), [0, 1, 2, 3, 4, 5])
        guard case .int(3)? = item("epoch"), case .float(1e-3)? = item("lr"), case .int(1 << 40)? = item("big"), case .int(-70_000)? = item("neg"),
              case .int(Int.min)? = item("min"), case .string("run ✓")? = item("name"), case .device("cpu")? = item("device"),
              case .dtype("float16")? = item("dtype"), case .bytes([0, 255, 65])? = item("raw") else { return XCTFail("plain values") }
        guard case .tuple(let flags)? = item("flags"), case .bool(true) = flags[0], case .none = flags[1], case .int(300) = flags[2], case .int(-1) = flags[3] else {
            return XCTFail("flags")
        }
        guard case .list(let a)? = item("a"), case .list(let b)? = item("b") else { return XCTFail("lists") }
        XCTAssertTrue(a === b, "a list saved twice is one list")
        guard case .tensor(let ids)? = item("ids"), case .tensor(let p)? = item("p") else { return XCTFail("tensors") }
        XCTAssertEqual(ids.storage.doubles(), [-1_099_511_627_776, 7])
        XCTAssertTrue(p.isParameter); XCTAssertTrue(p.requiresGrad)
        XCTAssertEqual(p.floats(), [1, -2])
        guard case .tuple(let five)? = item("five"), five.count == 5, case .set(let set)? = item("set"), set.items.count == 1 else { return XCTFail("five/set") }
        XCTAssertEqual(top.pairs.count, 18)
    }

    func testLayoutIsPyTorchs() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("head.pt")
        try TorchCheckpoint.save(try Self.sample(), to: url)
        let data = try Data(contentsOf: url)
        try data.withUnsafeBytes { bytes in
            let archive = try ZipArchive(bytes, fileName: "head.pt")
            XCTAssertEqual(archive.entries.map(\.name), ["head/data.pkl", "head/.format_version", "head/.storage_alignment", "head/byteorder",
                                                         "head/data/0", "head/data/1", "head/data/2", "head/version", "head/.data/serialization_id"])
            for entry in archive.entries { XCTAssertEqual(entry.dataOffset % 64, 0, "\(entry.name) starts on a 64-byte boundary") }
            let pickle = try XCTUnwrap(archive.entry("head/data.pkl"))
            XCTAssertEqual(Array(bytes[pickle.dataOffset..<(pickle.dataOffset + 2)]), [0x80, 0x02], "pickle protocol 2")
            let id = try XCTUnwrap(archive.entry("head/.data/serialization_id"))
            XCTAssertEqual(id.size, 40)
        }
    }

    /// `written_by_lorarepl.pt` was made by this writer from `sample()` and then checked once with PyTorch 2.15:
    /// `torch.load("written_by_lorarepl.pt", weights_only=True)` gave the expected values, with `model["w.col"]`
    /// a view of `model["w"]` (`untyped_storage().data_ptr()` equal) — see Fixtures/torch/README.md. The
    /// writer is deterministic, so the same value must still give the same bytes.
    func testWriterStillProducesTheFileVerifiedWithPyTorch() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("written_by_lorarepl.pt")
        try TorchCheckpoint.save(try Self.sample(), to: url)
        if ProcessInfo.processInfo.environment["LORAREPL_REGENERATE"] != nil {
            try Data(contentsOf: url).write(to: TorchCheckpointReadTests.fixture("written_by_lorarepl.pt"))
        }
        XCTAssertEqual(try Data(contentsOf: url), try Data(contentsOf: TorchCheckpointReadTests.fixture("written_by_lorarepl.pt")))
    }
}
