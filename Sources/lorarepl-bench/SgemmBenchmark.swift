import Foundation
import TensorCore

/// 1024×1024×1024 single-precision product through `Tensor.matmul` (OpenBLAS sgemm). When the user's
/// OPENBLAS_CORETYPE names a slower kernel than this CPU runs, the same product runs again in a child
/// without it, and the measured factor is printed (lorarepl itself keeps honouring the setting).
enum SgemmBenchmark {
    static let childVariable = "LORAREPL_SGEMM_CHILD"

    static func run(_ options: BenchmarkOptions) throws {
        let size = 1024
        let generator = RandomGenerator(seed: 1)
        let a = try Tensor.normal([size, size], generator: generator), b = try Tensor.normal([size, size], generator: generator)
        let times = try measure(iterations: max(options.iterations, 5)) { _ = try a.matmul(b) }
        let (median, minimum, _) = summarize(times)
        let flops = 2.0 * Double(size * size * size)
        print(String(format: "sgemm 1024³ (kernel %@): median %.2f ms = %.1f GFLOPS (best %.1f GFLOPS)",
                     BLAS.kernel, median, flops / median / 1e6, flops / minimum / 1e6))
        guard BLAS.slowKernelWarning != nil, ProcessInfo.processInfo.environment[childVariable] == nil else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["sgemm", "--iterations", String(options.iterations)]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = nil
        environment[childVariable] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("sgemm 1024³") }),
              let range = line.range(of: "= "), let other = Double(line[range.upperBound...].prefix { $0.isNumber || $0 == "." }) else {
            print("sgemm without OPENBLAS_CORETYPE: no figure (child output: \(output.prefix(200)))")
            return
        }
        let mine = flops / median / 1e6
        print("without OPENBLAS_CORETYPE: " + line)
        print(String(format: "measured factor: %.2f× faster without OPENBLAS_CORETYPE=%@ (unset OPENBLAS_CORETYPE to get it)",
                     other / mine, ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? ""))
    }
}
