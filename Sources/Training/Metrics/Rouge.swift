import Foundation

/// ROUGE as Google's `rouge_score` computes it (what `evaluate.load("rouge")` wraps): its tokenizer
/// (lower case, every run of characters other than `a-z0-9` is a separator), ROUGE-N from clipped n-gram
/// overlaps, ROUGE-L from the longest common subsequence, ROUGE-Lsum from the union LCS over sentences
/// split at newlines; F-measure `2pr/(p+r)`. With `use_stemmer=True` its tokenizer stems every token
/// longer than three letters with NLTK's default Porter stemmer (`PorterStemmer`, NLTK extensions).
public enum Rouge {
    /// Turns a text into tokens: rouge_score's `DefaultTokenizer(use_stemmer)` or a caller's own.
    public typealias Tokenizer = (String) throws -> [String]

    /// rouge_score's `DefaultTokenizer(use_stemmer)`.
    public static func defaultTokenizer(useStemmer: Bool) -> Tokenizer {
        guard useStemmer else { return { tokenize($0) } }
        let stemmer = PorterStemmer()
        return { tokenize($0, stemmer: stemmer) }
    }

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

    /// `rouge_score.tokenize.tokenize(text, stemmer)`: lower case, runs of characters other than `a-z0-9`
    /// separate tokens, and with a stemmer, tokens longer than three characters are stemmed.
    public static func tokenize(_ text: String, stemmer: PorterStemmer?) -> [String] {
        let tokens = tokenize(text)
        guard let stemmer else { return tokens }
        return tokens.map { $0.unicodeScalars.count > 3 ? stemmer.stem($0) : $0 }
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

    /// `RougeScorer(types, tokenizer=…).score(target, prediction)`.
    public static func score(target: String, prediction: String, types: [String],
                             tokenizer: Tokenizer = { tokenize($0) }) throws -> [String: Score] {
        for type in types { try validate(type) }
        let onlySummaryLevel = types == ["rougeLsum"]
        let targetTokens = onlySummaryLevel ? [] : try tokenizer(target)
        let predictionTokens = onlySummaryLevel ? [] : try tokenizer(prediction)
        var result: [String: Score] = [:]
        for type in types {
            switch type {
            case "rougeL": result[type] = lcsScore(targetTokens, predictionTokens)
            case "rougeLsum": result[type] = summaryLevelLCS(try sentences(target, tokenizer), try sentences(prediction, tokenizer))
            default: result[type] = ngramScore(targetTokens, predictionTokens, n: type.last?.wholeNumberValue ?? 1)
            }
        }
        return result
    }

    /// `score_multi`: the target with the best F-measure, per type (the first on ties).
    public static func scoreMulti(targets: [String], prediction: String, types: [String],
                                  tokenizer: Tokenizer = { tokenize($0) }) throws -> [String: Score] {
        let all = try targets.map { try score(target: $0, prediction: prediction, types: types, tokenizer: tokenizer) }
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

    /// rougeLsum's sentences: the text split at each `\n` (only there, as Python's `split("\n")`), empty
    /// pieces dropped, each tokenized.
    static func sentences(_ text: String, _ tokenizer: Tokenizer) throws -> [[String]] {
        try text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: true).map { try tokenizer(String(String.UnicodeScalarView($0))) }
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

    /// rouge_score's `BootstrapAggregator(confidence_interval, n_samples)._bootstrap_resample` on one score
    /// type's rows (each row: precision, recall, fmeasure, or any columns): `samples` times, the column
    /// means of `rows.count` rows drawn with replacement by `draw(n)` (an index in `0..<n`, numpy's
    /// `np.random.choice`); then numpy's linear-interpolated percentiles at (1 − confidence)/2, 50 % and
    /// 1 − (1 − confidence)/2 of those means, per column.
    public static func bootstrap(_ rows: [[Double]], confidence: Double = 0.95, samples: Int = 1000,
                                 draw: (Int) -> Int) -> (low: [Double], mid: [Double], high: [Double]) {
        let n = rows.count, columns = rows.first?.count ?? 0
        guard n > 0, samples > 0 else {
            let nan = [Double](repeating: .nan, count: columns)
            return (nan, nan, nan)
        }
        var means = [[Double]](repeating: [], count: columns)
        for c in 0..<columns { means[c].reserveCapacity(samples) }
        for _ in 0..<samples {
            var sums = [Double](repeating: 0, count: columns)
            for _ in 0..<n {
                let row = rows[draw(n)]
                for c in 0..<columns where c < row.count { sums[c] += row[c] }
            }
            for c in 0..<columns { means[c].append(sums[c] / Double(n)) }
        }
        for c in 0..<columns { means[c].sort() }
        let delta = (1 - confidence) / 2
        // rouge_score passes 100·q to np.percentile, which divides by 100 again.
        func percentile(_ q: Double) -> [Double] { means.map { numpyPercentile(sorted: $0, (100 * q) / 100) } }
        return (percentile(delta), percentile(0.5), percentile(1 - delta))
    }

    /// `np.percentile(values, 100 * q)` with linear interpolation on sorted values, using numpy's `_lerp`
    /// (computed from the upper value when the fraction is at least 0.5).
    static func numpyPercentile(sorted values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let position = q * Double(values.count - 1)
        guard position.isFinite else { return .nan }  // a NaN or infinite confidence interval
        let floor = Int(exactly: min(max(position.rounded(.down), 0), Double(values.count - 1))) ?? 0
        let low = floor, high = min(low + 1, values.count - 1)
        let fraction = position - Double(low)
        let a = values[low], b = values[high]
        return fraction >= 0.5 ? b - (b - a) * (1 - fraction) : a + (b - a) * fraction
    }

    /// The mid value of `bootstrap` on one column: what `evaluate`'s rouge reports per type.
    public static func bootstrapMid(_ values: [Double], samples: Int = 1000, draw: (Int) -> Int) -> Double {
        bootstrap(values.map { [$0] }, samples: samples, draw: draw).mid.first ?? .nan
    }
}
