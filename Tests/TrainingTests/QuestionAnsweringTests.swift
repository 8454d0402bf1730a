import XCTest
@testable import Training

/// transformers' QA post-processing on crafted logits with offsets and two overlapping windows of one
/// context, and the SQuAD v1/v2 metrics on crafted answers (the official scripts' rules).
final class QuestionAnsweringPostprocessTests: XCTestCase {
    // "The cat sat on the mat." — tokens: [CLS] q q [SEP] The cat sat on the mat . [SEP]
    let context = "The cat sat on the mat."
    func window(_ start: [Double], _ end: [Double], offsets: [(Int, Int)?], example: Int = 0) -> QuestionAnswering.Feature {
        QuestionAnswering.Feature(exampleIndex: example, startLogits: start, endLogits: end, offsets: offsets.map { $0.map { (start: $0.0, end: $0.1) } })
    }

    func testBestSpanAcrossWindowsRespectsLengthAndOffsets() throws {
        // Window 1 covers "The cat sat on", window 2 (stride) "sat on the mat .".
        let w1 = window([0.5, 9, 0, 0, 1, 2, 0.1, 0], [0.2, 9, 0, 0, 0, 1.5, 0.3, 3],
                        offsets: [nil, nil, nil, nil, (0, 3), (4, 7), (8, 11), (12, 14)])
        let w2 = window([0.1, 0, 0, 0, 0, 0.4, 5, 0], [0.3, 0, 0, 0, 0, 0, 4.5, 1],
                        offsets: [nil, nil, nil, nil, (8, 11), (12, 14), (19, 22), (22, 23)])
        let result = try QuestionAnswering.postprocess(contexts: [context], features: [w1, w2], nBest: 5, maxAnswerLength: 3)
        XCTAssertEqual(result[0].answer, "mat")                       // 5 + 4.5 beats "cat sat on" (2 + 3) and question tokens
        XCTAssertEqual(result[0].nBest.first?.score, 9.5)
        let probabilities = result[0].nBest.map(\.probability)
        XCTAssertEqual(probabilities.reduce(0, +), 1, accuracy: 1e-12)
        // max_answer_length 1 leaves only one-token spans.
        let short = try QuestionAnswering.postprocess(contexts: [context], features: [w1], nBest: 5, maxAnswerLength: 1)
        XCTAssertEqual(short[0].answer, "cat")
    }

    func testVersionTwoNoAnswerUsesTheNullScoreThreshold() throws {
        let w = window([6, 0, 0, 1, 2], [6, 0, 0, 2, 1], offsets: [nil, nil, nil, (0, 3), (4, 7)])
        let result = try QuestionAnswering.postprocess(contexts: [context], features: [w], versionTwo: true)
        XCTAssertEqual(result[0].answer, "")                          // null 12 − best span (1 + 2) = 9 > 0
        let lenient = try QuestionAnswering.postprocess(contexts: [context], features: [w], versionTwo: true, nullScoreDiffThreshold: 10)
        XCTAssertEqual(lenient[0].answer, "cat")                      // "cat" and "The" tie at 3; the first found stays first
        let empty = try QuestionAnswering.postprocess(contexts: [context], features: [window([1, 2], [1, 2], offsets: [nil, nil])])
        XCTAssertEqual(empty[0].answer, "empty")                     // transformers' placeholder when no span is valid
    }

    func testSquadMetrics() throws {
        XCTAssertEqual(QuestionAnswering.normalize("The  Eiffel-Tower, in PARIS!"), "eiffeltower in paris")
        let v1 = try QuestionAnswering.squad(predictions: ["the Eiffel Tower", "in Paris France", "Lyon"],
                                             answers: [["Eiffel Tower"], ["Paris", "Paris, France"], ["Marseille"]])
        XCTAssertEqual(v1.exactMatch, 100.0 / 3, accuracy: 1e-9)
        // F1: 1, then "in paris france" vs "paris france": p 2/3, r 1 → 0.8; then 0.
        XCTAssertEqual(v1.f1, 100 * 1.8 / 3, accuracy: 1e-9)
        let v2 = Dictionary(uniqueKeysWithValues: try QuestionAnswering.squadV2(predictions: ["Eiffel Tower", "", "Lyon"],
                                                                                 noAnswerProbabilities: [0.1, 0.9, 0.4],
                                                                                 answers: [["Eiffel Tower"], [], []]))
        XCTAssertEqual(v2["exact"] ?? -1, 200.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(v2["HasAns_total"], 1)
        XCTAssertEqual(v2["NoAns_exact"] ?? -1, 50, accuracy: 1e-9)
        // Answering nothing above probability 0.1 would make every question right.
        XCTAssertEqual(v2["best_exact"] ?? -1, 100, accuracy: 1e-9)
        XCTAssertEqual(v2["best_exact_thresh"], 0.1)
    }
}
