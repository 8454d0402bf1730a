import XCTest
@testable import Training

/// Expected values recorded from scikit-learn 1.9.1 on the same label sets (no Python at test time).
final class MetricsTests: XCTestCase {
    private var warnings: [String] = []
    private lazy var collect: (String) -> Void = { [unowned self] in self.warnings.append($0) }

    override func setUp() { warnings = [] }

    // A: every class present; B: class 1 never predicted; C: binary with ties; E: class 2 only predicted.
    private let sets: [String: ([Int], [Int])] = [
        "A": ([0, 1, 2, 2, 1, 0, 2, 1, 0, 0], [0, 2, 2, 2, 1, 0, 1, 1, 0, 1]),
        "B": ([0, 1, 2, 2, 1, 0], [0, 0, 2, 2, 0, 0]),
        "C": ([1, 0, 1, 1, 0, 0, 1, 0], [1, 1, 0, 1, 0, 1, 0, 0]),
        "E": ([0, 0, 1, 1], [0, 2, 1, 1]),
    ]

    func testScoresEqualScikitLearn() throws {
        let expected: [String: [String: Double]] = [
            "A": ["acc": 0.7, "f1_micro": 0.7, "p_micro": 0.7, "r_micro": 0.7, "f1_macro": 0.6984126984126983, "p_macro": 0.7222222222222222, "r_macro": 0.6944444444444443, "f1_weighted": 0.7142857142857142, "p_weighted": 0.75, "r_weighted": 0.7],
            "B": ["acc": 0.6666666666666666, "f1_micro": 0.6666666666666666, "p_micro": 0.6666666666666666, "r_micro": 0.6666666666666666, "f1_macro": 0.5555555555555555, "p_macro": 0.5, "r_macro": 0.6666666666666666, "f1_weighted": 0.5555555555555555, "p_weighted": 0.5, "r_weighted": 0.6666666666666666],
            "C": ["acc": 0.5, "f1_micro": 0.5, "p_micro": 0.5, "r_micro": 0.5, "f1_macro": 0.5, "p_macro": 0.5, "r_macro": 0.5, "f1_weighted": 0.5, "p_weighted": 0.5, "r_weighted": 0.5, "f1_binary": 0.5, "p_binary": 0.5, "r_binary": 0.5],
            "E": ["acc": 0.75, "f1_micro": 0.75, "p_micro": 0.75, "r_micro": 0.75, "f1_macro": 0.5555555555555555, "p_macro": 0.6666666666666666, "r_macro": 0.5, "f1_weighted": 0.8333333333333333, "p_weighted": 1.0, "r_weighted": 0.75],
        ]
        for (name, values) in expected {
            let (t, p) = sets[name] ?? ([], [])
            XCTAssertEqual(try ClassificationMetrics.accuracyScore(t, p), values["acc"], "accuracy \(name)")
            for average in MetricAverage.allCases {
                guard let f1 = values["f1_\(average.rawValue)"] else { continue }
                XCTAssertEqual(try ClassificationMetrics.f1Score(t, p, average: average, onWarning: collect), f1, "f1 \(average) \(name)")
                XCTAssertEqual(try ClassificationMetrics.precisionScore(t, p, average: average, onWarning: collect),
                               values["p_\(average.rawValue)"], "precision \(average) \(name)")
                XCTAssertEqual(try ClassificationMetrics.recallScore(t, p, average: average, onWarning: collect),
                               values["r_\(average.rawValue)"], "recall \(average) \(name)")
            }
        }
    }

