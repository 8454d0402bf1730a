import Foundation
import XCTest

/// How a child `lorarepl` ended: its exit status or the signal that stopped it, its output, and whether
/// the time limit killed it.
struct ChildResult {
    var status: Int32
    var bySignal: Bool
    var timedOut: Bool
    var stdout: String
    var stderr: String

    /// `exit 2`, `signal 4`, `timed out`, for failure messages.
    var ending: String { timedOut ? "timed out" : bySignal ? "signal \(status)" : "exit \(status)" }
}

/// Runs `lorarepl` with `arguments` in a child process, reading stdout and stderr concurrently (a full
/// pipe never blocks it) and killing it after `timeout` seconds.
func runChild(_ arguments: [String], environment: [String: String]? = nil, stdin: String? = nil,
              currentDirectory: URL? = nil, timeout: TimeInterval = 120) throws -> ChildResult {
    let process = Process()
    process.executableURL = try LoraReplBinary.url()
    process.arguments = arguments
    var env = environment ?? ProcessInfo.processInfo.environment
    env["SWIFT_BACKTRACE"] = "enable=no"  // a trap must show as a signal quickly, not after a 10 s backtrace
    process.environment = env
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    let outBox = DataBox(), errBox = DataBox()
    let group = DispatchGroup()
    for (pipe, box) in [(out, outBox), (err, errBox)] {
        group.enter()
        DispatchQueue.global().async {
            box.data = pipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
    }
    try process.run()
    if let stdin {
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try? input.fileHandleForWriting.close()
    }
    let finished = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        process.waitUntilExit()
        finished.signal()
    }
    var timedOut = false
    if finished.wait(timeout: .now() + timeout) == .timedOut {
        timedOut = true
        kill(process.processIdentifier, SIGKILL)
        finished.wait()
    }
    group.wait()
    return ChildResult(status: process.terminationStatus, bySignal: process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, stdout: String(decoding: outBox.data, as: UTF8.self),
                       stderr: String(decoding: errBox.data, as: UTF8.self))
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}
