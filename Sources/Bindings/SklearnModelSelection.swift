import PythonBasics
import Foundation
import Lang

/// `sklearn.model_selection.train_test_split` (without `stratify`), equal to scikit-learn's split for the
/// same integer `random_state`: `ShuffleSplit` takes `check_random_state(seed).permutation(n)` — numpy's
/// legacy `RandomState` (MT19937 seeded by `init_genrand`, the same state as torch's generator) shuffling
/// `arange(n)` from the back with masked rejection sampling — and puts the first `n_test` indices in the
/// test part, the next `n_train` in the train part.
enum SklearnModelSelection {
    static var table: ModuleTable {
        ModuleTable(name: "sklearn.model_selection", doc: "train_test_split (scikit-learn's split for the same random_state).", builtins: [
            Builtin("train_test_split", owner: "sklearn.model_selection", [
                .variadic("arrays"), .keyword("test_size", default: Value.none), .keyword("train_size", default: Value.none),
                .keyword("random_state", default: Value.none), .keyword("shuffle", .bool, default: .bool(true)), .keyword("stratify", default: Value.none),
            ], doc: "Split lists/arrays into train and test parts: [a_train, a_test, b_train, b_test, …].",
               example: "train_texts, test_texts, train_labels, test_labels = train_test_split(texts, labels, test_size=0.2, random_state=42)") { args in
                try bridged { try trainTestSplit(args) }
            },
        ])
    }

    /// numpy's legacy `RandomState(seed).permutation(n)`.
    static func legacyPermutation(_ n: Int, seed: UInt64) -> [Int] {
        let engine = TorchMT19937(seed: seed)
        var values = Array(0..<n)
        guard n > 1 else { return values }
        for i in stride(from: n - 1, through: 1, by: -1) {
            let bound = UInt64(truncatingIfNeeded: i)
            var mask = bound
            for shift in [1, 2, 4, 8, 16, 32] { mask |= mask >> UInt64(truncatingIfNeeded: shift) }
            var j: UInt64
            if bound <= UInt64(truncatingIfNeeded: UInt32.max) {
                repeat { j = UInt64(truncatingIfNeeded: engine.random()) & mask } while j > bound
            } else {
                repeat { j = engine.random64() & mask } while j > bound
            }
            values.swapAt(i, Int(truncatingIfNeeded: j))  // j <= bound = i
        }
        return values
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
        guard args["stratify"].isNone else {
            throw ScriptError(.valueError, "train_test_split(stratify=...) is not supported yet",
                              help: "use datasets' ds.train_test_split(test_size=..., seed=..., stratify_by_column='label') for a stratified split")
        }
        let lengths = try arrays.map { try DatasetAccess.count($0, context: args.context) }
        guard Set(lengths).count == 1, let n = lengths.first else {
            throw ScriptError(.valueError, "Found input variables with inconsistent numbers of samples: \(lengths)")
        }
        let (trainCount, testCount) = try sizes(n, testSize: args["test_size"], trainSize: args["train_size"])
        let order: [Int]
        if try !args.bool("shuffle") {
            // scikit-learn without shuffling: train = the first n_train rows, test = the next n_test
            order = Array(trainCount..<(trainCount + testCount)) + Array(0..<trainCount)
        } else {
            let seed: UInt64
            switch args["random_state"] {
            case .int(let k):
                guard k >= 0, k <= Int(truncatingIfNeeded: UInt32.max) else { throw ScriptError(.valueError, "random_state must be between 0 and 2**32 - 1") }
                seed = UInt64(truncatingIfNeeded: k)
            case .none: seed = Bindings.state(args.context).derivedSeed()
            default: throw ScriptError(.typeError, "random_state must be an int or None")
            }
            order = legacyPermutation(n, seed: seed)
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
