import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// Tensor methods that pick or broadcast elements — `gather`, `expand`, `clamp`, `masked_fill`, `max`/`min`
/// along a dimension, `~mask` — each with its gradient on a tracked tensor (all reduce to the core's `take`,
/// `selecting` or `clamped`, see Sources/TensorCore/Selection.swift).
extension TensorObject {
    /// Row-major positions for `torch.gather(t, dim, index)`: `out[i][j][k] = t[i][index[i][j][k]][k]` (dim 1).
    static func gatherOffsets(_ source: [Int], dim requested: Int, index: NDArray) throws -> [Int] {
        let rank = source.count
        let dim = requested < 0 ? requested + rank : requested
        guard dim >= 0, dim < Swift.max(rank, 1) else {
            throw ScriptError(.indexError, "Dimension out of range (expected to be in range of [\(-rank), \(rank - 1)], but got \(requested))")
        }
        guard index.rank == rank else {
            throw ScriptError(.runtimeError, "Index tensor must have the same number of dimensions as input tensor",
                              notes: ["input shape \(shapeTuple(source)), index shape \(shapeTuple(index.shape))"])
        }
        guard index.dtype == .int64 else { throw ScriptError(.runtimeError, "gather(): Expected dtype int64 for index") }
        for d in 0..<rank where d != dim && index.shape[d] > source[d] {
            throw ScriptError(.runtimeError, "Size does not match at dimension \(d) expected index \(shapeTuple(index.shape)) to be no larger than self \(shapeTuple(source)) apart from dimension \(dim)")
        }
        let strides = NDArray.strides(source), indexStrides = NDArray.strides(index.shape)
        return try index.values.indices.map { position in
            var rest = position, offset = 0
            for d in 0..<rank {
                let coordinate = rest / Swift.max(indexStrides[d], 1)
                rest -= coordinate * indexStrides[d]
                if d == dim {
                    let raw = try CheckedInt.truncating(index.values[position], what: "an index")
                    guard raw >= 0, raw < source[d] else {
                        throw ScriptError(.runtimeError, "index \(raw) is out of bounds for dimension \(d) with size \(source[d])")
                    }
                    offset += raw * strides[d]
                } else {
                    offset += coordinate * strides[d]
                }
            }
            return offset
        }
    }

    /// The result of picking `offsets` of this tensor (shaped `shape`): recorded when tracked.
    func picked(_ offsets: [Int], shape: [Int]) throws -> Value {
        if let live = gradTracked {
            return TensorObject.result(try bridged { try GradMode.run { try live.take(offsets: offsets, shape: shape) } })
        }
        let a = array
        return TensorObject.wrap(NDArray(shape: shape, values: offsets.map { a.values[$0] }, dtype: a.dtype))
    }

