import PythonBasics
import Foundation
import Lang

/// The numbers behind a script-level `Tensor` (and numpy arrays): a row-major array of doubles with a
/// shape and a dtype. Model outputs are copied in from TensorCore's float32 tensors; everything a script
/// does to them (indexing, arithmetic, reductions) runs here, in plain loops, without autograd.
/// A script object whose numbers are an `NDArray` (the script `Tensor`): `NDArray.from` and indexing
/// accept one wherever they accept a list.
public protocol ArrayBacked: AnyObject {
    var ndarray: NDArray { get }
}

public struct NDArray {
    public enum DType: String, Sendable { case float32, int64, bool }

    public var shape: [Int]
    public var values: [Double]
    public var dtype: DType

    public init(shape: [Int], values: [Double], dtype: DType = .float32) {
        self.shape = shape
        self.values = values
        self.dtype = dtype
    }

    public init(scalar: Double, dtype: DType = .float32) { self.init(shape: [], values: [scalar], dtype: dtype) }

    public var count: Int { values.count }
    public var rank: Int { shape.count }

    /// Row-major strides of `shape`.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = step
            step *= shape[i]
        }
        return strides
    }

    /// A Python scalar for one element.
    public func scalar(_ x: Double) -> Value {
        switch dtype {
        case .float32: return .float(x)
        case .int64: return .int(CheckedInt.fromStoredInt64(x))
        case .bool: return .bool(x != 0)
        }
    }

    /// Nested Python lists (`tolist()`); a 0-d array gives its scalar.
    public func toValue() -> Value {
        if shape.isEmpty { return scalar(values.first ?? 0) }
        let strides = NDArray.strides(shape)
        func build(_ dim: Int, _ offset: Int) -> Value {
            var items: [Value] = []
            items.reserveCapacity(shape[dim])
            for i in 0..<shape[dim] {
                let o = offset + i * strides[dim]
                items.append(dim == shape.count - 1 ? scalar(values[o]) : build(dim + 1, o))
            }
            return .list(items)
        }
        return build(0, 0)
    }

    // MARK: building from script values

    /// From a scalar, a (nested) list/tuple of numbers, or another array.
    public static func from(_ value: Value) throws -> NDArray {
        switch value {
        case .host(let object):
            if let tensor = object as? ArrayBacked { return tensor.ndarray }
            if let items = object.tupleItems { return try from(.tuple(items)) }
            throw ScriptError(.typeError, "expected a tensor or a list of numbers, not \(object.typeName)")
        case .bool(let b): return NDArray(scalar: b ? 1 : 0, dtype: .bool)
        case .int(let n): return NDArray(scalar: Double(n), dtype: .int64)
        case .float(let x): return NDArray(scalar: x)
        case .list, .tuple:
            let items = value.sequenceItems ?? []
            if items.isEmpty { return NDArray(shape: [0], values: [], dtype: .float32) }
            let parts = try items.map { try from($0) }
            let inner = parts[0].shape
            for part in parts where part.shape != inner {
                throw ScriptError(.valueError, "expected a rectangular list: rows have shapes \(shapeTuple(inner)) and \(shapeTuple(part.shape))",
                                  help: "every row must have the same length (pad token lists first, e.g. tokenizer(..., padding=True))")
            }
            let dtype: DType = parts.contains { $0.dtype == .float32 } ? .float32 : (parts.contains { $0.dtype == .int64 } ? .int64 : .bool)
            return NDArray(shape: [parts.count] + inner, values: parts.flatMap(\.values), dtype: dtype)
        default:
            throw ScriptError(.typeError, "expected a number, a list of numbers or a tensor, not \(value.typeName)")
        }
    }

    // MARK: indexing

    /// `a[key]`: ints (negative from the end) and slices; a tuple indexes several dimensions
    /// (`logits[0, -1, :8]`); a bool tensor of the same shape selects elements.
    public func subscripted(_ key: Value) throws -> NDArray {
        if case .host(let object) = key, let index = object as? ArrayBacked {
            let indices = index.ndarray
            if indices.dtype == .bool { return try masked(indices) }
            return try gathered(indices)
        }
        if case .list = key { return try gathered(try NDArray.from(key)) }
        var parts: [Value]
        if case .tuple(let items) = key { parts = items } else { parts = [key] }
        guard parts.count <= shape.count else {
            throw ScriptError(.indexError, "too many indices for tensor of dimension \(shape.count)",
                              notes: ["the tensor's shape is \(shapeTuple(shape))"])
        }
        var picks: [[Int]] = []
        var keep: [Bool] = []
        for (dim, part) in parts.enumerated() {
            let size = shape[dim]
            switch part {
            case .int, .bool:
                let raw = part.intValue ?? 0
                let index = raw < 0 ? raw + size : raw
                guard index >= 0, index < size else {
                    throw ScriptError(.indexError, "index \(raw) is out of bounds for dimension \(dim) with size \(size)",
                                      notes: ["the tensor's shape is \(shapeTuple(shape))"],
                                      help: "valid indices are \(-size) to \(size - 1)")
                }
                picks.append([index]); keep.append(false)
            case .slice(let slice):
                picks.append(try NDArray.sliceIndices(slice, size: size)); keep.append(true)
            default:
                throw ScriptError(.typeError, "tensor indices must be ints or slices, not \(part.typeName)")
            }
        }
        for dim in parts.count..<shape.count { picks.append(Array(0..<shape[dim])); keep.append(true) }
        let strides = NDArray.strides(shape)
        var out: [Double] = []
        out.reserveCapacity(picks.reduce(1) { $0 * $1.count })
        func walk(_ dim: Int, _ offset: Int) {
            if dim == picks.count { out.append(values[offset]); return }
            for i in picks[dim] { walk(dim + 1, offset + i * strides[dim]) }
        }
        walk(0, 0)
        var newShape: [Int] = []
        for (pick, kept) in zip(picks, keep) where kept { newShape.append(pick.count) }
        return NDArray(shape: newShape, values: out, dtype: dtype)
    }

    private func masked(_ mask: NDArray) throws -> NDArray {
        guard mask.shape == shape else {
            throw ScriptError(.indexError, "the boolean mask's shape \(shapeTuple(mask.shape)) does not match the tensor's \(shapeTuple(shape))")
        }
        var kept: [Double] = []
        for (x, m) in zip(values, mask.values) where m != 0 { kept.append(x) }
        return NDArray(shape: [kept.count], values: kept, dtype: dtype)
    }

    /// `a[[0, 2]]`: rows picked by an index list.
    private func gathered(_ indices: NDArray) throws -> NDArray {
        guard rank >= 1 else { throw ScriptError(.indexError, "a 0-d tensor cannot be indexed") }
        let rowSize = shape.dropFirst().reduce(1, *)
        var out: [Double] = []
        for raw in try indices.values.map({ try CheckedInt.truncating($0, what: "an index") }) {
            let i = raw < 0 ? raw + shape[0] : raw
            guard i >= 0, i < shape[0] else {
                throw ScriptError(.indexError, "index \(raw) is out of bounds for dimension 0 with size \(shape[0])")
            }
            out.append(contentsOf: values[(i * rowSize)..<((i + 1) * rowSize)])
        }
        return NDArray(shape: indices.shape + Array(shape.dropFirst()), values: out, dtype: dtype)
    }

    /// Python's `slice.indices(size)`, expanded.
    public static func sliceIndices(_ slice: SliceValue, size: Int) throws -> [Int] {
        let step = slice.step.isNone ? 1 : (slice.step.intValue ?? 1)
        guard step != 0 else { throw ScriptError(.valueError, "slice step cannot be zero") }
        func clamp(_ v: Value, _ fallback: Int) throws -> Int {
            if v.isNone { return fallback }
            guard let raw = v.intValue else { throw ScriptError(.typeError, "slice indices must be integers or None") }
            var i = raw < 0 ? raw + size : raw
            if step > 0 { i = Swift.min(Swift.max(i, 0), size) } else { i = Swift.min(Swift.max(i, -1), size - 1) }
            return i
        }
        let start = try clamp(slice.start, step > 0 ? 0 : size - 1)
        let stop = try clamp(slice.stop, step > 0 ? size : -1)
        return Array(stride(from: start, to: stop, by: step))
    }

    // MARK: elementwise

    /// NumPy broadcasting of two shapes.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        switch BroadcastShapes.result(a, b) {
        case .success(let shape): return shape
        case .failure(let mismatch):
            throw ScriptError(.valueError, "shapes \(shapeTuple(a)) and \(shapeTuple(b)) cannot be broadcast together",
                              notes: ["dimension \(mismatch.position) is \(mismatch.left) on the left and \(mismatch.right) on the right"],
                              help: "sizes must be equal or 1 in each dimension, counted from the right")
        }
    }

    /// The values of `self` expanded to `target` (a broadcast-compatible shape).
    public func broadcast(to target: [Int]) -> [Double] {
        if shape == target { return values }
        let n = target.count
        let padded = [Int](repeating: 1, count: n - shape.count) + shape
        let srcStrides = NDArray.strides(padded)
        let total = target.reduce(1, *)
        var out = [Double](repeating: 0, count: total)
        let outStrides = NDArray.strides(target)
        for flat in 0..<total {
            var rest = flat, src = 0
            for d in 0..<n {
                let i = rest / outStrides[d]
                rest %= outStrides[d]
                if padded[d] != 1 { src += i * srcStrides[d] }
            }
            out[flat] = values[src]
        }
        return out
    }

    public static func combine(_ a: NDArray, _ b: NDArray, dtype: DType, _ f: (Double, Double) -> Double) throws -> NDArray {
        let shape = try broadcastShape(a.shape, b.shape)
        try MemoryBudget.check(shape: shape, bytesPerElement: 3 * MemoryLayout<Double>.stride, what: "a broadcast result")
        let x = a.broadcast(to: shape), y = b.broadcast(to: shape)
        var out = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count { out[i] = f(x[i], y[i]) }
        return NDArray(shape: shape, values: out, dtype: dtype)
    }

    public func map(dtype: DType? = nil, _ f: (Double) -> Double) -> NDArray {
        NDArray(shape: shape, values: values.map(f), dtype: dtype ?? self.dtype)
    }

    /// The dtype of `a op b` for arithmetic (`/` always floats).
    public static func resultType(_ a: DType, _ b: DType, op: String) -> DType {
        if op == "/" { return .float32 }
        if a == .float32 || b == .float32 { return .float32 }
        return .int64
    }

    // MARK: matrix product

    /// `a @ b` for 1-D and 2-D operands, and batched `[..., m, k] @ [k, n]`.
    public static func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.rank >= 1, b.rank >= 1 else { throw ScriptError(.valueError, "@ needs tensors with at least one dimension") }
        let lhs = a.rank == 1 ? NDArray(shape: [1, a.shape[0]], values: a.values, dtype: a.dtype) : a
        let rhs = b.rank == 1 ? NDArray(shape: [b.shape[0], 1], values: b.values, dtype: b.dtype) : b
        guard rhs.rank == 2 else {
            throw ScriptError(.valueError, "@ supports a right operand with 1 or 2 dimensions, got \(shapeTuple(b.shape))")
        }
        let m = lhs.shape[lhs.rank - 2], k = lhs.shape[lhs.rank - 1], n = rhs.shape[1]
        guard rhs.shape[0] == k else {
            throw ScriptError(.valueError, "mat1 and mat2 shapes cannot be multiplied (\(m)x\(k) and \(rhs.shape[0])x\(n))",
                              notes: ["left shape \(shapeTuple(a.shape)), right shape \(shapeTuple(b.shape))"],
                              help: "the last dimension of the left operand must equal the first of the right one; transpose one with .T")
        }
        let batch = lhs.count / Swift.max(m * k, 1)
        try MemoryBudget.check(shape: [batch, m, n], bytesPerElement: MemoryLayout<Double>.stride, what: "the result of @")
        var out = [Double](repeating: 0, count: batch * m * n)
        for bi in 0..<batch {
            let base = bi * m * k
            for i in 0..<m {
                for p in 0..<k {
                    let x = lhs.values[base + i * k + p]
                    if x == 0 { continue }
                    let row = p * n, o = bi * m * n + i * n
                    for j in 0..<n { out[o + j] += x * rhs.values[row + j] }
                }
            }
        }
        var shape = Array(lhs.shape.dropLast(2)) + [m, n]
        if b.rank == 1 { shape.removeLast() }
        if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
        return NDArray(shape: shape, values: out, dtype: resultType(a.dtype, b.dtype, op: "@"))
    }

    // MARK: reductions

    /// Reduce along `axis` (nil: all elements) with `f` over each group of values.
    public func reduce(axis: Int?, keepDims: Bool = false, dtype: DType? = nil, _ f: ([Double]) -> Double) throws -> NDArray {
        guard let axis else { return NDArray(scalar: f(values), dtype: dtype ?? self.dtype) }
        let d = try normalizedAxis(axis)
        let outer = shape[..<d].reduce(1, *), size = shape[d], inner = shape[(d + 1)...].reduce(1, *)
        var out: [Double] = []
        out.reserveCapacity(outer * inner)
        var group = [Double](repeating: 0, count: size)
        for o in 0..<outer {
            for i in 0..<inner {
                for s in 0..<size { group[s] = values[(o * size + s) * inner + i] }
                out.append(f(group))
            }
        }
        var newShape = shape
        if keepDims { newShape[d] = 1 } else { newShape.remove(at: d) }
        return NDArray(shape: newShape, values: out, dtype: dtype ?? self.dtype)
    }

    public func normalizedAxis(_ axis: Int) throws -> Int {
        let r = Swift.max(rank, 1)
        let d = axis < 0 ? axis + rank : axis
        guard d >= 0, d < rank else {
            throw ScriptError(.indexError, "Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(axis))",
                              notes: ["the tensor's shape is \(shapeTuple(shape))"])
        }
        return d
    }

    /// Softmax along `axis` (max-subtracted).
    public func softmax(axis: Int) throws -> NDArray {
        let d = try normalizedAxis(axis)
        let outer = shape[..<d].reduce(1, *), size = shape[d], inner = shape[(d + 1)...].reduce(1, *)
        var out = values
        for o in 0..<outer {
            for i in 0..<inner {
                var m = -Double.infinity
                for s in 0..<size { m = Swift.max(m, values[(o * size + s) * inner + i]) }
                var total = 0.0
                for s in 0..<size {
                    let e = Foundation.exp(values[(o * size + s) * inner + i] - m)
                    out[(o * size + s) * inner + i] = e
                    total += e
                }
                for s in 0..<size { out[(o * size + s) * inner + i] /= total }
            }
        }
        return NDArray(shape: shape, values: out, dtype: .float32)
    }

    /// Index of the first maximum (NumPy/torch rule on ties).
    public static func argmax(_ group: [Double]) -> Double {
        var best = 0
        for i in group.indices where group[i] > group[best] { best = i }
        return Double(best)
    }

    public func transposed() throws -> NDArray {
        if rank < 2 { return self }
        guard rank == 2 else {
            throw ScriptError(.valueError, ".T supports tensors with 2 dimensions here, got \(shapeTuple(shape))",
                              help: "use .transpose(dim0, dim1) on higher-dimensional tensors")
        }
        return try transposed(0, 1)
    }

    /// Swap two dimensions (a copy).
    public func transposed(_ a: Int, _ b: Int) throws -> NDArray {
        let x = try normalizedAxis(a), y = try normalizedAxis(b)
        var newShape = shape
        newShape.swapAt(x, y)
        let oldStrides = NDArray.strides(shape), newStrides = NDArray.strides(newShape)
        var out = [Double](repeating: 0, count: count)
        for flat in 0..<count {
            var rest = flat, src = 0
            for d in 0..<rank {
                let i = rest / newStrides[d]
                rest %= newStrides[d]
                let sourceDim = d == x ? y : (d == y ? x : d)
                src += i * oldStrides[sourceDim]
            }
            out[flat] = values[src]
        }
        return NDArray(shape: newShape, values: out, dtype: dtype)
    }

    public func reshaped(_ newShape: [Int]) throws -> NDArray {
        var target = newShape
        if let unknown = target.firstIndex(of: -1) {
            var known = 1
            for (i, n) in target.enumerated() where i != unknown {
                let (product, overflow) = known.multipliedReportingOverflow(by: n)
                known = overflow ? 0 : product
            }
            guard known > 0, count % known == 0 else {
                throw ScriptError(.valueError, "shape \(shapeTuple(newShape)) is invalid for input of size \(count)")
            }
            target[unknown] = count / known
        }
        guard !target.contains(where: { $0 < 0 }), (try? CheckedInt.elementCount(target, what: "a shape")) == count else {
            throw ScriptError(.valueError, "shape \(shapeTuple(newShape)) is invalid for input of size \(count)",
                              notes: ["the tensor's shape is \(shapeTuple(shape))"])
        }
        return NDArray(shape: target, values: values, dtype: dtype)
    }
}

/// `(2, 3)` as Python prints a shape tuple.
public func shapeTuple(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
