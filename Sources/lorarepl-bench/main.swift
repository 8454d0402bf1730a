// lorarepl-bench: micro- and model benchmarks (see docs/performance.md). Filled in by the issues
// that add the measured pieces.
import TensorCore
print("BLAS kernel: \(BLAS.kernel), threads: \(BLAS.threads)")
ModelBench.runIfRequested(Array(CommandLine.arguments.dropFirst()))
