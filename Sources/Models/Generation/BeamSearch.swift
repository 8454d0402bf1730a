import Foundation
import TensorCore

/// What `generate(..., return_dict_in_generate=True)` reports besides the returned tokens: the
/// processed scores of each step (`output_scores`), every returned sequence's new tokens
/// (`num_return_sequences`) and, for beam search, each returned sequence's score.
public final class GenerationTrace {
    /// Per step, the processed scores of each row (greedy/sampling: one row; beam search: one per beam).
    public internal(set) var scores: [[[Float]]] = []
    /// New tokens of each returned sequence (best first for beam search).
    public internal(set) var sequences: [[Int32]] = []
    /// Beam search: the length-penalised score of each returned sequence.
    public internal(set) var sequenceScores: [Float] = []
    /// Record per-step scores (they are large: steps × vocabulary).
    public var keepScores = false

    public init(keepScores: Bool = false) { self.keepScores = keepScores }
}

/// transformers' `early_stopping` for beam search.
public enum EarlyStopping: Equatable {
    /// `False` (default): stop when the best running beam cannot beat the worst finished one at the current length.
    case heuristic
    /// `True`: stop as soon as `num_beams` hypotheses are finished.
    case always
    /// `"never"`: the canonical rule (the best possible score at `max_length` when `length_penalty > 0`).
    case never
}

