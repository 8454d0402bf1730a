/// `import csv`: `reader`, `writer`, `DictReader`, `DictWriter` with CPython's parsing and quoting rules
/// (QUOTE_MINIMAL by default, `\r\n` line terminators, doubled quote characters, quoted newlines).
enum CSVModule {
    static let errorType = TypeObject.moduleError("Error", module: "_csv", doc: "A malformed CSV row.")

    /// The formatting parameters (CPython's Dialect).
    struct Dialect {
        var delimiter: Character = ","
        var quotechar: Character? = "\""
        var escapechar: Character? = nil
        var doublequote = true
        var skipinitialspace = false
        var lineterminator = "\r\n"
        var quoting = 0
        var strict = false

        static let quoteMinimal = 0, quoteAll = 1, quoteNonNumeric = 2, quoteNone = 3

        init(_ args: Arguments) throws {
            if case .str(let name) = args["dialect"] {
                switch name {
                case "excel": break
                case "excel-tab": delimiter = "\t"
                case "unix": lineterminator = "\n"; quoting = Self.quoteAll
                default: throw ScriptError(errorType, "unknown dialect", notes: ["known dialects: excel, excel-tab, unix"])
                }
            }
            for (key, value) in args.keywords {
                switch key {
                case "delimiter": delimiter = try Self.character(value, key) ?? ","
                case "quotechar": quotechar = try Self.character(value, key)
                case "escapechar": escapechar = try Self.character(value, key)
                case "doublequote": doublequote = try args.context.interpreter.truthy(value)
                case "skipinitialspace": skipinitialspace = try args.context.interpreter.truthy(value)
                case "lineterminator":
                    guard case .str(let s) = value else { throw ScriptError(.typeError, "\"lineterminator\" must be a string") }
                    lineterminator = s
                case "quoting":
                    guard let q = value.intValue, (0...3).contains(q) else { throw ScriptError(.typeError, "bad \"quoting\" value") }
                    quoting = q
                case "strict": strict = try args.context.interpreter.truthy(value)
                default:
                    throw ScriptError(.typeError, "'\(key)' is an invalid keyword argument for this function",
                                      help: "csv options: delimiter, quotechar, escapechar, doublequote, skipinitialspace, lineterminator, quoting, strict")
                }
            }
            if quoting != Self.quoteNone && quotechar == nil { throw ScriptError(.typeError, "quotechar must be set if quoting enabled") }
        }

        private static func character(_ value: Value, _ name: String) throws -> Character? {
            if value.isNone { return nil }
            guard case .str(let s) = value, s.count == 1, let c = s.first else {
                throw ScriptError(.typeError, "\"\(name)\" must be a 1-character string")
            }
            return c
        }
    }

    // MARK: reading

    /// Parses rows from an iterator of lines, carrying quoted fields across lines (CPython's state machine).
    final class RowParser {
        let dialect: Dialect
        let lines: IteratorObject
        private(set) var lineNumber = 0

        init(dialect: Dialect, lines: IteratorObject) {
            (self.dialect, self.lines) = (dialect, lines)
        }

        private enum State { case startRecord, startField, inField, inQuotedField, quoteInQuoted, escape, escapeInQuoted }

