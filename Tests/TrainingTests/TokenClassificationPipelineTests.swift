import XCTest
@testable import Training

/// transformers' `group_entities` on crafted token tags: adjacent tokens of one type join unless a
/// token starts with B-; `O` groups are dropped by the caller; the score is the mean.
final class TokenClassificationPipelineTests: XCTestCase {
    func testGroupingFollowsTransformers() throws {
        typealias Tagged = (tag: String, score: Double, tokens: [String], start: Int, end: Int)
        let tagged: [Tagged] = [("B-PER", 0.9, ["wolf"], 0, 4), ("I-PER", 0.7, ["##gang"], 4, 8), ("O", 0.99, ["lives"], 9, 14),
                                ("I-LOC", 0.6, ["berlin"], 18, 24), ("B-LOC", 0.8, ["new"], 25, 28), ("B-LOC", 0.5, ["york"], 29, 33)]
        let groups = TokenClassificationPipeline.group(tagged) { $0.joined(separator: " ").replacingOccurrences(of: " ##", with: "") }
        XCTAssertEqual(groups.map(\.label), ["PER", "O", "LOC", "LOC", "LOC"])
        XCTAssertEqual(groups.map(\.word), ["wolfgang", "lives", "berlin", "new", "york"])
        XCTAssertEqual(groups[0].score, 0.8, accuracy: 1e-12)
        XCTAssertEqual(groups.map(\.start), [0, 9, 18, 25, 29])
        XCTAssertEqual(groups.map(\.end), [8, 14, 24, 28, 33])
    }
}
