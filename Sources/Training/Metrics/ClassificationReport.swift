/// `classification_report(y_true, y_pred, labels=None, target_names=None, digits=2, zero_division="warn")`
/// as the exact text sklearn prints: a row per class, then `accuracy` (or `micro avg` when some
/// present labels are left out), `macro avg` and `weighted avg`. With `sampleWeight` every count is a sum of
/// weights and the support column is the weighted support, printed as Python prints a float (`3.5`).
public enum ClassificationReport {
    public static func text<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], labels: [L]? = nil, targetNames: [String]? = nil,
                                           digits: Int = 2, zeroDivision: ZeroDivision = .warn, sampleWeight: [Double]? = nil,
                                           onWarning: (String) -> Void = MetricWarnings.standardError) throws -> String {
        try MetricInput.check(yTrue, yPred)
        let present = MetricInput.uniqueLabels(yTrue, yPred)
        let chosen = labels ?? present
        let microIsAccuracy = labels == nil || Set(chosen).isSuperset(of: present)
        var names = chosen.map(\.reportName)
        if let targetNames {
            if targetNames.count != chosen.count {
                if labels != nil {
                    onWarning("labels size, \(chosen.count), does not match size of target_names, \(targetNames.count)")
                } else {
                    throw TrainingError.value(
                        "Number of classes, \(chosen.count), does not match size of target_names, \(targetNames.count). Try specifying the labels parameter",
                        help: "give one name per class, in the sorted order of the labels \(chosen.map(\.reprText))")
                }
            }
            names = targetNames
        }
        let perClass = try ClassificationMetrics.perClass(yTrue, yPred, labels: chosen, zeroDivision: zeroDivision,
                                                          sampleWeight: sampleWeight, onWarning: onWarning)
        let support: [String], totalSupport: String
        if let weighted = perClass.weightedSupport {
            support = weighted.map(PythonFormat.floatRepr)
            totalSupport = PythonFormat.floatRepr(weighted.reduce(0, +))
        } else {
            support = perClass.support.map { String($0) }
            totalSupport = String(perClass.support.reduce(0, +))
        }
        let heading = "weighted avg"
        let width = max(names.map(\.count).max() ?? 0, heading.count, digits)
        func right(_ text: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - text.count)) + text }
        func number(_ value: Double) -> String { right(PythonFormat.fixed(value, digits: digits), 9) }

        var report = right("", width) + " " + ["precision", "recall", "f1-score", "support"].map { " " + right($0, 9) }.joined()
        report += "\n\n"
        // sklearn zips names with scores, so extra names are dropped and missing ones end the table.
        for i in 0..<min(names.count, chosen.count) {
            report += right(names[i], width) + " " + " " + number(perClass.precision[i]) + " " + number(perClass.recall[i])
                + " " + number(perClass.fScore[i]) + " " + right(support[i], 9) + "\n"
        }
        report += "\n"
        for average in [MetricAverage.micro, .macro, .weighted] {
            let scores = try ClassificationMetrics.averaged(yTrue, yPred, average: average, labels: chosen,
                                                            zeroDivision: zeroDivision, sampleWeight: sampleWeight, onWarning: onWarning)
            if average == .micro && microIsAccuracy {
                report += right("accuracy", width) + " " + " " + right("", 9) + " " + right("", 9) + " "
                    + number(scores.fScore) + " " + right(totalSupport, 9) + "\n"
            } else {
                report += right("\(average.rawValue) avg", width) + " " + " " + number(scores.precision) + " "
                    + number(scores.recall) + " " + number(scores.fScore) + " " + right(totalSupport, 9) + "\n"
            }
        }
        return report
    }
}
