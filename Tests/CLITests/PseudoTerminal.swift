// Drives the built `lorarepl` binary through a pseudo-terminal, as a person at a terminal would.
import Foundation
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The built `lorarepl` executable, next to the test bundle (`.build/<config>/lorarepl`).
enum LoraReplBinary {
    static func url() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lorarepl"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lorarepl"),
            Bundle.main.bundleURL.appendingPathComponent("lorarepl"),
            Fixtures.projectRoot.appendingPathComponent(".build/debug/lorarepl"),
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        FileHandle.standardError.write(Data("SKIPPED: lorarepl binary not found next to the tests; run `swift build --build-tests`\n".utf8))
        throw XCTSkip("lorarepl binary not built")
    }
}

/// A child process whose stdin/stdout/stderr are the slave side of a pseudo-terminal.
final class PseudoTerminal {
    let master: Int32
    let pid: pid_t
    private(set) var transcript = ""
    /// Where the next `expect` starts searching.
    private var mark: String.Index

    init(executable: URL, arguments: [String] = [], environment: [String: String]) throws {
        var masterFD: Int32 = -1, slaveFD: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&masterFD, &slaveFD, nil, nil, &size) == 0 else { throw NSError(domain: "pty", code: Int(errno)) }
        let slaveName = String(cString: ttyname(slaveFD))
        close(slaveFD)
        _ = fcntl(masterFD, F_SETFD, FD_CLOEXEC)
        master = masterFD

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        // POSIX_SPAWN_SETSID (0x80, glibc with _GNU_SOURCE): a new session, so the pty becomes the controlling terminal.
        posix_spawnattr_setflags(&attributes, Int16(0x80))
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var child: pid_t = 0
        let status = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        argv.forEach { free($0) }
        envp.forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        guard status == 0 else { close(masterFD); throw NSError(domain: "posix_spawn", code: Int(status)) }
        pid = child
        transcript = ""
        mark = transcript.startIndex
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Types `text` (use "\r" for Enter, "\t" for Tab, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D).
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
        usleep(30_000)
    }

    /// Reads whatever the terminal shows within `seconds`.
    func pump(for seconds: Double) {
        var pollFD = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pollFD, 1, Int32(seconds * 1000))
        guard ready > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        if n > 0 {
            let offset = transcript.distance(from: transcript.startIndex, to: mark)
            transcript += String(decoding: buffer[0..<n], as: UTF8.self)
            mark = transcript.index(transcript.startIndex, offsetBy: offset)
        }
    }

    /// Waits until the output after the last match contains `text`; returns the output up to and including it.
    @discardableResult
    func expect(_ text: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let range = transcript[mark...].range(of: text) {
                let seen = String(transcript[mark..<range.upperBound])
                mark = range.upperBound
                return seen
            }
            pump(for: 0.05)
        }
        XCTFail("timed out waiting for \(text.debugDescription); the terminal showed:\n\(transcript[mark...])", file: file, line: line)
        return nil
    }

    /// Waits for the process to exit; its exit status, or nil on timeout.
    func waitForExit(timeout: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump(for: 0.02)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xff }
        }
        return nil
    }
}

/// Runs the binary without a terminal and returns its exit code and output.
func runLoraRepl(_ arguments: [String], environment: [String: String]? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = try LoraReplBinary.url()
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}
