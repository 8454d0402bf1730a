import Foundation
import PythonBasics

extension JinjaBuiltins {
    /// `value | name(args)`.
    static func filter(_ name: String, _ value: JinjaValue, _ args: [JinjaValue], _ kwargs: [(String, JinjaValue)],
                       _ position: SourcePosition) throws -> JinjaValue {
        func kw(_ key: String, _ index: Int) -> JinjaValue? {
            kwargs.first { $0.0 == key }?.1 ?? (index < args.count ? args[index] : nil)
        }
        switch name {
        case "trim":
            return .string(strip(value.rendered, kw("chars", 0).map(\.rendered), leading: true, trailing: true))
        case "upper": return .string(value.rendered.uppercased())
        case "lower": return .string(value.rendered.lowercased())
        case "title": return .string(value.rendered.capitalized)
        case "capitalize":
            let s = value.rendered
            return .string(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        case "length", "count":
            switch value {
            case let .string(s): return .int(s.count)
            case let .array(a): return .int(a.count)
            case let .object(o): return .int(o.entries.count)
            case .undefined: return .int(0)
            default: throw position.error("`\(name)` needs a string, list or dict, got a \(value.typeName)")
            }
        case "tojson":
            let indent = kw("indent", 0).flatMap { if case let .int(i) = $0 { return i }; return nil }
            // Each line is indented by at most `indent` × depth (≤ JinjaLimits.maxNesting) spaces.
            if let indent, indent > 1_000 { throw position.error("`tojson(indent=\(indent))`: an indent of more than 1000 spaces is not supported") }
            let (size, depth) = value.size(upTo: JinjaLimits.hardValueSize)
            try checkSize(size * (1 + max(0, indent ?? 0) * depth), "`tojson`", position)
            return .string(try JinjaJSON.dump(value, indent: indent, sortKeys: kw("sort_keys", 99)?.truthy ?? false, position))
        case "string": return .string(value.rendered)
        case "safe": return value
        case "e", "escape":
            return .string(value.rendered.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&#34;")
                .replacingOccurrences(of: "'", with: "&#39;"))
        case "default", "d":
            let fallback = kw("default_value", 0) ?? .string("")
            let boolean = kw("boolean", 1)?.truthy ?? false
            if value.isUndefined || (boolean && !value.truthy) { return fallback }
            return value
        case "first":
            return try iterate(value, position).first ?? .undefined("first")
        case "last":
            return try iterate(value, position).last ?? .undefined("last")
        case "join":
            let separator = kw("d", 0)?.rendered ?? ""
            var items = try iterate(value, position)
            if let attribute = kw("attribute", 1)?.rendered {
                items = try items.map { try self.attribute($0, attribute, position, baseDescription: "an item", methods: false) }
            }
            let texts = items.map(\.rendered)
            try checkSize(texts.reduce(0) { $0 + $1.utf8.count } + separator.utf8.count * max(0, texts.count - 1), "`join`", position)
            return .string(texts.joined(separator: separator))
        case "list": return .array(try iterate(value, position))
        case "reverse":
            if case let .string(s) = value { return .string(String(s.reversed())) }
            return .array(try iterate(value, position).reversed())
        case "items":
            guard case let .object(o) = value else { return .array([]) }
            return .array(o.entries.map { .array([.string($0.0), $0.1]) })
        case "int":
            switch value {
            case let .int(i): return .int(i)
            case let .double(d): return .int(d.isFinite && abs(d) < 9e18 ? Int(d.rounded(.towardZero)) : 0)
            case let .string(s): return .int(Int(s.trimmingCharacters(in: .whitespaces)) ?? 0)
            case let .bool(b): return .int(b ? 1 : 0)
            default: return .int(0)
            }
        case "float":
            return .double(value.number ?? Double(value.rendered.trimmingCharacters(in: .whitespaces)) ?? 0)
        case "abs":
            switch value {
            case let .int(i): return .int(abs(i))
            case let .double(d): return .double(abs(d))
            case let .bool(b): return .int(b ? 1 : 0)
            default: throw position.error("`abs` needs a number, got a \(value.typeName)")
            }
        case "replace":
            guard args.count >= 2 else { throw position.error("`replace` needs the old and the new text") }
            return .string(try replacing(value.rendered, args[0].rendered, args[1].rendered, position))
        case "selectattr", "rejectattr":
            guard let attributeName = args.first?.rendered else { throw position.error("`\(name)` needs an attribute name") }
            let testName = args.count > 1 ? args[1].rendered : nil
            let testArgs = Array(args.dropFirst(2))
            let kept = try iterate(value, position).filter { item in
                let v = try attribute(item, attributeName, position, baseDescription: "an item", methods: false)
                let ok = try testName.map { try test($0, v, testArgs, position) } ?? v.truthy
                return name == "selectattr" ? ok : !ok
            }
            return .array(kept)
        case "map":
            guard let attributeName = kw("attribute", 99)?.rendered else {
                if let filterName = args.first?.rendered {
                    return .array(try iterate(value, position).map { try filter(filterName, $0, Array(args.dropFirst()), [], position) })
                }
                throw position.error("`map` needs attribute=... or a filter name")
            }
            return .array(try iterate(value, position).map { try attribute($0, attributeName, position, baseDescription: "an item", methods: false) })
        case "unique":
            var seen: [JinjaValue] = []
            let items = try iterate(value, position)
            // Equality is Python's (1 == 1.0 == true), so items are compared pairwise: bound the pairs.
            guard items.count <= 10_000 else { throw position.error("`unique` of more than 10000 items is not supported") }
            for item in items where !seen.contains(where: { JinjaValue.equal($0, item) }) { seen.append(item) }
            return .array(seen)
        default:
            throw position.error("unknown filter `\(name)`: supported are trim, length, tojson, upper, lower, default, first, last, join, replace, string, int, list, items, selectattr, map, ...")
        }
    }

    /// `value is name(args)`.
    static func test(_ name: String, _ value: JinjaValue, _ args: [JinjaValue], _ position: SourcePosition) throws -> Bool {
        switch name {
        case "defined": return !value.isUndefined
        case "undefined": return value.isUndefined
        case "none": return value.isNone
        case "string": if case .string = value { return true }; return false
        case "number":
            switch value {
            case .int, .double, .bool: return true
            default: return false
            }
        case "integer": if case .int = value { return true }; return false
        case "float": if case .double = value { return true }; return false
        case "boolean": if case .bool = value { return true }; return false
        case "true": if case .bool(true) = value { return true }; return false
        case "false": if case .bool(false) = value { return true }; return false
        case "mapping": if case .object = value { return true }; if case .namespace = value { return true }; return false
        case "sequence", "iterable":
            switch value {
            case .array, .string, .object: return true
            case .undefined: return name == "iterable"
            default: return false
            }
        case "callable": if case .function = value { return true }; return false
        case "equalto", "eq", "==", "sameas": return JinjaValue.equal(value, args.first ?? .none)
        case "ne", "!=": return !JinjaValue.equal(value, args.first ?? .none)
        case "odd", "even":
            guard case let .int(i) = value else { throw position.error("`\(name)` needs an integer") }
            return (i % 2 != 0) == (name == "odd")
        case "divisibleby":
            guard case let .int(i) = value, case let .int(d)? = args.first, d != 0 else { throw position.error("`divisibleby` needs integers") }
            return i % d == 0
        case "in": return try binary("in", value, args.first ?? .none, position).truthy
        case "gt", "lt", "ge", "le", ">", "<", ">=", "<=":
            let map = ["gt": ">", "lt": "<", "ge": ">=", "le": "<="]
            return try binary(map[name] ?? name, value, args.first ?? .none, position).truthy
        default:
            throw position.error("unknown test `is \(name)`: supported are defined, none, string, number, mapping, iterable, equalto, odd, even, ...")
        }
    }
}

/// Python's `json.dumps(value, ensure_ascii=False, indent=…)` (transformers' `tojson`).
enum JinjaJSON {
    /// transformers' `tojson` filter: `json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)`.
    /// A namespace can hold itself (`{% set ns.me = ns %}`): nesting deeper than `JinjaLimits.maxNesting` is an
    /// error, as Python's `ValueError: Circular reference detected`.
    static func dump(_ value: JinjaValue, indent: Int?, sortKeys: Bool, _ position: SourcePosition) throws -> String {
        try jsonValue(value, depth: 0, position).dumps(indent: indent, sortKeys: sortKeys, ensureASCII: false)
    }

    private static func jsonValue(_ value: JinjaValue, depth: Int, _ position: SourcePosition) throws -> JSONValue {
        guard depth <= JinjaLimits.maxNesting else {
            throw position.error("`tojson`: the value nests more than \(JinjaLimits.maxNesting) levels deep (a namespace that holds itself?)")
        }
        switch value {
        case .undefined, .none: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .array(items): return .array(try items.map { try jsonValue($0, depth: depth + 1, position) })
        case let .object(o): return .object(try o.entries.map { ($0.0, try jsonValue($0.1, depth: depth + 1, position)) })
        case let .namespace(n): return .object(try n.object.entries.map { ($0.0, try jsonValue($0.1, depth: depth + 1, position)) })
        case let .function(f): return .string("<function \(f.name)>")
        }
    }
}
