import XCTest
@testable import Models
import TensorCore
import TestSupport

/// Forward passes against the reference numbers in ../shared/fixtures.
final class ForwardTests: XCTestCase {
    /// Checks |a − b| ≤ atol + rtol·|b| element-wise; reports the worst element.
    func assertClose(_ actual: [Float], _ expected: [Float], atol: Float, rtol: Float, _ what: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "\(what): element count", file: file, line: line)
        var worst = (index: -1, excess: Float(0), diff: Float(0))
        for (index, (a, b)) in zip(actual, expected).enumerated() {
            let diff = abs(a - b)
            let excess = diff - (atol + rtol * abs(b))
            if excess > worst.excess || (a.isNaN) { worst = (index, a.isNaN ? .infinity : excess, diff) }
        }
        if worst.index >= 0 {
            XCTFail("\(what): element \(worst.index) is \(actual[worst.index]), expected \(expected[worst.index]) (|diff| \(worst.diff))", file: file, line: line)
        }
    }

    func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }

    struct LogitsFixture: Decodable {
        let input_ids: [[Int32]]
        let attention_mask: [[Int32]]
        let base_logits: [[Float]]
    }

    func loadLogitsFixture(_ path: String) throws -> LogitsFixture {
        guard let url = Fixtures.path(path) else { throw XCTSkip("fixture \(path) missing") }
        return try JSONDecoder().decode(LogitsFixture.self, from: Data(contentsOf: url))
    }

    func ids(_ rows: [[Int32]]) throws -> IntTensor {
        try IntTensor(shape: [rows.count, rows.first?.count ?? 0], values: rows.flatMap { $0 })
    }

    func testTinyBertBaseLogits() throws {
        let fixture = try loadLogitsFixture("tiny-bert/expected_logits.json")
        guard let folder = Fixtures.path("tiny-bert/tiny-bert-base") else { throw XCTSkip("fixture missing") }
        let loaded = try ModelLoader.load(folder.path, task: .sequenceClassification)
        XCTAssertTrue(loaded.model is BertForSequenceClassification)
        XCTAssertTrue(loaded.report.newlyInitializedKeys.isEmpty, "\(loaded.report)")
        let output = try loaded.model.forward(inputIds: ids(fixture.input_ids), attentionMask: ids(fixture.attention_mask))
        let logits = try XCTUnwrap(output.logits)
        XCTAssertEqual(logits.shape, [2, 3])
        assertClose(logits.toArray(), fixture.base_logits.flatMap { $0 }, atol: 1e-6, rtol: 1e-4, "tiny-bert base logits")
    }

    func testTinyDistilBertBaseLogits() throws {
        let fixture = try loadLogitsFixture("tiny-distilbert/expected_logits.json")
        guard let folder = Fixtures.path("tiny-distilbert/tiny-distilbert-base") else { throw XCTSkip("fixture missing") }
        let loaded = try ModelLoader.load(folder.path)
        XCTAssertTrue(loaded.model is DistilBertForSequenceClassification)
        let output = try loaded.model.forward(inputIds: ids(fixture.input_ids), attentionMask: ids(fixture.attention_mask))
        let logits = try XCTUnwrap(output.logits)
        assertClose(logits.toArray(), fixture.base_logits.flatMap { $0 }, atol: 1e-6, rtol: 1e-4, "tiny-distilbert base logits")
    }

    func testTinyLlamaLogitsLossAndGreedyTokens() throws {
        guard let folder = Fixtures.path("tiny-llama/tiny-llama-base"),
              let expectedURL = Fixtures.path("tiny-llama/expected.safetensors") else { throw XCTSkip("fixture missing") }
        let floats = try TensorFile.loadFloats(expectedURL)
        let ints = try TensorFile.loadInts(expectedURL)
        let inputIds = try XCTUnwrap(ints["input_ids"]).values
        let loaded = try ModelLoader.load(folder.path)
        let model = try XCTUnwrap(loaded.model as? LlamaForCausalLM)
        let batch = try IntTensor(shape: [1, inputIds.count], values: inputIds)
        let output = try model.forward(inputIds: batch, labels: .classes(batch))
        let expectedLogits = try XCTUnwrap(floats["base_logits"])
        assertClose(try XCTUnwrap(output.logits).toArray(), expectedLogits.toArray(), atol: 1e-5, rtol: 1e-4, "tiny-llama base logits")
        let greedy = try model.greedyGenerate(inputIds, maxNewTokens: 10)
        XCTAssertEqual(greedy, try XCTUnwrap(ints["greedy_base"]).values)
        // The fixture's loss is the LoRA model's; the base loss is checked against a direct computation.
        let logits = expectedLogits.toArray()
        let vocab = expectedLogits.shape[1]
        var total: Double = 0
        for t in 0..<(inputIds.count - 1) {
            let row = logits[(t * vocab)..<((t + 1) * vocab)]
            let peak = row.max() ?? 0
            let logSum = log(row.reduce(0.0) { $0 + exp(Double($1 - peak)) }) + Double(peak)
            total += logSum - Double(row[row.startIndex + Int(inputIds[t + 1])])
        }
        XCTAssertEqual(try XCTUnwrap(output.loss).item(), Float(total / Double(inputIds.count - 1)), accuracy: 1e-4)
    }

    func testMiniLMHiddenStatesAndPooler() throws {
        guard let reference = Fixtures.path("minilm/forward.safetensors") else { throw XCTSkip("fixture missing") }
        guard let folder = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2") else { throw XCTSkip("MiniLM demo asset missing") }
        let ints = try TensorFile.loadInts(reference)
        let floats = try TensorFile.loadFloats(reference)
        let loaded = try ModelLoader.load(folder.path)
        XCTAssertTrue(loaded.model is BertModel)
        XCTAssertEqual(loaded.report.ignoredKeys, ["embeddings.position_ids"])
        let output = try loaded.model.forward(inputIds: XCTUnwrap(ints["input_ids"]), attentionMask: XCTUnwrap(ints["attention_mask"]))
        let hidden = try XCTUnwrap(output.lastHiddenState).toArray()
        let pooled = try XCTUnwrap(output.poolerOutput).toArray()
        let expectedHidden = try XCTUnwrap(floats["last_hidden_state"]).toArray()
        let expectedPooled = try XCTUnwrap(floats["pooler_output"]).toArray()
        print("MiniLM max |diff|: last_hidden_state \(maxAbsDiff(hidden, expectedHidden)), pooler_output \(maxAbsDiff(pooled, expectedPooled))")
        assertClose(hidden, expectedHidden, atol: 1e-4, rtol: 0, "MiniLM last_hidden_state")
        assertClose(pooled, expectedPooled, atol: 1e-4, rtol: 0, "MiniLM pooler_output")
    }

    func testMiniLMIntoClassifierReportsNewHead() throws {
        guard let folder = Fixtures.demoAsset("models/sentence-transformers/all-MiniLM-L6-v2") else { throw XCTSkip("MiniLM demo asset missing") }
        let loaded = try ModelLoader.load(folder.path, task: .sequenceClassification, options: LoadOptions(numLabels: 3))
        XCTAssertTrue(loaded.model is BertForSequenceClassification)
        XCTAssertEqual(loaded.model.config.numLabels, 3)
        XCTAssertEqual(loaded.report.newlyInitializedKeys, ["classifier.bias", "classifier.weight"])
        XCTAssertTrue(loaded.report.warnings.first?.contains("newly initialized: ['classifier.bias', 'classifier.weight']") ?? false)
        // Same seed → bit-identical head.
        let again = try ModelLoader.load(folder.path, task: .sequenceClassification, options: LoadOptions(numLabels: 3))
        let first = try XCTUnwrap(loaded.model as? BertForSequenceClassification).classifier.weight.toArray()
        let second = try XCTUnwrap(again.model as? BertForSequenceClassification).classifier.weight.toArray()
        XCTAssertEqual(first, second)
        let std = sqrt(first.map { $0 * $0 }.reduce(0, +) / Float(first.count))
        XCTAssertEqual(std, 0.02, accuracy: 0.004, "classifier drawn from normal(0, initializer_range)")
        XCTAssertEqual(try XCTUnwrap(loaded.model as? BertForSequenceClassification).classifier.bias?.toArray(), [0, 0, 0])
    }
}
