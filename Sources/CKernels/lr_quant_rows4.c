// lr_quant_rows4.c — four weight rows at a time against one quantized activation row, on 512-bit
// AVX-512 VNNI vectors (see lr_quant.h). The four rows' blocks sit in one zmm register (a 128-bit lane
// or a 256-bit half per row), so each activation block is loaded once for four rows, the four rows'
// f16 scales are converted by one vcvtph2ps, and every block costs one float FMA per four rows. Each
// row's sums stay in its own lanes, so a row's value does not depend on the rows beside it: the one-row
// entry point (lrq_dot_row) runs the same arithmetic on a row repeated four times.
#include "lr_quant.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define ROWS4_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx512vnni,avx2,fma,f16c")))

/// Rows further on in memory (`ahead` bytes past the first row), two cache lines per block step: the
/// four rows are read side by side, which the hardware prefetcher follows less well than one stream.
#define PREFETCH_NEXT(b)                                                                  \
    do {                                                                                  \
        if (ahead) {                                                                      \
            _mm_prefetch((const char *)(r0 + ahead + (size_t)(b) * 128), _MM_HINT_T0);     \
            _mm_prefetch((const char *)(r0 + ahead + (size_t)(b) * 128 + 64), _MM_HINT_T0);\
        }                                                                                 \
    } while (0)

static inline uint32_t load_u32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint32_t load_u16_as_u32(const uint8_t *p) {
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

/// The f16 scale at the start of one block of each of four rows, as floats.
ROWS4_TARGET static inline __m128 four_scales(const uint8_t *b0, const uint8_t *b1, const uint8_t *b2, const uint8_t *b3) {
    __m128i d = _mm_cvtsi32_si128((int)load_u16_as_u32(b0));
    d = _mm_insert_epi16(d, (int)load_u16_as_u32(b1), 1);
    d = _mm_insert_epi16(d, (int)load_u16_as_u32(b2), 2);
    d = _mm_insert_epi16(d, (int)load_u16_as_u32(b3), 3);
    return _mm_cvtph_ps(d);
}

/// The f16 (scale, minimum) pair at the start of one Q4_1 block of each of four rows: [d0, m0, …, d3, m3].
ROWS4_TARGET static inline __m256 four_scale_pairs(const uint8_t *b0, const uint8_t *b1, const uint8_t *b2, const uint8_t *b3) {
    __m128i dm = _mm_cvtsi32_si128((int)load_u32(b0));
    dm = _mm_insert_epi32(dm, (int)load_u32(b1), 1);
    dm = _mm_insert_epi32(dm, (int)load_u32(b2), 2);
    dm = _mm_insert_epi32(dm, (int)load_u32(b3), 3);
    return _mm256_cvtph_ps(dm);
}

/// [x.d, x.d · Σq] of one activation block in both 64-bit halves of an xmm register.
ROWS4_TARGET static inline __m128 activation_scales(const lrq_block_q8 *x) {
    __m128 d = _mm_set_ss(x->d);
    __m128 ds = _mm_mul_ss(d, _mm_cvtsi32_ss(_mm_setzero_ps(), x->sum));
    __m128 pair = _mm_unpacklo_ps(d, ds);
    return _mm_movelh_ps(pair, pair);
}

/// Σ nibble · x over one block of four rows (16 bytes of nibbles each: low nibbles pair with x.q[0…15],
/// high ones with x.q[16…31]): 16 int32 lanes, row r in lanes 4r…4r+3.
ROWS4_TARGET static inline __m512i nibble_sums(const uint8_t *q0, const uint8_t *q1, const uint8_t *q2, const uint8_t *q3,
                                               const lrq_block_q8 *x) {
    const __m512i mask = _mm512_set1_epi8(15);
    __m512i packed = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)q0));
    packed = _mm512_inserti32x4(packed, _mm_loadu_si128((const __m128i *)q1), 1);
    packed = _mm512_inserti32x4(packed, _mm_loadu_si128((const __m128i *)q2), 2);
    packed = _mm512_inserti32x4(packed, _mm_loadu_si128((const __m128i *)q3), 3);
    __m512i low = _mm512_and_si512(packed, mask), high = _mm512_and_si512(_mm512_srli_epi16(packed, 4), mask);
    __m512i xlow = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)x->q));
    __m512i xhigh = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(x->q + 16)));
    return _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(_mm512_setzero_si512(), low, xlow), high, xhigh);
}

