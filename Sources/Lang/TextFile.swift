import Foundation

/// The object `open(path, mode)` returns: a text file read whole through the file gate, or written
/// through it. Writes are buffered and land on disk atomically (temporary file + rename) at `flush()`,
/// `close()`, the end of a `with` block, or the end of the run, so a crash never leaves half a file.
/// It is a `HostObject` like any Bindings object (iteration, `with`, methods via the one checker).
final class TextFile: HostObject {
    enum Mode { case read, write, append, exclusive }

    let path: String
    let mode: Mode
    /// The mode as given (`'w'`, `'rt'`), for `f.mode` and the repr.
    let modeText: String
    let encoding: String
    /// `newline=`: nil is universal newlines (Python's default).
    let newline: String?
    private let gate: FileGate
    private var scalars: [Unicode.Scalar] = []
    private var position = 0
    private var pending = ""
    /// Whether anything is waiting to be written (also true right after opening for writing).
    private var dirty = false
    private(set) var closed = false

    /// Opens through the gate: reading decodes the whole file; 'w' and 'x' create (truncate) it now, as Python does.
    init(path: String, mode: String, encoding: String?, newline: String?, gate: FileGate) throws {
        self.path = path
        self.modeText = mode
        self.gate = gate
        self.newline = newline
        self.encoding = encoding ?? "UTF-8"
        let (letter, binary) = try Self.parseMode(mode)
        if binary {
            throw ScriptError(.valueError, "binary mode '\(mode)' opens a ByteStream, not a text file", help: "use open(path, '\(mode)')")
        }
        if let newline, !["", "\n", "\r", "\r\n"].contains(newline) {
            throw ScriptError(.valueError, "illegal newline value: \(Repr.string(newline))")
        }
        switch letter {
        case "w": self.mode = .write
        case "a": self.mode = .append
        case "x": self.mode = .exclusive
        default: self.mode = .read
        }
        switch self.mode {
        case .read:
            _ = try FileEncoding.canonical(encoding)
            var text = try FileEncoding.decode(try gate.readData(path), encoding: self.encoding, path: path)
            if newline == nil, text.unicodeScalars.contains("\r") {
                text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            }
            scalars = Array(text.unicodeScalars)
        case .write:
            try gate.writeAtomically(path, Data())
        case .exclusive:
            if gate.exists(path) { throw ScriptError(FileErrors.fileExistsError, "[Errno 17] File exists: \(Repr.string(path))") }
            try gate.writeAtomically(path, Data())
        case .append:
            if !gate.exists(path) { try gate.writeAtomically(path, Data()) }
        }
        // As CPython, the file is created before the encoding is looked up.
        _ = try FileEncoding.canonical(encoding)
        if self.mode != .read { gate.track(self) }
    }

    /// The mode's one letter among `r w a x` and whether it has `b`; ValueError for an invalid mode and
    /// NotImplementedError for `+` (read and write at once).
    static func parseMode(_ mode: String) throws -> (letter: Character, binary: Bool) {
        let letters = Set(mode)
        guard letters.isSubset(of: Set("rwaxbt+")), mode.count == letters.count,
              letters.intersection(Set("rwax")).count == 1, !(letters.contains("b") && letters.contains("t")),
              let letter = letters.intersection(Set("rwax")).first else {
            throw ScriptError(.valueError, "invalid mode: '\(mode)'", help: "use 'r' (read), 'w' (write), 'a' (append) or 'x' (create), with 'b' for bytes")
        }
        if letters.contains("+") {
            throw ScriptError(.notImplementedError, "mode '\(mode)' (read and write at once) is not supported",
                              help: "read the file with 'r', then write it with 'w' or 'a'")
        }
        return (letter, letters.contains("b"))
    }

