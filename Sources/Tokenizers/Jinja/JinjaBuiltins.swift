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
            let span = (Double(stop) - Double(start)) / Double(step)
            guard span <= 1_000_000 else { throw position.error("range() of more than a million items is too large") }
            let count = span <= 0 ? 0 : Int(span.rounded(.up))
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
        func make(_ f: @escaping ([JinjaValue], SourcePosition) throws -> JinjaValue) -> JinjaValue {
            .function(JinjaFunction(name: name) { args, _, position in try f(args, position) })
        }
        func make(_ f: @escaping ([JinjaValue]) throws -> JinjaValue) -> JinjaValue {
            make { args, _ in try f(args) }
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
        case "replace": return make { args, position in
            guard args.count >= 2 else { return .string(s) }
            return .string(try replacing(s, args[0].rendered, args[1].rendered, position))
        }
        case "split": return make { args in
            if let sep = args.first, !sep.isNone {
                return .array(s.components(separatedBy: sep.rendered).map { .string($0) })
            }
            return .array(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) })
        }
        case "format": return make { args, position in
            var out = s
            for a in args {
                let text = a.rendered
                try checkSize(out.utf8.count + text.utf8.count, "`format`", position)
                if let r = out.range(of: "%s") { out.replaceSubrange(r, with: text) }
            }
            return .string(out)
        }
        default: return nil
        }
    }

    /// `str.replace(old, new)`, refused before it allocates a result larger than the limit.
    static func replacing(_ s: String, _ old: String, _ new: String, _ position: SourcePosition) throws -> String {
        let (length, oldLength, newLength) = (s.utf8.count, old.utf8.count, new.utf8.count)
        if newLength > oldLength {
            // An empty `old` matches before every character and at the end.
            let matches = oldLength == 0 ? s.count + 1 : s.components(separatedBy: old).count - 1
            try checkSize(length + matches * (newLength - oldLength), "`replace`", position)
        }
        return s.replacingOccurrences(of: old, with: new)
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

    static func binary(_ op: String, _ lhs: JinjaValue, _ rhs: JinjaValue, _ position: SourcePosition) throws -> JinjaValue {
        // Python: bools are integers in arithmetic (`true + 1 == 2`).
        let arithmetic = ["+", "-", "*", "/", "//", "%", "**"].contains(op)
        func asInt(_ v: JinjaValue) -> JinjaValue { if arithmetic, case let .bool(b) = v { return .int(b ? 1 : 0) }; return v }
        var (l, r) = (asInt(lhs), asInt(rhs))
        // `3 * 'ab'` and `2 * [1]` repeat like `'ab' * 3`.
        if op == "*", case .int = l { if case .string = r { swap(&l, &r) } else if case .array = r { swap(&l, &r) } }
        func fail() -> TemplateError {
            position.error("cannot apply `\(op)` to a \(l.typeName) and a \(r.typeName)"
                + (op == "+" && (l.typeName == "string" || r.typeName == "string") ? " (use `~` to join text and other values)" : ""))
        }
        switch op {
        case "==": return .bool(JinjaValue.equal(l, r))
        case "!=": return .bool(!JinjaValue.equal(l, r))
        case "<", ">", "<=", ">=":
            guard let order = ordering(l, r) else { throw fail() }
            switch op {
            case "<": return .bool(order < 0)
            case ">": return .bool(order > 0)
            case "<=": return .bool(order <= 0)
            default: return .bool(order >= 0)
            }
        case "in":
            switch r {
            case let .string(s):
                guard case let .string(needle) = l else { throw position.error("`in` a string needs a string on the left, got a \(l.typeName)") }
                return .bool(needle.isEmpty || s.contains(needle))
            case let .array(a): return .bool(a.contains { JinjaValue.equal($0, l) })
            case let .object(o): return .bool(o[l.rendered] != nil)
            case .undefined: return .bool(false)
            case .none: throw position.error("cannot test membership in none")
            default: throw fail()
            }
        case "~":
            let (a, b) = (l.rendered, r.rendered)
            try checkSize(a.utf8.count + b.utf8.count, "`~`", position)
            return .string(a + b)
        case "+":
            switch (l, r) {
            case let (.string(a), .string(b)):
                try checkSize(a.utf8.count + b.utf8.count, "`+`", position)
                return .string(a + b)
            case let (.array(a), .array(b)):
                try checkSize(a.count + b.count, "`+`", position)
                return .array(a + b)
            case let (.int(a), .int(b)): return .int(a &+ b)
            default:
                if let a = l.number, let b = r.number { return .double(a + b) }
                throw fail()
            }
        case "-", "*", "/", "//", "%", "**":
            if op == "*", case let .string(s) = l, case let .int(n) = r {
                let count = max(0, min(n, 100_000))
                try checkSize(s.utf8.count * count, "`'…' * \(n)`", position)
                return .string(String(repeating: s, count: count))
            }
            if op == "*", case let .array(a) = l, case let .int(n) = r {
                let count = max(0, min(n, 10_000))
                try checkSize(a.count * count, "`[…] * \(n)`", position)
                return .array(Array(repeating: a, count: count).flatMap { $0 })
            }
            if case let .int(a) = l, case let .int(b) = r {
                switch op {
                case "-": return .int(a &- b)
                case "*": return .int(a &* b)
                case "/":
                    guard b != 0 else { throw position.error("division by zero") }
                    return .double(Double(a) / Double(b))
                case "//", "%":
                    guard b != 0 else { throw position.error(op == "%" ? "modulo by zero" : "division by zero") }
                    let (q, overflow) = a.dividedReportingOverflow(by: b)
                    guard !overflow else { throw position.error("integer overflow in `\(op)`") }
                    let m = a &- q &* b
                    let adjust = m != 0 && (m < 0) != (b < 0)
                    return op == "%" ? .int(adjust ? m &+ b : m) : .int(adjust ? q &- 1 : q)
                default:
                    let p = pow(Double(a), Double(b))
                    if b >= 0, p.isFinite, abs(p) < 9e18 { return .int(Int(p)) }
                    return .double(p)
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

extension JinjaBuiltins {
    /// Python ordering: numbers, strings, and lists (lexicographic); nil when the types cannot be ordered.
    static func ordering(_ l: JinjaValue, _ r: JinjaValue) -> Int? {
        if let a = l.number, let b = r.number { return a < b ? -1 : (a > b ? 1 : 0) }
        if case let .string(a) = l, case let .string(b) = r {
            let (x, y) = (Array(a.unicodeScalars), Array(b.unicodeScalars))   // Python compares code points
            for (p, q) in zip(x, y) where p != q { return p.value < q.value ? -1 : 1 }
            return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
        }
        if case let .array(a) = l, case let .array(b) = r {
            for (p, q) in zip(a, b) where !JinjaValue.equal(p, q) { return ordering(p, q) }
            return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
        }
        return nil
    }
}
