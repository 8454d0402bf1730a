// lr_bf16_gemm.c — bf16 × bf16 → fp32 matrix products (see lr_bf16.h).
//
// Blocked as in GotoBLAS: B is packed per [KC × NC] block into 32-column panels whose rows are the
// k-pairs (u32 = two bf16, the low half the even k), A per [MC × KC] block into 12-row strips rounded
// to bf16 on the way. A 12 × 32 tile of C is held in 24 registers while the k-pairs stream through
// VDPBF16PS (one broadcast pair of A against two 16-column vectors of B per row).
#include "lr_bf16.h"
#include "lr_kernel_level.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define LRB_X86 1
#include <immintrin.h>
#endif

#define MR 12
#define NR 32
#define KC 384            // most k per block (even: a block never splits a k-pair)
#define MC (MR * 8)
#define NC (NR * 32)

// ---- rounding --------------------------------------------------------------------------------------

static inline uint16_t round_one(float x) {
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    uint32_t exponent = bits & 0x7F800000u;
    if (exponent == 0) return (uint16_t)((bits >> 16) & 0x8000u);  // ±0 and subnormals → ±0
    if (exponent == 0x7F800000u && (bits & 0x007FFFFFu)) return (uint16_t)((bits >> 16) | 0x0040u);  // quiet NaN
    bits += 0x7FFFu + ((bits >> 16) & 1u);
    return (uint16_t)(bits >> 16);
}

static void round_portable(const float *src, uint16_t *dst, int64_t count) {
    for (int64_t i = 0; i < count; i++) dst[i] = round_one(src[i]);
}

// ---- packing (shared by every level) ---------------------------------------------------------------

typedef void (*round_fn)(const float *src, uint16_t *dst, int64_t count);

#ifdef LRB_X86
/// `lrb_round` with VCVTNE2PS2BF16 (the same bits: round to nearest even, subnormals to ±0, quiet NaN).
__attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16"))) static void round_avx512(const float *src, uint16_t *dst,
                                                                                        int64_t count) {
    int64_t i = 0;
    for (; i + 32 <= count; i += 32) {
        __m512bh pairs = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(src + i + 16), _mm512_loadu_ps(src + i));
        _mm512_storeu_si512((void *)(dst + i), (__m512i)pairs);
    }
    for (; i < count; i++) dst[i] = round_one(src[i]);
}
#endif

/// Rows [0, mc) × columns [0, kc) of A into 12-row strips: strip s, pair q, row r at s·kp·MR + q·MR + r.
static void pack_a(round_fn round, const float *a, int64_t lda, int64_t mc, int64_t kc, uint32_t *out) {
    uint16_t line[KC + 2];
    int64_t kp = (kc + 1) / 2;
    for (int64_t strip = 0; strip * MR < mc; strip++) {
        uint32_t *dst = out + strip * kp * MR;
        for (int r = 0; r < MR; r++) {
            int64_t row = strip * MR + r;
            if (row >= mc) {
                for (int64_t q = 0; q < kp; q++) dst[q * MR + r] = 0;
                continue;
            }
            round(a + row * lda, line, kc);
            line[kc] = 0;  // the odd k's partner
            for (int64_t q = 0; q < kp; q++) dst[q * MR + r] = (uint32_t)line[2 * q] | ((uint32_t)line[2 * q + 1] << 16);
        }
    }
}

