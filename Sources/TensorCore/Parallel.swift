import Dispatch
import Foundation
import Synchronization

/// A parallel-for over the machine's cores for elementwise, normalisation and softmax work.
/// GEMMs use OpenBLAS's own threads instead; never call a threaded sgemm from inside `forEach`.
public enum Parallel {
    /// The chunk count in force: one setting for the whole process, as `torch.set_num_threads` is.
    private static let configuredThreads = Atomic<Int>(Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// How many chunks work is split into at most (default: the active processor count).
    public static var threads: Int {
        get { configuredThreads.load(ordering: .relaxed) }
        set { configuredThreads.store(Swift.max(1, newValue), ordering: .relaxed) }
    }

    /// Calls `body` on disjoint sub-ranges covering `0..<count`. Work smaller than
    /// `minimumPerChunk` items per chunk runs on the calling thread.
    @inline(__always)
    public static func forEach(_ count: Int, minimumPerChunk: Int = 16_384, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = Swift.min(threads, count / Swift.max(minimumPerChunk, 1))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        let size = (count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * size
            let end = Swift.min(count, start + size)
            if start < end { body(start..<end) }
        }
    }

    /// Calls `body` for each of `rows` rows of `width` values, in chunks of about 8,192 values per core
    /// (softmax, normalisation and attention row passes).
    @inline(__always)
    public static func forEachRow(_ rows: Int, width: Int, _ body: (_ row: Int) -> Void) {
        forEach(rows, minimumPerChunk: Swift.max(1, 8_192 / Swift.max(width, 1))) { range in
            for row in range { body(row) }
        }
    }
}
