import XCTest
@testable import Training

/// seqeval's entity scores on crafted tag sequences, default (conlleval) and strict mode, against the
/// numbers seqeval 1.2.2 gives (`classification_report(..., output_dict=True)`, recorded once).
final class SequenceLabelingStrictTests: XCTestCase {
    let truth = [["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"], ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-MISC"],
                 ["B-PER", "B-PER", "O", "I-LOC", "O", "O"], ["O", "O", "B-ORG", "O", "B-LOC", "B-LOC"]]
    // An I- without its B- (I-LOC, I-MISC, I-ORG), a B- followed by I- of another entity, adjacent B-PER B-PER.
    let guess = [["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "O"], ["O", "B-ORG", "I-ORG", "O", "O", "I-MISC"],
                 ["B-PER", "I-PER", "O", "I-LOC", "O", "B-PER"], ["O", "O", "I-ORG", "O", "B-LOC", "B-LOC"]]

    func scores(_ report: (types: [(name: String, scores: SequenceLabeling.Scores)], overall: SequenceLabeling.Scores, accuracy: Double))
        -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        for type in report.types { out[type.name] = [type.scores.precision, type.scores.recall, type.scores.f1, Double(type.scores.number)] }
        out["micro"] = [report.overall.precision, report.overall.recall, report.overall.f1, Double(report.overall.number)]
        return out
    }

    func assertScores(_ got: [String: [Double]], _ want: [String: [Double]], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(got.keys), Set(want.keys), file: file, line: line)
        for (key, values) in want {
            guard let mine = got[key] else { continue }
            for (a, b) in zip(mine, values) { XCTAssertEqual(a, b, accuracy: 1e-6, "\(key): \(mine) vs seqeval \(values)", file: file, line: line) }
        }
    }

    func testDefaultModeEqualsSeqeval() throws {
        let report = try SequenceLabeling.report(references: truth, predictions: guess, onWarning: { _ in })
        assertScores(scores(report), ["LOC": [1, 1, 1, 4], "MISC": [1, 1, 1, 1], "ORG": [0.5, 0.5, 0.5, 2],
                                      "PER": [1 / 3, 1 / 3, 1 / 3, 3], "micro": [0.7, 0.7, 0.7, 10]])
    }

    /// Strict IOB2: the I- starts count for nothing, `B-PER B-PER` are two entities.
    func testStrictIOB2EqualsSeqeval() throws {
        let report = try SequenceLabeling.report(references: truth, predictions: guess, scheme: .iob2, onWarning: { _ in })
        assertScores(scores(report), ["LOC": [1, 2 / 3, 0.8, 3], "MISC": [0, 0, 0, 1], "ORG": [0, 0, 0, 2],
                                      "PER": [1 / 3, 1 / 3, 1 / 3, 3], "micro": [0.5, 1 / 3, 0.4, 9]])
    }

    func testStrictIOBESBILOUAndIOE2EqualSeqeval() throws {
        let iobes = try SequenceLabeling.report(references: [["B-X", "I-X", "E-X", "O", "S-Y"], ["S-Y", "B-X", "E-X"]],
                                                predictions: [["B-X", "E-X", "O", "O", "S-Y"], ["S-Y", "I-X", "E-X"]], scheme: .iobes, onWarning: { _ in })
        assertScores(scores(iobes), ["X": [0, 0, 0, 2], "Y": [1, 1, 1, 2], "micro": [2 / 3, 0.5, 4 / 7, 4]])
        let bilou = try SequenceLabeling.report(references: [["B-X", "I-X", "L-X", "O", "U-Y"]], predictions: [["B-X", "L-X", "O", "O", "U-Y"]],
                                                scheme: .bilou, onWarning: { _ in })
        assertScores(scores(bilou), ["X": [0, 0, 0, 1], "Y": [1, 1, 1, 1], "micro": [0.5, 0.5, 0.5, 2]])
        let ioe2 = try SequenceLabeling.report(references: [["I-X", "E-X", "O", "E-Y"]], predictions: [["E-X", "E-X", "O", "I-Y"]],
                                               scheme: .ioe2, onWarning: { _ in })
        assertScores(scores(ioe2), ["X": [0, 0, 0, 1], "Y": [0, 0, 0, 1], "micro": [0, 0, 0, 2]])
    }

    func testStrictModeRejectsTagsOutsideTheScheme() {
        XCTAssertThrowsError(try SequenceLabeling.report(references: [["B-X", "E-X"]], predictions: [["B-X", "I-X"]], scheme: .iob2)) { error in
            XCTAssertTrue("\(error)".contains("Invalid token is found: E-X. Allowed prefixes are: I|O|B."), "\(error)")
        }
        XCTAssertEqual(try SequenceLabeling.Scheme.detect([["B-X", "I-X", "O"]]), .iob2)
        XCTAssertEqual(try SequenceLabeling.Scheme.detect([["S-X", "B-Y", "E-Y"]]), .iobes)
    }
}
