import CBLAS

/// The BLAS library lorarepl computes matrix products with: OpenBLAS, loaded on first use with a
/// fast kernel for this CPU unless the user chose one with `OPENBLAS_CORETYPE`
/// (see `Sources/CBLAS/include/lr_blas.h`).
public enum BLAS {
    /// Loads OpenBLAS if needed. `nil` when it is ready, otherwise the reason it is not.
    @discardableResult
    public static func load() -> String? {
        var buffer = [CChar](repeating: 0, count: 512)
        if lr_blas_load(&buffer, Int32(buffer.count)) == 0 { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True once OpenBLAS is loaded.
    public static var isAvailable: Bool { load() == nil }

    /// The kernel OpenBLAS runs, e.g. `Zen`, `SkylakeX`, `Haswell` ("none" if unavailable).
    public static var kernel: String { load(); return String(cString: lr_blas_corename()) }

    /// How that kernel was chosen (by the user, by lorarepl, or by OpenBLAS itself).
    public static var kernelSource: String { load(); return String(cString: lr_blas_kernel_source()) }

    /// OpenBLAS's thread count.
    public static var threads: Int {
        get { load(); return Int(lr_blas_threads()) }
        set { load(); lr_blas_set_threads(Int32(newValue)) }
    }
}
