// lr_mpi.c — see lr_mpi.h for why libmpi is loaded with dlopen.
#define _GNU_SOURCE
#include "lr_mpi.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

// Open MPI's handles are pointers to its predefined objects; requests are pointers too.
typedef void *mpi_handle;
typedef int (*init_thread_fn)(int *, char ***, int, int *);
typedef int (*initialized_fn)(int *);
typedef int (*comm_int_fn)(mpi_handle, int *);
typedef int (*set_errhandler_fn)(mpi_handle, mpi_handle);
typedef int (*iallgather_fn)(const void *, int, mpi_handle, void *, int, mpi_handle, mpi_handle, mpi_handle *);
typedef int (*test_fn)(mpi_handle *, int *, void *);
typedef int (*finalize_fn)(void);
typedef int (*abort_fn)(mpi_handle, int);
typedef int (*error_string_fn)(int, char *, int *);

enum { THREAD_SERIALIZED = 2 };  // MPI_THREAD_SERIALIZED in Open MPI's mpi.h

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;
static void *library;
static int started, finished, world_rank, world_size;
static char start_error[600];

static mpi_handle comm_world, byte_type, errors_return;
static init_thread_fn p_init_thread;
static initialized_fn p_initialized;
static comm_int_fn p_comm_rank, p_comm_size;
static set_errhandler_fn p_set_errhandler;
static iallgather_fn p_iallgather;
static test_fn p_test;
static finalize_fn p_finalize;
static abort_fn p_abort;
static error_string_fn p_error_string;

static void describe(int code, char *error, int error_len, const char *what) {
    char text[256] = "unknown error";
    int length = 0;
    if (p_error_string && p_error_string(code, text, &length) != 0) snprintf(text, sizeof text, "error code %d", code);
    if (error && error_len > 0) snprintf(error, (size_t)error_len, "%s failed: %s", what, text);
}

static int resolve(void) {
#define NEED(var, type, name)                                                                           \
    var = (type)dlsym(library, name);                                                                   \
    if (!var) {                                                                                         \
        snprintf(start_error, sizeof start_error,                                                       \
                 "the MPI library has no symbol %s; lorarepl needs Open MPI (apt-get install -y openmpi-bin libopenmpi-dev)", name); \
        return -1;                                                                                      \
    }
    NEED(comm_world, mpi_handle, "ompi_mpi_comm_world")
    NEED(byte_type, mpi_handle, "ompi_mpi_byte")
    NEED(errors_return, mpi_handle, "ompi_mpi_errors_return")
    NEED(p_init_thread, init_thread_fn, "MPI_Init_thread")
    NEED(p_initialized, initialized_fn, "MPI_Initialized")
    NEED(p_comm_rank, comm_int_fn, "MPI_Comm_rank")
    NEED(p_comm_size, comm_int_fn, "MPI_Comm_size")
    NEED(p_set_errhandler, set_errhandler_fn, "MPI_Comm_set_errhandler")
    NEED(p_iallgather, iallgather_fn, "MPI_Iallgather")
    NEED(p_test, test_fn, "MPI_Test")
    NEED(p_finalize, finalize_fn, "MPI_Finalize")
    NEED(p_abort, abort_fn, "MPI_Abort")
    NEED(p_error_string, error_string_fn, "MPI_Error_string")
#undef NEED
    return 0;
}

static void start(void) {
    const char *override = getenv("LORAREPL_LIBMPI");
    const char *names[] = {override && *override ? override : "libmpi.so.40", override && *override ? NULL : "libmpi.so", NULL};
    // RTLD_GLOBAL: Open MPI's own plugins (loaded by libmpi) resolve libmpi's symbols through it.
    for (int i = 0; names[i] && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
    if (!library) {
        snprintf(start_error, sizeof start_error,
                 "could not load Open MPI (%s); install it with: apt-get install -y openmpi-bin libopenmpi-dev", dlerror());
        return;
    }
    if (resolve() != 0) return;
    int already = 0;
    p_initialized(&already);
    int provided = 0;
    if (!already) {
        int code = p_init_thread(NULL, NULL, THREAD_SERIALIZED, &provided);
        if (code != 0) { describe(code, start_error, sizeof start_error, "MPI_Init_thread"); return; }
    }
    p_set_errhandler(comm_world, errors_return);
    p_comm_rank(comm_world, &world_rank);
    p_comm_size(comm_world, &world_size);
    started = 1;
}

int lr_mpi_start(char *error, int error_len) {
    pthread_once(&start_once, start);
    if (started) return 0;
    if (error && error_len > 0) snprintf(error, (size_t)error_len, "%s", start_error);
    return -1;
}

int lr_mpi_running(void) { return started && !finished; }
int lr_mpi_rank(void) { return world_rank; }
int lr_mpi_size(void) { return world_size; }

static double seconds_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

int lr_mpi_allgather(const void *send, long bytes, void *received, double timeout_seconds, char *error, int error_len) {
    if (!lr_mpi_running()) {
        if (error && error_len > 0) snprintf(error, (size_t)error_len, "MPI is not running");
        return -1;
    }
    if (bytes < 0 || bytes > INT_MAX) {
        if (error && error_len > 0) snprintf(error, (size_t)error_len, "a block of %ld bytes is too large for one MPI all-gather", bytes);
        return -1;
    }
    pthread_mutex_lock(&call_lock);
    mpi_handle request = NULL;
    int code = p_iallgather(send, (int)bytes, byte_type, received, (int)bytes, byte_type, comm_world, &request);
    if (code != 0) {
        describe(code, error, error_len, "MPI_Iallgather");
        pthread_mutex_unlock(&call_lock);
        return -1;
    }
    const double started_at = seconds_now(), deadline = started_at + timeout_seconds;
    int done = 0;
    for (;;) {
        code = p_test(&request, &done, NULL);  // NULL is MPI_STATUS_IGNORE in Open MPI
        if (code != 0) {
            describe(code, error, error_len, "MPI_Test");
            pthread_mutex_unlock(&call_lock);
            return -1;
        }
        if (done) break;
        // Poll without sleeping for the first 2 ms (the other ranks are usually microseconds away),
        // then sleep 50 µs between polls so a waiting rank leaves the core to the ranks still computing.
        if (seconds_now() - started_at < 0.002) {
            sched_yield();
        } else {
            if (seconds_now() > deadline) {
                pthread_mutex_unlock(&call_lock);
                return 1;
            }
            struct timespec pause = {0, 50000};
            nanosleep(&pause, NULL);
        }
    }
    pthread_mutex_unlock(&call_lock);
    return 0;
}

int lr_mpi_finish(void) {
    if (!started || finished) return 0;
    finished = 1;
    return p_finalize();
}

void lr_mpi_abort(int code) {
    if (started && !finished && p_abort) p_abort(comm_world, code);
    _exit(code);
}
