/// The one argument checker. It binds positional and keyword arguments to a signature and produces
/// every "wrong argument" message in the language, for built-ins, host methods and `def` functions alike.
enum ArgumentChecker {
    /// Bind arguments to `parameters`; returns one value per parameter (variadic ones get a tuple/dict)
    /// and whether each was passed explicitly.
    /// - Parameters:
    ///   - name: the callee as messages show it (`LoraConfig`, `str.split`).
    ///   - checkTypes: false for language functions (they have no declared types).
    static func bind(_ parameters: [Parameter], name: String, positional: [Value], keywords: [(String, Value)],
                     checkTypes: Bool) throws -> (values: [Value], passed: [Bool]) {
        if keywords.isEmpty, positional.count == parameters.count, !checkTypes || parameters.allSatisfy({ $0.type.isAny }),
           parameters.allSatisfy({ $0.kind == .positionalOrKeyword || $0.kind == .positionalOnly }) {
            return (positional, [Bool](repeating: true, count: positional.count))
        }
        if keywords.isEmpty, positional.count < parameters.count,
           let values = try bindPositionalWithDefaults(parameters, name: name, positional: positional, checkTypes: checkTypes) {
            return (values, [Bool](repeating: true, count: positional.count) + [Bool](repeating: false, count: parameters.count - positional.count))
        }
        var values = [Value](repeating: .none, count: parameters.count)
        var passed = [Bool](repeating: false, count: parameters.count)
        var signatureNote: String { "signature: \(name)(\(Parameter.describe(parameters)))" }

        // Positional arguments fill positional parameters in order, the rest go to *args.
        let positionalSlots = parameters.indices.filter {
            parameters[$0].kind == .positionalOnly || parameters[$0].kind == .positionalOrKeyword
        }
        let variadicSlot = parameters.firstIndex { $0.kind == .variadic }
        let keywordsSlot = parameters.firstIndex { $0.kind == .variadicKeywords }
        var extra: [Value] = []
        for (i, value) in positional.enumerated() {
            if i < positionalSlots.count {
                values[positionalSlots[i]] = value
                passed[positionalSlots[i]] = true
            } else {
                extra.append(value)
            }
        }
        if !extra.isEmpty {
            guard let slot = variadicSlot else {
                let required = positionalSlots.filter { parameters[$0].isRequired }.count
                let allowed = positionalSlots.count
                let takes = required == allowed ? "\(allowed)" : "from \(required) to \(allowed)"
                let noun = allowed == 1 && required == allowed ? "argument" : "arguments"
                let verb = positional.count == 1 ? "was" : "were"
                throw ScriptError(.typeError, "\(name)() takes \(takes) positional \(noun) but \(positional.count) \(verb) given",
                                  notes: [signatureNote])
            }
            values[slot] = .tuple(extra)
            passed[slot] = true
        } else if let slot = variadicSlot {
            values[slot] = .tuple([])
        }

        // Keyword arguments match parameters by name, the rest go to **kwargs.
        let extraKeywords = DictObject()
        var positionalOnlyKeywords: [String] = []
        for (key, value) in keywords {
            if let slot = parameters.firstIndex(where: { $0.name == key && $0.kind != .variadic && $0.kind != .variadicKeywords && $0.kind != .positionalOnly })
                ?? parameters.firstIndex(where: { $0.aliases.contains(key) }) {
                if passed[slot] {
                    throw ScriptError(.typeError, "\(name)() got multiple values for argument '\(key)'", notes: [signatureNote])
                }
                values[slot] = value
                passed[slot] = true
            } else if keywordsSlot != nil {
                if extraKeywords.get(key) != nil {
                    throw ScriptError(.typeError, "\(name)() got multiple values for keyword argument '\(key)'")
                }
                extraKeywords.set(key, value)
            } else if parameters.contains(where: { $0.name == key && $0.kind == .positionalOnly }) {
                positionalOnlyKeywords.append(key)
            } else {
                let names = parameters.filter { $0.kind == .positionalOrKeyword || $0.kind == .keywordOnly }.map(\.name)
                let message = "\(name)() got an unexpected keyword argument '\(key)'"
                let suggestion = Suggest.closest(to: key, among: names)
                throw ScriptError(.typeError, message,
                                  help: unexpectedKeywordHelp(key, value: value, suggestion: suggestion, names: names, callee: name),
                                  suggestion: suggestion)
            }
        }
        if let slot = keywordsSlot {
            values[slot] = .dict(extraKeywords)
            passed[slot] = extraKeywords.count > 0
        }
        if !positionalOnlyKeywords.isEmpty {
            throw ScriptError(.typeError, "\(name)() got some positional-only arguments passed as keyword arguments: '\(positionalOnlyKeywords.joined(separator: ", "))'",
                              notes: [signatureNote], help: "pass \(positionalOnlyKeywords.joined(separator: ", ")) by position: the parameters before / take no names")
        }

        // Defaults and missing required arguments (positional ones first, as CPython reports them).
        var missing: [String] = []
        var missingKeywordOnly: [String] = []
        for (i, parameter) in parameters.enumerated() where !passed[i] {
            if let defaultValue = parameter.defaultValue {
                values[i] = defaultValue
            } else if parameter.isRequired {
                if parameter.kind == .keywordOnly { missingKeywordOnly.append(parameter.name) } else { missing.append(parameter.name) }
            }
        }
        // A `def` function words it as CPython does (positional/keyword-only); built-ins keep the plain word.
        for (names, kind) in [(missing, checkTypes ? "" : "positional "), (missingKeywordOnly, checkTypes ? "" : "keyword-only ")] where !names.isEmpty {
            let noun = names.count == 1 ? "argument" : "arguments"
            throw ScriptError(.typeError, "\(name)() missing \(names.count) required \(kind)\(noun): \(Suggest.quotedList(names))", notes: [signatureNote])
        }

        if checkTypes {
            for (i, parameter) in parameters.enumerated() where passed[i] {
                values[i] = try checkType(values[i], parameter, name: name)
            }
        }
        return (values, passed)
    }

