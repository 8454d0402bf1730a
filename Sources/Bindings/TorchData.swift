import PythonBasics
import Foundation
import Lang

/// `torch.utils.data`: `DataLoader` with PyTorch's sampling order and default collation, `TensorDataset`,
/// `Subset`, `random_split`, and the `Dataset` base class scripts subclass (ScriptSubclasses.swift). Datasets can be `datasets.Dataset`s (with or without `set_format("torch")`),
/// `TensorDataset`s, `Subset`s, lists, or any object with `len()` and `[i]`.
enum TorchDataBindings {
    static var utils: ModuleTable {
        ModuleTable(name: "torch.utils", doc: "torch.utils.data.", builtins: [], constants: [("data", TorchBindings.module(data))])
    }

    static var data: ModuleTable {
        let owner = "torch.utils.data"
        return ModuleTable(name: owner, doc: "Dataset (subclass it with __len__ and __getitem__), DataLoader, TensorDataset, Subset, random_split, default_collate.", builtins: [
            Builtin("DataLoader", owner: owner, [
                Parameter("dataset"), Parameter("batch_size", .optional(.int), default: .int(1)), Parameter("shuffle", .optional(.bool), default: Value.none),
                .optional("sampler"), .optional("batch_sampler"), Parameter("num_workers", .int, default: .int(0)), .optional("collate_fn"),
                Parameter("pin_memory", .bool, default: .bool(false)), Parameter("drop_last", .bool, default: .bool(false)),
                Parameter("timeout", .number, default: .int(0)), .optional("worker_init_fn"), .optional("multiprocessing_context"),
                .optional("generator"), .keyword("prefetch_factor", default: Value.none), .keyword("persistent_workers", .bool, default: .bool(false)),
            ], doc: "Batches of a dataset: PyTorch's shuffle order for a seeded generator and its default collation.",
               example: "train_dataloader = DataLoader(train_ds, batch_size=16, shuffle=True, collate_fn=collator)") { args in
                try bridged { .host(try DataLoaderObject(args)) }
            },
            Builtin("TensorDataset", owner: owner, [.variadic("tensors")], doc: "Rows i of several same-length tensors, as a tuple.",
                    example: "ds = TensorDataset(input_ids, labels)") { args in
                try bridged { .host(try TensorDatasetObject(try args.variadic.map(TorchBindings.tensorObject))) }
            },
            Builtin("Subset", owner: owner, [Parameter("dataset"), Parameter("indices")], doc: "The rows of dataset at indices.",
                    example: "small = Subset(train_ds, range(100))") { args in
                try bridged {
                    let indices = try args.context.items(of: args["indices"]).map { item -> Int in
                        guard let i = item.intValue else { throw ScriptError(.typeError, "Subset indices must be ints, not \(item.typeName)") }
                        return i
                    }
                    return .host(SubsetObject(dataset: args["dataset"], indices: indices))
                }
            },
            Builtin("random_split", owner: owner, [Parameter("dataset"), Parameter("lengths", .sequence), .optional("generator")],
                    doc: "Split into non-overlapping Subsets of the given lengths (or fractions), PyTorch's order for the same generator.",
                    example: "train_ds, val_ds = random_split(ds, [0.8, 0.2], generator=torch.Generator().manual_seed(42))") { args in
                try bridged { try randomSplit(args) }
            },
            Builtin("default_collate", owner: owner, [Parameter("batch", .sequence)], doc: "PyTorch's default collation of a list of samples.",
                    example: "batch = default_collate([ds[0], ds[1]])") { args in
                try bridged { try Collation.collate(try args.list("batch")) }
            },
        ], constants: [("Dataset", .type(ScriptSubclasses.torchDataset))])
    }

