import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes that stay at a fixed address while the object lives: a memory-mapped file or an owned buffer.
protocol ByteStorage: AnyObject {
    var base: UnsafeRawPointer? { get }
    func bytes(at offset: Int, count length: Int) -> UnsafeRawBufferPointer
}

extension ByteStorage {
    func bytes(at offset: Int, count length: Int) -> UnsafeRawBufferPointer {
        guard let base, length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + offset, count: length)
    }
}

/// A heap copy of some bytes (for tensors quantized in memory).
final class OwnedBytes: ByteStorage {
    private let buffer: UnsafeMutableRawBufferPointer
    var base: UnsafeRawPointer? { buffer.baseAddress.map { UnsafeRawPointer($0) } }

    init(_ data: Data) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(1, data.count), alignment: 64)
        _ = data.copyBytes(to: buffer)
    }

    deinit { buffer.deallocate() }
}

/// A read-only, memory-mapped file. The mapping lives as long as this object; anything that hands out
/// pointers into it keeps a strong reference.
final class MappedFile: ByteStorage {
    let url: URL
    /// Start of the mapping (nil for an empty file).
    let base: UnsafeRawPointer?
    /// Size of the file in bytes.
    let count: Int

    init(url: URL) throws {
        self.url = url
        let name = url.displayName
        let fd = open(url.path, O_RDONLY)
        if fd < 0 {
            let reason = String(cString: strerror(errno))
            if errno == ENOENT {
                throw WeightIOError(.fileNotFound, file: name, "\(url.path) does not exist",
                                    help: "check the path (and that the download finished)")
            }
            throw WeightIOError(.unreadableFile, file: name, "cannot open \(url.path): \(reason)",
                                help: "check the file's permissions")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw WeightIOError(.unreadableFile, file: name, "cannot read the size of \(url.path): \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw WeightIOError(.unreadableFile, file: name, "\(url.path) is a folder, not a weights file",
                                help: "pass the file inside it (e.g. model.safetensors)")
        }
        count = Int(info.st_size)
        if count == 0 { base = nil; return }
        guard let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            throw WeightIOError(.unreadableFile, file: name, "cannot memory-map \(url.path): \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(pointer)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }
}
