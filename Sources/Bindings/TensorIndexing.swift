import Foundation
import Lang
import NumericArrays
import PythonBasics
import TensorCore

/// `t[key]` as PyTorch reads it, reduced to the row-major source positions of the result's elements (so the
/// tracked path is one core `take`, whose backward scatter-adds, as PyTorch's `index` backward does).
///
/// A key is one part or a tuple of parts: ints (negative from the end; the dimension goes away), slices,
/// `None` (a new dimension of size 1), index lists/tensors (integer: pick along one dimension) and boolean
/// tensors (a mask over as many dimensions as it has, e.g. `logits[labels != -100]` with logits `(N, C)` and
/// labels `(N,)`). As in PyTorch, ints are applied first (`select`); the index tensors and masks are
/// "advanced" indices, broadcast together: their result dimensions replace them in place when they are
/// adjacent, else they come first (`t[[0, 1], :, [2, 0]]`).
struct TensorIndex {
    /// Source positions (row-major in the indexed tensor) of the result's elements, in result order.
    let offsets: [Int]
    let shape: [Int]
    /// Only ints, slices, `None` and `...` (PyTorch's basic indexing): the result is a view of the tensor.
    let isBasic: Bool

    /// One factor of the result: the offset contributions of its positions and the dimensions they make.
    private struct Factor {
        var contributions: [Int]
        var dims: [Int]
    }

    private enum Part {
        case basic(Factor)
        case advanced([Int], sourceDim: Int) // flat indices (already non-negative), their shape in `shapes`
    }

