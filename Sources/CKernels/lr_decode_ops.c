// lr_decode_ops.c — the work of a decoding step between the integer products (see lr_quant.h): RMSNorm,
// residual adds, attention of one new token over its KV cache, and the SwiGLU gate of a LLaMA MLP.
// AVX-512 when the integer kernels' level is AVX-512 VNNI, AVX2 + FMA at the AVX2 level, portable C
// (libm expf) elsewhere; chosen at run time like the products. None of them allocates.
#include "lr_quant.h"

#include <float.h>
#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define OPS_X86 1

#define OPS_TARGET __attribute__((target("avx2,fma")))
#define OPS512_TARGET __attribute__((target("avx512f,avx2,fma")))

// e^x: x = n·ln2 + r (Cody–Waite), e^r by its degree-7 Taylor series, 2^n in the exponent bits; inputs
// clamped to [−87.3, 88.3] (TensorCore's FastMath.exp, the same constants). EXP_BODY is the arithmetic
// for one vector width: V the vector type, P the intrinsic prefix, I the integer vector type.
#define EXP_BODY(V, P, I, SI)                                                                              \
    x = P##_min_ps(P##_max_ps(x, P##_set1_ps(-87.3f)), P##_set1_ps(88.3f));                                \
    V shifted = P##_fmadd_ps(x, P##_set1_ps(1.442695040888963f), P##_set1_ps(12582912.0f));              \
    V n = P##_sub_ps(shifted, P##_set1_ps(12582912.0f));                                                 \
    I exponent = P##_sub_epi32(P##_castps_##SI(shifted), P##_set1_epi32(0x4B400000));                      \
    V r = P##_fnmadd_ps(n, P##_set1_ps(0.693145751953125f), x);                                          \
    r = P##_fnmadd_ps(n, P##_set1_ps(1.428606765330187e-06f), r);                                        \
    V p = P##_set1_ps(1.0f / 5040);                                                                      \
    p = P##_fmadd_ps(p, r, P##_set1_ps(1.0f / 720));                                                     \
    p = P##_fmadd_ps(p, r, P##_set1_ps(1.0f / 120));                                                     \
    p = P##_fmadd_ps(p, r, P##_set1_ps(1.0f / 24));                                                      \
    p = P##_fmadd_ps(p, r, P##_set1_ps(1.0f / 6));                                                       \
    p = P##_fmadd_ps(p, r, P##_set1_ps(0.5f));                                                           \
    p = P##_fmadd_ps(p, r, P##_set1_ps(1.0f));                                                           \
    p = P##_fmadd_ps(p, r, P##_set1_ps(1.0f));                                                           \
    V scale = P##_cast##SI##_ps(P##_slli_epi32(P##_add_epi32(exponent, P##_set1_epi32(127)), 23));      \
    return P##_mul_ps(p, scale);

OPS_TARGET static inline __m256 exp8(__m256 x) { EXP_BODY(__m256, _mm256, __m256i, si256) }
OPS512_TARGET static inline __m512 exp16(__m512 x) { EXP_BODY(__m512, _mm512, __m512i, si512) }

OPS_TARGET static inline float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

// gate[i] = silu(gate[i]) · up[i] = gate / (1 + e^−gate) · up, W lanes at a time, for one vector width
// (V, P as in EXP_BODY; EXP that width's exp); returns how many values were done.
#define SILU_MULTIPLY_BODY(V, P, W, EXP)                                                                   \
    int i = 0;                                                                                             \
    for (; i + W <= n; i += W) {                                                                           \
        V g = P##_loadu_ps(gate + i);                                                                      \
        V sigmoid = P##_div_ps(P##_set1_ps(1.0f), P##_add_ps(P##_set1_ps(1.0f), EXP(P##_sub_ps(P##_setzero_ps(), g)))); \
        P##_storeu_ps(gate + i, P##_mul_ps(P##_mul_ps(g, sigmoid), P##_loadu_ps(up + i)));                \
    }                                                                                                      \
    return i;

OPS_TARGET static int silu_multiply_avx2(float *gate, const float *up, int n) { SILU_MULTIPLY_BODY(__m256, _mm256, 8, exp8) }

OPS512_TARGET static int silu_multiply_avx512(float *gate, const float *up, int n) { SILU_MULTIPLY_BODY(__m512, _mm512, 16, exp16) }

