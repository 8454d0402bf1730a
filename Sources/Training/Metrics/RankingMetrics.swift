import Foundation

/// `sklearn.metrics.roc_auc_score` (binary, and multi-class one-vs-rest) and `matthews_corrcoef`, with
/// scikit-learn's definitions and error messages.
public enum RankingMetrics {
    /// The area under the ROC curve of `scores` for `positive` samples: the trapezoids between the curve's
    /// points at each distinct score (scikit-learn's `roc_curve` + `auc`; tied scores form one point).
    /// With `maxFPR` (in (0, 1)), scikit-learn's standardised partial AUC up to that false-positive rate.
    /// With `sampleWeight`, each sample counts its weight in the true- and false-positive sums (scikit-learn's
    /// `_binary_clf_curve`).
    public static func binaryAUC(positive: [Bool], scores: [Double], maxFPR: Double? = nil, sampleWeight: [Double]? = nil) throws -> Double {
        guard positive.count == scores.count else {
            throw TrainingError.value("Found input variables with inconsistent numbers of samples: [\(positive.count), \(scores.count)]")
        }
        if let sampleWeight, sampleWeight.count != scores.count {
            throw TrainingError.value("Found input variables with inconsistent numbers of samples: [\(positive.count), \(scores.count), \(sampleWeight.count)]")
        }
        guard scores.allSatisfy(\.isFinite) else {
            throw TrainingError.value("Input y_score contains NaN or infinity.", help: "check the model's scores for NaN")
        }
        let positives = positive.filter { $0 }.count, negatives = positive.count - positives
        guard positives > 0, negatives > 0 else {
            throw TrainingError.value("Only one class is present in y_true. ROC AUC score is not defined in that case.",
                                      help: "evaluate on data that holds both classes")
        }
        // Descending scores; one curve point after each run of equal scores.
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }
        var tps = 0.0, fps = 0.0
        var counts: [(fps: Double, tps: Double)] = [(0, 0)]
        for (rank, index) in order.enumerated() {
            let weight = sampleWeight?[index] ?? 1
            if positive[index] { tps += weight } else { fps += weight }
            if rank == order.count - 1 || scores[order[rank + 1]] != scores[index] { counts.append((fps, tps)) }
        }
        let points = counts.map { (fpr: $0.fps / fps, tpr: $0.tps / tps) }
        guard let maxFPR, maxFPR != 1 else { return trapezoids(points) }
        guard maxFPR > 0, maxFPR <= 1 else { throw TrainingError.value("Expected max_fpr in range (0, 1], got: \(maxFPR)") }
        // scikit-learn's partial AUC: the curve up to max_fpr (one point added by linear interpolation),
        // standardised with McClish's correction (0.5 for a non-discriminant score, 1 for a perfect one).
        let stop = points.firstIndex { $0.fpr > maxFPR } ?? points.count
        guard stop > 0, stop < points.count else { return trapezoids(points) }
        let (x0, y0) = points[stop - 1], (x1, y1) = points[stop]
        let y = x1 == x0 ? y1 : y0 + (maxFPR - x0) * (y1 - y0) / (x1 - x0)
        let partial = trapezoids(Array(points[..<stop]) + [(maxFPR, y)])
        let minArea = 0.5 * maxFPR * maxFPR, maxArea = maxFPR
        return 0.5 * (1 + (partial - minArea) / (maxArea - minArea))
    }

    private static func trapezoids(_ points: [(fpr: Double, tpr: Double)]) -> Double {
        var area = 0.0
        for i in 1..<Swift.max(points.count, 1) {
            area += (points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr) / 2
        }
        return area
    }

    /// scikit-learn's one-vs-one AUC (Hand & Till): for each pair of classes present in `codes`, the mean of
    /// the AUC of each class against the other on the rows of the two classes; the pairs averaged plainly
    /// (`macro`) or by the pair's share of the rows (`weighted`).
    public static func oneVsOneAUC(classOf codes: [Int], scores: [[Double]], weighted: Bool) throws -> Double {
        let present = Array(Set(codes)).sorted()
        var pairScores: [Double] = [], prevalence: [Double] = []
        for (i, a) in present.enumerated() {
            for b in present[(i + 1)...] {
                let rows = codes.indices.filter { codes[$0] == a || codes[$0] == b }
                let aScore = try binaryAUC(positive: rows.map { codes[$0] == a }, scores: rows.map { scores[$0][a] })
                let bScore = try binaryAUC(positive: rows.map { codes[$0] == b }, scores: rows.map { scores[$0][b] })
                pairScores.append((aScore + bScore) / 2)
                prevalence.append(Double(rows.count) / Double(codes.count))
            }
        }
        guard !pairScores.isEmpty else { throw TrainingError.value("one-vs-one ROC AUC needs at least two classes in y_true") }
        if weighted {
            let total = prevalence.reduce(0, +)
            return zip(pairScores, prevalence).reduce(0) { $0 + $1.0 * $1.1 } / total
        }
        return pairScores.reduce(0, +) / Double(pairScores.count)
    }

    /// How `roc_auc_score` averages the per-class scores of a multi-class problem.
    public enum Average: String, CaseIterable {
        case macro, weighted, micro
    }

    /// One-vs-rest AUC of each class (columns of `scores`, `[samples][classes]`, in `classes` order):
    /// `average` nil gives the per-class values. Rows must sum to 1 (scikit-learn's check).
    public static func oneVsRestAUC(classOf codes: [Int], classes: Int, scores: [[Double]], average: Average?,
                                    sampleWeight: [Double]? = nil) throws -> [Double] {
        guard scores.allSatisfy({ $0.count == classes }) else {
            throw TrainingError.value("Number of classes in y_true not equal to the number of columns in 'y_score'",
                                      help: "y_score needs one column per class (e.g. the softmax of the logits)")
        }
        for row in scores where abs(row.reduce(0, +) - 1) > 1e-8 + 1e-5 {
            throw TrainingError.value("Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes",
                                      help: "apply softmax to the logits first")
        }
        if average == .micro {
            let positive = codes.flatMap { code in (0..<classes).map { $0 == code } }
            let weights = sampleWeight.map { w in w.flatMap { [Double](repeating: $0, count: classes) } }
            return [try binaryAUC(positive: positive, scores: scores.flatMap { $0 }, sampleWeight: weights)]
        }
        var perClass: [Double] = []
        var support: [Double] = []
        for k in 0..<classes {
            let positive = codes.map { $0 == k }
            perClass.append(try binaryAUC(positive: positive, scores: scores.map { $0[k] }, sampleWeight: sampleWeight))
            support.append(positive.indices.reduce(0) { $0 + (positive[$1] ? sampleWeight?[$1] ?? 1 : 0) })
        }
        switch average {
        case nil: return perClass
        case .macro?: return [perClass.reduce(0, +) / Double(classes)]
        case .weighted?:
            let total = support.reduce(0, +)
            return [zip(perClass, support).reduce(0) { $0 + $1.0 * $1.1 } / total]
        case .micro?: return perClass
        }
    }

    /// `matthews_corrcoef(y_true, y_pred, sample_weight=)`: the multi-class correlation from the (weighted)
    /// confusion matrix; 0 when either side has a single class.
    public static func matthewsCorrcoef<L: Hashable>(_ yTrue: [L], _ yPred: [L], sampleWeight: [Double]? = nil) throws -> Double {
        try MetricInput.check(yTrue, yPred)
        if let sampleWeight, sampleWeight.count != yTrue.count {
            throw TrainingError.value("Found input variables with inconsistent numbers of samples: [\(yTrue.count), \(yPred.count), \(sampleWeight.count)]")
        }
        var index: [L: Int] = [:]
        for label in yTrue + yPred where index[label] == nil { index[label] = index.count }
        let k = index.count
        var trueSum = [Double](repeating: 0, count: k), predSum = [Double](repeating: 0, count: k)
        var correct = 0.0
        for (n, (t, p)) in zip(yTrue, yPred).enumerated() {
            guard let i = index[t], let j = index[p] else { continue }
            let weight = sampleWeight?[n] ?? 1
            trueSum[i] += weight
            predSum[j] += weight
            if i == j { correct += weight }
        }
        let samples = predSum.reduce(0, +)
        let dot = { (a: [Double], b: [Double]) in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let covTruePred = correct * samples - dot(trueSum, predSum)
        let covPredPred = samples * samples - dot(predSum, predSum)
        let covTrueTrue = samples * samples - dot(trueSum, trueSum)
        let product = covPredPred * covTrueTrue
        return product == 0 ? 0 : covTruePred / product.squareRoot()
    }
}
