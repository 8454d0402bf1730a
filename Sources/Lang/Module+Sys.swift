import Foundation

/// `import sys`: `argv`, `exit`, `stdout`/`stderr`, version facts. Script arguments come from the CLI
/// (`lorarepl script.py a b` → `sys.argv == ['script.py', 'a', 'b']`) through `setScriptArguments`.
public enum SysModule {
    /// `SystemExit`: raised by `sys.exit()`; not an `Exception`, so `except Exception` lets it through.
    public static let systemExit = TypeObject(name: "SystemExit", parent: .baseException, doc: "Raised by sys.exit() to end the script.")

    public static func table(arguments: [String]) -> ModuleTable {
        ModuleTable(name: "sys", doc: "The script's arguments, exit, and standard streams.", builtins: [
            Builtin("exit", owner: "sys", [Parameter("status", default: Value.none)],
                    doc: "End the script: exit code 0 (None), the int given, or 1 after printing a message.", example: "sys.exit(1)") { args in
                throw exitError(args["status"])
            },
            Builtin("exc_info", owner: "sys", doc: "(type, value, traceback) of the exception being handled, or (None, None, None).",
                    example: "except Exception:\n    kind, error, _ = sys.exc_info()") { args in
                guard let current = args.context.interpreter.handling.last else { return .tuple([.none, .none, .none]) }
                return .tuple([.type(current.type), .exception(current), .none])
            },
            Builtin("exception", owner: "sys", doc: "The exception being handled, or None.", example: "sys.exception()") { args in
                args.context.interpreter.handling.last.map { .exception($0) } ?? .none
            },
            Builtin("getrecursionlimit", owner: "sys", doc: "The nesting limit of calls.", example: "sys.getrecursionlimit()") { args in
                .int(args.context.interpreter.limits.maxRecursionDepth)
            },
        ], constants: [
            ("argv", .list(ListObject(arguments.map(Value.str)))),
            ("stdout", .host(StreamObject(name: "<stdout>", isError: false))),
            ("stderr", .host(StreamObject(name: "<stderr>", isError: true))),
            ("platform", .str("linux")),
            ("version_info", .tuple([.int(3), .int(11), .int(0), .str("final"), .int(0)])),
            ("version", .str("3.11.0 (lorarepl)")),
            ("maxsize", .int(Int.max)),
            ("path", .list(ListObject([]))),
        ])
    }

    /// The SystemExit for `sys.exit(status)` / `exit(status)`.
    static func exitError(_ status: Value) -> ScriptError {
        let exception = ExceptionObject(type: systemExit, args: status.isNone ? [] : [status], message: status.isNone ? "" : Repr.str(status))
        exception.attributes.set("code", status)
        return ScriptError(exception)
    }

    /// The process exit code and message of an uncaught SystemExit diagnostic (nil for other errors):
    /// `sys.exit()` → 0, `sys.exit(3)` → 3, `sys.exit("bad input")` → prints it, 1.
    public static func exitStatus(_ diagnostic: Diagnostic) -> (code: Int32, message: String?)? {
        guard diagnostic.kind == systemExit.name else { return nil }
        let message = diagnostic.message
        if message.isEmpty || message == "None" { return (0, nil) }
        if let code = Int32(message) { return (code, nil) }
        return (1, message)
    }
}

/// Where standard error goes: the session's standard-error sink (`Session.errors`: the process's
/// stderr in script mode, the cell's output marked `[stderr] ` in notebooks and the REPL).
enum StandardStreams {
    static func writeError(_ text: String, _ context: CallContext) throws {
        try context.writeError(text)
    }
}

/// `sys.stdout` / `sys.stderr`: `write`, `flush`, and `print(..., file=sys.stderr)`.
final class StreamObject: HostObject {
    let name: String, isError: Bool

    init(name: String, isError: Bool) {
        (self.name, self.isError) = (name, isError)
    }

    var typeName: String { "TextIOWrapper" }
    func repr() -> String { "<_io.TextIOWrapper name='\(name)' mode='w' encoding='utf-8'>" }
    var attributeNames: [String] { ["encoding", "flush", "isatty", "name", "write", "writelines"] }

    func write(_ text: String, _ context: CallContext) throws {
        if isError { try StandardStreams.writeError(text, context) } else { try context.write(text) }
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "name": return .str(self.name)
        case "encoding": return .str("utf-8")
        case "write":
            return hostMethod("write", owner: "stream", [Parameter("s", .str)], doc: "Write a string; returns its length.") { args in
                let s = try args.string("s")
                try self.write(s, args.context)
                return .int(s.unicodeScalars.count)
            }
        case "writelines":
            return hostMethod("writelines", owner: "stream", [Parameter("lines")], doc: "Write each string.") { args in
                for item in try args.context.items(of: args["lines"]) { try self.write(Repr.str(item), args.context) }
                return .none
            }
        case "flush":
            return hostMethod("flush", owner: "stream", doc: "Push buffered output out (output is unbuffered here).") { _ in .none }
        case "isatty":
            return hostMethod("isatty", owner: "stream", doc: "Whether the stream is a terminal.") { _ in
                .bool(isatty(self.isError ? STDERR_FILENO : STDOUT_FILENO) != 0)
            }
        default: return nil
        }
    }
}

extension Interpreter {
    /// `sys.argv` for the script being run (`lorarepl script.py a b` passes `["script.py", "a", "b"]`).
    public func setScriptArguments(_ arguments: [String]) {
        register(SysModule.table(arguments: arguments))
    }
}
