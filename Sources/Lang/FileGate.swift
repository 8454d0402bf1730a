import Foundation

/// The one gate every file access of the language goes through. With a sandbox, reads are allowed
/// only under the sandbox directory and the model cache; writes only under the sandbox.
public final class FileGate {
    /// The directory scripts are confined to, or nil for no confinement.
    public let sandbox: URL?
    /// Extra read-only roots (the model cache, `$LORAREPL_HOME`).
    public let readOnlyRoots: [URL]
    /// Files open for writing, flushed at the end of every run (`FileGate+Files.swift`).
    var openWriters: [WeakFile] = []
    /// The folder relative paths start from when there is no sandbox (`os.getcwd()`): the process's
    /// current folder when the gate is made, then the session's own (changing it never changes the
    /// process's folder or another session's).
    public var workingDirectory: URL

    /// - Parameters:
    ///   - sandbox: confine access to this directory (`--sandbox DIR`); nil allows every path.
    ///   - readOnlyRoots: directories that may also be read under a sandbox (model caches).
    public init(sandbox: URL? = nil, readOnlyRoots: [URL] = []) {
        self.sandbox = sandbox?.standardizedFileURL.resolvingSymlinksInPath()
        self.readOnlyRoots = readOnlyRoots.map { $0.standardizedFileURL.resolvingSymlinksInPath() }
        workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// The default read-only roots: `$LORAREPL_HOME` (or `~/.cache/lorarepl`) and `$HF_HOME`.
    public static var modelCacheRoots: [URL] {
        let env = ProcessInfo.processInfo.environment
        var roots = [URL(fileURLWithPath: env["LORAREPL_HOME"] ?? (NSHomeDirectory() + "/.cache/lorarepl"))]
        if let hf = env["HF_HOME"] { roots.append(URL(fileURLWithPath: hf)) }
        roots.append(URL(fileURLWithPath: NSHomeDirectory() + "/.cache/huggingface"))
        return roots
    }

    /// Resolve `path` (relative to the sandbox or the working directory) and check the policy.
    /// Throws PermissionError outside the sandbox.
    public func resolve(_ path: String, forWriting: Bool = false) throws -> URL {
        let base = sandbox ?? workingDirectory
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path))
            .standardizedFileURL.resolvingSymlinksInPath()
        guard let sandbox else { return url }
        let roots = forWriting ? [sandbox] : [sandbox] + readOnlyRoots
        if roots.contains(where: { url.path == $0.path || url.path.hasPrefix($0.path + "/") }) { return url }
        throw ScriptError(.permissionError, "'\(path)' is outside the sandbox",
                          notes: ["this session may only \(forWriting ? "write" : "read") under \(sandbox.path)"],
                          help: "copy the file into the sandbox directory and use a relative path")
    }

    /// Read a whole file as text (UTF-8, falling back to Latin-1 as many CSVs are).
    public func readText(_ path: String) throws -> String {
        let url = try resolve(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ScriptError(.osError, "'\(path)' is a directory, not a file")
            }
            throw ScriptError(.fileNotFoundError, "no such file: '\(path)'", notes: ["looked at \(url.path)"],
                              help: "check the path; relative paths start at \((sandbox ?? workingDirectory).path)")
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        return String(decoding: data.map { UInt8($0) }, as: Unicode.ASCII.self).isEmpty ? "" : String(data: data, encoding: .isoLatin1) ?? ""
    }

    /// Whether `path` exists (and is allowed).
    public func exists(_ path: String) -> Bool {
        guard let url = try? resolve(path) else { return false }
        return FileManager.default.fileExists(atPath: url.path)
    }
}
