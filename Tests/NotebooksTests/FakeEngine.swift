// A tiny line-based engine for testing the Notebooks layer without the real interpreter.
//
//   print TEXT     → prints TEXT
//   value TEXT     → the cell's echoed value is TEXT
//   set NAME TEXT  → stores a variable;   get NAME → prints it (error when unknown)
//   error TEXT     → raises "error: TEXT"
//   seed           → prints the cell's seed
//   sleep SECONDS  → busy-waits, stopping early when interrupted
import Foundation
@testable import Notebooks

final class FakeEngine: CellEngine {
    var mode: EngineMode = .interactive
    var onOutput: ((String) -> Void)?
    var vars: [String: String] = [:]
    private let lock = NSLock()
    private var interruptFlag = false
    var ranOrigins: [String] = []

    func run(_ source: String, origin: String, seed: UInt64) -> CellOutcome {
        lock.lock(); interruptFlag = false; lock.unlock()
        ranOrigins.append(origin)
        var outcome = CellOutcome()
        for line in source.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let arg = parts.count > 1 ? parts[1] : ""
            switch parts.first ?? "" {
            case "print": outcome.output += arg + "\n"
            case "value": outcome.value = arg
            case "set":
                let kv = arg.split(separator: " ", maxSplits: 1).map(String.init)
                vars[kv[0]] = kv.count > 1 ? kv[1] : ""
            case "get":
                guard let v = vars[arg] else { outcome.error = "error: name '\(arg)' is not defined\n --> \(origin):1:5"; return outcome }
                outcome.output += v + "\n"
            case "error": outcome.error = "error: \(arg)\n --> \(origin):1:1"; return outcome
            case "seed": outcome.output += "\(seed)\n"
            case "duration": outcome.output += mode == .recording ? "done in {{duration}}\n" : "done in 1.23s\n"
            case "sleep":
                let end = Date().addingTimeInterval(Double(arg) ?? 0)
                while Date() < end {
                    lock.lock(); let stop = interruptFlag; lock.unlock()
                    if stop { outcome.output += "interrupted\n"; outcome.interrupted = true; outcome.error = "KeyboardInterrupt"; return outcome }
                    usleep(1000)
                }
            default: break
            }
        }
        return outcome
    }

    func interrupt() { lock.lock(); interruptFlag = true; lock.unlock() }
    func reset() { vars = [:] }
    func variables() -> [VariableInfo] { vars.keys.sorted().map { VariableInfo(name: $0, typeName: "str", summary: vars[$0] ?? "") } }
    func completions(of prefix: String) -> [String] { vars.keys.filter { $0.hasPrefix(prefix) }.sorted() }
    func keywordArguments(of callee: String) -> [String] { [] }
    func help(_ name: String) -> String? { nil }
}

/// Where the .lnb fixtures live.
enum NotebookFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func all() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "lnb" }.sorted { $0.path < $1.path }
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}
