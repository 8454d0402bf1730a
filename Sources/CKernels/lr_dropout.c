// lr_dropout.c — eight dropout blocks' xoshiro256** streams stepped together in AVX-512 lanes (see
// lr_dropout.h). Sixteen steps collect each lane's keep bits in a 16-bit mask, then each block's 16
// values are written with one masked vector operation.
#include "lr_dropout.h"
#include "lr_quant.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LRD_X86 1
#endif

int lrd_available(void) { return lrq_level() >= LRQ_AVX512_VNNI; }

/// splitmix64 seeding of one stream, as RandomGenerator / Xoshiro256StarStar do.
static void seed_stream(uint64_t seed, uint64_t words[4]) {
    uint64_t mixer = seed;
    for (int i = 0; i < 4; i++) {
        mixer += 0x9E3779B97F4A7C15ull;
        uint64_t z = mixer;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        words[i] = z ^ (z >> 31);
    }
}

#ifdef LRD_X86
__attribute__((target("avx512f"))) static void fill_avx512(const float *input, float *mask, float *output, int64_t start,
                                                          int64_t first_block, uint64_t seed, uint64_t threshold, float keep_scale) {
    uint64_t words[4][8];
    for (int lane = 0; lane < 8; lane++) {
        uint64_t w[4];
        seed_stream(seed + (uint64_t)(first_block + lane), w);
        for (int i = 0; i < 4; i++) words[i][lane] = w[i];
    }
    __m512i s0 = _mm512_loadu_si512(words[0]), s1 = _mm512_loadu_si512(words[1]);
    __m512i s2 = _mm512_loadu_si512(words[2]), s3 = _mm512_loadu_si512(words[3]);
    const __m512i limit = _mm512_set1_epi64((long long)threshold);
    const __m512 scale = _mm512_set1_ps(keep_scale);
    for (int offset = 0; offset < LRD_BLOCK; offset += 16) {
        __m512i bits = _mm512_setzero_si512();
        for (int step = 0; step < 16; step++) {
            __m512i x = _mm512_add_epi64(_mm512_slli_epi64(s1, 2), s1);  // s1 · 5
            __m512i rotated = _mm512_rol_epi64(x, 7);
            __m512i result = _mm512_add_epi64(_mm512_slli_epi64(rotated, 3), rotated);  // · 9
            __m512i t = _mm512_slli_epi64(s1, 17);
            s2 = _mm512_xor_si512(s2, s0);
            s3 = _mm512_xor_si512(s3, s1);
            s1 = _mm512_xor_si512(s1, s2);
            s0 = _mm512_xor_si512(s0, s3);
            s2 = _mm512_xor_si512(s2, t);
            s3 = _mm512_rol_epi64(s3, 45);
            __mmask8 keep = _mm512_cmpge_epu64_mask(_mm512_srli_epi64(result, 40), limit);
            bits = _mm512_mask_or_epi64(bits, keep, bits, _mm512_set1_epi64(1ll << step));
        }
        uint64_t lanes[8];
        _mm512_storeu_si512(lanes, bits);
        for (int lane = 0; lane < 8; lane++) {
            int64_t index = start + (int64_t)lane * LRD_BLOCK + offset;
            __m512 keep = _mm512_maskz_mov_ps((__mmask16)lanes[lane], scale);  // keep_scale or +0, as the scalar loop
            _mm512_storeu_ps(mask + index, keep);
            _mm512_storeu_ps(output + index, _mm512_mul_ps(_mm512_loadu_ps(input + index), keep));
        }
    }
}
#endif

int lrd_fill_eight_blocks(const float *input, float *mask, float *output, int64_t start, int64_t first_block, uint64_t seed,
                          uint64_t threshold, float keep_scale) {
#ifdef LRD_X86
    if (lrd_available()) {
        fill_avx512(input, mask, output, start, first_block, seed, threshold, keep_scale);
        return 1;
    }
#else
    (void)input; (void)mask; (void)output; (void)start; (void)first_block; (void)seed; (void)threshold; (void)keep_scale;
#endif
    return 0;
}
