import Foundation
import PythonBasics

/// A value of the subset of Python that `torch.load(weights_only=True)` rebuilds from a checkpoint:
/// containers, numbers, strings, bytes, tensors, devices and dtypes. Lists and dicts are reference types,
/// as in Python: a pickle may refer to one object twice (or to itself) and fill a list after storing it.
public enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list(PickleList)
    case tuple([PickleValue])
    case dict(PickleDict)
    case set(PickleList)
    case tensor(TorchTensor)
    /// `torch.device("cuda", 0)` as its text (`"cuda:0"`).
    case device(String)
    /// `torch.Size([2, 3])`: a shape, PyTorch's tuple subclass.
    case size([Int])
    /// A `torch.float16`-style dtype object, by its name (`"float16"`).
    case dtype(String)
    /// A bare storage (`torch.save(t.untyped_storage())`); tensors hold theirs.
    case storage(TorchStorage)
    /// An allowed class or function named by the pickle (`torch.FloatStorage`), used as a value.
    case global(String)

    /// Python's type name, for messages.
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict(let dict): return dict.isOrdered ? "OrderedDict" : "dict"
        case .set: return "set"
        case .tensor: return "Tensor"
        case .device: return "torch.device"
        case .size: return "torch.Size"
        case .dtype: return "torch.dtype"
        case .storage: return "TypedStorage"
        case .global(let name): return name
        }
    }
}

/// A Python list (or set) under construction or loaded.
public final class PickleList {
    public var items: [PickleValue]
    /// How deeply it nests containers, and whether it sits inside another (kept by the reader).
    var height = 0
    var isNested = false
    public init(_ items: [PickleValue] = []) { self.items = items }
}

/// A Python dict in insertion order; `isOrdered` for a `collections.OrderedDict` (state dicts).
public final class PickleDict {
    public var pairs: [(key: PickleValue, value: PickleValue)]
    public var isOrdered: Bool
    var height = 0
    var isNested = false
    public init(_ pairs: [(key: PickleValue, value: PickleValue)] = [], isOrdered: Bool = false) {
        self.pairs = pairs
        self.isOrdered = isOrdered
    }
}

/// The element types of PyTorch's typed storages (`torch.FloatStorage`, …) that lorarepl reads and writes.
public enum TorchStorageType: String, CaseIterable, Sendable {
    case float = "FloatStorage", double = "DoubleStorage", half = "HalfStorage", bfloat16 = "BFloat16Storage"
    case long = "LongStorage", int = "IntStorage", short = "ShortStorage", char = "CharStorage", byte = "ByteStorage", bool = "BoolStorage"

    /// The same element type in safetensors terms (for the shared conversions).
    public var dtype: SafetensorsDType {
        switch self {
        case .float: return .f32
        case .double: return .f64
        case .half: return .f16
        case .bfloat16: return .bf16
        case .long: return .i64
        case .int: return .i32
        case .short: return .i16
        case .char: return .i8
        case .byte: return .u8
        case .bool: return .bool
        }
    }

    /// PyTorch's dtype name (`float32`, `int64`, …).
    public var torchName: String {
        switch self {
        case .float: return "float32"
        case .double: return "float64"
        case .half: return "float16"
        case .bfloat16: return "bfloat16"
        case .long: return "int64"
        case .int: return "int32"
        case .short: return "int16"
        case .char: return "int8"
        case .byte: return "uint8"
        case .bool: return "bool"
        }
    }

    public init?(torchName: String) {
        guard let found = Self.allCases.first(where: { $0.torchName == torchName }) else { return nil }
        self = found
    }

    public var byteSize: Int { dtype.byteSize }
}

/// One storage of a checkpoint: `count` elements of `type`, shared by every tensor that views it.
public final class TorchStorage {
    public let type: TorchStorageType
    public let count: Int
    private let owner: ByteStorage
    private let byteOffset: Int

    init(type: TorchStorageType, count: Int, owner: ByteStorage, byteOffset: Int) {
        self.type = type
        self.count = count
        self.owner = owner
        self.byteOffset = byteOffset
    }

    /// A storage holding a copy of `bytes` (little-endian elements of `type`).
    public convenience init(type: TorchStorageType, bytes: Data) {
        self.init(type: type, count: bytes.count / type.byteSize, owner: OwnedBytes(bytes), byteOffset: 0)
    }

