import Foundation

/// An n-dimensional array of Float32 values with reverse-mode autograd.
///
/// Storage is row-major; a tensor is a view (shape, strides, offset) into a `TensorStorage`, so
/// `reshape` of a contiguous tensor, `transpose`, `permute` and `slice` share memory. Kernels read
/// contiguous data; they call `contiguous()` first, which copies only when needed.
///
/// Autograd: set `requiresGrad = true` on a leaf (a weight), build a scalar loss from operations,
/// call `loss.backward()`, read `.grad`. Tensors that do not require gradients (frozen weights,
/// inputs) get none, and no gradient work is done for them.
public final class Tensor {
    /// Size of each dimension, outermost first. `[]` is a scalar.
    public let shape: [Int]
    /// Step in elements between neighbours along each dimension.
    public let strides: [Int]
    /// Index of the first element in `storage`.
    public let offset: Int
    /// The shared buffer.
    public let storage: TensorStorage
    /// Number of elements (product of `shape`).
    public let count: Int

    /// Whether gradients flow to this tensor. Set it on leaves (weights); results of operations
    /// get it from their inputs (when autograd is enabled).
    public var requiresGrad: Bool = false
    /// The accumulated gradient of a leaf after `backward()`, same shape. `nil` until then.
    public var grad: Tensor?
    /// Optional label for debugging and error messages (e.g. the weight name).
    public var name: String?
    /// The operation that produced this tensor, kept while the graph is alive.
    var gradNode: GradNode?
    /// Hooks on this tensor's gradient (PyTorch's `register_hook`), run in order when `backward()` has
    /// summed it; one that returns a tensor replaces the gradient passed on (and accumulated).
    public var gradHooks: [(id: Int, hook: (Tensor) throws -> Tensor?)] = []
    /// PyTorch's `retain_grad()`: a result of an operation (not a leaf) keeps its gradient in `grad` too.
    public var retainsGrad = false
    /// The inputs of the operation that produced this tensor (empty for leaves and after the graph is freed).
    public var gradInputs: [Tensor] { gradNode?.inputs ?? [] }
    /// PyTorch's version counter, shared by a script tensor's successive values and its views; nil until
    /// the script layer first writes the tensor in place (version 0). See `VersionCounter`.
    public var versionCounter: VersionCounter?
    /// True for a value the script layer derived from a view (`v = y[0]`) of another tensor: a write into
    /// the base changes it too, and PyTorch names it `AsStrided` in the version-counter error.
    public var isViewOfScriptTensor = false

