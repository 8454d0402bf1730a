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
struct TorchPickleDecoder {
    private var containers: [ObjectIdentifier: Value] = [:]
    /// Per storage: how many tensors use it and the shape of the first that covers it whole.
    private var uses: [ObjectIdentifier: (count: Int, fullShape: [Int]?)] = [:]
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
            let key = ObjectIdentifier(tensor.storage)
            var use = uses[key] ?? (0, nil)
            use.count += 1
            if use.fullShape == nil, tensor.offset == 0, tensor.isContiguous, tensor.elementCount == tensor.storage.count, !tensor.isParameter {
                use.fullShape = tensor.shape
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

    private mutating func decode(_ tensor: TorchTensor, at path: String) throws -> Value {
        let type = tensor.storage.type
        let declared = TorchDType(rawValue: type.torchName)
        let kind: NDArray.DType = type == .bool ? .bool : (declared?.kind ?? (type == .long ? .int64 : .float32))
        let count = tensor.elementCount
        try MemoryBudget.check(bytes: max(count, tensor.storage.count).multipliedReportingOverflow(by: 8).partialValue,
                               what: "tensor \(path) (\(count) elements)")
        if tensor.isParameter || (tensor.requiresGrad && kind == .float32) {
            let values = tensor.floats()
            let core = try bridged { try Tensor(shape: tensor.shape, values: values) }
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
        if let known = bases[key] { base = known } else {
            base = TensorObject(NDArray(shape: use.fullShape ?? [tensor.storage.count], values: tensor.storage.doubles(), dtype: kind)).declaring(declared)
            bases[key] = base
            if use.fullShape != nil, tensor.offset == 0, tensor.isContiguous, tensor.shape == use.fullShape { return .host(base) }
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