    /// `open(path, mode, encoding=, errors=, newline=)` and `Path.open(...)`: a text file, or a `ByteStream`
    /// for a mode with 'b'.
    static func open(_ path: String, _ args: Arguments) throws -> Value {
        let mode = try args.string("mode")
        let (letter, binary) = try TextFile.parseMode(mode)
        guard binary else {
            return .host(try TextFile(path: path, mode: mode, encoding: try args.optionalString("encoding"),
                                      newline: try args.optionalString("newline"), gate: args.context.files))
        }
        if !args["encoding"].isNone { throw ScriptError(.valueError, "binary mode doesn't take an encoding argument") }
        if !args["errors"].isNone { throw ScriptError(.valueError, "binary mode doesn't take an errors argument") }
        if !args["newline"].isNone { throw ScriptError(.valueError, "binary mode doesn't take a newline argument") }
        return .host(try ByteStream(path: path, mode: mode, letter: letter, gate: args.context.files))
    }

    /// A file made from text already read (kept for hosts that hand scripts an in-memory file).
    convenience init(path: String, text: String, gate: FileGate = FileGate()) throws {
        try self.init(path: path, mode: "r", encoding: nil, newline: nil, gate: gate)
        scalars = Array(text.unicodeScalars)
    }

    deinit { try? flush() }

    var typeName: String { "TextIOWrapper" }
    func repr() -> String { "<_io.TextIOWrapper name=\(Repr.string(path)) mode=\(Repr.string(modeText)) encoding=\(Repr.string(encoding))>" }
    var attributeNames: [String] {
        ["close", "closed", "encoding", "flush", "mode", "name", "read", "readable", "readline", "readlines", "seek", "tell",
         "writable", "write", "writelines"]
    }

    private func checkOpen() throws {
        if closed { throw ScriptError(.valueError, "I/O operation on closed file.") }
    }

    private func checkReadable() throws {
        try checkOpen()
        if mode != .read { throw ScriptError(FileErrors.unsupportedOperation, "not readable", help: "open the file with mode 'r' to read it") }
    }

    private func checkWritable() throws {
        try checkOpen()
        if mode == .read { throw ScriptError(FileErrors.unsupportedOperation, "not writable", help: "open the file with mode 'w' or 'a' to write it") }
    }

    // MARK: reading

    private func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    /// The next line with its ending ('' at the end); `limit` caps the characters read (-1: no cap).
    func readLine(limit: Int = -1) -> String {
        let start = position
        var end = start
        let cap = limit < 0 ? scalars.count : min(scalars.count, start + limit)
        while end < cap {
            let c = scalars[end]
            end += 1
            if c == "\n" && (newline == nil || newline == "" || newline == "\n") { break }
            if c == "\r" && newline == "" {
                if end < scalars.count && scalars[end] == "\n" { end += 1 }
                break
            }
            if c == "\r" && newline == "\r" { break }
            if c == "\n" && newline == "\r\n" && end >= 2 && scalars[end - 2] == "\r" { break }
        }
        position = end
        return text(start..<end)
    }

    func readAll() -> String {
        defer { position = scalars.count }
        return text(min(position, scalars.count)..<scalars.count)
    }

    // MARK: writing

    func write(_ s: String) throws {
        try checkWritable()
        pending += (newline == "\r\n" || newline == "\r") ? s.replacingOccurrences(of: "\n", with: newline ?? "\n") : s
        dirty = true
        if pending.utf8.count > 1 << 20 { try flush() }
    }

    /// Writes what is pending: 'w'/'x' rewrite the file with everything written so far, 'a' adds to it.
    func flush() throws {
        guard dirty, mode != .read else { return }
        let data = try FileEncoding.encode(pending, encoding: encoding)
        switch mode {
        case .append: try gate.appendAtomically(path, data)
            pending = ""
        default:
            try gate.writeAtomically(path, data)
        }
        dirty = false
    }