    /// `f(a)` of `f(a, b=1)`: positional arguments only, the rest of the parameters plain ones with
    /// defaults; the first `positional.count` parameters are the passed ones. nil when the call needs the
    /// general binding (or its messages).
    static func bindPositionalWithDefaults(_ parameters: [Parameter], name: String, positional: [Value],
                                           checkTypes: Bool) throws -> [Value]? {
        guard positional.count <= parameters.count else { return nil }
        var values = positional
        if positional.count < parameters.count { values.reserveCapacity(parameters.count) }
        for i in parameters.indices {
            let parameter = parameters[i]
            guard parameter.kind == .positionalOrKeyword || parameter.kind == .positionalOnly else { return nil }
            if i >= positional.count {
                guard let defaultValue = parameter.defaultValue else { return nil }
                values.append(defaultValue)
            } else if checkTypes, !parameter.type.isAny {
                values[i] = try checkType(positional[i], parameter, name: name)
            }
        }
        return values
    }

    /// The one-line fix for an unknown keyword: the rename when a close name exists, else the nearest
    /// few valid names (all of them when there are only a few), and where the full list is.
    static func unexpectedKeywordHelp(_ key: String, value: Value, suggestion: String?, names: [String], callee: String) -> String {
        guard !names.isEmpty else { return "\(callee)() takes no keyword arguments" }
        let helpName = callee.hasSuffix(".__init__") ? String(callee.dropLast(9)) : callee
        let all = names.count > 6 ? "; ?\(helpName) lists all \(names.count) arguments" : ""
        if let suggestion {
            let repr = Repr.repr(value)
            let shown = repr.count <= 30 && !repr.contains("\n") ? repr : "…"
            return "write \(suggestion)=\(shown) instead of \(key)=\(shown)\(all)"
        }
        if names.count <= 6 { return "valid keyword arguments: " + names.joined(separator: ", ") }
        let lower = key.lowercased()
        let nearest = names.sorted {
            let a = Suggest.distance(lower, $0.lowercased()), b = Suggest.distance(lower, $1.lowercased())
            return a != b ? a < b : $0 < $1
        }.prefix(3)
        return "the closest valid arguments are " + nearest.joined(separator: ", ") + all
    }

