// lr_kernel_level.h — the run-time kernel level shared by the integer (lr_quant_dot.c) and bf16
// (lr_bf16_gemm.c) kernels: 0 portable, 1 AVX2, 2 the AVX-512 extension each needs. A level is the best
// the CPU supports unless lowered by a setter (tests) or by an environment variable ("portable"/"avx2").
#ifndef LR_KERNEL_LEVEL_H
#define LR_KERNEL_LEVEL_H

#include <stdlib.h>
#include <string.h>

typedef struct {
    int current;           // -1 until chosen
    const char *variable;  // e.g. "LORAREPL_QUANT_KERNEL"
} lr_level_choice;

/// Uses `level` if the CPU supports it (`best`), else the best lower one; returns the level now in use.
static inline int lr_level_set(lr_level_choice *choice, int best, int level) {
    choice->current = level < 0 ? 0 : (level > best ? best : level);
    return choice->current;
}

/// The level in use: chosen on first call from `best` and the environment variable.
static inline int lr_level_get(lr_level_choice *choice, int best) {
    if (choice->current >= 0) return choice->current;
    int level = best;
    const char *requested = getenv(choice->variable);
    if (requested) {
        if (strcmp(requested, "portable") == 0) level = 0;
        else if (strcmp(requested, "avx2") == 0) level = 1;
    }
    return lr_level_set(choice, best, level);
}

/// The best level an x86-64 CPU supports, for use inside an `#ifdef` of the target: 1 with AVX2, FMA and
/// `avx2_extra`, 2 when it also has AVX-512 F/BW/VL and `avx512_extra` (feature names as
/// `__builtin_cpu_supports` spells them).
#define LR_X86_LEVEL(avx2_extra, avx512_extra)                                                              \
    (__builtin_cpu_init(),                                                                                 \
     !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports(avx2_extra)) ? 0 \
     : (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&                          \
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports(avx512_extra)) ? 2 : 1)

/// The level's name: `top` for 2 (each family's AVX-512 extension), then "avx2" and "portable".
static inline const char *lr_level_name(int level, const char *top) {
    return level >= 2 ? top : level == 1 ? "avx2" : "portable";
}

/// Defines a kernel family's `PREFIX_best_level`, `_set_level`, `_level` and `_level_name` (declared in its
/// header): `cpu_level` is the best level this CPU supports, `variable` the environment variable that
/// lowers it, `top` the name of level 2.
#define LR_KERNEL_LEVEL_FUNCTIONS(prefix, cpu_level, variable, top)                                       \
    static int prefix##_detected = -1;                                                                   \
    static lr_level_choice prefix##_choice = {-1, variable};                                             \
    int prefix##_best_level(void) {                                                                      \
        if (prefix##_detected < 0) prefix##_detected = (cpu_level);                                      \
        return prefix##_detected;                                                                        \
    }                                                                                                    \
    int prefix##_set_level(int level) { return lr_level_set(&prefix##_choice, prefix##_best_level(), level); } \
    int prefix##_level(void) { return lr_level_get(&prefix##_choice, prefix##_best_level()); }          \
    const char *prefix##_level_name(int level) { return lr_level_name(level, top); }

#endif
