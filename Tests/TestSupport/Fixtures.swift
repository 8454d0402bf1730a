import Foundation

/// Where the shared reference fixtures and the demo assets live, for tests.
public enum Fixtures {
    /// The project root (the folder holding Package.swift), found from this source file.
    public static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared/fixtures` beside the project (override with `LORAREPL_FIXTURES`).
    public static let root: URL = {
        if let custom = ProcessInfo.processInfo.environment["LORAREPL_FIXTURES"] { return URL(fileURLWithPath: custom) }
        return projectRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    /// `$LORAREPL_HOME` (default `~/.cache/lorarepl`), where the setup puts the demo assets.
    public static let home: URL = {
        if let custom = ProcessInfo.processInfo.environment["LORAREPL_HOME"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return FileManager.default.homeDirectoryForCurrentDirectory().appendingPathComponent(".cache/lorarepl")
    }()

    /// A fixture file or folder, or nil (with a loud message on stderr) when it is absent.
    public static func path(_ relative: String) -> URL? {
        let url = root.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        FileHandle.standardError.write(Data("SKIPPED: fixture \(url.path) is missing\n".utf8))
        return nil
    }

    /// A demo asset under `$LORAREPL_HOME`, or nil (with a loud message) when the setup has not fetched it.
    public static func demoAsset(_ relative: String) -> URL? {
        let url = home.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        FileHandle.standardError.write(Data("SKIPPED: demo asset \(url.path) is missing; run `make assets`\n".utf8))
        return nil
    }
}

extension FileManager {
    func homeDirectoryForCurrentDirectory() -> URL { homeDirectoryForCurrentUser }
}
