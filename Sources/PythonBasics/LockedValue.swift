import Foundation

/// A value shared between threads, read and changed only under its lock.
///
/// This is how the few process-wide settings below the CLI are kept (the `--max-memory` limit, the
/// save-point fault hook, unique temporary-file numbers): a `static let` holding a `LockedValue` is
/// safe to reach from any thread, so no layer needs a `nonisolated(unsafe)` static. Per-script state
/// belongs in the `Session`, not here.
public final class LockedValue<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) {
        self.value = value
    }

    /// The current value.
    public var current: Value {
        lock.withLock { value }
    }

    /// Replaces the value.
    public func set(_ newValue: Value) {
        lock.withLock { value = newValue }
    }

    /// Runs `body` with exclusive access to the value and returns its result.
    @discardableResult
    public func update<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try lock.withLock { try body(&value) }
    }
}