        /// The next row (fields as values: str, or float for unquoted fields under QUOTE_NONNUMERIC), nil at the end.
        func next() throws -> [Value]? {
            var fields: [Value] = []
            var field = ""
            var quoted = false
            var state = State.startRecord
            func save() throws {
                if dialect.quoting == Dialect.quoteNonNumeric && !quoted && !field.isEmpty {
                    guard let number = Double(field.trimmingCharacters(in: .whitespaces)) else {
                        throw ScriptError(.valueError, "could not convert string to float: \(Repr.string(field))")
                    }
                    fields.append(.float(number))
                } else {
                    fields.append(.str(field))
                }
                field = ""
                quoted = false
            }
            /// A character outside quotes that neither starts nor ends the record.
            func unquoted(_ c: Character) throws {
                if c == dialect.escapechar {
                    state = .escape
                } else if c == dialect.delimiter {
                    try save()
                    state = .startField
                } else {
                    field.append(c)
                    state = .inField
                }
            }
            while true {
                guard let lineValue = try lines.next() else {
                    if state == .startRecord { return nil }
                    if state == .inQuotedField || state == .escapeInQuoted, dialect.strict {
                        throw ScriptError(errorType, "unexpected end of data")
                    }
                    try save()
                    return fields
                }
                guard case .str(let line) = lineValue else {
                    throw ScriptError(errorType, "iterator should return strings, not \(lineValue.typeName) (the file should be opened in text mode)")
                }
                lineNumber += 1
                var ended = false
                for c in line.unicodeScalars.map(Character.init) {
                    if ended {
                        if c == "\r" || c == "\n" { continue }
                        throw ScriptError(errorType, "new-line character seen in unquoted field - do you need to open the file with newline=''?")
                    }
                    let isNewline = c == "\n" || c == "\r" || c == "\r\n"
                    switch state {
                    case .startRecord, .startField:
                        if isNewline {
                            if state == .startField { try save() }
                            ended = true
                        } else if c == dialect.quotechar && dialect.quoting != Dialect.quoteNone {
                            quoted = true
                            state = .inQuotedField
                        } else if c == " " && dialect.skipinitialspace && c != dialect.escapechar {
                            state = .startField  // CPython tests the escape character first
                        } else {
                            try unquoted(c)
                        }
                    case .escape:
                        field.append(c)
                        state = .inField
                    case .inField:
                        if isNewline {
                            try save()
                            ended = true
                        } else {
                            try unquoted(c)
                        }
                    case .inQuotedField:
                        if c == dialect.escapechar {
                            state = .escapeInQuoted
                        } else if c == dialect.quotechar {
                            state = dialect.doublequote ? .quoteInQuoted : .inField
                        } else {
                            field.append(c)
                        }
                    case .escapeInQuoted:
                        field.append(c)
                        state = .inQuotedField
                    case .quoteInQuoted:
                        if c == dialect.quotechar {
                            field.append(c)
                            state = .inQuotedField
                        } else if c == dialect.delimiter {
                            try save()
                            state = .startField
                        } else if isNewline {
                            try save()
                            ended = true
                        } else if !dialect.strict {
                            field.append(c)
                            state = .inField
                        } else {
                            throw ScriptError(errorType, "'\(dialect.delimiter)' expected after '\(dialect.quotechar ?? "\"")'")
                        }
                    }
                }
                if ended { return fields }
                // A line without its newline (the last line of a file) ends the record unless a quoted field is open.
                if state != .inQuotedField && state != .escapeInQuoted {
                    if state == .startRecord { return fields }
                    try save()
                    return fields
                }
            }
        }
    }

    static func lineIterator(_ value: Value, _ context: CallContext) throws -> IteratorObject {
        switch value {
        case .iterator(let it): return it
        case .host(let h):
            if let it = try h.makeIterator(context: context) { return it }
        default: break
        }
        let items = try context.items(of: value)
        var index = 0
        return IteratorObject { () -> Value? in
            guard index < items.count else { return nil }
            defer { index += 1 }
            return items[index]
        }
    }

    // MARK: writing

    static func format(_ row: [Value], _ dialect: Dialect) throws -> String {
        var parts: [String] = []
        for value in row {
            var text: String
            var isNumber = false
            switch value {
            case .none: text = ""
            case .str(let s): text = s
            case .float(let x): text = Repr.float(x); isNumber = true
            case .int(let n): text = String(n); isNumber = true
            case .bool(let b): text = b ? "True" : "False"; isNumber = true
            default: text = Repr.str(value)
            }
            var quote = false
            switch dialect.quoting {
            case Dialect.quoteAll: quote = true
            case Dialect.quoteNonNumeric: quote = !isNumber
            default: break
            }
            let special: Set<Character> = Set([dialect.delimiter, "\r", "\n"] + (dialect.quotechar.map { [$0] } ?? []) + (dialect.escapechar.map { [$0] } ?? []))
                .union(Set(dialect.lineterminator))
            let needs = text.contains(where: { special.contains($0) })
            if dialect.quoting == Dialect.quoteNone {
                if needs {
                    guard let escape = dialect.escapechar else { throw ScriptError(errorType, "need to escape, but no escapechar set") }
                    var escaped = ""
                    for c in text { if special.contains(c) { escaped.append(escape) }; escaped.append(c) }
                    text = escaped
                }
            } else {
                if needs { quote = true }
                if row.count == 1 && text.isEmpty && value.isNone == false { quote = true }
                if let q = dialect.quotechar, text.contains(q) {
                    if dialect.doublequote {
                        text = text.replacingOccurrences(of: String(q), with: String(q) + String(q))
                    } else if let escape = dialect.escapechar {
                        text = text.replacingOccurrences(of: String(q), with: String(escape) + String(q))
                    } else {
                        throw ScriptError(errorType, "need to escape, but no escapechar set")
                    }
                }
                if quote, let q = dialect.quotechar { text = String(q) + text + String(q) }
            }
            parts.append(text)
        }
        if row.count == 1, case .none = row[0], let q = dialect.quotechar, dialect.quoting != Dialect.quoteNone {
            parts = [String(q) + String(q)]
        }
        return parts.joined(separator: String(dialect.delimiter)) + dialect.lineterminator
    }

