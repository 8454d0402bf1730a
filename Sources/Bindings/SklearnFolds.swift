import Foundation
import Lang
import PythonBasics

/// numpy's legacy `RandomState(seed)` as scikit-learn's `check_random_state(int)` builds it: MT19937
/// seeded by `init_genrand`; `random_interval` (masked rejection on 32-bit draws, 64-bit above 2³²−1);
/// `shuffle` (Fisher–Yates from the back); `permutation`; `choice(..., replace=False)` (the first
/// `size` items of a permutation).
final class LegacyRandomState {
    private let engine: TorchMT19937

    init(seed: UInt64) { engine = TorchMT19937(seed: seed) }

    /// A uniform integer in `0...max`.
    func interval(_ max: Int) -> Int {
        guard max > 0 else { return 0 }
        let bound = UInt64(truncatingIfNeeded: max)
        var mask = bound
        for shift: UInt64 in [1, 2, 4, 8, 16, 32] { mask |= mask >> shift }
        var value: UInt64
        if bound <= UInt64(truncatingIfNeeded: UInt32.max) {
            repeat { value = UInt64(truncatingIfNeeded: engine.random()) & mask } while value > bound
        } else {
            repeat { value = engine.random64() & mask } while value > bound
        }
        return Int(truncatingIfNeeded: value)   // value <= bound = max
    }

    func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) { items.swapAt(i, interval(i)) }
    }

    func permutation(_ n: Int) -> [Int] {
        var values = Array(0..<max(0, n))
        shuffle(&values)
        return values
    }

    func permuted<T>(_ items: [T]) -> [T] {
        var copy = items
        shuffle(&copy)
        return copy
    }

    /// `choice(items, size, replace=False)`.
    func choice(_ items: [Int], size: Int) -> [Int] { permutation(items.count).prefix(size).map { items[$0] } }
}

