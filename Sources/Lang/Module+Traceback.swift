import Foundation

/// `import traceback`: the text CPython prints for an exception (`Traceback (most recent call last):`,
/// one `File "...", line N, in name` entry per call with its source line, then `Type: message`, with
/// chained causes and contexts), for `print_exc`, `format_exc`, `format_exception` and friends.
/// The outermost entry is named `<module>` (lorarepl does not record the name of the catching function).
enum TracebackModule {
    static let table = ModuleTable(name: "traceback", doc: "Format and print exceptions as CPython does.", builtins: [
        Builtin("format_exc", owner: "traceback", [Parameter("limit", default: Value.none), Parameter("chain", .bool, default: .bool(true))],
                doc: "The traceback of the exception being handled, as one string.",
                example: "except Exception:\n    log.error(traceback.format_exc())") { args in
            .str(try lines(current(args), args, chain: try args.bool("chain")).joined())
        },
        Builtin("print_exc", owner: "traceback", [Parameter("limit", default: Value.none), Parameter("file", default: Value.none),
                                                  Parameter("chain", .bool, default: .bool(true))],
                doc: "Print the traceback of the exception being handled (to sys.stderr or file).",
                example: "except Exception:\n    traceback.print_exc()") { args in
            try write(try lines(current(args), args, chain: try args.bool("chain")).joined(), args)
            return .none
        },
        Builtin("format_exception", owner: "traceback", [Parameter("exc"), .optional("value"), .optional("tb"),
                                                         Parameter("limit", default: Value.none), Parameter("chain", .bool, default: .bool(true))],
                doc: "The lines of an exception's traceback (a list of strings ending in newlines).",
                example: "''.join(traceback.format_exception(error))") { args in
            .list(ListObject(try lines(try exception(args), args, chain: try args.bool("chain")).map(Value.str)))
        },
        Builtin("print_exception", owner: "traceback", [Parameter("exc"), .optional("value"), .optional("tb"),
                                                        Parameter("limit", default: Value.none), Parameter("file", default: Value.none),
                                                        Parameter("chain", .bool, default: .bool(true))],
                doc: "Print an exception's traceback (to sys.stderr or file).", example: "traceback.print_exception(error)") { args in
            try write(try lines(try exception(args), args, chain: try args.bool("chain")).joined(), args)
            return .none
        },
        Builtin("format_exception_only", owner: "traceback", [Parameter("exc"), .optional("value")],
                doc: "The last line of an exception's traceback: ['ValueError: bad input\\n'].",
                example: "traceback.format_exception_only(error)") { args in
            .list(ListObject([.str(try lastLine(try exception(args), args.context.interpreter))]))
        },
    ])

    /// The exception being handled (`except` block), or a clear error outside one.
    private static func current(_ args: Arguments) throws -> ExceptionObject? {
        args.context.interpreter.handling.last
    }

    /// `format_exception(exc)` or the old `format_exception(type, value, tb)` form.
    private static func exception(_ args: Arguments) throws -> ExceptionObject? {
        let given = args.isPassed("value") ? args["value"] : args["exc"]
        switch given {
        case .exception(let exception): return exception
        case .none: return nil
        default: throw ScriptError(.typeError, "traceback expects an exception, not \(given.typeName)",
                                   help: "pass the exception caught with 'except Exception as error'")
        }
    }

    private static func write(_ text: String, _ args: Arguments) throws {
        let file = args["file"]
        if file.isNone { return try args.context.interpreter.writeError(text) }
        _ = try args.context.call(try args.context.interpreter.getAttribute(file, "write", range: args.context.range), [.str(text)])
    }

    /// The full text, chained exceptions first as CPython prints them.
    static func lines(_ exception: ExceptionObject?, _ args: Arguments, chain: Bool) throws -> [String] {
        guard let exception else { return ["NoneType: None\n"] }
        let interpreter = args.context.interpreter
        var out: [String] = []
        if chain, let cause = exception.cause {
            out += try lines(cause, args, chain: true)
            out.append("\nThe above exception was the direct cause of the following exception:\n\n")
        } else if chain, !exception.suppressContext, let context = exception.context {
            out += try lines(context, args, chain: true)
            out.append("\nDuring handling of the above exception, another exception occurred:\n\n")
        }
        let entries = frames(exception)
        if !entries.isEmpty {
            out.append("Traceback (most recent call last):\n")
            var limit = entries.count
            if case .int(let n) = args.isPassed("limit") ? args["limit"] : .none { limit = n >= 0 ? min(n, entries.count) : entries.count }
            for (range, name) in entries.prefix(limit) {
                var entry = "  File \"\(range.source.origin)\", line \(range.start.line), in \(name)\n"
                if let full = range.source.line(range.start.line) {
                    let line = full.trimmingCharacters(in: .whitespaces)
                    if !line.isEmpty { entry += "    \(line)\n" + carets(range, line: full, stripped: line) }
                }
                out.append(entry)
            }
        }
        out.append(try lastLine(exception, interpreter))
        return out
    }

    /// CPython 3.11's marker line under the failing expression, when it covers only part of the line
    /// (`    def outer(): inner()` gets `^^^^^^^` under `inner()`); "" when it is the whole line.
    private static func carets(_ range: SourceRange, line full: String, stripped: String) -> String {
        guard range.end.line == range.start.line else { return "" }
        let indent = full.prefix { $0 == " " || $0 == "\t" }.count
        let start = range.start.column - 1 - indent
        let width = range.end.column - range.start.column
        guard start >= 0, width > 0, start + width <= stripped.count, width < stripped.count else { return "" }
        return "    " + String(repeating: " ", count: start) + String(repeating: "^", count: width) + "\n"
    }

    /// The places of a traceback, outermost first: each call site with the function it was in.
    private static func frames(_ exception: ExceptionObject) -> [(SourceRange, String)] {
        guard let innermost = exception.range else { return [] }
        var places = [innermost] + exception.traceback.map(\.callSite)
        var names = exception.traceback.map(\.function) + [exception.caughtIn ?? "<module>"]
        places.reverse()
        names.reverse()
        return Array(zip(places, names))
    }

    /// `ValueError: bad input\n` (`KeyError: 'x'`; the module is named for classes outside `__main__`).
    static func lastLine(_ exception: ExceptionObject?, _ interpreter: Interpreter) throws -> String {
        guard let exception else { return "NoneType: None\n" }
        let type = exception.type
        let name = ["__main__", "builtins"].contains(type.module) ? type.name : "\(type.module).\(type.name)"
        let message = try interpreter.str(.exception(exception))
        return message.isEmpty ? "\(name)\n" : "\(name): \(message)\n"
    }
}
