import Foundation

/// `import datetime`: naive local `datetime` and `date` (now, today, fromtimestamp, strftime, isoformat,
/// arithmetic with `timedelta`) and `timedelta` with CPython's normalisation, str and repr.
enum DatetimeModule {
    /// Days from 0001-01-01 (day 1) for a proleptic Gregorian date, as CPython's `toordinal`.
    static func ordinal(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y1 = y - 1
        let daysBeforeYear = y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400
        return daysBeforeYear + daysBeforeMonth(y, m) + d
    }

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }
    static let monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    static func daysIn(_ y: Int, _ m: Int) -> Int { m == 2 && isLeap(y) ? 29 : monthDays[m - 1] }
    static func daysBeforeMonth(_ y: Int, _ m: Int) -> Int {
        var total = 0
        for month in 1..<m { total += daysIn(y, month) }
        return total
    }

    static func fromOrdinal(_ n: Int) -> (Int, Int, Int) {
        var year = max(1, n / 366)
        while ordinal(year + 1, 1, 1) <= n { year += 1 }
        while ordinal(year, 1, 1) > n { year -= 1 }
        var month = 1
        while month < 12 && ordinal(year, month + 1, 1) <= n { month += 1 }
        return (year, month, n - ordinal(year, month, 1) + 1)
    }

    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(abs(n))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static let table = ModuleTable(name: "datetime", doc: "Dates, times and durations.", builtins: [], constants: [
        ("datetime", .host(DateTimeConstructor(dateOnly: false))),
        ("date", .host(DateTimeConstructor(dateOnly: true))),
        ("timedelta", .host(TimeDeltaConstructor())),
        ("MINYEAR", .int(1)), ("MAXYEAR", .int(9999)),
    ])
}

/// A `datetime.datetime` or `datetime.date` value (naive, local time).
final class DateTimeObject: HostObject {
    /// Microseconds since 0001-01-01 00:00:00.
    let micros: Int
    let dateOnly: Bool

    init(micros: Int, dateOnly: Bool) {
        self.micros = dateOnly ? (micros / 86_400_000_000) * 86_400_000_000 : micros
        self.dateOnly = dateOnly
    }

