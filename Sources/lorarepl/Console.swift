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

    /// Runs `body` with Ctrl-C calling `onInterrupt` (the terminal sends SIGINT only while it runs).
    static func whileRunning<T>(onInterrupt: @escaping () -> Void, _ body: () -> T) -> T {
        lock.lock(); handler = onInterrupt; lock.unlock()
        InterruptKey.sendsSignal(true)
        defer {
            InterruptKey.sendsSignal(false)
            lock.lock(); handler = nil; lock.unlock()
        }
        return body()
    }
}

/// Who gets Ctrl-C in the REPL. Outside a running cell the terminal does not turn Ctrl-C into SIGINT
/// (`-isig`): the key stays in the input, and the line editor reads it as "discard the line" — also when
/// it is pressed before the prompt is up (at start-up, or while a cell's output is still printing).
/// While a cell runs, the terminal sends SIGINT as usual (`InterruptForwarder`).
enum InterruptKey {
    nonisolated(unsafe) static var original: termios?

    /// Called once at REPL start: Ctrl-C is a key from now on; the terminal is restored at exit.
    static func takeOver() {
        guard isatty(STDIN_FILENO) == 1 else { return }
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        original = settings
        atexit { InterruptKey.restore() }
        sendsSignal(false)
    }

    /// On: the terminal's own handling (SIGINT, and `^C` echoed as the user's terminal does it).
    /// Off: no signal and no echo of the key by the terminal (the editor prints its own `^C`).
    static func sendsSignal(_ on: Bool) {
        guard let original else { return }
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        let flags = tcflag_t(ISIG) | tcflag_t(ECHOCTL)
        settings.c_lflag = on ? (settings.c_lflag & ~flags) | (original.c_lflag & flags) : (settings.c_lflag & ~flags)
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    static func restore() {
        guard var settings = original else { return }
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }
}
