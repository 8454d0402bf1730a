// lr_quant_dot.c — activation quantization and the integer block dot products (see lr_quant.h).
#include "lr_quant.h"
#include "lr_kernel_level.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LRQ_X86 1
#endif

// ---- f16 scales -----------------------------------------------------------------------------------

/// Exact IEEE half → float (the F16C instruction gives the same values).
static inline float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu, bits;
    if (exponent == 0) {
        float magnitude = (float)mantissa * 5.9604644775390625e-8f;  // mantissa · 2^-24 (zero or subnormal)
        memcpy(&bits, &magnitude, 4);
        bits |= sign;
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    }
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

static inline uint16_t load_u16(const uint8_t *p) {
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

// ---- activations ----------------------------------------------------------------------------------

/// One block of 32: scale = largest |x| / 127, q = x / scale clamped to ±127 and rounded half to even.
static inline void quantize_block(const float *v, lrq_block_q8 *out) {
    float peak = 0;
    for (int i = 0; i < 32; i++) {
        float a = fabsf(v[i]);
        peak = a > peak ? a : peak;
    }
    float d = peak / 127.0f, inverse = d != 0 ? 1.0f / d : 0.0f;
    int32_t sum = 0;
    for (int i = 0; i < 32; i++) {
        float r = v[i] * inverse;
        r = r < 127.0f ? r : 127.0f;  // NaN → 127, as vminps
        r = r > -127.0f ? r : -127.0f;
        int q = (int)lrintf(r);  // round half to even, as vcvtps2dq
        out->q[i] = (int8_t)q;
        sum += q;
    }
    out->d = d;
    out->sum = sum;
}

#ifdef LRQ_X86
/// The same blocks on 512-bit vectors: the same peak (NaN lanes ignored as above), the same product
/// x · inverse, the same clamp (vminps/vmaxps order) and vcvtps2dq's round half to even, so the blocks
/// are bit-identical to quantize_block's.
__attribute__((target("avx512f,avx512vl,avx512bw"))) static void quantize_row_avx512(const float *x, int blocks, lrq_block_q8 *out) {
    const __m512 high = _mm512_set1_ps(127.0f), low = _mm512_set1_ps(-127.0f);
    for (int b = 0; b < blocks; b++) {
        __m512 v0 = _mm512_loadu_ps(x + b * 32), v1 = _mm512_loadu_ps(x + b * 32 + 16);
        __m512 peaks = _mm512_max_ps(_mm512_abs_ps(v0), _mm512_setzero_ps());
        peaks = _mm512_max_ps(_mm512_abs_ps(v1), peaks);  // max(a, p) keeps p when a is NaN
        float peak = _mm512_reduce_max_ps(peaks);
        float d = peak / 127.0f, inverse = d != 0 ? 1.0f / d : 0.0f;
        __m512 scale = _mm512_set1_ps(inverse);
        __m512i q0 = _mm512_cvtps_epi32(_mm512_max_ps(_mm512_min_ps(_mm512_mul_ps(v0, scale), high), low));
        __m512i q1 = _mm512_cvtps_epi32(_mm512_max_ps(_mm512_min_ps(_mm512_mul_ps(v1, scale), high), low));
        _mm_storeu_si128((__m128i *)out[b].q, _mm512_cvtepi32_epi8(q0));
        _mm_storeu_si128((__m128i *)(out[b].q + 16), _mm512_cvtepi32_epi8(q1));
        out[b].d = d;
        out[b].sum = _mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1));
    }
}
#endif

void lrq_quantize_row(const float *x, int n, lrq_block_q8 *out) {
#ifdef LRQ_X86
    if (lrq_level() >= LRQ_AVX512_VNNI) {
        quantize_row_avx512(x, n / 32, out);
        return;
    }
#endif
    for (int b = 0; b < n / 32; b++) quantize_block(x + b * 32, out + b);
}

