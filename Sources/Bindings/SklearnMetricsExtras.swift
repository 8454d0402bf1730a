import Foundation
import Lang
import NumericArrays
import PythonBasics
import Training

/// `sklearn.metrics.precision_recall_fscore_support`, `roc_auc_score` (binary and one-vs-rest) and
/// `matthews_corrcoef`, with scikit-learn's definitions (Training's `ClassificationMetrics` and `RankingMetrics`).
extension SklearnBindings {
    static var extraMetrics: [Builtin] {
        [
            Builtin("precision_recall_fscore_support", owner: "sklearn.metrics", [
                Parameter("y_true"), Parameter("y_pred"), .keyword("beta", .number, default: .float(1)), .keyword("labels", default: Value.none),
                .keyword("pos_label", default: .int(1)),
                .keyword("average", .optional(.choice(["binary", "micro", "macro", "weighted", "samples"])), default: Value.none),
                .keyword("warn_for", default: Value.none), .keyword("sample_weight", default: Value.none),
                .keyword("zero_division", default: .str("warn")),
            ], doc: "(precision, recall, fbeta, support): per class (arrays) with average=None, else averaged floats and support None.",
               example: "precision, recall, f1, _ = precision_recall_fscore_support(labels, predictions, average='macro')") { args in
                try bridged { try precisionRecallFscoreSupport(args) }
            },
            Builtin("roc_auc_score", owner: "sklearn.metrics", [
                Parameter("y_true"), Parameter("y_score"), .keyword("average", .optional(.choice(["macro", "weighted", "micro", "samples"])), default: .str("macro")),
                .keyword("sample_weight", default: Value.none), .keyword("max_fpr", default: Value.none),
                .keyword("multi_class", .choice(["raise", "ovr", "ovo"]), default: .str("raise")), .keyword("labels", default: Value.none),
            ], doc: "Area under the ROC curve: binary (scores of the positive class) or multi-class one-vs-rest (probabilities).",
               example: "roc_auc_score(labels, probabilities[:, 1])") { args in
                try bridged { try rocAUC(args) }
            },
            Builtin("matthews_corrcoef", owner: "sklearn.metrics", [Parameter("y_true"), Parameter("y_pred"), .keyword("sample_weight", default: Value.none)],
                    doc: "Matthews correlation coefficient (binary and multi-class).", example: "matthews_corrcoef(labels, predictions)") { args in
                try bridged {
                    let weights = try sampleWeights(args["sample_weight"])
                    switch (try Convert.labels(args["y_true"], name: "y_true"), try Convert.labels(args["y_pred"], name: "y_pred")) {
                    case (.ints(let t), .ints(let p)): return .float(try RankingMetrics.matthewsCorrcoef(t, p, sampleWeight: weights))
                    case (.strings(let t), .strings(let p)): return .float(try RankingMetrics.matthewsCorrcoef(t, p, sampleWeight: weights))
                    default: throw mismatch()
                    }
                }
            },
        ]
    }

    private static func floats(_ xs: [Double]) -> Value { TensorObject.numpyArray(NDArray(shape: [xs.count], values: xs)) }

