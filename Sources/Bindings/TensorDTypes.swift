import Foundation
import Lang
import NumericArrays
import PythonBasics

/// torch dtypes beyond the three kinds `NDArray` computes with (float32, int64, bool): a tensor created
/// with `dtype=torch.float16` (or converted with `.to(torch.float64)`, `.half()`, `.double()`) reports and
/// prints that dtype, and its values are rounded to it on creation (float16/bfloat16 precision, int32/int8
/// wrap-around); arithmetic keeps the dtype of a tagged operand. float64 values keep a double's digits
/// (`.item()` of `torch.tensor(0.1, dtype=torch.float64)` is 0.1), the others compute in float32 / int64.
enum TorchDType: String {
    case float64, float16, bfloat16, int32, int16, int8, uint8

    var kind: NDArray.DType {
        switch self {
        case .float64, .float16, .bfloat16: return .float32
        default: return .int64
        }
    }

    /// The dtype a `torch.` dtype value names (`torch.float16`, `torch.double`), or nil for float32, int64,
    /// bool and anything that is not a torch dtype.
    static func named(_ value: Value) -> TorchDType? {
        guard case .str(let text) = value, text.hasPrefix("torch.") else { return nil }
        return TorchDType(rawValue: String(text.dropFirst(6)))
    }

    /// `x` as this dtype holds it.
    func rounded(_ x: Double) -> Double {
        switch self {
        case .float64: return x
        case .float16: return x.isNaN ? x : Double(Float16(x))
        case .bfloat16:
            let f = Float(x)
            guard f.isFinite else { return Double(f) }
            let bits = f.bitPattern
            let even = (bits >> 16) & 1
            return Double(Float(bitPattern: (bits &+ 0x7FFF &+ even) & 0xFFFF_0000))
        case .int32: return Double(Int32(truncatingIfNeeded: CheckedInt.wrappingStoredInt64(x)))
        case .int16: return Double(Int16(truncatingIfNeeded: CheckedInt.wrappingStoredInt64(x)))
        case .int8: return Double(Int8(truncatingIfNeeded: CheckedInt.wrappingStoredInt64(x)))
        case .uint8: return Double(UInt8(truncatingIfNeeded: CheckedInt.wrappingStoredInt64(x)))
        }
    }

    /// `element_size()` in bytes.
    var byteCount: Int {
        switch self {
        case .float64: return 8
        case .float16, .bfloat16, .int16: return 2
        case .int32: return 4
        case .int8, .uint8: return 1
        }
    }
}

extension TensorObject {
    /// PyTorch's name of this tensor's dtype (`torch.float32`, `torch.float16`).
    var torchDTypeName: String { "torch." + (declaredType?.rawValue ?? array.dtype.rawValue) }

    /// Whether the floats are float32 values (torch float32 tensors, numpy float32 arrays): Python sees
    /// them widened to doubles (`0.10000000149011612`), as PyTorch's and numpy's `.item()`/`.tolist()` give.
    var holdsFloat32: Bool {
        guard array.dtype == .float32 else { return false }
        if let numpyFlavor { return numpyFlavor == .float32 }
        return declaredType == nil
    }

    /// The values as PyTorch/numpy hand them to Python and print them (float32 tensors rounded to float32).
    var pythonArray: NDArray {
        let a = array
        return holdsFloat32 ? a.map { Double(Float($0)) } : a
    }

    /// `grad_fn=<AddmmBackward0>` for a result in the autograd graph, `requires_grad=True` for a leaf that
    /// requires gradients (a parameter, `torch.tensor(..., requires_grad=True)`), nil otherwise.
    var gradSuffix: String? {
        guard !isDataView, let core, core.requiresGrad else { return nil }
        if let name = gradFunctionName { return "grad_fn=<\(name)>" }
        return "requires_grad=True"
    }

    /// A tensor of `values` (of `type`'s kind) rounded to `type` and reporting it; plain `values` when nil.
    static func declared(_ values: NDArray, _ type: TorchDType?) -> TensorObject {
        guard let type, values.dtype == type.kind else { return TensorObject(values) }
        let tensor = TensorObject(values.map { type.rounded($0) })
        tensor.declaredType = type
        return tensor
    }

    /// Marks a result tensor as `type` (its values already of that kind and precision).
    @discardableResult
    func declaring(_ type: TorchDType?) -> TensorObject {
        if let type, array.dtype == type.kind { declaredType = type }
        return self
    }

    /// A result of arithmetic on this tensor keeps its declared dtype when it is of the same kind
    /// (`torch.tensor([1, 2], dtype=torch.int32) * 2` stays int32), as PyTorch's type promotion does.
    static func keepingDeclaredType(_ result: Value, from types: [TorchDType?]) -> Value {
        guard case .host(let object) = result, let tensor = object as? TensorObject, tensor.declaredType == nil else { return result }
        let kind = tensor.array.dtype
        let candidates = types.compactMap { $0 }.filter { $0.kind == kind }
        // float64 wins over the half types, as PyTorch promotes.
        if let type = candidates.first(where: { $0 == .float64 }) ?? candidates.first { tensor.declaring(type) }
        return result
    }
}
