// lr_decode_ops.c — the elementwise step of a decoding step that runs beside the integer products:
// the SwiGLU gate of a LLaMA MLP (see lr_quant.h). AVX2 + FMA when the CPU has it (the integer kernels'
// level says so), portable C with expf elsewhere.
#include "lr_quant.h"

#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define OPS_TARGET __attribute__((target("avx2,fma")))

/// e^x for 8 lanes: x = n·ln2 + r (Cody–Waite), e^r by its degree-7 Taylor series, 2^n in the exponent
/// bits; inputs clamped to [−87.3, 88.3] (TensorCore's FastMath.exp, the same constants).
OPS_TARGET static inline __m256 exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.3f));
    __m256 shifted = _mm256_fmadd_ps(x, _mm256_set1_ps(1.442695040888963f), _mm256_set1_ps(12582912.0f));
    __m256 n = _mm256_sub_ps(shifted, _mm256_set1_ps(12582912.0f));
    __m256i exponent = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(0x4B400000));
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145751953125f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.428606765330187e-06f), r);
    __m256 p = _mm256_set1_ps(1.0f / 5040);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(exponent, _mm256_set1_epi32(127)), 23));
    return _mm256_mul_ps(p, scale);
}

OPS_TARGET static int silu_multiply_avx2(float *gate, const float *up, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 g = _mm256_loadu_ps(gate + i);
        __m256 sigmoid = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), exp8(_mm256_sub_ps(_mm256_setzero_ps(), g))));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(_mm256_mul_ps(g, sigmoid), _mm256_loadu_ps(up + i)));
    }
    return i;
}
#endif

void lrq_silu_multiply(float *gate, const float *up, int n) {
    int i = 0;
#if defined(__x86_64__) || defined(__i386__)
    if (lrq_level() >= LRQ_AVX2) i = silu_multiply_avx2(gate, up, n);
#endif
    for (; i < n; i++) {
        float g = gate[i];
        gate[i] = g / (1.0f + expf(-g)) * up[i];
    }
}
