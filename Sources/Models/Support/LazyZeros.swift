import Foundation
import TensorCore
#if canImport(Glibc)
import Glibc
#endif

/// Zero-filled weight tensors whose memory the kernel provides on first write (anonymous `mmap`):
/// building a model costs no memory until its weights are loaded, so weights that stay quantized
/// (`LoadOptions.keepQuantized`) never occupy fp32 memory.
enum LazyZeros {
    /// Owns one anonymous mapping; unmapped when the last tensor viewing it goes away.
    final class Mapping {
        let pointer: UnsafeMutableRawPointer
        let byteCount: Int
        init?(byteCount: Int) {
            guard byteCount > 0 else { return nil }
            let address = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let address, address != MAP_FAILED else { return nil }
            pointer = address
            self.byteCount = byteCount
        }
        deinit { munmap(pointer, byteCount) }
    }

    /// Mappings pay off for big weights; small ones (norms, biases) use ordinary zeros.
    static let minimumCount = 1 << 16

    /// A zero tensor of `shape`; large ones are lazily allocated mappings (ordinary zeros if mmap fails).
    static func tensor(_ shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        guard count >= minimumCount, let mapping = Mapping(byteCount: count * MemoryLayout<Float>.stride) else {
            return try Tensor.zeros(shape)
        }
        let storage = TensorStorage(borrowing: mapping.pointer.bindMemory(to: Float.self, capacity: count), count: count, owner: mapping)
        return try Tensor(storage: storage, shape: shape, storageOffset: 0)
    }
}
