import Foundation
import Lang
import NumericArrays

/// Which numpy float type a numpy array's floats print as (lorarepl computes in doubles either way):
/// `float64` for arrays built from Python numbers, `float32` for arrays that come from tensors.
enum NumpyFlavor {
    case float64, float32
}

extension TensorObject {
    /// Marks the tensors in a result (a tensor, or a tuple of them) as numpy arrays of `flavor`, unless they
    /// already are one kind or the other.
    static func markingNumpy(_ value: Value, _ flavor: NumpyFlavor) -> Value {
        switch value {
        case .host(let object):
            if let tensor = object as? TensorObject, tensor.numpyFlavor == nil { tensor.numpyFlavor = flavor }
        case .tuple(let items):
            for item in items { _ = markingNumpy(item, flavor) }
        default:
            break
        }
        return value
    }

    /// The flavor of what a numpy function returns: float32 when an argument is a float32 numpy array or a
    /// torch tensor (as numpy keeps float32), else float64.
    static func numpyFlavor(of args: Arguments) -> NumpyFlavor {
        for parameter in args.builtin.parameters {
            let values = args[parameter.name].sequenceItems ?? [args[parameter.name]]
            for value in values {
                if case .host(let object) = value, let tensor = object as? TensorObject, tensor.numpyFlavor != .float64 { return .float32 }
            }
        }
        return .float64
    }

    /// `np.array(..., dtype=np.float32)`, `a.astype("float64")`: the float array marked as the numpy float type
    /// `dtype` names (float32 values rounded to float32), anything else unchanged.
    static func numpyFloatType(_ value: Value, named dtype: Value) -> Value {
        guard case .str(let name) = dtype, case .host(let object) = value, let tensor = object as? TensorObject,
              tensor.array.dtype == .float32, tensor.numpyFlavor == nil else { return value }
        switch name.hasPrefix("numpy.") ? String(name.dropFirst(6)) : name {
        case "float32", "single": return markingNumpy(wrap(tensor.array.map { Double(Float($0)) }), .float32)
        case "float64", "double", "float": return markingNumpy(value, .float64)
        default: return value
        }
    }

    /// A numpy array (float64 for floats), as scikit-learn's functions return them.
    static func numpyArray(_ values: NDArray) -> Value { markingNumpy(wrap(values), .float64) }

    /// `t.numpy()`: a numpy array sharing the tensor's values (writes show in both, as PyTorch's).
    func numpyView() -> Value {
        let a = array
        let result = core == nil || isLive ? view(.block(start: 0, count: a.count), shape: a.shape) : TensorObject.wrap(a)
        return TensorObject.markingNumpy(result, .float32)
    }
}

extension ModuleTable {
    /// The numpy module's table with every result marked as a numpy array.
    func markingNumpyResults() -> ModuleTable {
        var marked = self
        marked.builtins = builtins.map { builtin in
            builtin.mappingResult { result, args in TensorObject.markingNumpy(result, TensorObject.numpyFlavor(of: args)) }
        }
        return marked
    }
}
