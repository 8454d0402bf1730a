import Foundation

/// A test hook that kills the process in the middle of a save, to prove saves are atomic: with the
/// environment variable `LORAREPL_TEST_KILL_AT_SAVE_POINT=N` the `lorarepl` CLI sets `killAt = N`, and the
/// N-th `savePoint` reached (one after each file a save writes, and one just before a folder is renamed
/// into place) sends the process SIGKILL. Nothing else reads the variable; library users never see it.
public enum FaultInjection {
    /// The save point to die at and how many have been reached since it was set.
    private static let progress = LockedValue<(target: Int?, reached: Int)>((nil, 0))

    /// The save point to die at (1-based), or nil (the default: never).
    public static var killAt: Int? {
        get { progress.current.target }
        set { progress.set((newValue, 0)) }
    }

    /// Marks a point between two steps of a save; `what` names it (for the message written before dying).
    public static func savePoint(_ what: String) {
        let die: Bool = progress.update { state in
            guard let target = state.target else { return false }
            state.reached += 1
            return state.reached == target
        }
        guard die else { return }
        FileHandle.standardError.write(Data("fault injection: killed at save point \(what)\n".utf8))
        kill(getpid(), SIGKILL)
    }
}
