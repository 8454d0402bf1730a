/// Direct memory access for loaders, savers and in-place weight edits (merging LoRA, optimizers).
/// None of these are recorded by autograd.
extension Tensor {
    /// A contiguous tensor over existing storage (for example a memory-mapped safetensors file
    /// wrapped with `TensorStorage(borrowing:count:owner:)`). Throws if the view would run past the end.
    public convenience init(storage: TensorStorage, shape: [Int], storageOffset: Int) throws {
        try Tensor.checkShape(shape)
        let needed = shape.reduce(1, *)
        guard storageOffset >= 0, storageOffset + needed <= storage.count else {
            throw TensorError("a tensor of shape \(shapeText(shape)) at offset \(storageOffset) does not fit in \(storage.count) stored values",
                              help: "the file may be truncated or its header wrong")
        }
        self.init(storage: storage, shape: shape, offset: storageOffset)
    }

    /// A tensor holding a copy of `values` (row-major) in `shape`.
    public convenience init(shape: [Int], copying values: UnsafeBufferPointer<Float>) throws {
        try Tensor.checkShape(shape)
        guard values.count == shape.reduce(1, *) else {
            throw TensorError("cannot build a tensor of shape \(shapeText(shape)) from \(values.count) values")
        }
        self.init(storage: TensorStorage(copying: values), shape: shape)
    }

    /// Reads the values in row-major order (copies first only if the tensor is a strided view).
    public func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        let source = contiguousData()
        return try withExtendedLifetime(source) {
            try body(UnsafeBufferPointer(start: source.data, count: count))
        }
    }

    /// Writes the values in place. Throws for strided views (write through `contiguous()` copies instead).
    public func withUnsafeMutableBufferPointer<Result>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> Result) throws -> Result {
        guard isContiguous else {
            throw TensorError("cannot write in place into a non-contiguous view of shape \(shapeText(shape))")
        }
        return try body(UnsafeMutableBufferPointer(start: data, count: count))
    }

    /// `self += scale · other` in place (same element count), e.g. merging a LoRA delta into a
    /// frozen weight. Not recorded by autograd.
    public func addInPlace(_ other: Tensor, scale: Float = 1) throws {
        guard other.shape == shape else {
            throw TensorError("cannot add a tensor of shape \(shapeText(other.shape)) in place to one of shape \(shapeText(shape))")
        }
        guard isContiguous else { throw TensorError("cannot add in place into a non-contiguous view") }
        let source = other.contiguousData()
        let target = data
        withExtendedLifetime(source) {
            let values = source.data
            Parallel.forEach(count) { range in
                for index in range { target[index] += scale * values[index] }
            }
        }
    }
}
