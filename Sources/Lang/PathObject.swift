import Foundation
import PythonBasics

/// `pathlib.Path` (a `PosixPath`): pure path parts, `/` joining, and file operations through the file gate.
final class PathObject: HostObject {
    /// The normalised path text (`a/b`, `/x`, `.`), as `str(path)` gives it.
    let path: String

    init(_ text: String) { path = PathObject.normalise(text) }

    /// CPython's PurePosixPath normalisation: doubled slashes and `.` parts removed, `..` kept.
    static func normalise(_ text: String) -> String {
        if text.isEmpty { return "." }
        let absolute = text.hasPrefix("/")
        let parts = text.split(separator: "/").filter { $0 != "." }
        let joined = (absolute ? "/" : "") + parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    var typeName: String { "PosixPath" }
    func repr() -> String { "PosixPath(\(Repr.string(path)))" }
    func str() -> String { path }

    var name: String { path == "/" || path == "." ? "" : OSModule.PathText.basename(path) }
    var suffix: String {
        let n = name
        guard let dot = n.lastIndex(of: "."), dot != n.startIndex, n.index(after: dot) != n.endIndex else { return "" }
        return String(n[dot...])
    }
    var stem: String { String(name.dropLast(suffix.count)) }
    var parent: PathObject {
        if path == "/" || path == "." { return self }
        let head = OSModule.PathText.dirname(path)
        return PathObject(head.isEmpty ? "." : head)
    }

    func joining(_ other: String) -> PathObject {
        PathObject(other.hasPrefix("/") ? other : (path == "." ? other : path + "/" + other))
    }

    var attributeNames: [String] {
        ["absolute", "exists", "glob", "is_dir", "is_file", "iterdir", "joinpath", "mkdir", "name", "open", "parent", "parents", "parts",
         "read_bytes", "read_text", "rename", "resolve", "rglob", "rmdir", "stem", "suffix", "suffixes", "touch", "unlink", "with_name", "with_suffix", "write_bytes", "write_text"]
    }

    static func text(of value: Value) throws -> String {
        switch value {
        case .str(let s): return s
        case .host(let p as PathObject): return p.path
        default: throw ScriptError(.typeError, "expected str, bytes or os.PathLike object, not \(value.typeName)")
        }
    }

    func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        switch op {
        case "/":
            guard let text = try? Self.text(of: other) else { return nil }
            return .host(reflected ? PathObject(text).joining(path) : joining(text))
        case "==", "!=":
            var same = false
            if case .host(let p as PathObject) = other { same = p.path == path }
            return .bool((op == "==") == same)
        case "<", "<=", ">", ">=":
            guard case .host(let p as PathObject) = other else { return nil }
            switch op {
            case "<": return .bool(path < p.path)
            case "<=": return .bool(path <= p.path)
            case ">": return .bool(path > p.path)
            default: return .bool(path >= p.path)
            }
        default: return nil
        }
    }

