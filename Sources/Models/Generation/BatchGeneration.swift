import PythonBasics
import Foundation
import TensorCore

extension LlamaForCausalLM {
    /// Greedy or sampled generation for several prompts side by side (`generate` on a padded batch):
    /// one `LlamaDecoder` row per prompt, the prompts in one prefill and then one forward per step for
    /// every row still running. Each row attends only to its own tokens and numbers its positions from 0,
    /// which is what transformers computes for a left-padded batch (attention_mask 0 on the padding,
    /// `position_ids = attention_mask.cumsum(-1) - 1`), so padding never reaches the model and greedy
    /// rows equal their one-prompt results token for token.
    ///
    /// With `do_sample=True` and `num_return_sequences` n, each prompt runs as n rows (transformers'
    /// `repeat_interleave`); rows draw in row order from one generator per step, so a seeded batch draws
    /// differently from the same prompts generated one by one. A row stops after an EOS token or its own
    /// `max_new_tokens`/`max_position_embeddings` limit. With `options.trace.keepScores`, a finished row
    /// is fed `padTokenId` and scored like transformers does, so `scores` has a row for every sequence
    /// at every step. Returns each row's new tokens (EOS included). Beam search runs prompt by prompt.
    func continueBatch(_ prompts: [[Int32]], options: GenerationOptions, padTokenId: Int32,
                       onStep: (() -> Bool)?) throws -> [[Int32]] {
        try options.validate()
        guard options.numBeams == 1 else {
            throw ModelError("a batch runs beam search one prompt at a time", help: "call generate for each prompt with num_beams > 1")
        }
        let vocab = config.vocabSize, maxPositions = config.maxPositionEmbeddings
        let copies = options.doSample ? options.numReturnSequences : 1
        let rows = prompts.flatMap { prompt in [[Int32]](repeating: prompt, count: copies) }
        for (index, prompt) in prompts.enumerated() {
            guard !prompt.isEmpty else { throw ModelError("prompt \(index) of the batch has no tokens", help: "encode a prompt first") }
            if let bad = prompt.first(where: { $0 < 0 || Int(truncatingIfNeeded: $0) >= vocab }) {
                throw ModelError("prompt token \(bad) is outside the \(vocab)-token vocabulary", help: "use the tokenizer that belongs to this model")
            }
            guard prompt.count < maxPositions else {
                throw ModelError("prompt \(index) has \(prompt.count) tokens but this model handles at most \(maxPositions) (max_position_embeddings), "
                                 + "with room for new tokens", help: "shorten the prompt (tokenize with truncation=True, max_length=\(maxPositions - 1))")
            }
        }
        guard options.maxNewTokens > 0, !rows.isEmpty else {
            options.trace?.sequences = rows.map { _ in [] }
            return rows.map { _ in [] }
        }
        let eos = options.eosTokenIds ?? config.eosTokenIds.compactMap { Int32(exactly: $0) }
        let sampler = options.seed.map { RandomGenerator(seed: $0) } ?? randomness.generator
        // Each row's own limit, as when it runs alone; the cache holds the longest prompt + the most steps.
        let limits = rows.map { min(options.maxNewTokens, maxPositions - $0.count) }
        let steps = limits.max() ?? 0, longest = rows.map(\.count).max() ?? 0
        try MemoryBudget.check(shape: [2, config.numHiddenLayers, rows.count, config.numKeyValueHeads, longest + steps, config.headDim],
                               bytesPerElement: MemoryLayout<Float>.stride, what: "the KV cache of \(rows.count) sequences × \(longest + steps) positions",
                               help: "use a smaller max_new_tokens or fewer prompts per call (pipeline batch_size)")
        let decoder = try LlamaDecoder(model: self, capacity: longest + steps, rows: rows.count, integerKernels: options.integerKernels)
        let keepScores = options.trace?.keepScores == true
        var rowOptions = options
        rowOptions.trace = nil
        var seen = rows
        var generated = [[Int32]](repeating: [], count: rows.count)
        var done = [Bool](repeating: false, count: rows.count)
        var scores = [Float](repeating: 0, count: vocab)
        let wasTraining = isTraining
        isTraining = false
        defer { isTraining = wasTraining }
        try Autograd.noGrad {
            var feed = Array(rows.indices), tokens = rows
            for _ in 0..<steps {
                try decoder.append(rows: feed, tokens: tokens)
                var stepScores: [[Float]] = []
                for row in feed {
                    decoder.copyLogits(row: row, into: &scores)
                    let token = try Self.choose(&scores, seen: seen[row], promptLength: rows[row].count, eos: eos,
                                                options: rowOptions, generator: sampler)
                    if keepScores { stepScores.append(scores) }
                    seen[row].append(done[row] ? padTokenId : token)
                    guard !done[row] else { continue }
                    generated[row].append(token)
                    if eos.contains(token) || generated[row].count >= limits[row] { done[row] = true }
                }
                options.trace?.scores.append(stepScores)
                if done.allSatisfy({ $0 }) { break }
                if let onStep, !onStep() { break }
                // Finished rows drop out, unless every row is scored at every step (they are then fed padding).
                feed = keepScores ? Array(rows.indices) : rows.indices.filter { !done[$0] }
                tokens = feed.map { [seen[$0].last ?? padTokenId] }
            }
        }
        options.trace?.sequences = generated
        return generated
    }
}
