import PythonBasics

/// `re.Match`: the result of a successful match, with CPython's methods and repr.
final class ReMatch: HostObject {
    let pattern: RePattern
    let text: String
    let points: [UInt32]
    /// `[start0, end0, start1, end1, …]`, -1 for groups that did not take part.
    let spans: [Int]
    let pos: Int
    let endpos: Int

    init(pattern: RePattern, text: String, points: [UInt32], spans: [Int], pos: Int, endpos: Int) {
        self.pattern = pattern
        self.text = text
        self.points = points
        self.spans = spans
        self.pos = pos
        self.endpos = endpos
    }

    var typeName: String { "re.Match" }

    func repr() -> String {
        "<re.Match object; span=(\(spans[0]), \(spans[1])), match=\(Repr.string(groupText(0) ?? ""))>"
    }

    var attributeNames: [String] {
        ["end", "endpos", "expand", "group", "groupdict", "groups", "lastgroup", "lastindex", "pos", "re", "span", "start", "string"]
    }

    func groupText(_ g: Int) -> String? {
        spans[2 * g] < 0 ? nil : RegexPattern.string(points, spans[2 * g]..<spans[2 * g + 1])
    }

    /// The group number for an int or a group name; IndexError "no such group" otherwise.
    func groupIndex(_ key: Value) throws -> Int {
        switch key {
        case .int(let n) where n >= 0 && n <= pattern.regex.groupCount: return n
        case .bool(let b): return b ? 1 : 0
        case .str(let name):
            if let n = pattern.regex.groupNames.first(where: { $0.name == name })?.index { return n }
        default: break
        }
        throw ScriptError(.indexError, "no such group", notes: ["the pattern has \(pattern.regex.groupCount) group(s)"
            + (pattern.regex.groupNames.isEmpty ? "" : "; names: " + pattern.regex.groupNames.map(\.name).joined(separator: ", "))])
    }

    private func value(_ g: Int, default fallback: Value = .none) -> Value {
        groupText(g).map(Value.str) ?? fallback
    }

    func getItem(_ key: Value, context: CallContext) throws -> Value { value(try groupIndex(key)) }

    func truthValue() throws -> Bool? { true }

    func getAttribute(_ name: String, context: CallContext) throws -> Value? {
        let groupParameter = [Parameter("group", default: .int(0))]
        switch name {
        case "string": return .str(text)
        case "re": return .host(pattern)
        case "pos": return .int(pos)
        case "endpos": return .int(endpos)
        case "lastindex", "lastgroup":
            // The group that closed last: the one with the largest end, outermost on ties (CPython's lastindex).
            var last: Int? = nil
            if pattern.regex.groupCount > 0 {
                for g in 1...pattern.regex.groupCount where spans[2 * g] >= 0 {
                    if last == nil || spans[2 * g + 1] > spans[2 * (last ?? 0) + 1] { last = g }
                }
            }
            guard let last else { return Value.none }
            if name == "lastindex" { return .int(last) }
            return pattern.regex.groupNames.first(where: { $0.index == last }).map { .str($0.name) } ?? Value.none
        case "group":
            return hostMethod("group", owner: "Match", [.variadic("groups")], doc: "One group's text (0 = whole match), or a tuple of several.",
                              example: "m.group(1)") { args in
                let keys = args.variadic
                if keys.isEmpty { return self.value(0) }
                if keys.count == 1 { return self.value(try self.groupIndex(keys[0])) }
                return .tuple(try keys.map { self.value(try self.groupIndex($0)) })
            }
        case "groups":
            return hostMethod("groups", owner: "Match", [Parameter("default", default: Value.none)], doc: "A tuple of every group's text.") { args in
                guard self.pattern.regex.groupCount > 0 else { return .tuple([]) }
                return .tuple((1...self.pattern.regex.groupCount).map { self.value($0, default: args["default"]) })
            }
        case "groupdict":
            return hostMethod("groupdict", owner: "Match", [Parameter("default", default: Value.none)], doc: "A dict of the named groups.") { args in
                .dict(self.pattern.regex.groupNames.map { ($0.name, self.value($0.index, default: args["default"])) })
            }
        case "start", "end":
            return hostMethod(name, owner: "Match", groupParameter, doc: "Where the group starts/ends (-1 if it did not take part).") { args in
                let g = try self.groupIndex(args["group"])
                return .int(self.spans[2 * g + (name == "end" ? 1 : 0)])
            }
        case "span":
            return hostMethod("span", owner: "Match", groupParameter, doc: "(start, end) of the group.") { args in
                let g = try self.groupIndex(args["group"])
                return .tuple([.int(self.spans[2 * g]), .int(self.spans[2 * g + 1])])
            }
        case "expand":
            return hostMethod("expand", owner: "Match", [Parameter("template", .str)], doc: "The template with group references filled in.") { args in
                let pieces = try ReTemplate.parse(try args.string("template"), pattern: self.pattern.regex)
                return .str(ReTemplate.expand(pieces, points: self.points, spans: self.spans))
            }
        default: return nil
        }
    }
}