/// Σ x² over the first multiple of 16 (AVX-512) or 8 (AVX2) values; `*done` is how many were summed.
OPS512_TARGET static float squares_avx512(const float *x, int n, int *done) {
    __m512 a = _mm512_setzero_ps(), b = _mm512_setzero_ps();
    int i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 u = _mm512_loadu_ps(x + i), v = _mm512_loadu_ps(x + i + 16);
        a = _mm512_fmadd_ps(u, u, a);
        b = _mm512_fmadd_ps(v, v, b);
    }
    for (; i + 16 <= n; i += 16) {
        __m512 u = _mm512_loadu_ps(x + i);
        a = _mm512_fmadd_ps(u, u, a);
    }
    *done = i;
    return _mm512_reduce_add_ps(_mm512_add_ps(a, b));
}

OPS_TARGET static float squares_avx2(const float *x, int n, int *done) {
    __m256 a = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 u = _mm256_loadu_ps(x + i);
        a = _mm256_fmadd_ps(u, u, a);
    }
    *done = i;
    return sum8(a);
}

/// One head's attention (see lrq_attend) with head_dim a multiple of 16, at most 256.
OPS512_TARGET static void attend_head_avx512(const float *q, const float *keys, const float *values, int head_dim, int length,
                                             float scale, float *scores, float *out) {
    int chunks = head_dim / 16;
    __m512 qv[16];
    for (int c = 0; c < chunks; c++) qv[c] = _mm512_mul_ps(_mm512_loadu_ps(q + c * 16), _mm512_set1_ps(scale));
    __m512 peaks = _mm512_set1_ps(-FLT_MAX);
    for (int s = 0; s < length; s++) {
        const float *k = keys + (size_t)s * head_dim;
        __m512 acc = _mm512_mul_ps(qv[0], _mm512_loadu_ps(k));
        for (int c = 1; c < chunks; c++) acc = _mm512_fmadd_ps(qv[c], _mm512_loadu_ps(k + c * 16), acc);
        float score = _mm512_reduce_add_ps(acc);
        scores[s] = score;
        peaks = _mm512_max_ps(peaks, _mm512_set1_ps(score));
    }
    __m512 peak = peaks, totals = _mm512_setzero_ps();
    for (int s = 0; s < length; s += 16) {
        __mmask16 mask = length - s >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (length - s)) - 1);
        __m512 e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, scores + s), peak));
        e = _mm512_maskz_mov_ps(mask, e);
        _mm512_mask_storeu_ps(scores + s, mask, e);
        totals = _mm512_add_ps(totals, e);
    }
    __m512 acc[16];
    for (int c = 0; c < chunks; c++) acc[c] = _mm512_setzero_ps();
    for (int s = 0; s < length; s++) {
        __m512 w = _mm512_set1_ps(scores[s]);
        const float *v = values + (size_t)s * head_dim;
        for (int c = 0; c < chunks; c++) acc[c] = _mm512_fmadd_ps(w, _mm512_loadu_ps(v + c * 16), acc[c]);
    }
    __m512 inverse = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(totals));
    for (int c = 0; c < chunks; c++) _mm512_storeu_ps(out + c * 16, _mm512_mul_ps(acc[c], inverse));
}

/// One head's attention with head_dim a multiple of 8, at most 256.
OPS_TARGET static void attend_head_avx2(const float *q, const float *keys, const float *values, int head_dim, int length,
                                        float scale, float *scores, float *out) {
    int chunks = head_dim / 8;
    __m256 qv[32];
    for (int c = 0; c < chunks; c++) qv[c] = _mm256_mul_ps(_mm256_loadu_ps(q + c * 8), _mm256_set1_ps(scale));
    float peak = -FLT_MAX;
    for (int s = 0; s < length; s++) {
        const float *k = keys + (size_t)s * head_dim;
        __m256 acc = _mm256_mul_ps(qv[0], _mm256_loadu_ps(k));
        for (int c = 1; c < chunks; c++) acc = _mm256_fmadd_ps(qv[c], _mm256_loadu_ps(k + c * 8), acc);
        float score = sum8(acc);
        scores[s] = score;
        peak = score > peak ? score : peak;
    }
    __m256 totals = _mm256_setzero_ps();
    int s = 0;
    for (; s + 8 <= length; s += 8) {
        __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(scores + s), _mm256_set1_ps(peak)));
        _mm256_storeu_ps(scores + s, e);
        totals = _mm256_add_ps(totals, e);
    }
    float total = sum8(totals);
    for (; s < length; s++) {
        scores[s] = expf(scores[s] - peak);
        total += scores[s];
    }
    __m256 acc[32];
    for (int c = 0; c < chunks; c++) acc[c] = _mm256_setzero_ps();
    for (s = 0; s < length; s++) {
        __m256 w = _mm256_set1_ps(scores[s]);
        const float *v = values + (size_t)s * head_dim;
        for (int c = 0; c < chunks; c++) acc[c] = _mm256_fmadd_ps(w, _mm256_loadu_ps(v + c * 8), acc[c]);
    }
    __m256 inverse = _mm256_set1_ps(1.0f / total);
    for (int c = 0; c < chunks; c++) _mm256_storeu_ps(out + c * 8, _mm256_mul_ps(acc[c], inverse));
}
#endif

