import Foundation

/// seqeval's strict mode (`mode="strict", scheme=IOB2`, `seqeval.metrics.v1`): an entity counts only
/// when its tags follow the scheme exactly — under IOB2 an `I-` without its `B-` starts nothing, and
/// `B-X B-X` are two entities. Tokens are parsed and chunked with the scheme's start/inside/end patterns,
/// as seqeval's `Tokens.entities` does.
extension SequenceLabeling {
    /// seqeval's `seqeval.scheme` classes.
    public enum Scheme: String, CaseIterable {
        case iob1 = "IOB1", ioe1 = "IOE1", iob2 = "IOB2", ioe2 = "IOE2", iobes = "IOBES", bilou = "BILOU"

        /// (previous prefixes, current prefixes, tag condition); prefixes as sets of letters, "*" = any.
        typealias Pattern = (previous: String, current: String, tag: TagCondition)
        enum TagCondition { case any, same, different }

        var allowed: String {
            switch self {
            case .iob1, .iob2: return "IOB"
            case .ioe1, .ioe2: return "IOE"
            case .iobes: return "IOBES"
            case .bilou: return "IOBLU"   // seqeval prints Prefix flags in definition order: I, O, B, E, S, U, L
            }
        }

        /// How seqeval prints the allowed prefixes in its error (`I|O|B`).
        var allowedText: String { allowed.map(String.init).joined(separator: "|") }

        var startPatterns: [Pattern] {
            switch self {
            case .iob1: return [("O", "I", .any), ("I", "I", .different), ("B", "I", .any), ("I", "B", .same), ("B", "B", .same)]
            case .ioe1: return [("O", "I", .any), ("I", "I", .different), ("E", "I", .any), ("E", "E", .same)]
            case .iob2: return [("*", "B", .any)]
            case .ioe2: return [("O", "I", .any), ("O", "E", .any), ("E", "I", .any), ("E", "E", .any), ("I", "I", .different), ("I", "E", .different)]
            case .iobes: return [("*", "B", .any), ("*", "S", .any)]
            case .bilou: return [("*", "B", .any), ("*", "U", .any)]
            }
        }

        var insidePatterns: [Pattern] {
            switch self {
            case .iob1, .iob2: return [("B", "I", .same), ("I", "I", .same)]
            case .ioe1, .ioe2: return [("I", "I", .same), ("I", "E", .same)]
            case .iobes: return [("B", "I", .same), ("B", "E", .same), ("I", "I", .same), ("I", "E", .same)]
            case .bilou: return [("B", "I", .same), ("B", "L", .same), ("I", "I", .same), ("I", "L", .same)]
            }
        }

        var endPatterns: [Pattern] {
            switch self {
            case .iob1: return [("I", "I", .different), ("I", "O", .any), ("I", "B", .any), ("B", "O", .any), ("B", "I", .different), ("B", "B", .same)]
            case .ioe1: return [("I", "I", .different), ("I", "O", .any), ("I", "E", .different), ("E", "I", .same), ("E", "E", .same)]
            case .iob2: return [("I", "O", .any), ("I", "I", .different), ("I", "B", .any), ("B", "O", .any), ("B", "I", .different), ("B", "B", .any)]
            case .ioe2: return [("E", "*", .any)]
            case .iobes: return [("S", "*", .any), ("E", "*", .any)]
            case .bilou: return [("U", "*", .any), ("L", "*", .any)]
            }
        }
    }

    /// One parsed tag: its prefix letter and type (`"_"` when it has none).
    struct SchemeToken {
        let prefix: Character
        let type: String

