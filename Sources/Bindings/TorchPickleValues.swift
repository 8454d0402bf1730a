import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore
import WeightIO

/// Script values ↔ the values of a PyTorch checkpoint (`torch.save` / `torch.load`). Tensors that share
/// values in the script (a view and its base, two `state_dict()` entries of one tied weight) are saved
/// as views of one storage, and tensors that share a storage in a file come back as views of one tensor,
/// so writing through one is seen by the others, as in PyTorch. Shared lists and dicts stay shared
/// (self-containing ones too); nesting deeper than `maxDepth` is an error, as Python's recursion limit.
struct TorchPickleEncoder {
    static let maxDepth = 500
    private var storages: [ObjectIdentifier: TorchStorage] = [:]
    /// The pickled tensor made for each script tensor, so one saved twice is written once (pickle's memo).
    private var tensors: [ObjectIdentifier: TorchTensor] = [:]
    private var containers: [ObjectIdentifier: PickleValue] = [:]
    /// Containers being encoded: meeting one again means it contains itself.
    private var open = Set<ObjectIdentifier>()
    private var depth = 0

    mutating func encode(_ value: Value, at path: String = "obj") throws -> PickleValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded while saving \(path) (more than \(Self.maxDepth) nested containers)",
                              help: "save a flatter structure")
        }
        switch value {
        case .none: return .none
        case .bool(let flag): return .bool(flag)
        case .int(let n): return .int(n)
        case .float(let x): return .float(x)
        case .str(let text): return .string(text)
        case .tuple(let items): return .tuple(try items.enumerated().map { try encode($1, at: "\(path)[\($0)]") })
        case .list(let list):
            let id = ObjectIdentifier(list)
            if let known = containers[id] { try checkNotOpen(id, path); return known }
            let made = PickleList()
            containers[id] = .list(made)
            open.insert(id)
            made.items = try list.items.enumerated().map { try encode($1, at: "\(path)[\($0)]") }
            open.remove(id)
            return .list(made)
        case .dict(let dict): return try encode(dict, ordered: false, at: path)
        case .set(let set): return .set(PickleList(try set.items.map { try encode($0, at: path) }))
        case .host(let object):
            if let tensor = object as? TensorObject { return .tensor(try encode(tensor, at: path)) }
            if let device = object as? DeviceObject { return .device(device.text) }
            if let size = object as? TorchSizeObject { return .size(size.sizes) }
            if let instance = object as? Instance, case .dict(let data)? = instance.attributes.get("_data"),
               instance.type.mro.contains(where: { ["OrderedDict", "Counter", "defaultdict"].contains($0.name) && $0.module == "collections" }) {
                return try encode(data, ordered: instance.type.mro.contains { $0.name == "OrderedDict" }, at: path)
            }
            throw unsupported(value, at: path)
        default: throw unsupported(value, at: path)
        }
    }

    private mutating func encode(_ dict: DictObject, ordered: Bool, at path: String) throws -> PickleValue {
        let id = ObjectIdentifier(dict)
        if let known = containers[id] { try checkNotOpen(id, path); return known }
        let made = PickleDict(isOrdered: ordered)
        containers[id] = .dict(made)
        open.insert(id)
        for (key, item) in dict.pairs {
            made.pairs.append((try encode(key, at: path), try encode(item, at: "\(path)[\(key.repr)]")))
        }
        open.remove(id)
        return .dict(made)
    }

    private func checkNotOpen(_ id: ObjectIdentifier, _ path: String) throws {
        guard open.contains(id) else { return }
        throw ScriptError(.valueError, "torch.save cannot save \(path): the container holds itself (torch.load would refuse it here)",
                          help: "save the data without the self-reference")
    }

    /// A tensor as a view of its storage: a script view shares its base's storage; other tensors own one.
    private mutating func encode(_ tensor: TensorObject, at path: String) throws -> TorchTensor {
        if let known = tensors[ObjectIdentifier(tensor)] { return known }
        let made = try encodeNew(tensor, at: path)
        tensors[ObjectIdentifier(tensor)] = made
        return made
    }

    private mutating func encodeNew(_ tensor: TensorObject, at path: String) throws -> TorchTensor {
        guard tensor.numpyFlavor == nil else {
            throw ScriptError(.typeError, "torch.save cannot save the numpy array at \(path) (torch.load(weights_only=True) refuses numpy objects)",
                              help: "save a tensor instead: torch.from_numpy(array)")
        }
        let base = tensor.viewLink?.base ?? tensor
        let map = tensor.viewLink?.map ?? .block(start: 0, count: tensor.array.count)
        let shape = tensor.viewLink?.shape ?? tensor.array.shape
        let storage = try storageOf(base)
        var result: TorchTensor
        if let strides = Self.strides(of: map, shape: shape) {
            let offset = map.all.first ?? 0
            result = try TorchTensor(storage: storage, offset: offset, shape: shape, strides: strides, requiresGrad: false, isParameter: false)
        } else {
            // A layout no strides describe: its own storage, as `.contiguous()` would make.
            let own = try Self.storage(tensor.array.values, type: storage.type)
            result = try TorchTensor(storage: own, offset: 0, shape: shape, strides: NDArray.strides(shape), requiresGrad: false, isParameter: false)
        }
        result.isParameter = tensor.isParameter
        result.requiresGrad = !tensor.isDataView && (tensor.core?.requiresGrad ?? false)
        return result
    }

    /// One storage per script tensor that owns values: by its core tensor (parameters and their
    /// `state_dict()` entries share one) or by the object itself.
    private mutating func storageOf(_ base: TensorObject) throws -> TorchStorage {
        let key = base.core.map { ObjectIdentifier($0) } ?? ObjectIdentifier(base)
        if let known = storages[key] { return known }
        let type = Self.storageType(base)
        let made = try Self.storage(base.array.values, type: type)
        storages[key] = made
        return made
    }

    static func storageType(_ tensor: TensorObject) -> TorchStorageType {
        if let declared = tensor.declaredType, let type = TorchStorageType(torchName: declared.rawValue) { return type }
        switch tensor.array.dtype {
        case .float32: return .float
        case .int64: return .long
        case .bool: return .bool
        }
    }

    /// `values` as little-endian elements of `type`.
    static func storage(_ values: [Double], type: TorchStorageType) throws -> TorchStorage {
        try MemoryBudget.check(bytes: values.count.multipliedReportingOverflow(by: type.byteSize).partialValue, what: "a tensor of \(values.count) elements to save")
        var data = Data(capacity: values.count * type.byteSize)
        for x in values {
            switch type {
            case .float: data.appendLittleEndian(Float(x).bitPattern)
            case .double: data.appendLittleEndian(x.bitPattern)
            case .half: data.appendLittleEndian(Float16(x).bitPattern)
            case .bfloat16: data.appendLittleEndian(UInt16(truncatingIfNeeded: Float(x).bitPattern >> 16))
            case .long: data.appendLittleEndian(Int64(truncatingIfNeeded: CheckedInt.fromStoredInt64(x)))
            case .int: data.appendLittleEndian(Int32(truncatingIfNeeded: CheckedInt.fromStoredInt64(x)))
            case .short: data.appendLittleEndian(Int16(truncatingIfNeeded: CheckedInt.fromStoredInt64(x)))
            case .char: data.appendLittleEndian(Int8(truncatingIfNeeded: CheckedInt.fromStoredInt64(x)))
            case .byte: data.appendLittleEndian(UInt8(truncatingIfNeeded: CheckedInt.fromStoredInt64(x)))
            case .bool: data.appendLittleEndian(UInt8(truncatingIfNeeded: x != 0 ? 1 : 0))
            }
        }
        return TorchStorage(type: type, bytes: data)
    }

    /// The strides that put `shape`'s row-major elements at `map`'s positions, if there are such strides.
    static func strides(of map: ViewMap, shape: [Int]) -> [Int]? {
        let contiguous = NDArray.strides(shape)
        guard case .positions(let positions) = map else { return contiguous }
        guard let first = positions.first else { return contiguous }
        let strides = shape.indices.map { d in shape[d] > 1 ? positions[contiguous[d]] - first : contiguous[d] }
        guard strides.allSatisfy({ $0 >= 0 }) else { return nil }
        var index = 0
        func matches(_ d: Int, _ offset: Int) -> Bool {
            if d == shape.count { defer { index += 1 }; return positions[index] == offset }
            for i in 0..<shape[d] where !matches(d + 1, offset + i * strides[d]) { return false }
            return true
        }
        return matches(0, first) ? strides : nil
    }

    private func unsupported(_ value: Value, at path: String) -> ScriptError {
        var help = "save tensors, dicts, lists, tuples, numbers, strings and None (what torch.load(weights_only=True) reads back)"
        if case .host(let object) = value {
            let hasStateDict = (object as? HostBase)?.methods().contains { $0.name == "state_dict" } ?? false
            if object is ModelHostBase || hasStateDict {
                help = "save its weights (or state) instead: torch.save(\(object is OptimizerObject ? "optimizer" : "model").state_dict(), path)"
            } else if let instance = object as? Instance, instance.type.mro.contains(where: { $0.name == "Module" }) {
                help = "save the weights: torch.save(model.state_dict(), path)"
            }
        }
        return ScriptError(.typeError, "torch.save cannot save \(path), a \(value.typeName): lorarepl writes only the data torch.load(weights_only=True) loads",
                           help: help)
    }
}
