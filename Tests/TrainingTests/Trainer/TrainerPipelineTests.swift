import Foundation
import Models
import PEFT
import TensorCore
import TestSupport
import Tokenizers
@testable import Training
import XCTest

/// `pipeline("text-classification")` / `predict_text` on the tiny model with a tiny WordPiece vocabulary.
final class TrainerPipelineTests: XCTestCase {
    func tinyTokenizer() throws -> WordPieceTokenizer {
        var vocab = ["[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4]
        for id in 5..<100 { vocab["w\(id)"] = id }
        return try WordPieceTokenizer(vocab: vocab, modelMaxLength: 64)
    }

    func testPipelineReturnsNamedLabelsWithSoftmaxScores() throws {
        let peft = try TinyTraining.peftModel()
        peft.train()
        let classifier = try pipeline("text-classification", model: .peft(peft), tokenizer: try tinyTokenizer())
        let texts = ["w5 w6 w7", "w9", "w42 w43 w44 w45 w46"]
        let top = try classifier.predictText(texts)
        XCTAssertEqual(top.count, 3)
        XCTAssertTrue(peft.isTraining, "the pipeline restores the model's mode")
        let all = try classifier(texts, topK: nil)
        for (best, ranked) in zip(top, all) {
            XCTAssertEqual(ranked.count, 3)
            XCTAssertEqual(Set(ranked.map(\.label)), ["LABEL_0", "LABEL_1", "LABEL_2"])
            XCTAssertEqual(ranked.reduce(0) { $0 + $1.score }, 1, accuracy: 1e-9)
            XCTAssertEqual(ranked.map(\.score), ranked.map(\.score).sorted(by: >))
            XCTAssertEqual(best, ranked[0])
        }
        // Scores are the softmax of the model's logits for the same ids.
        let ids: [Int32] = [2, 9, 3]
        let logits = try Autograd.noGrad {
            try XCTUnwrap(try peft.eval().forward(inputIds: try IntTensor(shape: [1, 3], values: ids)).logits).toArray()
        }
        let exps = logits.map { exp(Double($0)) }
        let probabilities = exps.map { $0 / exps.reduce(0, +) }
        let scored = try classifier.probabilities(["w9"])[0]
        assertClose(scored, probabilities, atol: 1e-6, rtol: 1e-5)
        XCTAssertEqual(top[1].description.hasPrefix("{'label': 'LABEL_"), true)
        XCTAssertThrowsError(try pipeline("summarization", model: .peft(peft), tokenizer: try tinyTokenizer()))
    }
}
