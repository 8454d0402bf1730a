import Foundation
import Lang
import NumericArrays

/// `DataLoader`: each `iter()` draws the loader's base seed (64 bits) from its generator (or the default
/// one), as PyTorch's `_BaseDataLoaderIter` does; with `shuffle=True` the `RandomSampler` then permutes
/// with `torch.randperm` (a fresh generator seeded from the default one when no generator was given), and
/// draws one more permutation when it is exhausted. So for the same seed the batches come in PyTorch's order
/// epoch after epoch.
final class DataLoaderObject: HostBase {
    let dataset: Value
    let batchSize: Int?
    let shuffle: Bool
    let dropLast: Bool
    let collateFunction: Value
    let generator: Value
    let context: CallContext

    init(_ args: Arguments) throws {
        dataset = args["dataset"]
        batchSize = try args.optionalInt("batch_size")
        if case .bool(let flag) = args["shuffle"] { shuffle = flag } else { shuffle = false }
        dropLast = try args.bool("drop_last")
        collateFunction = args["collate_fn"]
        generator = args["generator"]
        context = args.context
        super.init()
        if let batchSize, batchSize <= 0 {
            throw ScriptError(.valueError, "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        }
        if !args["sampler"].isNone || !args["batch_sampler"].isNone {
            throw ScriptError(.valueError, "custom samplers are not supported here", help: "use shuffle=True with generator=torch.Generator().manual_seed(n)")
        }
        if try args.int("num_workers") != 0 {
            try context.write("warning: DataLoader(num_workers=…) has no effect in lorarepl; batches are loaded in the main process\n")
        }
        if !generator.isNone { _ = try GeneratorObject.engine(generator, args.context) }
    }

    override var typeName: String { "DataLoader" }
    override func repr() -> String { "<torch.utils.data.dataloader.DataLoader object>" }
    override var propertyNames: [String] { ["dataset", "batch_size", "drop_last", "generator"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "dataset": return dataset
        case "batch_size": return batchSize.map { .int($0) } ?? Value.none
        case "drop_last": return .bool(dropLast)
        case "generator": return generator
        default: return nil
        }
    }

    override func length() -> Int? {
        guard let n = try? DatasetAccess.count(dataset, context: context) else { return nil }
        guard let batchSize else { return n }
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }

    override func makeIterator(context: CallContext) throws -> IteratorObject? {
        let n = try DatasetAccess.count(dataset, context: context)
        let engine = try GeneratorObject.engine(generator, context)
        _ = engine.randomInt64()   // _BaseDataLoaderIter's base seed
        let sampler = IndexStream(count: n, shuffle: shuffle, generator: generator.isNone ? nil : engine, defaultGenerator: engine)
        let size = batchSize
        let drop = dropLast
        return IteratorObject(kindName: "DataLoader iterator") { [self] in
            guard let size else {
                guard let index = try sampler.next() else { return nil }
                return try self.collated([try DatasetAccess.item(self.dataset, index, context: context)], batched: false)
            }
            var indices: [Int] = []
            while indices.count < size, let index = try sampler.next() { indices.append(index) }
            if indices.isEmpty || (drop && indices.count < size) { return nil }
            try context.checkInterrupt()
            let samples = try indices.map { try DatasetAccess.item(self.dataset, $0, context: context) }
            return try self.collated(samples, batched: true)
        }
    }

    private func collated(_ samples: [Value], batched: Bool) throws -> Value {
        if !collateFunction.isNone { return try context.call(collateFunction, batched ? [.list(samples)] : [samples[0]]) }
        return try batched ? Collation.collate(samples) : Collation.convert(samples[0])
    }
}

/// The sampler's indices, drawn lazily as PyTorch's generators are.
final class IndexStream {
    let count: Int
    let shuffle: Bool
    let generator: TorchMT19937?
    /// The session's default generator (seeds a fresh sampler generator when `generator` is nil).
    let defaultGenerator: TorchMT19937
    private var order: [Int]?
    private var position = 0
    private var exhausted = false

    init(count: Int, shuffle: Bool, generator: TorchMT19937?, defaultGenerator: TorchMT19937) {
        self.count = count
        self.shuffle = shuffle
        self.generator = generator
        self.defaultGenerator = defaultGenerator
    }

    func next() throws -> Int? {
        if order == nil {
            if shuffle {
                let engine = generator ?? TorchMT19937(seed: defaultGenerator.randomInt64())
                order = engine.randperm(count)
                if generator == nil { localEngine = engine }
            } else {
                order = Array(0..<count)
            }
        }
        guard let order, position < order.count else {
            if shuffle, !exhausted, count > 0 {
                // RandomSampler: `yield from torch.randperm(n, generator=generator).tolist()[:num_samples % n]`
                _ = (generator ?? localEngine)?.randperm(count)
            }
            exhausted = true
            return nil
        }
        defer { position += 1 }
        return order[position]
    }

    private var localEngine: TorchMT19937?
}

/// PyTorch's `default_collate` (and `default_convert` without batching).
enum Collation {
    static func collate(_ batch: [Value]) throws -> Value {
        guard let first = batch.first else { return .list([]) }
        switch first {
        case .host(let object) where object is TensorObject:
            return try TorchBindings.joined(batch, dim: 0, stack: true)
        case .bool, .int, .float:
            return TensorObject.wrap(try NDArray.from(.list(batch)))
        case .str:
            return .list(batch)
        case .dict, .host:
            guard let keys = mapping(first)?.map(\.0) else {
                throw ScriptError(.typeError, "default_collate: batch must contain tensors, numbers, dicts or lists; found \(first.typeName)",
                                  help: "pass collate_fn=… to build batches of other values")
            }
            let result = DictObject()
            for key in keys {
                let column = try batch.map { sample -> Value in
                    guard let v = mapping(sample)?.first(where: { $0.0 == key })?.1 else {
                        throw ScriptError(.keyError, "default_collate: a sample lacks the key '\(key)' the first one has",
                                          help: "give every sample the same keys, or pass a collate_fn such as DataCollatorWithPadding(tokenizer)")
                    }
                    return v
                }
                result.set(key, try collate(column))
            }
            return .dict(result)
        case .list, .tuple:
            let rows = batch.map { $0.sequenceItems ?? [] }
            let size = rows[0].count
            guard rows.allSatisfy({ $0.count == size }) else {
                throw ScriptError(.runtimeError, "each element in list of batch should be of equal size",
                                  help: "pad the samples first: pass collate_fn=DataCollatorWithPadding(tokenizer), or tokenize with padding='max_length'")
            }
            return .list(try (0..<size).map { i in try collate(rows.map { $0[i] }) })
        default:
            throw ScriptError(.typeError, "default_collate: batch must contain tensors, numbers, dicts or lists; found \(first.typeName)",
                              help: "pass collate_fn=… to build batches of other values")
        }
    }

    static func convert(_ sample: Value) throws -> Value { sample }

    /// The (key, value) pairs of a dict or a mapping host object (a tokenizer's BatchEncoding).
    static func mapping(_ value: Value) -> [(String, Value)]? {
        switch value {
        case .dict(let dict): return dict.pairs.compactMap { key, v in key.stringValue.map { ($0, v) } }
        case .host(let object): return object.keywordArguments()
        default: return nil
        }
    }
}