// ---- portable ------------------------------------------------------------------------------------

static float dot_q4_0_portable(const uint8_t *row, const lrq_block_q8 *x, int blocks) {
    float total = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * 18, *qs = block + 2;
        int32_t sum = 0;
        for (int j = 0; j < 16; j++) sum += (qs[j] & 15) * x[b].q[j] + (qs[j] >> 4) * x[b].q[j + 16];
        total += half_to_float(load_u16(block)) * x[b].d * (float)(sum - 8 * x[b].sum);
    }
    return total;
}

static float dot_q4_1_portable(const uint8_t *row, const lrq_block_q8 *x, int blocks) {
    float total = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * 20, *qs = block + 4;
        int32_t sum = 0;
        for (int j = 0; j < 16; j++) sum += (qs[j] & 15) * x[b].q[j] + (qs[j] >> 4) * x[b].q[j + 16];
        total += half_to_float(load_u16(block)) * x[b].d * (float)sum
               + half_to_float(load_u16(block + 2)) * x[b].d * (float)x[b].sum;
    }
    return total;
}

static float dot_q8_0_portable(const uint8_t *row, const lrq_block_q8 *x, int blocks) {
    float total = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * 34;
        const int8_t *qs = (const int8_t *)(block + 2);
        int32_t sum = 0;
        for (int j = 0; j < 32; j++) sum += qs[j] * x[b].q[j];
        total += half_to_float(load_u16(block)) * x[b].d * (float)sum;
    }
    return total;
}

#ifdef LRQ_X86
// ---- AVX2 ----------------------------------------------------------------------------------------

#define AVX2_TARGET __attribute__((target("avx2,fma,f16c")))

AVX2_TARGET static inline float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// Σ u[i]·s[i] of 32 unsigned × signed bytes, as 8 int32 partial sums.
AVX2_TARGET static inline __m256i dot_bytes_avx2(__m256i u, __m256i s) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

