import Foundation

/// A split size given as a fraction of the dataset (0 < f < 1) or a number of rows.
public enum SplitSize: Equatable {
    case fraction(Double)
    case count(Int)
}

extension Dataset {
    /// `train_test_split(test_size=, train_size=, shuffle=, seed=, stratify_by_column=)` with HF's rules:
    /// a test fraction rounds **up** (`ceil`), a train fraction rounds down, the default test size is 0.25.
    /// Without stratification the test rows are the first `n_test` of `default_rng(seed).permutation(n)`;
    /// with `stratifyByColumn` (a ClassLabel column) the split keeps class proportions
    /// (sklearn's StratifiedShuffleSplit, as `datasets` does). Returns `{"train", "test"}`.
    public func trainTestSplit(testSize: SplitSize? = nil, trainSize: SplitSize? = nil, shuffle: Bool = true,
                               seed: UInt64? = nil, stratifyByColumn: String? = nil) throws -> DatasetDict {
        var generator = DefaultDataGenerator(seed: seed ?? UInt64.random(in: 0...UInt64(UInt32.max)))
        return try trainTestSplit(testSize: testSize, trainSize: trainSize, shuffle: shuffle,
                                  stratifyByColumn: stratifyByColumn, using: &generator)
    }

    /// `trainTestSplit` drawing from a caller-provided generator.
    public func trainTestSplit<G: SeededGenerator>(testSize: SplitSize?, trainSize: SplitSize?, shuffle: Bool = true,
                                                   stratifyByColumn: String? = nil, using generator: inout G) throws -> DatasetDict {
        let (nTrain, nTest) = try Dataset.splitSizes(rows: count, testSize: testSize, trainSize: trainSize)
        let trainIndices: [Int], testIndices: [Int]
        if let column = stratifyByColumn {
            guard shuffle else {
                throw TrainingError.value("stratify_by_column needs shuffle=True", help: "remove shuffle=False, or stratify_by_column")
            }
            guard let feature = features[column] else { throw missingColumn(column) }
            guard case .classLabel = feature else {
                throw TrainingError.value(
                    "stratifying needs a ClassLabel column, and '\(column)' is \(feature)",
                    help: "encode it first: dataset = dataset.class_encode_column(\(PythonFormat.stringRepr(column)))")
            }
            let labels = try self.column(column).map { $0.intValue ?? -1 }
            (trainIndices, testIndices) = try StratifiedSplit.indices(labels: labels, column: column,
                                                                     nTrain: nTrain, nTest: nTest, using: &generator)
        } else if shuffle {
            let permutation = generator.permutation(count)
            testIndices = Array(permutation[0..<nTest])
            trainIndices = Array(permutation[nTest..<(nTest + nTrain)])
        } else {
            trainIndices = Array(0..<nTrain)
            testIndices = Array(nTrain..<(nTrain + nTest))
        }
        return DatasetDict([("train", selectUnchecked(trainIndices)), ("test", selectUnchecked(testIndices))])
    }

    /// The (train, test) row counts HF computes for these sizes, or its error as a clear message.
    public static func splitSizes(rows n: Int, testSize: SplitSize?, trainSize: SplitSize?) throws -> (train: Int, test: Int) {
        let test = (testSize == nil && trainSize == nil) ? SplitSize.fraction(0.25) : testSize
        func check(_ size: SplitSize?, _ name: String) throws {
            let invalid: Bool
            switch size {
            case .count(let k)?: invalid = k <= 0 || k >= n
            case .fraction(let f)?: invalid = !(f > 0 && f < 1)
            case nil: invalid = false
            }
            if invalid {
                throw TrainingError.value(
                    "\(name)=\(describe(size)) should be either a whole number of rows between 1 and \(n - 1) (the dataset has \(n)) or a fraction strictly between 0 and 1",
                    help: "for a 20% split write \(name)=0.2")
            }
        }
        try check(test, "test_size")
        try check(trainSize, "train_size")
        if case .fraction(let a)? = test, case .fraction(let b)? = trainSize, a + b > 1 {
            throw TrainingError.value("test_size + train_size = \(PythonFormat.floatRepr(a + b)) is more than the whole dataset",
                                      help: "make the two fractions add up to at most 1")
        }
        var nTest: Int? = nil, nTrain: Int? = nil
        switch test {
        case .fraction(let f)?: nTest = Int((f * Double(n)).rounded(.up))
        case .count(let k)?: nTest = k
        case nil: break
        }
        switch trainSize {
        case .fraction(let f)?: nTrain = Int((f * Double(n)).rounded(.down))
        case .count(let k)?: nTrain = k
        case nil: break
        }
        let finalTest = nTest ?? (n - (nTrain ?? 0))
        let finalTrain = nTrain ?? (n - finalTest)
        if finalTrain + finalTest > n {
            throw TrainingError.value("train_size + test_size = \(finalTrain + finalTest) rows, more than the \(n) rows of the dataset",
                                      help: "reduce test_size and/or train_size")
        }
        if finalTrain == 0 {
            throw TrainingError.value("with \(n) rows and test_size=\(describe(test)), the train split would be empty",
                                      help: "use a smaller test_size or a larger dataset")
        }
        return (finalTrain, finalTest)
    }

