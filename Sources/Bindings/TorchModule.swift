import Foundation
import Lang
import NumericArrays
import TensorCore

/// The `torch` module scripts import: the numeric basics of `NumericBindings.torch` plus what training
/// loops use (devices, grad modes, generators, `cat`/`stack`/`where`, dtypes) and the submodules
/// `torch.nn`, `torch.optim`, `torch.utils.data`, `torch.cuda`. docs/torch-surface.md lists every name.
enum TorchBindings {
    /// Every torch table, registered by `Bindings.install`.
    static var tables: [ModuleTable] {
        [torch, cuda, TorchNNBindings.nn, TorchNNBindings.functional, TorchNNBindings.nnUtils,
         TorchOptimBindings.optim, TorchOptimBindings.lrScheduler, TorchDataBindings.utils, TorchDataBindings.data]
    }

    /// A module object built from a table (for `torch.nn.functional` reached as an attribute of `torch`).
    static func module(_ table: ModuleTable) -> Value {
        let members = DictObject()
        for builtin in table.builtins { members.set(builtin.name, .builtin(builtin)) }
        for (name, value) in table.constants { members.set(name, value) }
        return .module(Module(name: table.name, doc: table.doc, members: members))
    }

    static let dtypes: [(name: String, value: Value)] = [
        ("float32", .str("torch.float32")), ("float", .str("torch.float32")), ("float64", .str("torch.float64")),
        ("double", .str("torch.float64")), ("float16", .str("torch.float16")), ("half", .str("torch.float16")),
        ("bfloat16", .str("torch.bfloat16")),
        ("int64", .str("torch.int64")), ("long", .str("torch.int64")), ("int32", .str("torch.int32")),
        ("int", .str("torch.int32")), ("int16", .str("torch.int16")), ("short", .str("torch.int16")),
        ("int8", .str("torch.int8")), ("uint8", .str("torch.uint8")), ("bool", .str("torch.bool")),
    ]

    static var torch: ModuleTable {
        var table = NumericBindings.torch
        let mine = builtins + factories + [TorchSizeObject.constructor]
        let replaced = Set((mine + forwarders).map(\.name))
        table.builtins = table.builtins.filter { !replaced.contains($0.name) } + mine + forwarders
        table.constants = table.constants.filter { constant in !dtypes.contains { $0.name == constant.name } } + dtypes + [
            ("cuda", module(cuda)), ("nn", module(TorchNNBindings.nn)), ("optim", module(TorchOptimBindings.optim)),
            ("utils", module(TorchDataBindings.utils)),
        ]
        return table
    }

    static var cuda: ModuleTable {
        ModuleTable(name: "torch.cuda", doc: "CUDA status: lorarepl runs on the CPU, so no GPU is ever available.", builtins: [
            Builtin("is_available", owner: "torch.cuda", doc: "False: lorarepl computes on the CPU.",
                    example: "device = 'cuda' if torch.cuda.is_available() else 'cpu'") { _ in .bool(false) },
            Builtin("device_count", owner: "torch.cuda", doc: "0 GPUs.", example: "torch.cuda.device_count()") { _ in .int(0) },
            Builtin("manual_seed", owner: "torch.cuda", [Parameter("seed", .int)], doc: "No effect (no GPU).", example: "torch.cuda.manual_seed(42)") { _ in Value.none },
            Builtin("manual_seed_all", owner: "torch.cuda", [Parameter("seed", .int)], doc: "No effect (no GPU).", example: "torch.cuda.manual_seed_all(42)") { _ in Value.none },
            Builtin("empty_cache", owner: "torch.cuda", doc: "No effect (no GPU).", example: "torch.cuda.empty_cache()") { _ in Value.none },
        ])
    }

    /// A tensor argument (a tensor, or a list of numbers) as a script tensor object.
    static func tensorObject(_ value: Value) throws -> TensorObject {
        if case .host(let object) = value, let tensor = object as? TensorObject { return tensor }
        return TensorObject(try NDArray.from(value))
    }

