/// An n-dimensional array of Int32 values: token ids, labels, attention masks, argmax results.
/// No autograd (integer data carries no gradient).
public struct IntTensor: Equatable {
    /// Size of each dimension.
    public let shape: [Int]
    /// The values in row-major order.
    public var values: [Int32]

    /// Values in row-major order for `shape`; throws if the count does not match.
    public init(shape: [Int], values: [Int32]) throws {
        try Tensor.checkShape(shape)
        guard values.count == shape.reduce(1, *) else {
            throw TensorError("cannot build an integer tensor of shape \(shapeText(shape)) from \(values.count) values",
                              help: "the shape needs \(shape.reduce(1, *)) values")
        }
        self.shape = shape
        self.values = values
    }

    /// A 1-D tensor.
    public init(_ values: [Int32]) {
        shape = [values.count]
        self.values = values
    }

    /// `value` everywhere.
    public init(repeating value: Int32, shape: [Int]) throws {
        try self.init(shape: shape, values: [Int32](repeating: value, count: Swift.max(0, shape.reduce(1, *))))
    }

    /// Number of elements.
    public var count: Int { values.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The same values in a new shape (one entry may be -1).
    public func reshape(_ newShape: [Int]) throws -> IntTensor {
        var resolved = newShape
        if let position = newShape.firstIndex(of: -1) {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw TensorError("reshape: cannot view \(count) values as \(shapeText(newShape))")
            }
            resolved[position] = count / known
        }
        return try IntTensor(shape: resolved, values: values)
    }

    /// The value at a full index.
    public func value(at index: [Int]) throws -> Int32 {
        guard index.count == rank else {
            throw TensorError("index \(index) has \(index.count) entries but the tensor has \(rank) dimension(s)")
        }
        var position = 0
        for (axis, raw) in index.enumerated() {
            let resolved = raw < 0 ? raw + shape[axis] : raw
            guard resolved >= 0, resolved < shape[axis] else {
                throw TensorError("index \(raw) is out of range for dimension \(axis) of size \(shape[axis])")
            }
            position = position * shape[axis] + resolved
        }
        return values[position]
    }

    /// The values as Float32 (e.g. a 0/1 attention mask to multiply with).
    public func toFloat() -> Tensor {
        Tensor(storage: values.map(Float.init).withUnsafeBufferPointer { TensorStorage(copying: $0) }, shape: shape)
    }
}
