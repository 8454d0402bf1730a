import Foundation
import TestSupport
import XCTest
@testable import Training

/// The Porter stemmer and ROUGE against fixtures recorded once from NLTK's `PorterStemmer` (its three modes)
/// and rouge_score 0.1.2's `RougeScorer` (scripts/record-rouge.py; no Python at test time).
final class RougeTests: XCTestCase {
    private static let folder = Fixtures.projectRoot.appendingPathComponent("Tests/TrainingTests/Fixtures/rouge")

    func testPorterStemmerEqualsNLTKInEveryMode() throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("porter-stems.tsv"), encoding: .utf8)
        let modes: [PorterStemmer.Mode] = [.nltkExtensions, .martinExtensions, .originalAlgorithm]
        let stemmers = modes.map { PorterStemmer(mode: $0) }
        var checked = 0, wrong: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(fields.count, 4, "bad fixture line \(line)")
            guard fields.count == 4 else { continue }
            for (index, stemmer) in stemmers.enumerated() {
                let got = stemmer.stem(fields[0])
                if got != fields[index + 1] { wrong.append("\(modes[index].rawValue) \(fields[0]): \(got), NLTK \(fields[index + 1])") }
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 5000)
        XCTAssertEqual(wrong, [], "\(wrong.count) stems differ from NLTK's")
    }

    func testPaperExamples() {
        let stemmer = PorterStemmer(mode: .originalAlgorithm)
        let examples = ["caresses": "caress", "ponies": "poni", "feed": "feed", "agreed": "agre", "plastered": "plaster",
                        "motoring": "motor", "conflated": "conflat", "hopping": "hop", "falling": "fall", "filing": "file",
                        "happy": "happi", "relational": "relat", "generalization": "gener", "controlling": "control"]
        for (word, stem) in examples { XCTAssertEqual(stemmer.stem(word), stem, word) }
        XCTAssertEqual(PorterStemmer().stem("dying"), "die")
        XCTAssertEqual(PorterStemmer().stem("Running"), "run")
        XCTAssertEqual(PorterStemmer().stem("Running", toLowercase: false), "Run")
    }

    func testTokenizerStemsOnlyTokensLongerThanThree() {
        XCTAssertEqual(Rouge.tokenize("The cats are RUNNING, quickly!", stemmer: PorterStemmer()), ["the", "cat", "are", "run", "quickli"])
        XCTAssertEqual(Rouge.tokenize("ties was", stemmer: PorterStemmer()), ["tie", "was"])
        XCTAssertEqual(Rouge.tokenize("ties was", stemmer: nil), ["ties", "was"])
    }

    func testScoresEqualRougeScore() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("rouge-scores.json"))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let records = root["records"] as? [[String: Any]] else { return XCTFail("bad fixture") }
        XCTAssertGreaterThan(records.count, 200)
        let types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
        var stemmedDiffers = 0
        for record in records {
            guard let target = record["target"] as? String, let prediction = record["prediction"] as? String,
                  let stem = record["use_stemmer"] as? Bool, let expected = record["scores"] as? [String: [Double]] else {
                return XCTFail("bad record \(record)")
            }
            let got = try Rouge.score(target: target, prediction: prediction, types: types, tokenizer: Rouge.defaultTokenizer(useStemmer: stem))
            for type in types {
                guard let want = expected[type], want.count == 3, let score = got[type] else { return XCTFail("missing \(type)") }
                let context = "\(type) stem=\(stem) target=\(target.debugDescription) prediction=\(prediction.debugDescription)"
                XCTAssertEqual(score.precision, want[0], accuracy: 1e-12, "precision " + context)
                XCTAssertEqual(score.recall, want[1], accuracy: 1e-12, "recall " + context)
                XCTAssertEqual(score.fmeasure, want[2], accuracy: 1e-12, "fmeasure " + context)
            }
            if stem, let plain = try? Rouge.score(target: target, prediction: prediction, types: ["rouge1"]), plain["rouge1"] != got["rouge1"] {
                stemmedDiffers += 1
            }
        }
        XCTAssertGreaterThan(stemmedDiffers, 10, "the fixture should exercise stemming")
    }

    func testCustomTokenizerAndOnlyRougeLsum() throws {
        let words: Rouge.Tokenizer = { text in text.split(separator: " ").map(String.init) }
        let score = try Rouge.score(target: "A b\nc", prediction: "A b c", types: ["rouge1", "rougeLsum"], tokenizer: words)
        XCTAssertEqual(score["rouge1"]?.fmeasure ?? 0, 0.4, accuracy: 1e-12)   // "b\nc" is one token for this tokenizer
        XCTAssertEqual(score["rougeLsum"]?.recall, 1.0)
        XCTAssertThrowsError(try Rouge.score(target: "a", prediction: "a", types: ["rouge0"]))
        XCTAssertThrowsError(try Rouge.score(target: "a", prediction: "a", types: ["bleu"]))
    }
}
