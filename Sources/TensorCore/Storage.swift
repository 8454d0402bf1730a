import Foundation
#if canImport(Glibc)
import Glibc
import PythonBasics
#endif

/// A flat buffer of Float32 values that one or more tensors view. Memory is either owned
/// (allocated here, freed on deinit) or borrowed from an owner object that keeps it alive
/// (for example a memory-mapped safetensors file).
public final class TensorStorage {
    /// Number of Float32 values in the buffer.
    public let count: Int
    /// First value. Valid for `count` elements while this storage lives.
    public let base: UnsafeMutablePointer<Float>
    private let owner: AnyObject?
    /// Operation results (`uninitialized`) go back to `LargeBufferPool` when large; weights, zeros and
    /// copies (e.g. a weight dequantized for one call) are freed, so they never linger in the pool.
    private let pooled: Bool
    /// Number of in-place replacements of the values through `Tensor.assign` (optimizer-free writes such as a
    /// script's `p.data.zero_()`), so a reader that copied the values knows when to read them again.
    public internal(set) var generation = 0
    /// The values rounded to bf16 while `BF16Products` is on (a frozen weight's copy for bf16 products).
    var bf16Copy: BF16Matrix?

    /// A new zero-filled buffer.
    public init(zeros count: Int) {
        AllocatorTuning.apply()
        self.count = count
        base = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: 0, count: Swift.max(count, 1))
        owner = nil
        pooled = false
    }

    /// A new buffer whose contents the caller must fully write before reading.
    init(uninitialized count: Int) {
        AllocatorTuning.apply()
        self.count = count
        base = LargeBufferPool.take(count) ?? UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
        owner = nil
        pooled = true
    }

    /// A new buffer holding a copy of `values`.
    public init(copying values: UnsafeBufferPointer<Float>) {
        count = values.count
        base = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
        if let source = values.baseAddress { base.initialize(from: source, count: count) }
        owner = nil
        pooled = false
    }

    /// Borrows memory that `owner` keeps alive (e.g. an mmap'd weight file); never freed here.
    public init(borrowing pointer: UnsafeMutablePointer<Float>, count: Int, owner: AnyObject) {
        self.count = count
        base = pointer
        self.owner = owner
        pooled = false
    }

    deinit {
        if owner == nil, !(pooled && LargeBufferPool.keep(base, count: count)) { base.deallocate() }
    }
}

/// Operation results of 32 MiB and more (a causal LM's `[tokens, vocab]` logits: 100 MB for SmolLM2 at 4 × 128)
/// are above glibc's mmap threshold, so each one came as fresh pages that were faulted in (and zeroed
/// by the kernel) on first touch, every training step. Freed ones are kept here, up to `capacity`
/// bytes, for the next buffer of exactly the same size; the oldest are released first.
enum LargeBufferPool {
    static let minimumCount = (32 << 20) / MemoryLayout<Float>.stride
    static let capacity = 256 << 20
    /// The kept buffers, oldest first, and the bytes they hold.
    private static let kept = LockedValue<(buffers: [(count: Int, pointer: UnsafeMutablePointer<Float>)], heldBytes: Int)>(([], 0))

    /// A kept buffer of exactly `count` values, if there is one.
    static func take(_ count: Int) -> UnsafeMutablePointer<Float>? {
        guard count >= minimumCount else { return nil }
        return kept.update { pool in
            guard let index = pool.buffers.lastIndex(where: { $0.count == count }) else { return nil }
            pool.heldBytes -= count * MemoryLayout<Float>.stride
            return pool.buffers.remove(at: index).pointer
        }
    }

    /// Keeps a freed buffer for reuse; false when it is too small (the caller frees it).
    static func keep(_ pointer: UnsafeMutablePointer<Float>, count: Int) -> Bool {
        let bytes = count * MemoryLayout<Float>.stride
        guard count >= minimumCount, bytes <= capacity else { return false }
        kept.update { pool in
            while pool.heldBytes + bytes > capacity, !pool.buffers.isEmpty {
                let oldest = pool.buffers.removeFirst()
                pool.heldBytes -= oldest.count * MemoryLayout<Float>.stride
                oldest.pointer.deallocate()
            }
            pool.buffers.append((count, pointer))
            pool.heldBytes += bytes
        }
        return true
    }

    /// Bytes held for reuse (for tests and diagnostics).
    static var held: Int { kept.current.heldBytes }
}

/// Training allocates and frees the same activation sizes every step. glibc serves blocks above its
/// mmap threshold with fresh mmap'd pages (a page fault per 4 KiB on first touch) and returns
/// freed heap tops to the system; raising both thresholds once keeps those buffers in the
/// process for reuse, so steady-state steps do not pay page faults for activations up to 32 MiB.
/// The trim threshold is effectively off: a causal LM's step frees its whole graph (~1 GB for
/// SmolLM2-135M at 4 × 128 tokens) at once, and returning it made every step fault it back in
/// (~10 % of the step's CPU time). The memory stays with the process (peak RSS is unchanged).
enum AllocatorTuning {
    private static let applied: Bool = {
        #if canImport(Glibc)
        // mallopt lives in <malloc.h>, which the Glibc module does not export; look it up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, Int32.max)
        #endif
        return true
    }()

    @inline(__always) static func apply() { _ = applied }
}
