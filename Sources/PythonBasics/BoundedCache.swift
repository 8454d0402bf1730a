import Foundation

/// A thread-safe dictionary of values that are costly to build and never change once built (compiled
/// regular expressions), emptied when it reaches `limit` entries. A process-wide cache holds one in a
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

    /// The cached value for `key`, or the one `make` builds (kept only when `make` succeeds).
    public func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let cached = entries[key] { return cached }
        let value = try make()
        if entries.count >= limit { entries.removeAll() }
        entries[key] = value
        return value
    }

    /// Forgets every entry (`re.purge()`).
    public func removeAll() {
        lock.lock()
        entries.removeAll()
        lock.unlock()
    }
}