        init(_ text: String, suffix: Bool, scheme: Scheme) throws {
            guard let letter = suffix ? text.last : text.first, "IOBESUL".contains(letter) else {
                throw TrainingError(.keyError, "'\(suffix ? text.last.map(String.init) ?? "" : text.first.map(String.init) ?? "")'",
                                    notes: ["seqeval reads the first letter of every tag (\(text.isEmpty ? "an empty tag" : "'\(text)'")) as its prefix: I, O, B, E, S, U or L"],
                                    help: "use tags like 'B-PER', 'I-PER' and 'O'")
            }
            guard scheme.allowed.contains(letter) else {
                throw TrainingError.value("Invalid token is found: \(text). Allowed prefixes are: \(scheme.allowedText).",
                                          help: "mode='strict' with scheme=\(scheme.rawValue) accepts only the prefixes \(scheme.allowedText); pick the scheme your tags use")
            }
            prefix = letter
            let rest = suffix ? String(text.dropLast()) : String(text.dropFirst())
            let stripped = rest.drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed()
            type = stripped.isEmpty ? "_" : String(stripped)
        }

        func matches(_ previous: SchemeToken, _ patterns: [Scheme.Pattern]) -> Bool {
            patterns.contains { pattern in
                guard pattern.previous == "*" || pattern.previous.contains(previous.prefix),
                      pattern.current == "*" || pattern.current.contains(prefix) else { return false }
                switch pattern.tag {
                case .any: return true
                case .same: return previous.type == type
                case .different: return previous.type != type
                }
            }
        }
    }

    /// seqeval's `Entities(sequences, scheme)`: every sentence's entities, positions within the sentence
    /// (`start`, exclusive `end` − 1 stored as `end`) and the sentence index folded into `start`/`end` so
    /// entities of different sentences never compare equal.
    static func strictEntities(_ sentences: [[String]], scheme: Scheme, suffix: Bool) throws -> [Entity] {
        var out: [Entity] = []
        var base = 0
        for sentence in sentences {
            let tokens = try sentence.map { try SchemeToken($0, suffix: suffix, scheme: scheme) }
                + [try SchemeToken("O", suffix: suffix, scheme: scheme)]
            var i = 0
            var previous = tokens[tokens.count - 1]
            while i < tokens.count {
                let token = tokens[i]
                if token.matches(previous, scheme.startPatterns) {
                    var end = tokens.count - 2   // seqeval's `_forward` fallback
                    var inside = token
                    for j in (i + 1)..<tokens.count {
                        if tokens[j].matches(inside, scheme.insidePatterns) { inside = tokens[j] } else { end = j; break }
                    }
                    if end > 0, end < tokens.count, tokens[end].matches(tokens[end - 1], scheme.endPatterns) {
                        out.append(Entity(type: token.type, start: base + i, end: base + end - 1))
                    }
                    i = max(end, i + 1)
                } else {
                    i += 1
                }
                previous = tokens[i - 1]
            }
            base += sentence.count + 1
        }
        return out
    }
}

extension SequenceLabeling.Scheme {
    /// seqeval's `auto_detect` (strict mode without a scheme): IOB2, IOE2, IOBES or BILOU from the set
    /// of prefixes the reference tags use.
    public static func detect(_ sentences: [[String]], suffix: Bool = false) throws -> Self {
        var prefixes = Set<Character>()
        for tag in sentences.joined() {
            guard let letter = suffix ? tag.last : tag.first, "IOBESUL".contains(letter) else {
                throw TrainingError.value("This scheme is not supported: \(tag)", help: "use tags like 'B-PER', 'I-PER' and 'O'")
            }
            prefixes.insert(letter)
        }
        let key = String(prefixes.sorted())
        func sets(_ items: [String]) -> Set<String> { Set(items.map { String($0.sorted()) }) }
        if sets(["IOB", "IB", "BO", "B"]).contains(key) { return .iob2 }
        if sets(["IOE", "IE", "EO", "E"]).contains(key) { return .ioe2 }
        if sets(["IOBES", "IBES", "IOBE", "OBES", "IBE", "BES", "OBE", "BE", "S"]).contains(key) { return .iobes }
        if sets(["IOBLU", "IBLU", "IOBL", "OBLU", "IBL", "BLU", "OBL", "BL", "U"]).contains(key) { return .bilou }
        throw TrainingError.value("Scheme not detected.", help: "pass scheme='IOB2' (or IOE2, IOBES, BILOU) with mode='strict'")
    }
}