/// Four per-lane groups of a 16-lane sum → the four row totals.
ROWS4_TARGET static inline __m128 row_totals(__m512 acc) {
    // lanes 4r..4r+3 → one value per row
    __m512 swapped = _mm512_permute_ps(acc, 0xB1);           // swap neighbours
    __m512 pairs = _mm512_add_ps(acc, swapped);               // lane 4r: l0+l1, 4r+2: l2+l3
    __m512 halves = _mm512_permute_ps(pairs, 0x4E);           // swap 64-bit pairs within 128
    __m512 sums = _mm512_add_ps(pairs, halves);               // lane 4r: row total
    return _mm512_castps512_ps128(_mm512_permutexvar_ps(_mm512_setr_epi32(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), sums));
}

ROWS4_TARGET static void rows4_q4_1(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                                    const lrq_block_q8 *x, int blocks, size_t ahead, float out[4]) {
    const __m512i spread = _mm512_setr_epi32(0, 0, 0, 0, 2, 2, 2, 2, 4, 4, 4, 4, 6, 6, 6, 6);
    __m512 acc = _mm512_setzero_ps();
    __m256 minimums = _mm256_setzero_ps();  // [d·xd, m·xd·Σq] per row; the odd lanes are kept
    for (int b = 0; b < blocks; b++) {
        size_t at = (size_t)b * 20;
        PREFETCH_NEXT(b);
        __m512i sums = nibble_sums(r0 + at + 4, r1 + at + 4, r2 + at + 4, r3 + at + 4, &x[b]);
        __m128 xs = activation_scales(&x[b]);
        __m256 scales = _mm256_mul_ps(four_scale_pairs(r0 + at, r1 + at, r2 + at, r3 + at), _mm256_set_m128(xs, xs));
        minimums = _mm256_add_ps(minimums, scales);
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), _mm512_permutexvar_ps(spread, _mm512_castps256_ps512(scales)), acc);
    }
    __m128 totals = row_totals(acc);
    // odd lanes of `minimums`: [m0, m1] in the low half, [m2, m3] in the high half
    __m128 odd = _mm_shuffle_ps(_mm256_castps256_ps128(minimums), _mm256_extractf128_ps(minimums, 1), 0xDD);
    _mm_storeu_ps(out, _mm_add_ps(totals, odd));
}

ROWS4_TARGET static void rows4_q4_0(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                                    const lrq_block_q8 *x, int blocks, size_t ahead, float out[4]) {
    const __m512i spread = _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    __m512 acc = _mm512_setzero_ps();
    __m128 offsets = _mm_setzero_ps();  // Σ d·xd·Σq per row (× −8 at the end)
    for (int b = 0; b < blocks; b++) {
        size_t at = (size_t)b * 18;
        PREFETCH_NEXT(b);
        __m512i sums = nibble_sums(r0 + at + 2, r1 + at + 2, r2 + at + 2, r3 + at + 2, &x[b]);
        __m128 xs = activation_scales(&x[b]);
        __m128 weights = four_scales(r0 + at, r1 + at, r2 + at, r3 + at);
        __m128 scales = _mm_mul_ps(weights, _mm_shuffle_ps(xs, xs, 0x00));
        offsets = _mm_fmadd_ps(weights, _mm_shuffle_ps(xs, xs, 0x55), offsets);
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), _mm512_permutexvar_ps(spread, _mm512_castps128_ps512(scales)), acc);
    }
    _mm_storeu_ps(out, _mm_fnmadd_ps(_mm_set1_ps(8), offsets, row_totals(acc)));
}

