import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failed atomic write: which path, at which step, and the system's reason. An `OSError` in scripts.
/// The target is untouched (the old file or folder, if any, is still in place).
public struct AtomicWriteError: PythonError, Equatable {
    /// The file or folder being written.
    public let path: String
    /// The step that failed ("creating the temporary file", "flushing to disk", …).
    public let step: String
    /// `strerror(errno)`, or the underlying error's text.
    public let reason: String

    public var message: String { "writing \(path) failed while \(step): \(reason)" }
    public var helpLine: String? { "check that the folder exists and is writable and that the disk is not full; the previous content (if any) is untouched" }
    public var exceptionType: PythonExceptionType { .osError }
    public var description: String { renderedText() }
}

/// The one atomic writer: readers see the old content or the new one, never half of it, and after a
/// crash the new content is on disk once the call returned. A file is written to a temporary name
/// beside the target, flushed (`fsync`), renamed over the target, and the folder is flushed; a folder
/// is filled under `NAME.tmp`, every file in it flushed, and swapped into place.
public enum AtomicFile {
    private static let counter = LockedValue(0)

    /// Writes `data` to `url` atomically; `createFolders` creates missing parent folders first.
    public static func write(_ data: Data, to url: URL, createFolders: Bool = false) throws {
        try write(to: url, createFolders: createFolders) { emit in try emit(data) }
    }

    /// Writes `text` (UTF-8) to `url` atomically.
    public static func write(_ text: String, to url: URL, createFolders: Bool = false) throws {
        try write(Data(text.utf8), to: url, createFolders: createFolders)
    }

    /// Writes the chunks `produce` emits to `url` atomically (for large files written piecewise).
    /// An error thrown by `produce` leaves the target untouched and is rethrown as is.
    public static func write(to url: URL, createFolders: Bool = false,
                             _ produce: ((Data) throws -> Void) throws -> Void) throws {
        let path = url.path
        let folder = url.deletingLastPathComponent()
        if createFolders { try makeFolder(folder, for: path) }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(counter.update { $0 += 1; return $0 })")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "creating the temporary file") }
        var open = true
        defer { if open { close(fd); unlink(temporary.path) } }
        try produce { data in
            try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                guard let base = buffer.baseAddress else { return }
                var done = 0
                while done < buffer.count {
                    let written = systemWrite(fd, base + done, buffer.count - done)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failure(path, "writing data")
                    }
                    done += written
                }
            }
        }
        guard fsync(fd) == 0 else { throw failure(path, "flushing to disk") }
        close(fd)
        open = false
        try moveIntoPlace(temporary, over: url, isFolder: false)
        FaultInjection.savePoint("after writing \(url.lastPathComponent)")
    }

    /// Writes a folder atomically (checkpoints, `save_pretrained` folders): `fill` writes the files
    /// into an empty folder `NAME.tmp` beside `url`; then every file is flushed and the folder replaces
    /// `url` (an existing folder there is removed after the swap). Saving over an existing folder
    /// always works. An error thrown by `fill` removes the temporary folder and is rethrown as is.
    public static func writeFolder(_ url: URL, createFolders: Bool = true, _ fill: (URL) throws -> Void) throws {
        let path = url.path
        let parent = url.deletingLastPathComponent()
        if createFolders { try makeFolder(parent, for: path) }
        let temporary = parent.appendingPathComponent(url.lastPathComponent + ".tmp")
        let manager = FileManager.default
        if manager.fileExists(atPath: temporary.path) {
            do { try manager.removeItem(at: temporary) } catch { throw AtomicWriteError(path: path, step: "removing a stale \(temporary.lastPathComponent)", reason: "\(error.localizedDescription)") }
        }
        do { try manager.createDirectory(at: temporary, withIntermediateDirectories: false) } catch {
            throw AtomicWriteError(path: path, step: "creating \(temporary.lastPathComponent)", reason: error.localizedDescription)
        }
        var done = false
        defer { if !done { try? manager.removeItem(at: temporary) } }
        try fill(temporary)
        try flushTree(temporary, for: path)
        try moveIntoPlace(temporary, over: url, isFolder: true)
        done = true
    }

    // MARK: The one rename

    /// Renames `temporary` over `target` and flushes the folder holding them, so the new entry is on
    /// disk. A folder target that exists is swapped with the new one (`renameat2` RENAME_EXCHANGE when
    /// the file system has it, else moved aside first) and then deleted.
    private static func moveIntoPlace(_ temporary: URL, over target: URL, isFolder: Bool) throws {
        let path = target.path
        var isDirectory: ObjCBool = false
        let folderExists = isFolder && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if folderExists {
            let aside = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())-\(counter.update { $0 += 1; return $0 })")
            if exchange(temporary.path, path) {
                // `temporary` now holds the old folder.
                try? FileManager.default.removeItem(at: temporary)
            } else {
                guard rename(path, aside.path) == 0 else { throw failure(path, "moving the old folder aside") }
                guard rename(temporary.path, path) == 0 else {
                    let error = failure(path, "renaming the new folder into place")
                    _ = rename(aside.path, path)
                    throw error
                }
                try? FileManager.default.removeItem(at: aside)
            }
        } else {
            guard rename(temporary.path, path) == 0 else { throw failure(path, "renaming the temporary file into place") }
        }
        let folderFD = open(target.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
    }

    /// Atomically swaps two paths (Linux `renameat2(…, RENAME_EXCHANGE)`); false when unsupported.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        guard let renameat2 = renameat2Function else { return false }
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
        #else
        return false
        #endif
    }

    private typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's `renameat2` (2.28+), looked up at run time because the Swift module does not export it.
    private static let renameat2Function: Renameat2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Renameat2.self)
    }()

    // MARK: Helpers

    private static func makeFolder(_ folder: URL, for path: String) throws {
        guard !folder.path.isEmpty, !FileManager.default.fileExists(atPath: folder.path) else { return }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw AtomicWriteError(path: path, step: "creating the folder \(folder.path)", reason: error.localizedDescription)
        }
    }

    /// `fsync` every file and folder below `root` (and `root` itself).
    private static func flushTree(_ root: URL, for path: String) throws {
        var entries = [root.path]
        if let enumerator = FileManager.default.enumerator(atPath: root.path) {
            for case let relative as String in enumerator { entries.append(root.path + "/" + relative) }
        }
        for entry in entries {
            let fd = open(entry, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw failure(path, "opening \(entry) to flush it") }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw failure(path, "flushing \(entry) to disk") }
        }
    }

    private static func failure(_ path: String, _ step: String) -> AtomicWriteError {
        AtomicWriteError(path: path, step: step, reason: String(cString: strerror(errno)))
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif
