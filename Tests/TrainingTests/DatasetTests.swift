import XCTest
@testable import Training

final class DatasetTests: XCTestCase {
    private func sample() throws -> Dataset {
        try Dataset.fromDict([
            ("text", ["good", "bad", "fine", "awful"]),
            ("label", ["pos", "neg", "pos", "neg"]),
        ])
    }

    func testFromDictReprAndFeatures() throws {
        let d = try sample()
        XCTAssertEqual(d.count, 4)
        XCTAssertEqual(d.columnNames, ["text", "label"])
        XCTAssertEqual(d.description, "Dataset({\n    features: ['text', 'label'],\n    num_rows: 4\n})")
        XCTAssertEqual(d.featuresDescription, "{'text': Value('string'), 'label': Value('string')}")
        XCTAssertEqual(try d.row(-1).description, "{'text': 'awful', 'label': 'neg'}")
    }

    func testFromDictRejectsRaggedColumns() {
        XCTAssertThrowsError(try Dataset.fromDict([("a", [1, 2]), ("b", [1])])) { error in
            XCTAssertTrue("\(error)".contains("'a' has 2 values and 'b' has 1"), "\(error)")
        }
    }

    func testMixedKindsInAColumnAreAnError() {
        XCTAssertThrowsError(try Dataset.fromDict([("x", [1, "two"])])) { error in
            XCTAssertTrue("\(error)".contains("row 1 holds a str"), "\(error)")
        }
    }

    func testFromListFillsMissingKeysWithNone() throws {
        let d = try Dataset.fromList([Row([("a", 1)]), Row([("a", 2), ("b", "x")])])
        XCTAssertEqual(d.columnNames, ["a", "b"])
        XCTAssertEqual(try d.column("b"), [.none, "x"])
        XCTAssertEqual(d.features["a"], .value("int64"))
    }

    func testRowIndexOutOfRangeIsIndexError() throws {
        XCTAssertThrowsError(try sample().row(4)) { error in
            XCTAssertEqual((error as? TrainingError)?.kind, .indexError)
        }
    }

    func testMissingColumnSuggestsCloseName() throws {
        XCTAssertThrowsError(try sample().column("Label")) { error in
            let e = error as? TrainingError
            XCTAssertEqual(e?.kind, .keyError)
            XCTAssertEqual(e?.help, "did you mean 'label'?")
        }
    }

    func testMapPerRowAddsColumnsAndRemovesRequested() throws {
        let d = try sample().map(removeColumns: ["text"]) { row in
            Row([("length", .int(row["text"]?.stringValue?.count ?? 0))])
        }
        XCTAssertEqual(d.columnNames, ["label", "length"])
        XCTAssertEqual(try d.column("length"), [4, 3, 4, 5])
    }

    func testMapBatchedTokenizerLikeOutput() throws {
        var batchSizes: [Int] = []
        let d = try sample().map(batched: true, batchSize: 3) { batch in
            let texts = batch["text"] ?? []
            batchSizes.append(texts.count)
            var out = Batch()
            out["input_ids"] = texts.map { .intList(Array(0..<($0.stringValue?.count ?? 0))) }
            out["attention_mask"] = texts.map { .intList(Array(repeating: 1, count: $0.stringValue?.count ?? 0)) }
            return out
        }
        XCTAssertEqual(batchSizes, [3, 1])
        XCTAssertEqual(d.columnNames, ["text", "label", "input_ids", "attention_mask"])
        XCTAssertEqual(d.features["input_ids"], .list(.value("int32")))
        XCTAssertEqual(d.features["attention_mask"], .list(.value("int8")))
        XCTAssertEqual(d.featuresDescription,
                       "{'text': Value('string'), 'label': Value('string'), 'input_ids': List(Value('int32')), 'attention_mask': List(Value('int8'))}")
    }

    func testBatchedMapChangingRowCountNeedsRemoveColumns() throws {
        let expand: (Batch) throws -> Batch? = { batch in
            Batch([("piece", (batch["text"] ?? []).flatMap { [$0, $0] })])
        }
        XCTAssertThrowsError(try sample().map(batched: true, expand)) { error in
            XCTAssertTrue("\(error)".contains("turned 4 rows into 8"), "\(error)")
            XCTAssertEqual((error as? TrainingError)?.help, "pass remove_columns='text' (or all of them) when the number of rows changes")
        }
        let d = try sample().map(batched: true, removeColumns: ["text", "label"], expand)
        XCTAssertEqual(d.count, 8)
    }