    /// The value checked against the parameter's type: itself, or the string a str-valued enum member
    /// (`TaskType.SEQ_CLS`, a `class Split(str, Enum)` member) stands for where a `str` is expected.
    private static func checkType(_ value: Value, _ parameter: Parameter, name: String) throws -> Value {
        switch parameter.kind {
        case .variadic:
            for item in value.sequenceItems ?? [] where !parameter.type.accepts(item) {
                throw ScriptError(.typeError, "\(name)() arguments must be \(parameter.type.description), not \(item.typeName)")
            }
            return value
        case .variadicKeywords:
            return value
        default:
            break
        }
        if !parameter.type.accepts(value), case .host(let host) = value, case .str(let text)? = host.scalarValue(),
           parameter.type.accepts(.str(text)) {
            return try checkType(.str(text), parameter, name: name)
        }
        guard parameter.type.accepts(value) else {
            throw ScriptError(.typeError, "\(name)() argument '\(parameter.name)' must be \(parameter.type.description), not \(value.typeName)",
                              notes: ["got \(Repr.repr(value))"])
        }
        var type = parameter.type
        if case .optional(let inner) = type { type = inner }
        if case .choice(let allowed) = type, case .str(let s) = value, !allowed.contains(s) {
            let message = "\(name)() argument '\(parameter.name)' must be one of " + allowed.map { "'\($0)'" }.joined(separator: ", ")
                + ", not '\(s)'"
            let suggestion = Suggest.closest(to: s, among: allowed)
            throw ScriptError(.valueError, message, suggestion: suggestion)
        }
        return value
    }
}

/// "Did you mean" suggestions for names, attributes, keywords and choices.
enum Suggest {
    /// Names people commonly type for the Hugging Face parameter they mean.
    static let synonyms: [String: String] = [
        "rank": "r", "alpha": "lora_alpha", "dropout": "lora_dropout", "lr": "learning_rate",
        "epochs": "num_train_epochs", "batch_size": "per_device_train_batch_size", "modules": "target_modules",
    ]

    /// The closest candidate to `name`, or nil when none is close enough.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let unique = Array(Set(candidates)).sorted()
        if let synonym = synonyms[name], unique.contains(synonym) { return synonym }
        let lower = name.lowercased()
        if let sameCase = unique.first(where: { $0.lowercased() == lower && $0 != name }) { return sameCase }
        let limit = max(1, (name.count + 2) / 3)
        var best: (String, Int)?
        for candidate in unique where candidate != name {
            let d = distance(lower, candidate.lowercased())
            if d <= limit, best == nil || d < best?.1 ?? Int.max { best = (candidate, d) }
        }
        if let found = best { return found.0 }
        if name.count >= 4, let containing = unique.filter({ $0.lowercased().contains(lower) }).min(by: { $0.count < $1.count }) {
            return containing
        }
        return nil
    }

    /// Damerau-Levenshtein (optimal string alignment) distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { best = min(best, table[i - 2][j - 2] + 1) }
                table[i][j] = best
            }
        }
        return table[x.count][y.count]
    }

    /// CPython's list of names in a message: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`.
    static func quotedList(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        switch quoted.count {
        case 0, 1: return quoted.first ?? ""
        case 2: return quoted[0] + " and " + quoted[1]
        default: return quoted.dropLast().joined(separator: ", ") + ", and " + (quoted.last ?? "")
        }
    }
}