    /// Entries of this folder matching a glob pattern (`*.txt`, `**/*.py`, `sub/*.csv`), sorted.
    func glob(_ pattern: String, recursive: Bool, _ files: FileGate) throws -> [PathObject] {
        var parts = pattern.split(separator: "/").map(String.init)
        if recursive { parts.insert("**", at: 0) }
        var current: [PathObject] = [self]
        for (i, part) in parts.enumerated() {
            var next: [PathObject] = []
            let isLast = i == parts.count - 1
            if part == "**" {
                for base in current {
                    next.append(base)
                    next.append(contentsOf: try descendants(of: base, files).filter { files.isDirectory($0.path) })
                }
            } else {
                let regex = try FnMatch.compile(part)
                for base in current where files.isDirectory(base.path) {
                    for entry in try files.listDirectory(base.path) where try regex.fullMatch(entry) {
                        if entry.hasPrefix(".") && !part.hasPrefix(".") { continue }
                        let child = base.joining(entry)
                        if isLast || files.isDirectory(child.path) { next.append(child) }
                    }
                }
            }
            current = next
        }
        var seen = Set<String>()
        return current.filter { $0.path != path && seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
    }

    private func descendants(of base: PathObject, _ files: FileGate) throws -> [PathObject] {
        var result: [PathObject] = []
        for entry in try files.listDirectory(base.path) where !entry.hasPrefix(".") {
            let child = base.joining(entry)
            result.append(child)
            if files.isDirectory(child.path) { result.append(contentsOf: try descendants(of: child, files)) }
        }
        return result
    }

    private static func list(_ paths: [PathObject]) -> Value { .list(ListObject(paths.map { .host($0) })) }

    private static func iterator(_ paths: [PathObject]) -> Value {
        var rest = paths[...]
        return .iterator(IteratorObject(kindName: "generator") { rest.popFirst().map { .host($0) } })
    }

    func getAttribute(_ attribute: String, context: CallContext) throws -> Value? {
        let files = context.files
        switch attribute {
        case "name": return .str(name)
        case "stem": return .str(stem)
        case "suffix": return .str(suffix)
        case "suffixes":
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).dropFirst()
            return .list(ListObject(name.hasPrefix(".") ? [] : parts.map { .str("." + $0) }))
        case "parent": return .host(parent)
        case "parents":
            var chain: [PathObject] = []
            var p = self
            while p.parent.path != p.path { p = p.parent; chain.append(p) }
            return .tuple(chain.map { .host($0) })
        case "parts":
            var parts = path.split(separator: "/").map { Value.str(String($0)) }
            if path.hasPrefix("/") { parts.insert(.str("/"), at: 0) }
            return .tuple(path == "." ? [] : parts)
        case "exists": return hostMethod("exists", owner: "Path", doc: "Whether the path exists.") { _ in .bool(files.exists(self.path)) }
        case "is_file": return hostMethod("is_file", owner: "Path", doc: "Whether it is a file.") { _ in .bool(files.isFile(self.path)) }
        case "is_dir": return hostMethod("is_dir", owner: "Path", doc: "Whether it is a folder.") { _ in .bool(files.isDirectory(self.path)) }
        case "mkdir":
            return hostMethod("mkdir", owner: "Path", [Parameter("mode", .int, default: .int(0o777)), Parameter("parents", .bool, default: .bool(false)),
                                                        Parameter("exist_ok", .bool, default: .bool(false))],
                              doc: "Create the folder.", example: "Path('out/run').mkdir(parents=True, exist_ok=True)") { args in
                try files.makeDirectory(self.path, parents: try args.bool("parents"), existOK: try args.bool("exist_ok"))
                return .none
            }
        case "read_text":
            return hostMethod("read_text", owner: "Path", [Parameter("encoding", .optional(.str), default: Value.none)], doc: "The file's text.") { args in
                let file = try TextFile(path: self.path, mode: "r", encoding: try args.optionalString("encoding"), newline: nil, gate: files)
                return .str(file.readAll())
            }
        case "read_bytes":
            return hostMethod("read_bytes", owner: "Path", doc: "The file's bytes.") { _ in .bytes(try files.readData(self.path)) }
        case "write_bytes":
            return hostMethod("write_bytes", owner: "Path", [Parameter("data")], doc: "Replace the file's bytes (atomically); returns how many.") { args in
                guard let bytes = args["data"].bytesContents else {
                    throw ScriptError(.typeError, "memoryview: a bytes-like object is required, not '\(args["data"].typeName)'")
                }
                try files.writeAtomically(self.path, Data(bytes))
                return .int(bytes.count)
            }
        case "write_text":
            return hostMethod("write_text", owner: "Path", [Parameter("data", .str), Parameter("encoding", .optional(.str), default: Value.none),
                                                             Parameter("errors", default: Value.none), Parameter("newline", .optional(.str), default: Value.none)],
                              doc: "Replace the file's text (atomically); returns the number of characters.") { args in
                let data = try args.string("data")
                let file = try TextFile(path: self.path, mode: "w", encoding: try args.optionalString("encoding"),
                                        newline: try args.optionalString("newline"), gate: files)
                try file.write(data)
                try file.close()
                return .int(data.unicodeScalars.count)
            }
        case "open":
            return hostMethod("open", owner: "Path", [Parameter("mode", .str, default: .str("r")), Parameter("buffering", .int, default: .int(-1)),
                                                       Parameter("encoding", .optional(.str), default: Value.none), Parameter("errors", default: Value.none),
                                                       Parameter("newline", .optional(.str), default: Value.none)], doc: "Open the file (as open()).") { args in
                try TextFile.open(self.path, args)
            }
        case "glob", "rglob":
            return hostMethod(attribute, owner: "Path", [Parameter("pattern", .str)], doc: "Matching paths below this folder (sorted).") { args in
                Self.iterator(try self.glob(try args.string("pattern"), recursive: attribute == "rglob", files))
            }
        case "iterdir":
            return hostMethod("iterdir", owner: "Path", doc: "The entries of this folder (sorted).") { _ in
                Self.iterator(try files.listDirectory(self.path).map { self.joining($0) })
            }
        case "joinpath":
            return hostMethod("joinpath", owner: "Path", [.variadic("other")], doc: "This path joined with others.") { args in
                var p = self
                for part in args.variadic { p = p.joining(try Self.text(of: part)) }
                return .host(p)
            }
        case "with_suffix":
            return hostMethod("with_suffix", owner: "Path", [Parameter("suffix", .str)], doc: "The path with another suffix.") { args in
                let s = try args.string("suffix")
                if !s.isEmpty && (!s.hasPrefix(".") || s == ".") { throw ScriptError(.valueError, "Invalid suffix \(Repr.string(s))") }
                return .host(self.parent.joining(self.stem + s))
            }
        case "with_name":
            return hostMethod("with_name", owner: "Path", [Parameter("name", .str)], doc: "The path with another last part.") { args in
                .host(self.parent.joining(try args.string("name")))
            }
        case "resolve", "absolute":
            return hostMethod(attribute, owner: "Path", doc: "The absolute path.") { _ in
                .host(PathObject(OSModule.PathText.abspath(self.path, cwd: files.currentDirectory.path)))
            }
        case "unlink":
            return hostMethod("unlink", owner: "Path", [Parameter("missing_ok", .bool, default: .bool(false))], doc: "Delete the file.") { args in
                if try args.bool("missing_ok") && !files.exists(self.path) { return .none }
                try files.remove(self.path, directory: false)
                return .none
            }
        case "rmdir":
            return hostMethod("rmdir", owner: "Path", doc: "Delete the empty folder.") { _ in
                try files.remove(self.path, directory: true)
                return .none
            }
        case "touch":
            return hostMethod("touch", owner: "Path", [Parameter("exist_ok", .bool, default: .bool(true))], doc: "Create the file if missing.") { args in
                if files.exists(self.path) {
                    if !(try args.bool("exist_ok")) { throw ScriptError(FileErrors.fileExistsError, "[Errno 17] File exists: \(Repr.string(self.path))") }
                    return .none
                }
                try files.writeAtomically(self.path, Data())
                return .none
            }
        case "rename":
            return hostMethod("rename", owner: "Path", [Parameter("target")], doc: "Rename; returns the new path.") { args in
                let target = try Self.text(of: args["target"])
                try files.rename(self.path, target)
                return .host(PathObject(target))
            }
        default: return nil
        }
    }
}

