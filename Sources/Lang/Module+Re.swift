import Foundation
import PythonBasics

/// `import re`: CPython's regular expressions on the one engine in PythonBasics (`RegexPattern`, shared
/// with PEFT's `target_modules`). Patterns and matches are host objects (`RePattern`, `ReMatch`).
enum ReModule {
    /// `re.error`, raised for malformed patterns and bad replacement templates.
    static let errorType = TypeObject(name: "re.error", parent: .exception, doc: "A regular expression or replacement template is malformed.")

    static func scriptError(_ error: RegexError) -> ScriptError {
        switch error.kind {
        case .syntax:
            return ScriptError(errorType, error.description)
        case .tooManySteps:
            return ScriptError(.runtimeError, "regular expression gave up: \(error.message)",
                               help: "nested repeats such as (a+)+ or (.*)* try exponentially many ways; make the repeats unambiguous, e.g. a+ instead of (a+)+")
        case .tooLarge:
            return ScriptError(errorType, error.message, help: "use smaller counts in {m,n} repeats")
        }
    }

    private nonisolated(unsafe) static var cache: [String: RegexPattern] = [:]
    private static let cacheLock = NSLock()

    /// The compiled pattern for a `str` or `Pattern` argument (cached like CPython's `re._compile`).
    static func compile(_ value: Value, flags: Int) throws -> RegexPattern {
        if case .host(let object) = value, let pattern = object as? RePattern {
            if flags != 0 { throw ScriptError(.valueError, "cannot process flags argument with a compiled pattern") }
            return pattern.regex
        }
        guard case .str(let text) = value else {
            throw ScriptError(.typeError, "first argument must be string or compiled pattern", notes: ["got \(value.typeName)"])
        }
        let key = "\(flags)\u{0}\(text)"
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = cache[key] { return cached }
        do {
            let regex = try RegexPattern(text, flags: RegexFlags(rawValue: flags))
            if cache.count >= 512 { cache.removeAll() }
            cache[key] = regex
            return regex
        } catch {
            throw scriptError(error)
        }
    }

    static func text(_ args: Arguments, _ name: String = "string") throws -> String {
        guard case .str(let s) = args[name] else {
            throw ScriptError(.typeError, "expected string or bytes-like object, got '\(args[name].typeName)'")
        }
        return s
    }

    private static let patternParameter = Parameter("pattern", .oneOf([.str, .host("re.Pattern")]))
    private static let flagsParameter = Parameter("flags", .int, default: .int(0))

    static let table = ModuleTable(name: "re", doc: "Regular expressions with Python's syntax and matching rules.", builtins: [
        Builtin("compile", owner: "re", [patternParameter, flagsParameter], doc: "Compile a pattern into a Pattern object.",
                example: "WORD = re.compile(r'\\w+')") { args in
            .host(RePattern(try compile(args["pattern"], flags: try args.int("flags"))))
        },
        Builtin("match", owner: "re", [patternParameter, Parameter("string", .str), flagsParameter],
                doc: "A Match at the start of string, or None.", example: "re.match(r'\\d+', '42 apples')") { args in
            try RePattern(try compile(args["pattern"], flags: try args.int("flags"))).find(try text(args), mode: .match)
        },
        Builtin("search", owner: "re", [patternParameter, Parameter("string", .str), flagsParameter],
                doc: "The first Match anywhere in string, or None.", example: "re.search(r'@\\w+', 'hi @bob')") { args in
            try RePattern(try compile(args["pattern"], flags: try args.int("flags"))).find(try text(args), mode: .search)
        },
        Builtin("fullmatch", owner: "re", [patternParameter, Parameter("string", .str), flagsParameter],
                doc: "A Match when the whole string matches, or None.", example: "re.fullmatch(r'\\d{4}', '2024')") { args in
            try RePattern(try compile(args["pattern"], flags: try args.int("flags"))).find(try text(args), mode: .fullMatch)
        },
        Builtin("findall", owner: "re", [patternParameter, Parameter("string", .str), flagsParameter],
                doc: "All non-overlapping matches: strings, or tuples of groups.", example: "re.findall(r'#(\\w+)', tweet)") { args in
            try RePattern(try compile(args["pattern"], flags: try args.int("flags"))).findAll(try text(args), args.context)
        },
        Builtin("finditer", owner: "re", [patternParameter, Parameter("string", .str), flagsParameter],
                doc: "An iterator of Match objects over all non-overlapping matches.", example: "for m in re.finditer(r'\\d+', s): print(m.span())") { args in
            try RePattern(try compile(args["pattern"], flags: try args.int("flags"))).findIter(try text(args))
        },
        Builtin("sub", owner: "re", [patternParameter, Parameter("repl"), Parameter("string", .str), Parameter("count", .int, default: .int(0)), flagsParameter],
                doc: "string with matches replaced by repl (a template with \\1, \\g<name>, or a function of the Match).",
                example: "re.sub(r'https?://\\S+', '<url>', tweet)") { args in
            let pattern = RePattern(try compile(args["pattern"], flags: try args.int("flags")))
            return .str(try pattern.substitute(args["repl"], in: try text(args), count: try args.int("count"), args.context).text)
        },
        Builtin("subn", owner: "re", [patternParameter, Parameter("repl"), Parameter("string", .str), Parameter("count", .int, default: .int(0)), flagsParameter],
                doc: "Like sub, but returns (new_string, number_of_substitutions).", example: "re.subn(r'\\s+', ' ', text)") { args in
            let pattern = RePattern(try compile(args["pattern"], flags: try args.int("flags")))
            let (result, count) = try pattern.substitute(args["repl"], in: try text(args), count: try args.int("count"), args.context)
            return .tuple([.str(result), .int(count)])
        },
        Builtin("split", owner: "re", [patternParameter, Parameter("string", .str), Parameter("maxsplit", .int, default: .int(0)), flagsParameter],
                doc: "Split string by the matches (groups in the pattern are kept in the result).", example: "re.split(r'[,;]\\s*', 'a, b;c')") { args in
            try RePattern(try compile(args["pattern"], flags: try args.int("flags"))).split(try text(args), maxSplit: try args.int("maxsplit"))
        },
        Builtin("escape", owner: "re", [Parameter("pattern", .str)], doc: "pattern with regex special characters backslash-escaped.",
                example: "re.escape('1+1=2')  # '1\\\\+1=2'") { args in
            .str(RegexPattern.escape(try args.string("pattern")))
        },
        Builtin("purge", owner: "re", doc: "Clear the compiled-pattern cache.", example: "re.purge()") { _ in
            cacheLock.lock()
            cache.removeAll()
            cacheLock.unlock()
            return .none
        },
    ], constants: [
        ("IGNORECASE", .int(2)), ("I", .int(2)), ("LOCALE", .int(4)), ("L", .int(4)), ("MULTILINE", .int(8)), ("M", .int(8)),
        ("DOTALL", .int(16)), ("S", .int(16)), ("UNICODE", .int(32)), ("U", .int(32)), ("VERBOSE", .int(64)), ("X", .int(64)),
        ("ASCII", .int(256)), ("A", .int(256)), ("NOFLAG", .int(0)), ("error", .type(errorType)),
    ])
}