    static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, _ us: Int = 0, dateOnly: Bool) throws -> DateTimeObject {
        guard (1...9999).contains(y) else { throw ScriptError(.valueError, "year \(y) is out of range") }
        guard (1...12).contains(mo) else { throw ScriptError(.valueError, "month must be in 1..12") }
        guard (1...DatetimeModule.daysIn(y, mo)).contains(d) else { throw ScriptError(.valueError, "day is out of range for month") }
        guard (0...23).contains(h) else { throw ScriptError(.valueError, "hour must be in 0..23") }
        guard (0...59).contains(mi) else { throw ScriptError(.valueError, "minute must be in 0..59") }
        guard (0...59).contains(s) else { throw ScriptError(.valueError, "second must be in 0..59") }
        guard (0...999_999).contains(us) else { throw ScriptError(.valueError, "microsecond must be in 0..999999") }
        let days = DatetimeModule.ordinal(y, mo, d) - 1
        return DateTimeObject(micros: ((days * 86400 + h * 3600 + mi * 60 + s) * 1_000_000) + us, dateOnly: dateOnly)
    }

    /// The local time of a Unix timestamp.
    static func fromTimestamp(_ t: Double, dateOnly: Bool) -> DateTimeObject {
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let us = Int(((t - t.rounded(.down)) * 1_000_000).rounded())
        let obj = try? make(Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
                            Int(parts.tm_sec), min(us, 999_999), dateOnly: dateOnly)
        return obj ?? DateTimeObject(micros: 0, dateOnly: dateOnly)
    }

    var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int) {
        let days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        let (y, m, d) = DatetimeModule.fromOrdinal(days + 1)
        let us = rest % 1_000_000
        rest /= 1_000_000
        return (y, m, d, rest / 3600, (rest / 60) % 60, rest % 60, us)
    }

    var weekday: Int { (micros / 86_400_000_000) % 7 }

    var typeName: String { dateOnly ? "date" : "datetime" }

    func isoformat(separator: String = "T") -> String {
        let c = components
        let date = "\(DatetimeModule.pad(c.year, 4))-\(DatetimeModule.pad(c.month, 2))-\(DatetimeModule.pad(c.day, 2))"
        if dateOnly { return date }
        var text = date + separator + "\(DatetimeModule.pad(c.hour, 2)):\(DatetimeModule.pad(c.minute, 2)):\(DatetimeModule.pad(c.second, 2))"
        if c.microsecond != 0 { text += "." + DatetimeModule.pad(c.microsecond, 6) }
        return text
    }

    func str() -> String { isoformat(separator: " ") }

    func repr() -> String {
        let c = components
        if dateOnly { return "datetime.date(\(c.year), \(c.month), \(c.day))" }
        var parts = [c.year, c.month, c.day, c.hour, c.minute].map(String.init)
        if c.second != 0 || c.microsecond != 0 { parts.append(String(c.second)) }
        if c.microsecond != 0 { parts.append(String(c.microsecond)) }
        while parts.count > 5 && parts.last == "0" { parts.removeLast() }
        return "datetime.datetime(" + parts.joined(separator: ", ") + ")"
    }

    /// CPython's strftime for the common directives (C-locale names).
    func strftime(_ format: String) throws -> String {
        let c = components
        var out = ""
        var chars = format.makeIterator()
        while let ch = chars.next() {
            guard ch == "%" else { out.append(ch); continue }
            guard let d = chars.next() else { out.append("%"); break }
            switch d {
            case "Y": out += String(c.year)
            case "y": out += DatetimeModule.pad(c.year % 100, 2)
            case "m": out += DatetimeModule.pad(c.month, 2)
            case "d": out += DatetimeModule.pad(c.day, 2)
            case "H": out += DatetimeModule.pad(c.hour, 2)
            case "I": out += DatetimeModule.pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 2)
            case "p": out += c.hour < 12 ? "AM" : "PM"
            case "M": out += DatetimeModule.pad(c.minute, 2)
            case "S": out += DatetimeModule.pad(c.second, 2)
            case "f": out += DatetimeModule.pad(c.microsecond, 6)
            case "j": out += DatetimeModule.pad(DatetimeModule.daysBeforeMonth(c.year, c.month) + c.day, 3)
            case "a": out += String(DatetimeModule.dayNames[weekday].prefix(3))
            case "A": out += DatetimeModule.dayNames[weekday]
            case "w": out += String((weekday + 1) % 7)
            case "u": out += String(weekday + 1)
            case "b", "h": out += String(DatetimeModule.monthNames[c.month - 1].prefix(3))
            case "B": out += DatetimeModule.monthNames[c.month - 1]
            case "F": out += try strftime("%Y-%m-%d")
            case "T": out += try strftime("%H:%M:%S")
            case "D": out += try strftime("%m/%d/%y")
            case "R": out += try strftime("%H:%M")
            case "c": out += try strftime("%a %b ") + (c.day < 10 ? " " : "") + "\(c.day) " + (try strftime("%H:%M:%S %Y"))
            case "x": out += try strftime("%m/%d/%y")
            case "X": out += try strftime("%H:%M:%S")
            case "z", "Z": break
            case "%": out += "%"
            default: out += "%" + String(d)
            }
        }
        return out
    }

    var attributeNames: [String] {
        ["date", "day", "hour", "isoformat", "microsecond", "minute", "month", "replace", "second", "strftime", "timestamp", "weekday", "year"]
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        let c = components
        switch name {
        case "year": return .int(c.year)
        case "month": return .int(c.month)
        case "day": return .int(c.day)
        case "hour" where !dateOnly: return .int(c.hour)
        case "minute" where !dateOnly: return .int(c.minute)
        case "second" where !dateOnly: return .int(c.second)
        case "microsecond" where !dateOnly: return .int(c.microsecond)
        case "strftime":
            return hostMethod("strftime", owner: typeName, [Parameter("format", .str)], doc: "Format with %Y %m %d %H %M %S %f ….",
                              example: "now.strftime('%Y-%m-%d %H:%M')") { args in .str(try self.strftime(try args.string("format"))) }
        case "isoformat":
            return hostMethod("isoformat", owner: typeName, [Parameter("sep", .str, default: .str("T"))], doc: "ISO 8601 text.") { args in
                .str(self.isoformat(separator: try args.string("sep")))
            }
        case "weekday": return hostMethod("weekday", owner: typeName, doc: "Monday is 0.") { _ in .int(self.weekday) }
        case "isoweekday": return hostMethod("isoweekday", owner: typeName, doc: "Monday is 1.") { _ in .int(self.weekday + 1) }
        case "date": return hostMethod("date", owner: typeName, doc: "The date part.") { _ in .host(DateTimeObject(micros: self.micros, dateOnly: true)) }
        case "timestamp":
            return hostMethod("timestamp", owner: typeName, doc: "Seconds since the Unix epoch (local time).") { _ in
                var parts = tm()
                parts.tm_year = Int32(c.year - 1900); parts.tm_mon = Int32(c.month - 1); parts.tm_mday = Int32(c.day)
                parts.tm_hour = Int32(c.hour); parts.tm_min = Int32(c.minute); parts.tm_sec = Int32(c.second); parts.tm_isdst = -1
                return .float(Double(mktime(&parts)) + Double(c.microsecond) / 1e6)
            }
        case "replace":
            return hostMethod("replace", owner: typeName, [.keywords("changes")], doc: "A copy with some fields changed.") { args in
                var v = [c.year, c.month, c.day, c.hour, c.minute, c.second, c.microsecond]
                let names = ["year", "month", "day", "hour", "minute", "second", "microsecond"]
                for (key, value) in args.keywords {
                    guard let i = names.firstIndex(of: key), let n = value.intValue else { throw ScriptError(.typeError, "'\(key)' is an invalid keyword argument for replace()") }
                    v[i] = n
                }
                return .host(try DateTimeObject.make(v[0], v[1], v[2], v[3], v[4], v[5], v[6], dateOnly: self.dateOnly))
            }
        default: return nil
        }
    }

    func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        switch (op, other) {
        case ("+", .host(let delta as TimeDeltaObject)):
            return .host(DateTimeObject(micros: micros + delta.micros, dateOnly: dateOnly))
        case ("-", .host(let delta as TimeDeltaObject)) where !reflected:
            return .host(DateTimeObject(micros: micros - delta.micros, dateOnly: dateOnly))
        case ("-", .host(let date as DateTimeObject)):
            return .host(TimeDeltaObject(micros: reflected ? date.micros - micros : micros - date.micros))
        case ("==", _), ("!=", _):
            var same = false
            if case .host(let d as DateTimeObject) = other { same = d.micros == micros && d.dateOnly == dateOnly }
            return .bool((op == "==") == same)
        case (_, .host(let d as DateTimeObject)) where ["<", "<=", ">", ">="].contains(op):
            let (a, b) = reflected ? (d.micros, micros) : (micros, d.micros)
            switch op {
            case "<": return .bool(a < b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            default: return .bool(a >= b)
            }
        default: return nil
        }
    }
}