    func testWarningsEqualScikitLearn() throws {
        warnings = []
        let (tBmacro, pBmacro) = sets["B"] ?? ([], [])
        _ = try ClassificationMetrics.f1Score(tBmacro, pBmacro, average: .macro, onWarning: collect)
        _ = try ClassificationMetrics.precisionScore(tBmacro, pBmacro, average: .macro, onWarning: collect)
        _ = try ClassificationMetrics.recallScore(tBmacro, pBmacro, average: .macro, onWarning: collect)
        XCTAssertEqual(warnings, ["Precision is ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."])
        warnings = []
        let (tBweighted, pBweighted) = sets["B"] ?? ([], [])
        _ = try ClassificationMetrics.f1Score(tBweighted, pBweighted, average: .weighted, onWarning: collect)
        _ = try ClassificationMetrics.precisionScore(tBweighted, pBweighted, average: .weighted, onWarning: collect)
        _ = try ClassificationMetrics.recallScore(tBweighted, pBweighted, average: .weighted, onWarning: collect)
        XCTAssertEqual(warnings, ["Precision is ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."])
        warnings = []
        let (tBmicro, pBmicro) = sets["B"] ?? ([], [])
        _ = try ClassificationMetrics.f1Score(tBmicro, pBmicro, average: .micro, onWarning: collect)
        _ = try ClassificationMetrics.precisionScore(tBmicro, pBmicro, average: .micro, onWarning: collect)
        _ = try ClassificationMetrics.recallScore(tBmicro, pBmicro, average: .micro, onWarning: collect)
        XCTAssertEqual(warnings, [])
        warnings = []
        let (tEmacro, pEmacro) = sets["E"] ?? ([], [])
        _ = try ClassificationMetrics.f1Score(tEmacro, pEmacro, average: .macro, onWarning: collect)
        _ = try ClassificationMetrics.precisionScore(tEmacro, pEmacro, average: .macro, onWarning: collect)
        _ = try ClassificationMetrics.recallScore(tEmacro, pEmacro, average: .macro, onWarning: collect)
        XCTAssertEqual(warnings, ["Recall is ill-defined and being set to 0.0 in labels with no true samples. Use `zero_division` parameter to control this behavior."])
        warnings = []
        let (tEweighted, pEweighted) = sets["E"] ?? ([], [])
        _ = try ClassificationMetrics.f1Score(tEweighted, pEweighted, average: .weighted, onWarning: collect)
        _ = try ClassificationMetrics.precisionScore(tEweighted, pEweighted, average: .weighted, onWarning: collect)
        _ = try ClassificationMetrics.recallScore(tEweighted, pEweighted, average: .weighted, onWarning: collect)
        XCTAssertEqual(warnings, ["Recall is ill-defined and being set to 0.0 in labels with no true samples. Use `zero_division` parameter to control this behavior."])
        warnings = []
        let (tEmicro, pEmicro) = sets["E"] ?? ([], [])
        _ = try ClassificationMetrics.f1Score(tEmicro, pEmicro, average: .micro, onWarning: collect)
        _ = try ClassificationMetrics.precisionScore(tEmicro, pEmicro, average: .micro, onWarning: collect)
        _ = try ClassificationMetrics.recallScore(tEmicro, pEmicro, average: .micro, onWarning: collect)
        XCTAssertEqual(warnings, [])
    }

    func testConfusionMatricesEqualScikitLearn() throws {
        XCTAssertEqual(try ConfusionMatrix(sets["A"]?.0 ?? [], sets["A"]?.1 ?? []).counts, [[3, 1, 0], [0, 2, 1], [0, 1, 2]])
        XCTAssertEqual(try ConfusionMatrix(sets["B"]?.0 ?? [], sets["B"]?.1 ?? []).counts, [[2, 0, 0], [2, 0, 0], [0, 0, 2]])
        XCTAssertEqual(try ConfusionMatrix(sets["C"]?.0 ?? [], sets["C"]?.1 ?? []).counts, [[2, 2], [2, 2]])
        XCTAssertEqual(try ConfusionMatrix(sets["E"]?.0 ?? [], sets["E"]?.1 ?? []).counts, [[1, 0, 1], [0, 2, 0], [0, 0, 0]])
        let t = ["neg", "pos", "neu", "neu", "pos", "neg", "neg"], p = ["neg", "neu", "neu", "pos", "pos", "neg", "pos"]
        XCTAssertEqual(try ConfusionMatrix(t, p, labels: ["pos", "neu", "neg"]).counts, [[1, 1, 0], [1, 1, 0], [1, 0, 2]])
    }

    func testClassificationReportTextEqualsScikitLearn() throws {
        warnings = []
        XCTAssertEqual(try ClassificationReport.text(sets["A"]?.0 ?? [], sets["A"]?.1 ?? [], onWarning: collect), "              precision    recall  f1-score   support\n\n           0       1.00      0.75      0.86         4\n           1       0.50      0.67      0.57         3\n           2       0.67      0.67      0.67         3\n\n    accuracy                           0.70        10\n   macro avg       0.72      0.69      0.70        10\nweighted avg       0.75      0.70      0.71        10\n")
        XCTAssertEqual(warnings, [])
        warnings = []
        XCTAssertEqual(try ClassificationReport.text(sets["B"]?.0 ?? [], sets["B"]?.1 ?? [], onWarning: collect), "              precision    recall  f1-score   support\n\n           0       0.50      1.00      0.67         2\n           1       0.00      0.00      0.00         2\n           2       1.00      1.00      1.00         2\n\n    accuracy                           0.67         6\n   macro avg       0.50      0.67      0.56         6\nweighted avg       0.50      0.67      0.56         6\n")
        XCTAssertEqual(warnings, ["Precision is ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Precision is ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.", "Precision is ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior."])
        warnings = []
        XCTAssertEqual(try ClassificationReport.text(sets["C"]?.0 ?? [], sets["C"]?.1 ?? [], onWarning: collect), "              precision    recall  f1-score   support\n\n           0       0.50      0.50      0.50         4\n           1       0.50      0.50      0.50         4\n\n    accuracy                           0.50         8\n   macro avg       0.50      0.50      0.50         8\nweighted avg       0.50      0.50      0.50         8\n")
        XCTAssertEqual(warnings, [])
        warnings = []
        XCTAssertEqual(try ClassificationReport.text(sets["E"]?.0 ?? [], sets["E"]?.1 ?? [], onWarning: collect), "              precision    recall  f1-score   support\n\n           0       1.00      0.50      0.67         2\n           1       1.00      1.00      1.00         2\n           2       0.00      0.00      0.00         0\n\n    accuracy                           0.75         4\n   macro avg       0.67      0.50      0.56         4\nweighted avg       1.00      0.75      0.83         4\n")
        XCTAssertEqual(warnings, ["Recall is ill-defined and being set to 0.0 in labels with no true samples. Use `zero_division` parameter to control this behavior.", "Recall is ill-defined and being set to 0.0 in labels with no true samples. Use `zero_division` parameter to control this behavior.", "Recall is ill-defined and being set to 0.0 in labels with no true samples. Use `zero_division` parameter to control this behavior."])
    }