    static func precisionRecallFscoreSupport(_ args: Arguments) throws -> Value {
        let weights = try sampleWeights(args["sample_weight"])
        let beta = try args.double("beta")
        guard beta >= 0 else { throw ScriptError(.valueError, "beta should be >=0 in the F-beta score") }
        let zero = try zeroDivision(args["zero_division"])
        let averageName = try args.optionalString("average")
        if averageName == "samples" {
            throw ScriptError(.valueError, "average='samples' needs multilabel targets, which lorarepl does not support",
                              help: "use average='macro', 'micro', 'weighted', 'binary' or None")
        }
        let context = args.context
        let warn: (String) -> Void = { try? context.writeError($0 + "\n") }
        func compute<L: MetricLabel>(_ t: [L], _ p: [L], _ labels: [L]?, _ positive: L?) throws -> Value {
            if let name = averageName {
                guard let average = MetricAverage(rawValue: name) else { throw ScriptError(.valueError, "unknown average '\(name)'") }
                let s = try ClassificationMetrics.averaged(t, p, average: average, posLabel: positive, labels: labels, beta: beta,
                                                           zeroDivision: zero, sampleWeight: weights, onWarning: warn)
                return .tuple([.float(s.precision), .float(s.recall), .float(s.fScore), Value.none])
            }
            let s = try ClassificationMetrics.perClass(t, p, labels: labels, beta: beta, zeroDivision: zero, sampleWeight: weights, onWarning: warn)
            // sklearn's support is the weighted true count (a float array whenever weights are given).
            let support = s.weightedSupport ?? s.support.map(Double.init)
            let dtype: NDArray.DType = weights == nil ? .int64 : .float32
            return .tuple([floats(s.precision), floats(s.recall), floats(s.fScore),
                           TensorObject.numpyArray(NDArray(shape: [support.count], values: support, dtype: dtype))])
        }
        switch (try Convert.labels(args["y_true"], name: "y_true"), try Convert.labels(args["y_pred"], name: "y_pred")) {
        case (.ints(let t), .ints(let p)): return try compute(t, p, try intLabels(args["labels"]), args["pos_label"].intValue)
        case (.strings(let t), .strings(let p)): return try compute(t, p, try stringLabels(args["labels"]), args["pos_label"].stringValue)
        default: throw mismatch()
        }
    }

    /// `f1_score`/`precision_score`/`recall_score` with `average=None`: one value per label.
    static func perClassScores(_ kind: String, _ args: Arguments) throws -> Value {
        let zero = try zeroDivision(args["zero_division"])
        let weights = try sampleWeights(args["sample_weight"])
        let context = args.context
        let warn: (String) -> Void = { try? context.writeError($0 + "\n") }
        func compute<L: MetricLabel>(_ t: [L], _ p: [L], _ labels: [L]?) throws -> Value {
            let s = try ClassificationMetrics.perClass(t, p, labels: labels, zeroDivision: zero, sampleWeight: weights, onWarning: warn)
            return floats(kind == "precision" ? s.precision : kind == "recall" ? s.recall : s.fScore)
        }
        switch (try Convert.labels(args["y_true"], name: "y_true"), try Convert.labels(args["y_pred"], name: "y_pred")) {
        case (.ints(let t), .ints(let p)): return try compute(t, p, try intLabels(args["labels"]))
        case (.strings(let t), .strings(let p)): return try compute(t, p, try stringLabels(args["labels"]))
        default: throw mismatch()
        }
    }