    static var builtins: [Builtin] {
        [
            Builtin("tensor", owner: "torch", [Parameter("data"), .optional("dtype"), .optional("device"), Parameter("requires_grad", .bool, default: .bool(false))],
                    doc: "A tensor from (nested) lists of numbers.", example: "torch.tensor([[1.0, 2.0], [3.0, 4.0]])") { args in
                try bridged {
                    try finished(try NDArray.from(args["data"]), args)
                }
            },
            Builtin("device", owner: "torch", [Parameter("type"), .optional("index", .int)], doc: "A device: only \"cpu\" can hold tensors here.",
                    example: "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')") { args in
                .host(try DeviceObject.parse(args["type"], index: args["index"]))
            },
            Builtin("no_grad", owner: "torch", doc: "A context manager: no autograd graph inside (evaluation loops).",
                    example: "with torch.no_grad(): out = model(**batch)") { _ in GradMode.contextManager("no_grad", enabled: false) },
            Builtin("inference_mode", owner: "torch", [Parameter("mode", .bool, default: .bool(true))], doc: "Same as no_grad() here.",
                    example: "with torch.inference_mode(): out = model(**batch)") { args in
                let mode = try args.bool("mode")
                return GradMode.contextManager("inference_mode", enabled: !mode)
            },
            Builtin("enable_grad", owner: "torch", doc: "A context manager that records gradients again (inside no_grad).",
                    example: "with torch.enable_grad(): loss = model(**batch).loss") { _ in GradMode.contextManager("enable_grad", enabled: true) },
            Builtin("set_grad_enabled", owner: "torch", [Parameter("mode", .bool)], doc: "A context manager turning gradients on or off.",
                    example: "with torch.set_grad_enabled(is_train): out = model(**batch)") { args in
                try GradMode.contextManager("set_grad_enabled", enabled: args.bool("mode"))
            },
            Builtin("is_grad_enabled", owner: "torch", doc: "Whether autograd records right now.", example: "torch.is_grad_enabled()") { _ in
                .bool(GradMode.enabled)
            },
            Builtin("manual_seed", owner: "torch", [Parameter("seed", .int)], doc: "Seed the default generator, random tensors, new weights and dropout.",
                    example: "torch.manual_seed(0)") { args in
                let seed = try args.int("seed")
                guard seed >= 0 else { throw ScriptError(.valueError, "seed must be non-negative") }
                TorchRandom.manualSeed(UInt64(truncatingIfNeeded: seed), context: args.context)
                return .host(GeneratorObject())
            },
            Builtin("initial_seed", owner: "torch", doc: "The default generator's seed.", example: "torch.initial_seed()") { args in
                .int(Int(truncatingIfNeeded: TorchRandom.global(args.context).seed))
            },
            Builtin("Generator", owner: "torch", [.optional("device")], doc: "A random generator; seed it with .manual_seed(n).",
                    example: "g = torch.Generator().manual_seed(42)") { args in
                if !args["device"].isNone { try bridged { try DeviceObject.parse(args["device"]).requireCPU() } }
                return .host(GeneratorObject())
            },
            Builtin("randperm", owner: "torch", [Parameter("n", .int), .keyword("generator", default: Value.none)],
                    doc: "A random permutation of 0…n-1 (PyTorch's order for the same seed).", example: "torch.randperm(10, generator=g)") { args in
                let n = try args.int("n")
                guard n >= 0 else { throw ScriptError(.runtimeError, "n must be non-negative, got \(n)") }
                let order = try GeneratorObject.engine(args["generator"], args.context).randperm(n)
                return TensorObject.wrap(NDArray(shape: [n], values: order.map(Double.init), dtype: .int64))
            },
            Builtin("randint", owner: "torch", [Parameter("low", .int), Parameter("high", .int), Parameter("size"), .keyword("generator", default: Value.none)],
                    doc: "Random integers in [low, high).", example: "torch.randint(0, 10, (3,))") { args in
                let low = try args.int("low"), high = try args.int("high")
                guard high > low else { throw ScriptError(.runtimeError, "random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)") }
                let shape = try TensorObject.shapeArgument(args["size"].sequenceItems ?? [args["size"]])
                let engine = try GeneratorObject.engine(args["generator"], args.context)
                let count = shape.reduce(1, *)
                guard count <= 50_000_000 else { throw ScriptError(.memoryError, "too many values requested") }
                return TensorObject.wrap(NDArray(shape: shape, values: (0..<count).map { _ in Double(engine.randint(low: low, high: high)) }, dtype: .int64))
            },
            Builtin("cat", owner: "torch", [Parameter("tensors", .sequence), Parameter("dim", .int, default: .int(0))],
                    doc: "Join tensors along an existing dimension.", example: "torch.cat([a, b], dim=0)") { args in
                try bridged { try joined(try args.list("tensors"), dim: try args.int("dim"), stack: false) }
            },
            Builtin("concat", owner: "torch", [Parameter("tensors", .sequence), Parameter("dim", .int, default: .int(0))],
                    doc: "Same as torch.cat.", example: "torch.concat([a, b])") { args in
                try bridged { try joined(try args.list("tensors"), dim: try args.int("dim"), stack: false) }
            },
            Builtin("stack", owner: "torch", [Parameter("tensors", .sequence), Parameter("dim", .int, default: .int(0))],
                    doc: "Join same-shaped tensors along a new dimension.", example: "torch.stack(all_logits)") { args in
                try bridged { try joined(try args.list("tensors"), dim: try args.int("dim"), stack: true) }
            },
            Builtin("where", owner: "torch", [Parameter("condition"), .optional("input"), .optional("other")],
                    doc: "input where condition is True, else other (broadcast); with only a condition, the indices of its True elements.",
                    example: "torch.where(labels == -100, 0, labels)") { args in
                try bridged {
                    if args["input"].isNone && args["other"].isNone { return try nonzeroTuple(args["condition"]) }
                    if let tracked = try TensorObject.trackedWhere(args["condition"], args["input"], args["other"]) { return tracked }
                    let c = try NDArray.from(args["condition"]), x = try NDArray.from(args["input"]), y = try NDArray.from(args["other"])
                    let shape = try NDArray.broadcastShape(try NDArray.broadcastShape(c.shape, x.shape), y.shape)
                    let cv = c.broadcast(to: shape), xv = x.broadcast(to: shape), yv = y.broadcast(to: shape)
                    let dtype: NDArray.DType = x.dtype == .float32 || y.dtype == .float32 ? .float32 : (x.dtype == .int64 || y.dtype == .int64 ? .int64 : .bool)
                    return TensorObject.wrap(NDArray(shape: shape, values: (0..<cv.count).map { cv[$0] != 0 ? xv[$0] : yv[$0] }, dtype: dtype))
                }
            },
            Builtin("gather", owner: "torch", [Parameter("input"), Parameter("dim", .int), Parameter("index")],
                    doc: "Values picked along dim by index (same rank as input).", example: "torch.gather(log_probs, 1, labels.unsqueeze(1))") { args in
                let input = try tensorObject(args["input"])
                let index = try NDArray.from(args["index"])
                return try input.picked(try TensorObject.gatherOffsets(input.array.shape, dim: try args.int("dim"), index: index), shape: index.shape)
            },
            Builtin("clamp", owner: "torch", [Parameter("input"), .optional("min", .number), .optional("max", .number)],
                    doc: "Values limited to [min, max].", example: "torch.clamp(counts, min=1e-9)") { args in
                try tensorObject(args["input"]).clamped(lower: try args.optionalDouble("min"), upper: try args.optionalDouble("max"))
            },
            Builtin("from_numpy", owner: "torch", [Parameter("ndarray")], doc: "A tensor from a numpy array (the same values).",
                    example: "torch.from_numpy(np.array([1, 2]))") { args in
                let array = try tensorObject(args["ndarray"])
                return array.view(.block(start: 0, count: array.array.count), shape: array.array.shape)
            },
            Builtin("as_tensor", owner: "torch", [Parameter("data"), .optional("dtype")], doc: "A tensor from data (tensors pass through).",
                    example: "torch.as_tensor(labels)") { args in
                try bridged {
                    let t = try tensorObject(args["data"])
                    return args["dtype"].isNone ? .host(t) : t.converted(to: try TensorObject.dtypeArgument(args["dtype"]))
                }
            },
            Builtin("is_tensor", owner: "torch", [Parameter("obj")], doc: "True for a tensor.", example: "torch.is_tensor(x)") { args in
                if case .host(let object) = args["obj"], object is TensorObject { return .bool(true) }
                return .bool(false)
            },
            TorchSerialization.save, TorchSerialization.load,
        ] + TensorCloseness.builtins(owner: "torch")
    }

