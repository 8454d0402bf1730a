import Foundation
import Lang
import NumericArrays

/// `t.new_zeros(size)`, `new_ones`, `new_empty`, `new_full(size, fill_value)`, `new_tensor(data)`: a new tensor
/// with this tensor's dtype (unless `dtype=` says otherwise) and device, as PyTorch's `Tensor.new_*` methods —
/// what code writes to make a buffer "like" another without repeating its dtype (`labels.new_zeros(batch)`).
extension TensorObject {
    func newFactoryMethods() -> [Builtin] {
        func filled(_ name: String, _ value: Double, doc: String) -> Builtin {
            method(name, [.variadic("size"), .keyword("size", default: Value.none)] + TorchBindings.factoryKeywords,
                   doc: doc, example: "t.\(name)(t.shape)") { args in
                try self.madeLikeThis(try TorchBindings.factoryShape(args), fill: value, args)
            }
        }
        return [
            filled("new_zeros", 0, doc: "A tensor of zeros with this tensor's dtype."),
            filled("new_ones", 1, doc: "A tensor of ones with this tensor's dtype."),
            filled("new_empty", 0, doc: "A tensor to be filled (zeros here) with this tensor's dtype."),
            method("new_full", [Parameter("size"), Parameter("fill_value", .number)] + TorchBindings.factoryKeywords,
                   doc: "A tensor filled with fill_value, with this tensor's dtype.", example: "labels.new_full((4,), -100)") { args in
                try self.madeLikeThis(try TensorObject.shapeArgument(args["size"].sequenceItems ?? [args["size"]]),
                                      fill: try args.double("fill_value"), args)
            },
            method("new_tensor", [Parameter("data")] + TorchBindings.factoryKeywords,
                   doc: "A tensor of data (copied) with this tensor's dtype.", example: "t.new_tensor([1, 2])") { args in
                let data = try NDArray.from(args["data"])
                return try self.madeLikeThis(data.shape, values: data.values, args)
            },
        ]
    }

    /// A new tensor of `shape` (every value `fill`, or `values`) with `dtype=` or this tensor's dtype.
    private func madeLikeThis(_ shape: [Int], fill: Double = 0, values: [Double]? = nil, _ args: Arguments) throws -> Value {
        let dtype = array.dtype
        let count = try NumericBindings.checkedCount(shape)
        let made = NDArray(shape: shape, values: (values ?? [Double](repeating: fill, count: count)).map { TensorObject.cast($0, to: dtype) }, dtype: dtype)
        let result = try TorchBindings.finished(made, args)
        guard args["dtype"].isNone, case .host(let object) = result, let tensor = object as? TensorObject else { return result }
        if let declaredType { tensor.declaredType = declaredType }
        return result
    }
}