/// Columns [0, nc) × k-rows [0, kc) of op(B) into 32-column panels: panel p, pair q, column j at p·kp·NR + q·NR + j.
static void pack_b(int transB, const uint16_t *b, int64_t ldb, int64_t nc, int64_t kc, uint32_t *out) {
    int64_t kp = (kc + 1) / 2;
    for (int64_t panel = 0; panel * NR < nc; panel++) {
        uint32_t *dst = out + panel * kp * NR;
        int64_t width = nc - panel * NR < NR ? nc - panel * NR : NR;
        if (transB) {  // B stored [n, k]: column j of op(B) is row j of B.
            for (int64_t j = 0; j < NR; j++) {
                if (j >= width) {
                    for (int64_t q = 0; q < kp; q++) dst[q * NR + j] = 0;
                    continue;
                }
                const uint16_t *line = b + (panel * NR + j) * ldb;
                for (int64_t q = 0; q < kc / 2; q++) dst[q * NR + j] = (uint32_t)line[2 * q] | ((uint32_t)line[2 * q + 1] << 16);
                if (kc & 1) dst[(kp - 1) * NR + j] = line[kc - 1];
            }
        } else {  // B stored [k, n]: interleave rows 2q and 2q + 1.
            for (int64_t q = 0; q < kp; q++) {
                const uint16_t *even = b + (2 * q) * ldb + panel * NR;
                const uint16_t *odd = 2 * q + 1 < kc ? even + ldb : NULL;
                uint32_t *line = dst + q * NR;
                for (int64_t j = 0; j < width; j++) line[j] = (uint32_t)even[j] | (odd ? (uint32_t)odd[j] << 16 : 0u);
                for (int64_t j = width; j < NR; j++) line[j] = 0;
            }
        }
    }
}

// ---- micro-kernels ---------------------------------------------------------------------------------

typedef void (*micro_fn)(int64_t kp, const uint32_t *ap, const uint32_t *bp, float *c, int64_t ldc, int mr, int nr, int load);

static inline float high_half(uint32_t pair) {
    uint32_t bits = pair & 0xFFFF0000u;
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static inline float low_half(uint32_t pair) { return high_half(pair << 16); }

/// The portable tile: the same two additions per pair as VDPBF16PS (odd k first), in plain C.
static inline void micro_portable_body(int64_t kp, const uint32_t *ap, const uint32_t *bp, float *c, int64_t ldc, int mr,
                                       int nr, int load) {
    float acc[MR][NR];
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < NR; j++) acc[r][j] = load && r < mr && j < nr ? c[r * ldc + j] : 0.0f;
    for (int64_t q = 0; q < kp; q++) {
        const uint32_t *bq = bp + q * NR;
        float bHigh[NR], bLow[NR];
        for (int j = 0; j < NR; j++) {
            bHigh[j] = high_half(bq[j]);
            bLow[j] = low_half(bq[j]);
        }
        for (int r = 0; r < MR; r++) {
            float aHigh = high_half(ap[q * MR + r]), aLow = low_half(ap[q * MR + r]);
            for (int j = 0; j < NR; j++) {
                acc[r][j] += aHigh * bHigh[j];  // exact products: a fused multiply-add rounds the same way
                acc[r][j] += aLow * bLow[j];
            }
        }
    }
    for (int r = 0; r < mr; r++)
        for (int j = 0; j < nr; j++) c[r * ldc + j] = acc[r][j];
}

static void micro_portable(int64_t kp, const uint32_t *ap, const uint32_t *bp, float *c, int64_t ldc, int mr, int nr, int load) {
    micro_portable_body(kp, ap, bp, c, ldc, mr, nr, load);
}

#ifdef LRB_X86
__attribute__((target("avx2,fma"))) static void micro_avx2(int64_t kp, const uint32_t *ap, const uint32_t *bp, float *c,
                                                           int64_t ldc, int mr, int nr, int load) {
    micro_portable_body(kp, ap, bp, c, ldc, mr, nr, load);
}

#define BF16_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))

BF16_TARGET static void micro_avx512(int64_t kp, const uint32_t *ap, const uint32_t *bp, float *c, int64_t ldc, int mr,
                                     int nr, int load) {
    __mmask16 mask0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1);
    __mmask16 mask1 = nr >= 32 ? (__mmask16)0xFFFF : nr > 16 ? (__mmask16)((1u << (nr - 16)) - 1) : (__mmask16)0;
    __m512 c0[MR], c1[MR];
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
        if (load && r < mr) {
            c0[r] = _mm512_maskz_loadu_ps(mask0, c + r * ldc);
            c1[r] = _mm512_maskz_loadu_ps(mask1, c + r * ldc + 16);
        } else {
            c0[r] = _mm512_setzero_ps();
            c1[r] = _mm512_setzero_ps();
        }
    }
    for (int64_t q = 0; q < kp; q++) {
        __m512bh b0 = (__m512bh)_mm512_load_si512((const void *)(bp + q * NR));
        __m512bh b1 = (__m512bh)_mm512_load_si512((const void *)(bp + q * NR + 16));
        const uint32_t *aq = ap + q * MR;
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; r++) {
            __m512bh pair = (__m512bh)_mm512_set1_epi32((int)aq[r]);
            c0[r] = _mm512_dpbf16_ps(c0[r], pair, b0);
            c1[r] = _mm512_dpbf16_ps(c1[r], pair, b1);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
        if (r < mr) {
            _mm512_mask_storeu_ps(c + r * ldc, mask0, c0[r]);
            _mm512_mask_storeu_ps(c + r * ldc + 16, mask1, c1[r]);
        }
    }
}
#endif