    func testFilterSelectSlice() throws {
        let d = try sample()
        let positives = try d.filter { $0["label"] == "pos" }
        XCTAssertEqual(try positives.column("text"), ["good", "fine"])
        XCTAssertEqual(try d.select([3, 0]).column("text"), ["awful", "good"])
        XCTAssertThrowsError(try d.select([4]))
        XCTAssertEqual(try d.slice(start: 1, stop: 3).column("text"), ["bad", "fine"])
        XCTAssertEqual(try d.slice(step: -1).column("text"), ["awful", "fine", "bad", "good"])
        XCTAssertEqual(try d.slice(start: -2).count, 2)
        XCTAssertEqual(d.batch(1..<3)["label"], ["neg", "pos"])
    }

    func testRenameAndRemoveColumns() throws {
        let d = try sample().renameColumn("label", "labels")
        XCTAssertEqual(d.columnNames, ["text", "labels"])
        XCTAssertThrowsError(try d.renameColumn("text", "labels"))
        let r = try d.removeColumns(["text"])
        XCTAssertEqual(r.columnNames, ["labels"])
        XCTAssertThrowsError(try r.removeColumns(["text"]))
    }

    func testClassEncodeColumnSortsLabelNames() throws {
        let d = try sample().classEncodeColumn("label")
        XCTAssertEqual(d.features["label"], .classLabel(names: ["neg", "pos"]))
        XCTAssertEqual(try d.column("label"), [1, 0, 1, 0])
        XCTAssertEqual(d.featuresDescription, "{'text': Value('string'), 'label': ClassLabel(names=['neg', 'pos'])}")
        // ClassLabel survives a map that leaves the column alone.
        let mapped = try d.map { _ in Row([("n", 1)]) }
        XCTAssertEqual(mapped.features["label"], .classLabel(names: ["neg", "pos"]))
    }

    func testShuffleMatchesHuggingFaceOrder() throws {
        // datasets: Dataset.shuffle(seed=3) == select(np.random.default_rng(3).permutation(7))
        let d = try Dataset.fromDict([("i", (0..<7).map { DataValue.int($0) })])
        XCTAssertEqual(try d.shuffle(seed: 3).column("i"), [5, 6, 2, 1, 4, 3, 0])
        XCTAssertEqual(try d.shuffle(seed: 3).column("i"), try d.shuffle(seed: 3).column("i"))
    }

    func testSplitSizesFollowHuggingFaceRounding() throws {
        XCTAssertTrue(try Dataset.splitSizes(rows: 10, testSize: .fraction(0.25), trainSize: nil) == (7, 3))  // ceil(2.5) = 3 test rows
        XCTAssertTrue(try Dataset.splitSizes(rows: 10, testSize: nil, trainSize: nil) == (7, 3))           // default 0.25
        XCTAssertTrue(try Dataset.splitSizes(rows: 10, testSize: nil, trainSize: .fraction(0.75)) == (7, 3)) // floor(7.5)
        XCTAssertTrue(try Dataset.splitSizes(rows: 10, testSize: .count(4), trainSize: .count(5)) == (5, 4))
        XCTAssertTrue(try Dataset.splitSizes(rows: 38158, testSize: .fraction(0.2), trainSize: nil) == (30526, 7632))
        XCTAssertThrowsError(try Dataset.splitSizes(rows: 10, testSize: .fraction(1.5), trainSize: nil)) { error in
            XCTAssertTrue("\(error)".contains("test_size=1.5 should be either"), "\(error)")
        }
        XCTAssertThrowsError(try Dataset.splitSizes(rows: 10, testSize: .count(10), trainSize: nil))
        XCTAssertThrowsError(try Dataset.splitSizes(rows: 10, testSize: .count(6), trainSize: .count(6))) { error in
            XCTAssertTrue("\(error)".contains("12 rows, more than the 10 rows"), "\(error)")
        }
    }