/// `Path(...)`: a callable host object, so `Path.cwd()` and `Path.home()` work as in CPython.
final class PathConstructor: HostObject {
    var typeName: String { "type" }
    func repr() -> String { "<class 'pathlib.PosixPath'>" }
    var attributeNames: [String] { ["cwd", "home"] }

    func asCallable() -> Builtin? {
        Builtin("Path", owner: "pathlib", [.variadic("pathsegments")], doc: "A file-system path; join parts with /.",
                example: "Path('out') / 'model'") { args in
            var path = PathObject(".")
            for part in args.variadic { path = path.joining(try PathObject.text(of: part)) }
            return .host(path)
        }
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "cwd": return hostMethod("cwd", owner: "Path", doc: "The current folder.") { args in .host(PathObject(args.context.files.currentDirectory.path)) }
        case "home": return hostMethod("home", owner: "Path", doc: "The home folder.") { _ in .host(PathObject(OSModule.PathText.expanduser("~"))) }
        default: return nil
        }
    }

    static let table = ModuleTable(name: "pathlib", doc: "Object-oriented paths.", builtins: [],
                                   constants: [("Path", .host(PathConstructor())), ("PosixPath", .host(PathConstructor()))])
}

/// Shell-style wildcards (`*`, `?`, `[seq]`, `[!seq]`) translated to the regex engine, as `fnmatch` does.
enum FnMatch {
    static func compile(_ pattern: String) throws -> RegexPattern {
        var regex = ""
        var chars = pattern.unicodeScalars[...]
        while let c = chars.popFirst() {
            switch c {
            case "*": regex += ".*"
            case "?": regex += "."
            case "[":
                if let close = chars.firstIndex(of: "]"), close != chars.startIndex || chars.dropFirst().contains("]") {
                    var body = String(String.UnicodeScalarView(chars[..<close]))
                    chars = chars[chars.index(after: close)...]
                    if body.hasPrefix("!") { body = "^" + body.dropFirst() }
                    regex += "[" + body.replacingOccurrences(of: "\\", with: "\\\\") + "]"
                } else {
                    regex += "\\["
                }
            default: regex += RegexPattern.escape(String(c))
            }
        }
        do { return try RegexPattern("(?s:" + regex + ")") } catch { throw ReModule.scriptError(error) }
    }
}