    static let dialectParameters: [Parameter] = [Parameter("dialect", default: .str("excel")), .keywords("fmtparams")]

    static let table = ModuleTable(name: "csv", doc: "Reading and writing CSV files with CPython's quoting rules.", builtins: [
        Builtin("reader", owner: "csv", [Parameter("csvfile")] + dialectParameters, doc: "An iterator of rows (lists of str) over lines of text.",
                example: "for row in csv.reader(open('data.csv', newline='')): ...") { args in
            .host(CSVReader(parser: RowParser(dialect: try Dialect(args), lines: try lineIterator(args["csvfile"], args.context))))
        },
        Builtin("writer", owner: "csv", [Parameter("csvfile")] + dialectParameters, doc: "An object whose writerow(row) writes one CSV line to csvfile.",
                example: "w = csv.writer(f); w.writerow(['id', 'text'])") { args in
            .host(CSVWriter(target: args["csvfile"], dialect: try Dialect(args)))
        },
        Builtin("DictReader", owner: "csv", [Parameter("f"), Parameter("fieldnames", default: Value.none), Parameter("restkey", default: Value.none),
                                             Parameter("restval", default: Value.none)] + dialectParameters,
                doc: "An iterator of dicts keyed by the header row (or fieldnames).", example: "for row in csv.DictReader(f): row['text']") { args in
            let parser = RowParser(dialect: try Dialect(args), lines: try lineIterator(args["f"], args.context))
            return .host(CSVDictReader(parser: parser, fieldnames: try args.optionalList("fieldnames"), restkey: args["restkey"], restval: args["restval"]))
        },
        Builtin("DictWriter", owner: "csv", [Parameter("f"), Parameter("fieldnames"), Parameter("restval", default: .str("")),
                                             Parameter("extrasaction", .choice(["raise", "ignore"]), default: .str("raise"))] + dialectParameters,
                doc: "writeheader() and writerow(dict) in the order of fieldnames.", example: "w = csv.DictWriter(f, fieldnames=['id', 'label'])") { args in
            .host(CSVDictWriter(writer: CSVWriter(target: args["f"], dialect: try Dialect(args)), fieldnames: try args.context.items(of: args["fieldnames"]),
                                restval: args["restval"], raiseOnExtra: try args.string("extrasaction") == "raise"))
        },
    ], constants: [("QUOTE_MINIMAL", .int(0)), ("QUOTE_ALL", .int(1)), ("QUOTE_NONNUMERIC", .int(2)), ("QUOTE_NONE", .int(3)),
                   ("Error", .type(errorType))])
}

final class CSVReader: HostObject {
    let parser: CSVModule.RowParser
    init(parser: CSVModule.RowParser) { self.parser = parser }
    var typeName: String { "_csv.reader" }
    func repr() -> String { "<_csv.reader object>" }
    var attributeNames: [String] { ["dialect", "line_num"] }
    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        name == "line_num" ? .int(parser.lineNumber) : nil
    }
    func makeIterator(context: CallContext) throws -> IteratorObject? {
        IteratorObject(kindName: "_csv.reader") { try self.parser.next().map { .list(ListObject($0)) } }
    }
}

final class CSVWriter: HostObject {
    let target: Value
    let dialect: CSVModule.Dialect
    init(target: Value, dialect: CSVModule.Dialect) {
        (self.target, self.dialect) = (target, dialect)
    }
    var typeName: String { "_csv.writer" }
    func repr() -> String { "<_csv.writer object>" }
    var attributeNames: [String] { ["writerow", "writerows"] }

    func write(_ row: Value, _ context: CallContext) throws -> Value {
        if case .str = row {} else if row.sequenceItems == nil, case .host = row {} else if row.sequenceItems == nil {
            throw ScriptError(CSVModule.errorType, "iterable expected, not \(row.typeName)")
        }
        let line = try CSVModule.format(try context.items(of: row), dialect)
        let write = try context.interpreter.getAttribute(target, "write", range: context.range)
        return try context.call(write, [.str(line)])
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "writerow":
            return hostMethod("writerow", owner: "writer", [Parameter("row")], doc: "Write one row.") { args in try self.write(args["row"], args.context) }
        case "writerows":
            return hostMethod("writerows", owner: "writer", [Parameter("rows")], doc: "Write every row.") { args in
                for row in try args.context.items(of: args["rows"]) { _ = try self.write(row, args.context) }
                return .none
            }
        default: return nil
        }
    }
}