/// The three block kernels for one instruction set. Two blocks per step: both blocks' f16 scales are
/// converted by one vcvtph2ps and multiplied by the activation scales in one vector multiply.
#define DEFINE_KERNELS(SUFFIX, TARGET, DOT_BYTES)                                                              \
    TARGET static float dot_q4_0_##SUFFIX(const uint8_t *row, const lrq_block_q8 *x, int blocks) {            \
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();                                          \
        float offset = 0;                                                                                       \
        int b = 0;                                                                                              \
        for (; b + 1 < blocks; b += 2) {                                                                        \
            const uint8_t *b0 = row + b * 18, *b1 = b0 + 18;                                                    \
            __m128 scales = _mm_mul_ps(half_pair(b0, b1), _mm_setr_ps(x[b].d, x[b + 1].d, 0, 0));             \
            __m256i p0 = DOT_BYTES(nibbles(b0 + 2), _mm256_loadu_si256((const __m256i *)x[b].q));              \
            __m256i p1 = DOT_BYTES(nibbles(b1 + 2), _mm256_loadu_si256((const __m256i *)x[b + 1].q));          \
            acc0 = _mm256_fmadd_ps(_mm256_broadcastss_ps(scales), _mm256_cvtepi32_ps(p0), acc0);                \
            acc1 = _mm256_fmadd_ps(_mm256_broadcastss_ps(_mm_movehdup_ps(scales)), _mm256_cvtepi32_ps(p1), acc1); \
            offset += _mm_cvtss_f32(scales) * (float)x[b].sum + _mm_cvtss_f32(_mm_movehdup_ps(scales)) * (float)x[b + 1].sum; \
        }                                                                                                       \
        for (; b < blocks; b++) {                                                                               \
            const uint8_t *b0 = row + b * 18;                                                                   \
            float s0 = _cvtsh_ss(load_u16(b0)) * x[b].d;                                                        \
            __m256i p0 = DOT_BYTES(nibbles(b0 + 2), _mm256_loadu_si256((const __m256i *)x[b].q));              \
            acc0 = _mm256_fmadd_ps(_mm256_set1_ps(s0), _mm256_cvtepi32_ps(p0), acc0);                           \
            offset += s0 * (float)x[b].sum;                                                                     \
        }                                                                                                       \
        return horizontal_sum(_mm256_add_ps(acc0, acc1)) - 8 * offset;                                          \
    }                                                                                                           \
    TARGET static float dot_q4_1_##SUFFIX(const uint8_t *row, const lrq_block_q8 *x, int blocks) {            \
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();                                          \
        __m128 minimums = _mm_setzero_ps();                                                                     \
        int b = 0;                                                                                              \
        for (; b + 1 < blocks; b += 2) {                                                                        \
            const uint8_t *b0 = row + b * 20, *b1 = b0 + 20;                                                    \
            /* [d0, m0, d1, m1] · [xd0, xd0·Σq0, xd1, xd1·Σq1] */                                               \
            __m128 scales = _mm_mul_ps(scale_min_pair(b0, b1),                                                  \
                                       _mm_setr_ps(x[b].d, x[b].d * (float)x[b].sum, x[b + 1].d, x[b + 1].d * (float)x[b + 1].sum)); \
            minimums = _mm_add_ps(minimums, scales);                                                            \
            __m256i p0 = DOT_BYTES(nibbles(b0 + 4), _mm256_loadu_si256((const __m256i *)x[b].q));              \
            __m256i p1 = DOT_BYTES(nibbles(b1 + 4), _mm256_loadu_si256((const __m256i *)x[b + 1].q));          \
            acc0 = _mm256_fmadd_ps(_mm256_broadcastss_ps(scales), _mm256_cvtepi32_ps(p0), acc0);                \
            acc1 = _mm256_fmadd_ps(_mm256_broadcastss_ps(_mm_movehl_ps(scales, scales)), _mm256_cvtepi32_ps(p1), acc1); \
        }                                                                                                       \
        /* odd lanes of `minimums`: Σ m·xd·Σq */                                                                \
        __m128 odd = _mm_movehdup_ps(minimums);                                                                 \
        float total = _mm_cvtss_f32(_mm_add_ss(odd, _mm_movehl_ps(odd, odd)));                                  \
        for (; b < blocks; b++) {                                                                               \
            const uint8_t *b0 = row + b * 20;                                                                   \
            float s0 = _cvtsh_ss(load_u16(b0)) * x[b].d;                                                        \
            __m256i p0 = DOT_BYTES(nibbles(b0 + 4), _mm256_loadu_si256((const __m256i *)x[b].q));              \
            acc0 = _mm256_fmadd_ps(_mm256_set1_ps(s0), _mm256_cvtepi32_ps(p0), acc0);                           \
            total += _cvtsh_ss(load_u16(b0 + 2)) * x[b].d * (float)x[b].sum;                                    \
        }                                                                                                       \
        return horizontal_sum(_mm256_add_ps(acc0, acc1)) + total;                                               \
    }                                                                                                           \
    TARGET static float dot_q8_0_##SUFFIX(const uint8_t *row, const lrq_block_q8 *x, int blocks) {            \
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();                                          \
        int b = 0;                                                                                              \
        for (; b + 1 < blocks; b += 2) {                                                                        \
            const uint8_t *b0 = row + b * 34, *b1 = b0 + 34;                                                    \
            __m128 scales = _mm_mul_ps(half_pair(b0, b1), _mm_setr_ps(x[b].d, x[b + 1].d, 0, 0));             \
            __m256i w0 = _mm256_loadu_si256((const __m256i *)(b0 + 2)), w1 = _mm256_loadu_si256((const __m256i *)(b1 + 2)); \
            __m256i x0 = _mm256_loadu_si256((const __m256i *)x[b].q), x1 = _mm256_loadu_si256((const __m256i *)x[b + 1].q); \
            /* |w| · (x with w's sign): unsigned × signed, as the byte products need */                         \
            __m256i p0 = DOT_BYTES(_mm256_sign_epi8(w0, w0), _mm256_sign_epi8(x0, w0));                         \
            __m256i p1 = DOT_BYTES(_mm256_sign_epi8(w1, w1), _mm256_sign_epi8(x1, w1));                         \
            acc0 = _mm256_fmadd_ps(_mm256_broadcastss_ps(scales), _mm256_cvtepi32_ps(p0), acc0);                \
            acc1 = _mm256_fmadd_ps(_mm256_broadcastss_ps(_mm_movehdup_ps(scales)), _mm256_cvtepi32_ps(p1), acc1); \
        }                                                                                                       \
        for (; b < blocks; b++) {                                                                               \
            const uint8_t *b0 = row + b * 34;                                                                   \
            __m256i w0 = _mm256_loadu_si256((const __m256i *)(b0 + 2));                                         \
            __m256i x0 = _mm256_loadu_si256((const __m256i *)x[b].q);                                           \
            __m256i p0 = DOT_BYTES(_mm256_sign_epi8(w0, w0), _mm256_sign_epi8(x0, w0));                         \
            acc0 = _mm256_fmadd_ps(_mm256_set1_ps(_cvtsh_ss(load_u16(b0)) * x[b].d), _mm256_cvtepi32_ps(p0), acc0); \
        }                                                                                                       \
        return horizontal_sum(_mm256_add_ps(acc0, acc1));                                                       \
    }

