import Foundation
import PythonBasics

/// The operations `open`, `os`, `os.path`, `pathlib` and `shutil` need, all through the gate's one
/// policy (`resolve`). Every write goes through `writeAtomically` (`PythonBasics.AtomicFile`: temporary
/// file, fsync, rename, fsync the folder).
extension FileGate {
    /// The folder relative paths start from: the sandbox, else the session's working folder.
    var currentDirectory: URL { sandbox ?? workingDirectory }

    private func kind(of url: URL) -> (exists: Bool, isDirectory: Bool) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        return (exists, isDirectory.boolValue)
    }

    private func notFound(_ path: String, _ url: URL) -> ScriptError {
        ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Repr.string(path))", notes: ["looked at \(url.path)"],
                    help: "check the path; relative paths start at \(currentDirectory.path)")
    }

    /// The bytes of a file (FileNotFoundError, IsADirectoryError, PermissionError outside the sandbox).
    func readData(_ path: String) throws -> Data {
        let url = try resolve(path)
        let (exists, isDirectory) = kind(of: url)
        if isDirectory { throw ScriptError(FileErrors.isADirectoryError, "[Errno 21] Is a directory: \(Repr.string(path))") }
        guard exists, let data = FileManager.default.contents(atPath: url.path) else { throw notFound(path, url) }
        return data
    }

    /// Replaces the file at `path` with `data` in one step: a crash leaves the old file or the new one.
    func writeAtomically(_ path: String, _ data: Data) throws {
        let url = try resolve(path, forWriting: true)
        if kind(of: url).isDirectory { throw ScriptError(FileErrors.isADirectoryError, "[Errno 21] Is a directory: \(Repr.string(path))") }
        let parent = url.deletingLastPathComponent()
        let (parentExists, parentIsDirectory) = kind(of: parent)
        guard parentExists else {
            throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Repr.string(path))",
                              notes: ["the folder \(parent.path) does not exist"], help: "create it first with os.makedirs(folder, exist_ok=True)")
        }
        guard parentIsDirectory else { throw ScriptError(FileErrors.notADirectoryError, "[Errno 20] Not a directory: \(Repr.string(path))") }
        do {
            try AtomicFile.write(data, to: url)
        } catch let failure as AtomicWriteError {
            throw ScriptError(.permissionError, "[Errno 13] Permission denied: \(Repr.string(path))", notes: [failure.message])
        }
    }

    /// Adds `data` to the end of the file (created when missing), atomically.
    func appendAtomically(_ path: String, _ data: Data) throws {
        let url = try resolve(path, forWriting: true)
        var contents = kind(of: url).exists ? try readData(path) : Data()
        contents.append(data)
        try writeAtomically(path, contents)
    }

    /// Existence tests; a path outside the sandbox does not exist (as a missing file).
    func isFile(_ path: String) -> Bool {
        guard let url = try? resolve(path) else { return false }
        let k = kind(of: url)
        return k.exists && !k.isDirectory
    }

    func isDirectory(_ path: String) -> Bool {
        guard let url = try? resolve(path) else { return false }
        return kind(of: url).isDirectory
    }

    /// Names in a folder, sorted (CPython's order is the file system's; sorting keeps runs reproducible).
    func listDirectory(_ path: String) throws -> [String] {
        let url = try resolve(path)
        let (exists, isDirectory) = kind(of: url)
        guard exists else { throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Repr.string(path))") }
        guard isDirectory else { throw ScriptError(FileErrors.notADirectoryError, "[Errno 20] Not a directory: \(Repr.string(path))") }
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    /// `os.makedirs` / `os.mkdir` / `Path.mkdir`.
    func makeDirectory(_ path: String, parents: Bool, existOK: Bool) throws {
        let url = try resolve(path, forWriting: true)
        let (exists, isDirectory) = kind(of: url)
        if exists {
            if existOK && isDirectory { return }
            throw ScriptError(FileErrors.fileExistsError, "[Errno 17] File exists: \(Repr.string(path))")
        }
        if !parents && !kind(of: url.deletingLastPathComponent()).exists {
            throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Repr.string(path))",
                              help: "use os.makedirs(path) or Path(path).mkdir(parents=True) to create the missing parents too")
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: parents)
        } catch {
            throw ScriptError(.osError, "cannot create \(Repr.string(path)): \(error.localizedDescription)")
        }
    }

    /// `os.remove` (files only) and `os.rmdir` / `shutil.rmtree` (folders).
    func remove(_ path: String, directory: Bool, recursive: Bool = false) throws {
        let url = try resolve(path, forWriting: true)
        if let sandbox, url.path == sandbox.path { throw ScriptError(.permissionError, "the sandbox folder itself cannot be removed") }
        let (exists, isDirectory) = kind(of: url)
        guard exists else { throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Repr.string(path))") }
        if directory && !isDirectory { throw ScriptError(FileErrors.notADirectoryError, "[Errno 20] Not a directory: \(Repr.string(path))") }
        if !directory && isDirectory {
            throw ScriptError(FileErrors.isADirectoryError, "[Errno 21] Is a directory: \(Repr.string(path))", help: "use shutil.rmtree(path) to remove a folder")
        }
        if directory && !recursive, !((try? FileManager.default.contentsOfDirectory(atPath: url.path))?.isEmpty ?? true) {
            throw ScriptError(.osError, "[Errno 39] Directory not empty: \(Repr.string(path))")
        }
        do { try FileManager.default.removeItem(at: url) } catch {
            throw ScriptError(.permissionError, "[Errno 13] Permission denied: \(Repr.string(path))")
        }
    }

    /// `os.rename` / `Path.rename`: both ends must be writable.
    func rename(_ source: String, _ destination: String) throws {
        let from = try resolve(source, forWriting: true), to = try resolve(destination, forWriting: true)
        guard kind(of: from).exists else { throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Repr.string(source))") }
        do {
            if kind(of: to).exists && !kind(of: to).isDirectory { try FileManager.default.removeItem(at: to) }
            try FileManager.default.moveItem(at: from, to: to)
        } catch {
            throw ScriptError(.osError, "cannot rename \(Repr.string(source)) to \(Repr.string(destination)): \(error.localizedDescription)")
        }
    }

    // MARK: open files

    func track(_ file: any WritableFile) {
        openWriters.removeAll { $0.file == nil || $0.file?.closed == true }
        openWriters.append(WeakFile(file))
    }

    /// Writes what every open file has buffered (end of a run: a script that never closes its file still
    /// leaves it complete, as CPython does at exit).
    public func flushOpenFiles() {
        for box in openWriters { try? box.file?.flush() }
        openWriters.removeAll { $0.file == nil || $0.file?.closed == true }
    }
}

