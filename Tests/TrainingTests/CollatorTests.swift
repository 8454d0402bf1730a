import XCTest
@testable import Training

final class CollatorTests: XCTestCase {
    private func row(_ ids: [Int], label: DataValue? = nil, types: Bool = false) -> Row {
        var r = Row()
        r["input_ids"] = .intList(ids)
        r["attention_mask"] = .intList(Array(repeating: 1, count: ids.count))
        if types { r["token_type_ids"] = .intList(Array(repeating: 0, count: ids.count)) }
        if let label { r["label"] = label }
        return r
    }

    func testPadsToLongestInBatchOnTheRight() throws {
        let collator = DataCollatorWithPadding(padTokenId: 0)
        let batch = try collator([row([101, 7, 102], label: 2), row([101, 102], label: 0)])
        XCTAssertEqual(batch.shape, [2, 3])
        XCTAssertEqual(batch.inputIds, [101, 7, 102, 101, 102, 0])
        XCTAssertEqual(batch.attentionMask, [1, 1, 1, 1, 1, 0])
        XCTAssertNil(batch.tokenTypeIds)
        XCTAssertEqual(batch.labels, .classes([2, 0]))   // `label` is renamed `labels`, as HF does
    }

    func testLeftPaddingTokenTypesAndMultiple() throws {
        let collator = DataCollatorWithPadding(padTokenId: 9, padToMultipleOf: 4, paddingSide: .left)
        let batch = try collator([row([1, 2, 3], types: true), row([4], types: true)])
        XCTAssertEqual(batch.shape, [2, 4])
        XCTAssertEqual(batch.inputIds, [9, 1, 2, 3, 9, 9, 9, 4])
        XCTAssertEqual(batch.attentionMask, [0, 1, 1, 1, 0, 0, 0, 1])
        XCTAssertEqual(batch.tokenTypeIds, [0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertNil(batch.labels)
    }

    func testRegressionAndTokenLabels() throws {
        let collator = DataCollatorWithPadding(padTokenId: 0)
        XCTAssertEqual(try collator([row([1], label: 0.5), row([2, 3], label: 1)]).labels, .values([0.5, 1.0], perRow: 1))
        var a = row([1, 2]); a["labels"] = .intList([5, 6])
        var b = row([3]); b["labels"] = .intList([7])
        XCTAssertEqual(try collator([a, b]).labels, .tokens([5, 6, 7, -100]))
        let lm = DataCollatorWithPadding(padTokenId: 0, labelsFromInputIds: true)
        XCTAssertEqual(try lm([row([4, 5]), row([6])]).labels, .tokens([4, 5, 6, -100]))
    }

    func testMaxLengthPaddingAndErrors() throws {
        let fixed = DataCollatorWithPadding(padTokenId: 0, padding: .maxLength(4))
        XCTAssertEqual(try fixed([row([1])]).shape, [1, 4])
        XCTAssertThrowsError(try fixed([row([1, 2, 3, 4, 5])])) { error in
            XCTAssertEqual((error as? TrainingError)?.help, "tokenize with truncation=True, max_length=4")
        }
        let collator = DataCollatorWithPadding(padTokenId: 0)
        XCTAssertThrowsError(try collator([Row([("text", "raw")])])) { error in
            XCTAssertEqual((error as? TrainingError)?.kind, .keyError)
        }
        var bad = row([1, 2]); bad["attention_mask"] = .intList([1])
        XCTAssertThrowsError(try collator([bad]))
        XCTAssertThrowsError(try collator([row([1], label: "pos")])) { error in
            XCTAssertEqual((error as? TrainingError)?.help, "encode string labels first: dataset.class_encode_column('label')")
        }
    }

    func testCollatesStraightFromADatasetIgnoringTextColumns() throws {
        let d = try Dataset.fromDict([
            ("text", ["a b", "c"]), ("input_ids", [.intList([101, 5, 6, 102]), .intList([101, 7, 102])]),
            ("attention_mask", [.intList([1, 1, 1, 1]), .intList([1, 1, 1])]), ("label", [1, 0]),
        ])
        let batch = try DataCollatorWithPadding(padTokenId: 0)(d, indices: [1, 0])
        XCTAssertEqual(batch.inputIds, [101, 7, 102, 0, 101, 5, 6, 102])
        XCTAssertEqual(batch.labels, .classes([0, 1]))
        XCTAssertThrowsError(try DataCollatorWithPadding(padTokenId: 0)(d, indices: [2]))
    }

    func testBatchSamplerSeededPerEpochAndDropLast() throws {
        let sampler = try BatchSampler(count: 10, batchSize: 4, shuffle: true, seed: 42)
        XCTAssertEqual(sampler.batchesPerEpoch, 3)
        let epoch0 = sampler.batches(epoch: 0)
        XCTAssertEqual(epoch0, [[2, 6, 1, 8], [4, 5, 0, 9], [3, 7]])   // torch.randperm(10, Generator().manual_seed(42))
        XCTAssertEqual(sampler.batches(epoch: 0), epoch0)
        XCTAssertNotEqual(sampler.batches(epoch: 1), epoch0)
        XCTAssertEqual(sampler.batches(epoch: 1).flatMap { $0 }.sorted(), Array(0..<10))
        let dropping = try BatchSampler(count: 10, batchSize: 4, shuffle: false, dropLast: true)
        XCTAssertEqual(dropping.batchesPerEpoch, 2)
        XCTAssertEqual(dropping.batches(epoch: 0), [[0, 1, 2, 3], [4, 5, 6, 7]])
        XCTAssertThrowsError(try BatchSampler(count: 3, batchSize: 0, shuffle: false))
    }
}
