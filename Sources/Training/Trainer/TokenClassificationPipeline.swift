import Foundation
import Models
import TensorCore
import Tokenizers

/// One entity (or tagged token) found by `pipeline("ner")`: transformers' dict fields.
public struct TokenEntity: Equatable {
    /// `entity` (the tag, aggregation "none") or `entity_group` (the type, other strategies).
    public var label: String
    public var score: Double
    /// The token index in the encoded text (aggregation "none" only; [CLS] is 0).
    public var index: Int?
    public var word: String
    public var start: Int
    public var end: Int
}

/// How tokens are merged into entities (`aggregation_strategy=`), as in transformers.
public enum AggregationStrategy: String, CaseIterable {
    case none, simple, first, average, max
}

/// `pipeline("ner" | "token-classification", model=…, tokenizer=…, aggregation_strategy=…)`:
/// softmax over the labels of every token, then transformers' `TokenClassificationPipeline.postprocess`
/// (sub-words found by comparing a token with its text span, `O` dropped, B-/I- tags grouped).
public final class TokenClassificationPipeline {
    public let model: TrainerModel
    public let tokenizer: WordPieceTokenizer
    public var aggregation: AggregationStrategy
    public var ignoreLabels: [String] = ["O"]
    /// `stride=`: run over the whole text in overlapping windows (nil: truncate to `model_max_length`).
    public var stride: Int?

    public init(model: TrainerModel, tokenizer: any Tokenizer, aggregation: AggregationStrategy = .none) throws {
        guard let wordPiece = tokenizer as? WordPieceTokenizer else {
            throw TrainingError.value("the token-classification pipeline needs a WordPiece (BERT/DistilBERT) tokenizer",
                                      help: "use the tokenizer of the BERT or DistilBERT model you trained")
        }
        self.model = model
        self.tokenizer = wordPiece
        self.aggregation = aggregation
    }

    /// A token with its text span and label probabilities (transformers' "pre-entity").
    struct PreEntity {
        var word: String
        var scores: [Double]
        var start: Int
        var end: Int
        var index: Int
        var isSubword: Bool
    }

    /// The entities of each text.
    public func callAsFunction(_ texts: [String]) throws -> [[TokenEntity]] {
        try texts.map { try entities($0) }
    }

    func entities(_ text: String) throws -> [TokenEntity] {
        let windows = try encodedWindows(text)
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        var found: [TokenEntity] = []
        for window in windows { found += try aggregate(preEntities(window, text: text)) }
        return windows.count > 1 ? Self.mergeOverlapping(found) : found
    }

    /// The encoded text: one window truncated to `model_max_length`, or with `stride` every window of
    /// `model_max_length` tokens, each overlapping the previous by `stride` tokens (the fast tokenizer's
    /// `return_overflowing_tokens=True, stride=`).
    func encodedWindows(_ text: String) throws -> [Encoding] {
        let truncation = TruncationOptions(strategy: .longestFirst, maxLength: tokenizer.modelMaxLength)
        guard let stride else { return Array(try tokenizer.encodeWindows(text, truncation: truncation).prefix(1)) }
        let budget = tokenizer.modelMaxLength - tokenizer.postProcessor.addedCount(pair: false)
        guard stride >= 0, stride < budget else {
            throw TrainingError.value("stride=\(stride) must be less than the \(max(0, budget)) tokens of a window "
                                      + "(tokenizer.model_max_length \(tokenizer.modelMaxLength) minus the special tokens)",
                                      help: "use a smaller stride, e.g. stride=\(max(0, budget / 4))")
        }
        return try tokenizer.encodeWindows(text, truncation: truncation, stride: stride)
    }

    /// Each non-special token of one window with its span in `text` and its label probabilities.
    func preEntities(_ window: Encoding, text: String) throws -> [PreEntity] {
        let ids = window.ids
        let logits = try Autograd.noGrad {
            try model.forward(inputIds: IntTensor(shape: [1, ids.count], values: ids.map { Int32(truncatingIfNeeded: $0) }),
                              attentionMask: nil, tokenTypeIds: IntTensor(shape: [1, ids.count], values: Array(repeating: 0, count: ids.count)),
                              labels: nil).logits
        }
        guard let logits, logits.shape.count == 3, let width = logits.shape.last, width > 0 else {
            throw TrainingError.value("the model gives no per-token label scores",
                                      help: "use a token-classification model (AutoModelForTokenClassification)")
        }
        let values: [Double] = logits.toArray().map { Double($0) }  // [1, T, labels]
        let scalars = Array(text.unicodeScalars)
        var pre: [PreEntity] = []
        for (t, flag) in window.specialTokensMask.enumerated() where t * width + width <= values.count && t < window.offsets.count {
            guard flag == 0 else { continue }
            let row = Array(values[(t * width)..<((t + 1) * width)])
            let top = row.max() ?? 0
            let exps = row.map { exp($0 - top) }
            let total = exps.reduce(0, +)
            let span = window.offsets[t]
            let start = min(max(0, span.start), scalars.count), end = min(max(start, span.end), scalars.count)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            let reference = String(view)
            var word = tokenizer.idToToken(ids[t]) ?? ""
            var isSubword = word.unicodeScalars.count != reference.unicodeScalars.count
            if ids[t] == tokenizer.unkTokenId { word = reference; isSubword = false }
            pre.append(PreEntity(word: word, scores: exps.map { $0 / total }, start: start, end: end, index: t, isSubword: isSubword))
        }
        return pre
    }

