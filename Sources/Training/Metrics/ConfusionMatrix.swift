/// `confusion_matrix(y_true, y_pred, labels=None, normalize=None)`: rows are true labels, columns
/// predicted labels, in the order of `labels` (default: sorted labels of both). Samples whose true or
/// predicted label is not in `labels` are left out, as in sklearn.
public struct ConfusionMatrix: Equatable, CustomStringConvertible {
    public var labels: [String]
    /// `[labels, labels]`: `counts[i][j]` = examples of true label i predicted as j.
    public var counts: [[Int]]

    /// The weighted counts when `sample_weight` was given (sklearn then returns a float matrix unless the
    /// weights are integers).
    public var weightedCounts: [[Double]]?

    public init<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], labels: [L]? = nil, sampleWeight: [Double]? = nil) throws {
        try MetricInput.check(yTrue, yPred)
        let chosen = labels ?? MetricInput.uniqueLabels(yTrue, yPred)
        if let given = labels {
            guard !given.isEmpty else { throw TrainingError.value("'labels' should contains at least one label.") }
            guard given.contains(where: Set(yTrue).contains) else {
                throw TrainingError.value("At least one label specified must be in y_true", help: "the labels are \(given.map(\.reprText))")
            }
        }
        var index: [L: Int] = [:]
        for (i, l) in chosen.enumerated() where index[l] == nil { index[l] = i }
        let weights = try SampleWeights.check(sampleWeight, count: yTrue.count)
        var matrix = Array(repeating: Array(repeating: 0, count: chosen.count), count: chosen.count)
        var weighted = Array(repeating: Array(repeating: 0.0, count: chosen.count), count: chosen.count)
        for (k, (t, p)) in zip(yTrue, yPred).enumerated() {
            if let i = index[t], let j = index[p] { matrix[i][j] += 1; weighted[i][j] += weights?[k] ?? 1 }
        }
        self.labels = chosen.map(\.reportName)
        self.counts = matrix
        self.weightedCounts = weights == nil ? nil : weighted
    }

    /// sklearn's `normalize=`: `"true"` (rows sum to 1), `"pred"` (columns), `"all"`; 0/0 gives 0.
    public enum Normalization: String { case truth = "true", pred, all }

    public func normalized(_ mode: Normalization) -> [[Double]] {
        let n = counts.count
        var out = weightedCounts ?? counts.map { $0.map(Double.init) }
        switch mode {
        case .truth:
            for i in 0..<n { let s = out[i].reduce(0, +); for j in 0..<n { out[i][j] = s == 0 ? 0 : out[i][j] / s } }
        case .pred:
            for j in 0..<n {
                let s = (0..<n).reduce(0.0) { $0 + out[$1][j] }
                for i in 0..<n { out[i][j] = s == 0 ? 0 : out[i][j] / s }
            }
        case .all:
            let s = out.joined().reduce(0, +)
            for i in 0..<n { for j in 0..<n { out[i][j] = s == 0 ? 0 : out[i][j] / s } }
        }
        return out
    }

    /// numpy's print of the integer matrix, e.g. `[[2 0]\n [1 3]]`.
    public var description: String {
        let width = counts.joined().map { String($0).count }.max() ?? 1
        let rows = counts.map { row in
            "[" + row.map { String(repeating: " ", count: width - String($0).count) + String($0) }.joined(separator: " ") + "]"
        }
        return "[" + rows.joined(separator: "\n ") + "]"
    }
}
