import Foundation

/// A stream of bytes: `io.BytesIO` (in memory) or a file opened with `'rb'`, `'wb'`, `'ab'` or `'xb'`
/// through the file gate (read whole at open; writes land atomically at `flush()`/`close()`/the end of
/// the `with` block or of the run, as `TextFile`'s).
///
/// Host code reads and fills a `BytesIO` buffer with `contents` and `write(_:)`, so `torch.save(obj, buffer)`
/// and `torch.load(buffer)` can serialise through one:
///
/// ```swift
/// if case .host(let stream as ByteStream) = value { stream.write(archive); let all = stream.contents }
/// ```
public final class ByteStream: HostObject, WritableFile {
    enum Kind { case memory, readFile, writeFile, appendFile }

    let kind: Kind
    /// The file's path (nil for BytesIO) and the mode as given.
    let path: String?
    let modeText: String
    private let gate: FileGate?
    private var buffer: [UInt8]
    /// Where the next read or write starts.
    public private(set) var position = 0
    private var dirty = false
    public private(set) var closed = false

    /// `io.BytesIO(initial)`: a buffer in memory, positioned at its start.
    public init(memory initial: [UInt8] = []) {
        (kind, path, modeText, gate, buffer) = (.memory, nil, "", nil, initial)
    }

    /// `open(path, 'rb' | 'wb' | 'ab' | 'xb')`; `letters` is the mode's letter among r, w, a, x.
    init(path: String, mode: String, letter: Character, gate: FileGate) throws {
        (self.path, modeText, self.gate) = (path, mode, gate)
        buffer = []
        switch letter {
        case "r":
            kind = .readFile
            buffer = [UInt8](try gate.readData(path))
        case "a":
            kind = .appendFile
            if !gate.exists(path) { try gate.writeAtomically(path, Data()) }
        default:
            kind = .writeFile
            if letter == "x", gate.exists(path) { throw ScriptError(FileErrors.fileExistsError, "[Errno 17] File exists: \(Repr.string(path))") }
            try gate.writeAtomically(path, Data())
        }
        if kind != .readFile { gate.track(self) }
    }

    deinit { try? flush() }

    /// Everything in the buffer (for a BytesIO, what `getvalue()` returns).
    public var contents: [UInt8] { buffer }

    /// Writes `bytes` at the current position (overwriting, then extending), as `f.write(b)` does.
    public func write(_ bytes: [UInt8]) throws {
        try checkWritable()
        if position > buffer.count { buffer += [UInt8](repeating: 0, count: position - buffer.count) }
        let overlap = min(bytes.count, buffer.count - position)
        buffer.replaceSubrange(position..<(position + overlap), with: bytes)
        position += bytes.count
        dirty = true
    }

    /// The next `count` bytes (all the rest when `count` is negative), moving the position past them.
    public func read(_ count: Int = -1) throws -> [UInt8] {
        try checkReadable()
        let start = min(position, buffer.count)
        let end = count < 0 ? buffer.count : min(buffer.count, start + count)
        position = max(position, end)
        return Array(buffer[start..<end])
    }

    func readLine(limit: Int = -1) -> [UInt8] {
        let start = min(position, buffer.count)
        var end = start
        let cap = limit < 0 ? buffer.count : min(buffer.count, start + limit)
        while end < cap {
            end += 1
            if buffer[end - 1] == 0x0A { break }
        }
        position = max(position, end)
        return Array(buffer[start..<end])
    }

    /// Writes what is pending to the file ('wb'/'xb': the whole buffer; 'ab': what was written since).
    func flush() throws {
        guard dirty, let gate, let path else { return }
        if kind == .appendFile {
            try gate.appendAtomically(path, Data(buffer))
            buffer = []
            position = 0
        } else {
            try gate.writeAtomically(path, Data(buffer))
        }
        dirty = false
    }

