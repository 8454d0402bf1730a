import Dispatch
import Foundation

/// Command-line options shared by all benchmarks.
struct BenchmarkOptions {
    var iterations = 10
}

/// One named benchmark.
struct Benchmark {
    let name: String
    let summary: String
    let run: (BenchmarkOptions) throws -> Void
}

/// The registry the dispatcher in main.swift reads. Add new benchmarks here.
enum Benchmarks {
    static let all: [Benchmark] = [
        Benchmark(name: "sgemm", summary: "1024³ sgemm GFLOPS through Tensor.matmul", run: SgemmBenchmark.run),
        Benchmark(name: "layer", summary: "one BERT layer (384/12 heads/FFN 1536), batch 16×64: forward+backward ms (full and LoRA)",
                  run: TransformerLayerBenchmark.run),
        Benchmark(name: "encoder", summary: "6 such layers with LoRA r=8 on query+value (a MiniLM-L6 training step without embeddings/head)",
                  run: TransformerLayerBenchmark.runEncoder),
        Benchmark(name: "models", summary: "MiniLM-L6 load + forward (batch 16×64, sequences/s); SmolLM2 GGUF load + greedy tokens/s", run: ModelBench.run),
        Benchmark(name: "train", summary: "Trainer step: MiniLM-L6 + LoRA r=8 query/value, batch 16×64 (ms/step; PyTorch ≈ 570–620)",
                  run: TrainBenchmark.run),
    ]
}

/// Wall-clock timing: runs `body` `warmup` times, then `iterations` times, returns the times in ms.
func measure(iterations: Int, warmup: Int = 2, _ body: () throws -> Void) rethrows -> [Double] {
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times
}

/// "median X ms (min Y)".
func summarize(_ times: [Double]) -> (median: Double, minimum: Double) {
    let sorted = times.sorted()
    return (sorted[sorted.count / 2], sorted.first ?? 0)
}