    /// `torch.sum(t, dim=1)`, `torch.exp(t)`, …: the tensor method of the same name.
    static var forwarders: [Builtin] {
        let names = ["sum", "mean", "max", "min", "exp", "log", "sqrt", "abs", "sigmoid", "tanh", "relu", "log_softmax", "squeeze",
                     "unsqueeze", "flatten", "reshape", "transpose", "argmin", "std", "masked_fill", "numel", "clone", "eq", "ne",
                     "softmax", "argmax", "logical_not", "clamp_min", "pow", "square", "var", "norm", "cumsum", "topk", "sort",
                     "argsort", "index_select", "masked_select", "scatter", "scatter_add", "amax", "amin", "logsumexp", "permute",
                     "narrow", "select", "scatter_reduce", "bincount"]
        return names.map { name in
            Builtin(name, owner: "torch", [Parameter("input"), .variadic("args"), .keywords("kwargs")],
                    doc: "Same as input.\(name)(...).", example: "torch.\(name)(t)") { args in
                let input = try tensorObject(args["input"])
                guard let method = try input.getAttribute(name, context: args.context) else {
                    throw ScriptError(.attributeError, "'Tensor' object has no attribute '\(name)'")
                }
                return try args.context.call(method, args.variadic, keywords: args.keywords)
            }
        }
    }

