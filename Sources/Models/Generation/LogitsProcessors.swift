import Foundation
import TensorCore

/// transformers' logits processors for `generate`, in its order: repetition penalty, `no_repeat_ngram_size`,
/// `bad_words_ids`, `min_length`, `min_new_tokens` (then, when sampling, temperature, top-k, top-p in
/// `LlamaForCausalLM.choose`). `sequence` is the prompt and the tokens generated so far.
enum LogitsProcessors {
    static func apply(_ scores: inout [Float], sequence: [Int32], promptLength: Int, eos: [Int32], options: GenerationOptions) {
        let vocab = scores.count
        func ban(_ token: Int32) { if token >= 0, Int(truncatingIfNeeded: token) < vocab { scores[Int(truncatingIfNeeded: token)] = -.infinity } }
        if options.repetitionPenalty != 1 {
            for token in Set(sequence) where token >= 0 && Int(truncatingIfNeeded: token) < vocab {
                let index = Int(truncatingIfNeeded: token)
                let score = scores[index]
                scores[index] = score < 0 ? score * options.repetitionPenalty : score / options.repetitionPenalty
            }
        }
        let n = options.noRepeatNgramSize
        if n > 0, sequence.count >= n {
            // Tokens that would repeat an n-gram already in the sequence, given its last n − 1 tokens.
            let prefix = Array(sequence.suffix(n - 1))
            for start in 0...(sequence.count - n) where Array(sequence[start..<(start + n - 1)]) == prefix {
                ban(sequence[start + n - 1])
            }
        }
        for words in options.badWordsIds where !words.isEmpty {
            if words.count == 1 && eos.contains(words[0]) { continue }   // transformers drops [eos] from bad_words_ids
            let head = words.dropLast()
            if head.isEmpty || (sequence.count >= head.count && Array(sequence.suffix(head.count)) == Array(head)) {
                if let last = words.last { ban(last) }
            }
        }
        if sequence.count < options.minLength || sequence.count - promptLength < options.minNewTokens {
            for token in eos { ban(token) }
        }
    }

    /// The sampling warpers in transformers' order: temperature, top-k, top-p (tokens outside become -inf; the
    /// most likely tokens are kept until their mass reaches top_p, at least one).
    static func warp(_ scores: inout [Float], options: GenerationOptions) {
        if options.temperature != 1 { for index in scores.indices { scores[index] /= options.temperature } }
        if options.topK > 0 && options.topK < scores.count {
            let threshold = scores.sorted(by: >)[options.topK - 1]
            for index in scores.indices where scores[index] < threshold { scores[index] = -.infinity }
        }
        guard options.topP < 1 else { return }
        let peak = scores.max() ?? 0
        let probabilities = scores.map { $0 == -.infinity ? 0 : Double(Foundation.exp($0 - peak)) }
        let total = probabilities.reduce(0, +)
        let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
        var mass = 0.0
        var keep = Set<Int>()
        for index in order {
            keep.insert(index)
            mass += probabilities[index] / total
            if mass >= Double(options.topP) { break }
        }
        for index in scores.indices where !keep.contains(index) { scores[index] = -.infinity }
    }

    /// `count` draws without replacement from `softmax(scores)` (torch.multinomial(..., replacement=False)),
    /// in draw order: beam sampling's continuations.
    static func sampleWithoutReplacement(_ scores: [Float], count: Int, generator: RandomGenerator) -> [Int] {
        let peak = scores.max() ?? 0
        var weights = scores.map { $0 == -.infinity ? 0 : Double(Foundation.exp($0 - peak)) }
        var drawn: [Int] = []
        for _ in 0..<count {
            let total = weights.reduce(0, +)
            guard total > 0 else { break }
            var target = generator.nextUniformDouble() * total
            var pick = weights.lastIndex { $0 > 0 } ?? 0
            for (index, weight) in weights.enumerated() where weight > 0 {
                target -= weight
                if target < 0 { pick = index; break }
            }
            drawn.append(pick)
            weights[pick] = 0
        }
        return drawn
    }

    /// `log_softmax` in float32 (what beam search scores).
    static func logSoftmax(_ logits: [Float]) -> [Float] {
        let peak = logits.max() ?? 0
        var total: Float = 0
        for x in logits { total += Foundation.exp(x - peak) }
        let logTotal = Foundation.log(total)
        return logits.map { $0 - peak - logTotal }
    }
}
