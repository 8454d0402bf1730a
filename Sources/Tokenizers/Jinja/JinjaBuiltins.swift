import Foundation

/// Operators, attribute/item access, globals, filters and tests of the Jinja subset.
enum JinjaBuiltins {
    /// Global functions every template sees.
    static let functions: [String: JinjaValue] = [
        "raise_exception": .function(JinjaFunction(name: "raise_exception") { args, _, position in
            throw position.error("the template raised an exception: \(args.first?.rendered ?? "")")
        }),
        "range": .function(JinjaFunction(name: "range") { args, _, position in
            let ints = try args.map { v -> Int in
                guard case let .int(i) = v else { throw position.error("range() takes integers, got a \(v.typeName)") }
                return i
            }
            var (start, stop, step) = (0, 0, 1)
            switch ints.count {
            case 1: stop = ints[0]
            case 2: (start, stop) = (ints[0], ints[1])
            case 3: (start, stop, step) = (ints[0], ints[1], ints[2])
            default: throw position.error("range() takes 1 to 3 arguments")
            }
            guard step != 0 else { throw position.error("range() step must not be zero") }
            let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
            guard count <= 1_000_000 else { throw position.error("range() of \(count) items is too large") }
            return .array((0..<count).map { .int(start + $0 * step) })
        }),
        "namespace": .function(JinjaFunction(name: "namespace") { args, kwargs, _ in
            var object = JinjaObject()
            if case let .object(initial)? = args.first { for (k, v) in initial.entries { object[k] = v } }
            for (k, v) in kwargs { object[k] = v }
            return .namespace(JinjaNamespace(object))
        }),
        "dict": .function(JinjaFunction(name: "dict") { _, kwargs, _ in .object(JinjaObject(kwargs)) }),
        "strftime_now": .function(JinjaFunction(name: "strftime_now") { args, _, _ in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            let format = (args.first?.rendered ?? "%Y-%m-%d")
                .replacingOccurrences(of: "%Y", with: "yyyy").replacingOccurrences(of: "%m", with: "MM")
                .replacingOccurrences(of: "%d", with: "dd").replacingOccurrences(of: "%B", with: "MMMM")
                .replacingOccurrences(of: "%b", with: "MMM").replacingOccurrences(of: "%H", with: "HH")
                .replacingOccurrences(of: "%M", with: "mm").replacingOccurrences(of: "%S", with: "ss")
            formatter.dateFormat = format
            return .string(formatter.string(from: Date()))
        }),
    ]

    /// The items of a for loop / unpacking: lists, strings (characters), dict keys; undefined is empty.
    static func iterate(_ value: JinjaValue, _ position: SourcePosition) throws -> [JinjaValue] {
        switch value {
        case let .array(a): return a
        case let .string(s): return s.map { .string(String($0)) }
        case let .object(o): return o.entries.map { .string($0.0) }
        case .undefined, .none: return []
        default: throw position.error("cannot loop over a \(value.typeName)")
        }
    }

    // MARK: access

    static func attribute(_ base: JinjaValue, _ name: String, _ position: SourcePosition, baseDescription: String,
                          methods: Bool = true) throws -> JinjaValue {
        switch base {
        case let .undefined(missing):
            throw position.error("\(baseDescription) is undefined (no variable or key `\(missing)`), so it has no `\(name)`")
        case let .object(o):
            if let v = o[name] { return v }
            if methods, let m = dictMethod(o, name) { return m }
            return .undefined(name)
        case let .namespace(ns):
            return ns.object[name] ?? .undefined(name)
        case let .string(s):
            if methods, let m = stringMethod(s, name) { return m }
            return .undefined(name)
        default:
            return .undefined(name)
        }
    }

    static func item(_ base: JinjaValue, _ key: JinjaValue, _ position: SourcePosition, baseDescription: String) throws -> JinjaValue {
        switch (base, key) {
        case (.undefined, _):
            throw position.error("\(baseDescription) is undefined, so it cannot be indexed")
        case let (.array(a), .int(i)):
            let index = i < 0 ? a.count + i : i
            return index >= 0 && index < a.count ? a[index] : .undefined("[\(i)]")
        case let (.string(s), .int(i)):
            let chars = Array(s)
            let index = i < 0 ? chars.count + i : i
            return index >= 0 && index < chars.count ? .string(String(chars[index])) : .undefined("[\(i)]")
        case let (.object(o), _):
            return o[key.rendered] ?? .undefined(key.rendered)
        case let (.namespace(ns), _):
            return ns.object[key.rendered] ?? .undefined(key.rendered)
        default:
            return .undefined(key.rendered)
        }
    }

