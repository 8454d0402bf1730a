import Foundation

/// Extractive question answering after the model: transformers' example post-processing
/// (`postprocess_qa_predictions` in `utils_qa.py`) and the SQuAD metrics (`evaluate.load("squad")` /
/// `"squad_v2"`, the official evaluation scripts).
public enum QuestionAnswering {
    /// One tokenized window (feature) of an example: its start/end logits per token and, per token, the
    /// character span in the example's context (nil for question tokens, special tokens and padding).
    public struct Feature {
        public var exampleIndex: Int
        public var startLogits: [Double]
        public var endLogits: [Double]
        public var offsets: [(start: Int, end: Int)?]
        public init(exampleIndex: Int, startLogits: [Double], endLogits: [Double], offsets: [(start: Int, end: Int)?]) {
            self.exampleIndex = exampleIndex
            self.startLogits = startLogits
            self.endLogits = endLogits
            self.offsets = offsets
        }
    }

    /// A candidate answer: text, score (start + end logit) and its softmax probability among the n best.
    public struct Candidate: Equatable {
        public var text: String
        public var score: Double
        public var startLogit: Double
        public var endLogit: Double
        public var probability: Double
    }

    /// The answer of every example (`""` = no answer, version 2 only) and its n-best list, as
    /// `postprocess_qa_predictions(examples, features, predictions, version_2_with_negative, n_best_size,
    /// max_answer_length, null_score_diff_threshold)` computes them. Contexts are indexed in code points.
    public static func postprocess(contexts: [String], features: [Feature], nBest: Int = 20, maxAnswerLength: Int = 30,
                                   versionTwo: Bool = false, nullScoreDiffThreshold: Double = 0) throws
        -> [(answer: String, nBest: [Candidate])] {
        var byExample: [Int: [Feature]] = [:]
        for feature in features {
            guard contexts.indices.contains(feature.exampleIndex) else {
                throw TrainingError.value("a feature points to example \(feature.exampleIndex), but there are \(contexts.count) examples",
                                          help: "use overflow_to_sample_mapping to link each window to its example")
            }
            guard feature.startLogits.count == feature.endLogits.count, feature.offsets.count == feature.startLogits.count else {
                throw TrainingError.value("a feature has \(feature.startLogits.count) start logits, \(feature.endLogits.count) end logits and \(feature.offsets.count) offsets",
                                          help: "give one start logit, end logit and offset (or None) per token")
            }
            byExample[feature.exampleIndex, default: []].append(feature)
        }
        return contexts.enumerated().map { index, context in
            let scalars = Array(context.unicodeScalars)
            func text(_ start: Int, _ end: Int) -> String {
                let lo = max(0, min(start, scalars.count)), hi = max(lo, min(end, scalars.count))
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[lo..<hi])
                return String(view)
            }
            var minNull: (score: Double, start: Double, end: Double)? = nil
            var candidates: [(span: (Int, Int), score: Double, start: Double, end: Double, isNull: Bool)] = []
            for feature in byExample[index] ?? [] {
                guard let s0 = feature.startLogits.first, let e0 = feature.endLogits.first else { continue }
                if minNull == nil || s0 + e0 < (minNull?.score ?? 0) { minNull = (s0 + e0, s0, e0) }
                let starts = topIndices(feature.startLogits, nBest), ends = topIndices(feature.endLogits, nBest)
                for s in starts {
                    for e in ends {
                        guard let startSpan = feature.offsets[s], let endSpan = feature.offsets[e] else { continue }
                        guard e >= s, e - s + 1 <= maxAnswerLength else { continue }
                        candidates.append(((startSpan.start, endSpan.end), feature.startLogits[s] + feature.endLogits[e],
                                           feature.startLogits[s], feature.endLogits[e], false))
                    }
                }
            }
            if versionTwo, let minNull { candidates.append(((0, 0), minNull.score, minNull.start, minNull.end, true)) }
            let nullScore = minNull?.score ?? 0
            var kept = Array(candidates.enumerated().sorted { $0.element.score > $1.element.score || ($0.element.score == $1.element.score && $0.offset < $1.offset) }
                .map(\.element).prefix(nBest))
            if versionTwo, !kept.contains(where: { $0.isNull }), let null = candidates.first(where: { $0.isNull }) { kept.append(null) }
            var list: [(text: String, score: Double, start: Double, end: Double)] = kept.map {
                ($0.isNull ? "" : text($0.span.0, $0.span.1), $0.score, $0.start, $0.end)
            }
            if list.isEmpty || (list.count == 1 && list[0].text.isEmpty) { list.insert(("empty", 0, 0, 0), at: 0) }
            let top = list.map(\.score).max() ?? 0
            let exps = list.map { exp($0.score - top) }
            let total = exps.reduce(0, +)
            let nBestList = zip(list, exps).map { Candidate(text: $0.text, score: $0.score, startLogit: $0.start, endLogit: $0.end, probability: $1 / total) }
            guard versionTwo else { return (nBestList[0].text, nBestList) }
            guard let best = nBestList.first(where: { !$0.text.isEmpty }) else { return ("", nBestList) }
            let difference = nullScore - best.startLogit - best.endLogit
            return (difference > nullScoreDiffThreshold ? "" : best.text, nBestList)
        }
    }

    /// `np.argsort(x)[-1 : -n - 1 : -1]`: indices of the n largest values, largest first.
    static func topIndices(_ values: [Double], _ n: Int) -> [Int] {
        Array(values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 > $1) }.prefix(max(0, n)))
    }

    // MARK: SQuAD metrics

    /// The official SQuAD `normalize_answer`: lower case, punctuation removed, articles (a, an, the) removed, spaces collapsed.
    public static func normalize(_ text: String) -> String {
        let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
        let lowered = text.lowercased().filter { !punctuation.contains($0) }
        let words = lowered.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" })
        return words.filter { $0 != "a" && $0 != "an" && $0 != "the" }.joined(separator: " ")
    }

    /// Token-overlap F1 of one prediction against one answer (v1: 0 when nothing overlaps; v2: an empty
    /// side scores 1 only when both are empty).
    public static func f1(prediction: String, truth: String, versionTwo: Bool = false) -> Double {
        let p = normalize(prediction).split(separator: " ").map(String.init)
        let t = normalize(truth).split(separator: " ").map(String.init)
        if versionTwo, p.isEmpty || t.isEmpty { return p == t ? 1 : 0 }
        var counts: [String: Int] = [:]
        for token in t { counts[token, default: 0] += 1 }
        var same = 0
        for token in p where (counts[token] ?? 0) > 0 { counts[token, default: 0] -= 1; same += 1 }
        guard same > 0 else { return 0 }
        let precision = Double(same) / Double(p.count), recall = Double(same) / Double(t.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// `evaluate.load("squad")`: `exact_match` and `f1` in percent, each the best over an example's answers.
    public static func squad(predictions: [String], answers: [[String]]) throws -> (exactMatch: Double, f1: Double) {
        guard predictions.count == answers.count, !predictions.isEmpty else {
            throw TrainingError.value("squad needs one prediction per reference (got \(predictions.count) and \(answers.count))")
        }
        var exact = 0.0, overlap = 0.0
        for (prediction, truths) in zip(predictions, answers) {
            exact += truths.map { normalize(prediction) == normalize($0) ? 1.0 : 0.0 }.max() ?? 0
            overlap += truths.map { f1(prediction: prediction, truth: $0) }.max() ?? 0
        }
        let n = Double(predictions.count)
        return (100 * exact / n, 100 * overlap / n)
    }

    /// `evaluate.load("squad_v2")` (with `no_answer_threshold=1.0`): `exact`, `f1`, `total`, the `HasAns_*` /
    /// `NoAns_*` splits when present, and `best_exact`/`best_f1` with their thresholds — in that key order.
    public static func squadV2(predictions: [String], noAnswerProbabilities: [Double], answers: [[String]], threshold: Double = 1)
        throws -> [(String, Double)] {
        guard predictions.count == answers.count, noAnswerProbabilities.count == predictions.count, !predictions.isEmpty else {
            throw TrainingError.value("squad_v2 needs one prediction, no-answer probability and reference per question")
        }
        let hasAnswer = answers.map { !$0.filter { !normalize($0).isEmpty }.isEmpty }
        var exactRaw: [Double] = [], f1Raw: [Double] = []
        for (prediction, truths) in zip(predictions, answers) {
            let golds = truths.filter { !normalize($0).isEmpty }
            let references = golds.isEmpty ? [""] : golds
            exactRaw.append(references.map { normalize($0) == normalize(prediction) ? 1.0 : 0.0 }.max() ?? 0)
            f1Raw.append(references.map { f1(prediction: prediction, truth: $0, versionTwo: true) }.max() ?? 0)
        }
        func thresholded(_ raw: [Double]) -> [Double] {
            raw.indices.map { noAnswerProbabilities[$0] > threshold ? (hasAnswer[$0] ? 0 : 1) : raw[$0] }
        }
        let exact = thresholded(exactRaw), f1s = thresholded(f1Raw)
        func mean(_ values: [Double], _ keep: [Int]) -> Double { 100 * keep.reduce(0) { $0 + values[$1] } / Double(keep.count) }
        let all = Array(predictions.indices)
        var out: [(String, Double)] = [("exact", mean(exact, all)), ("f1", mean(f1s, all)), ("total", Double(all.count))]
        let has = all.filter { hasAnswer[$0] }, none = all.filter { !hasAnswer[$0] }
        if !has.isEmpty { out += [("HasAns_exact", mean(exact, has)), ("HasAns_f1", mean(f1s, has)), ("HasAns_total", Double(has.count))] }
        if !none.isEmpty { out += [("NoAns_exact", mean(exact, none)), ("NoAns_f1", mean(f1s, none)), ("NoAns_total", Double(none.count))] }
        func best(_ raw: [Double]) -> (Double, Double) {
            var current = Double(none.count), bestScore = current, bestThreshold = 0.0
            for i in all.sorted(by: { noAnswerProbabilities[$0] < noAnswerProbabilities[$1] || (noAnswerProbabilities[$0] == noAnswerProbabilities[$1] && $0 < $1) }) {
                current += hasAnswer[i] ? raw[i] : (predictions[i].isEmpty ? 0 : -1)
                if current > bestScore { bestScore = current; bestThreshold = noAnswerProbabilities[i] }
            }
            return (100 * bestScore / Double(all.count), bestThreshold)
        }
        let (bestExact, exactThreshold) = best(exactRaw), (bestF1, f1Threshold) = best(f1Raw)
        out += [("best_exact", bestExact), ("best_exact_thresh", exactThreshold), ("best_f1", bestF1), ("best_f1_thresh", f1Threshold)]
        return out
    }
}
