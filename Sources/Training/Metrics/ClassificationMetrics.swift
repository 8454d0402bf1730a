/// The `sklearn.metrics` subset used by `compute_metrics` functions, with sklearn's definitions,
/// label handling, errors and `zero_division` warnings.
public enum ClassificationMetrics {
    /// `accuracy_score(y_true, y_pred, normalize=True)`: the fraction of exact matches
    /// (or their count with `normalize: false`).
    /// With `sampleWeight`, sklearn's `_weighted_sum`: the weighted mean of the matches (`np.average`), or their
    /// weighted sum with `normalize: false`.
    public static func accuracyScore<L: Hashable>(_ yTrue: [L], _ yPred: [L], normalize: Bool = true,
                                                  sampleWeight: [Double]? = nil) throws -> Double {
        try MetricInput.check(yTrue, yPred)
        let weights = try SampleWeights.check(sampleWeight, count: yTrue.count)
        guard let weights else {
            let correct = zip(yTrue, yPred).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
            return normalize ? Double(correct) / Double(yTrue.count) : Double(correct)
        }
        let correct = zip(zip(yTrue, yPred), weights).reduce(0.0) { $0 + ($1.0.0 == $1.0.1 ? $1.1 : 0) }
        guard normalize else { return correct }
        let total = weights.reduce(0, +)
        guard total != 0 else { throw TrainingError.value("Weights sum to zero, can't be normalized") }
        return correct / total
    }

    /// Per-class scores (sklearn's `average=None`): one entry per label of `labels`.
    public struct PerClassScores: Equatable {
        public var labels: [String]
        public var precision: [Double]
        public var recall: [Double]
        public var fScore: [Double]
        public var support: [Int]
        /// The weighted support (sum of the sample weights of each true label) when weights were given.
        public var weightedSupport: [Double]?
    }

    /// Averaged scores.
    public struct AveragedScores: Equatable {
        public var precision: Double
        public var recall: Double
        public var fScore: Double
    }

