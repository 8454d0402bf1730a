import Foundation

/// A thread-safe "please stop" flag for training. The REPL's Ctrl-C handler (or any thread) calls
/// `request()`; the Trainer checks it at every optimizer-step boundary, stops cleanly there (the model
/// and optimizer hold a finished step), saves a checkpoint to resume from, and returns normally.
///
/// Each Trainer watches its own flag unless given another one (the bindings share one per session).
public final class TrainingInterrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    public init() {}

    /// Asks the running training to stop at the next step boundary (safe from any thread).
    public func request() {
        lock.lock(); requested = true; lock.unlock()
    }

    /// Whether a stop was requested and not yet handled.
    public var isRequested: Bool {
        lock.lock(); defer { lock.unlock() }
        return requested
    }

    /// Clears the flag (the Trainer does this when it starts and when it has stopped).
    public func clear() {
        lock.lock(); requested = false; lock.unlock()
    }

    /// Returns and clears the flag in one step.
    func take() -> Bool {
        lock.lock(); defer { lock.unlock() }
        let was = requested
        requested = false
        return was
    }
}
