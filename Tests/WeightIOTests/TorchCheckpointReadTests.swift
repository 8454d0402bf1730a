import Foundation
import PythonBasics
import TestSupport
import XCTest
@testable import WeightIO

/// Files written by PyTorch 2.15's `torch.save` (Fixtures/torch/make_fixtures.py, checked in) read by the
/// weights-only reader, against the values PyTorch printed for them (Fixtures/torch/expected.json).
final class TorchCheckpointReadTests: XCTestCase {
    static let folder = Fixtures.projectRoot.appendingPathComponent("Tests/WeightIOTests/Fixtures/torch")
    static func fixture(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static let expected: JSONValue = {
        let data = (try? Data(contentsOf: fixture("expected.json"))) ?? Data()
        return (try? JSONParser.parse(data)) ?? .null
    }()

    /// The pairs of a loaded dict by string key.
    func entries(_ value: PickleValue, file: StaticString = #filePath, line: UInt = #line) -> [(String, PickleValue)] {
        guard case .dict(let dict) = value else { XCTFail("not a dict: \(value.typeName)", file: file, line: line); return [] }
        return dict.pairs.compactMap { pair in if case .string(let key) = pair.key { return (key, pair.value) } else { return nil } }
    }

    func value(_ value: PickleValue, _ key: String) -> PickleValue? { entries(value).first { $0.0 == key }?.1 }

    /// A tensor's shape and values equal PyTorch's (exactly: the same stored numbers).
    func assertTensor(_ value: PickleValue?, equals expected: JSONValue?, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        guard case .tensor(let tensor)? = value, let expected else { XCTFail("\(label): missing tensor", file: file, line: line); return }
        let shape = expected["shape"]?.arrayValue?.compactMap(\.intValue) ?? []
        XCTAssertEqual(tensor.shape, shape, label, file: file, line: line)
        let all = tensor.storage.doubles()
        let got = tensor.positions().map { all[$0] }
        let want = expected["values"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        XCTAssertEqual(got, want, label, file: file, line: line)
        XCTAssertEqual("torch." + tensor.storage.type.torchName, expected["dtype"]?.stringValue, label, file: file, line: line)
    }

    func testStateDictOfATinyModuleMatchesPyTorch() throws {
        let loaded = try TorchCheckpoint.load(Self.fixture("tiny_state.pt"))
        guard case .dict(let dict) = loaded else { return XCTFail("not a dict") }
        XCTAssertTrue(dict.isOrdered, "a state dict is an OrderedDict")
        let keys = entries(loaded).map(\.0)
        XCTAssertEqual(keys, ["proj.weight", "proj.bias", "norm.weight", "norm.bias", "head.weight", "head.bias"])
        for key in keys { assertTensor(value(loaded, key), equals: Self.expected["tiny_state"]?[key], key) }
    }

    func testDictCheckpointWithEpochAndOptimizerState() throws {
        let loaded = try TorchCheckpoint.load(Self.fixture("checkpoint.pt"))
        let want = Self.expected["checkpoint"]
        guard case .int(3)? = value(loaded, "epoch"), case .float(let loss)? = value(loaded, "loss"),
              case .string("tiny")? = value(loaded, "name"), case .int(let big)? = value(loaded, "big"),
              case .int(-5)? = value(loaded, "neg"), case .int(let wide)? = value(loaded, "wide") else {
            return XCTFail("plain values: \(entries(loaded).map { "\($0.0): \($0.1.typeName)" })")
        }
        XCTAssertEqual(loss, want?["loss"]?.doubleValue)
        XCTAssertEqual(big, 1 << 40)
        XCTAssertEqual(wide, -(1 << 62))
        guard case .list(let history)? = value(loaded, "history"), case .size(let size)? = value(loaded, "size"),
              case .device("cpu")? = value(loaded, "device"), case .tuple(let flags)? = value(loaded, "flags"),
              case .dict(let counts)? = value(loaded, "counts") else { return XCTFail("containers") }
        guard case .float(1.5) = history.items[0], case .float(0.75) = history.items[1] else { return XCTFail("history \(history.items)") }
        XCTAssertEqual(size, [2, 3], "torch.Size")
        guard case .bool(true) = flags[0], case .bool(false) = flags[1], case .none = flags[2] else { return XCTFail("flags") }
        XCTAssertTrue(counts.isOrdered)
        for (key, tensor) in entries(value(loaded, "model") ?? .none) { assertTensor(tensor, equals: want?["model"]?[key], "model.\(key)") }
        // AdamW's state_dict: int-keyed per-parameter state and the param groups.
        guard let optimizer = value(loaded, "optimizer"), case .dict(let state)? = value(optimizer, "state"),
              case .list(let groups)? = value(optimizer, "param_groups") else { return XCTFail("optimizer") }
        XCTAssertEqual(state.pairs.count, 6)
        guard case .int(0) = state.pairs[0].key, case .dict(let first) = state.pairs[0].value else { return XCTFail("state[0]") }
        let firstEntries = first.pairs.compactMap { if case .string(let k) = $0.key { return k } else { return nil } }
        XCTAssertEqual(firstEntries, ["step", "exp_avg", "exp_avg_sq"])
        assertTensor(first.pairs[1].value, equals: want?["optimizer"]?["state"]?["0"]?["exp_avg"], "exp_avg")
        guard case .dict(let group) = groups.items[0] else { return XCTFail("group") }
        let betas = group.pairs.first { if case .string("betas") = $0.key { return true } else { return false } }?.value
        guard case .tuple(let pair)? = betas, case .float(0.9) = pair[0], case .float(0.999) = pair[1] else { return XCTFail("betas \(String(describing: betas))") }
    }

    func testViewsShareOneStorageWithPyTorchsStridesAndOffsets() throws {
        let loaded = try TorchCheckpoint.load(Self.fixture("views.pt"))
        var tensors: [String: TorchTensor] = [:]
        for (key, item) in entries(loaded) { if case .tensor(let t) = item { tensors[key] = t } }
        guard let base = tensors["base"], let t = tensors["t"], let row = tensors["row"], let col = tensors["col"], let tail = tensors["tail"] else {
            return XCTFail("tensors \(tensors.keys)")
        }
        for view in [t, row, col, tail] { XCTAssertTrue(view.storage === base.storage, "views share the base's storage") }
        XCTAssertEqual(base.storage.count, 12)
        XCTAssertEqual(t.strides, [1, 4]); XCTAssertFalse(t.isContiguous)
        XCTAssertEqual(col.offset, 2); XCTAssertEqual(col.strides, [4])
        XCTAssertEqual(row.offset, 4); XCTAssertEqual(tail.offset, 5)
        XCTAssertEqual(col.floats(), [2, 6, 10])
        XCTAssertEqual(t.floats(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
    }

    func testEveryStorageTypeMatchesPyTorch() throws {
        let loaded = try TorchCheckpoint.load(Self.fixture("dtypes.pt"))
        let keys = entries(loaded).map(\.0)
        XCTAssertEqual(keys.count, 11)
        for key in keys { assertTensor(value(loaded, key), equals: Self.expected["dtypes"]?[key], key) }
        guard case .tensor(let scalar)? = value(loaded, "scalar"), case .tensor(let empty)? = value(loaded, "empty") else { return XCTFail("scalar") }
        XCTAssertEqual(scalar.shape, []); XCTAssertEqual(scalar.floats(), [2.5])
        XCTAssertEqual(empty.shape, [0, 3]); XCTAssertEqual(empty.floats(), [])
    }

    func testParametersAndRequiresGrad() throws {
        let loaded = try TorchCheckpoint.load(Self.fixture("parameter.pt"))
        guard case .tensor(let weight)? = value(loaded, "weight"), case .tensor(let trainable)? = value(loaded, "trainable") else { return XCTFail() }
        XCTAssertTrue(weight.isParameter); XCTAssertTrue(weight.requiresGrad)
        XCTAssertEqual(weight.floats(), [1, 2])
        XCTAssertFalse(trainable.isParameter); XCTAssertTrue(trainable.requiresGrad)
    }

    func testGlobalsOutsideTheWeightsOnlySubsetAreRefusedByName() {
        assertWeightIOError(.unsupportedGlobal, mentions: ["Weights only load failed", "datetime.date", "help:"]) {
            try TorchCheckpoint.load(Self.fixture("unsafe_global.pt"))
        }
    }

    func testLegacyFormatSaysHowToResave() {
        assertWeightIOError(.invalidArchive, mentions: ["legacy format", "1.6"]) { try TorchCheckpoint.load(Self.fixture("legacy.pt")) }
    }

    func testStateDictCheckpointGivesFloatsByName() throws {
        let checkpoint = try TorchStateDictCheckpoint(url: Self.fixture("tiny_state.pt"))
        XCTAssertEqual(checkpoint.tensorNames.first, "proj.weight")
        XCTAssertEqual(try checkpoint.shape(of: "proj.weight"), [3, 4])
        let want = Self.expected["tiny_state"]?["head.bias"]?["values"]?.arrayValue?.compactMap(\.doubleValue).map { Float($0) }
        XCTAssertEqual(try checkpoint.floats("head.bias"), want)
        // A training checkpoint {"model": state_dict, ...}: the weights inside it.
        let nested = try TorchStateDictCheckpoint(url: Self.fixture("checkpoint.pt"))
        XCTAssertEqual(nested.tensorNames.count, 6)
        assertWeightIOError(.tensorNotFound, mentions: ["nope"]) { try checkpoint.floats("nope") }
    }
}