    func testTrainTestSplitMatchesHuggingFaceIndices() throws {
        // numpy: perm = default_rng(42).permutation(10) → test = perm[:3], train = perm[3:]
        let d = try Dataset.fromDict([("i", (0..<10).map { DataValue.int($0) })])
        let split = try d.trainTestSplit(testSize: .fraction(0.25), seed: 42)
        XCTAssertEqual(split.splitNames, ["train", "test"])
        XCTAssertEqual(try split.split("test").column("i"), [5, 6, 0])
        XCTAssertEqual(try split.split("train").column("i"), [7, 3, 2, 4, 9, 1, 8])
        let again = try d.trainTestSplit(testSize: .fraction(0.25), seed: 42)
        XCTAssertEqual(try again.split("test").column("i"), [5, 6, 0])
        let unshuffled = try d.trainTestSplit(testSize: .count(2), shuffle: false)
        XCTAssertEqual(try unshuffled.split("test").column("i"), [8, 9])
    }

    func testStratifiedSplitMatchesDatasetsAlgorithm() throws {
        // Expected from datasets.utils.stratify with numpy default_rng(7) (test_size=0.3 of 20 rows).
        let labels = [0, 1, 2, 0, 1, 2, 0, 0, 1, 0, 2, 0, 1, 0, 0, 2, 1, 0, 0, 1]
        let d = try Dataset.fromDict([("i", (0..<20).map { DataValue.int($0) }), ("label", labels.map { DataValue.int($0) })],
                                     features: ["label": .classLabel(names: ["a", "b", "c"])])
        let split = try d.trainTestSplit(testSize: .fraction(0.3), seed: 7, stratifyByColumn: "label")
        XCTAssertEqual(try split.split("train").column("i").compactMap(\.intValue), [17, 16, 13, 7, 15, 19, 6, 10, 12, 3, 8, 2, 0, 14])
        XCTAssertEqual(try split.split("test").column("i").compactMap(\.intValue), [9, 11, 18, 1, 4, 5])

        let y2 = Array(repeating: 0, count: 7) + Array(repeating: 1, count: 5) + Array(repeating: 2, count: 3)
        let d2 = try Dataset.fromDict([("i", (0..<15).map { DataValue.int($0) }), ("y", y2.map { DataValue.int($0) })],
                                      features: ["y": .classLabel(names: ["a", "b", "c"])])
        let s2 = try d2.trainTestSplit(testSize: .fraction(0.2), seed: 0, stratifyByColumn: "y")
        XCTAssertEqual(try s2.split("train").column("i").compactMap(\.intValue), [5, 12, 11, 3, 0, 4, 6, 7, 9, 2, 14, 8])
        XCTAssertEqual(try s2.split("test").column("i").compactMap(\.intValue), [13, 1, 10])
    }

    func testStratifyNeedsClassLabelAndTwoPerClass() throws {
        let d = try sample()
        XCTAssertThrowsError(try d.trainTestSplit(testSize: .count(2), seed: 1, stratifyByColumn: "label")) { error in
            XCTAssertEqual((error as? TrainingError)?.help, "encode it first: dataset = dataset.class_encode_column('label')")
        }
        let rare = try Dataset.fromDict([("y", [0, 0, 0, 1])], features: ["y": .classLabel(names: ["a", "b"])])
        XCTAssertThrowsError(try rare.trainTestSplit(testSize: .count(2), seed: 1, stratifyByColumn: "y")) { error in
            XCTAssertTrue("\(error)".contains("the class 1 has only 1 row"), "\(error)")
        }
    }

    func testDatasetDictRepr() throws {
        let dict = DatasetDict([("train", try sample())])
        XCTAssertEqual(dict.description,
                       "DatasetDict({\n    train: Dataset({\n        features: ['text', 'label'],\n        num_rows: 4\n    })\n})")
        XCTAssertThrowsError(try dict.split("test")) { error in
            XCTAssertEqual((error as? TrainingError)?.kind, .keyError)
        }
    }
}

private func == (lhs: (train: Int, test: Int), rhs: (Int, Int)) -> Bool { lhs.train == rhs.0 && lhs.test == rhs.1 }
