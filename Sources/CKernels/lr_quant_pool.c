// lr_quant_pool.c — the thread pool behind lrq_matmul: workers wait for a new generation number by
// spinning briefly (a token's products follow each other within microseconds), then sleep on a futex.
// One product = publish the job, work on row chunks taken from a shared counter, wait for the others.
#define _GNU_SOURCE
#include "lr_quant.h"

#include <limits.h>
#include <stdlib.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void lrq_rows(const lrq_matrix *m, int begin, int end, const lrq_block_q8 *x, int count, int x_stride);

enum { MAX_THREADS = 64, ROWS_PER_CHUNK = 32 };  // a multiple of the kernels' four rows

typedef struct {
    const lrq_matrix *matrices;
    int matrix_count, total_rows, count, x_stride;
    const lrq_block_q8 *x;
} job_t;

static struct {
    pthread_mutex_t busy;            // one product at a time uses the pool
    pthread_mutex_t setup;
    int started;                     // worker threads created
    int threads;                     // threads a product uses, caller included
    job_t job;
    _Atomic unsigned generation;     // bumped once per product
    _Atomic int next_row;            // next chunk's first row
    _Atomic int pending;             // workers still working on this generation
    _Atomic int sleepers;            // workers inside futex_wait
    _Atomic int active;              // workers (beyond the caller) taking part in this generation
} pool = {.busy = PTHREAD_MUTEX_INITIALIZER, .setup = PTHREAD_MUTEX_INITIALIZER};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/// Takes row chunks until none are left.
static void work(const job_t *job) {
    for (;;) {
        int start = atomic_fetch_add_explicit(&pool.next_row, ROWS_PER_CHUNK, memory_order_relaxed);
        if (start >= job->total_rows) return;
        int end = start + ROWS_PER_CHUNK < job->total_rows ? start + ROWS_PER_CHUNK : job->total_rows;
        int first = 0;
        for (int i = 0; i < job->matrix_count && first < end; i++) {
            const lrq_matrix *m = &job->matrices[i];
            int lo = start > first ? start - first : 0, hi = end - first < m->rows ? end - first : m->rows;
            if (lo < hi) lrq_rows(m, lo, hi, job->x, job->count, job->x_stride);
            first += m->rows;
        }
    }
}

/// How long a worker spins for the next product before sleeping.
static const uint64_t spin_ns = 300000;

static void *worker(void *argument) {
    int index = (int)(intptr_t)argument;  // 1-based: the caller is thread 0
    unsigned seen = 0;
    for (;;) {
        unsigned generation;
        uint64_t started = 0;
        int spins = 0;
        while ((generation = atomic_load(&pool.generation)) == seen) {
            cpu_relax();
            if (++spins < 64) continue;
            spins = 0;
            uint64_t t = now_ns();
            if (!started) started = t;
            if (t - started < spin_ns) continue;
            atomic_fetch_add(&pool.sleepers, 1);
            syscall(SYS_futex, &pool.generation, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
            atomic_fetch_sub(&pool.sleepers, 1);
            started = 0;
        }
        seen = generation;
        if (index <= atomic_load(&pool.active)) {
            work(&pool.job);
            atomic_fetch_sub_explicit(&pool.pending, 1, memory_order_release);
        }
    }
    return NULL;
}

/// LORAREPL_QUANT_THREADS when set to a positive number, else the online processors.
static int online_processors(void) {
    const char *requested = getenv("LORAREPL_QUANT_THREADS");
    long n = requested ? strtol(requested, NULL, 10) : 0;
    if (n < 1) n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (n > MAX_THREADS ? MAX_THREADS : (int)n);
}

void lrq_set_threads(int threads) {
    pthread_mutex_lock(&pool.setup);
    pool.threads = threads < 1 ? 1 : (threads > MAX_THREADS ? MAX_THREADS : threads);
    pthread_mutex_unlock(&pool.setup);
}

int lrq_threads(void) {
    pthread_mutex_lock(&pool.setup);
    if (pool.threads == 0) pool.threads = online_processors();
    int threads = pool.threads;
    pthread_mutex_unlock(&pool.setup);
    return threads;
}

/// Starts workers up to `threads - 1`; returns how many are running.
static int ensure_workers(int threads) {
    pthread_mutex_lock(&pool.setup);
    while (pool.started < threads - 1) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, worker, (void *)(intptr_t)(pool.started + 1));
        pthread_attr_destroy(&attributes);
        if (failed) break;
        pool.started++;
    }
    int started = pool.started;
    pthread_mutex_unlock(&pool.setup);
    return started;
}

void lrq_matmul(const lrq_matrix *matrices, int matrix_count, const lrq_block_q8 *x, int count, int x_stride) {
    int total = 0;
    for (int i = 0; i < matrix_count; i++) total += matrices[i].rows;
    if (total == 0 || count <= 0) return;
    int threads = lrq_threads();
    // Small products, or another product already using the pool: on this thread.
    if (threads < 2 || total < 2 * ROWS_PER_CHUNK || pthread_mutex_trylock(&pool.busy) != 0) {
        for (int i = 0; i < matrix_count; i++) lrq_rows(&matrices[i], 0, matrices[i].rows, x, count, x_stride);
        return;
    }
    int helpers = ensure_workers(threads);
    if (helpers > threads - 1) helpers = threads - 1;
    pool.job = (job_t){matrices, matrix_count, total, count, x_stride, x};
    atomic_store(&pool.next_row, 0);
    atomic_store(&pool.active, helpers);
    atomic_store(&pool.pending, helpers);
    atomic_fetch_add(&pool.generation, 1);  // publishes the job (sequentially consistent)
    if (atomic_load(&pool.sleepers) > 0) syscall(SYS_futex, &pool.generation, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
    work(&pool.job);
    int spins = 0;
    while (atomic_load_explicit(&pool.pending, memory_order_acquire) > 0) {
        cpu_relax();
        if (++spins > 4096) {
            spins = 0;
            sched_yield();  // a helper was descheduled (a loaded machine): give it the core
        }
    }
    pthread_mutex_unlock(&pool.busy);
}
