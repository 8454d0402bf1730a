import Foundation

/// Where the REPL keeps its history: one file per project folder (the folder lorarepl starts in),
/// `$LORAREPL_HOME/history.d/<folder name>-<hash>`, so ↑ recalls what was typed in this project; every
/// entry also goes to the shared `$LORAREPL_HOME/history`, which seeds a folder's first session.
struct HistoryFiles {
    /// Read at start and written after every entry.
    var load: String?
    /// Also written after every entry.
    var alsoSave: [String]

    static func forCurrentFolder() -> HistoryFiles {
        let env = ProcessInfo.processInfo.environment
        let home = env["LORAREPL_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (env["HOME"].map { $0 + "/.cache/lorarepl" } ?? "")
        guard !home.isEmpty else { return HistoryFiles(load: nil, alsoSave: []) }
        let shared = home + "/history"
        let folder = home + "/history.d"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let project = folder + "/" + fileName(forProject: FileManager.default.currentDirectoryPath)
        // A folder's first session starts from the shared history (earlier sessions stay one ↑ away).
        if !FileManager.default.fileExists(atPath: project), FileManager.default.fileExists(atPath: shared) {
            try? FileManager.default.copyItem(atPath: shared, toPath: project)
        }
        return HistoryFiles(load: project, alsoSave: [shared])
    }

    /// `sentiment-3f2a9c01`: the folder's name (letters, digits, `-`, `_`, `.`) and a hash of its full path.
    static func fileName(forProject path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let base = URL(fileURLWithPath: path).lastPathComponent
        let safe = String(base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(40))
        return (safe.isEmpty || safe == "/" ? "root" : safe) + "-" + String(hash >> 32, radix: 16)
    }
}