    init(_ key: Value, shape source: [Int]) throws {
        var parts: [Value]
        if case .tuple(let items) = key { parts = items } else { parts = [key] }
        parts = try TensorIndex.expandingEllipsis(parts, rank: source.count)
        let strides = NDArray.strides(source)
        var base = 0
        var dim = 0
        var items: [Part] = []
        var advancedShapes: [[Int]] = []
        func outOfBounds(_ raw: Int, _ d: Int) -> ScriptError {
            ScriptError(.indexError, "index \(raw) is out of bounds for dimension \(d) with size \(source[d])",
                        notes: ["the tensor's shape is \(shapeTuple(source))"],
                        help: "valid indices are \(-source[d]) to \(source[d] - 1)")
        }
        func needDims(_ n: Int) throws {
            guard dim + n <= source.count else {
                throw ScriptError(.indexError, "too many indices for tensor of dimension \(source.count)",
                                  notes: ["the tensor's shape is \(shapeTuple(source))"])
            }
        }
        for part in parts {
            switch part {
            case .none:
                items.append(.basic(Factor(contributions: [0], dims: [1])))
            case .int, .bool:
                try needDims(1)
                let raw = part.intValue ?? 0
                let index = raw < 0 ? raw + source[dim] : raw
                guard index >= 0, index < source[dim] else { throw outOfBounds(raw, dim) }
                base += index * strides[dim]
                dim += 1
            case .slice(let slice):
                try needDims(1)
                let picks = try NDArray.sliceIndices(slice, size: source[dim])
                items.append(.basic(Factor(contributions: picks.map { $0 * strides[dim] }, dims: [picks.count])))
                dim += 1
            default:
                let array: NDArray
                if case .host(let object) = part, let backed = object as? ArrayBacked { array = backed.ndarray }
                else if case .list = part { array = try NDArray.from(part) }
                else if case .range = part { array = try NDArray.from(part) }
                else { throw ScriptError(.typeError, "tensor indices must be ints, slices, None, index tensors or boolean masks, not \(part.typeName)") }
                if array.dtype == .bool {
                    // A mask over `array.rank` dimensions becomes one index array per dimension (its nonzero()).
                    let maskDims = Swift.max(array.rank, 1)
                    try needDims(array.rank)
                    let maskShape = array.rank == 0 ? [1] : array.shape
                    for (k, size) in maskShape.enumerated() where array.rank > 0 && size != source[dim + k] {
                        throw ScriptError(.indexError, "The shape of the mask \(maskShape) at index \(k) does not match the shape of the indexed tensor \(Array(source[dim...])) at index \(k)",
                                          help: "a boolean mask covers the first dimensions of the tensor with the same sizes, e.g. logits[labels != -100] with logits (N, C) and labels (N,)")
                    }
                    let maskStrides = NDArray.strides(maskShape)
                    let hits = array.values.indices.filter { array.values[$0] != 0 }
                    if array.rank == 0 {
                        // t[True] adds a dimension of size 1; t[False] one of size 0.
                        items.append(.basic(Factor(contributions: hits.isEmpty ? [] : [0], dims: [hits.count])))
                        continue
                    }
                    for k in 0..<maskDims {
                        let column = hits.map { ($0 / maskStrides[k]) % maskShape[k] }
                        items.append(.advanced(column, sourceDim: dim + k))
                        advancedShapes.append([hits.count])
                    }
                    dim += array.rank
                } else {
                    try needDims(1)
                    let size = source[dim]
                    let picks = try array.values.map { value -> Int in
                        let raw = try CheckedInt.truncating(value, what: "an index")
                        let index = raw < 0 ? raw + size : raw
                        guard index >= 0, index < size else { throw outOfBounds(raw, dim) }
                        return index
                    }
                    items.append(.advanced(picks, sourceDim: dim))
                    advancedShapes.append(array.shape)
                    dim += 1
                }
            }
        }
        for d in dim..<source.count {
            items.append(.basic(Factor(contributions: (0..<source[d]).map { $0 * strides[d] }, dims: [source[d]])))
        }
        var factors: [Factor] = []
        let advancedPositions = items.indices.filter { if case .advanced = items[$0] { return true } else { return false } }
        if let first = advancedPositions.first {
            // Broadcast the advanced indices together; one factor of their positions.
            var broadcastShape: [Int] = []
            for s in advancedShapes { broadcastShape = try NDArray.broadcastShape(broadcastShape, s) }
            let total = broadcastShape.reduce(1, *)
            var contributions = [Int](repeating: 0, count: total)
            var k = 0
            for item in items {
                guard case .advanced(let picks, let sourceDim) = item else { continue }
                let expanded = NDArray(shape: advancedShapes[k], values: picks.map(Double.init), dtype: .int64).broadcast(to: broadcastShape)
                for i in 0..<total { contributions[i] += Int(exactly: expanded[i]).map { $0 * strides[sourceDim] } ?? 0 }
                k += 1
            }
            let group = Factor(contributions: contributions, dims: broadcastShape)
            let adjacent = advancedPositions.last.map { $0 - first + 1 == advancedPositions.count } ?? true
            var placed = false
            if !adjacent { factors.append(group); placed = true }
            for item in items {
                switch item {
                case .basic(let factor): factors.append(factor)
                case .advanced:
                    if !placed { factors.append(group); placed = true }
                }
            }
        } else {
            for case .basic(let factor) in items { factors.append(factor) }
        }
        let shape = factors.flatMap(\.dims)
        try MemoryBudget.check(shape: shape, bytesPerElement: 2 * MemoryLayout<Int>.stride, what: "an indexing result")
        var offsets = [base]
        for factor in factors {
            var next: [Int] = []
            next.reserveCapacity(offsets.count * factor.contributions.count)
            for offset in offsets { for c in factor.contributions { next.append(offset + c) } }
            offsets = next
        }
        self.offsets = offsets
        self.shape = shape
        isBasic = advancedShapes.isEmpty && !parts.contains { if case .host = $0 { return $0.isTensor } else { return false } }
    }
}

extension TensorIndex {
    /// `t[..., 0]`, `t[..., None]`, `t[0, ...]`: one `...` stands for as many full slices as the other parts leave
    /// dimensions (ints, slices and index tensors take one, a boolean mask as many as it has, `None` none).
    static func expandingEllipsis(_ parts: [Value], rank: Int) throws -> [Value] {
        func isEllipsis(_ value: Value) -> Bool {
            if case .host(let object) = value { return object.typeName == "ellipsis" }
            return false
        }
        let positions = parts.indices.filter { isEllipsis(parts[$0]) }
        guard let position = positions.first else { return parts }
        guard positions.count == 1 else { throw ScriptError(.indexError, "an index can only have a single ellipsis ('...')") }
        var used = 0
        for part in parts where !isEllipsis(part) {
            switch part {
            case .none: continue
            case .host(let object):
                if let backed = object as? ArrayBacked, backed.ndarray.dtype == .bool { used += backed.ndarray.rank } else { used += 1 }
            default: used += 1
            }
        }
        let full = Value.slice(SliceValue(start: Value.none, stop: Value.none, step: Value.none))
        var expanded = parts
        expanded.replaceSubrange(position...position, with: Array(repeating: full, count: Swift.max(rank - used, 0)))
        return expanded
    }
}

