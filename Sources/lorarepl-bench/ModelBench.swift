// Model benchmarks: MiniLM forward throughput (batch 16 × 64 tokens) and model load times.
import Foundation
import Models
import TensorCore

enum ModelBench {
    /// CPU seconds (user + system) this process has used: on a shared machine the wall clock also
    /// counts time other processes held the cores.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func run(_ options: BenchmarkOptions) throws {
        let minilm = "sentence-transformers/all-MiniLM-L6-v2"
        let started = Date()
        let loaded = try ModelLoader.load(minilm, task: .base)
        let loadSeconds = Date().timeIntervalSince(started)
        print(String(format: "MiniLM-L6 load: %.3f s (%.1f MB fp32)", loadSeconds, Double(loaded.parameterBytes) / 1e6))

        let batch = 16, length = 64
        let generator = RandomGenerator(seed: 0)
        let ids = try IntTensor(shape: [batch, length], values: (0..<(batch * length)).map { _ in Int32(1000 + generator.nextInt(below: 29000)) })
        let mask = try IntTensor(repeating: 1, shape: [batch, length])
        let model = loaded.model
        _ = try Autograd.noGrad { try model.forward(inputIds: ids, attentionMask: mask) }  // warm-up
        let runs = options.iterations
        let forwardStart = Date(), cpuStart = cpuSeconds()
        for _ in 0..<runs { _ = try Autograd.noGrad { try model.forward(inputIds: ids, attentionMask: mask) } }
        let perRun = Date().timeIntervalSince(forwardStart) / Double(runs)
        let cpuPerRun = (cpuSeconds() - cpuStart) / Double(runs)
        print(String(format: "MiniLM-L6 forward, batch %d × %d tokens: %.1f ms per batch, %.1f sequences/s (eval, no grad, %d runs; %.1f CPU-ms per batch on %d threads)",
                     batch, length, perRun * 1000, Double(batch) / perRun, runs, cpuPerRun * 1000, BLAS.threads))

        let smolStart = Date()
        let smol = try ModelLoader.load("HuggingFaceTB/SmolLM2-135M-Instruct")
        print(String(format: "SmolLM2-135M Q4_1 GGUF load: %.2f s; %@", Date().timeIntervalSince(smolStart),
                     smol.notes.joined(separator: "; ")))
        if let lm = smol.model as? LlamaForCausalLM {
            let prompt: [Int32] = [504, 3575, 282, 4649, 314]  // "The capital of France is"
            _ = try lm.generate(prompt, options: GenerationOptions(maxNewTokens: 2, eosTokenIds: []))  // warm-up
            let newTokens = 64
            let generateStart = Date(), cpuStart = cpuSeconds()
            let tokens = try lm.generate(prompt, options: GenerationOptions(maxNewTokens: newTokens, eosTokenIds: []))
            let seconds = Date().timeIntervalSince(generateStart)
            print(String(format: "SmolLM2-135M greedy generation (KV cache, fp32): %d tokens in %.2f s, %.1f tokens/s (%.1f CPU-ms per token)",
                         tokens.count, seconds, Double(tokens.count) / seconds, (cpuSeconds() - cpuStart) * 1000 / Double(tokens.count)))
        }
    }
}