// ---- dispatch --------------------------------------------------------------------------------------

#ifdef LRB_X86
#define LRB_CPU_LEVEL LR_X86_LEVEL("fma", "avx512bf16")
#else
#define LRB_CPU_LEVEL LRB_PORTABLE
#endif

LR_KERNEL_LEVEL_FUNCTIONS(lrb, LRB_CPU_LEVEL, "LORAREPL_BF16_KERNEL", "avx512-bf16")

static micro_fn micro_for(int level) {
    int usable = level > lrb_best_level() ? lrb_best_level() : level;
#ifdef LRB_X86
    if (usable >= LRB_AVX512_BF16) return micro_avx512;
    if (usable >= LRB_AVX2) return micro_avx2;
#endif
    (void)usable;
    return micro_portable;
}

static round_fn round_for(int level) {
#ifdef LRB_X86
    if (level >= LRB_AVX512_BF16 && lrb_best_level() >= LRB_AVX512_BF16) return round_avx512;
#endif
    (void)level;
    return round_portable;
}

void lrb_round_at(int level, const float *src, uint16_t *dst, int64_t count) { round_for(level)(src, dst, count); }

void lrb_round(const float *src, uint16_t *dst, int64_t count) { round_for(lrb_level())(src, dst, count); }

// ---- driver ----------------------------------------------------------------------------------------

void lrb_gemm(int level, int transB, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
              const uint16_t *b, int64_t ldb, int accumulate, float *c, int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate)
            for (int64_t i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
        return;
    }
    micro_fn micro = micro_for(level);
    round_fn round = round_for(level);
    uint32_t *packedB = aligned_alloc(64, (size_t)NC * (KC / 2) * sizeof(uint32_t));
    uint32_t *packedA = aligned_alloc(64, (size_t)MC * (KC / 2) * sizeof(uint32_t));
    if (!packedA || !packedB) abort();  // out of memory: nothing sensible to return
    // k in equal even blocks of at most KC (576 → 2 × 288, not 384 + 192).
    int64_t blocks = (k + KC - 1) / KC, step = ((k + blocks - 1) / blocks + 1) & ~(int64_t)1;
    for (int64_t jc = 0; jc < n; jc += NC) {
        int64_t nc = n - jc < NC ? n - jc : NC;
        for (int64_t pc = 0; pc < k; pc += step) {
            int64_t kc = k - pc < step ? k - pc : step, kp = (kc + 1) / 2;
            const uint16_t *blockB = transB ? b + jc * ldb + pc : b + pc * ldb + jc;
            pack_b(transB, blockB, ldb, nc, kc, packedB);
            int load = accumulate || pc > 0;
            for (int64_t ic = 0; ic < m; ic += MC) {
                int64_t mc = m - ic < MC ? m - ic : MC;
                pack_a(round, a + ic * lda + pc, lda, mc, kc, packedA);
                for (int64_t jr = 0; jr < nc; jr += NR) {
                    int nr = (int)(nc - jr < NR ? nc - jr : NR);
                    for (int64_t ir = 0; ir < mc; ir += MR) {
                        int mr = (int)(mc - ir < MR ? mc - ir : MR);
                        micro(kp, packedA + (ir / MR) * kp * MR, packedB + (jr / NR) * kp * NR,
                              c + (ic + ir) * ldc + jc + jr, ldc, mr, nr, load);
                    }
                }
            }
        }
    }
    free(packedA);
    free(packedB);
}
