// lr_blas.c — see lr_blas.h for why OpenBLAS is loaded with dlopen.
#define _GNU_SOURCE
#include "lr_blas.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*sgemm_fn)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, blasint, blasint,
                         blasint, float, const float *, blasint, const float *, blasint, float, float *,
                         blasint);
typedef void (*sgemv_fn)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, blasint, blasint, float, const float *,
                         blasint, const float *, blasint, float, float *, blasint);
typedef char *(*corename_fn)(void);
typedef int (*get_threads_fn)(void);
typedef void (*set_threads_fn)(int);

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static void *library;
static sgemm_fn p_sgemm;
static sgemv_fn p_sgemv;
static corename_fn p_corename;
static get_threads_fn p_get_threads;
static set_threads_fn p_set_threads;
static char load_error[512];
static const char *kernel_source = "not loaded";

// Kernels OpenBLAS falls back to when it does not recognise the CPU: correct but several times
// slower than the AVX2/AVX-512 ones on the CPUs this project runs on.
static int is_slow_fallback(const char *core) {
    static const char *slow[] = {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Katmai",
                                 "Coppermine", "Northwood", "Banias", "Atom", "Generic", NULL};
    for (int i = 0; slow[i]; i++)
        if (core && strcmp(core, slow[i]) == 0) return 1;
    return 0;
}

static int cpu_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
}

static int cpu_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

static int open_library(void) {
    static const char *names[] = {"libopenblas.so.0", "libopenblas.so", NULL};
    for (int i = 0; names[i] && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error,
                 "could not load OpenBLAS (%s); install it with: apt-get install -y libopenblas-dev",
                 dlerror());
        return -1;
    }
    p_sgemm = (sgemm_fn)dlsym(library, "cblas_sgemm");
    p_sgemv = (sgemv_fn)dlsym(library, "cblas_sgemv");
    p_corename = (corename_fn)dlsym(library, "openblas_get_corename");
    p_get_threads = (get_threads_fn)dlsym(library, "openblas_get_num_threads");
    p_set_threads = (set_threads_fn)dlsym(library, "openblas_set_num_threads");
    if (!p_sgemm || !p_sgemv) {
        snprintf(load_error, sizeof load_error, "the OpenBLAS library found has no cblas_sgemm/cblas_sgemv");
        dlclose(library);
        library = NULL;
        return -1;
    }
    return 0;
}

static void load(void) {
    const char *user = getenv("OPENBLAS_CORETYPE");
    if (user && *user) {
        kernel_source = "OPENBLAS_CORETYPE set by the user";
    } else if (cpu_has_avx512()) {
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
        kernel_source = "chosen by lorarepl for this AVX-512 CPU";
    } else {
        kernel_source = "OpenBLAS's own detection";
    }
    if (open_library() != 0) return;
    // A CPU that OpenBLAS does not know but that has AVX2+FMA: reload with the Haswell kernel.
    if (!(user && *user) && p_corename && is_slow_fallback(p_corename()) && cpu_has_avx2()) {
        dlclose(library);
        library = NULL;
        setenv("OPENBLAS_CORETYPE", "Haswell", 1);
        kernel_source = "chosen by lorarepl for this AVX2 CPU";
        open_library();
    }
}

int lr_blas_load(char *error, int error_len) {
    pthread_once(&load_once, load);
    if (library) return 0;
    if (error && error_len > 0) snprintf(error, (size_t)error_len, "%s", load_error);
    return -1;
}

int lr_blas_available(void) { return library != NULL; }

/// Vector width class of an OpenBLAS kernel name: 3 AVX-512, 2 AVX2, 1 AVX, 0 older or unknown.
static int kernel_class(const char *core) {
    static const char *avx512[] = {"skylakex", "cooperlake", "sapphirerapids", NULL};
    static const char *avx2[] = {"haswell", "zen", "skylake", "broadwell", NULL};
    static const char *avx[] = {"sandybridge", "bulldozer", "piledriver", "steamroller", "excavator", NULL};
    if (!core) return 0;
    char lower[64];
    size_t n = 0;
    for (; core[n] && n + 1 < sizeof lower; n++) lower[n] = (char)((core[n] >= 'A' && core[n] <= 'Z') ? core[n] + 32 : core[n]);
    lower[n] = 0;
    for (int i = 0; avx512[i]; i++) if (strcmp(lower, avx512[i]) == 0) return 3;
    for (int i = 0; avx2[i]; i++) if (strcmp(lower, avx2[i]) == 0) return 2;
    for (int i = 0; avx[i]; i++) if (strcmp(lower, avx[i]) == 0) return 1;
    return 0;
}

const char *lr_blas_best_coretype(void) {
    if (cpu_has_avx512()) return "SkylakeX";
    if (cpu_has_avx2()) return "Haswell";
    return NULL;
}

const char *lr_blas_slower_user_coretype(void) {
    const char *user = getenv("OPENBLAS_CORETYPE");
    if (!user || !*user || strcmp(kernel_source, "OPENBLAS_CORETYPE set by the user") != 0) return NULL;
    const char *best = lr_blas_best_coretype();
    if (!best || kernel_class(user) >= kernel_class(best)) return NULL;
    return user;
}

const char *lr_blas_corename(void) { return (library && p_corename) ? p_corename() : "none"; }

const char *lr_blas_kernel_source(void) { return kernel_source; }

int lr_blas_threads(void) { return (library && p_get_threads) ? p_get_threads() : 0; }

void lr_blas_set_threads(int threads) {
    if (library && p_set_threads && threads > 0) p_set_threads(threads);
}

void lr_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans_a, enum CBLAS_TRANSPOSE trans_b, int m,
              int n, int k, float alpha, const float *a, int lda, const float *b, int ldb, float beta,
              float *c, int ldc) {
    p_sgemm(order, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void lr_sgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans, int m, int n, float alpha, const float *a,
              int lda, const float *x, int incx, float beta, float *y, int incy) {
    p_sgemv(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}
