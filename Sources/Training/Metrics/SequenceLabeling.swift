import Foundation

/// seqeval's entity-level scores (its default, conlleval-compatible mode, and strict mode in
/// `SequenceLabelingStrict.swift`) as `evaluate.load("seqeval")`
/// reports them: entities from IOB/IOE/IOBES tags (`get_entities`: an `I-` without a `B-` starts an
/// entity, a change of type ends one), per type and micro-averaged precision/recall/F1, and token accuracy.
public enum SequenceLabeling {
    /// One entity: its type and first/last token position in the flattened sequence.
    public struct Entity: Hashable {
        public let type: String
        public let start: Int
        public let end: Int
    }

    /// seqeval's `get_entities(seq, suffix=False)` over sentences (each followed by an `O`, as seqeval flattens them).
    public static func entities(_ sentences: [[String]], suffix: Bool = false) -> [Entity] {
        var sequence: [String] = []
        for sentence in sentences { sequence += sentence + ["O"] }
        var previousTag = "O", previousType = ""
        var begin = 0
        var chunks: [Entity] = []
        for (i, chunk) in (sequence + ["O"]).enumerated() {
            let tag: String, type: String
            if suffix {
                tag = chunk.last.map(String.init) ?? ""
                let head = String(chunk.dropLast())
                let base = head.range(of: "-", options: .backwards).map { String(head[..<$0.lowerBound]) } ?? head
                type = base.isEmpty ? "_" : base
            } else {
                tag = chunk.first.map(String.init) ?? ""
                let rest = String(chunk.dropFirst())
                let last = rest.firstIndex(of: "-").map { String(rest[rest.index(after: $0)...]) } ?? rest
                type = last.isEmpty ? "_" : last
            }
            if endOfChunk(previousTag, tag, previousType, type) { chunks.append(Entity(type: previousType, start: begin, end: i - 1)) }
            if startOfChunk(previousTag, tag, previousType, type) { begin = i }
            previousTag = tag
            previousType = type
        }
        return chunks
    }

    static func endOfChunk(_ prevTag: String, _ tag: String, _ prevType: String, _ type: String) -> Bool {
        if prevTag == "E" || prevTag == "S" { return true }
        if prevTag == "B" || prevTag == "I", tag == "B" || tag == "S" || tag == "O" { return true }
        return prevTag != "O" && prevTag != "." && prevType != type
    }

    static func startOfChunk(_ prevTag: String, _ tag: String, _ prevType: String, _ type: String) -> Bool {
        if tag == "B" || tag == "S" { return true }
        if prevTag == "E" || prevTag == "S" || prevTag == "O", tag == "E" || tag == "I" { return true }
        return tag != "O" && tag != "." && prevType != type
    }

    /// Precision, recall, F1 and support (`number`) of one entity type, or of all (micro average).
    public struct Scores: Equatable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var number: Int
    }

    /// The report `evaluate`'s seqeval returns: per type (sorted names) and overall (micro) scores, and
    /// the token accuracy. `zeroDivision` is the value of an undefined precision or recall (seqeval's
    /// "warn" is 0 and reports through `onWarning`).
    /// `scheme` non-nil is seqeval's strict mode (`mode="strict", scheme=IOB2`): entities must follow the scheme.
    public static func report(references: [[String]], predictions: [[String]], suffix: Bool = false, zeroDivision: Double? = nil,
                              scheme: Scheme? = nil, onWarning: (String) -> Void = MetricWarnings.standardError) throws
        -> (types: [(name: String, scores: Scores)], overall: Scores, accuracy: Double) {
        guard references.count == predictions.count, zip(references, predictions).allSatisfy({ $0.count == $1.count }) else {
            throw TrainingError.value("Found input variables with inconsistent numbers of samples",
                                      help: "predictions and references need the same sentences with the same number of tags")
        }
        var truth: [String: Set<Entity>] = [:], guessed: [String: Set<Entity>] = [:]
        let trueEntities = try scheme.map { try strictEntities(references, scheme: $0, suffix: suffix) } ?? entities(references, suffix: suffix)
        let predictedEntities = try scheme.map { try strictEntities(predictions, scheme: $0, suffix: suffix) } ?? entities(predictions, suffix: suffix)
        for entity in trueEntities { truth[entity.type, default: []].insert(entity) }
        for entity in predictedEntities { guessed[entity.type, default: []].insert(entity) }
        let names = Set(truth.keys).union(guessed.keys).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        var types: [(name: String, scores: Scores)] = []
        var allTP = 0, allPred = 0, allTrue = 0
        var warnedPrecision = false, warnedRecall = false
        func divide(_ a: Int, _ b: Int, _ metric: String, _ modifier: String, _ warned: inout Bool) -> Double {
            if b > 0 { return Double(a) / Double(b) }
            if zeroDivision == nil, !warned {
                warned = true
                onWarning("UndefinedMetricWarning: \(metric) is ill-defined and being set to 0.0 in labels with no \(modifier) samples. Use `zero_division` parameter to control this behavior.")
            }
            return zeroDivision ?? 0
        }
        func scores(tp: Int, predicted: Int, actual: Int) -> Scores {
            let p = divide(tp, predicted, "Precision", "predicted", &warnedPrecision)
            let r = divide(tp, actual, "Recall", "true", &warnedRecall)
            return Scores(precision: p, recall: r, f1: p + r == 0 ? 0 : 2 * p * r / (p + r), number: actual)
        }
        for name in names {
            let t = truth[name] ?? [], g = guessed[name] ?? []
            let tp = t.intersection(g).count
            types.append((name, scores(tp: tp, predicted: g.count, actual: t.count)))
            allTP += tp; allPred += g.count; allTrue += t.count
        }
        let overall = scores(tp: allTP, predicted: allPred, actual: allTrue)
        let tokens = zip(references.joined(), predictions.joined())
        let total = references.reduce(0) { $0 + $1.count }
        let accuracy = total == 0 ? Double.nan : Double(tokens.filter { $0 == $1 }.count) / Double(total)
        return (types, overall, accuracy)
    }
}
