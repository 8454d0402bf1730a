// lr_quant.h — matrix × vector products straight on GGUF blocks, for decoding one token at a time.
//
// The activation row is quantized once to 8-bit blocks of 32 (`lrq_block_q8`: one float scale, the
// integer sum of the block, 32 signed bytes), then every weight row is dotted with it in integers
// (Q4_0, Q4_1, Q8_0 weights), one float multiply-add per block. This is the scheme llama.cpp uses
// (its Q8_0/Q8_1 activations); the results differ from the fp32 product by the activation rounding
// (relative error about 1/254 of each block's largest value).
//
// Three instruction sets, chosen at run time with cpuid (the binary runs on any x86-64, and on other
// architectures the portable path is the only one): AVX-512 VNNI (`vpdpbusd` on 512-bit vectors, four
// weight rows per step: lr_quant_rows4.c),
// AVX2 (`vpmaddubsw` + `vpmaddwd`) and portable C. All three compute the same integer block sums;
// only the order of the float accumulation over blocks differs.
//
// Rows are split over a pool of threads that wait by spinning briefly, then sleeping on a futex: a
// product costs one hand-over to the pool and one wait for it, no allocation.
#ifndef LR_QUANT_H
#define LR_QUANT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction-set levels of the kernels.
enum { LRQ_PORTABLE = 0, LRQ_AVX2 = 1, LRQ_AVX512_VNNI = 2 };

/// GGML type ids the integer kernels take (same numbers as `enum ggml_type`).
enum { LRQ_TYPE_Q4_0 = 2, LRQ_TYPE_Q4_1 = 3, LRQ_TYPE_Q8_0 = 8 };

/// 32 activations: x[i] ≈ d · q[i]; `sum` = Σ q[i] (Q4_0's −8 offset and Q4_1's minimum term use it).
typedef struct {
    float d;
    int32_t sum;
    int8_t q[32];
} lrq_block_q8;

/// The best level this CPU supports.
int lrq_best_level(void);
/// The level in use (the best one, unless lowered with `lrq_set_level` or LORAREPL_QUANT_KERNEL).
int lrq_level(void);
/// Uses `level` if the CPU supports it (else the best lower one); returns the level now in use.
int lrq_set_level(int level);
/// "avx512-vnni", "avx2" or "portable".
const char *lrq_level_name(int level);

/// 1 if the integer kernels take this GGML type.
int lrq_supports_type(int type);

/// Quantizes `n` floats (a multiple of 32) into n/32 blocks. Same result on every level.
void lrq_quantize_row(const float *x, int n, lrq_block_q8 *out);

/// One weight row (`n` columns of GGML `type` blocks) · the quantized activations, at `level` (tests).
float lrq_dot_row(int level, int type, const void *row, const lrq_block_q8 *x, int n);

/// One weight matrix of a product: rows in GGML blocks, `row_order[r]` the stored row of logical row r
/// (NULL: identity), optional bias, output `out[t * out_stride + r]`.
typedef struct {
    int type;
    int rows;
    int columns;
    const uint8_t *data;
    size_t row_bytes;
    const int64_t *row_order;
    const float *bias;
    float *out;
    int out_stride;
} lrq_matrix;

/// out[t, r] = W[r, :] · x[t] (+ bias[r]) for each matrix (all with the same `columns`) and each of
/// `count` input rows (`x + t * x_stride` blocks), rows spread over the thread pool. Thread-safe: a
/// second caller while the pool is busy computes on its own thread.
void lrq_matmul(const lrq_matrix *matrices, int matrix_count, const lrq_block_q8 *x, int count, int x_stride);

/// gate[i] = silu(gate[i]) · up[i] for `n` values (the SwiGLU of a LLaMA MLP), with a vectorised exp
/// (relative error ≤ 3e-7 against expf) chosen at run time like the products.
void lrq_silu_multiply(float *gate, const float *up, int n);

/// y = x / sqrt(mean(x²) + eps) · weight (LLaMA's RMSNorm), `n` values; the sum of squares in vector lanes.
void lrq_rms_norm(const float *x, const float *weight, int n, float eps, float *y);

/// y[i] += x[i] (a residual connection).
void lrq_add(float *y, const float *x, int n);

/// Causal attention of one new token over `length` cached positions: for each of `heads` query heads
/// (`q + h * head_dim`, query head h reads KV head h / (heads / kv_heads) at `keys/values + kv * head_stride`,
/// positions `head_dim` apart), softmax(q·kᵀ · scale)·V into `out + h * head_dim`. `scores` holds `length`
/// floats of scratch. The exp is the vectorised one of lrq_silu_multiply; sums run in vector lanes.
void lrq_attend(const float *q, const float *keys, const float *values, int heads, int kv_heads, int head_dim, size_t head_stride,
                int length, float scale, float *scores, float *out);

/// Threads the products use (the caller included); default: LORAREPL_QUANT_THREADS, else the online processors.
void lrq_set_threads(int threads);
int lrq_threads(void);

#ifdef __cplusplus
}
#endif
#endif
