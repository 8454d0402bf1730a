import XCTest
@testable import Models
import TensorCore
import TestSupport

final class PaddingTests: XCTestCase {
    /// Right padding with an attention mask leaves the real positions' logits unchanged (causal LM
    /// batches in training), and −100 labels drop out of the loss.
    func testRightPaddedBatchMatchesSingleSequence() throws {
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base") else { throw XCTSkip("fixture missing") }
        let model = try LlamaForCausalLM.fromPretrained(folder.path)
        let short: [Int32] = [1, 40, 41, 42]
        let single = try XCTUnwrap(model.forward(inputIds: IntTensor(shape: [1, 4], values: short),
                                                 labels: .classes(IntTensor(shape: [1, 4], values: short))))
        let ids = try IntTensor(shape: [2, 6], values: short + [0, 0] + [1, 7, 8, 9, 10, 11])
        let mask = try IntTensor(shape: [2, 6], values: [1, 1, 1, 1, 0, 0] + [1, 1, 1, 1, 1, 1])
        let batched = try XCTUnwrap(model.forward(inputIds: ids, attentionMask: mask).logits).toArray()
        let reference = try XCTUnwrap(single.logits).toArray()
        for (a, b) in zip(batched.prefix(4 * 128), reference) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        let labels = try IntTensor(shape: [1, 6], values: short + [-100, -100])
        let paddedLoss = try XCTUnwrap(model.forward(inputIds: IntTensor(shape: [1, 6], values: short + [0, 0]),
                                                     attentionMask: IntTensor(shape: [1, 6], values: [1, 1, 1, 1, 0, 0]),
                                                     labels: .classes(labels)).loss).item()
        XCTAssertEqual(paddedLoss, try XCTUnwrap(single.loss).item(), accuracy: 1e-5)
    }
}
