/// `import warnings`: `warn`, `filterwarnings`, `simplefilter`, `resetwarnings`, `catch_warnings`, with
/// CPython 3.11's default filters and "show once per place" rule. Shown warnings go to standard error as
/// `file:line: Category: message` plus the source line, as CPython prints them.
enum WarningsModule {
    static let warning = TypeObject(name: "Warning", parent: .exception, doc: "Base class of warning categories.")
    static let userWarning = TypeObject(name: "UserWarning", parent: warning, doc: "The default category of warnings.warn.")
    static let deprecationWarning = TypeObject(name: "DeprecationWarning", parent: warning, doc: "A feature will go away.")
    static let pendingDeprecationWarning = TypeObject(name: "PendingDeprecationWarning", parent: warning)
    static let futureWarning = TypeObject(name: "FutureWarning", parent: warning, doc: "Behaviour will change (shown to users).")
    static let runtimeWarning = TypeObject(name: "RuntimeWarning", parent: warning, doc: "Dubious runtime behaviour.")
    static let syntaxWarning = TypeObject(name: "SyntaxWarning", parent: warning)
    static let importWarning = TypeObject(name: "ImportWarning", parent: warning)
    static let unicodeWarning = TypeObject(name: "UnicodeWarning", parent: warning)
    static let resourceWarning = TypeObject(name: "ResourceWarning", parent: warning)
    static let categories = [warning, userWarning, deprecationWarning, pendingDeprecationWarning, futureWarning, runtimeWarning,
                             syntaxWarning, importWarning, unicodeWarning, resourceWarning]

    struct Filter {
        var action: String
        var message: RegexPatternBox?
        var category: TypeObject
        var module: RegexPatternBox?
        var lineno: Int
    }

    /// A compiled `re` pattern (case-insensitive for messages, as CPython compiles them).
    struct RegexPatternBox {
        let regex: RePattern
    }

    /// One session's warning state (filters, places already warned, recording lists).
    final class State {
        var filters: [Filter] = []
        var shown = Set<String>()
        var recorders: [ListObject?] = []

        init() { reset() }

        func reset() {
            filters = [
                Filter(action: "default", message: nil, category: deprecationWarning, module: try? compile("__main__", ignoreCase: false), lineno: 0),
                Filter(action: "ignore", message: nil, category: deprecationWarning, module: nil, lineno: 0),
                Filter(action: "ignore", message: nil, category: pendingDeprecationWarning, module: nil, lineno: 0),
                Filter(action: "ignore", message: nil, category: importWarning, module: nil, lineno: 0),
                Filter(action: "ignore", message: nil, category: resourceWarning, module: nil, lineno: 0),
            ]
        }
    }

    static func compile(_ pattern: String, ignoreCase: Bool) throws -> RegexPatternBox {
        RegexPatternBox(regex: RePattern(try ReModule.compile(.str(pattern), flags: ignoreCase ? 2 : 0)))
    }

    static func matches(_ box: RegexPatternBox?, _ text: String) throws -> Bool {
        guard let box else { return true }
        if case .none = try box.regex.find(text, mode: .match) { return false }
        return true
    }

    static let actions = ["default", "error", "ignore", "always", "module", "once"]

    /// The `warnings` table for one interpreter (its own filters and registry).
    static func table() -> ModuleTable {
        let state = State()
        func addFilter(_ filter: Filter, append: Bool) {
            // Changing the filters forgets where warnings were already shown (CPython's registry version).
            state.shown = []
            if append { state.filters.append(filter) } else { state.filters.insert(filter, at: 0) }
        }
        let categoryParameter = Parameter("category", default: .type(warning))
        return ModuleTable(name: "warnings", doc: "Warning messages, filters and catch_warnings.", builtins: [
            Builtin("warn", owner: "warnings", [Parameter("message"), Parameter("category", default: Value.none),
                                                Parameter("stacklevel", .int, default: .int(1)), Parameter("source", default: Value.none)],
                    doc: "Issue a warning (shown on stderr once per place, unless filtered).",
                    example: "warnings.warn('max_length is deprecated', DeprecationWarning)") { args in
                try warn(args["message"], category: args["category"], state: state, args.context)
                return .none
            },
            Builtin("filterwarnings", owner: "warnings", [Parameter("action", .choice(actions)), Parameter("message", .str, default: .str("")),
                                                          categoryParameter, Parameter("module", .str, default: .str("")),
                                                          Parameter("lineno", .int, default: .int(0)), Parameter("append", .bool, default: .bool(false))],
                    doc: "Add a filter: action for warnings whose message (regex, start) and category match.",
                    example: "warnings.filterwarnings('ignore', category=FutureWarning)") { args in
                guard case .type(let category) = args["category"], category.isSubtype(of: warning) else {
                    throw ScriptError(.typeError, "category must be a Warning subclass")
                }
                let message = try args.string("message"), module = try args.string("module")
                addFilter(Filter(action: try args.string("action"), message: message.isEmpty ? nil : try compile(message, ignoreCase: true),
                                 category: category, module: module.isEmpty ? nil : try compile(module + "\\Z", ignoreCase: false),
                                 lineno: try args.int("lineno")), append: try args.bool("append"))
                return .none
            },
            Builtin("simplefilter", owner: "warnings", [Parameter("action", .choice(actions)), categoryParameter,
                                                        Parameter("lineno", .int, default: .int(0)), Parameter("append", .bool, default: .bool(false))],
                    doc: "Add a filter for every warning of a category.", example: "warnings.simplefilter('ignore')") { args in
                guard case .type(let category) = args["category"], category.isSubtype(of: warning) else {
                    throw ScriptError(.typeError, "category must be a Warning subclass")
                }
                addFilter(Filter(action: try args.string("action"), message: nil, category: category, module: nil, lineno: try args.int("lineno")),
                          append: try args.bool("append"))
                return .none
            },
            Builtin("resetwarnings", owner: "warnings", doc: "Remove every filter (all warnings then show once per place).",
                    example: "warnings.resetwarnings()") { _ in
                state.filters = []
                state.shown = []
                return .none
            },
            Builtin("catch_warnings", owner: "warnings", [.keyword("record", .bool, default: .bool(false)), .keyword("action", .optional(.str), default: Value.none),
                                                          .keyword("category", default: .type(warning))],
                    doc: "A context manager that restores the filters on exit; record=True collects warnings in a list.",
                    example: "with warnings.catch_warnings(record=True) as caught: ...") { args in
                .host(CatchWarnings(state: state, record: try args.bool("record"), action: try args.optionalString("action"), category: args["category"]))
            },
        ], constants: [("filters", .list(ListObject([])))] + categories.map { ($0.name, Value.type($0)) })
    }

