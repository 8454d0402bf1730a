import PythonBasics
import Foundation
import Lang
import NumericArrays

/// `sklearn.model_selection.train_test_split` (with `stratify=`), `KFold` and `StratifiedKFold`, equal to
/// scikit-learn's splits for the same integer `random_state` (stratified algorithms in `SklearnFolds`).
/// Without `stratify`, `train_test_split` is scikit-learn's: `ShuffleSplit` takes `check_random_state(seed).permutation(n)` — numpy's
/// legacy `RandomState` (MT19937 seeded by `init_genrand`, the same state as torch's generator) shuffling
/// `arange(n)` from the back with masked rejection sampling — and puts the first `n_test` indices in the
/// test part, the next `n_train` in the train part.
enum SklearnModelSelection {
    static var table: ModuleTable {
        ModuleTable(name: "sklearn.model_selection", doc: "train_test_split, KFold, StratifiedKFold (scikit-learn's splits for the same random_state).", builtins: [
            Builtin("train_test_split", owner: "sklearn.model_selection", [
                .variadic("arrays"), .keyword("test_size", default: Value.none), .keyword("train_size", default: Value.none),
                .keyword("random_state", default: Value.none), .keyword("shuffle", .bool, default: .bool(true)), .keyword("stratify", default: Value.none),
            ], doc: "Split lists/arrays into train and test parts: [a_train, a_test, b_train, b_test, …].",
               example: "train_texts, test_texts, train_labels, test_labels = train_test_split(texts, labels, test_size=0.2, random_state=42)") { args in
                try bridged { try trainTestSplit(args) }
            },
            FoldsObject.builtin(stratified: false),
            FoldsObject.builtin(stratified: true),
        ])
    }

    /// numpy's legacy `RandomState(seed).permutation(n)`.
    static func legacyPermutation(_ n: Int, seed: UInt64) -> [Int] { LegacyRandomState(seed: seed).permutation(n) }

    /// `random_state`: an int in [0, 2**32 − 1] (numpy's legacy seeding), or None (a seed from the session).
    static func seed(_ value: Value, context: CallContext) throws -> UInt64 {
        switch value {
        case .int(let k):
            guard k >= 0, k <= Int(truncatingIfNeeded: UInt32.max) else { throw ScriptError(.valueError, "random_state must be between 0 and 2**32 - 1") }
            return UInt64(truncatingIfNeeded: k)
        case .none: return Bindings.state(context).derivedSeed()
        default: throw ScriptError(.typeError, "random_state must be an int or None, not \(value.typeName)")
        }
    }

    /// scikit-learn's `_validate_shuffle_split`: (n_train, n_test).
    static func sizes(_ n: Int, testSize: Value, trainSize: Value) throws -> (train: Int, test: Int) {
        func count(_ value: Value, name: String) throws -> (Int?, isFloat: Bool) {
            switch value {
            case .none: return (nil, false)
            case .int(let k):
                guard k > 0, k < n else { throw ScriptError(.valueError, "\(name)=\(k) should be either positive and smaller than the number of samples \(n) or a float in the (0, 1) range") }
                return (k, false)
            case .float(let f):
                guard f > 0, f < 1 else { throw ScriptError(.valueError, "\(name)=\(f) should be either positive and smaller than the number of samples \(n) or a float in the (0, 1) range") }
                return (try CheckedInt.truncating((f * Double(n)).rounded(name == "test_size" ? .up : .down), what: name), true)
            default:
                throw ScriptError(.typeError, "\(name) must be an int, a float or None, not \(value.typeName)")
            }
        }
        var (test, _) = try count(testSize, name: "test_size")
        var (train, _) = try count(trainSize, name: "train_size")
        if test == nil && train == nil { test = try CheckedInt.truncating((0.25 * Double(n)).rounded(.up), what: "test_size") }
        if train == nil { train = n - (test ?? 0) }
        if test == nil { test = n - (train ?? 0) }
        let trainCount = train ?? 0, testCount = test ?? 0
        guard trainCount + testCount <= n else {
            throw ScriptError(.valueError, "The sum of train_size and test_size = \(trainCount + testCount), should be smaller than the number of samples \(n). Reduce test_size and/or train_size.")
        }
        guard trainCount > 0 else {
            throw ScriptError(.valueError, "With n_samples=\(n), test_size=\(testCount) and train_size=\(trainCount), the resulting train set will be empty. Adjust any of the aforementioned parameters.")
        }
        return (trainCount, testCount)
    }

    static func trainTestSplit(_ args: Arguments) throws -> Value {
        let arrays = args.variadic
        guard !arrays.isEmpty else { throw ScriptError(.valueError, "At least one array required as input") }
        let lengths = try arrays.map { try DatasetAccess.count($0, context: args.context) }
        guard Set(lengths).count == 1, let n = lengths.first else {
            throw ScriptError(.valueError, "Found input variables with inconsistent numbers of samples: \(lengths)")
        }
        let (trainCount, testCount) = try sizes(n, testSize: args["test_size"], trainSize: args["train_size"])
        let order: [Int]
        if !args["stratify"].isNone {
            guard try args.bool("shuffle") else {
                throw ScriptError(.valueError, "Stratified train/test split is not implemented for shuffle=False",
                                  help: "drop shuffle=False, or drop stratify=")
            }
            let labels = try Convert.labels(args["stratify"], name: "stratify")
            guard labels.count == n else {
                throw ScriptError(.valueError, "Found input variables with inconsistent numbers of samples: [\(n), \(labels.count)]",
                                  help: "stratify= needs one label per row, e.g. stratify=labels")
            }
            let split = try SklearnFolds.stratifiedSplit(labels, train: trainCount, test: testCount, seed: try seed(args["random_state"], context: args.context))
            order = split.test + split.train
        } else if try !args.bool("shuffle") {
            // scikit-learn without shuffling: train = the first n_train rows, test = the next n_test
            order = Array(trainCount..<(trainCount + testCount)) + Array(0..<trainCount)
        } else {
            order = legacyPermutation(n, seed: try seed(args["random_state"], context: args.context))
        }
        let test = Array(order[0..<testCount]), train = Array(order[testCount..<(testCount + trainCount)])
        var parts: [Value] = []
        for array in arrays {
            parts.append(try pick(array, train, context: args.context))
            parts.append(try pick(array, test, context: args.context))
        }
        return .list(parts)
    }

