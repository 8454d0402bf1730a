/// Named splits (`train`, `test`, …) of datasets, like HF `DatasetDict`; keeps split order.
public struct DatasetDict: CustomStringConvertible {
    public private(set) var splits: [(name: String, dataset: Dataset)]
    /// Things the loader wants the user to know (guessed encoding, skipped rows); print them once.
    public var notes: [String] = []

    public init(_ splits: [(String, Dataset)] = []) { self.splits = splits.map { (name: $0.0, dataset: $0.1) } }

    public var splitNames: [String] { splits.map(\.name) }

    /// The split `name`, or nil.
    public subscript(name: String) -> Dataset? {
        get { splits.first { $0.name == name }?.dataset }
        set {
            if let index = splits.firstIndex(where: { $0.name == name }) {
                if let newValue { splits[index].dataset = newValue } else { splits.remove(at: index) }
            } else if let newValue {
                splits.append((name: name, dataset: newValue))
            }
        }
    }

    /// The split `name`, or a KeyError listing the splits that exist.
    public func split(_ name: String) throws -> Dataset {
        guard let dataset = self[name] else {
            throw TrainingError(.keyError, "there is no split '\(name)'",
                                notes: ["the splits are: " + splitNames.map(PythonFormat.stringRepr).joined(separator: ", ")],
                                help: splitNames == ["train"] ? "make a test split with dataset['train'].train_test_split(test_size=0.2, seed=42)" : nil)
        }
        return dataset
    }

    /// Applies `transform` to every split (for `map`, `filter`, `shuffle`, … on the whole dict).
    public func mapSplits(_ transform: (Dataset) throws -> Dataset) throws -> DatasetDict {
        DatasetDict(try splits.map { ($0.name, try transform($0.dataset)) })
    }

    /// Like HF: `DatasetDict({\n    train: Dataset({…})\n})` with each split indented by 4.
    public var description: String {
        let inner = splits.map { "\($0.name): \($0.dataset)" }.joined(separator: "\n")
        let indented = inner.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        return "DatasetDict({\n\(indented)\n})"
    }
}