/// A file open for writing whose buffered contents the gate writes at the end of a run (text or binary).
protocol WritableFile: AnyObject {
    var closed: Bool { get }
    func flush() throws
}

extension TextFile: WritableFile {}

final class WeakFile {
    weak var file: (any WritableFile)?
    init(_ file: any WritableFile) { self.file = file }
}

/// OSError subclasses (and `io.UnsupportedOperation`) with CPython's names.
enum FileErrors {
    static let fileExistsError = TypeObject(name: "FileExistsError", parent: .osError, doc: "The file or folder already exists.")
    static let isADirectoryError = TypeObject(name: "IsADirectoryError", parent: .osError, doc: "A folder was given where a file is needed.")
    static let notADirectoryError = TypeObject(name: "NotADirectoryError", parent: .osError, doc: "A file was given where a folder is needed.")
    static let unsupportedOperation = TypeObject(name: "UnsupportedOperation", parent: .osError, doc: "The file was not opened for this (io.UnsupportedOperation).")
    static let unicodeDecodeError = TypeObject(name: "UnicodeDecodeError", parent: .valueError, doc: "The bytes are not valid in the encoding.")

    static let all = [fileExistsError, isADirectoryError, notADirectoryError, unicodeDecodeError, Codecs.unicodeEncodeError]
}

/// Text encodings `open(encoding=)` accepts.
enum FileEncoding {
    /// The name `f.encoding` shows; unknown names are LookupError as in CPython.
    static func canonical(_ name: String?) throws -> String {
        guard let name else { return "UTF-8" }
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        let known = ["utf-8", "utf8", "utf-8-sig", "latin-1", "latin1", "iso-8859-1", "iso8859-1", "ascii", "us-ascii", "cp1252", "windows-1252", "utf-16", "utf-32"]
        guard known.contains(key) else { throw ScriptError(.lookupError, "unknown encoding: \(name)") }
        return name
    }

    private static func key(_ name: String) -> String { name.lowercased().replacingOccurrences(of: "_", with: "-") }

    static func decode(_ data: Data, encoding: String, path: String) throws -> String {
        switch key(encoding) {
        case "utf-8", "utf8", "utf-8-sig":
            var bytes = data
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) && key(encoding) == "utf-8-sig" { bytes = bytes.dropFirst(3) }
            if let text = String(data: bytes, encoding: .utf8) { return text }
            if encoding == "UTF-8" {
                // The default encoding falls back to Latin-1, as many CSV exports need.
                return String(data: bytes, encoding: .isoLatin1) ?? ""
            }
            throw ScriptError(FileErrors.unicodeDecodeError, "'utf-8' codec can't decode the file \(Repr.string(path))",
                              help: "the file is not UTF-8; try open(path, encoding='latin-1')")
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": return String(data: data, encoding: .isoLatin1) ?? ""
        case "cp1252", "windows-1252": return String(data: data, encoding: .windowsCP1252) ?? ""
        case "utf-16": return String(data: data, encoding: .utf16) ?? ""
        case "utf-32": return String(data: data, encoding: .utf32) ?? ""
        default:
            guard let text = String(data: data, encoding: .ascii), data.allSatisfy({ $0 < 0x80 }) else {
                throw ScriptError(FileErrors.unicodeDecodeError, "'ascii' codec can't decode the file \(Repr.string(path))")
            }
            return text
        }
    }

    static func encode(_ text: String, encoding: String) throws -> Data {
        switch key(encoding) {
        case "utf-8", "utf8": return Data(text.utf8)
        case "utf-8-sig": return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "ascii", "us-ascii", "cp1252", "windows-1252":
            let target: String.Encoding = key(encoding).hasPrefix("cp") || key(encoding).hasPrefix("windows") ? .windowsCP1252
                : (key(encoding).contains("ascii") ? .ascii : .isoLatin1)
            guard let data = text.data(using: target) else {
                throw ScriptError(.valueError, "UnicodeEncodeError: '\(encoding)' codec can't encode the text", help: "write with encoding='utf-8'")
            }
            return data
        case "utf-16": return text.data(using: .utf16) ?? Data()
        default: return text.data(using: .utf32) ?? Data()
        }
    }
}
