import CKernels
import PythonBasics

/// Mixed-precision products for `TrainingArguments(bf16=True)`: inside `BF16Products.scope`, the products
/// with a **frozen** weight (`linear`'s and `lora_linear`'s `x · Wᵀ` and `g · W`, the LM head's logits and
/// their input gradient) run on bf16 values with fp32 accumulation and fp32 results, as PyTorch's CPU
/// autocast does for `linear`. The weight is rounded to bf16 once (round to nearest even) and kept beside
/// its fp32 values until the scope ends; activations are rounded per tile inside the kernel. Trainable
/// weights (LoRA A and B, unfrozen layers), their gradients and the optimizer state stay fp32, so the
/// master weights never lose precision; attention's activation × activation products stay fp32 too.
///
/// The kernel (CKernels' `lr_bf16_gemm.c`) uses AVX512_BF16 when the CPU has it, else a portable C
/// version with the same rounding (slower than fp32 sgemm there). Results do not depend on the number
/// of threads, so a seeded run gives the same bits every time.
public enum BF16Products {
    private static let depth = LockedValue(0)
    /// Storages that got a bf16 copy in the current scope (to drop the copies when it ends).
    private static let holders = LockedValue<[WeakStorage]>([])

    /// Whether products with frozen weights run in bf16 now.
    public static var isEnabled: Bool { depth.current > 0 }

    /// Runs `body` with bf16 products when `enabled` (nested scopes share the copies); when the outermost
    /// scope ends, the weights' bf16 copies are freed.
    public static func scope<T>(enabled: Bool, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        depth.update { $0 += 1 }
        defer {
            let outermost = depth.update { value -> Bool in
                value -= 1
                return value == 0
            }
            if outermost { dropCopies() }
        }
        return try body()
    }

    /// The kernel in use: "avx512-bf16", "avx2" or "portable".
    public static var kernelName: String { String(cString: lrb_level_name(lrb_level())) }

    /// Whether this CPU runs bf16 products natively (AVX512_BF16); without it bf16 is emulated and slower than fp32.
    public static var isNative: Bool { lrb_level() >= Int32(LRB_AVX512_BF16) }

    /// Bytes held by bf16 weight copies now (diagnostics and tests).
    public static var heldBytes: Int {
        holders.current.reduce(0) { $0 + ($1.storage?.bf16Copy?.bytes ?? 0) }
    }

    /// The bf16 copy of a frozen weight `[rows, columns]` stored contiguously, when bf16 products are on;
    /// nil otherwise (the caller uses fp32 sgemm). Made on first use, remade after an in-place write.
    static func frozenCopy(of weight: Tensor) -> BF16Matrix? {
        guard isEnabled, !weight.requiresGrad, weight.rank == 2, weight.count > 0,
              weight.strides == [weight.shape[1], 1] else { return nil }
        let storage = weight.storage
        if let copy = storage.bf16Copy, copy.offset == weight.offset, copy.count == weight.count,
           copy.generation == storage.generation {
            return copy
        }
        let copy = BF16Matrix(rounding: weight.data, count: weight.count, offset: weight.offset, generation: storage.generation)
        let isNew = storage.bf16Copy == nil
        storage.bf16Copy = copy
        if isNew { holders.update { $0.append(WeakStorage(storage)) } }
        return copy
    }

    private static func dropCopies() {
        let held = holders.update { list -> [WeakStorage] in
            defer { list.removeAll() }
            return list
        }
        for holder in held { holder.storage?.bf16Copy = nil }
    }

    /// `C[m, n] = (accumulate ? C : 0) + bf16(A)[m, k] · op(B)` with B in bf16 (`transposeB`: stored `[n, k]`),
    /// split over the cores by column panels.
    static func multiply(transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                         b: UnsafePointer<UInt16>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        let level = lrb_level()
        let panel = 32, panels = (n + panel - 1) / panel
        // About two million multiply-adds per chunk at least, so small products stay on one thread.
        let minimumPanels = Swift.max(1, 2_000_000 / Swift.max(m * k * panel, 1))
        Parallel.forEach(panels, minimumPerChunk: minimumPanels) { range in
            let first = range.lowerBound * panel, columns = Swift.min(n, range.upperBound * panel) - first
            lrb_gemm(level, transposeB ? 1 : 0, Int64(m), Int64(columns), Int64(k), a, Int64(lda),
                     b + (transposeB ? first * ldb : first), Int64(ldb), accumulate ? 1 : 0, c + first, Int64(ldc))
        }
    }
}

extension BF16Products {
    /// The input gradient of `x · Wᵀ`: `dx[rows, in] = g[rows, out] · W[out, in]`, through the frozen weight's
    /// bf16 copy when there is one, else sgemm on `weight()` (stored transposed or with another leading
    /// dimension when `transposed`/`leadingDimension` say so).
    static func inputGradient(_ g: UnsafePointer<Float>, rows: Int, inFeatures: Int, outFeatures: Int, halfWeight: BF16Matrix?,
                              transposed: Bool = false, leadingDimension: Int? = nil, weight: () throws -> Tensor,
                              into dx: UnsafeMutablePointer<Float>) rethrows {
        if let halfWeight {
            multiply(transposeB: false, m: rows, n: inFeatures, k: outFeatures, a: g, lda: outFeatures,
                     b: halfWeight.values, ldb: inFeatures, accumulate: false, c: dx, ldc: inFeatures)
        } else {
            let wb = try weight()
            GEMM.multiply(transposeA: false, transposeB: transposed, m: rows, n: inFeatures, k: outFeatures,
                          a: g, lda: outFeatures, b: wb.data, ldb: leadingDimension ?? inFeatures, beta: 0, c: dx, ldc: inFeatures)
        }
    }
}

/// A weight's values rounded to bf16 (row-major, the weight's own layout).
final class BF16Matrix {
    let values: UnsafeMutablePointer<UInt16>
    let count: Int
    /// Where the weight starts in its storage, and the storage's write generation it was made from.
    let offset: Int
    let generation: Int

    init(rounding source: UnsafePointer<Float>, count: Int, offset: Int, generation: Int) {
        values = .allocate(capacity: Swift.max(count, 1))
        self.count = count
        self.offset = offset
        self.generation = generation
        let chunk = 1 << 16
        Parallel.forEach((count + chunk - 1) / chunk, minimumPerChunk: 4) { range in
            for index in range {
                let start = index * chunk
                lrb_round(source + start, values + start, Int64(Swift.min(chunk, count - start)))
            }
        }
    }

    var bytes: Int { count * MemoryLayout<UInt16>.stride }

    deinit { values.deallocate() }
}

private struct WeakStorage {
    weak var storage: TensorStorage?
    init(_ storage: TensorStorage) { self.storage = storage }
}