extension TensorIndex {
    /// PyTorch's `grad_fn` of a basic-indexing view: the last operation its indexing applies, in the key's
    /// order (`t[0]` SelectBackward0, `t[1:]` SliceBackward0, `t[None]` UnsqueezeBackward0, `t[:, 0]`
    /// SelectBackward0). In a tuple key a slice over a whole dimension applies nothing (AliasBackward0 when
    /// nothing is applied: `t[...]`, `t[:, :]`); a lone slice is always a SliceBackward0.
    static func viewGradName(_ key: Value, shape: [Int]) throws -> String {
        guard case .tuple(let items) = key else {
            switch key {
            case .none: return "UnsqueezeBackward0"
            case .slice: return "SliceBackward0"
            case .int, .bool: return "SelectBackward0"
            default: return "AliasBackward0"
            }
        }
        var name = "AliasBackward0"
        var dim = 0
        for part in try expandingEllipsis(items, rank: shape.count) {
            switch part {
            case .none: name = "UnsqueezeBackward0"
            case .int, .bool:
                name = "SelectBackward0"
                dim += 1
            case .slice(let slice):
                let size = dim < shape.count ? shape[dim] : 0
                let picks = try NDArray.sliceIndices(slice, size: size)
                if picks != Array(0..<size) { name = "SliceBackward0" }
                dim += 1
            default: dim += 1
            }
        }
        return name
    }
}

extension TensorObject {
    /// `t[key]`: the values at the index's positions; on a tracked tensor, recorded for `backward()`.
    func indexed(_ key: Value) throws -> Value {
        let a = array
        let index = try TensorIndex(key, shape: a.shape)
        if index.isBasic { return view(ViewMap(index.offsets), shape: index.shape, gradName: try TensorIndex.viewGradName(key, shape: a.shape)) }
        if let live = gradTracked {
            return TensorObject.result(try bridged { try GradMode.run { try live.take(offsets: index.offsets, shape: index.shape) } })
        }
        return TensorObject.wrap(NDArray(shape: index.shape, values: index.offsets.map { a.values[$0] }, dtype: a.dtype))
    }

    /// `t.masked_fill(mask, value)`: a copy with `value` where the mask (broadcast to t's shape) is True.
    /// On a tracked tensor it is `where(mask, value, t)`, so the filled positions get no gradient.
    func maskedFill(_ maskValue: Value, _ value: Double) throws -> Value {
        let a = array
        let mask = try NDArray.from(maskValue)
        let shape = try NDArray.broadcastShape(a.shape, mask.shape)
        guard shape == a.shape else {
            throw ScriptError(.runtimeError, "masked_fill: the mask of shape \(shapeTuple(mask.shape)) does not broadcast to \(shapeTuple(a.shape))")
        }
        if let live = gradTracked {
            let condition = try Tensor(shape: mask.shape, values: mask.values.map { $0 != 0 ? 1 : 0 })
            return TensorObject.result(try bridged { try GradMode.run { try Tensor.selecting(condition, Tensor(scalar: Float(value)), live) } })
        }
        let m = mask.broadcast(to: shape)
        var out = a
        for i in out.values.indices where m[i] != 0 { out.values[i] = value }
        return TensorObject.wrap(out)
    }

    /// `torch.where(condition, input, other)` with a tracked operand: recorded, gradients to both branches.
    static func trackedWhere(_ condition: Value, _ input: Value, _ other: Value) throws -> Value? {
        let operands = [input, other].map { value -> TensorObject? in
            if case .host(let object) = value, let tensor = object as? TensorObject { return tensor }
            return nil
        }
        guard GradMode.enabled, operands.contains(where: { $0?.gradTracked != nil }) else { return nil }
        let c = try NDArray.from(condition)
        let mask = try Tensor(shape: c.shape, values: c.values.map { $0 != 0 ? 1 : 0 })
        guard let x = try coreOperand(input), let y = try coreOperand(other) else { return nil }
        return TensorObject.result(try bridged { try GradMode.run { try Tensor.selecting(mask, x, y) } })
    }
}
