import Foundation

/// A test hook that kills the process in the middle of a save, to prove saves are atomic: with the
/// environment variable `LORAREPL_TEST_KILL_AT_SAVE_POINT=N` the `lorarepl` CLI sets `killAt = N`, and the
/// N-th `savePoint` reached (one after each file a save writes, and one just before a folder is renamed
/// into place) sends the process SIGKILL. Nothing else reads the variable; library users never see it.
public enum FaultInjection {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var target: Int?
    nonisolated(unsafe) private static var reached = 0

    /// The save point to die at (1-based), or nil (the default: never).
    public static var killAt: Int? {
        get { lock.withLock { target } }
        set { lock.withLock { target = newValue; reached = 0 } }
    }

    /// Marks a point between two steps of a save; `what` names it (for the message written before dying).
    public static func savePoint(_ what: String) {
        let die: Bool = lock.withLock {
            guard let target else { return false }
            reached += 1
            return reached == target
        }
        guard die else { return }
        FileHandle.standardError.write(Data("fault injection: killed at save point \(what)\n".utf8))
        kill(getpid(), SIGKILL)
    }
}
