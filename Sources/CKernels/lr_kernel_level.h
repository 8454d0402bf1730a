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

#endif
