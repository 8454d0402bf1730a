// lr_gelu.h — erf GELU forward and backward on AVX-512, the same arithmetic as TensorCore's
// `GELUKernel` (FastMath.onePlusErf and FastMath.exp: the same constants, the same operation order, no
// fused multiply-adds), so each value is bit-identical to the Swift loop's; 16 lanes instead of 8.
#ifndef LR_GELU_H
#define LR_GELU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// y[i] = 0.5 · x[i] · (1 + erf(x[i] / √2)) for the first multiple of 16 of `n` values; returns how
/// many were written (0 when the CPU has no AVX-512 or LORAREPL_QUANT_KERNEL lowered the level).
int64_t lrg_gelu_forward(const float *x, float *y, int64_t n);

/// out[i] = g[i] · GELU'(x[i]) for the first multiple of 16 of `n` values; returns how many were written.
int64_t lrg_gelu_backward(const float *x, const float *g, float *out, int64_t n);

#ifdef __cplusplus
}
#endif
#endif
