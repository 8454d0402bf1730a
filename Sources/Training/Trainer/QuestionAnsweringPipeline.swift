import Foundation
import Models
import TensorCore
import Tokenizers

/// One answer of `pipeline("question-answering")`: transformers' `{'score', 'start', 'end', 'answer'}`
/// (`start`/`end` index the context in code points, `answer == context[start:end]`).
public struct SpanAnswer: Equatable {
    public var score: Double
    public var start: Int
    public var end: Int
    public var answer: String
}

/// `pipeline("question-answering", model=…, tokenizer=…)`, as transformers' `QuestionAnsweringPipeline`
/// with a fast tokenizer: the context is cut into windows (`max_seq_len`, `doc_stride`), each window's
/// start and end logits outside the context are masked, softmaxed (in float32, like numpy on the model's
/// output), every span of at most `max_answer_len` tokens is scored start × end, the best `top_k` kept
/// (per window, then overall), and spans are widened to whole words (`align_to_words`).
public final class QuestionAnsweringPipeline {
    public let model: TrainerModel
    public let tokenizer: any Tokenizer

    /// The call's options, with transformers' defaults.
    public struct Options {
        public var topK = 1
        public var docStride: Int? = nil
        public var maxAnswerLength = 15
        public var maxSequenceLength: Int? = nil
        public var handleImpossibleAnswer = false
        public var alignToWords = true
        public init() {}
    }

    public init(model: TrainerModel, tokenizer: any Tokenizer) {
        self.model = model
        self.tokenizer = tokenizer
    }

    /// The `top_k` best answers to `question` in `context`, best first.
    public func answers(question: String, context: String, options: Options) throws -> [SpanAnswer] {
        guard options.topK >= 1 else { throw TrainingError.value("top_k parameter should be >= 1 (got \(options.topK))") }
        guard options.maxAnswerLength >= 1 else {
            throw TrainingError.value("max_answer_len parameter should be >= 1 (got \(options.maxAnswerLength))")
        }
        let maxLength = options.maxSequenceLength ?? min(tokenizer.modelMaxLength, 384)
        let stride = options.docStride ?? min(maxLength / 2, 128)
        guard stride <= maxLength else {
            throw TrainingError.value("`doc_stride` (\(stride)) is larger than `max_seq_len` (\(maxLength))",
                                      help: "use a doc_stride smaller than max_seq_len, e.g. max_seq_len // 4")
        }
        let questionFirst = tokenizer.paddingSide == .right
        let contextSequence = questionFirst ? 1 : 0
        let windows = try tokenizer.encodeWindows(questionFirst ? question : context, pair: questionFirst ? context : question,
                                                  truncation: TruncationOptions(strategy: questionFirst ? .onlySecond : .onlyFirst,
                                                                                maxLength: maxLength, side: tokenizer.truncationSide),
                                                  stride: stride)
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        var found: [SpanAnswer] = []
        var minNull = Float(1_000_000)
        let scalars = Array(context.unicodeScalars)
        for window in windows {
            let length = window.ids.count
            let logits = try Autograd.noGrad {
                try model.forward(inputIds: IntTensor(shape: [1, length], values: window.ids.map { Int32(truncatingIfNeeded: $0) }),
                                  attentionMask: IntTensor(shape: [1, length], values: Array(repeating: 1, count: length)),
                                  tokenTypeIds: IntTensor(shape: [1, length], values: window.tokenTypeIds.map { Int32(truncatingIfNeeded: $0) }),
                                  labels: nil).logits
            }
            guard let logits, logits.shape == [1, length, 2] else {
                throw TrainingError.value("the model gives no start and end scores per token",
                                          help: "use a question-answering model (AutoModelForQuestionAnswering)")
            }
            let values = logits.toArray()
            // p_mask: 1 where the token cannot be part of an answer (not context), the [CLS] token excepted.
            var allowed = window.sequenceIds.map { questionFirst ? $0 == 1 : true }
            if let cls = tokenizer.clsTokenId { for (t, id) in window.ids.enumerated() where id == cls { allowed[t] = true } }
            var start = Self.softmax((0..<length).map { allowed[$0] ? values[2 * $0] : -10000 })
            var end = Self.softmax((0..<length).map { allowed[$0] ? values[2 * $0 + 1] : -10000 })
            if options.handleImpossibleAnswer { minNull = min(minNull, start[0] * end[0]) }
            start[0] = 0
            end[0] = 0
            for (s, e, score) in Self.bestSpans(start: start, end: end, topK: options.topK, maxAnswerLength: options.maxAnswerLength, allowed: allowed) {
                let (lo, hi) = characterSpan(window, start: s, end: e, sequence: contextSequence, alignToWords: options.alignToWords)
                let a = max(0, min(lo, scalars.count)), b = max(a, min(hi, scalars.count))
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[a..<b])
                found.append(SpanAnswer(score: Double(score), start: lo, end: hi, answer: String(view)))
            }
        }
        if options.handleImpossibleAnswer { found.append(SpanAnswer(score: Double(minNull), start: 0, end: 0, answer: "")) }
        // Python's sorted(..., reverse=True) is stable: equal scores keep their order.
        let ranked = found.enumerated().sorted { $0.element.score > $1.element.score || ($0.element.score == $1.element.score && $0.offset < $1.offset) }
        return ranked.prefix(options.topK).map(\.element)
    }

    /// numpy's `exp(x - max) / sum` in float32.
    static func softmax(_ x: [Float]) -> [Float] {
        guard let top = x.max() else { return [] }
        let e = x.map { Foundation.exp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// transformers' `decode_spans`: every (start, end) with `0 <= end - start < maxAnswerLength` scored
    /// `start[s] * end[e]`, the `topK` best (row-major order breaks ties), then spans that begin or end on
    /// a masked token dropped (index 0 is kept: transformers' mask check counts it as allowed).
    static func bestSpans(start: [Float], end: [Float], topK: Int, maxAnswerLength: Int, allowed: [Bool]) -> [(Int, Int, Float)] {
        let n = start.count
        var candidates: [(index: Int, score: Float)] = []
        candidates.reserveCapacity(n * min(n, maxAnswerLength))
        for s in 0..<n {
            for e in 0..<n {
                let inBand = e >= s && e - s <= maxAnswerLength - 1
                candidates.append((s * n + e, inBand ? start[s] * end[e] : 0))
            }
        }
        let best = candidates.sorted { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }.prefix(topK)
        func ok(_ t: Int) -> Bool { t == 0 || allowed[t] }
        return best.compactMap { c in
            let s = c.index / n, e = c.index % n
            return ok(s) && ok(e) ? (s, e, c.score) : nil
        }
    }

    /// `get_indices`: the characters of the words holding the start and end tokens (`align_to_words`), or
    /// of the tokens themselves.
    func characterSpan(_ window: Encoding, start s: Int, end e: Int, sequence: Int, alignToWords: Bool) -> (Int, Int) {
        guard alignToWords, let startWord = window.wordIds[s], let endWord = window.wordIds[e] else {
            return (window.offsets[s].start, window.offsets[e].end)
        }
        let inWord = { (word: Int) in window.wordIds.indices.filter { window.wordIds[$0] == word && window.sequenceIds[$0] == sequence } }
        guard let first = inWord(startWord).first, let last = inWord(endWord).last else {
            return (window.offsets[s].start, window.offsets[e].end)
        }
        return (window.offsets[first].start, window.offsets[last].end)
    }
}