    /// `torch.where(condition)`: one int64 index tensor per dimension (as `condition.nonzero(as_tuple=True)`).
    static func nonzeroTuple(_ condition: Value) throws -> Value {
        let c = try NDArray.from(condition)
        let hits = c.values.indices.filter { c.values[$0] != 0 }
        let strides = NDArray.strides(c.shape)
        return .tuple((0..<Swift.max(c.rank, 1)).map { d in
            let column = c.rank == 0 ? hits.map { _ in 0.0 } : hits.map { Double(($0 / strides[d]) % c.shape[d]) }
            return TensorObject.wrap(NDArray(shape: [hits.count], values: column, dtype: .int64))
        })
    }

    static func filledLike(_ input: Value, _ value: Double, dtype: Value) throws -> Value {
        let a = try tensorObject(input).array
        let type = dtype.isNone ? a.dtype : try TensorObject.dtypeArgument(dtype)
        return TensorObject.wrap(NDArray(shape: a.shape, values: [Double](repeating: value, count: a.count), dtype: type))
    }

    /// `torch.cat` (`stack: false`) and `torch.stack` (`stack: true`); recorded for gradients when an input is tracked.
    static func joined(_ items: [Value], dim: Int, stack: Bool) throws -> Value {
        guard !items.isEmpty else { throw ScriptError(.valueError, "\(stack ? "stack" : "cat") expects a non-empty list of tensors") }
        let tensors = try items.map(tensorObject)
        if GradMode.enabled, tensors.contains(where: { $0.gradTracked != nil }) {
            let cores = try tensors.map { try $0.coreTensor() }
            let rank = cores[0].rank + (stack ? 1 : 0)
            let axis = dim < 0 ? dim + rank : dim
            return TensorObject.result(try GradMode.run { try stack ? Tensor.stack(cores, axis: axis) : Tensor.concat(cores, axis: axis) })
        }
        var arrays = tensors.map(\.array)
        if stack {
            let shape = arrays[0].shape
            for a in arrays where a.shape != shape {
                throw ScriptError(.runtimeError, "stack expects each tensor to be equal size, but got \(shapeTuple(shape)) and \(shapeTuple(a.shape))")
            }
            let axis = dim < 0 ? dim + shape.count + 1 : dim
            guard axis >= 0, axis <= shape.count else { throw ScriptError(.indexError, "Dimension out of range for stack: \(dim)") }
            arrays = try arrays.map { a in var s = a.shape; s.insert(1, at: axis); return try a.reshaped(s) }
        }
        let first = arrays[0]
        let axis = try first.normalizedAxis(dim)
        for a in arrays where a.rank != first.rank || (0..<a.rank).contains(where: { $0 != axis && a.shape[$0] != first.shape[$0] }) {
            throw ScriptError(.runtimeError, "Sizes of tensors must match except in dimension \(axis): got \(shapeTuple(first.shape)) and \(shapeTuple(a.shape))")
        }
        let outer = first.shape[..<axis].reduce(1, *)
        var values: [Double] = []
        for o in 0..<outer {
            for a in arrays {
                let chunk = a.shape[axis...].reduce(1, *)
                values.append(contentsOf: a.values[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        var shape = first.shape
        shape[axis] = arrays.reduce(0) { $0 + $1.shape[axis] }
        let dtype: NDArray.DType = arrays.contains { $0.dtype == .float32 } ? .float32 : (arrays.contains { $0.dtype == .int64 } ? .int64 : .bool)
        return TensorObject.wrap(NDArray(shape: shape, values: values, dtype: dtype))
    }
}
