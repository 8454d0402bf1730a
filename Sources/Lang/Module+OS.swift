import Foundation

/// `import os`, `os.path`, `shutil`: the file-system subset scripts use, every access through the file
/// gate (so `--sandbox` confines them). There is no process, socket or native-code access: `os.system`,
/// `os.popen`, `os.fork`… do not exist.
enum OSModule {
    /// Pure path arithmetic with POSIX rules (CPython's `posixpath`).
    enum PathText {
        static func join(_ first: String, _ rest: [String]) -> String {
            var path = first
            for part in rest {
                if part.hasPrefix("/") { path = part } else if path.isEmpty || path.hasSuffix("/") { path += part } else { path += "/" + part }
            }
            return path
        }

        static func split(_ path: String) -> (head: String, tail: String) {
            guard let slash = path.lastIndex(of: "/") else { return ("", path) }
            var head = String(path[...slash])
            let tail = String(path[path.index(after: slash)...])
            if head.contains(where: { $0 != "/" }) { while head.hasSuffix("/") { head.removeLast() } }
            return (head, tail)
        }

        static func basename(_ path: String) -> String { split(path).tail }
        static func dirname(_ path: String) -> String { split(path).head }

        static func splitext(_ path: String) -> (root: String, ext: String) {
            let name = basename(path)
            guard let dot = name.lastIndex(of: "."), name[..<dot].contains(where: { $0 != "." }) else { return (path, "") }
            let ext = String(name[dot...])
            return (String(path.dropLast(ext.count)), ext)
        }

        static func normpath(_ path: String) -> String {
            if path.isEmpty { return "." }
            let initialSlashes = path.hasPrefix("//") && !path.hasPrefix("///") ? 2 : (path.hasPrefix("/") ? 1 : 0)
            var parts: [String] = []
            for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
                if part == ".." && (!parts.isEmpty && parts.last != "..") { parts.removeLast() } else if part == ".." && initialSlashes > 0 && parts.isEmpty { continue } else { parts.append(String(part)) }
            }
            let joined = String(repeating: "/", count: initialSlashes) + parts.joined(separator: "/")
            return joined.isEmpty ? "." : joined
        }

        static func expanduser(_ path: String) -> String {
            guard path == "~" || path.hasPrefix("~/") else { return path }
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            return home + path.dropFirst()
        }