    static func warn(_ message: Value, category: Value, state: State, _ context: CallContext) throws {
        var type = userWarning
        var text: String
        var instance: ExceptionObject
        if case .exception(let e) = message, e.type.isSubtype(of: warning) {
            type = e.type
            text = e.message
            instance = e
        } else {
            if case .type(let t) = category {
                guard t.isSubtype(of: warning) else {
                    throw ScriptError(.typeError, "category must be a Warning subclass, not '\(t.name)'")
                }
                type = t
            } else if !category.isNone {
                throw ScriptError(.typeError, "category must be a Warning subclass, not '\(category.typeName)'")
            }
            text = try context.str(message)
            instance = ExceptionObject(type: type, args: [.str(text)], message: text)
        }
        let origin = context.range?.source.origin ?? "<unknown>"
        let line = context.range?.start.line ?? 0
        let module = origin.hasPrefix("<stdlib ") ? String(origin.dropFirst(8).dropLast()) : "__main__"
        var action = "default"
        for filter in state.filters where type.isSubtype(of: filter.category) {
            if try !matches(filter.message, text) || !matches(filter.module, module) { continue }
            if filter.lineno != 0 && filter.lineno != line { continue }
            action = filter.action
            break
        }
        switch action {
        case "ignore": return
        case "error": throw ScriptError(instance)
        case "once": if !state.shown.insert("once|\(type.name)|\(text)").inserted { return }
        case "module": if !state.shown.insert("module|\(module)|\(type.name)|\(text)").inserted { return }
        case "default": if !state.shown.insert("default|\(origin)|\(line)|\(type.name)|\(text)").inserted { return }
        default: break
        }
        if let recorder = state.recorders.last, let list = recorder {
            list.items.append(.host(WarningMessage(message: instance, filename: origin, lineno: line)))
            return
        }
        var shown = "\(origin):\(line): \(type.name): \(text)\n"
        if let source = context.range?.source.line(line)?.trimmingCharacters(in: .whitespaces), !source.isEmpty {
            shown += "  \(source)\n"
        }
        try StandardStreams.writeError(shown, context)
    }
}

/// One recorded warning (`catch_warnings(record=True)`): `message`, `category`, `filename`, `lineno`.
final class WarningMessage: HostObject {
    let message: ExceptionObject, filename: String, lineno: Int
    init(message: ExceptionObject, filename: String, lineno: Int) {
        (self.message, self.filename, self.lineno) = (message, filename, lineno)
    }
    var typeName: String { "WarningMessage" }
    func repr() -> String {
        "{message : \(Repr.repr(.exception(message))), category : '\(message.type.name)', filename : \(Repr.string(filename)), lineno : \(lineno), line : None}"
    }
    var attributeNames: [String] { ["category", "filename", "line", "lineno", "message"] }
    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "message": return .exception(message)
        case "category": return .type(message.type)
        case "filename": return .str(filename)
        case "lineno": return .int(lineno)
        case "line": return Value.none
        default: return nil
        }
    }
}

/// `with warnings.catch_warnings(record=...):` — saves the filters and the shown registry, restores them on exit.
final class CatchWarnings: HostObject {
    let state: WarningsModule.State
    let record: Bool
    let action: String?
    let category: Value
    private var saved: [WarningsModule.Filter] = []

    init(state: WarningsModule.State, record: Bool, action: String?, category: Value) {
        (self.state, self.record, self.action, self.category) = (state, record, action, category)
    }

    var typeName: String { "catch_warnings" }
    func repr() -> String { "catch_warnings(record=\(record ? "True" : "False"))" }

    func enter(context: CallContext) throws -> Value {
        saved = state.filters
        state.shown = []
        if let action {
            guard WarningsModule.actions.contains(action) else { throw ScriptError(.valueError, "invalid action: \(Repr.string(action))") }
            let type: TypeObject
            if case .type(let t) = category { type = t } else { type = WarningsModule.warning }
            state.filters.insert(WarningsModule.Filter(action: action, message: nil, category: type, module: nil, lineno: 0), at: 0)
        }
        if record {
            let list = ListObject([])
            state.recorders.append(list)
            return .list(list)
        }
        state.recorders.append(nil)
        return .none
    }

    func exit(error: ExceptionObject?, context: CallContext) throws -> Bool {
        state.filters = saved
        state.shown = []
        if !state.recorders.isEmpty { state.recorders.removeLast() }
        return false
    }
}