    /// scikit-learn's `_safe_indexing`: lists stay lists, tensors stay tensors.
    static func pick(_ array: Value, _ indices: [Int], context: CallContext) throws -> Value {
        if case .host(let object) = array, let tensor = object as? TensorObject {
            return try tensor.getItem(.list(indices.map { .int($0) }), context: context)
        }
        if case .host(let object) = array, let dataset = object as? DatasetObject {
            return try dataset.getItem(.list(indices.map { .int($0) }), context: context)
        }
        return .list(try indices.map { try DatasetAccess.item(array, $0, context: context) })
    }
}

/// `KFold(n_splits=5, shuffle=False, random_state=None)` / `StratifiedKFold(...)`: `split(X, y=None)` gives
/// (train_index, test_index) int64 arrays, `get_n_splits()`.
final class FoldsObject: HostBase {
    let stratified: Bool
    let splits: Int
    let shuffle: Bool
    let randomState: Value

    init(stratified: Bool, splits: Int, shuffle: Bool, randomState: Value) {
        self.stratified = stratified
        self.splits = splits
        self.shuffle = shuffle
        self.randomState = randomState
    }

    override var typeName: String { stratified ? "StratifiedKFold" : "KFold" }
    override func repr() -> String {
        "\(typeName)(n_splits=\(splits), random_state=\(randomState.repr), shuffle=\(shuffle ? "True" : "False"))"
    }

    static func builtin(stratified: Bool) -> Builtin {
        let name = stratified ? "StratifiedKFold" : "KFold"
        return Builtin(name, owner: "sklearn.model_selection", [Parameter("n_splits", .int, default: .int(5)),
                                                                 .keyword("shuffle", default: .bool(false)), .keyword("random_state", default: Value.none)],
                       doc: stratified ? "K folds keeping each class's share in every fold (scikit-learn's folds for the same random_state)."
                                       : "K consecutive (or shuffled) folds (scikit-learn's folds for the same random_state).",
                       example: "for train_idx, val_idx in \(name)(n_splits=5, shuffle=True, random_state=42).split(X\(stratified ? ", y" : "")):") { args in
            let splits = try args.int("n_splits")
            guard splits > 1 else {
                throw ScriptError(.valueError, "k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, got n_splits=\(splits).")
            }
            guard case .bool(let shuffle) = args["shuffle"] else {
                throw ScriptError(.typeError, "shuffle must be True or False; got \(args["shuffle"].repr)")
            }
            let state = args["random_state"]
            if !shuffle, !state.isNone {
                throw ScriptError(.valueError, "Setting a random_state has no effect since shuffle is False. You should leave random_state to its default (None), or set shuffle=True.")
            }
            if case .int = state {} else if !state.isNone { throw ScriptError(.typeError, "random_state must be an int or None, not \(state.typeName)") }
            return .host(FoldsObject(stratified: stratified, splits: splits, shuffle: shuffle, randomState: state))
        }
    }

    override func methods() -> [Builtin] {
        [
            method("split", [Parameter("X"), .optional("y"), .optional("groups")], doc: "(train_index, test_index) for each fold.",
                   example: "for train_idx, test_idx in folds.split(X, y): ...") { args in
                let n = try DatasetAccess.count(args["X"], context: args.context)
                let seed = self.shuffle ? try SklearnModelSelection.seed(self.randomState, context: args.context) : nil
                let folds: [(train: [Int], test: [Int])]
                if self.stratified {
                    guard !args["y"].isNone else {
                        throw ScriptError(.typeError, "StratifiedKFold.split() missing 1 required positional argument: 'y'", help: "pass the labels: split(X, y)")
                    }
                    let labels = try Convert.labels(args["y"], name: "y")
                    guard labels.count == n else {
                        throw ScriptError(.valueError, "Found input variables with inconsistent numbers of samples: [\(n), \(labels.count)]")
                    }
                    let context = args.context
                    folds = try SklearnFolds.stratifiedKFold(labels, splits: self.splits, shuffleSeed: seed) { try? context.writeError($0 + "\n") }
                } else {
                    folds = try SklearnFolds.kFold(samples: n, splits: self.splits, shuffleSeed: seed)
                }
                func array(_ xs: [Int]) -> Value { TensorObject.numpyArray(NDArray(shape: [xs.count], values: xs.map(Double.init), dtype: .int64)) }
                return .list(folds.map { .tuple([array($0.train), array($0.test)]) })
            },
            method("get_n_splits", [.optional("X"), .optional("y"), .optional("groups")], doc: "The number of folds.",
                   example: "folds.get_n_splits()") { _ in .int(self.splits) },
        ]
    }

    override var propertyNames: [String] { ["n_splits", "shuffle", "random_state"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "n_splits": return .int(splits)
        case "shuffle": return .bool(shuffle)
        case "random_state": return randomState
        default: return nil
        }
    }
}