        static func abspath(_ path: String, cwd: String) -> String {
            normpath(path.hasPrefix("/") ? path : join(cwd, [path]))
        }
    }

    static func pathArgument(_ args: Arguments, _ name: String = "path") throws -> String {
        let value = args[name]
        switch value {
        case .str(let s): return s
        case .host(let h as PathObject): return h.path
        default: throw ScriptError(.typeError, "expected str or os.PathLike object, not \(value.typeName)")
        }
    }

    static let pathType = ParameterType.oneOf([.str, .host("PosixPath")])

    private static func pathFunction(_ name: String, doc: String, example: String, _ body: @escaping (String, Arguments) throws -> Value) -> Builtin {
        Builtin(name, owner: "os.path", [Parameter("path", pathType)], doc: doc, example: example) { args in try body(try pathArgument(args), args) }
    }

    static let pathTable = ModuleTable(name: "os.path", doc: "Path names (POSIX rules), and existence tests through the file gate.", builtins: [
        Builtin("join", owner: "os.path", [Parameter("a", pathType), .variadic("p", pathType)], doc: "Join path parts with '/'.",
                example: "os.path.join('out', 'model')  # 'out/model'") { args in
            .str(PathText.join(try pathArgument(args, "a"), try args.variadic.map { v -> String in
                if case .host(let h as PathObject) = v { return h.path }
                return v.stringValue ?? ""
            }))
        },
        pathFunction("exists", doc: "True when the path exists (and the sandbox allows it).", example: "os.path.exists('data.csv')") { p, args in
            .bool(args.context.files.exists(p))
        },
        pathFunction("isfile", doc: "True for an existing file.", example: "os.path.isfile('data.csv')") { p, args in .bool(args.context.files.isFile(p)) },
        pathFunction("isdir", doc: "True for an existing folder.", example: "os.path.isdir('out')") { p, args in .bool(args.context.files.isDirectory(p)) },
        pathFunction("basename", doc: "The last part of a path.", example: "os.path.basename('a/b.txt')  # 'b.txt'") { p, _ in .str(PathText.basename(p)) },
        pathFunction("dirname", doc: "Everything before the last part.", example: "os.path.dirname('a/b.txt')  # 'a'") { p, _ in .str(PathText.dirname(p)) },
        pathFunction("split", doc: "(dirname, basename).", example: "os.path.split('a/b.txt')") { p, _ in
            let (head, tail) = PathText.split(p)
            return .tuple([.str(head), .str(tail)])
        },
        pathFunction("splitext", doc: "(root, extension).", example: "os.path.splitext('run.log')  # ('run', '.log')") { p, _ in
            let (root, ext) = PathText.splitext(p)
            return .tuple([.str(root), .str(ext)])
        },
        pathFunction("normpath", doc: "The path with '.', '..' and doubled slashes folded.", example: "os.path.normpath('a//b/../c')  # 'a/c'") { p, _ in
            .str(PathText.normpath(p))
        },
        pathFunction("abspath", doc: "The absolute, normalised path.", example: "os.path.abspath('data.csv')") { p, args in
            .str(PathText.abspath(p, cwd: args.context.files.currentDirectory.path))
        },
        pathFunction("expanduser", doc: "A leading ~ replaced by the home folder.", example: "os.path.expanduser('~/.cache')") { p, _ in
            .str(PathText.expanduser(p))
        },
        pathFunction("isabs", doc: "True for an absolute path.", example: "os.path.isabs('/tmp')  # True") { p, _ in .bool(p.hasPrefix("/")) },
        pathFunction("getsize", doc: "Size of a file in bytes.", example: "os.path.getsize('data.csv')") { p, args in
            .int(try args.context.files.readData(p).count)
        },
    ], constants: [("sep", .str("/"))])

    static let table = ModuleTable(name: "os", doc: "Files and folders through the file gate (no processes, no sockets).", builtins: [
        Builtin("getcwd", owner: "os", doc: "The folder relative paths start from (the sandbox under --sandbox).", example: "os.getcwd()") { args in
            .str(args.context.files.currentDirectory.path)
        },
        Builtin("listdir", owner: "os", [Parameter("path", pathType, default: .str("."))], doc: "Names in a folder (sorted).",
                example: "os.listdir('out')") { args in
            .list(ListObject(try args.context.files.listDirectory(try pathArgument(args)).map(Value.str)))
        },
        Builtin("makedirs", owner: "os", [Parameter("name", pathType), Parameter("mode", .int, default: .int(0o777)), Parameter("exist_ok", .bool, default: .bool(false))],
                doc: "Create a folder and its missing parents.", example: "os.makedirs('out/run1', exist_ok=True)") { args in
            try args.context.files.makeDirectory(try pathArgument(args, "name"), parents: true, existOK: try args.bool("exist_ok"))
            return .none
        },
        Builtin("mkdir", owner: "os", [Parameter("path", pathType), Parameter("mode", .int, default: .int(0o777))],
                doc: "Create one folder (its parent must exist).", example: "os.mkdir('out')") { args in
            try args.context.files.makeDirectory(try pathArgument(args), parents: false, existOK: false)
            return .none
        },
        Builtin("remove", owner: "os", [Parameter("path", pathType)], doc: "Delete a file.", example: "os.remove('old.txt')") { args in
            try args.context.files.remove(try pathArgument(args), directory: false)
            return .none
        },
        Builtin("unlink", owner: "os", [Parameter("path", pathType)], doc: "Delete a file (same as os.remove).", example: "os.unlink('old.txt')") { args in
            try args.context.files.remove(try pathArgument(args), directory: false)
            return .none
        },
        Builtin("rmdir", owner: "os", [Parameter("path", pathType)], doc: "Delete an empty folder.", example: "os.rmdir('empty')") { args in
            try args.context.files.remove(try pathArgument(args), directory: true)
            return .none
        },
        Builtin("rename", owner: "os", [Parameter("src", pathType), Parameter("dst", pathType)], doc: "Rename or move a file.",
                example: "os.rename('a.txt', 'b.txt')") { args in
            try args.context.files.rename(try pathArgument(args, "src"), try pathArgument(args, "dst"))
            return .none
        },
        Builtin("replace", owner: "os", [Parameter("src", pathType), Parameter("dst", pathType)], doc: "Rename, replacing dst.",
                example: "os.replace('tmp.json', 'final.json')") { args in
            try args.context.files.rename(try pathArgument(args, "src"), try pathArgument(args, "dst"))
            return .none
        },
        Builtin("getenv", owner: "os", [Parameter("key", .str), Parameter("default", default: Value.none)], doc: "An environment variable, or default.",
                example: "os.getenv('HF_HOME', '~/.cache')") { args in
            EnvironObject.process.value(try args.string("key")) ?? args["default"]
        },
    ], constants: [("path", .module(pathTable.makeModule())), ("environ", .host(EnvironObject.process)), ("sep", .str("/")), ("linesep", .str("\n")), ("name", .str("posix")),
                   ("curdir", .str(".")), ("pardir", .str(".."))])

    static let shutilTable = ModuleTable(name: "shutil", doc: "Copying and removing files and folders (inside the sandbox).", builtins: [
        Builtin("copy", owner: "shutil", [Parameter("src", pathType), Parameter("dst", pathType)], doc: "Copy a file (into dst if it is a folder); returns the new path.",
                example: "shutil.copy('config.json', 'out/')") { args in try copy(args) },
        Builtin("copyfile", owner: "shutil", [Parameter("src", pathType), Parameter("dst", pathType)], doc: "Copy a file's contents to dst.",
                example: "shutil.copyfile('a.txt', 'b.txt')") { args in try copy(args) },
        Builtin("copy2", owner: "shutil", [Parameter("src", pathType), Parameter("dst", pathType)], doc: "Copy a file (as shutil.copy).",
                example: "shutil.copy2('a.txt', 'out/')") { args in try copy(args) },
        Builtin("move", owner: "shutil", [Parameter("src", pathType), Parameter("dst", pathType)], doc: "Move a file or folder.",
                example: "shutil.move('a.txt', 'out/a.txt')") { args in
            var destination = try pathArgument(args, "dst")
            let source = try pathArgument(args, "src")
            if args.context.files.isDirectory(destination) { destination = PathText.join(destination, [PathText.basename(source)]) }
            try args.context.files.rename(source, destination)
            return .str(destination)
        },
        Builtin("rmtree", owner: "shutil", [Parameter("path", pathType), Parameter("ignore_errors", .bool, default: .bool(false))],
                doc: "Delete a folder and everything in it.", example: "shutil.rmtree('out/tmp')") { args in
            let ignoreErrors = try args.bool("ignore_errors")
            do {
                try args.context.files.remove(try pathArgument(args), directory: true, recursive: true)
            } catch let error as ScriptError where ignoreErrors && error.exception.type !== TypeObject.permissionError {
                return .none
            }
            return .none
        },
    ])

    private static func copy(_ args: Arguments) throws -> Value {
        let source = try pathArgument(args, "src")
        var destination = try pathArgument(args, "dst")
        let files = args.context.files
        if files.isDirectory(destination) { destination = PathText.join(destination, [PathText.basename(source)]) }
        try files.writeAtomically(destination, try files.readData(source))
        return .str(destination)
    }
}