ROWS4_TARGET static void rows4_q8_0(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                                    const lrq_block_q8 *x, int blocks, size_t ahead, float out[4]) {
    // rows 0 and 1 in one register (8 lanes each), rows 2 and 3 in another
    const __m512i spread01 = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    const __m512i spread23 = _mm512_setr_epi32(2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    __m512 acc01 = _mm512_setzero_ps(), acc23 = _mm512_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        size_t at = (size_t)b * 34;
        PREFETCH_NEXT(b);
        __m512i w01 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(r0 + at + 2))),
                                         _mm256_loadu_si256((const __m256i *)(r1 + at + 2)), 1);
        __m512i w23 = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(r2 + at + 2))),
                                         _mm256_loadu_si256((const __m256i *)(r3 + at + 2)), 1);
        __m512i xq = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)x[b].q));
        // |w| · (x with w's sign): unsigned × signed, as vpdpbusd needs
        __m512i x01 = _mm512_mask_sub_epi8(xq, _mm512_movepi8_mask(w01), _mm512_setzero_si512(), xq);
        __m512i x23 = _mm512_mask_sub_epi8(xq, _mm512_movepi8_mask(w23), _mm512_setzero_si512(), xq);
        __m512i s01 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(w01), x01);
        __m512i s23 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(w23), x23);
        __m512 scales = _mm512_castps128_ps512(_mm_mul_ps(four_scales(r0 + at, r1 + at, r2 + at, r3 + at), _mm_set1_ps(x[b].d)));
        acc01 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s01), _mm512_permutexvar_ps(spread01, scales), acc01);
        acc23 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s23), _mm512_permutexvar_ps(spread23, scales), acc23);
    }
    // 8 lanes per row → row totals
    __m256 r01 = _mm256_hadd_ps(_mm512_castps512_ps256(acc01), _mm512_extractf32x8_ps(acc01, 1));  // [r0 r0 r1 r1 | r0 r0 r1 r1]
    __m256 r23 = _mm256_hadd_ps(_mm512_castps512_ps256(acc23), _mm512_extractf32x8_ps(acc23, 1));
    __m256 q = _mm256_hadd_ps(r01, r23);  // [r0 r1 r2 r3 | r0 r1 r2 r3] partial
    __m128 totals = _mm_add_ps(_mm256_castps256_ps128(q), _mm256_extractf128_ps(q, 1));
    _mm_storeu_ps(out, totals);
}

int lrq_rows4_available(int type) {
    return type == LRQ_TYPE_Q4_0 || type == LRQ_TYPE_Q4_1 || type == LRQ_TYPE_Q8_0;
}

void lrq_rows4(int type, const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3, const lrq_block_q8 *x, int blocks,
               size_t ahead, float out[4]) {
    switch (type) {
    case LRQ_TYPE_Q4_0: rows4_q4_0(r0, r1, r2, r3, x, blocks, ahead, out); break;
    case LRQ_TYPE_Q4_1: rows4_q4_1(r0, r1, r2, r3, x, blocks, ahead, out); break;
    case LRQ_TYPE_Q8_0: rows4_q8_0(r0, r1, r2, r3, x, blocks, ahead, out); break;
    default: out[0] = out[1] = out[2] = out[3] = 0; break;
    }
}
#else
int lrq_rows4_available(int type) { (void)type; return 0; }
void lrq_rows4(int type, const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3, const lrq_block_q8 *x, int blocks,
               size_t ahead, float out[4]) {
    (void)type; (void)ahead; (void)r0; (void)r1; (void)r2; (void)r3; (void)x; (void)blocks;
    out[0] = out[1] = out[2] = out[3] = 0;
}
#endif