    /// The storage's bytes (valid while the storage lives).
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(owner) { try body(owner.bytes(at: byteOffset, count: count * type.byteSize)) }
    }

    public var data: Data { withBytes { Data($0) } }

    /// Every element as a Double (integers above 2**53 rounded, as script tensors hold them).
    public func doubles() -> [Double] {
        withBytes { bytes in
            (0..<count).map { i -> Double in
                switch type {
                case .float: return Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
                case .double: return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))
                case .half: return Double(FloatConversion.halfToFloat(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
                case .bfloat16: return Double(FloatConversion.bfloat(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
                case .long: return Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)))
                case .int: return Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
                case .short: return Double(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)))
                case .char: return Double(bytes.load(fromByteOffset: i, as: Int8.self))
                case .byte: return Double(bytes.load(fromByteOffset: i, as: UInt8.self))
                case .bool: return bytes.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0
                }
            }
        }
    }

    /// Every element as a Float (the fast conversions of safetensors reading).
    func floats() -> [Float] {
        withBytes { bytes in
            [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                if let source = bytes.baseAddress, let destination = buffer.baseAddress {
                    FloatConversion.convert(type == .bool ? .u8 : type.dtype, from: source, count: count, into: destination)
                } else if let destination = buffer.baseAddress {
                    destination.initialize(repeating: 0, count: count)
                }
                initialized = count
            }
        }
    }
}

/// A tensor of a checkpoint: a view of `storage` (`offset`, `shape`, `strides` in elements), as
/// `torch._utils._rebuild_tensor_v2` makes it; views of one storage share it.
/// What tells two references to one pickled tensor from two tensors that share a storage.
public final class TensorIdentity {
    init() {}
}

public struct TorchTensor {
    public let storage: TorchStorage
    public let offset: Int
    public let shape: [Int]
    public let strides: [Int]
    public var requiresGrad: Bool
    /// Saved as an `nn.Parameter` (`_rebuild_parameter`).
    public var isParameter: Bool
    /// The pickled object this tensor is: the pickle's memo hands the same object back for every reference
    /// to it (`torch.save({"a": t, "b": t})`), and copies of this value keep it.
    public let identity = TensorIdentity()

    /// A view of `storage`; every element must lie inside it (checked, without overflow).
    public init(storage: TorchStorage, offset: Int, shape: [Int], strides: [Int], requiresGrad: Bool = false, isParameter: Bool = false) throws {
        func invalid(_ detail: String) -> WeightIOError {
            WeightIOError(.invalidPickle, "a tensor (offset \(offset), size \(shape), stride \(strides)) \(detail)", help: "save or download the file again")
        }
        guard shape.count == strides.count else { throw invalid("has as many sizes as strides") }
        guard offset >= 0, shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }) else { throw invalid("has a negative offset, size or stride") }
        var count = 1, last = offset
        for (size, stride) in zip(shape, strides) {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            let (reach, overflow2) = (size == 0 ? 0 : size - 1).multipliedReportingOverflow(by: stride)
            let (next, overflow3) = last.addingReportingOverflow(reach)
            guard !overflow, !overflow2, !overflow3 else { throw invalid("does not fit in 64 bits") }
            count = product
            last = next
        }
        guard offset <= storage.count, count == 0 || last < storage.count else {
            throw invalid("reaches element \(last) of a storage of \(storage.count) elements")
        }
        self.storage = storage
        self.offset = offset
        self.shape = shape
        self.strides = strides
        self.requiresGrad = requiresGrad
        self.isParameter = isParameter
    }

    public var elementCount: Int { shape.reduce(1, *) }

    /// True when the tensor is the row-major layout of `shape` starting at `offset`.
    public var isContiguous: Bool {
        var expected = 1
        for (size, stride) in zip(shape, strides).reversed() where size != 1 {
            guard stride == expected else { return false }
            expected *= size
        }
        return true
    }

    /// The storage positions of the elements, in row-major order.
    public func positions() -> [Int] {
        var result = [offset]
        for (size, stride) in zip(shape, strides) {
            var next: [Int] = []
            next.reserveCapacity(result.count * size)
            for base in result { for i in 0..<size { next.append(base + i * stride) } }
            result = next
        }
        return result
    }

    /// The elements as Floats in row-major order (a copy).
    public func floats() -> [Float] {
        let all = storage.floats()
        if isContiguous { return Array(all[offset..<(offset + elementCount)]) }
        return positions().map { all[$0] }
    }
}
