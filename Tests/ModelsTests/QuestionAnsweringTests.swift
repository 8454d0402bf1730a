import XCTest
@testable import Models
import TensorCore
import TestSupport

/// `BertForQuestionAnswering` / `DistilBertForQuestionAnswering` against transformers 5.25: folders written by
/// its `save_pretrained` (tiny random encoders with a seeded `qa_outputs`, `scripts/record-token-classification.py`),
/// start/end logits of a padded batch and the span loss (an end position beyond the sequence is clamped and ignored).
final class QuestionAnsweringTests: XCTestCase {
    struct Expected: Decodable {
        struct Model: Decodable {
            let `class`: String
            let start_logits: [[Float]]
            let end_logits: [[Float]]
            let loss: Float
        }
        let input_ids: [[Int32]]
        let attention_mask: [[Int32]]
        let start_positions: [Int32]
        let end_positions: [Int32]
        let models: [String: Model]
    }

    static let folder = Fixtures.projectRoot.appendingPathComponent("Tests/ModelsTests/Fixtures/question-answering")

    func check(_ name: String) throws {
        let reference = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.folder.appendingPathComponent("expected.json")))
        guard let want = reference.models[name] else { return XCTFail("expected.json has no \(name)") }
        let loaded = try ModelLoader.load(Self.folder.appendingPathComponent(name).path)
        XCTAssertEqual(loaded.model.typeName, want.class)
        XCTAssertEqual(loaded.model.architecture.outputClassName, "QuestionAnsweringModelOutput")
        func tensor(_ rows: [[Int32]]) throws -> IntTensor { try IntTensor(shape: [rows.count, rows[0].count], values: rows.flatMap { $0 }) }
        let positions = try IntTensor(shape: [2, 2], values: zip(reference.start_positions, reference.end_positions).flatMap { [$0, $1] })
        let output = try loaded.model.forward(inputIds: tensor(reference.input_ids), attentionMask: tensor(reference.attention_mask),
                                              tokenTypeIds: nil, labels: .classes(positions))
        guard let logits = output.logits, let loss = output.loss else { return XCTFail("no logits or loss") }
        XCTAssertEqual(logits.shape, [2, 8, 2])
        assertClose(try logits.select(axis: 2, index: 0).toArray(), want.start_logits.flatMap { $0 }, atol: 1e-5, rtol: 1e-4)
        assertClose(try logits.select(axis: 2, index: 1).toArray(), want.end_logits.flatMap { $0 }, atol: 1e-5, rtol: 1e-4)
        XCTAssertEqual(try loss.item(), want.loss, accuracy: 1e-5 + 1e-4 * abs(want.loss))
    }

    func testBertQuestionAnsweringLogitsAndLossEqualTransformers() throws { try check("tiny-bert") }
    func testDistilBertQuestionAnsweringLogitsAndLossEqualTransformers() throws { try check("tiny-distilbert") }
}
