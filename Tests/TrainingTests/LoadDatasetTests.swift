import XCTest
import TestSupport
@testable import Training

final class LoadDatasetTests: XCTestCase {
    /// Rows of the demo corpus whose confidence field is empty (counted with Python's csv module).
    static let emptyConfidences = 5460
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lorarepl-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func write(_ name: String, _ bytes: [UInt8]) -> String {
        let url = folder.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url.path
    }
    private func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    func testQuotedFieldsEmbeddedNewlinesAndQuotes() throws {
        let path = write("q.csv", "id,text\r\n1,\"hello, world\"\r\n2,\"she said \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n\r\n4,plain\r\n")
        let d = try loadDataset("csv", dataFiles: .single(path)).split("train")
        XCTAssertEqual(d.count, 4)
        XCTAssertEqual(try d.column("text"), ["hello, world", "she said \"hi\"", "two\nlines", "plain"])
        XCTAssertEqual(try d.column("id"), [1, 2, 3, 4])
        XCTAssertEqual(d.features["id"], .value("int64"))
    }

    func testTypeInferenceLikePandas() throws {
        let path = write("t.csv", "a,b,c,d\n1,1.5,True,x\n2,,False,\n3,2,true,z\n")
        let d = try loadDataset("csv", dataFiles: .single(path)).split("train")
        XCTAssertEqual(try d.column("a"), [1, 2, 3])
        XCTAssertEqual(try d.column("b"), [1.5, .none, 2.0])
        XCTAssertEqual(try d.column("c"), [true, false, true])
        XCTAssertEqual(try d.column("d"), ["x", .none, "z"])
        XCTAssertEqual(d.featuresDescription, "{'a': Value('int64'), 'b': Value('float64'), 'c': Value('bool'), 'd': Value('string')}")
    }

    func testMalformedRowIsReportedWithFileAndLine() throws {
        // The record on line 4 starts after a quoted field spanning lines 2–3.
        let path = write("bad.csv", "a,b\n\"x\ny\",1\n3,4,5\n6,7\n")
        XCTAssertThrowsError(try loadDataset("csv", dataFiles: .single(path))) { error in
            XCTAssertTrue("\(error)".contains("bad.csv, line 4: expected 2 fields (a, b) but found 3"), "\(error)")
        }
        let skipped = try loadDataset("csv", dataFiles: .single(path), onBadLines: .skip)
        XCTAssertEqual(try skipped.split("train").count, 2)
        XCTAssertEqual(skipped.notes, ["bad.csv: skipped 1 malformed row (wrong number of fields) at line 4"])
    }

    func testUnterminatedQuoteNamesTheLine() throws {
        let path = write("open.csv", "a,b\n1,2\n3,\"never closed\n4,5\n")
        XCTAssertThrowsError(try loadDataset("csv", dataFiles: .single(path))) { error in
            XCTAssertTrue("\(error)".contains("open.csv, line 3: a quoted field is never closed"), "\(error)")
        }
    }

    func testLatin1FallbackWithNote() throws {
        // "café" in Latin-1: 0xE9 is not valid UTF-8.
        let path = write("l1.csv", Array("text\nok\ncaf".utf8) + [0xE9] + Array("\n".utf8))
        let loaded = try loadDataset("csv", dataFiles: .single(path))
        XCTAssertEqual(try loaded.split("train").column("text"), ["ok", "café"])
        XCTAssertEqual(loaded.notes.count, 1)
        XCTAssertTrue(loaded.notes[0].contains("l1.csv is not valid UTF-8 (first bad byte on line 3); it was read as Latin-1"), loaded.notes[0])
        XCTAssertThrowsError(try loadDataset("csv", dataFiles: .single(path), encoding: .utf8))
        XCTAssertEqual(try loadDataset("csv", dataFiles: .single(path), encoding: .latin1).notes, [])
    }