/// `datetime.datetime` / `datetime.date`: callable, with `now`, `today`, `fromtimestamp`, `fromisoformat`.
final class DateTimeConstructor: HostObject {
    let dateOnly: Bool
    init(dateOnly: Bool) { self.dateOnly = dateOnly }
    var typeName: String { "type" }
    func repr() -> String { dateOnly ? "<class 'datetime.date'>" : "<class 'datetime.datetime'>" }
    var attributeNames: [String] { ["fromisoformat", "fromtimestamp", "now", "today"] }

    func asCallable() -> Builtin? {
        let fields = dateOnly ? ["year", "month", "day"] : ["year", "month", "day", "hour", "minute", "second", "microsecond"]
        let parameters = fields.enumerated().map { i, name in i < 3 ? Parameter(name, .int) : Parameter(name, .int, default: .int(0)) }
        return Builtin(dateOnly ? "date" : "datetime", owner: "datetime", parameters, doc: "A date (and time).",
                       example: "datetime(2024, 5, 1, 12, 30)") { args in
            let v = try fields.map { try args.int($0) } + [0, 0, 0, 0]
            return .host(try DateTimeObject.make(v[0], v[1], v[2], v[3], v[4], v[5], v[6], dateOnly: self.dateOnly))
        }
    }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "now", "today":
            return hostMethod(name, owner: "datetime", [Parameter("tz", default: Value.none)], doc: "The current local date and time.") { _ in
                .host(DateTimeObject.fromTimestamp(Date().timeIntervalSince1970, dateOnly: self.dateOnly))
            }
        case "fromtimestamp":
            return hostMethod(name, owner: "datetime", [Parameter("timestamp", .number)], doc: "The local time of a Unix timestamp.") { args in
                .host(DateTimeObject.fromTimestamp(try args.double("timestamp"), dateOnly: self.dateOnly))
            }
        case "fromisoformat":
            return hostMethod(name, owner: "datetime", [Parameter("date_string", .str)], doc: "Parse YYYY-MM-DD[THH:MM[:SS[.ffffff]]].") { args in
                let text = try args.string("date_string")
                let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                guard numbers.count >= 3 else { throw ScriptError(.valueError, "Invalid isoformat string: \(Repr.string(text))") }
                let v = numbers + [0, 0, 0, 0]
                return .host(try DateTimeObject.make(v[0], v[1], v[2], v[3], v[4], v[5], v[6], dateOnly: self.dateOnly))
            }
        default: return nil
        }
    }
}