    /// `max`/`min` over everything or along `dim` (then `(values, indices)`, as torch). On a tracked tensor the
    /// values are recorded: along a dim the gradient goes to the chosen element (the first on ties, as
    /// PyTorch's indices); over everything it is shared evenly among tied elements, as PyTorch's
    /// `evenly_distribute_backward`.
    func extreme(_ name: String, dim requested: Int?, keepdim: Bool) throws -> Value {
        let a = array
        let better: (Double, Double) -> Bool = name == "max" ? { $0 > $1 || ($0.isNaN && !$1.isNaN) } : { $0 < $1 || ($0.isNaN && !$1.isNaN) }
        guard let requested else {
            guard a.count > 0 else {
                throw ScriptError(.runtimeError, "\(name)(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
            }
            var best = a.values[0]
            for x in a.values where better(x, best) { best = x }
            let tied = a.values.indices.filter { a.values[$0] == best || (best.isNaN && a.values[$0].isNaN) }
            if let live = gradTracked {
                return TensorObject.result(try bridged { try GradMode.run { try live.take(offsets: tied, shape: [tied.count]).mean() } },
                                           gradFunction: name == "max" ? "MaxBackward1" : "MinBackward1")
            }
            return TensorObject.wrap(NDArray(shape: [], values: [best], dtype: a.dtype))
        }
        let dim = try a.normalizedAxis(requested)
        let size = a.shape[dim]
        guard size > 0 else { throw ScriptError(.indexError, "\(name)(): cannot reduce a dimension of size 0") }
        let inner = a.shape[(dim + 1)...].reduce(1, *), outer = a.shape[..<dim].reduce(1, *)
        var offsets: [Int] = [], indices: [Double] = []
        for o in 0..<outer {
            for i in 0..<inner {
                var bestIndex = 0
                for s in 1..<Swift.max(size, 1) where better(a.values[(o * size + s) * inner + i], a.values[(o * size + bestIndex) * inner + i]) {
                    bestIndex = s
                }
                offsets.append((o * size + bestIndex) * inner + i)
                indices.append(Double(bestIndex))
            }
        }
        var shape = a.shape
        if keepdim { shape[dim] = 1 } else { shape.remove(at: dim) }
        // numpy's a.max(axis=1) is the values alone; torch's t.max(dim=1) is (values, indices)
        if numpyFlavor != nil { return try picked(offsets, shape: shape) }
        return .host(ValuesIndicesObject(name: name, values: try picked(offsets, shape: shape),
                                         indices: TensorObject.wrap(NDArray(shape: shape, values: indices, dtype: .int64))))
    }

    func selectionMethods() -> [Builtin] {
        [
            method("gather", [Parameter("dim", .int), Parameter("index")], doc: "Values picked along dim by index (same rank as the tensor).",
                   example: "log_probs.gather(-1, labels.unsqueeze(-1)).squeeze(-1)") { args in
                let index = try NDArray.from(args["index"])
                let offsets = try TensorObject.gatherOffsets(self.array.shape, dim: try args.int("dim"), index: index)
                return try self.picked(offsets, shape: index.shape)
            },
            method("expand", [.variadic("sizes")], doc: "A broadcast copy to the given sizes (-1 keeps a dimension).",
                   example: "mask.unsqueeze(-1).expand(hidden.size())") { args in
                let a = self.array
                let requested = try TensorObject.shapeArgument(args.variadic)
                guard requested.count >= a.rank else {
                    throw ScriptError(.runtimeError, "expand: the number of sizes provided (\(requested.count)) must be greater or equal to the number of dimensions in the tensor (\(a.rank))")
                }
                let lead = requested.count - a.rank
                let target = try requested.enumerated().map { d, size -> Int in
                    let own = d >= lead ? a.shape[d - lead] : 1
                    if size == -1 {
                        guard d >= lead else { throw ScriptError(.runtimeError, "expand: -1 is not allowed in a leading, non-existing dimension") }
                        return own
                    }
                    guard own == size || own == 1 else {
                        throw ScriptError(.runtimeError, "The expanded size of the tensor (\(size)) must match the existing size (\(own)) at non-singleton dimension \(d).  Target sizes: \(requested).  Tensor sizes: \(a.shape)")
                    }
                    return size
                }
                try MemoryBudget.check(shape: target, bytesPerElement: 2 * MemoryLayout<Double>.stride, what: "an expanded tensor")
                let positions = NDArray(shape: a.shape, values: (0..<a.count).map(Double.init), dtype: .int64).broadcast(to: target)
                return self.view(ViewMap(try positions.map { try CheckedInt.truncating($0, what: "a position") }), shape: target, gradName: "ExpandBackward0")
            },
            method("expand_as", [Parameter("other")], doc: "expand to other's shape.", example: "mask.unsqueeze(-1).expand_as(hidden)") { args in
                let shape = try TorchBindings.tensorObject(args["other"]).array.shape
                guard let expand = try self.getAttribute("expand", context: args.context) else { return Value.none }
                return try args.context.call(expand, shape.map { .int($0) }, keywords: [])
            },
            method("clamp", [.optional("min", .number), .optional("max", .number)], doc: "Values limited to [min, max] (either may be None).",
                   example: "mask.sum(1).clamp(min=1e-9)") { args in
                try self.clamped(lower: try args.optionalDouble("min"), upper: try args.optionalDouble("max"))
            },
            method("clamp_min", [Parameter("min", .number)], doc: "Values limited below by min.", example: "counts.clamp_min(1)") { args in
                try self.clamped(lower: try args.double("min"), upper: nil)
            },
            method("masked_fill", [Parameter("mask"), Parameter("value", .number)], doc: "A copy with value where mask is True (broadcast).",
                   example: "scores.masked_fill(attention_mask == 0, float('-inf'))") { args in
                try self.maskedFill(args["mask"], try args.double("value"))
            },
            method("logical_not", doc: "Element-wise not, a bool tensor.", example: "mask.logical_not()") { _ in
                TensorObject.wrap(self.array.map(dtype: .bool) { $0 == 0 ? 1 : 0 })
            },
            tensorMethod("max", [.optional("dim", .int), Parameter("keepdim", .bool, default: .bool(false))],
                         doc: "The largest value; with dim, a tuple (values, indices) like torch.", example: "probs.max(dim=-1)") { args in
                try self.extreme("max", dim: try args.optionalInt("dim"), keepdim: try args.bool("keepdim"))
            },
            tensorMethod("min", [.optional("dim", .int), Parameter("keepdim", .bool, default: .bool(false))],
                         doc: "The smallest value; with dim, a tuple (values, indices) like torch.", example: "t.min(dim=0)") { args in
                try self.extreme("min", dim: try args.optionalInt("dim"), keepdim: try args.bool("keepdim"))
            },
        ]
    }

    /// `clamp(min=, max=)`: integer tensors stay integer when both bounds are whole numbers.
    func clamped(lower: Double?, upper: Double?) throws -> Value {
        guard lower != nil || upper != nil else { throw ScriptError(.valueError, "clamp: at least one of 'min' or 'max' must not be None") }
        if let live = gradTracked {
            return TensorObject.result(try bridged { try GradMode.run { try live.clamped(min: lower.map { Float($0) }, max: upper.map { Float($0) }) } })
        }
        let a = array
        let whole = [lower, upper].allSatisfy { $0.map { $0 == $0.rounded() } ?? true }
        let dtype: NDArray.DType = a.dtype == .float32 || !whole ? .float32 : a.dtype
        return TensorObject.wrap(a.map(dtype: dtype) { x in
            if x.isNaN { return x }
            var value = x
            if let lower, value < lower { value = lower }
            if let upper, value > upper { value = upper }
            return value
        })
    }
}

/// `torch.return_types.max` / `.min`: a `(values, indices)` pair that also has `.values` and `.indices`,
/// so `values, indices = t.max(dim=1)`, `t.max(dim=1)[0]` and `t.max(dim=1).values` all work.
final class ValuesIndicesObject: HostBase {
    let name: String, values: Value, indices: Value

    init(name: String, values: Value, indices: Value) {
        (self.name, self.values, self.indices) = (name, values, indices)
    }

    override var typeName: String { "torch.return_types.\(name)" }
    override func repr() -> String { "torch.return_types.\(name)(\nvalues=\(values.repr),\nindices=\(indices.repr))" }
    override var propertyNames: [String] { ["values", "indices"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "values": return values
        case "indices": return indices
        default: return nil
        }
    }

    override func getItem(_ key: Value, context: CallContext) throws -> Value {
        guard let raw = key.intValue, raw >= -2, raw < 2 else {
            throw ScriptError(.indexError, "tuple index out of range", help: "index 0 is the values, 1 the indices")
        }
        return raw == 0 || raw == -2 ? values : indices
    }

    override func length() -> Int? { 2 }

    override func makeIterator(context: CallContext) throws -> IteratorObject? { listIterator([values, indices]) }
}
