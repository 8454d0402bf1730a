// lr_dropout.h — dropout masks from xoshiro256** streams, eight streams side by side on AVX-512.
//
// TensorCore's dropout (Dropout.swift) draws one seed per call and gives every 4096-element block its
// own stream (xoshiro256**, seeded by splitmix64 from seed + block index); an element is kept when the
// top 24 bits of its draw are ≥ `threshold` (= ⌈p · 2²⁴⌉). This kernel steps eight blocks' streams in
// the eight 64-bit lanes of a 512-bit register, so the masks are the same numbers as the scalar loop's.
#ifndef LR_DROPOUT_H
#define LR_DROPOUT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Elements per dropout block (one stream each).
enum { LRD_BLOCK = 4096 };

/// 1 when this CPU runs the AVX-512 kernel (and LORAREPL_QUANT_KERNEL does not lower the level).
int lrd_available(void);

/// Eight whole blocks `first_block …+7`, starting at element `start`: mask[i] = keep_scale or 0,
/// output[i] = input[i] · mask[i]. Returns 0 (and writes nothing) when the kernel is not available.
int lrd_fill_eight_blocks(const float *input, float *mask, float *output, int64_t start, int64_t first_block, uint64_t seed,
                          uint64_t threshold, float keep_scale);

#ifdef __cplusplus
}
#endif
#endif
