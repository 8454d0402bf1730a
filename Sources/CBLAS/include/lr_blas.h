// lr_blas.h — OpenBLAS, loaded at run time so that lorarepl can pick a fast kernel first.
//
// OpenBLAS chooses its CPU kernel once, when the library is loaded, from OPENBLAS_CORETYPE or
// its own CPU detection. Debian's 0.3.21 does not know recent AVX-512 Xeons and falls back to
// its slowest kernel ("Prescott"). Linking it normally would load it before any of our code
// runs, so instead this shim sets OPENBLAS_CORETYPE (unless the user did) and then dlopen()s
// the library. The enums and the sgemm signature come from OpenBLAS's own cblas.h.
#ifndef LR_BLAS_H
#define LR_BLAS_H

#include <cblas.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads OpenBLAS once (thread-safe). Returns 0 on success; otherwise fills `error`.
int lr_blas_load(char *error, int error_len);

/// 1 once lr_blas_load succeeded.
int lr_blas_available(void);

/// The kernel OpenBLAS runs (e.g. "Zen", "SkylakeX", "Haswell"), or "none" if not loaded.
const char *lr_blas_corename(void);

/// How the kernel was chosen: "OPENBLAS_CORETYPE set by the user", "chosen by lorarepl: …",
/// or "OpenBLAS's own detection".
const char *lr_blas_kernel_source(void);

/// The OpenBLAS kernel lorarepl would choose for this CPU ("SkylakeX" with AVX-512, "Haswell" with
/// AVX2+FMA), or NULL.
const char *lr_blas_best_coretype(void);

/// The user's OPENBLAS_CORETYPE when it names a kernel of a narrower vector class (AVX2 on an AVX-512
/// CPU, AVX or older on an AVX2 one) than this CPU runs, else NULL. Valid after lr_blas_load.
const char *lr_blas_slower_user_coretype(void);

/// OpenBLAS's thread count (0 if not loaded) and a setter.
int lr_blas_threads(void);
void lr_blas_set_threads(int threads);

/// C = alpha * op(A) * op(B) + beta * C, exactly cblas_sgemm. Must not be called before a
/// successful lr_blas_load.
void lr_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans_a, enum CBLAS_TRANSPOSE trans_b,
              int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb,
              float beta, float *c, int ldc);

/// y = alpha * op(A) * x + beta * y, exactly cblas_sgemv.
void lr_sgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans, int m, int n, float alpha,
              const float *a, int lda, const float *x, int incx, float beta, float *y, int incy);

#ifdef __cplusplus
}
#endif
#endif