final class CSVDictReader: HostObject {
    let parser: CSVModule.RowParser
    private var names: [Value]?
    let restkey: Value
    let restval: Value

    init(parser: CSVModule.RowParser, fieldnames: [Value]?, restkey: Value, restval: Value) {
        self.parser = parser
        self.names = fieldnames
        (self.restkey, self.restval) = (restkey, restval)
    }

    var typeName: String { "DictReader" }
    func repr() -> String { "<csv.DictReader object>" }
    var attributeNames: [String] { ["fieldnames", "line_num"] }

    private func fieldnames() throws -> [Value] {
        if let names { return names }
        let header = try parser.next() ?? []
        names = header
        return header
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "fieldnames":
            let names = try fieldnames()
            return names.isEmpty && parser.lineNumber == 0 ? Value.none : .list(ListObject(names))
        case "line_num": return .int(parser.lineNumber)
        default: return nil
        }
    }

    /// The next non-empty row as a dict keyed by the field names.
    func nextItem() throws -> Value? {
        let names = try fieldnames()
        var row: [Value] = []
        repeat {
            guard let next = try parser.next() else { return nil }
            row = next
        } while row.isEmpty
        let dict = DictObject()
        for (i, name) in names.enumerated() { try dict.set(name, i < row.count ? row[i] : restval) }
        if row.count > names.count { try dict.set(restkey, .list(ListObject(Array(row[names.count...])))) }
        return .dict(dict)
    }

    func makeIterator(context: CallContext) throws -> IteratorObject? {
        IteratorObject(kindName: "DictReader") { try self.nextItem() }
    }
}

final class CSVDictWriter: HostObject {
    let writer: CSVWriter
    let fieldnames: [Value]
    let restval: Value
    let raiseOnExtra: Bool

    init(writer: CSVWriter, fieldnames: [Value], restval: Value, raiseOnExtra: Bool) {
        (self.writer, self.fieldnames, self.restval, self.raiseOnExtra) = (writer, fieldnames, restval, raiseOnExtra)
    }

    var typeName: String { "DictWriter" }
    func repr() -> String { "<csv.DictWriter object>" }
    var attributeNames: [String] { ["fieldnames", "writeheader", "writerow", "writerows"] }

    private func write(_ row: Value, _ context: CallContext) throws -> Value {
        guard case .dict(let dict) = row else { throw ScriptError(.typeError, "DictWriter.writerow() needs a dict, not \(row.typeName)") }
        if raiseOnExtra {
            var extra: [String] = []
            for key in dict.keys where !fieldnames.contains(where: { (try? context.interpreter.equal($0, key)) == true }) { extra.append(Repr.repr(key)) }
            if !extra.isEmpty { throw ScriptError(.valueError, "dict contains fields not in fieldnames: " + extra.joined(separator: ", ")) }
        }
        let values = try fieldnames.map { try dict.get($0) ?? restval }
        return try writer.write(.list(ListObject(values)), context)
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "fieldnames": return .list(ListObject(fieldnames))
        case "writeheader":
            return hostMethod("writeheader", owner: "DictWriter", doc: "Write the header row.") { args in
                try self.writer.write(.list(ListObject(self.fieldnames)), args.context)
            }
        case "writerow":
            return hostMethod("writerow", owner: "DictWriter", [Parameter("rowdict")], doc: "Write one dict as a row.") { args in
                try self.write(args["rowdict"], args.context)
            }
        case "writerows":
            return hostMethod("writerows", owner: "DictWriter", [Parameter("rowdicts")], doc: "Write every dict.") { args in
                for row in try args.context.items(of: args["rowdicts"]) { _ = try self.write(row, args.context) }
                return .none
            }
        default: return nil
        }
    }
}

/// A host object that is its own iterator (`next(reader)`, `next(f)`), as CPython's readers and files are.
protocol NativeIterator: AnyObject {
    func nextItem() throws -> Value?
}

extension CSVReader: NativeIterator {
    func nextItem() throws -> Value? { try parser.next().map { .list(ListObject($0)) } }
}

extension CSVDictReader: NativeIterator {}
extension TextFile: NativeIterator {}