    /// `precision_recall_fscore_support(..., average=None)`.
    public static func perClass<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], labels: [L]? = nil, beta: Double = 1,
                                               zeroDivision: ZeroDivision = .warn, sampleWeight: [Double]? = nil,
                                               onWarning: (String) -> Void = MetricWarnings.standardError) throws -> PerClassScores {
        try MetricInput.check(yTrue, yPred)
        let weights = try SampleWeights.check(sampleWeight, count: yTrue.count)
        let chosen = labels ?? MetricInput.uniqueLabels(yTrue, yPred)
        let counts = Counts(yTrue, yPred, labels: chosen, weights: weights)
        let scores = try counts.scores(beta: beta, zeroDivision: zeroDivision, averaged: false,
                                       warnFor: ["precision", "recall", "f-score"], average: nil, onWarning: onWarning)
        let unweighted = Counts(yTrue, yPred, labels: chosen, weights: nil)
        return PerClassScores(labels: chosen.map(\.reportName), precision: scores.p, recall: scores.r, fScore: scores.f,
                              support: unweighted.trueSum.map { Int(exactly: $0) ?? 0 }, weightedSupport: weights == nil ? nil : counts.trueSum)
    }

    /// `precision_recall_fscore_support(..., average=…)` with sklearn's rules for `binary`
    /// (targets with at most two classes, scored on `pos_label`) and its warnings.
    public static func averaged<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], average: MetricAverage = .binary, posLabel: L? = nil,
                                               labels: [L]? = nil, beta: Double = 1, zeroDivision: ZeroDivision = .warn,
                                               warnFor: Set<String> = ["precision", "recall", "f-score"], sampleWeight: [Double]? = nil,
                                               onWarning: (String) -> Void = MetricWarnings.standardError) throws -> AveragedScores {
        try MetricInput.check(yTrue, yPred)
        let weights = try SampleWeights.check(sampleWeight, count: yTrue.count)
        let present = MetricInput.uniqueLabels(yTrue, yPred)
        var chosen = labels
        if average == .binary {
            guard present.count <= 2 else {
                throw TrainingError.value(
                    "Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted'].",
                    help: "for \(present.count) classes use average=\"macro\" (each class counts the same) or average=\"weighted\"")
            }
            guard let positive = posLabel ?? L.defaultPositiveLabel else {
                throw TrainingError.value(
                    "pos_label=1 is not a valid label. It should be one of [\(present.map(\.reprText).joined(separator: ", "))]",
                    help: "pass pos_label=\(present.last.map(\.reprText) ?? "…") (the class that counts as positive)")
            }
            if !present.contains(positive) && present.count >= 2 {
                throw TrainingError.value(
                    "pos_label=\(positive.reprText) is not a valid label. It should be one of [\(present.map(\.reprText).joined(separator: ", "))]",
                    help: "pass pos_label= one of those labels")
            }
            chosen = [positive]
        } else if let positive = posLabel, positive != L.defaultPositiveLabel {
            onWarning("Note that pos_label (set to \(positive.reprText)) is ignored when average != 'binary' (got '\(average.rawValue)'). You may use labels=[pos_label] to specify a single positive class.")
        }
        let counts = Counts(yTrue, yPred, labels: chosen ?? present, weights: weights)
        let scores = try counts.scores(beta: beta, zeroDivision: zeroDivision, averaged: true, warnFor: warnFor,
                                       average: average, onWarning: onWarning)
        switch average {
        case .binary, .micro:
            return AveragedScores(precision: scores.p[0], recall: scores.r[0], fScore: scores.f[0])
        case .macro:
            return AveragedScores(precision: nanAverage(scores.p, weights: nil), recall: nanAverage(scores.r, weights: nil),
                                  fScore: nanAverage(scores.f, weights: nil))
        case .weighted:
            let w = counts.trueSum
            return AveragedScores(precision: nanAverage(scores.p, weights: w), recall: nanAverage(scores.r, weights: w),
                                  fScore: nanAverage(scores.f, weights: w))
        }
    }

    /// `f1_score(y_true, y_pred, average=…, pos_label=…, labels=…, zero_division=…)`.
    public static func f1Score<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], average: MetricAverage = .binary, posLabel: L? = nil,
                                              labels: [L]? = nil, zeroDivision: ZeroDivision = .warn, sampleWeight: [Double]? = nil,
                                              onWarning: (String) -> Void = MetricWarnings.standardError) throws -> Double {
        try averaged(yTrue, yPred, average: average, posLabel: posLabel, labels: labels, zeroDivision: zeroDivision,
                     warnFor: ["f-score"], sampleWeight: sampleWeight, onWarning: onWarning).fScore
    }

    /// `precision_score(...)`.
    public static func precisionScore<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], average: MetricAverage = .binary, posLabel: L? = nil,
                                                     labels: [L]? = nil, zeroDivision: ZeroDivision = .warn, sampleWeight: [Double]? = nil,
                                                     onWarning: (String) -> Void = MetricWarnings.standardError) throws -> Double {
        try averaged(yTrue, yPred, average: average, posLabel: posLabel, labels: labels, zeroDivision: zeroDivision,
                     warnFor: ["precision"], sampleWeight: sampleWeight, onWarning: onWarning).precision
    }

    /// `recall_score(...)`.
    public static func recallScore<L: MetricLabel>(_ yTrue: [L], _ yPred: [L], average: MetricAverage = .binary, posLabel: L? = nil,
                                                  labels: [L]? = nil, zeroDivision: ZeroDivision = .warn, sampleWeight: [Double]? = nil,
                                                  onWarning: (String) -> Void = MetricWarnings.standardError) throws -> Double {
        try averaged(yTrue, yPred, average: average, posLabel: posLabel, labels: labels, zeroDivision: zeroDivision,
                     warnFor: ["recall"], sampleWeight: sampleWeight, onWarning: onWarning).recall
    }

    /// sklearn's `_nanaverage`: NaNs are skipped; all weights zero → plain mean; all NaN → NaN.
    static func nanAverage(_ values: [Double], weights: [Double]?) -> Double {
        let keep = values.indices.filter { !values[$0].isNaN }
        if keep.isEmpty { return .nan }
        if let weights {
            let total = keep.reduce(0.0) { $0 + weights[$1] }
            if total != 0 { return keep.reduce(0.0) { $0 + values[$1] * weights[$1] } / total }
        }
        return keep.reduce(0.0) { $0 + values[$1] } / Double(keep.count)
    }
}

