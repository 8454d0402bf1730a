import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore
import WeightIO

/// A loaded checkpoint value as script values (`torch.load`). `OrderedDict`s become dicts (every dict keeps
/// its order). Tensors sharing a storage come back sharing values: the first tensor that covers its whole
/// storage in row-major order holds the values and the others are views of it (without such a tensor, a
/// hidden flat tensor does), so `d["a"].add_(1)` is seen through `d["b"]` as in PyTorch. Tensors saved as
/// parameters come back as `nn.Parameter`s; floating tensors saved with `requires_grad=True` require it.
/// A tensor the file references twice (pickle's memo: `torch.save({"a": t, "b": t})`) comes back as one
/// object (`d["a"] is d["b"]`); a parameter covering its storage holds the values its views share.
struct TorchPickleDecoder {
    private var containers: [ObjectIdentifier: Value] = [:]
    /// The script tensor made for each pickled tensor object.
    private var tensors: [ObjectIdentifier: Value] = [:]
    /// Per storage: how many tensors use it and the first that covers it whole (a parameter if one does).
    private var uses: [ObjectIdentifier: (count: Int, holder: TorchTensor?)] = [:]
    private var bases: [ObjectIdentifier: TensorObject] = [:]
    private var depth = 0

    init(_ root: PickleValue) throws {
        var seen = Set<ObjectIdentifier>()
        try countUses(root, depth: 0, seen: &seen)
    }

    /// Counts the tensors of each storage (containers visited once: a pickle may share or nest them in itself).
    private mutating func countUses(_ value: PickleValue, depth: Int, seen: inout Set<ObjectIdentifier>) throws {
        guard depth <= TorchPickleEncoder.maxDepth else { throw tooDeep() }
        switch value {
        case .tensor(let tensor):
            guard seen.insert(ObjectIdentifier(tensor.identity)).inserted else { return }
            let key = ObjectIdentifier(tensor.storage)
            var use = uses[key] ?? (0, nil)
            use.count += 1
            if tensor.offset == 0, tensor.isContiguous, tensor.elementCount == tensor.storage.count,
               use.holder == nil || (TorchPickleDecoder.isTracked(tensor) && !(use.holder.map(TorchPickleDecoder.isTracked) ?? false)) {
                use.holder = tensor
            }
            uses[key] = use
        case .tuple(let items): for item in items { try countUses(item, depth: depth + 1, seen: &seen) }
        case .list(let list), .set(let list):
            guard seen.insert(ObjectIdentifier(list)).inserted else { return }
            for item in list.items { try countUses(item, depth: depth + 1, seen: &seen) }
        case .dict(let dict):
            guard seen.insert(ObjectIdentifier(dict)).inserted else { return }
            for (key, item) in dict.pairs {
                try countUses(key, depth: depth + 1, seen: &seen)
                try countUses(item, depth: depth + 1, seen: &seen)
            }
        default: break
        }
    }

    mutating func decode(_ value: PickleValue, at path: String = "the file's object") throws -> Value {
        depth += 1
        defer { depth -= 1 }
        guard depth <= TorchPickleEncoder.maxDepth else { throw tooDeep() }
        switch value {
        case .none: return .none
        case .bool(let flag): return .bool(flag)
        case .int(let n): return .int(n)
        case .float(let x): return .float(x)
        case .string(let text): return .str(text)
        case .tuple(let items): return .tuple(try items.map { try decode($0, at: path) })
        case .list(let list):
            if let known = containers[ObjectIdentifier(list)] { return known }
            let made = ListObject()
            containers[ObjectIdentifier(list)] = .list(made)
            made.items = try list.items.map { try decode($0, at: path) }
            return .list(made)
        case .set(let list):
            let made = SetObject()
            for item in list.items { try made.insert(try decode(item, at: path)) }
            return .set(made)
        case .dict(let dict):
            if let known = containers[ObjectIdentifier(dict)] { return known }
            let made = DictObject()
            containers[ObjectIdentifier(dict)] = .dict(made)
            for (key, item) in dict.pairs {
                let scriptKey = try decode(key, at: path)
                try made.set(scriptKey, try decode(item, at: "\(path)[\(scriptKey.repr)]"))
            }
            return .dict(made)
        case .tensor(let tensor): return try decode(tensor, at: path)
        case .device(let text):
            return .host(try DeviceObject.parse(.str(text)))
        case .size(let sizes): return TorchSizeObject.wrap(sizes)
        case .dtype(let name):
            let aliases = ["float": "float32", "double": "float64", "half": "float16", "long": "int64", "int": "int32", "short": "int16"]
            return .str("torch." + (aliases[name] ?? name))
        case .bytes:
            throw ScriptError(.typeError, "torch.load: \(path) is a bytes value, which lorarepl scripts cannot hold",
                              help: "in PyTorch, store it as a str (data.decode()) or a tensor (torch.frombuffer) before saving")
        case .storage:
            throw ScriptError(.typeError, "torch.load: \(path) is a bare storage, not a tensor", help: "in PyTorch, save the tensor itself instead of t.untyped_storage()")
        case .global(let name):
            throw ScriptError(.typeError, "torch.load: \(path) is the class or function \(name), which lorarepl cannot load as a value")
        }
    }