/// Two blocks' f16 scales → [d0, d1, 0, 0].
AVX2_TARGET static inline __m128 half_pair(const uint8_t *b0, const uint8_t *b1) {
    return _mm_cvtph_ps(_mm_unpacklo_epi16(_mm_cvtsi32_si128(load_u16(b0)), _mm_cvtsi32_si128(load_u16(b1))));
}

/// Two Q4_1 blocks' f16 (d, m) → [d0, m0, d1, m1].
AVX2_TARGET static inline __m128 scale_min_pair(const uint8_t *b0, const uint8_t *b1) {
    uint32_t first, second;
    memcpy(&first, b0, 4);
    memcpy(&second, b1, 4);
    return _mm_cvtph_ps(_mm_unpacklo_epi32(_mm_cvtsi32_si128((int)first), _mm_cvtsi32_si128((int)second)));
}

/// 16 bytes of nibbles → 32 bytes 0…15 with one broadcast load: low nibbles in lanes 0–15, high in 16–31.
AVX2_TARGET static inline __m256i nibbles(const uint8_t *qs) {
    __m256i raw = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)qs));
    return _mm256_and_si256(_mm256_blend_epi32(raw, _mm256_srli_epi16(raw, 4), 0xF0), _mm256_set1_epi8(15));
}

DEFINE_KERNELS(avx2, AVX2_TARGET, dot_bytes_avx2)

// ---- AVX-512 VNNI (vpdpbusd on 256-bit vectors: one instruction per block's 32 products) ----------

#define VNNI_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,avx512vnni,avx2,fma,f16c")))

VNNI_TARGET static inline __m256i dot_bytes_vnni(__m256i u, __m256i s) {
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s);
}

DEFINE_KERNELS(vnni, VNNI_TARGET, dot_bytes_vnni)
#endif  // LRQ_X86

// ---- dispatch ------------------------------------------------------------------------------------

typedef float (*dot_fn)(const uint8_t *, const lrq_block_q8 *, int);

#ifdef LRQ_X86
#define LRQ_CPU_LEVEL LR_X86_LEVEL("f16c", "avx512vnni")
#else
#define LRQ_CPU_LEVEL LRQ_PORTABLE
#endif

LR_KERNEL_LEVEL_FUNCTIONS(lrq, LRQ_CPU_LEVEL, "LORAREPL_QUANT_KERNEL", "avx512-vnni")