/// scikit-learn's stratified splits: `StratifiedShuffleSplit` (behind `train_test_split(stratify=)`),
/// `KFold` and `StratifiedKFold`, with the same draws from numpy's legacy generator for a `random_state`.
enum SklearnFolds {
    /// Class index of each sample, classes sorted as `np.unique` sorts them (shown as Python shows them),
    /// and the counts per class.
    static func encode(_ labels: LabelList) -> (codes: [Int], classes: [String], counts: [Int]) {
        let keys: [String], classes: [String], shown: [String]
        switch labels {
        case .ints(let xs):
            keys = xs.map(String.init)
            classes = Array(Set(xs)).sorted().map(String.init)
            shown = classes
        case .strings(let xs):
            keys = xs
            classes = Array(Set(xs)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            shown = classes.map { Value.str($0).repr }
        }
        var index: [String: Int] = [:]
        for (i, name) in classes.enumerated() { index[name] = i }
        let codes = keys.map { index[$0] ?? 0 }
        var counts = [Int](repeating: 0, count: classes.count)
        for code in codes { counts[code] += 1 }
        return (codes, shown, counts)
    }

    /// scikit-learn's `_approximate_mode`: per-class draws summing to `draws`, ties broken at random.
    static func approximateMode(_ counts: [Int], draws: Int, rng: LegacyRandomState) -> [Int] {
        let total = Double(counts.reduce(0, +))
        let continuous = counts.map { Double($0) / total * Double(draws) }
        var floored = continuous.map { $0.rounded(.down) }
        var needToAdd = draws - (Int(exactly: floored.reduce(0, +)) ?? draws)
        if needToAdd > 0 {
            let remainder = zip(continuous, floored).map { $0 - $1 }
            for value in Array(Set(remainder)).sorted(by: >) {
                let indices = remainder.indices.filter { remainder[$0] == value }
                let addNow = min(indices.count, needToAdd)
                for i in rng.choice(indices, size: addNow) { floored[i] += 1 }
                needToAdd -= addNow
                if needToAdd == 0 { break }
            }
        }
        return floored.map { Int(exactly: $0) ?? 0 }   // small non-negative whole numbers (at most `draws`)
    }

    /// `StratifiedShuffleSplit(test_size=n_test, train_size=n_train, random_state=seed)`'s first split.
    static func stratifiedSplit(_ labels: LabelList, train nTrain: Int, test nTest: Int, seed: UInt64) throws -> (train: [Int], test: [Int]) {
        let (codes, classes, counts) = encode(labels)
        let tooFew = classes.indices.filter { counts[$0] < 2 }
        guard tooFew.isEmpty else {
            throw ScriptError(.valueError, "The least populated classes in y have only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2. Classes with too few members are: [\(tooFew.map { classes[$0] }.joined(separator: ", "))]",
                              help: "drop or merge the rare classes, or split without stratify=")
        }
        guard nTrain >= classes.count else {
            throw ScriptError(.valueError, "The train_size = \(nTrain) should be greater or equal to the number of classes = \(classes.count)")
        }
        guard nTest >= classes.count else {
            throw ScriptError(.valueError, "The test_size = \(nTest) should be greater or equal to the number of classes = \(classes.count)",
                              help: "use a larger test_size")
        }
        var members = [[Int]](repeating: [], count: classes.count)
        for (i, code) in codes.enumerated() { members[code].append(i) }
        let rng = LegacyRandomState(seed: seed)
        let nI = approximateMode(counts, draws: nTrain, rng: rng)
        let tI = approximateMode(zip(counts, nI).map { $0 - $1 }, draws: nTest, rng: rng)
        var train: [Int] = [], test: [Int] = []
        for k in classes.indices {
            let shuffled = rng.permutation(counts[k]).map { members[k][$0] }
            train += shuffled[0..<nI[k]]
            test += shuffled[nI[k]..<(nI[k] + tI[k])]
        }
        return (rng.permuted(train), rng.permuted(test))
    }

    /// `KFold(n_splits, shuffle, random_state).split(X)`: (train, test) index lists, both ascending.
    static func kFold(samples n: Int, splits: Int, shuffleSeed: UInt64?) throws -> [(train: [Int], test: [Int])] {
        guard splits <= n else {
            throw ScriptError(.valueError, "Cannot have number of splits n_splits=\(splits) greater than the number of samples: n_samples=\(n).")
        }
        var indices = Array(0..<n)
        if let seed = shuffleSeed { LegacyRandomState(seed: seed).shuffle(&indices) }
        var folds: [(train: [Int], test: [Int])] = []
        var start = 0
        for fold in 0..<splits {
            let size = n / splits + (fold < n % splits ? 1 : 0)
            let inTest = Set(indices[start..<(start + size)])
            folds.append(((0..<n).filter { !inTest.contains($0) }, (0..<n).filter { inTest.contains($0) }))
            start += size
        }
        return folds
    }

    /// `StratifiedKFold(n_splits, shuffle, random_state).split(X, y)`: classes in order of first
    /// appearance, a round-robin allocation of each class to folds, blocks of fold numbers per class
    /// (shuffled per class with `shuffle=True`).
    static func stratifiedKFold(_ labels: LabelList, splits: Int, shuffleSeed: UInt64?,
                                warn: (String) -> Void) throws -> [(train: [Int], test: [Int])] {
        let n = labels.count
        guard splits <= n else {
            throw ScriptError(.valueError, "Cannot have number of splits n_splits=\(splits) greater than the number of samples: n_samples=\(n).")
        }
        let sorted = encode(labels)
        // Re-encode by first appearance (sklearn's class_perm).
        var firstSeen: [Int: Int] = [:]
        for code in sorted.codes where firstSeen[code] == nil { firstSeen[code] = firstSeen.count }
        let codes = sorted.codes.map { firstSeen[$0] ?? 0 }
        let classCount = firstSeen.count
        var counts = [Int](repeating: 0, count: classCount)
        for code in codes { counts[code] += 1 }
        guard counts.contains(where: { $0 >= splits }) else {
            throw ScriptError(.valueError, "n_splits=\(splits) cannot be greater than the number of members in each class.",
                              help: "use fewer splits, or KFold")
        }
        if let least = counts.min(), least < splits {
            warn("UserWarning: The least populated class in y has only \(least) members, which is less than n_splits=\(splits).")
        }
        let order = codes.sorted()
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: splits)
        for fold in 0..<splits {
            for position in stride(from: fold, to: n, by: splits) { allocation[fold][order[position]] += 1 }
        }
        let rng = shuffleSeed.map { LegacyRandomState(seed: $0) }
        var testFold = [Int](repeating: 0, count: n)
        for k in 0..<classCount {
            var folds: [Int] = []
            for fold in 0..<splits { folds += [Int](repeating: fold, count: allocation[fold][k]) }
            rng?.shuffle(&folds)
            var next = 0
            for i in 0..<n where codes[i] == k {
                testFold[i] = folds[next]
                next += 1
            }
        }
        return (0..<splits).map { fold in
            ((0..<n).filter { testFold[$0] != fold }, (0..<n).filter { testFold[$0] == fold })
        }
    }
}