/// True positives, predicted and true counts per label (sklearn's multilabel confusion matrix sums), each
/// sample counting its weight (1 without `sample_weight`).
struct Counts {
    var tp: [Double], predSum: [Double], trueSum: [Double]

    init<L: Hashable>(_ yTrue: [L], _ yPred: [L], labels: [L], weights: [Double]?) {
        var index: [L: Int] = [:]
        for (i, l) in labels.enumerated() where index[l] == nil { index[l] = i }
        tp = Array(repeating: 0, count: labels.count)
        predSum = tp
        trueSum = tp
        for (k, (t, p)) in zip(yTrue, yPred).enumerated() {
            let w = weights?[k] ?? 1
            if let i = index[t] { trueSum[i] += w; if t == p { tp[i] += w } }
            if let j = index[p] { predSum[j] += w }
        }
        // A label listed twice gets the same counts (index points at its first position).
        for (i, l) in labels.enumerated() where index[l] != i {
            let first = index[l] ?? i
            tp[i] = tp[first]; predSum[i] = predSum[first]; trueSum[i] = trueSum[first]
        }
    }

    /// Precision, recall and F-beta per label (or micro-summed when `average` is micro), with
    /// sklearn's zero-division replacement and warning texts.
    func scores(beta: Double, zeroDivision: ZeroDivision, averaged: Bool, warnFor: Set<String>, average: MetricAverage?,
                onWarning: (String) -> Void) throws -> (p: [Double], r: [Double], f: [Double]) {
        var tp = self.tp, pred = predSum, truth = trueSum
        if average == .micro {
            tp = [tp.reduce(0, +)]; pred = [pred.reduce(0, +)]; truth = [truth.reduce(0, +)]
        }
        let size = tp.count
        func divide(_ num: [Double], _ den: [Double], metric: String, modifier: String) -> [Double] {
            var out = [Double](repeating: 0, count: num.count)
            var undefined = false
            for i in num.indices {
                if den[i] == 0 { out[i] = zeroDivision.replacement; undefined = true } else { out[i] = num[i] / den[i] }
            }
            if undefined, zeroDivision == .warn, warnFor.contains(metric) {
                let start = metric == "f-score" ? "F-score is" : metric.prefix(1).uppercased() + metric.dropFirst() + " is"
                let place = size == 1 ? "due to" : "in labels with"
                onWarning("\(start) ill-defined and being set to 0.0 \(place) no \(modifier) samples. Use `zero_division` parameter to control this behavior.")
            }
            return out
        }
        let precision = divide(tp, pred, metric: "precision", modifier: "predicted")
        let recall = divide(tp, truth, metric: "recall", modifier: "true")
        let beta2 = beta * beta
        let fScore: [Double]
        if beta.isInfinite { fScore = recall } else if beta == 0 { fScore = precision } else {
            fScore = divide(tp.map { (1 + beta2) * $0 }, zip(truth, pred).map { beta2 * $0 + $1 },
                            metric: "f-score", modifier: "true nor predicted")
        }
        return (precision, recall, fScore)
    }
}

/// sklearn's `sample_weight`: one finite number per sample (`_check_sample_weight`).
public enum SampleWeights {
    public static func check(_ weights: [Double]?, count: Int) throws -> [Double]? {
        guard let weights else { return nil }
        guard weights.count == count else {
            throw TrainingError.value("Found input variables with inconsistent numbers of samples: [\(count), \(count), \(weights.count)]",
                                      help: "pass one sample_weight per example")
        }
        guard weights.allSatisfy(\.isFinite) else { throw TrainingError.value("Input sample_weight contains NaN or infinity.") }
        return weights
    }
}
