import Foundation

/// A class label metrics accept: integers (the usual case) or strings, compared and sorted as
/// sklearn's `unique_labels` does.
public protocol MetricLabel: Hashable, Comparable, CustomStringConvertible {
    /// sklearn's default `pos_label=1`, when it exists for this label type.
    static var defaultPositiveLabel: Self? { get }
    /// The label as sklearn prints it in a report (`str(label)`).
    var reportName: String { get }
    /// The label inside messages (`repr(label)`).
    var reprText: String { get }
}

extension Int: MetricLabel {
    public static var defaultPositiveLabel: Int? { 1 }
    public var reportName: String { String(self) }
    public var reprText: String { String(self) }
}

extension String: MetricLabel {
    public static var defaultPositiveLabel: String? { nil }
    public var reportName: String { self }
    public var reprText: String { PythonFormat.stringRepr(self) }
}

/// How precision, recall and F1 are combined over classes (sklearn's `average=`).
public enum MetricAverage: String, Equatable, CaseIterable {
    /// Only the positive class (`pos_label`); the targets must have at most two classes.
    case binary
    /// Global counts of true positives, false negatives and false positives.
    case micro
    /// Unweighted mean over classes.
    case macro
    /// Mean over classes weighted by their support (number of true instances).
    case weighted
}

/// The value used when a ratio is 0/0 (sklearn's `zero_division=`): `"warn"` acts as 0 and warns.
public enum ZeroDivision: Equatable {
    case warn
    case value(Double)

    var replacement: Double {
        if case .value(let v) = self { return v }
        return 0
    }
}

/// Where metrics send sklearn's `UndefinedMetricWarning` texts; the default prints them to stderr
/// the way Python shows warnings.
public enum MetricWarnings {
    public static let standardError: (String) -> Void = { message in
        FileHandle.standardError.write(Data("UndefinedMetricWarning: \(message)\n".utf8))
    }
}

enum MetricInput {
    /// sklearn's `check_consistent_length` + empty-input check.
    static func check<L>(_ yTrue: [L], _ yPred: [L]) throws {
        guard yTrue.count == yPred.count else {
            throw TrainingError.value("Found input variables with inconsistent numbers of samples: [\(yTrue.count), \(yPred.count)]",
                                      help: "y_true and y_pred need one entry per example (compare len(labels) and len(predictions))")
        }
        guard !yTrue.isEmpty else {
            throw TrainingError.value("the metric got no samples (y_true and y_pred are empty)", help: "evaluate on a non-empty dataset")
        }
    }

    /// `unique_labels(y_true, y_pred)`: sorted distinct labels.
    static func uniqueLabels<L: MetricLabel>(_ yTrue: [L], _ yPred: [L]) -> [L] {
        Array(Set(yTrue).union(yPred)).sorted()
    }
}
