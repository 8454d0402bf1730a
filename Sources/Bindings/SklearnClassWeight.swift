import Foundation
import Lang
import NumericArrays
import Training

/// `sklearn.utils.class_weight.compute_class_weight`: the per-class weights tutorials pass to
/// `nn.CrossEntropyLoss(weight=...)` in a weighted Trainer subclass, with scikit-learn's formula
/// (`"balanced"`: `n_samples / (n_classes * count(class))`) and checks.
enum SklearnClassWeight {
    static var table: ModuleTable {
        ModuleTable(name: "sklearn.utils.class_weight", doc: "compute_class_weight (scikit-learn's class weights).", builtins: [
            Builtin("compute_class_weight", owner: "sklearn.utils.class_weight",
                    [Parameter("class_weight"), .keyword("classes", default: Value.none), .keyword("y", default: Value.none)],
                    doc: "One weight per class of classes: 'balanced' (n_samples / (n_classes * count)), a dict, or None (all 1).",
                    example: "weights = compute_class_weight('balanced', classes=np.unique(labels), y=labels)") { args in
                guard !args["classes"].isNone, !args["y"].isNone else {
                    throw ScriptError(.typeError, "compute_class_weight() needs the keyword arguments classes= and y=",
                                      help: "compute_class_weight('balanced', classes=np.unique(labels), y=labels)")
                }
                return try bridged { try compute(args["class_weight"], classes: args["classes"], y: args["y"]) }
            },
        ])
    }

    static func compute(_ classWeight: Value, classes classesValue: Value, y yValue: Value) throws -> Value {
        let classes = keys(try Convert.labels(classesValue, name: "classes"))
        let y = keys(try Convert.labels(yValue, name: "y"))
        guard Set(y).isSubset(of: Set(classes)) else {
            throw ScriptError(.valueError, "classes should include all valid labels that can be in y",
                              help: "pass classes=np.unique(y)")
        }
        var weights = [Double](repeating: 1, count: classes.count)
        switch classWeight {
        case .none:
            break
        case .str("balanced"):
            let present = Array(Set(y))
            guard Set(classes).isSubset(of: Set(present)) else {
                throw ScriptError(.valueError, "classes should have valid labels that are in y",
                                  help: "every class needs at least one example in y for 'balanced' weights")
            }
            var counts: [String: Int] = [:]
            for label in y { counts[label, default: 0] += 1 }
            for (i, c) in classes.enumerated() {
                weights[i] = Double(y.count) / (Double(present.count) * Double(counts[c] ?? 1))
            }
        case .dict(let dict):
            var unknown: [String] = []
            for (key, value) in dict.pairs {
                let name = keys(try Convert.labels(.list([key]), name: "class_weight")).first ?? key.repr
                guard let number = Convert.double(value) else { throw ScriptError(.typeError, "class_weight values must be numbers") }
                if let i = classes.firstIndex(of: name) { weights[i] = number } else { unknown.append(name) }
            }
            if !unknown.isEmpty {
                throw ScriptError(.valueError, "The classes, \(unknown), are not in class_weight", help: "use the class labels of y as the dict's keys")
            }
        default:
            throw ScriptError(.valueError, "class_weight must be dict, 'balanced', or None, got: \(classWeight.repr)")
        }
        return TensorObject.numpyArray(NDArray(shape: [weights.count], values: weights, dtype: .float32))
    }

    private static func keys(_ labels: LabelList) -> [String] {
        switch labels {
        case .ints(let xs): return xs.map(String.init)
        case .strings(let xs): return xs
        }
    }
}
