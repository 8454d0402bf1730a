/// Registers the standard modules that mirror CPython's (`re`, `os`, `sys`, `pathlib`, `collections`, …),
/// the file built-ins (`open`, `exit`) and the extra exception types. Each module lives in its own
/// `Module+Name.swift` file; this is the one list of them.
enum StandardModules {
    static func install(into interpreter: Interpreter) {
        let tables = [ReModule.table, OSModule.table(environ: interpreter.session.environment), OSModule.pathTable, OSModule.shutilTable, SysModule.table(arguments: [""]),
                      PathConstructor.table, GlobModule.table, ResourceModule.table, TypingModule.table, TypingModule.futureTable, CSVModule.table, DatetimeModule.table, CopyModule.table, TracebackModule.table, UnicodedataModule.table]
        for table in tables { interpreter.register(table) }
        interpreter.register(WarningsModule.table())
        interpreter.register(JSONModule.table)
        interpreter.register(DictView.orderedTable)
        interpreter.registerMethods(StrExtraMethods.table, forType: "str")
        for type in FileErrors.all + [SysModule.systemExit] + WarningsModule.categories { interpreter.registerGlobal(type.name, .type(type)) }
        for builtin in globals { interpreter.registerGlobal(builtin) }
        let sliceType = interpreter.hostType(named: "slice")
        sliceType.constructor = Builtin("slice", [Parameter("start"), .optional("stop"), .optional("step")],
                                        doc: "A slice object: items[slice(1, 3)] is items[1:3]; isinstance(key, slice) in __getitem__.",
                                        example: "items[slice(None, None, -1)]") { args in
            guard args.isPassed("stop") else { return .slice(SliceValue(start: .none, stop: args["start"], step: .none)) }
            return .slice(SliceValue(start: args["start"], stop: args["stop"], step: args["step"]))
        }
        interpreter.registerGlobal("slice", .type(sliceType))
    }

    static let globals: [Builtin] = [
        Builtin("open", [Parameter("file", OSModule.pathType), Parameter("mode", .str, default: .str("r")), Parameter("buffering", .int, default: .int(-1)),
                         Parameter("encoding", .optional(.str), default: Value.none), Parameter("errors", default: Value.none),
                         Parameter("newline", .optional(.str), default: Value.none)],
                doc: "Open a file through the file gate: 'r' read, 'w' write (replace), 'a' append, 'x' create; add 'b' for bytes ('rb', 'wb').",
                example: "with open('log.txt', 'w') as f: f.write('done\\n')") { args in
            try TextFile.open(try OSModule.pathArgument(args, "file"), args)
        },
        Builtin("exit", [Parameter("code", default: Value.none)], doc: "End the script (as sys.exit).", example: "exit(0)") { args in
            throw SysModule.exitError(args["code"])
        },
        Builtin("quit", [Parameter("code", default: Value.none)], doc: "End the script (as sys.exit).", example: "quit()") { args in
            throw SysModule.exitError(args["code"])
        },
    ]
}

/// `import glob`: `glob.glob(pattern)` through the file gate (sorted results).
enum GlobModule {
    static let table = ModuleTable(name: "glob", doc: "File names matching shell wildcards.", builtins: [
        Builtin("glob", owner: "glob", [Parameter("pathname", .str), .keyword("recursive", .bool, default: .bool(false))],
                doc: "Paths matching a pattern such as 'data/*.csv' (sorted).", example: "glob.glob('runs/*/config.json')") { args in
            let pattern = try args.string("pathname")
            let absolute = pattern.hasPrefix("/")
            let base = PathObject(absolute ? "/" : ".")
            let relative = absolute ? String(pattern.drop(while: { $0 == "/" })) : pattern
            let effective = try args.bool("recursive") ? relative : relative.replacingOccurrences(of: "**", with: "*")
            let found = try base.glob(effective, recursive: false, args.context.files)
            return .list(ListObject(found.map { .str($0.path) }))
        },
    ])
}
