/// The object `open(path)` returns: a read-only text file, read whole through the file gate.
/// It is a `HostObject` like any Bindings object (iteration, `with`, methods via the one checker).
final class TextFile: HostObject {
    let path: String
    private let lines: [String]
    private var position = 0
    private var closed = false

    init(path: String, text: String) {
        self.path = path
        var parts = text.components(separatedBy: "\n").map { $0 + "\n" }
        if let last = parts.last {
            parts[parts.count - 1] = String(last.dropLast())
            if parts[parts.count - 1].isEmpty { parts.removeLast() }
        }
        lines = parts
    }

    var typeName: String { "TextIOWrapper" }
    func repr() -> String { "<_io.TextIOWrapper name=\(Repr.string(path)) mode='r'>" }
    var attributeNames: [String] { ["close", "name", "read", "readline", "readlines"] }

    func readAll() -> String {
        defer { position = lines.count }
        return lines[min(position, lines.count)...].joined()
    }

    private func checkOpen() throws {
        if closed { throw ScriptError(.valueError, "I/O operation on closed file.") }
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "name": return .str(path)
        case "read":
            return .builtin(Builtin("read", owner: "file", doc: "The rest of the file as one string.", example: "f.read()") { _ in
                try self.checkOpen()
                return .str(self.readAll())
            })
        case "readline":
            return .builtin(Builtin("readline", owner: "file", doc: "The next line, with its newline ('' at the end).", example: "f.readline()") { _ in
                try self.checkOpen()
                guard self.position < self.lines.count else { return .str("") }
                defer { self.position += 1 }
                return .str(self.lines[self.position])
            })
        case "readlines":
            return .builtin(Builtin("readlines", owner: "file", doc: "The remaining lines, each with its newline.", example: "f.readlines()") { _ in
                try self.checkOpen()
                defer { self.position = self.lines.count }
                return .list(ListObject(self.lines[min(self.position, self.lines.count)...].map { .str($0) }))
            })
        case "close":
            return .builtin(Builtin("close", owner: "file", doc: "Close the file.", example: "f.close()") { _ in
                self.closed = true
                return .none
            })
        default: return nil
        }
    }

    func makeIterator(context: CallContext) throws -> IteratorObject? {
        try checkOpen()
        return IteratorObject(kindName: "file_iterator") {
            guard self.position < self.lines.count else { return nil }
            defer { self.position += 1 }
            return .str(self.lines[self.position])
        }
    }

    func enter(context: CallContext) throws -> Value { .host(self) }

    func exit(error: ExceptionObject?, context: CallContext) throws -> Bool {
        closed = true
        return false
    }
}