    private static func describe(_ size: SplitSize?) -> String {
        switch size {
        case .fraction(let f)?: return PythonFormat.floatRepr(f)
        case .count(let k)?: return String(k)
        case nil: return "None"
        }
    }
}

/// sklearn's StratifiedShuffleSplit as `datasets.utils.stratify` implements it (first split only).
enum StratifiedSplit {
    static func indices<G: SeededGenerator>(labels: [Int], column: String, nTrain: Int, nTest: Int,
                                            using rng: inout G) throws -> ([Int], [Int]) {
        let classes = Array(Set(labels)).sorted()
        var classPosition: [Int: Int] = [:]
        for (i, c) in classes.enumerated() { classPosition[c] = i }
        var classIndices = Array(repeating: [Int](), count: classes.count)  // stable: original order
        for (row, label) in labels.enumerated() { classIndices[classPosition[label] ?? 0].append(row) }
        let counts = classIndices.map(\.count)
        if let smallest = counts.min(), smallest < 2 {
            let which = classes[counts.firstIndex(of: smallest) ?? 0]
            throw TrainingError.value(
                "cannot stratify by '\(column)': the class \(which) has only \(smallest) row, and each class needs at least 2 (one per split)",
                help: "drop rare classes with filter, or split without stratify_by_column")
        }
        if nTrain < classes.count {
            throw TrainingError.value("the train split would have \(nTrain) rows, fewer than the \(classes.count) classes of '\(column)'",
                                      help: "use a smaller test_size")
        }
        if nTest < classes.count {
            throw TrainingError.value("the test split would have \(nTest) rows, fewer than the \(classes.count) classes of '\(column)'",
                                      help: "use a larger test_size")
        }
        let trainPerClass = approximateMode(counts, draws: nTrain, using: &rng)
        let remaining = zip(counts, trainPerClass).map { $0 - $1 }
        let testPerClass = approximateMode(remaining, draws: nTest, using: &rng)
        var train: [Int] = [], test: [Int] = []
        for c in 0..<classes.count {
            let permutation = rng.permutation(counts[c])
            let shuffled = permutation.map { classIndices[c][$0] }
            train += shuffled[0..<trainPerClass[c]]
            test += shuffled[trainPerClass[c]..<(trainPerClass[c] + testPerClass[c])]
        }
        rng.shuffle(&train)
        rng.shuffle(&test)
        return (train, test)
    }

    /// sklearn's `_approximate_mode`: floor of the proportional share, then the leftover rows go to the
    /// classes with the largest remainders, ties broken at random.
    static func approximateMode<G: SeededGenerator>(_ counts: [Int], draws: Int, using rng: inout G) -> [Int] {
        let total = Double(counts.reduce(0, +))
        let continuous = counts.map { Double(draws * $0) / total }
        var floored = continuous.map { $0.rounded(.down) }
        var needToAdd = draws - Int(floored.reduce(0, +))
        if needToAdd > 0 {
            let remainder = zip(continuous, floored).map { $0 - $1 }
            let values = Array(Set(remainder)).sorted(by: >)
            for value in values {
                let candidates = remainder.indices.filter { remainder[$0] == value }
                let addNow = min(candidates.count, needToAdd)
                for i in rng.choiceWithoutReplacement(candidates, count: addNow) { floored[i] += 1 }
                needToAdd -= addNow
                if needToAdd == 0 { break }
            }
        }
        return floored.map { Int($0) }
    }
}