    func testReportWithTargetNamesDigitsAndLabelSubset() throws {
        let t = ["neg", "pos", "neu", "neu", "pos", "neg", "neg"], p = ["neg", "neu", "neu", "pos", "pos", "neg", "pos"]
        XCTAssertEqual(try ClassificationReport.text(t, p, targetNames: ["negative", "neutral", "positive"], digits: 4), "              precision    recall  f1-score   support\n\n    negative     1.0000    0.6667    0.8000         3\n     neutral     0.5000    0.5000    0.5000         2\n    positive     0.3333    0.5000    0.4000         2\n\n    accuracy                         0.5714         7\n   macro avg     0.6111    0.5556    0.5667         7\nweighted avg     0.6667    0.5714    0.6000         7\n")
        XCTAssertEqual(try ClassificationMetrics.f1Score(t, p, average: .macro), 0.5666666666666668)
        let (a, b) = sets["A"] ?? ([], [])
        XCTAssertEqual(try ClassificationReport.text(a, b, labels: [0, 1], onWarning: collect), "              precision    recall  f1-score   support\n\n           0       1.00      0.75      0.86         4\n           1       0.50      0.67      0.57         3\n\n   micro avg       0.71      0.71      0.71         7\n   macro avg       0.75      0.71      0.71         7\nweighted avg       0.79      0.71      0.73         7\n")
    }

    func testZeroDivisionValue() throws {
        XCTAssertEqual(try ClassificationMetrics.f1Score([0, 1, 2, 0], [0, 2, 2, 0], average: .macro, zeroDivision: .value(1), onWarning: collect), 0.5555555555555555)
        XCTAssertEqual(try ClassificationMetrics.precisionScore([0, 1, 2, 0], [0, 2, 2, 0], average: .macro, zeroDivision: .value(1), onWarning: collect), 0.8333333333333334)
        // zero_division=nan: NaN classes are left out of the macro mean (sklearn gives 0.75).
        XCTAssertEqual(try ClassificationMetrics.precisionScore([0, 1, 2, 0], [0, 2, 2, 0], average: .macro, zeroDivision: .value(.nan), onWarning: collect), 0.75)
        XCTAssertEqual(warnings, [])
    }

    func testBinaryAverageErrorsLikeScikitLearn() {
        XCTAssertThrowsError(try ClassificationMetrics.f1Score([0, 1, 2], [0, 1, 2])) { error in
            XCTAssertTrue("\(error)".contains("Target is multiclass but average='binary'"), "\(error)")
        }
        XCTAssertThrowsError(try ClassificationMetrics.f1Score(["a", "b"], ["a", "b"])) { error in
            XCTAssertTrue("\(error)".contains("pos_label=1 is not a valid label. It should be one of ['a', 'b']"), "\(error)")
        }
        XCTAssertEqual(try ClassificationMetrics.f1Score(["a", "b", "b"], ["a", "b", "a"], posLabel: "b"), 2.0 / 3.0)
        XCTAssertThrowsError(try ClassificationMetrics.accuracyScore([1, 2], [1])) { error in
            XCTAssertTrue("\(error)".contains("inconsistent numbers of samples: [2, 1]"), "\(error)")
        }
    }

    func testConfusionMatrixPrintsLikeNumpy() throws {
        let m = try ConfusionMatrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 1])
        XCTAssertEqual(m.description, "[[1 1]\n [0 3]]")
        XCTAssertEqual(m.normalized(.truth), [[0.5, 0.5], [0, 1]])
    }
}
