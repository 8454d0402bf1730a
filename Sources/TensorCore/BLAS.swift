import CBLAS
import Foundation

/// The BLAS library lorarepl computes matrix products with: OpenBLAS, loaded on first use with a
/// fast kernel for this CPU unless the user chose one with `OPENBLAS_CORETYPE`
/// (see `Sources/CBLAS/include/lr_blas.h`).
public enum BLAS {
    /// Loads OpenBLAS if needed. `nil` when it is ready, otherwise the reason it is not.
    @discardableResult
    public static func load() -> String? {
        _ = spinLimitChosen
        var buffer = [CChar](repeating: 0, count: 512)
        if lr_blas_load(&buffer, Int32(buffer.count)) == 0 { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// OpenBLAS's idle threads spin (calling `sched_yield`) for 2^28 cycles, ~0.1 s, before they sleep,
    /// so during training they burned the second core all through the elementwise work between
    /// products. 2^18 cycles (~0.1 ms) still covers the gap between back-to-back products. Set before
    /// the library loads (it reads the variable once); a user's own `OPENBLAS_THREAD_TIMEOUT` wins.
    private static let spinLimitChosen: Bool = {
        guard getenv("OPENBLAS_THREAD_TIMEOUT") == nil else { return false }
        setenv("OPENBLAS_THREAD_TIMEOUT", "18", 0)
        return true
    }()

    /// True when lorarepl set `OPENBLAS_THREAD_TIMEOUT` (the user had not), e.g. to leave it out of the
    /// environment of a process that is not lorarepl's.
    public static var setThreadTimeout: Bool { load(); return spinLimitChosen }

    /// True once OpenBLAS is loaded.
    public static var isAvailable: Bool { load() == nil }

    /// The kernel OpenBLAS runs, e.g. `Zen`, `SkylakeX`, `Haswell` ("none" if unavailable).
    public static var kernel: String { load(); return String(cString: lr_blas_corename()) }

    /// How that kernel was chosen (by the user, by lorarepl, or by OpenBLAS itself).
    public static var kernelSource: String { load(); return String(cString: lr_blas_kernel_source()) }

    /// When the user's `OPENBLAS_CORETYPE` names a kernel slower than this CPU runs (e.g. `Haswell` on an
    /// AVX-512 CPU, set machine-wide for old numpy builds): what it costs and how to unset it. lorarepl
    /// honours the setting; it only says so (`lorarepl --version`, the benchmarks).
    public static var slowKernelWarning: String? {
        load()
        guard let user = lr_blas_slower_user_coretype(), let best = lr_blas_best_coretype() else { return nil }
        let chosen = String(cString: user), better = String(cString: best)
        let measured = better == "SkylakeX" && chosen.lowercased() == "haswell"
            ? " (sgemm 1024³ measured 1.85× faster with SkylakeX than with Haswell on a 2-core AMD EPYC with AVX-512: 431 vs 233 GFLOPS; `lorarepl-bench sgemm` measures it here)"
            : " (`lorarepl-bench sgemm` measures the difference)"
        return "OPENBLAS_CORETYPE=\(chosen) is set in the environment, so OpenBLAS runs its \(chosen) kernel although this CPU can run \(better)\(measured). "
            + "lorarepl honours the setting; to use the faster kernel, unset it: `unset OPENBLAS_CORETYPE` (or start lorarepl with `env -u OPENBLAS_CORETYPE lorarepl …`)."
    }

    /// OpenBLAS's thread count.
    public static var threads: Int {
        get { load(); return Int(lr_blas_threads()) }
        set { load(); lr_blas_set_threads(Int32(newValue)) }
    }
}
