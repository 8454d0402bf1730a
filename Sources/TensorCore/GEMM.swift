import CBLAS

/// Single-precision matrix products: OpenBLAS's sgemm when it loaded, a naive loop otherwise.
/// All matrices are row-major; `transposeA` means A is stored as `[k, m]`.
enum GEMM {
    /// Whether OpenBLAS is in use (loaded once).
    static let usesBLAS: Bool = BLAS.load() == nil

    /// Below this many multiply-adds a product runs single-threaded inside OpenBLAS, so batches
    /// of such products are spread over the cores by `Parallel` instead.
    static let smallProductLimit = 262_144

    /// `C = alpha · op(A) · op(B) + beta · C` with `C` of shape `[m, n]`.
    @inline(__always)
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        if usesBLAS {
            lr_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                     Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        } else {
            naive(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                  a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// The reference product (also the fallback without OpenBLAS).
    static func naive(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for row in 0..<m {
            for column in 0..<n {
                var total: Float = 0
                for inner in 0..<k {
                    let x = transposeA ? a[inner * lda + row] : a[row * lda + inner]
                    let y = transposeB ? b[column * ldb + inner] : b[inner * ldb + column]
                    total += x * y
                }
                let previous = beta == 0 ? 0 : beta * c[row * ldc + column]
                c[row * ldc + column] = alpha * total + previous
            }
        }
    }

    /// The same product for `batch` independent matrices at the given element offsets.
    static func multiplyBatched(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                                a: UnsafePointer<Float>, lda: Int, offsetsA: [Int],
                                b: UnsafePointer<Float>, ldb: Int, offsetsB: [Int],
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, offsetsC: [Int]) {
        let batch = offsetsC.count
        let run = { (index: Int) in
            multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                     a: a + offsetsA[index], lda: lda, b: b + offsetsB[index], ldb: ldb,
                     beta: beta, c: c + offsetsC[index], ldc: ldc)
        }
        if spreadsOverCores(batch: batch, product: m * n * k) {
            withSingleThreadedBLAS {
                Parallel.forEach(batch, minimumPerChunk: 1) { range in for index in range { run(index) } }
            }
        } else {
            for index in 0..<batch { run(index) }
        }
    }

    /// Below this many multiply-adds per product, a batch of at least `2 × Parallel.threads` products
    /// (attention's per-head Q·Kᵀ, P·V and their gradients) runs one single-threaded sgemm per core:
    /// OpenBLAS's own threads would split each ~1M-multiply-add product in two and hand-shake (spin and
    /// wake) thousands of times per training step.
    static let batchedProductLimit = 16_777_216

    /// Whether `batch` products of `product` multiply-adds each are spread over the cores by `Parallel`.
    static func spreadsOverCores(batch: Int, product: Int) -> Bool {
        guard batch > 1 else { return false }
        if product < smallProductLimit { return true }
        return product < batchedProductLimit && batch >= 2 * Parallel.threads
    }

    /// Runs `body` with OpenBLAS limited to the calling thread, so that `Parallel` workers may each call
    /// sgemm. Must not run while another thread uses OpenBLAS (all of TensorCore calls it from one thread).
    static func withSingleThreadedBLAS(_ body: () -> Void) {
        let previous = usesBLAS ? BLAS.threads : 1
        if previous > 1 { BLAS.threads = 1 }
        body()
        if previous > 1 { BLAS.threads = previous }
    }
}

/// How a tensor's last two dimensions lie in memory, as sgemm sees them.
struct MatrixLayout {
    let transposed: Bool
    let leadingDimension: Int

    init(transposed: Bool, leadingDimension: Int) {
        self.transposed = transposed
        self.leadingDimension = leadingDimension
    }

    /// The layout of `[rows, cols]` with the given strides, or nil if sgemm cannot read it directly.
    init?(rows: Int, cols: Int, rowStride: Int, colStride: Int) {
        if (colStride == 1 || cols == 1) && (rowStride >= Swift.max(cols, 1) || rows == 1) {
            transposed = false
            leadingDimension = rows == 1 ? Swift.max(cols, 1) : Swift.max(rowStride, 1)
        } else if (rowStride == 1 || rows == 1) && (colStride >= Swift.max(rows, 1) || cols == 1) {
            transposed = true
            leadingDimension = cols == 1 ? Swift.max(rows, 1) : Swift.max(colStride, 1)
        } else {
            return nil
        }
    }
}

/// Matrix products on raw rows for code outside TensorCore that keeps its own buffers (the decoder's
/// prompt chunks): sgemm, or the naive loop without OpenBLAS.
public enum RowProducts {
    /// `y[t, r] = Σ_c w[r, c] · x[t, c]` for `x [count, columns]`, `w [rows, columns]` (both row-major,
    /// contiguous) and `y` with `ldy` values per row.
    public static func multiplyTransposed(_ x: UnsafePointer<Float>, count: Int, weight w: UnsafePointer<Float>, rows: Int,
                                          columns: Int, into y: UnsafeMutablePointer<Float>, ldy: Int) {
        GEMM.multiply(transposeA: false, transposeB: true, m: count, n: rows, k: columns, a: x, lda: columns, b: w, ldb: columns,
                      beta: 0, c: y, ldc: ldy)
    }

    /// Runs `body` with OpenBLAS on the calling thread only, so `Parallel` workers may each call
    /// `multiplyTransposed` (see `GEMM.withSingleThreadedBLAS`).
    public static func singleThreaded(_ body: () -> Void) { GEMM.withSingleThreadedBLAS(body) }
}