    func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
    }

    private func checkOpen() throws {
        if closed { throw ScriptError(.valueError, kind == .memory ? "I/O operation on closed file." : "I/O operation on closed file.") }
    }

    private func checkReadable() throws {
        try checkOpen()
        if kind == .writeFile || kind == .appendFile {
            throw ScriptError(FileErrors.unsupportedOperation, "read", help: "open the file with mode 'rb' to read it")
        }
    }

    private func checkWritable() throws {
        try checkOpen()
        if kind == .readFile { throw ScriptError(FileErrors.unsupportedOperation, "write", help: "open the file with mode 'wb' or 'ab' to write it") }
    }

    public var typeName: String {
        switch kind {
        case .memory: return "BytesIO"
        case .readFile: return "BufferedReader"
        default: return "BufferedWriter"
        }
    }

    public func repr() -> String {
        guard let path else { return "<_io.BytesIO object>" }
        return "<_io.\(typeName) name=\(Repr.string(path))>"
    }

    public var attributeNames: [String] {
        ["close", "closed", "flush", "getvalue", "mode", "name", "read", "readable", "readline", "readlines", "seek", "seekable", "tell",
         "truncate", "writable", "write", "writelines"]
    }

    public func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        let owner = kind == .memory ? "BytesIO" : "file"
        switch name {
        case "closed": return .bool(closed)
        case "name": return path.map { .str($0) }
        case "mode": return kind == .memory ? nil : .str(modeText)
        case "read", "read1":
            return hostMethod(name, owner: owner, [Parameter("size", .optional(.int), default: .int(-1))],
                              doc: "The next size bytes (all the rest by default).", example: "f.read()") { args in
                .bytes(try self.read(try args.optionalInt("size") ?? -1))
            }
        case "readline":
            return hostMethod(name, owner: owner, [Parameter("size", .optional(.int), default: .int(-1))],
                              doc: "The next line of bytes, with its b'\\n'.", example: "f.readline()") { args in
                try self.checkReadable()
                return .bytes(self.readLine(limit: try args.optionalInt("size") ?? -1))
            }
        case "readlines":
            return hostMethod(name, owner: owner, [Parameter("hint", .optional(.int), default: .int(-1))],
                              doc: "The remaining lines, each with its b'\\n'.", example: "f.readlines()") { _ in
                try self.checkReadable()
                var lines: [Value] = []
                while self.position < self.buffer.count { lines.append(.bytes(self.readLine())) }
                return .list(ListObject(lines))
            }
        case "write":
            return hostMethod(name, owner: owner, [Parameter("b")], doc: "Write bytes; returns how many.", example: "f.write(b'\\x00\\x01')") { args in
                guard let bytes = args["b"].bytesContents else {
                    throw ScriptError(.typeError, "a bytes-like object is required, not '\(args["b"].typeName)'",
                                      help: args["b"].typeName == "str" ? "encode the text first: f.write(text.encode('utf-8'))" : nil)
                }
                try self.write(bytes)
                return .int(bytes.count)
            }
        case "writelines":
            return hostMethod(name, owner: owner, [Parameter("lines")], doc: "Write each bytes object of an iterable.", example: "f.writelines([b'a\\n'])") { args in
                for item in try args.context.items(of: args["lines"]) {
                    guard let bytes = item.bytesContents else { throw ScriptError(.typeError, "a bytes-like object is required, not '\(item.typeName)'") }
                    try self.write(bytes)
                }
                return .none
            }
        case "getvalue" where kind == .memory:
            return hostMethod(name, owner: owner, doc: "All the bytes in the buffer.", example: "buffer.getvalue()") { _ in
                try self.checkOpen()
                return .bytes(self.buffer)
            }
        case "seek":
            return hostMethod(name, owner: owner, [Parameter("pos", .int), Parameter("whence", .int, default: .int(0))],
                              doc: "Move to pos (whence 0: from the start, 1: from here, 2: from the end).", example: "buffer.seek(0)") { args in
                try self.checkOpen()
                let pos = try args.int("pos"), whence = try args.int("whence")
                switch whence {
                case 0:
                    if pos < 0 { throw ScriptError(.valueError, "negative seek value \(pos)") }
                    self.position = pos
                case 1: self.position = max(0, self.position + pos)
                case 2: self.position = max(0, self.buffer.count + pos)
                default: throw ScriptError(.valueError, "invalid whence (\(whence), should be 0, 1 or 2)")
                }
                return .int(self.position)
            }
        case "tell":
            return hostMethod(name, owner: owner, doc: "The position in bytes.", example: "f.tell()") { _ in
                try self.checkOpen()
                return .int(self.position)
            }
        case "truncate":
            return hostMethod(name, owner: owner, [Parameter("size", .optional(.int), default: Value.none)],
                              doc: "Cut the buffer at size (default: the position).", example: "buffer.truncate(0)") { args in
                try self.checkWritable()
                let size = try args.optionalInt("size") ?? self.position
                if size < self.buffer.count { self.buffer.removeSubrange(size...) }
                self.dirty = true
                return .int(size)
            }
        case "flush":
            return hostMethod(name, owner: owner, doc: "Write buffered bytes to the file now.", example: "f.flush()") { _ in
                try self.checkOpen()
                try self.flush()
                return .none
            }
        case "close":
            return hostMethod(name, owner: owner, doc: "Close (writing what is buffered).", example: "f.close()") { _ in
                try self.close()
                return .none
            }
        case "readable", "writable", "seekable":
            return hostMethod(name, owner: owner, doc: "Whether the stream can be read / written / sought.") { _ in
                try self.checkOpen()
                switch name {
                case "readable": return .bool(self.kind == .memory || self.kind == .readFile)
                case "writable": return .bool(self.kind != .readFile)
                default: return .bool(true)
                }
            }
        default: return nil
        }
    }

    public func makeIterator(context: CallContext) throws -> IteratorObject? {
        try checkReadable()
        return IteratorObject(kindName: "file_iterator") {
            try self.checkReadable()
            guard self.position < self.buffer.count else { return nil }
            return .bytes(self.readLine())
        }
    }

    public func enter(context: CallContext) throws -> Value {
        try checkOpen()
        return .host(self)
    }

    public func exit(error: ExceptionObject?, context: CallContext) throws -> Bool {
        try close()
        return false
    }
}
