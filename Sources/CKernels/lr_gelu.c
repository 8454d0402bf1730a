// lr_gelu.c — erf GELU on 512-bit vectors (see lr_gelu.h). Every line mirrors FastMath in TensorCore's
// Activations.swift: separate multiplies and adds (Swift never contracts them into FMAs), the same
// clamps and the same NaN behaviour (ordered comparisons are false for NaN).
#include "lr_gelu.h"
#include "lr_quant.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define GELU_TARGET __attribute__((target("avx512f")))

/// FastMath.exp(high, plus: low).
GELU_TARGET static inline __m512 exp_plus(__m512 high, __m512 low) {
    __m512 sum = _mm512_add_ps(high, low);
    __mmask16 below = _mm512_cmp_ps_mask(sum, _mm512_set1_ps(-87.3f), _CMP_LT_OQ);
    __mmask16 above = _mm512_cmp_ps_mask(sum, _mm512_set1_ps(88.3f), _CMP_GT_OQ);
    high = _mm512_mask_mov_ps(high, above, _mm512_set1_ps(88.3f));
    high = _mm512_mask_mov_ps(high, below, _mm512_set1_ps(-87.3f));
    low = _mm512_maskz_mov_ps((__mmask16)~(below | above), low);
    __m512 x = _mm512_add_ps(high, low);
    __m512 shifted = _mm512_add_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.442695040888963f)), _mm512_set1_ps(12582912.0f));
    __m512 n = _mm512_sub_ps(shifted, _mm512_set1_ps(12582912.0f));
    __m512i exponent = _mm512_sub_epi32(_mm512_castps_si512(shifted), _mm512_set1_epi32(0x4B400000));
    __m512 r = _mm512_sub_ps(_mm512_add_ps(_mm512_sub_ps(high, _mm512_mul_ps(n, _mm512_set1_ps(0.693145751953125f))), low),
                             _mm512_mul_ps(n, _mm512_set1_ps(1.428606765330187e-06f)));
    __m512 p = _mm512_set1_ps(1.0f / 5040);
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.0f / 720));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.0f / 120));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.0f / 24));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.0f / 6));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(0.5f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.0f));
    p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(1.0f));
    __m512 scale = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(exponent, _mm512_set1_epi32(127)), 23));
    return _mm512_mul_ps(p, scale);
}

#define HORNER(p, t, c) p = _mm512_add_ps(_mm512_mul_ps(p, t), _mm512_set1_ps(c))

/// FastMath.onePlusErf(u): erfc(|u|) (Numerical Recipes' fit, −z² split exactly) for u < 0, 2 − erfc(u) otherwise.
GELU_TARGET static inline __m512 one_plus_erf(__m512 u) {
    __mmask16 negative = _mm512_cmp_ps_mask(u, _mm512_setzero_ps(), _CMP_LT_OQ);
    __m512 z = _mm512_mask_sub_ps(u, negative, _mm512_setzero_ps(), u);  // u < 0 ? −u : u
    __m512 t = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_add_ps(_mm512_set1_ps(1.0f), _mm512_mul_ps(_mm512_set1_ps(0.5f), z)));
    __m512 poly = _mm512_set1_ps(0.17087277f);
    HORNER(poly, t, -0.82215223f);
    HORNER(poly, t, 1.48851587f);
    HORNER(poly, t, -1.13520398f);
    HORNER(poly, t, 0.27886807f);
    HORNER(poly, t, -0.18628806f);
    HORNER(poly, t, 0.09678418f);
    HORNER(poly, t, 0.37409196f);
    HORNER(poly, t, 1.00002368f);
    HORNER(poly, t, -1.26551223f);
    __m512 zh = _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(z), _mm512_set1_epi32((int)0xFFFFF000u)));
    __m512 zl = _mm512_sub_ps(z, zh);
    __m512 minus_zh = _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(zh), _mm512_set1_epi32((int)0x80000000u)));  // −zh (sign flip, as Swift's prefix minus)
    __m512 tail = _mm512_mul_ps(t, exp_plus(_mm512_mul_ps(minus_zh, zh), _mm512_sub_ps(poly, _mm512_mul_ps(zl, _mm512_add_ps(z, zh)))));
    return _mm512_mask_blend_ps(negative, _mm512_sub_ps(_mm512_set1_ps(2.0f), tail), tail);
}

GELU_TARGET static int64_t forward_avx512(const float *x, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 v = _mm512_loadu_ps(x + i);
        __m512 e = one_plus_erf(_mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f)));
        _mm512_storeu_ps(y + i, _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), e));
    }
    return i;
}

GELU_TARGET static int64_t backward_avx512(const float *x, const float *g, float *out, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 v = _mm512_loadu_ps(x + i);
        __m512 e = one_plus_erf(_mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f)));
        __m512 gauss = exp_plus(_mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(-0.5f), v), v), _mm512_setzero_ps());
        __m512 derivative = _mm512_add_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), e),
                                          _mm512_mul_ps(_mm512_mul_ps(v, _mm512_set1_ps(0.39894228040143268f)), gauss));
        _mm512_storeu_ps(out + i, _mm512_mul_ps(_mm512_loadu_ps(g + i), derivative));
    }
    return i;
}
#endif

int64_t lrg_gelu_forward(const float *x, float *y, int64_t n) {
#if defined(__x86_64__) || defined(__i386__)
    if (lrq_level() >= LRQ_AVX512_VNNI) return forward_avx512(x, y, n);
#endif
    (void)x; (void)y; (void)n;
    return 0;
}

int64_t lrg_gelu_backward(const float *x, const float *g, float *out, int64_t n) {
#if defined(__x86_64__) || defined(__i386__)
    if (lrq_level() >= LRQ_AVX512_VNNI) return backward_avx512(x, g, out, n);
#endif
    (void)x; (void)g; (void)out; (void)n;
    return 0;
}
