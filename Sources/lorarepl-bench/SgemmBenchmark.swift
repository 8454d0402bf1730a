import TensorCore

/// 1024×1024×1024 single-precision product through `Tensor.matmul` (OpenBLAS sgemm).
enum SgemmBenchmark {
    static func run(_ options: BenchmarkOptions) throws {
        let size = 1024
        let generator = RandomGenerator(seed: 1)
        let a = try Tensor.normal([size, size], generator: generator), b = try Tensor.normal([size, size], generator: generator)
        let times = try measure(iterations: max(options.iterations, 5)) { _ = try a.matmul(b) }
        let (median, minimum, _) = summarize(times)
        let flops = 2.0 * Double(size * size * size)
        print(String(format: "sgemm 1024³: median %.2f ms = %.1f GFLOPS (best %.1f GFLOPS)",
                     median, flops / median / 1e6, flops / minimum / 1e6))
    }
}
