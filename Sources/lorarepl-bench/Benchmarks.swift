import Dispatch
import Foundation
import TensorCore

/// Command-line options shared by all benchmarks.
struct BenchmarkOptions {
    var iterations = 10

    /// `LORAREPL_BENCH_BF16=1`: the training benchmarks run with `TrainingArguments(bf16=True)` (children inherit it).
    static let bf16 = ProcessInfo.processInfo.environment["LORAREPL_BENCH_BF16"] == "1"
    /// ", bf16 (avx512-bf16 kernel)" when bf16 is on, else "".
    static var precisionNote: String { bf16 ? ", bf16 (\(BF16Products.kernelName) kernel)" : "" }
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
        Benchmark(name: "bf16", summary: "the bf16 GEMM kernel vs sgemm, one thread, on MiniLM's and SmolLM2's frozen-weight shapes: GFLOPS",
                  run: BF16Benchmark.run),
        Benchmark(name: "layer", summary: "one BERT layer (384/12 heads/FFN 1536), batch 16×64: forward+backward ms (full and LoRA)",
                  run: TransformerLayerBenchmark.run),
        Benchmark(name: "encoder", summary: "6 such layers with LoRA r=8 on query+value (a MiniLM-L6 training step without embeddings/head)",
                  run: TransformerLayerBenchmark.runEncoder),
        Benchmark(name: "models", summary: "MiniLM-L6 load + forward (batch 16×64, sequences/s); SmolLM2 GGUF load + greedy tokens/s", run: ModelBench.run),
        Benchmark(name: "train", summary: "Trainer step: MiniLM-L6 + LoRA r=8 query/value, batch 16×64 (ms/step; PyTorch ≈ 570–620)",
                  run: TrainBenchmark.run),
        Benchmark(name: "causal", summary: "SmolLM2: greedy tokens/s (fp32 and kept quantized), LoRA q/v train tokens/s (4×128, fp32 base and kept quantized), peak RSS; then PyTorch", run: CausalBenchmark.run),
        Benchmark(name: "train-demo", summary: "the demo recipe: MiniLM LoRA on 2000 tweets, 1 epoch, accuracy on 500 (needs make assets)",
                  run: TrainDemoBenchmark.run),
        Benchmark(name: "minilm-step", summary: "MiniLM-L6 LoRA training step (Models + PEFT, b16×s64, r=8 q,v, AdamW): ms/step, CPU, peak RSS",
                  run: MiniLMStepBenchmark.run),
        Benchmark(name: "lang", summary: "the interpreter against python3 on loop-heavy scripts (Tests/LangTests/PythonScripts/bench): CPU s and ratio",
                  run: LangBenchmark.run),
    ]
}

/// Wall-clock and process CPU time (all threads, user + system) of each iteration, in ms.
struct Timings {
    var wall: [Double] = []
    var cpu: [Double] = []
}

/// Process CPU time so far in ms (includes OpenBLAS worker threads, also while they spin).
func processCPUMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func ms(_ time: timeval) -> Double { Double(time.tv_sec) * 1e3 + Double(time.tv_usec) / 1e3 }
    return ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// Runs `body` `warmup` times, then `iterations` times, and records each iteration's times.
func measure(iterations: Int, warmup: Int = 2, _ body: () throws -> Void) rethrows -> Timings {
    for _ in 0..<warmup { try body() }
    var timings = Timings()
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = processCPUMilliseconds()
        try body()
        timings.wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        timings.cpu.append(processCPUMilliseconds() - cpuStart)
    }
    return timings
}

/// Median and best wall time, median CPU time (ms).
func summarize(_ timings: Timings) -> (median: Double, minimum: Double, cpu: Double) {
    let wall = timings.wall.sorted(), cpu = timings.cpu.sorted()
    return (wall[wall.count / 2], wall.first ?? 0, cpu[cpu.count / 2])
}

/// The machine's 1-minute load average (benchmarks on a busy machine read slow).
func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
}