extension LlamaForCausalLM {
    /// transformers 5's vectorised beam search for one prompt (`_beam_search`): per step the float32
    /// log-softmax of each beam's logits, the logits processors, plus the beam's running score; the top
    /// `max(2, 1 + #eos) · num_beams` continuations; those ending in EOS (or at `max_length`) among the
    /// first `num_beams` join the finished hypotheses with score / generated_length^length_penalty; the
    /// best `num_beams` others run on. Returns the new tokens of the best hypothesis (all returned ones in `trace`).
    /// With `do_sample=True` (beam sampling) the warpers (temperature, top-k, top-p) follow the processors and
    /// the continuations are drawn without replacement from the softmax of the accumulated scores, as
    /// transformers' `_get_top_k_continuations` does with `torch.multinomial` (lorarepl's generator, so the drawn
    /// tokens are not PyTorch's).
    func beamSearch(_ prompt: [Int32], options: GenerationOptions, eos: [Int32], newTokens: Int,
                    generator: RandomGenerator) throws -> [Int32] {
        let beams = options.numBeams, vocab = config.vocabSize
        let promptLength = prompt.count, maxLength = prompt.count + newTokens
        let keep = Swift.max(2, 1 + eos.count) * beams
        // One decoder row per beam: a step is one forward for all beams; surviving beams' caches are reordered.
        let decoder = try LlamaDecoder(model: self, capacity: maxLength, rows: beams, integerKernels: options.integerKernels)
        var running = [[Int32]](repeating: prompt, count: beams)
        var runningScores = [Float](repeating: -1e9, count: beams)
        runningScores[0] = 0
        var finished = [[Int32]](repeating: prompt, count: beams)
        var finishedScores = [Float](repeating: -1e9, count: beams)
        var isFinished = [Bool](repeating: false, count: beams)
        var heuristicUnsatisfied = true
        var length = promptLength
        try decoder.append(rows: [0], tokens: [prompt])
        var prefillLogits: [Float] = []
        decoder.copyLogits(row: 0, into: &prefillLogits)
        decoder.reorder([Int](repeating: 0, count: beams))
        var first = true
        var logits = [Float](repeating: 0, count: vocab)
        let penalty = Double(options.lengthPenalty)
        try Autograd.noGrad {
            while true {
                var accumulated = [Float](repeating: 0, count: beams * vocab)
                var stepScores: [[Float]] = []
                if !first { try decoder.append(rows: Array(0..<beams), tokens: running.map { $0.last.map { [$0] } ?? [] }) }
                for b in 0..<beams {
                    if first { logits = prefillLogits } else { decoder.copyLogits(row: b, into: &logits) }
                    var logProbs = LogitsProcessors.logSoftmax(logits)
                    LogitsProcessors.apply(&logProbs, sequence: running[b], promptLength: promptLength, eos: eos, options: options)
                    if options.doSample { LogitsProcessors.warp(&logProbs, options: options) }
                    if options.trace?.keepScores == true { stepScores.append(logProbs) }
                    for v in 0..<vocab { accumulated[b * vocab + v] = logProbs[v] + runningScores[b] }
                }
                options.trace?.scores.append(stepScores)
                first = false
                let top = options.doSample ? LogitsProcessors.sampleWithoutReplacement(accumulated, count: keep, generator: generator)
                    : Self.topK(accumulated, k: keep)
                guard top.count == keep else {
                    throw ModelError("invalid multinomial distribution (with replacement=False, not enough non-negative category to sample)",
                                     help: "beam sampling draws \(keep) continuations per step (2 × num_beams): raise top_k / top_p or lower num_beams")
                }
                let candidates = top.map { index in (beam: index / vocab, token: Int32(truncatingIfNeeded: index % vocab), score: accumulated[index]) }
                let hits = candidates.map { eos.contains($0.token) || length + 1 >= maxLength }
                // The best num_beams continuations that did not stop run on.
                let runningKeys = zip(candidates, hits).map { $0.score + ($1 ? -1e9 : 0) }
                let next = Self.topK(runningKeys, k: beams)
                let nextRunning = next.map { running[candidates[$0].beam] + [candidates[$0].token] }
                let nextCaches = next.map { candidates[$0].beam }
                runningScores = next.map { runningKeys[$0] }
                // Finished hypotheses: merge the stopping ones among the first num_beams with the finished so far.
                let norm = Float(Foundation.pow(Double(length + 1 - promptLength), penalty))
                let full = isFinished.allSatisfy { $0 } && options.earlyStopping == .always
                var scores = candidates.map { $0.score / norm }
                var stopped = [Bool](repeating: false, count: keep)
                for i in 0..<keep {
                    stopped[i] = hits[i] && i < beams
                    if full { scores[i] += -1e9 }
                    if !heuristicUnsatisfied { scores[i] += -1e9 }
                    if !stopped[i] { scores[i] += -1e9 }
                }
                let mergedSequences = finished + zip(candidates, 0..<keep).map { running[$0.0.beam] + [$0.0.token] }
                let mergedScores = finishedScores + scores
                let mergedFinished = isFinished + stopped
                let chosen = Self.topK(mergedScores, k: beams)
                finished = chosen.map { mergedSequences[$0] }
                finishedScores = chosen.map { mergedScores[$0] }
                isFinished = chosen.map { mergedFinished[$0] }
                running = nextRunning
                decoder.reorder(nextCaches)
                length += 1
                // transformers' stopping rules.
                let hypothetical = options.earlyStopping == .never && penalty > 0 ? maxLength - promptLength : length - promptLength
                let bestPossible = runningScores[0] / Float(Foundation.pow(Double(hypothetical), penalty))
                let worst = finishedScores.min() ?? -1e9
                heuristicUnsatisfied = heuristicUnsatisfied && isFinished.contains { bestPossible > ($0 ? worst : -1e9) }
                let open = !(isFinished.allSatisfy { $0 } && options.earlyStopping == .always)
                if !(heuristicUnsatisfied && open && !hits.allSatisfy { $0 }) { break }
            }
        }
        let returned = Swift.min(options.numReturnSequences, beams)
        options.trace?.sequences = (0..<returned).map { Array(finished[$0].dropFirst(promptLength)) }
        options.trace?.sequenceScores = Array(finishedScores.prefix(returned))
        return Array(finished[0].dropFirst(promptLength))
    }

    /// Indices of the `k` largest values, largest first (lower index first on ties).
    static func topK(_ values: [Float], k: Int) -> [Int] {
        let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        return Array(order.prefix(k))
    }
}