    /// transformers' `aggregate_overlapping_entities`: entities of overlapping windows sorted by start; of two
    /// that overlap the longer one stays (the higher score on equal length).
    static func mergeOverlapping(_ entities: [TokenEntity]) -> [TokenEntity] {
        let sorted = entities.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        guard var previous = sorted.first else { return [] }
        var merged: [TokenEntity] = []
        for entity in sorted {
            if previous.start <= entity.start && entity.start < previous.end {
                let length = entity.end - entity.start, previousLength = previous.end - previous.start
                if length > previousLength || (length == previousLength && entity.score > previous.score) { previous = entity }
            } else {
                merged.append(previous)
                previous = entity
            }
        }
        merged.append(previous)
        return merged
    }

    /// `aggregation_strategy` applied to one window's pre-entities, `ignore_labels` dropped.
    func aggregate(_ pre: [PreEntity]) -> [TokenEntity] {
        let out: [TokenEntity]
        switch aggregation {
        case .none:
            out = pre.map { entity in
                let best = Self.argmax(entity.scores)
                return TokenEntity(label: label(best), score: entity.scores[best], index: entity.index, word: entity.word,
                                   start: entity.start, end: entity.end)
            }
            return out.filter { !ignoreLabels.contains($0.label) }
        case .simple:
            let tagged = pre.map { entity -> (tag: String, score: Double, tokens: [String], start: Int, end: Int) in
                let best = Self.argmax(entity.scores)
                return (label(best), entity.scores[best], [entity.word], entity.start, entity.end)
            }
            out = Self.group(tagged, tokensToString: tokenizer.tokensToString)
        case .first, .average, .max:
            var words: [[PreEntity]] = []
            for entity in pre {
                if entity.isSubword, !words.isEmpty { words[words.count - 1].append(entity) } else { words.append([entity]) }
            }
            let tagged = words.map { tokens -> (tag: String, score: Double, tokens: [String], start: Int, end: Int) in
                let scores: [Double]
                switch aggregation {
                case .first: scores = tokens[0].scores
                case .max: scores = tokens.max { ($0.scores.max() ?? 0) < ($1.scores.max() ?? 0) }?.scores ?? tokens[0].scores
                default:
                    scores = (0..<tokens[0].scores.count).map { j in tokens.reduce(0) { $0 + $1.scores[j] } / Double(tokens.count) }
                }
                let best = Self.argmax(scores)
                return (label(best), scores[best], tokens.map(\.word), tokens[0].start, tokens[tokens.count - 1].end)
            }
            out = Self.group(tagged, tokensToString: tokenizer.tokensToString)
        }
        return out.filter { !ignoreLabels.contains($0.label) }
    }

    /// transformers' `group_entities`: adjacent tokens of one type join unless a token starts with `B-`;
    /// the group's score is the mean of its tokens' scores.
    static func group(_ tagged: [(tag: String, score: Double, tokens: [String], start: Int, end: Int)],
                      tokensToString: ([String]) -> String) -> [TokenEntity] {
        func split(_ tag: String) -> (bi: String, type: String) {
            if tag.hasPrefix("B-") { return ("B", String(tag.dropFirst(2))) }
            if tag.hasPrefix("I-") { return ("I", String(tag.dropFirst(2))) }
            return ("I", tag)
        }
        var groups: [[(tag: String, score: Double, tokens: [String], start: Int, end: Int)]] = []
        for item in tagged {
            if let last = groups.last?.last {
                let (bi, type) = split(item.tag)
                if type == split(last.tag).type, bi != "B" {
                    groups[groups.count - 1].append(item)
                    continue
                }
            }
            groups.append([item])
        }
        return groups.compactMap { members in
            guard let first = members.first, let last = members.last else { return nil }
            let type = first.tag.split(separator: "-", maxSplits: 1).last.map(String.init) ?? first.tag
            let score = members.reduce(0) { $0 + $1.score } / Double(members.count)
            return TokenEntity(label: type, score: score, index: nil, word: tokensToString(members.flatMap(\.tokens)),
                               start: first.start, end: last.end)
        }
    }

    func label(_ index: Int) -> String { model.id2label[index] ?? "LABEL_\(index)" }

    static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for (i, v) in values.enumerated() where v > values[best] { best = i }
        return best
    }
}
