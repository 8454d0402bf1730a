import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// `topk`, `sort`, `argsort`, `index_select`, `masked_select`, `scatter`/`scatter_add` (and their in-place
/// forms): each names source positions, so the values go through `picked` (the core's `take`, whose backward
/// scatter-adds) or the core's `putting` (index_put), and carry gradients on a tracked tensor.
extension TensorObject {
    /// Per slice along `axis`: the slice's positions (row-major) in sorted order. NaN sorts as the largest
    /// value (PyTorch's order); ties keep their original order (a stable sort).
    func sortedPositions(axis: Int, descending: Bool) -> [[Int]] {
        let a = array
        let dims = a.shape.isEmpty ? [1] : a.shape
        let size = dims[axis], inner = dims[(axis + 1)...].reduce(1, *), outer = dims[..<axis].reduce(1, *)
        func before(_ x: Double, _ y: Double) -> Bool {
            if x.isNaN || y.isNaN { return descending ? (x.isNaN && !y.isNaN) : (!x.isNaN && y.isNaN) }
            return descending ? x > y : x < y
        }
        var result: [[Int]] = []
        for o in 0..<outer {
            for i in 0..<inner {
                let positions = (0..<size).map { (o * size + $0) * inner + i }
                let ranked = positions.enumerated().sorted { lhs, rhs in
                    let x = a.values[lhs.element], y = a.values[rhs.element]
                    if before(x, y) { return true }
                    if before(y, x) { return false }
                    return lhs.offset < rhs.offset
                }
                result.append(ranked.map(\.element))
            }
        }
        return result
    }

    /// The first `k` of each sorted slice laid out back along `axis`: (source positions, indices along the axis, shape).
    func ordered(axis: Int, descending: Bool, k: Int? = nil) throws -> (offsets: [Int], indices: [Double], shape: [Int]) {
        let a = array
        let dims = a.shape.isEmpty ? [1] : a.shape
        let size = dims[axis], inner = dims[(axis + 1)...].reduce(1, *), outer = dims[..<axis].reduce(1, *)
        let keep = k ?? size
        guard keep >= 0, keep <= size else {
            throw ScriptError(.runtimeError, "selected index k out of range", notes: ["k = \(keep), but dimension \(axis) has size \(size)"])
        }
        let stride = dims[(axis + 1)...].reduce(1, *)
        let slices = sortedPositions(axis: axis, descending: descending)
        var offsets = [Int](repeating: 0, count: outer * keep * inner), indices = [Double](repeating: 0, count: offsets.count)
        for o in 0..<outer {
            for i in 0..<inner {
                let slice = slices[o * inner + i]
                for r in 0..<keep {
                    let target = (o * keep + r) * inner + i
                    offsets[target] = slice[r]
                    indices[target] = Double((slice[r] - o * size * inner - i) / Swift.max(stride, 1))
                }
            }
        }
        var shape = a.shape
        if !shape.isEmpty { shape[axis] = keep }
        return (offsets, indices, shape)
    }

    /// `(values, indices)` of a sort or top-k: values picked (with gradients), indices int64.
    func orderedPair(_ name: String, axis requested: Int, descending: Bool, k: Int? = nil) throws -> Value {
        let axis = array.rank == 0 ? 0 : try array.normalizedAxis(requested)
        let order = try ordered(axis: axis, descending: descending, k: k)
        return .host(ValuesIndicesObject(name: name, values: try picked(order.offsets, shape: order.shape),
                                         indices: TensorObject.wrap(NDArray(shape: order.shape, values: order.indices, dtype: .int64))))
    }

    /// Row-major positions of every element of `index`'s grid inside a tensor of `shape` (scatter's source).
    static func gridOffsets(_ index: NDArray, in shape: [Int], dim: Int) throws -> [Int] {
        let along = try index.values.indices.map { position -> Double in
            let strides = NDArray.strides(index.shape)
            return Double((position / Swift.max(strides[dim], 1)) % Swift.max(index.shape[dim], 1))
        }
        return try gatherOffsets(shape, dim: dim, index: NDArray(shape: index.shape, values: along, dtype: .int64))
    }