    static func slice(_ base: JinjaValue, _ start: JinjaValue?, _ stop: JinjaValue?, _ step: JinjaValue?,
                      _ position: SourcePosition) throws -> JinjaValue {
        func int(_ v: JinjaValue?) throws -> Int? {
            guard let v, !v.isNone else { return nil }
            guard case let .int(i) = v else { throw position.error("slice bounds must be integers, got a \(v.typeName)") }
            return i
        }
        let items: [JinjaValue]
        let isString: Bool
        switch base {
        case let .array(a): items = a; isString = false
        case let .string(s): items = s.map { .string(String($0)) }; isString = true
        default: throw position.error("cannot slice a \(base.typeName)")
        }
        let n = items.count
        let stepValue = try int(step) ?? 1
        guard stepValue != 0 else { throw position.error("slice step cannot be zero") }
        func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
            guard var v else { return defaultValue }
            if v < 0 { v += n }
            return stepValue > 0 ? min(max(v, 0), n) : min(max(v, -1), n - 1)
        }
        var out: [JinjaValue] = []
        if stepValue > 0 {
            var i = clamp(try int(start), 0)
            let end = clamp(try int(stop), n)
            while i < end { out.append(items[i]); i += stepValue }
        } else {
            var i = clamp(try int(start), n - 1)
            let end = clamp(try int(stop), -1)
            while i > end { out.append(items[i]); i += stepValue }
        }
        return isString ? .string(out.map(\.rendered).joined()) : .array(out)
    }

    private static func dictMethod(_ o: JinjaObject, _ name: String) -> JinjaValue? {
        switch name {
        case "items": return .function(JinjaFunction(name: "items") { _, _, _ in .array(o.entries.map { .array([.string($0.0), $0.1]) }) })
        case "keys": return .function(JinjaFunction(name: "keys") { _, _, _ in .array(o.entries.map { .string($0.0) }) })
        case "values": return .function(JinjaFunction(name: "values") { _, _, _ in .array(o.entries.map(\.1)) })
        case "get":
            return .function(JinjaFunction(name: "get") { args, _, _ in
                o[args.first?.rendered ?? ""] ?? (args.count > 1 ? args[1] : .none)
            })
        default: return nil
        }
    }

    private static func stringMethod(_ s: String, _ name: String) -> JinjaValue? {
        func make(_ f: @escaping ([JinjaValue]) throws -> JinjaValue) -> JinjaValue {
            .function(JinjaFunction(name: name) { args, _, _ in try f(args) })
        }
        switch name {
        case "strip": return make { args in .string(strip(s, args.first?.rendered, leading: true, trailing: true)) }
        case "lstrip": return make { args in .string(strip(s, args.first?.rendered, leading: true, trailing: false)) }
        case "rstrip": return make { args in .string(strip(s, args.first?.rendered, leading: false, trailing: true)) }
        case "upper": return make { _ in .string(s.uppercased()) }
        case "lower": return make { _ in .string(s.lowercased()) }
        case "title": return make { _ in .string(s.capitalized) }
        case "capitalize": return make { _ in .string(s.prefix(1).uppercased() + s.dropFirst().lowercased()) }
        case "startswith": return make { args in .bool(args.contains { s.hasPrefix($0.rendered) }) }
        case "endswith": return make { args in .bool(args.contains { s.hasSuffix($0.rendered) }) }
        case "replace": return make { args in
            guard args.count >= 2 else { return .string(s) }
            return .string(s.replacingOccurrences(of: args[0].rendered, with: args[1].rendered))
        }
        case "split": return make { args in
            if let sep = args.first, !sep.isNone {
                return .array(s.components(separatedBy: sep.rendered).map { .string($0) })
            }
            return .array(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) })
        }
        case "format": return make { args in
            var out = s
            for a in args { if let r = out.range(of: "%s") { out.replaceSubrange(r, with: a.rendered) } }
            return .string(out)
        }
        default: return nil
        }
    }

    /// Python's `str.strip([chars])` (whitespace by default).
    static func strip(_ s: String, _ chars: String?, leading: Bool, trailing: Bool) -> String {
        let set: (Unicode.Scalar) -> Bool = { c in chars.map { $0.unicodeScalars.contains(c) } ?? c.properties.isWhitespace }
        var scalars = Substring(s).unicodeScalars[...]
        if leading { while let f = scalars.first, set(f) { scalars.removeFirst() } }
        if trailing { while let l = scalars.last, set(l) { scalars.removeLast() } }
        return String(String.UnicodeScalarView(scalars))
    }

    // MARK: operators

    static func binary(_ op: String, _ l: JinjaValue, _ r: JinjaValue, _ position: SourcePosition) throws -> JinjaValue {
        func fail() -> TemplateError {
            position.error("cannot apply `\(op)` to a \(l.typeName) and a \(r.typeName)"
                + (op == "+" && (l.typeName == "string" || r.typeName == "string") ? " (use `~` to join text and other values)" : ""))
        }
        switch op {
        case "==": return .bool(JinjaValue.equal(l, r))
        case "!=": return .bool(!JinjaValue.equal(l, r))
        case "<", ">", "<=", ">=":
            let order: Int
            if let a = l.number, let b = r.number { order = a < b ? -1 : (a > b ? 1 : 0) }
            else if case let .string(a) = l, case let .string(b) = r { order = a < b ? -1 : (a > b ? 1 : 0) }
            else { throw fail() }
            switch op {
            case "<": return .bool(order < 0)
            case ">": return .bool(order > 0)
            case "<=": return .bool(order <= 0)
            default: return .bool(order >= 0)
            }
        case "in":
            switch r {
            case let .string(s): return .bool(s.contains(l.rendered) || l.rendered.isEmpty)
            case let .array(a): return .bool(a.contains { JinjaValue.equal($0, l) })
            case let .object(o): return .bool(o[l.rendered] != nil)
            case .undefined, .none: throw position.error("cannot test membership in a \(r.typeName) value")
            default: throw fail()
            }
        case "~":
            return .string(l.rendered + r.rendered)
        case "+":
            switch (l, r) {
            case let (.string(a), .string(b)): return .string(a + b)
            case let (.array(a), .array(b)): return .array(a + b)
            case let (.int(a), .int(b)): return .int(a &+ b)
            default:
                if let a = l.number, let b = r.number, !(l.isBoolLike && r.isBoolLike) { return .double(a + b) }
                throw fail()
            }
        case "-", "*", "/", "//", "%", "**":
            if op == "*", case let .string(s) = l, case let .int(n) = r { return .string(String(repeating: s, count: max(0, min(n, 100_000)))) }
            if op == "*", case let .array(a) = l, case let .int(n) = r {
                return .array(Array(repeating: a, count: max(0, min(n, 10_000))).flatMap { $0 })
            }
            if case let .int(a) = l, case let .int(b) = r {
                switch op {
                case "-": return .int(a &- b)
                case "*": return .int(a &* b)
                case "/":
                    guard b != 0 else { throw position.error("division by zero") }
                    return .double(Double(a) / Double(b))
                case "//":
                    guard b != 0 else { throw position.error("division by zero") }
                    return .int(Int((Double(a) / Double(b)).rounded(.down)))
                case "%":
                    guard b != 0 else { throw position.error("modulo by zero") }
                    let m = a % b
                    return .int(m != 0 && (m < 0) != (b < 0) ? m + b : m)
                default: return .int(Int(pow(Double(a), Double(b))))
                }
            }
            guard let a = l.number, let b = r.number else { throw fail() }
            switch op {
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/":
                guard b != 0 else { throw position.error("division by zero") }
                return .double(a / b)
            case "//":
                guard b != 0 else { throw position.error("division by zero") }
                return .double((a / b).rounded(.down))
            case "%":
                guard b != 0 else { throw position.error("modulo by zero") }
                let m = a.truncatingRemainder(dividingBy: b)
                return .double(m != 0 && (m < 0) != (b < 0) ? m + b : m)
            default: return .double(pow(a, b))
            }
        default:
            throw position.error("unknown operator `\(op)`")
        }
    }
}

extension JinjaValue {
    var isBoolLike: Bool { if case .bool = self { return true }; return false }
}