int lrq_supports_type(int type) {
    return type == LRQ_TYPE_Q4_0 || type == LRQ_TYPE_Q4_1 || type == LRQ_TYPE_Q8_0;
}

static dot_fn kernel(int level, int type) {
#ifdef LRQ_X86
    if (level >= LRQ_AVX512_VNNI) {
        switch (type) {
        case LRQ_TYPE_Q4_0: return dot_q4_0_vnni;
        case LRQ_TYPE_Q4_1: return dot_q4_1_vnni;
        case LRQ_TYPE_Q8_0: return dot_q8_0_vnni;
        }
    }
    if (level >= LRQ_AVX2) {
        switch (type) {
        case LRQ_TYPE_Q4_0: return dot_q4_0_avx2;
        case LRQ_TYPE_Q4_1: return dot_q4_1_avx2;
        case LRQ_TYPE_Q8_0: return dot_q8_0_avx2;
        }
    }
#else
    (void)level;
#endif
    switch (type) {
    case LRQ_TYPE_Q4_0: return dot_q4_0_portable;
    case LRQ_TYPE_Q4_1: return dot_q4_1_portable;
    case LRQ_TYPE_Q8_0: return dot_q8_0_portable;
    }
    return NULL;
}

void lrq_rows4(int type, const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3, const lrq_block_q8 *x, int blocks,
               size_t ahead, float out[4]);

/// One row at `level`. AVX-512 VNNI runs the four-row kernel on the row repeated, so a row's value is
/// the same whether it was computed alone or beside three others.
static float dot_one(int level, dot_fn f, int type, const uint8_t *row, const lrq_block_q8 *x, int blocks) {
    if (level >= LRQ_AVX512_VNNI) {
        float out[4];
        lrq_rows4(type, row, row, row, row, x, blocks, 0, out);
        return out[0];
    }
    return f(row, x, blocks);
}

float lrq_dot_row(int level, int type, const void *row, const lrq_block_q8 *x, int n) {
    int best = lrq_best_level();
    if (level > best) level = best;
    dot_fn f = kernel(level, type);
    return f ? dot_one(level, f, type, (const uint8_t *)row, x, n / 32) : 0.0f;
}

/// Rows `begin..<end` of one matrix (used by the pool in lr_quant_pool.c): four at a time with AVX-512 VNNI.
void lrq_rows(const lrq_matrix *m, int begin, int end, const lrq_block_q8 *x, int count, int x_stride) {
    int level = lrq_level();
    dot_fn f = kernel(level, m->type);
    if (!f) return;
    int blocks = m->columns / 32;
    int r = begin;
    if (level >= LRQ_AVX512_VNNI) {
        for (; r + 4 <= end; r += 4) {
            const uint8_t *rows[4];
            for (int i = 0; i < 4; i++) rows[i] = m->data + (size_t)(m->row_order ? m->row_order[r + i] : r + i) * m->row_bytes;
            for (int t = 0; t < count; t++) {
                float out[4];
                lrq_rows4(m->type, rows[0], rows[1], rows[2], rows[3], x + (size_t)t * x_stride, blocks, t == 0 ? 8 * m->row_bytes : 0, out);
                float *y = m->out + (size_t)t * m->out_stride + r;
                for (int i = 0; i < 4; i++) y[i] = out[i] + (m->bias ? m->bias[r + i] : 0.0f);
            }
        }
    }
    for (; r < end; r++) {
        int64_t stored = m->row_order ? m->row_order[r] : r;
        const uint8_t *row = m->data + (size_t)stored * m->row_bytes;
        float bias = m->bias ? m->bias[r] : 0.0f;
        for (int t = 0; t < count; t++)
            m->out[(size_t)t * m->out_stride + r] = dot_one(level, f, m->type, row, x + (size_t)t * x_stride, blocks) + bias;
    }
}
