import XCTest
@testable import Models
import TensorCore
import TestSupport

/// `BertForTokenClassification` / `DistilBertForTokenClassification` against transformers: the folders in
/// `Fixtures/token-classification/` were written by transformers' `save_pretrained` (tiny random encoders from
/// ../shared/fixtures with a seeded 5-label head; `scripts/record-token-classification.py`), `expected.json`
/// holds its eval-mode logits `[2, 8, 5]` (a padded row) and the loss with −100 labels.
final class TokenClassificationTests: XCTestCase {
    struct Expected: Decodable {
        struct Model: Decodable {
            let `class`: String
            let logits: [[[Float]]]
            let loss: Float
        }
        let input_ids: [[Int32]]
        let attention_mask: [[Int32]]
        let labels: [[Int32]]
        let models: [String: Model]
    }

    static let folder = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/token-classification")

    func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.folder.appendingPathComponent("expected.json")))
    }

    func tensor(_ rows: [[Int32]]) throws -> IntTensor { try IntTensor(shape: [rows.count, rows[0].count], values: rows.flatMap { $0 }) }

    func check(_ name: String) throws {
        let reference = try expected()
        guard let want = reference.models[name] else { return XCTFail("expected.json has no \(name)") }
        let loaded = try ModelLoader.load(Self.folder.appendingPathComponent(name).path)
        XCTAssertEqual(loaded.model.typeName, want.class)
        XCTAssertTrue(loaded.report.newlyInitializedKeys.isEmpty, "\(loaded.report.newlyInitializedKeys)")
        XCTAssertEqual(loaded.model.architecture.outputClassName, "TokenClassifierOutput")
        XCTAssertEqual(loaded.model.config.id2label[1], "B-PER")
        let output = try loaded.model.forward(inputIds: tensor(reference.input_ids), attentionMask: tensor(reference.attention_mask),
                                              tokenTypeIds: nil, labels: .classes(tensor(reference.labels)))
        guard let logits = output.logits, let loss = output.loss else { return XCTFail("no logits or loss") }
        XCTAssertEqual(logits.shape, [2, 8, 5])
        assertClose(logits.toArray(), want.logits.flatMap { $0.flatMap { $0 } }, atol: 1e-5, rtol: 1e-4)
        XCTAssertEqual(try loss.item(), want.loss, accuracy: 1e-5 + 1e-4 * abs(want.loss))
    }

    func testBertTokenClassificationLogitsAndLossEqualTransformers() throws { try check("tiny-bert") }
    func testDistilBertTokenClassificationLogitsAndLossEqualTransformers() throws { try check("tiny-distilbert") }

    /// BERT's pooler weights are dropped silently (transformers' `_keys_to_ignore_on_load_unexpected =
    /// [r"pooler"]`); a classifier of another size needs `ignore_mismatched_sizes`, which starts a new head.
    func testPoolerIsDroppedAndAResizedHeadIsNew() throws {
        guard let base = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("SKIPPED: fixture tiny-bert missing") }
        let same = try AutoModelForTokenClassification.fromPretrained(base.path, options: LoadOptions(numLabels: 3))
        XCTAssertEqual(same.model.typeName, "BertForTokenClassification")
        XCTAssertTrue(same.report.newlyInitializedKeys.isEmpty, "\(same.report.newlyInitializedKeys)")
        XCTAssertTrue(same.report.unusedKeys.isEmpty, "\(same.report.unusedKeys)")
        XCTAssertTrue(same.report.ignoredKeys.contains { $0.hasSuffix("pooler.dense.weight") }, "\(same.report.ignoredKeys)")
        XCTAssertNil(same.model.module(at: "bert.pooler"))
        XCTAssertThrowsError(try AutoModelForTokenClassification.fromPretrained(base.path, options: LoadOptions(numLabels: 7)))
        let resized = try AutoModelForTokenClassification.fromPretrained(base.path, options: LoadOptions(numLabels: 7, ignoreMismatchedSizes: true))
        XCTAssertEqual(resized.report.mismatchedKeys.map(\.key).sorted(), ["classifier.bias", "classifier.weight"])
        XCTAssertEqual((resized.model.module(at: "classifier") as? Linear)?.outFeatures, 7)
    }

    func testBadTokenLabelsAreClearErrors() throws {
        guard let base = Fixtures.path("tiny-distilbert/tiny-distilbert-base") else { throw XCTSkip("SKIPPED: fixture tiny-distilbert missing") }
        let model = try AutoModelForTokenClassification.fromPretrained(base.path, options: LoadOptions(numLabels: 3)).model
        XCTAssertEqual(model.typeName, "DistilBertForTokenClassification")
        let ids = try IntTensor(shape: [1, 4], values: [2, 5, 6, 3])
        XCTAssertThrowsError(try model.forward(inputIds: ids, labels: .classes(IntTensor([0, 1, 2])))) { error in
            XCTAssertTrue("\(error)".contains("3 token labels for 4 tokens"), "\(error)")
        }
        XCTAssertThrowsError(try model.forward(inputIds: ids, labels: .classes(try IntTensor(shape: [1, 4], values: [-100, 5, 0, -100])))) { error in
            XCTAssertTrue("\(error)".contains("label 5 is outside the 3 classes"), "\(error)")
        }
        let loss = try model.forward(inputIds: ids, labels: .classes(try IntTensor(shape: [1, 4], values: [-100, 1, 0, -100]))).loss
        XCTAssertNotNil(loss)
    }
}
