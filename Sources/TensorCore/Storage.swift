/// A flat buffer of Float32 values that one or more tensors view. Memory is either owned
/// (allocated here, freed on deinit) or borrowed from an owner object that keeps it alive
/// (for example a memory-mapped safetensors file).
public final class TensorStorage {
    /// Number of Float32 values in the buffer.
    public let count: Int
    /// First value. Valid for `count` elements while this storage lives.
    public let base: UnsafeMutablePointer<Float>
    private let owner: AnyObject?

    /// A new zero-filled buffer.
    public init(zeros count: Int) {
        self.count = count
        base = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: 0, count: Swift.max(count, 1))
        owner = nil
    }

    /// A new buffer whose contents the caller must fully write before reading.
    init(uninitialized count: Int) {
        self.count = count
        base = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
        owner = nil
    }

    /// A new buffer holding a copy of `values`.
    public init(copying values: UnsafeBufferPointer<Float>) {
        count = values.count
        base = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
        if let source = values.baseAddress { base.initialize(from: source, count: count) }
        owner = nil
    }

    /// Borrows memory that `owner` keeps alive (e.g. an mmap'd weight file); never freed here.
    public init(borrowing pointer: UnsafeMutablePointer<Float>, count: Int, owner: AnyObject) {
        self.count = count
        base = pointer
        self.owner = owner
    }

    deinit {
        if owner == nil { base.deallocate() }
    }
}