    func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
        pending = ""
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "name": return .str(path)
        case "mode": return .str(modeText)
        case "encoding": return .str(encoding)
        case "closed": return .bool(closed)
        case "read":
            return hostMethod("read", owner: "file", [Parameter("size", .optional(.int), default: .int(-1))],
                              doc: "The rest of the file as one string (or at most size characters).", example: "f.read()") { args in
                try self.checkReadable()
                let size = try args.optionalInt("size") ?? -1
                if size < 0 { return .str(self.readAll()) }
                let start = self.position
                self.position = min(self.scalars.count, start + size)
                return .str(self.text(start..<self.position))
            }
        case "readline":
            return hostMethod("readline", owner: "file", [Parameter("size", .optional(.int), default: .int(-1))],
                              doc: "The next line, with its newline ('' at the end).", example: "f.readline()") { args in
                try self.checkReadable()
                return .str(self.readLine(limit: try args.optionalInt("size") ?? -1))
            }
        case "readlines":
            return hostMethod("readlines", owner: "file", [Parameter("hint", .optional(.int), default: .int(-1))],
                              doc: "The remaining lines, each with its newline.", example: "f.readlines()") { _ in
                try self.checkReadable()
                var lines: [Value] = []
                while self.position < self.scalars.count { lines.append(.str(self.readLine())) }
                return .list(ListObject(lines))
            }
        case "write":
            return hostMethod("write", owner: "file", [Parameter("s", .str)], doc: "Write a string; returns the number of characters.",
                              example: "f.write('line\\n')") { args in
                let s = try args.string("s")
                try self.write(s)
                return .int(s.unicodeScalars.count)
            }
        case "writelines":
            return hostMethod("writelines", owner: "file", [Parameter("lines")], doc: "Write each string of an iterable (no newlines added).",
                              example: "f.writelines(['a\\n', 'b\\n'])") { args in
                for item in try args.context.items(of: args["lines"]) {
                    guard case .str(let s) = item else { throw ScriptError(.typeError, "write() argument must be str, not \(item.typeName)") }
                    try self.write(s)
                }
                return .none
            }
        case "flush":
            return hostMethod("flush", owner: "file", doc: "Write buffered text to the file now.", example: "f.flush()") { _ in
                try self.checkOpen()
                try self.flush()
                return .none
            }
        case "close":
            return hostMethod("close", owner: "file", doc: "Close the file (writing what is buffered).", example: "f.close()") { _ in
                try self.close()
                return .none
            }
        case "readable", "writable":
            return hostMethod(name, owner: "file", doc: "Whether the file can be read / written.") { _ in
                try self.checkOpen()
                return .bool((name == "readable") == (self.mode == .read))
            }
        case "seek":
            return hostMethod("seek", owner: "file", [Parameter("offset", .int), Parameter("whence", .int, default: .int(0))],
                              doc: "Go back to the start of a file opened for reading (seek(0)).", example: "f.seek(0)") { args in
                try self.checkReadable()
                guard try args.int("offset") == 0, try args.int("whence") == 0 else {
                    throw ScriptError(FileErrors.unsupportedOperation, "only seek(0) is supported", help: "use f.seek(0) to read the file again from the start")
                }
                self.position = 0
                return .int(0)
            }
        case "tell":
            return hostMethod("tell", owner: "file", doc: "The position in characters.", example: "f.tell()") { _ in
                try self.checkOpen()
                return .int(self.mode == .read ? self.position : self.pending.unicodeScalars.count)
            }
        default: return nil
        }
    }

    /// The next line for `for line in f` and `next(f)`; nil at the end.
    func nextItem() throws -> Value? {
        try checkReadable()
        guard position < scalars.count else { return nil }
        return .str(readLine())
    }

    func makeIterator(context: CallContext) throws -> IteratorObject? {
        try checkReadable()
        return IteratorObject(kindName: "file_iterator") { try self.nextItem() }
    }

    func enter(context: CallContext) throws -> Value {
        try checkOpen()
        return .host(self)
    }

    func exit(error: ExceptionObject?, context: CallContext) throws -> Bool {
        try close()
        return false
    }
}
