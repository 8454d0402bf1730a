// lr_bf16.h — bfloat16 matrix products with fp32 accumulation, for mixed-precision training
// (`TrainingArguments(bf16=True)`): the frozen weights are rounded to bf16 once, the activations per tile.
//
// C[m, n] = (accumulate ? C : 0) + bf16(A)[m, k] · op(B), where A is fp32 (rounded to bf16 here, round to
// nearest even) and B is bf16. Each output is one fp32 running sum over k in pairs: for the pair
// (2q, 2q+1), `c += a[2q+1]·b[2q+1]` then `c += a[2q]·b[2q]` (each product of two bf16 values is exact in
// fp32), the order of AVX512_BF16's VDPBF16PS. Results do not depend on the thread split.
//
// Two kernels, chosen at run time: AVX512_BF16 (VDPBF16PS, 12 × 32 tiles) and a portable C one with the
// same packing (compiled twice: for any x86-64 and for AVX2+FMA). The portable one adds the two products
// in the same order but keeps fp32 subnormal sums that VDPBF16PS flushes to zero; otherwise they agree.
#ifndef LR_BF16_H
#define LR_BF16_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel levels.
enum { LRB_PORTABLE = 0, LRB_AVX2 = 1, LRB_AVX512_BF16 = 2 };

/// The best level this CPU supports.
int lrb_best_level(void);
/// The level in use: the best one, unless lowered by `lrb_set_level` or LORAREPL_BF16_KERNEL=portable|avx2.
int lrb_level(void);
/// Uses `level` if the CPU supports it (else the best lower one); returns the level now in use.
int lrb_set_level(int level);
/// "avx512-bf16", "avx2" or "portable".
const char *lrb_level_name(int level);

/// dst[i] = bf16(src[i]): round to nearest even, NaN stays a (quiet) NaN, fp32 subnormals become ±0.
void lrb_round(const float *src, uint16_t *dst, int64_t count);
/// `lrb_round` on the kernel `level` (tests: every level gives the same bits).
void lrb_round_at(int level, const float *src, uint16_t *dst, int64_t count);

/// The product described above, on the kernel `level`. `transB`: B is stored [n, k] (a weight [out, in]
/// in x · Wᵀ), else [k, n]. Row-major with leading dimensions lda, ldb, ldc.
void lrb_gemm(int level, int transB, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
              const uint16_t *b, int64_t ldb, int accumulate, float *c, int64_t ldc);

#ifdef __cplusplus
}
#endif
#endif