void lrq_silu_multiply(float *gate, const float *up, int n) {
    int i = 0;
#ifdef OPS_X86
    int level = lrq_level();
    if (level >= LRQ_AVX512_VNNI) i = silu_multiply_avx512(gate, up, n);
    else if (level >= LRQ_AVX2) i = silu_multiply_avx2(gate, up, n);
#endif
    for (; i < n; i++) {
        float g = gate[i];
        gate[i] = g / (1.0f + expf(-g)) * up[i];
    }
}

void lrq_rms_norm(const float *x, const float *weight, int n, float eps, float *y) {
    int i = 0;
    float squares = 0;
#ifdef OPS_X86
    int level = lrq_level();
    if (level >= LRQ_AVX512_VNNI) squares = squares_avx512(x, n, &i);
    else if (level >= LRQ_AVX2) squares = squares_avx2(x, n, &i);
#endif
    for (; i < n; i++) squares += x[i] * x[i];
    float rstd = 1.0f / sqrtf(squares / (float)n + eps);
    for (i = 0; i < n; i++) y[i] = x[i] * rstd * weight[i];  // elementwise: the compiler vectorises it
}

void lrq_add(float *y, const float *x, int n) {
    for (int i = 0; i < n; i++) y[i] += x[i];
}

/// One head, portable: scores, softmax with libm expf, weighted values.
static void attend_head_portable(const float *q, const float *keys, const float *values, int head_dim, int length, float scale,
                                 float *scores, float *out) {
    float peak = -FLT_MAX;
    for (int s = 0; s < length; s++) {
        const float *k = keys + (size_t)s * head_dim;
        float score = 0;
        for (int d = 0; d < head_dim; d++) score += q[d] * k[d];
        scores[s] = score * scale;
        peak = scores[s] > peak ? scores[s] : peak;
    }
    float total = 0;
    for (int s = 0; s < length; s++) {
        scores[s] = expf(scores[s] - peak);
        total += scores[s];
    }
    for (int d = 0; d < head_dim; d++) out[d] = 0;
    for (int s = 0; s < length; s++) {
        const float *v = values + (size_t)s * head_dim;
        for (int d = 0; d < head_dim; d++) out[d] += scores[s] * v[d];
    }
    float inverse = 1.0f / total;
    for (int d = 0; d < head_dim; d++) out[d] *= inverse;
}

void lrq_attend(const float *q, const float *keys, const float *values, int heads, int kv_heads, int head_dim, size_t head_stride,
                int length, float scale, float *scores, float *out) {
    if (heads <= 0 || kv_heads <= 0 || length <= 0 || heads % kv_heads != 0) return;
    int group = heads / kv_heads;
    int level = lrq_level();
    for (int h = 0; h < heads; h++) {
        const float *k = keys + (size_t)(h / group) * head_stride, *v = values + (size_t)(h / group) * head_stride;
        const float *qh = q + (size_t)h * head_dim;
        float *o = out + (size_t)h * head_dim;
#ifdef OPS_X86
        if (level >= LRQ_AVX512_VNNI && head_dim % 16 == 0 && head_dim <= 256) {
            attend_head_avx512(qh, k, v, head_dim, length, scale, scores, o);
            continue;
        }
        if (level >= LRQ_AVX2 && head_dim % 8 == 0 && head_dim <= 256) {
            attend_head_avx2(qh, k, v, head_dim, length, scale, scores, o);
            continue;
        }
#else
        (void)level;
#endif
        attend_head_portable(qh, k, v, head_dim, length, scale, scores, o);
    }
}