    /// `scatter(dim, index, src | value)` (`accumulate`: `scatter_add`): a copy, or this tensor itself when `inPlace`.
    func scattered(dim requested: Int, index indexValue: Value, source: Value, accumulate: Bool, inPlace: Bool) throws -> Value {
        let a = array
        let index = try NDArray.from(indexValue)
        let dim = try a.normalizedAxis(requested)
        let targets = try TensorObject.gatherOffsets(a.shape, dim: dim, index: index)
        let sourceArray = try NDArray.from(source)
        let isNumber = sourceArray.rank == 0 && !(source.isTensor)
        if !isNumber && sourceArray.rank != a.rank {
            throw ScriptError(.runtimeError, "Index tensor must have the same number of dimensions as src tensor")
        }
        let sourceOffsets = isNumber ? [] : try TensorObject.gridOffsets(index, in: sourceArray.shape, dim: dim)
        let tracked: (Tensor) throws -> Tensor = { core in
            let values: Tensor
            if isNumber { values = try Tensor.full([targets.count], value: Float(sourceArray.values.first ?? 0)) }
            else if let src = try TensorObject.coreOperand(source) { values = try src.take(offsets: sourceOffsets, shape: [targets.count]) }
            else { throw ScriptError(.typeError, "scatter: src must be a tensor or a number") }
            return try core.putting(values, at: targets, accumulate: accumulate)
        }
        let plain: (inout NDArray) throws -> Void = { values in
            for (position, offset) in targets.enumerated() {
                let v = isNumber ? (sourceArray.values.first ?? 0) : sourceArray.values[sourceOffsets[position]]
                values.values[offset] = TensorObject.cast(accumulate ? values.values[offset] + v : v, to: values.dtype)
            }
        }
        let operandTracked = TensorObject.isTracked(source)
        guard inPlace else { return try outOfPlace(operandTracked: operandTracked, tracked: tracked, plain: plain) }
        try writeInPlace(accumulate ? "scatter_add_" : "scatter_", operandTracked: operandTracked, tracked: tracked, plain: plain)
        return .host(self)
    }