    /// y_true's codes against the `labels=` of `roc_auc_score` (the columns of y_score), with scikit-learn's checks.
    static func encodeWithLabels(_ yTrue: LabelList, _ given: LabelList, columns: Int?) throws -> (codes: [Int], classes: [String], counts: [Int]) {
        let trueKeys: [String], givenKeys: [String], sortedKeys: [String]
        switch (yTrue, given) {
        case (.ints(let t), .ints(let g)):
            trueKeys = t.map(String.init); givenKeys = g.map(String.init); sortedKeys = Array(Set(g)).sorted().map(String.init)
        case (.strings(let t), .strings(let g)):
            trueKeys = t; givenKeys = g
            sortedKeys = Array(Set(g)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        default: throw mismatch()
        }
        guard sortedKeys.count == givenKeys.count else { throw ScriptError(.valueError, "Parameter 'labels' must be unique") }
        guard sortedKeys == givenKeys else { throw ScriptError(.valueError, "Parameter 'labels' must be ordered", help: "list the labels sorted, in the order of y_score's columns") }
        if let columns, columns != givenKeys.count {
            throw ScriptError(.valueError, "Number of given labels, \(givenKeys.count), not equal to the number of columns in 'y_score', \(columns)")
        }
        var index: [String: Int] = [:]
        for (i, key) in givenKeys.enumerated() { index[key] = i }
        let codes = try trueKeys.map { key -> Int in
            guard let code = index[key] else { throw ScriptError(.valueError, "'y_true' contains labels not in parameter 'labels'") }
            return code
        }
        var counts = [Int](repeating: 0, count: givenKeys.count)
        for code in codes { counts[code] += 1 }
        return (codes, givenKeys, counts)
    }

    static func rocAUC(_ args: Arguments) throws -> Value {
        let weights = try sampleWeights(args["sample_weight"])
        let maxFPR = try args.optionalDouble("max_fpr")
        if let maxFPR, !(maxFPR > 0 && maxFPR <= 1) {
            throw ScriptError(.valueError, "The 'max_fpr' parameter of roc_auc_score must be a float in the range (0.0, 1.0] or None. Got \(args["max_fpr"].repr) instead.")
        }
        let labels = try Convert.labels(args["y_true"], name: "y_true")
        var encoded = SklearnFolds.encode(labels)
        let scores = try NDArray.from(args["y_score"])
        guard scores.shape.first == labels.count else {
            throw ScriptError(.valueError, "Found input variables with inconsistent numbers of samples: [\(labels.count), \(scores.shape.first ?? 0)]")
        }
        if encoded.classes.count <= 2 && !(scores.rank == 2 && (scores.shape.last ?? 0) > 2) {
            guard scores.rank == 1 else {
                throw ScriptError(.valueError, "y should be a 1d array, got an array of shape \(shapeTuple(scores.shape)) instead.",
                                  help: "for two classes pass the positive class's scores, e.g. probabilities[:, 1]")
            }
            // label_binarize: the larger label is the positive class.
            let positive = encoded.codes.map { $0 == 1 }
            return .float(try RankingMetrics.binaryAUC(positive: positive, scores: scores.values, maxFPR: maxFPR, sampleWeight: weights))
        }
        if let maxFPR, maxFPR != 1 {
            throw ScriptError(.valueError, "Partial AUC computation not available in multiclass setting, 'max_fpr' must be set to `None`, received `max_fpr=\(args["max_fpr"].repr)` instead")
        }
        let multiClass = try args.string("multi_class")
        if multiClass == "raise" { throw ScriptError(.valueError, "multi_class must be in ('ovo', 'ovr')", help: "pass multi_class='ovr' (one class against the rest) or 'ovo'") }
        if !args["labels"].isNone {
            // The classes of y_score's columns, in order (they must be sorted and unique, as scikit-learn checks).
            encoded = try encodeWithLabels(labels, try Convert.labels(args["labels"], name: "labels"),
                                           columns: scores.rank == 2 ? scores.shape.last : nil)
        }
        guard scores.rank == 2, let width = scores.shape.last else {
            throw ScriptError(.valueError, "Number of classes in y_true not equal to the number of columns in 'y_score'",
                              help: "pass the class probabilities, shape (samples, classes)")
        }
        let rows = (0..<labels.count).map { Array(scores.values[($0 * width)..<(($0 + 1) * width)]) }
        var average: RankingMetrics.Average? = nil
        if let name = try args.optionalString("average") {
            guard let known = RankingMetrics.Average(rawValue: name) else {
                throw ScriptError(.valueError, "average='\(name)' is not supported for multiclass roc_auc", help: "use 'macro', 'weighted' or None")
            }
            if known == .micro { throw ScriptError(.valueError, "average must be one of ('macro', 'weighted', None) for multiclass problems") }
            average = known
        }
        if multiClass == "ovo" {
            guard weights == nil else {
                throw ScriptError(.valueError, "sample_weight is not supported for multiclass one-vs-one ROC AUC, 'sample_weight' must be None in this case.",
                                  help: "use multi_class='ovr' with sample_weight")
            }
            guard let average else { throw ScriptError(.notImplementedError, "average=None is not implemented for multi_class='ovo'.") }
            return .float(try RankingMetrics.oneVsOneAUC(classOf: encoded.codes, scores: rows, weighted: average == .weighted))
        }
        let values = try RankingMetrics.oneVsRestAUC(classOf: encoded.codes, classes: encoded.classes.count, scores: rows, average: average,
                                                      sampleWeight: weights)
        return average == nil ? floats(values) : .float(values[0])
    }
}
