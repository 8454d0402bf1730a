import Foundation
import Lang
import PythonBasics

/// What `%limits` prints: the language's named limits (docs/language.md) and the memory budget every
/// allocation sized by a script or a file is checked against (`lorarepl --max-memory`).
enum LimitsReport {
    static func text(_ limits: Limits) -> String {
        let available = MemoryBudget.availableMemory().map { MemoryBudget.describe(bytes: $0) } ?? "unknown"
        let rows: [(String, String)] = [
            ("recursion depth", "\(limits.maxRecursionDepth) nested calls (RecursionError)"),
            ("printed output", "\(MemoryBudget.describe(bytes: limits.maxOutputBytes)) per run (MemoryError)"),
            ("string length", "\(limits.maxStringLength) characters (MemoryError)"),
            ("list/tuple/dict size", "\(limits.maxContainerLength) items per operation (MemoryError)"),
            ("expression nesting", "\(Limits.nestingDepth) levels (SyntaxError)"),
            ("time", limits.timeLimit.map { "\($0) s per run (TimeoutError)" } ?? "none in the REPL (notebook cells: timeout=)"),
            ("one allocation", "\(MemoryBudget.describe(bytes: MemoryBudget.limit)) (MemoryError; set with lorarepl --max-memory SIZE)"),
            ("machine memory", "\(MemoryBudget.describe(bytes: MemoryBudget.physicalMemory)), available now \(available)"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n") + "\n"
    }

    /// Removes `--max-memory SIZE` (or `--max-memory=SIZE`) from `arguments` and applies it; an unreadable
    /// size is an error message for the caller to print.
    static func applyMaxMemory(_ arguments: inout [String]) -> String? {
        guard let index = arguments.firstIndex(where: { $0 == "--max-memory" || $0.hasPrefix("--max-memory=") }) else { return nil }
        var value: String?
        if arguments[index].hasPrefix("--max-memory=") {
            value = String(arguments[index].dropFirst("--max-memory=".count))
            arguments.remove(at: index)
        } else {
            arguments.remove(at: index)
            if index < arguments.count { value = arguments.remove(at: index) }
        }
        guard let text = value, let bytes = MemoryBudget.parse(size: text) else {
            return "error: --max-memory needs a size such as 8G, 512M or 2.5GB, got \(value ?? "nothing")"
        }
        MemoryBudget.limit = bytes
        return nil
    }
}