    func orderingMethods() -> [Builtin] {
        let sortParameters = [Parameter("dim", .int, default: .int(-1)), Parameter("descending", .bool, default: .bool(false)),
                              Parameter("stable", .bool, default: .bool(false))]
        func scatter(_ name: String, accumulate: Bool, inPlace: Bool) -> Builtin {
            method(name, [Parameter("dim", .int), Parameter("index"), .optional("src"), .optional("value", .number), .optional("reduce", .str)],
                   doc: accumulate ? "Adds src's values at index along dim (a copy\(inPlace ? ", in place" : ""))."
                   : "Writes src (or value) at index along dim\(inPlace ? ", in place" : " into a copy"); reduce=\"add\"|\"multiply\" combines instead.",
                   example: "t.\(name)(1, labels.unsqueeze(1), 1.0)") { args in
                let source = args["src"].isNone ? args["value"] : args["src"]
                guard !source.isNone else { throw ScriptError(.typeError, "\(name)() missing the values to write: src (a tensor) or value (a number)") }
                if let reduce = try args.optionalString("reduce") {
                    // PyTorch's deprecated form: no derivative (backward raises), values as scatter_reduce's.
                    return try self.scatterReduced(dim: try args.int("dim"), index: args["index"], source: source,
                                                   reduction: try ScatterReduction(reduce, legacy: true), includeSelf: true,
                                                   differentiable: false, inPlace: inPlace)
                }
                return try self.scattered(dim: try args.int("dim"), index: args["index"], source: source, accumulate: accumulate, inPlace: inPlace)
            }
        }
        return [
            method("sort", sortParameters, doc: "(values, indices) sorted along dim.", example: "scores.sort(descending=True)") { args in
                try self.orderedPair("sort", axis: try args.int("dim"), descending: try args.bool("descending"))
            },
            method("argsort", sortParameters, doc: "The indices that sort along dim.", example: "scores.argsort(dim=-1, descending=True)") { args in
                let axis = self.array.rank == 0 ? 0 : try self.array.normalizedAxis(try args.int("dim"))
                let order = try self.ordered(axis: axis, descending: try args.bool("descending"))
                return TensorObject.wrap(NDArray(shape: order.shape, values: order.indices, dtype: .int64))
            },
            method("topk", [Parameter("k", .int), Parameter("dim", .int, default: .int(-1)), Parameter("largest", .bool, default: .bool(true)),
                            Parameter("sorted", .bool, default: .bool(true))],
                   doc: "(values, indices) of the k largest (or smallest) along dim.", example: "probs.topk(3, dim=-1)") { args in
                try self.orderedPair("topk", axis: try args.int("dim"), descending: try args.bool("largest"), k: try args.int("k"))
            },
            method("index_select", [Parameter("dim", .int), Parameter("index")], doc: "The slices at index (1-D ints) along dim.",
                   example: "embeddings.index_select(0, torch.tensor([0, 2]))") { args in
                let a = self.array
                let dim = try a.normalizedAxis(try args.int("dim"))
                let index = try NDArray.from(args["index"])
                guard index.rank <= 1, index.dtype == .int64 else {
                    throw ScriptError(.indexError, "index_select(): Index is supposed to be a vector of int64 values", notes: ["got shape \(shapeTuple(index.shape)), dtype \(index.dtype.rawValue)"])
                }
                var key = [Value](repeating: .slice(SliceValue(start: Value.none, stop: Value.none, step: Value.none)), count: dim)
                key.append(TensorObject.wrap(try index.reshaped([index.count])))
                return try self.indexed(.tuple(key))
            },
            method("masked_select", [Parameter("mask")], doc: "The values where the (broadcast) bool mask is True, as a 1-D tensor.",
                   example: "logits.masked_select(mask)") { args in
                let a = self.array
                let mask = try NDArray.from(args["mask"])
                guard mask.dtype == .bool else { throw ScriptError(.runtimeError, "masked_select: expected BoolTensor for mask") }
                let shape = try NDArray.broadcastShape(a.shape, mask.shape)
                let positions = NDArray(shape: a.shape, values: (0..<a.count).map(Double.init), dtype: .int64).broadcast(to: shape)
                let m = mask.broadcast(to: shape)
                let offsets = try (0..<m.count).filter { m[$0] != 0 }.map { try CheckedInt.truncating(positions[$0], what: "a position") }
                return try self.picked(offsets, shape: [offsets.count])
            },
            scatter("scatter", accumulate: false, inPlace: false),
            scatter("scatter_", accumulate: false, inPlace: true),
            method("scatter_add", [Parameter("dim", .int), Parameter("index"), Parameter("src")], doc: "A copy with src's values added at index along dim.",
                   example: "counts.scatter_add(0, ids, ones)") { args in
                try self.scattered(dim: try args.int("dim"), index: args["index"], source: args["src"], accumulate: true, inPlace: false)
            },
            method("scatter_add_", [Parameter("dim", .int), Parameter("index"), Parameter("src")], doc: "Adds src's values at index along dim, in place.",
                   example: "counts.scatter_add_(0, ids, ones)") { args in
                try self.scattered(dim: try args.int("dim"), index: args["index"], source: args["src"], accumulate: true, inPlace: true)
            },
        ]
    }
}

extension Value {
    /// True for a tensor (not a Python number).
    var isTensor: Bool {
        if case .host(let object) = self, object is TensorObject { return true }
        return false
    }
}
