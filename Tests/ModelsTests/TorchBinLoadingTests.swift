import Foundation
import TensorCore
import TestSupport
import XCTest
@testable import Models
@testable import WeightIO

/// `from_pretrained` on folders that ship only `pytorch_model.bin` (and sharded `pytorch_model.bin.index.json`):
/// the tiny BERT of the shared fixtures, its model.safetensors tensors saved by PyTorch 2.15 as `.bin` files
/// (Fixtures/pytorch-bin, made by Tests/WeightIOTests/Fixtures/torch/make_fixtures.py) give the same logits.
final class TorchBinLoadingTests: XCTestCase {
    static let folder = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/pytorch-bin")

    func logits(_ path: String) throws -> [Float] {
        let loaded = try ModelLoader.load(path)
        XCTAssertEqual(loaded.report.newlyInitializedKeys, [], path)
        let ids = try IntTensor(shape: [2, 5], values: [2, 15, 37, 8, 3, 2, 9, 9, 41, 3])
        return try XCTUnwrap(loaded.model.forward(inputIds: ids).logits).toArray()
    }

    func testPytorchModelBinGivesTheLogitsOfSafetensors() throws {
        guard let safetensors = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("fixture missing") }
        let reference = try logits(safetensors.path)
        let whole = Self.folder.appendingPathComponent("tiny-bert-bin")
        XCTAssertEqual(try logits(whole.path), reference)
        XCTAssertEqual(try logits(Self.folder.appendingPathComponent("tiny-bert-bin-sharded").path), reference)
        // The .bin file itself, inside its folder.
        XCTAssertEqual(try logits(whole.appendingPathComponent("pytorch_model.bin").path), reference)
    }

    func testWeightCheckpointsPreferSafetensorsAndNameBothWhenMissing() throws {
        let bin = try WeightCheckpoints.open(Self.folder.appendingPathComponent("tiny-bert-bin"))
        XCTAssertTrue(bin is TorchStateDictCheckpoint)
        XCTAssertEqual(try bin.shape(of: "bert.embeddings.word_embeddings.weight"), [100, 32])
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertThrowsError(try WeightCheckpoints.open(empty)) { error in
            XCTAssertTrue("\(error)".contains("pytorch_model.bin"), "\(error)")
        }
    }
}