    func testUTF8WithBOMAndDelimiter() throws {
        let path = write("semi.csv", [0xEF, 0xBB, 0xBF] + Array("name;score\nZoë;3\n".utf8))
        let d = try loadDataset("csv", dataFiles: .single(path), delimiter: ";").split("train")
        XCTAssertEqual(d.columnNames, ["name", "score"])
        XCTAssertEqual(try d.column("name"), ["Zoë"])
    }

    func testSplitsFromDictOfFiles() throws {
        let a = write("train.csv", "x\n1\n2\n"), b = write("test.csv", "x\n3\n")
        let dict = try loadDataset("csv", dataFiles: .splits([.init("train", [a]), .init("test", [b])]))
        XCTAssertEqual(dict.splitNames, ["train", "test"])
        XCTAssertEqual(try dict.split("test").column("x"), [3])
        let both = try loadDataset("csv", dataFiles: .list([a, b]))
        XCTAssertEqual(try both.split("train").count, 3)
    }

    func testMissingFileIsFileNotFound() {
        XCTAssertThrowsError(try loadDataset("csv", dataFiles: .single(folder.appendingPathComponent("nope.csv").path))) { error in
            XCTAssertEqual((error as? TrainingError)?.kind, .fileNotFound)
        }
    }

    func testJSONArrayAndJSONLines() throws {
        let array = write("a.json", "[{\"text\": \"hi\", \"label\": 1}, {\"text\": \"yo\", \"label\": 0, \"ids\": [1, 2]}]")
        let d = try loadDataset("json", dataFiles: .single(array)).split("train")
        XCTAssertEqual(d.columnNames, ["text", "label", "ids"])
        XCTAssertEqual(try d.column("ids"), [.none, .intList([1, 2])])
        let lines = write("b.jsonl", "{\"text\": \"a\", \"score\": 0.5}\n\n{\"text\": \"b\", \"score\": 1}\n")
        let l = try loadDataset("json", dataFiles: .single(lines)).split("train")
        XCTAssertEqual(try l.column("score"), [0.5, 1])
        XCTAssertEqual(l.features["score"], .value("float64"))
        let broken = write("c.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b\",}\n")
        XCTAssertThrowsError(try loadDataset("json", dataFiles: .single(broken))) { error in
            XCTAssertTrue("\(error)".contains("c.jsonl, line 2:"), "\(error)")
        }
    }

    func testDemoCorpusLoadsInOneCall() throws {
        guard Fixtures.demoAsset("data/tweet_sentiment.csv") != nil else { throw XCTSkip("demo corpus not installed") }
        // The bare name is found under $LORAREPL_HOME/data, where the setup installs the corpus.
        let loaded = try loadDataset("csv", dataFiles: .single("tweet_sentiment.csv"))
        let train = try loaded.split("train")
        XCTAssertEqual(train.count, 38158)
        XCTAssertEqual(train.columnNames, ["sentiment", "confidence", "text"])
        XCTAssertEqual(train.features["confidence"], .value("float64"))
        XCTAssertTrue(loaded.notes.first?.contains("read as Latin-1") ?? false, "\(loaded.notes)")
        // Every text equals what Python's csv module reads (csv.reader(open(path, encoding="latin-1",
        // newline=""))): FNV-1a 64 of the texts joined by NUL, recorded in Python. 1564 texts hold a
        // line break inside quotes.
        let texts = try train.column("text").map { $0.stringValue ?? "<none>" }.joined(separator: "\u{0}")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in texts.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        XCTAssertEqual(texts.utf8.count, 4_030_675)
        XCTAssertEqual(hash, 0x8091_6ee3_8f2e_36d6)
        XCTAssertEqual(try train.column("confidence").filter(\.isNone).count, Self.emptyConfidences)
        let encoded = try train.classEncodeColumn("sentiment")
        XCTAssertEqual(encoded.features["sentiment"], .classLabel(names: ["negative", "neutral", "positive"]))
        let counts = try encoded.column("sentiment").reduce(into: [Int: Int]()) { $0[$1.intValue ?? -1, default: 0] += 1 }
        XCTAssertEqual(counts, [0: 16186, 1: 15018, 2: 6954])
    }
}
