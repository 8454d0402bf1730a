// lorarepl-bench: micro- and model benchmarks (figures in docs/performance.md).
// Usage: lorarepl-bench [NAME…] [--iterations N] [--threads N]; no name runs every benchmark.
// Each benchmark lives in its own file and registers itself in `Benchmarks.all`.
import Foundation
import Models
import TensorCore

let arguments = Array(CommandLine.arguments.dropFirst())
var options = BenchmarkOptions()
var names: [String] = []
var index = 0
while index < arguments.count {
    let argument = arguments[index]
    if argument == "--iterations", index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 {
        options.iterations = value
        index += 2
        continue
    }
    if argument == "--threads", index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 {
        BLAS.threads = value
        Parallel.threads = value
        QuantizedKernelInfo.threads = value
        index += 2
        continue
    }
    if argument == "-h" || argument == "--help" {
        print("usage: lorarepl-bench [NAME…] [--iterations N] [--threads N]\nbenchmarks:")
        for benchmark in Benchmarks.all { print("  \(benchmark.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(benchmark.summary)") }
        exit(0)
    }
    names.append(argument)
    index += 1
}

let unknown = names.filter { name in !Benchmarks.all.contains { $0.name == name } }
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("unknown benchmark \(unknown.joined(separator: ", ")); known: \(Benchmarks.all.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
let selected = names.isEmpty ? Benchmarks.all : names.compactMap { name in Benchmarks.all.first { $0.name == name } }
print("BLAS kernel: \(BLAS.kernel) (\(BLAS.kernelSource)), BLAS threads: \(BLAS.threads), parallel-for threads: \(Parallel.threads), load average: \(loadAverage())")
if let warning = BLAS.slowKernelWarning { print("warning: " + warning) }
print("quantized decoding kernels: \(QuantizedKernelInfo.level) (best for this CPU: \(QuantizedKernelInfo.bestLevel)), \(QuantizedKernelInfo.threads) threads")
do {
    for benchmark in selected { try benchmark.run(options) }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