    /// A view of `storage`.
    init(storage: TensorStorage, shape: [Int], strides: [Int], offset: Int) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        count = shape.reduce(1, *)
    }

    /// A contiguous tensor over `storage` starting at `offset`.
    convenience init(storage: TensorStorage, shape: [Int], offset: Int = 0) {
        self.init(storage: storage, shape: shape, strides: Tensor.contiguousStrides(shape), offset: offset)
    }

    /// A contiguous tensor whose values the caller writes before anyone reads them.
    convenience init(uninitialized shape: [Int]) {
        self.init(storage: TensorStorage(uninitialized: shape.reduce(1, *)), shape: shape)
    }

    /// A tensor holding `values` in row-major order. Throws if the count does not match the shape.
    public convenience init(shape: [Int], values: [Float]) throws {
        try Tensor.checkShape(shape)
        let expected = shape.reduce(1, *)
        guard values.count == expected else {
            throw TensorError("cannot build a tensor of shape \(shapeText(shape)) from \(values.count) values",
                              help: "the shape needs \(expected) values")
        }
        let storage = values.withUnsafeBufferPointer { TensorStorage(copying: $0) }
        self.init(storage: storage, shape: shape)
    }

    /// A 1-D tensor of `values`.
    public convenience init(_ values: [Float]) {
        let storage = values.withUnsafeBufferPointer { TensorStorage(copying: $0) }
        self.init(storage: storage, shape: [values.count])
    }

    /// A scalar (shape `[]`).
    public convenience init(scalar: Float) {
        let storage = TensorStorage(zeros: 1)
        storage.base[0] = scalar
        self.init(storage: storage, shape: [])
    }

    /// Zeros of the given shape.
    public static func zeros(_ shape: [Int]) throws -> Tensor {
        try checkShape(shape)
        return Tensor(storage: TensorStorage(zeros: shape.reduce(1, *)), shape: shape)
    }

    /// Zeros of the same shape as `other`.
    public static func zeros(like other: Tensor) -> Tensor {
        Tensor(storage: TensorStorage(zeros: other.count), shape: other.shape)
    }

    /// `value` everywhere.
    public static func full(_ shape: [Int], value: Float) throws -> Tensor {
        try checkShape(shape)
        let result = Tensor(uninitialized: shape)
        result.storage.base.update(repeating: value, count: result.count)
        return result
    }

    /// Ones of the given shape.
    public static func ones(_ shape: [Int]) throws -> Tensor { try full(shape, value: 1) }

    /// Row-major strides for `shape`.
    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= Swift.max(shape[axis], 1)
        }
        return strides
    }

    static func checkShape(_ shape: [Int]) throws {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw TensorError("shape \(shapeText(shape)) has a negative size \(bad)", help: "sizes must be 0 or more")
        }
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// True when the elements lie in row-major order without gaps, so kernels can read `data` directly.
    public var isContiguous: Bool {
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != step { return false }
            step *= shape[axis]
        }
        return true
    }

    /// Pointer to the first element (meaningful for kernels only when `isContiguous`).
    @inline(__always)
    var data: UnsafeMutablePointer<Float> { storage.base + offset }

    /// True when no operation produced this tensor (a weight, an input).
    public var isLeaf: Bool { gradNode == nil }

    /// The values in row-major order.
    public func toArray() -> [Float] {
        let source = contiguousData()
        return Array(UnsafeBufferPointer(start: source.data, count: count))
    }

    /// The single value of a one-element tensor.
    public func item() throws -> Float {
        guard count == 1 else {
            throw TensorError("item() needs a tensor with one element, this one has shape \(shapeText(shape))",
                              help: "reduce it first, e.g. with sum() or mean()")
        }
        return data[0]
    }

    /// The value at a full index (one entry per dimension, negatives count from the end).
    public func value(at index: [Int]) throws -> Float {
        guard index.count == rank else {
            throw TensorError("index \(index) has \(index.count) entries but the tensor has \(rank) dimension(s)")
        }
        var position = offset
        for (axis, raw) in index.enumerated() {
            let resolved = raw < 0 ? raw + shape[axis] : raw
            guard resolved >= 0, resolved < shape[axis] else {
                throw TensorError("index \(raw) is out of range for dimension \(axis) of size \(shape[axis])")
            }
            position += resolved * strides[axis]
        }
        return storage.base[position]
    }

    /// A tensor that shares storage but is cut out of the graph (no gradient flows through it).
    public func detached() -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset)
    }

    /// A contiguous copy with its own storage (not recorded by autograd).
    public func copy() -> Tensor {
        let result = Tensor(uninitialized: shape)
        copyStrided(into: result.data)
        return result
    }

    /// Self if contiguous, else a contiguous copy; neither is recorded by autograd.
    func contiguousData() -> Tensor { isContiguous ? self : copy() }

    /// Writes the elements in row-major order to `destination` (which holds `count` values).
    func copyStrided(into destination: UnsafeMutablePointer<Float>) {
        if isContiguous {
            destination.update(from: data, count: count)
            return
        }
        let rows = rank == 0 ? 1 : count / Swift.max(shape[rank - 1], 1)
        let width = rank == 0 ? 1 : shape[rank - 1]
        let innerStride = rank == 0 ? 1 : strides[rank - 1]
        let source = storage.base
        let shape = self.shape, strides = self.strides, offset = self.offset
        Parallel.forEach(rows, minimumPerChunk: Swift.max(1, 16_384 / Swift.max(width, 1))) { range in
            for row in range {
                let start = offset + rowOffset(row, shape: shape, strides: strides)
                let target = destination + row * width
                for column in 0..<width { target[column] = source[start + column * innerStride] }
            }
        }
    }

    /// Replaces the values in place (not recorded by autograd): used by optimizers and loaders.
    public func assign(_ values: [Float]) throws {
        guard values.count == count else {
            throw TensorError("cannot assign \(values.count) values to a tensor of shape \(shapeText(shape))")
        }
        guard isContiguous else { throw TensorError("cannot assign into a non-contiguous view") }
        values.withUnsafeBufferPointer { buffer in
            if let source = buffer.baseAddress { data.update(from: source, count: count) }
        }
        storage.generation += 1
    }

    /// Copies `other`'s values into this tensor in place (same element count; not recorded).
    public func assign(_ other: Tensor) throws {
        guard other.count == count, isContiguous else {
            throw TensorError("cannot assign a tensor of shape \(shapeText(other.shape)) to one of shape \(shapeText(shape))")
        }
        other.copyStrided(into: data)
        storage.generation += 1
    }
}

/// Offset of row `row` (index over all dimensions but the last) for the given shape and strides.
@inline(__always)
func rowOffset(_ row: Int, shape: [Int], strides: [Int]) -> Int {
    var remaining = row
    var position = 0
    var axis = shape.count - 2
    while axis >= 0 {
        let size = shape[axis]
        position += (remaining % size) * strides[axis]
        remaining /= size
        axis -= 1
    }
    return position
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = toArray()
        let preview = values.prefix(8).map { String(format: "%.4f", $0) }.joined(separator: ", ")
        let more = values.count > 8 ? ", …" : ""
        return "tensor(shape: \(shapeText(shape)), [\(preview)\(more)]\(requiresGrad ? ", requires_grad" : ""))"
    }
}