    /// A parameter, or a float tensor saved with `requires_grad=True`: loaded over a core tensor.
    static func isTracked(_ tensor: TorchTensor) -> Bool {
        tensor.isParameter || (tensor.requiresGrad && dtype(tensor).kind == .float32)
    }

    /// The script dtype of a loaded tensor, and the torch dtype it reports when not float32/int64/bool.
    static func dtype(_ tensor: TorchTensor) -> (kind: NDArray.DType, declared: TorchDType?) {
        let type = tensor.storage.type
        let declared = TorchDType(rawValue: type.torchName)
        return (type == .bool ? .bool : (declared?.kind ?? (type == .long ? .int64 : .float32)), declared)
    }

    private mutating func decode(_ tensor: TorchTensor, at path: String) throws -> Value {
        let identity = ObjectIdentifier(tensor.identity)
        if let known = tensors[identity] { return known }
        let made = try decodeNew(tensor, at: path)
        tensors[identity] = made
        return made
    }

    private mutating func decodeNew(_ tensor: TorchTensor, at path: String) throws -> Value {
        let (kind, declared) = TorchPickleDecoder.dtype(tensor)
        let count = tensor.elementCount
        try MemoryBudget.check(bytes: max(count, tensor.storage.count).multipliedReportingOverflow(by: 8).partialValue,
                               what: "tensor \(path) (\(count) elements)")
        if TorchPickleDecoder.isTracked(tensor) {
            let key = ObjectIdentifier(tensor.storage)
            let core: Tensor
            if !tensor.isParameter, tensor.isContiguous, let holder = uses[key]?.holder, holder.identity !== tensor.identity,
               TorchPickleDecoder.isTracked(holder), case .host(let owner as TensorObject) = try decode(holder, at: path), let ownerCore = owner.core,
               ownerCore.isContiguous, ownerCore.offset == 0, ownerCore.count == tensor.storage.count {
                // A leaf over part of a loaded parameter's values (`layer.weight[0]` saved with it): shares them.
                core = try bridged { try Tensor(storage: ownerCore.storage, shape: tensor.shape, storageOffset: tensor.offset) }
            } else {
                let values = tensor.floats()
                core = try bridged { try Tensor(shape: tensor.shape, values: values) }
            }
            core.requiresGrad = tensor.requiresGrad
            if tensor.isParameter { return TensorObject.parameter(core) }
            return .host(TensorObject(core: core, live: true).declaring(declared))
        }
        let key = ObjectIdentifier(tensor.storage)
        let use = uses[key] ?? (1, nil)
        if use.count <= 1 {
            let all = tensor.storage.doubles()
            let values = tensor.isContiguous ? Array(all[tensor.offset..<(tensor.offset + count)]) : tensor.positions().map { all[$0] }
            return .host(TensorObject(NDArray(shape: tensor.shape, values: values, dtype: kind)).declaring(declared))
        }
        let base: TensorObject
        if let known = bases[key] { base = known } else if let holder = use.holder, TorchPickleDecoder.isTracked(holder),
                                                          case .host(let parameter as TensorObject) = try decode(holder, at: path) {
            // A parameter holds the storage: the other tensors are views of it, as PyTorch's share its values.
            base = parameter
            bases[key] = base
        } else {
            base = TensorObject(NDArray(shape: use.holder?.shape ?? [tensor.storage.count], values: tensor.storage.doubles(), dtype: kind)).declaring(declared)
            bases[key] = base
            if let holder = use.holder, holder.identity === tensor.identity { return .host(base) }
        }
        let map: ViewMap = tensor.isContiguous ? .block(start: tensor.offset, count: count) : ViewMap(tensor.positions())
        guard case .host(let view as TensorObject) = base.view(map, shape: tensor.shape) else { return base.view(map, shape: tensor.shape) }
        return .host(view.declaring(declared))
    }

    private func tooDeep() -> ScriptError {
        ScriptError(.recursionError, "maximum recursion depth exceeded while loading (more than \(TorchPickleEncoder.maxDepth) nested containers)",
                    help: "the file nests its containers deeper than lorarepl reads; save a flatter structure")
    }
}