    static func randomSplit(_ args: Arguments) throws -> Value {
        let dataset = args["dataset"]
        let n = try DatasetAccess.count(dataset, context: args.context)
        let raw = try args.list("lengths")
        var lengths: [Int]
        let fractions = raw.compactMap(Convert.double)
        let total = fractions.reduce(0, +)
        if raw.contains(where: { if case .float = $0 { return true } else { return false } }), Swift.abs(total - 1) < 1e-9, total <= 1 {
            lengths = try fractions.map { try CheckedInt.truncating((Double(n) * $0).rounded(.down), what: "lengths") }
            let remainder = n - lengths.reduce(0, +)
            for i in 0..<Swift.max(remainder, 0) { lengths[i % lengths.count] += 1 }
        } else {
            lengths = try raw.map { item in
                guard let k = item.intValue, k >= 0 else { throw ScriptError(.valueError, "random_split lengths must be non-negative ints or fractions summing to 1") }
                return k
            }
        }
        guard lengths.reduce(0, +) == n else {
            throw ScriptError(.valueError, "Sum of input lengths does not equal the length of the input dataset!",
                              notes: ["lengths sum to \(lengths.reduce(0, +)); the dataset has \(n) rows"])
        }
        let order = try GeneratorObject.engine(args["generator"], args.context).randperm(n)
        var offset = 0
        var parts: [Value] = []
        for length in lengths {
            parts.append(.host(SubsetObject(dataset: dataset, indices: Array(order[offset..<(offset + length)]))))
            offset += length
        }
        return .list(parts)
    }
}

/// Reading `len(ds)` and `ds[i]` of the datasets a DataLoader takes.
enum DatasetAccess {
    static func count(_ dataset: Value, context: CallContext) throws -> Int {
        switch dataset {
        case .list, .tuple: return dataset.sequenceItems?.count ?? 0
        case .host(let object):
            if let n = object.length() { return n }
        default: break
        }
        return try context.items(of: dataset).count
    }

    static func item(_ dataset: Value, _ index: Int, context: CallContext) throws -> Value {
        switch dataset {
        case .list, .tuple:
            let items = dataset.sequenceItems ?? []
            guard index >= 0, index < items.count else { throw ScriptError(.indexError, "list index out of range") }
            return items[index]
        case .host(let object):
            return try object.getItem(.int(index), context: context)
        default:
            let items = try context.items(of: dataset)
            guard index >= 0, index < items.count else { throw ScriptError(.indexError, "dataset index out of range") }
            return items[index]
        }
    }
}

/// `TensorDataset(*tensors)`: row i is `(t[i] for t in tensors)`.
final class TensorDatasetObject: HostBase {
    let tensors: [TensorObject]

    init(_ tensors: [TensorObject]) throws {
        guard let first = tensors.first else { throw ScriptError(.valueError, "TensorDataset needs at least one tensor") }
        let n = first.array.shape.first ?? 0
        for t in tensors where (t.array.shape.first ?? -1) != n || t.array.rank == 0 {
            throw ScriptError(.valueError, "Size mismatch between tensors", notes: ["every tensor needs the same first dimension (\(n))"])
        }
        self.tensors = tensors
    }

    override var typeName: String { "TensorDataset" }
    override func length() -> Int? { tensors[0].array.shape[0] }
    override var propertyNames: [String] { ["tensors"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        name == "tensors" ? .tuple(tensors.map { .host($0) }) : nil
    }
    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        .tuple(try tensors.map { try $0.getItem(key, context: context) })
    }
    override func makeIterator(context: CallContext) throws -> IteratorObject? {
        let n = tensors[0].array.shape[0]
        return listIterator(try (0..<n).map { try getItem(.int($0), context: context) })
    }
}

/// `Subset(dataset, indices)`.
final class SubsetObject: HostBase {
    let dataset: Value
    let indices: [Int]

    init(dataset: Value, indices: [Int]) {
        self.dataset = dataset
        self.indices = indices
    }

    override var typeName: String { "Subset" }
    override func length() -> Int? { indices.count }
    override var propertyNames: [String] { ["dataset", "indices"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "dataset": return dataset
        case "indices": return .list(indices.map { .int($0) })
        default: return nil
        }
    }
    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        guard let raw = key.intValue else {
            if case .list = key {
                return .list(try (key.sequenceItems ?? []).map { try getItem($0, context: context) })
            }
            throw ScriptError(.typeError, "Subset indices must be ints, not \(key.typeName)")
        }
        let i = raw < 0 ? raw + indices.count : raw
        guard i >= 0, i < indices.count else { throw ScriptError(.indexError, "Subset index \(raw) is out of range (\(indices.count) rows)") }
        return try DatasetAccess.item(dataset, indices[i], context: context)
    }
    override func makeIterator(context: CallContext) throws -> IteratorObject? {
        var position = 0
        return IteratorObject(kindName: "iterator") { [self] in
            guard position < indices.count else { return nil }
            defer { position += 1 }
            return try DatasetAccess.item(dataset, indices[position], context: context)
        }
    }
}
