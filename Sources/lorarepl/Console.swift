// Writing to the terminal from any thread, in order (stdio, flushed).
import Foundation

enum Console {
    static func say(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }

    static func sayError(_ text: String) {
        fflush(stdout)
        fputs(text.hasSuffix("\n") ? text : text + "\n", stderr)
        fflush(stderr)
    }
}

/// Forwards Ctrl-C (SIGINT) to a handler while a cell runs. The signal handler only writes a byte
/// to a pipe (async-signal-safe); a watcher thread reads it and calls the handler.
enum InterruptForwarder {
    nonisolated(unsafe) static var pipeWrite: Int32 = -1
    nonisolated(unsafe) static var handler: (() -> Void)?
    static let lock = NSLock()

    static func install() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        pipeWrite = fds[1]
        let readEnd = fds[0]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(InterruptForwarder.pipeWrite, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        let watcher = Thread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) >= 0 {
                lock.lock(); let current = handler; lock.unlock()
                current?()
            }
        }
        watcher.start()
    }

    /// Runs `body` with Ctrl-C calling `onInterrupt`.
    static func whileRunning<T>(onInterrupt: @escaping () -> Void, _ body: () -> T) -> T {
        lock.lock(); handler = onInterrupt; lock.unlock()
        defer { lock.lock(); handler = nil; lock.unlock() }
        return body()
    }
}