/// `datetime.timedelta`, normalised to days, seconds and microseconds as CPython does.
final class TimeDeltaObject: HostObject {
    let micros: Int
    init(micros: Int) { self.micros = micros }

    var days: Int { Int((Double(micros) / 86_400_000_000).rounded(.down)) }
    var seconds: Int { (micros - days * 86_400_000_000) / 1_000_000 }
    var microseconds: Int { micros - days * 86_400_000_000 - seconds * 1_000_000 }

    var typeName: String { "timedelta" }

    func repr() -> String {
        var parts: [String] = []
        if days != 0 { parts.append("days=\(days)") }
        if seconds != 0 { parts.append("seconds=\(seconds)") }
        if microseconds != 0 { parts.append("microseconds=\(microseconds)") }
        return "datetime.timedelta(" + (parts.isEmpty ? "0" : parts.joined(separator: ", ")) + ")"
    }

    /// `1 day, 2:03:04.500000`.
    func str() -> String {
        var text = ""
        if days != 0 { text = "\(days) day\(abs(days) == 1 ? "" : "s"), " }
        text += "\(seconds / 3600):\(DatetimeModule.pad((seconds / 60) % 60, 2)):\(DatetimeModule.pad(seconds % 60, 2))"
        if microseconds != 0 { text += "." + DatetimeModule.pad(microseconds, 6) }
        return text
    }

    var attributeNames: [String] { ["days", "microseconds", "seconds", "total_seconds"] }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "days": return .int(days)
        case "seconds": return .int(seconds)
        case "microseconds": return .int(microseconds)
        case "total_seconds":
            return hostMethod("total_seconds", owner: "timedelta", doc: "The duration in seconds.") { _ in .float(Double(self.micros) / 1e6) }
        default: return nil
        }
    }

    func truthValue() throws -> Bool? { micros != 0 }

    func unaryOperation(_ op: String, context: CallContext) throws -> Value? {
        switch op {
        case "-": return .host(TimeDeltaObject(micros: -micros))
        case "+": return .host(self)
        default: return nil
        }
    }

    func binaryOperation(_ op: String, _ other: Value, reflected: Bool, context: CallContext) throws -> Value? {
        if case .host(let d as TimeDeltaObject) = other {
            let (a, b) = reflected ? (d.micros, micros) : (micros, d.micros)
            switch op {
            case "+": return .host(TimeDeltaObject(micros: a + b))
            case "-": return .host(TimeDeltaObject(micros: a - b))
            case "/": return b == 0 ? nil : .float(Double(a) / Double(b))
            case "//": return b == 0 ? nil : .int(Int((Double(a) / Double(b)).rounded(.down)))
            case "==": return .bool(a == b)
            case "!=": return .bool(a != b)
            case "<": return .bool(a < b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            case ">=": return .bool(a >= b)
            default: return nil
            }
        }
        if op == "==" || op == "!=" { return .bool(op == "!=") }
        guard let x = other.doubleValue else { return nil }
        switch op {
        case "*": return .host(TimeDeltaObject(micros: Int((Double(micros) * x).rounded(.toNearestOrEven))))
        case "/" where !reflected && x != 0: return .host(TimeDeltaObject(micros: Int((Double(micros) / x).rounded(.toNearestOrEven))))
        case "//" where !reflected && x != 0: return .host(TimeDeltaObject(micros: Int((Double(micros) / x).rounded(.down))))
        default: return nil
        }
    }
}

final class TimeDeltaConstructor: HostObject {
    var typeName: String { "type" }
    func repr() -> String { "<class 'datetime.timedelta'>" }
    func asCallable() -> Builtin? {
        let names = ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"]
        let scale: [Double] = [86_400_000_000, 1_000_000, 1, 1000, 60_000_000, 3_600_000_000, 604_800_000_000]
        return Builtin("timedelta", owner: "datetime", names.map { Parameter($0, .number, default: .int(0)) }, doc: "A duration.",
                       example: "timedelta(hours=1, minutes=30)") { args in
            var total = 0.0
            for (i, name) in names.enumerated() { total += try args.double(name) * scale[i] }
            guard total.isFinite, abs(total) < 8.64e19 else { throw ScriptError(.overflowError, "days out of range") }
            return .host(TimeDeltaObject(micros: Int(total.rounded(.toNearestOrEven))))
        }
    }
}