/// `os.environ`: the process environment, read-only for the process (one overlay per process). Assignments (common in tutorials,
/// `os.environ["TOKENIZERS_PARALLELISM"] = "false"`) are kept for the session and never reach the process.
final class EnvironObject: HostObject {
    private var overrides: [String: String?] = [:]
    /// The one overlay of this process (assignments are visible to later `os.environ` reads only).
    nonisolated(unsafe) static let process = EnvironObject()

    func value(_ key: String) -> Value? {
        if let override = overrides[key] { return override.map(Value.str) }
        return ProcessInfo.processInfo.environment[key].map(Value.str)
    }

    private var all: [(String, String)] {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in overrides { env[k] = v }
        return env.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    var typeName: String { "_Environ" }
    func repr() -> String { "environ({" + all.map { "\(Repr.string($0.0)): \(Repr.string($0.1))" }.joined(separator: ", ") + "})" }
    var attributeNames: [String] { ["get", "items", "keys", "pop", "setdefault", "values"] }
    func length() -> Int? { all.count }

    func getItem(_ key: Value, context: CallContext) throws -> Value {
        guard case .str(let k) = key, let v = value(k) else { throw ScriptError(.keyError, Repr.repr(key)) }
        return v
    }

    func setItem(_ key: Value, _ value: Value, context: CallContext) throws {
        guard case .str(let k) = key, case .str(let v) = value else { throw ScriptError(.typeError, "str expected, not \(value.typeName)") }
        overrides[k] = .some(v)
    }

    func contains(_ item: Value, context: CallContext) throws -> Bool? {
        guard case .str(let k) = item else { return false }
        return value(k) != nil
    }

    func makeIterator(context: CallContext) throws -> IteratorObject? {
        var keys = all.map(\.0)[...]
        return IteratorObject(kindName: "dict_keyiterator") { keys.popFirst().map(Value.str) }
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "get":
            return hostMethod("get", owner: "environ", [Parameter("key", .str), Parameter("default", default: Value.none)],
                              doc: "A variable's value, or default.", example: "os.environ.get('HOME')") { args in
                self.value(try args.string("key")) ?? args["default"]
            }
        case "setdefault":
            return hostMethod("setdefault", owner: "environ", [Parameter("key", .str), Parameter("default", .str)], doc: "Set a variable if missing (for this session).") { args in
                let k = try args.string("key")
                if let v = self.value(k) { return v }
                self.overrides[k] = .some(try args.string("default"))
                return args["default"]
            }
        case "pop":
            return hostMethod("pop", owner: "environ", [Parameter("key", .str), .omittable("default")], doc: "Remove a variable (for this session).") { args in
                let k = try args.string("key")
                guard let v = self.value(k) else {
                    if args.isPassed("default") { return args["default"] }
                    throw ScriptError(.keyError, Repr.string(k))
                }
                self.overrides[k] = .some(nil)
                return v
            }
        case "keys": return hostMethod("keys", owner: "environ", doc: "Variable names.") { _ in .list(ListObject(self.all.map { .str($0.0) })) }
        case "values": return hostMethod("values", owner: "environ", doc: "Variable values.") { _ in .list(ListObject(self.all.map { .str($0.1) })) }
        case "items":
            return hostMethod("items", owner: "environ", doc: "(name, value) pairs.") { _ in .list(ListObject(self.all.map { .tuple([.str($0.0), .str($0.1)]) })) }
        default: return nil
        }
    }
}
