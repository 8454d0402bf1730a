// The bf16 GEMM kernel (CKernels' lr_bf16_gemm.c, used by `TrainingArguments(bf16=True)`) against OpenBLAS
// sgemm, one thread each, on the frozen-weight products of a MiniLM-L6 step (16 × 64 tokens) and of a
// SmolLM2-135M step (4 × 128 tokens): GFLOPS from the calling thread's CPU time, best of N, so the figure
// holds on a shared machine. Set `env -u OPENBLAS_CORETYPE` when the environment picks a slower kernel.
import CBLAS
import CKernels
import Foundation
import TensorCore

enum BF16Benchmark {
    struct Shape {
        let name: String, m: Int, n: Int, k: Int, transposeB: Bool
    }

    static let shapes: [Shape] = [
        Shape(name: "MiniLM q/k/v/o forward", m: 1024, n: 384, k: 384, transposeB: true),
        Shape(name: "MiniLM FFN up forward", m: 1024, n: 1536, k: 384, transposeB: true),
        Shape(name: "MiniLM FFN down forward", m: 1024, n: 384, k: 1536, transposeB: true),
        Shape(name: "MiniLM FFN up dx", m: 1024, n: 384, k: 1536, transposeB: false),
        Shape(name: "SmolLM2 q/o forward", m: 512, n: 576, k: 576, transposeB: true),
        Shape(name: "SmolLM2 k/v forward", m: 512, n: 192, k: 576, transposeB: true),
        Shape(name: "SmolLM2 gate/up forward", m: 512, n: 1536, k: 576, transposeB: true),
        Shape(name: "SmolLM2 down forward", m: 512, n: 576, k: 1536, transposeB: true),
        Shape(name: "SmolLM2 gate/up dx", m: 512, n: 576, k: 1536, transposeB: false),
        Shape(name: "SmolLM2 head logits (8192-column slab)", m: 508, n: 8192, k: 576, transposeB: true),
        Shape(name: "SmolLM2 head dx (4096-token slab)", m: 508, n: 576, k: 4096, transposeB: false),
    ]

    static func threadSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func best(_ repeats: Int, _ body: () -> Void) -> Double {
        body()
        var fastest = Double.infinity
        for _ in 0..<repeats {
            let start = threadSeconds()
            body()
            fastest = min(fastest, threadSeconds() - start)
        }
        return fastest
    }

    static func run(_ options: BenchmarkOptions) throws {
        let saved = BLAS.threads
        BLAS.threads = 1
        defer { BLAS.threads = saved }
        let level = lrb_level(), repeats = max(5, options.iterations)
        print("bf16 kernel \(String(cString: lrb_level_name(level))) vs sgemm (OpenBLAS \(BLAS.kernel)), one thread, thread CPU time, best of \(repeats); load average \(loadAverage())")
        let generator = RandomGenerator(seed: 3)
        var ratios: [Double] = []
        for shape in shapes {
            let a = try Tensor.normal([shape.m, shape.k], generator: generator).toArray()
            let b = try Tensor.normal([shape.n, shape.k], generator: generator).toArray()
            var half = [UInt16](repeating: 0, count: b.count)
            lrb_round(b, &half, Int64(b.count))
            var c = [Float](repeating: 0, count: shape.m * shape.n)
            let ldb = shape.transposeB ? shape.k : shape.n
            let bf16 = best(repeats) {
                lrb_gemm(level, shape.transposeB ? 1 : 0, Int64(shape.m), Int64(shape.n), Int64(shape.k), a, Int64(shape.k),
                         half, Int64(ldb), 0, &c, Int64(shape.n))
            }
            let fp32 = best(repeats) {
                lr_sgemm(CblasRowMajor, CblasNoTrans, shape.transposeB ? CblasTrans : CblasNoTrans, Int32(shape.m), Int32(shape.n),
                         Int32(shape.k), 1, a, Int32(shape.k), b, Int32(ldb), 0, &c, Int32(shape.n))
            }
            let flops = 2.0 * Double(shape.m * shape.n * shape.k)
            ratios.append(fp32 / bf16)
            let label = shape.name.padding(toLength: 40, withPad: " ", startingAt: 0)
            print(String(format: "  %@ %5d×%5d×%5d %@: bf16 %6.1f GFLOPS, sgemm %6.1f GFLOPS, %.2f×", label, shape.m, shape.n, shape.k, shape.transposeB ? "x·Wᵀ" : "g·W ", flops / bf16 / 1e9, flops / fp32 / 1e9, fp32 / bf16))
        }
        let sorted = ratios.sorted()
        print(String(format: "median %.2f× sgemm (range %.2f–%.2f×); load average %@", sorted[sorted.count / 2], sorted.first ?? 0,
                     sorted.last ?? 0, loadAverage()))
    }
}
