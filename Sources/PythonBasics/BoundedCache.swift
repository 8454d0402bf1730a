import Foundation

/// A thread-safe dictionary of values that are costly to build and never change once built (compiled
/// regular expressions, the ids of a word a tokenizer has seen), emptied when it reaches `limit` entries. A process-wide cache holds one in a
/// `static let`: it shares work between sessions, never state a program can observe.
///
///     static let patterns = BoundedCache<String, RegexPattern>(limit: 512)
///     let regex = try patterns.value(for: text) { try RegexPattern(text) }
public final class BoundedCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private let limit: Int

    /// - Parameter limit: the entry count at which the cache starts over (at least 1).
    public init(limit: Int) { self.limit = Swift.max(1, limit) }

    /// The cached value for `key`, or the one `make` builds (kept only when `make` succeeds). `make` runs
    /// outside the lock, so threads building different values do not wait for each other (two threads
    /// may build the same value once each; both results are equal).
    public func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached { return cached }
        let value = try make()
        lock.lock()
        if entries.count >= limit { entries.removeAll() }
        entries[key] = value
        lock.unlock()
        return value
    }

    /// Forgets every entry (`re.purge()`).
    public func removeAll() {
        lock.lock()
        entries.removeAll()
        lock.unlock()
    }
}
