import Foundation

/// ROUGE as Google's `rouge_score` computes it (what `evaluate.load("rouge")` wraps): its tokenizer
/// (lower case, every run of characters other than `a-z0-9` is a separator), ROUGE-N from clipped n-gram
/// overlaps, ROUGE-L from the longest common subsequence, ROUGE-Lsum from the union LCS over sentences
/// split at newlines; F-measure `2pr/(p+r)`. Stemming (`use_stemmer=True`) is not implemented.
public enum Rouge {
    public struct Score: Equatable {
        public var precision: Double
        public var recall: Double
        public var fmeasure: Double

        init(precision: Double, recall: Double) {
            self.precision = precision
            self.recall = recall
            fmeasure = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        }
    }

    /// `rouge_score.tokenize.tokenize(text, None)`.
    public static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                tokens.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }

    /// Checks a rouge type name: `rouge1`…`rouge9`, `rougeL`, `rougeLsum`.
    public static func validate(_ type: String) throws {
        if type == "rougeL" || type == "rougeLsum" { return }
        if type.count == 6, type.hasPrefix("rouge"), let n = type.last?.wholeNumberValue {
            guard n > 0 else { throw TrainingError.value("rougen requires positive n: \(type)") }
            return
        }
        throw TrainingError.value("Invalid rouge type: \(type)", help: "use rouge1, rouge2, rougeL or rougeLsum")
    }

    /// `RougeScorer(types).score(target, prediction)`.
    public static func score(target: String, prediction: String, types: [String]) throws -> [String: Score] {
        let targetTokens = tokenize(target), predictionTokens = tokenize(prediction)
        var result: [String: Score] = [:]
        for type in types {
            try validate(type)
            switch type {
            case "rougeL": result[type] = lcsScore(targetTokens, predictionTokens)
            case "rougeLsum": result[type] = summaryLevelLCS(sentences(target), sentences(prediction))
            default: result[type] = ngramScore(targetTokens, predictionTokens, n: type.last?.wholeNumberValue ?? 1)
            }
        }
        return result
    }

    /// `score_multi`: the target with the best F-measure, per type (the first on ties).
    public static func scoreMulti(targets: [String], prediction: String, types: [String]) throws -> [String: Score] {
        let all = try targets.map { try score(target: $0, prediction: prediction, types: types) }
        var best: [String: Score] = [:]
        for type in types {
            for candidate in all {
                guard let s = candidate[type] else { continue }
                if let current = best[type], current.fmeasure >= s.fmeasure { continue }
                best[type] = s
            }
        }
        return best
    }

    static func sentences(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { tokenize(String($0)) }
    }

    static func ngramScore(_ target: [String], _ prediction: [String], n: Int) -> Score {
        func grams(_ tokens: [String]) -> [[String]: Int] {
            var counts: [[String]: Int] = [:]
            if tokens.count >= n { for i in 0...(tokens.count - n) { counts[Array(tokens[i..<(i + n)]), default: 0] += 1 } }
            return counts
        }
        let t = grams(target), p = grams(prediction)
        let overlap = t.reduce(0) { $0 + min($1.value, p[$1.key] ?? 0) }
        let targetCount = t.values.reduce(0, +), predictionCount = p.values.reduce(0, +)
        return Score(precision: Double(overlap) / Double(max(predictionCount, 1)), recall: Double(overlap) / Double(max(targetCount, 1)))
    }

    static func lcsTable(_ a: [String], _ b: [String]) -> [[Int]] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0..<a.count {
            for j in 0..<b.count {
                table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
            }
        }
        return table
    }

    static func lcsScore(_ target: [String], _ prediction: [String]) -> Score {
        guard !target.isEmpty, !prediction.isEmpty else { return Score(precision: 0, recall: 0) }
        let length = Double(lcsTable(target, prediction)[target.count][prediction.count])
        return Score(precision: length / Double(prediction.count), recall: length / Double(target.count))
    }

    /// Positions in `reference` of one LCS with `candidate` (rouge_score's `_backtrack_norec`).
    static func lcsIndices(_ reference: [String], _ candidate: [String]) -> [Int] {
        let table = lcsTable(reference, candidate)
        var i = reference.count, j = candidate.count
        var positions: [Int] = []
        while i > 0 && j > 0 {
            if reference[i - 1] == candidate[j - 1] {
                positions.append(i - 1)
                i -= 1
                j -= 1
            } else if table[i][j - 1] > table[i - 1][j] {
                j -= 1
            } else {
                i -= 1
            }
        }
        return positions.reversed()
    }

    static func summaryLevelLCS(_ references: [[String]], _ candidates: [[String]]) -> Score {
        let m = references.reduce(0) { $0 + $1.count }, n = candidates.reduce(0) { $0 + $1.count }
        guard !references.isEmpty, !candidates.isEmpty, m > 0, n > 0 else { return Score(precision: 0, recall: 0) }
        var referenceCounts: [String: Int] = [:], candidateCounts: [String: Int] = [:]
        for sentence in references { for token in sentence { referenceCounts[token, default: 0] += 1 } }
        for sentence in candidates { for token in sentence { candidateCounts[token, default: 0] += 1 } }
        var hits = 0
        for reference in references {
            let union = Set(candidates.flatMap { lcsIndices(reference, $0) }).sorted()
            for token in union.map({ reference[$0] }) where (candidateCounts[token] ?? 0) > 0 && (referenceCounts[token] ?? 0) > 0 {
                hits += 1
                candidateCounts[token, default: 0] -= 1
                referenceCounts[token, default: 0] -= 1
            }
        }
        return Score(precision: Double(hits) / Double(n), recall: Double(hits) / Double(m))
    }

    /// rouge_score's `BootstrapAggregator().aggregate()` mid value of each measure: the median (numpy's
    /// linear-interpolated 50th percentile) of `samples` means of rows drawn with replacement by `draw(n)`
    /// (an index in `0..<n`, numpy's `np.random.choice`).
    public static func bootstrapMid(_ values: [Double], samples: Int = 1000, draw: (Int) -> Int) -> Double {
        let n = values.count
        guard n > 0 else { return .nan }
        var means: [Double] = []
        means.reserveCapacity(samples)
        for _ in 0..<samples {
            var sum = 0.0
            for _ in 0..<n { sum += values[draw(n)] }
            means.append(sum / Double(n))
        }
        means.sort()
        let position = 0.5 * Double(samples - 1)
        let low = (samples - 1) / 2, high = min(low + 1, samples - 1)
        let fraction = position - Double(low)   // 0.5 for an even sample count, else 0
        // numpy's _lerp: a + (b − a)·t, computed from b when t ≥ 0.5.
        return fraction >= 0.5 ? means[high] - (means[high] - means[low]) * (1 - fraction) : means[low] + (means[high] - means[low]) * fraction
    }
}
