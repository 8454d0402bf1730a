// lr_mpi.h — Open MPI, loaded at run time with dlopen so that lorarepl has no link-time dependency
// on it: a single-process user needs no MPI installed. Only the few calls data-parallel training
// needs are exposed: start, rank/size, an all-gather of equal-sized byte blocks polled against a
// deadline (so a dead or stuck rank cannot hang the others forever), finalize and abort.
//
// Open MPI's handles (MPI_COMM_WORLD, MPI_BYTE, MPI_ERRORS_RETURN) are addresses of global
// objects in libmpi (`ompi_mpi_comm_world`, …); they are resolved with dlsym, so no mpi.h is needed
// to build this file.
#ifndef LR_MPI_H
#define LR_MPI_H

#ifdef __cplusplus
extern "C" {
#endif

/// Loads libmpi (once, thread-safe; `LORAREPL_LIBMPI` names another file) and calls
/// MPI_Init_thread with MPI_THREAD_SERIALIZED. Returns 0 on success, else fills `error`.
int lr_mpi_start(char *error, int error_len);

/// 1 after a successful lr_mpi_start and before lr_mpi_finish.
int lr_mpi_running(void);

/// This process's rank in MPI_COMM_WORLD and the number of ranks (valid after lr_mpi_start).
int lr_mpi_rank(void);
int lr_mpi_size(void);

/// MPI_Iallgather of `bytes` bytes from every rank into `received` (size × bytes, rank order),
/// polled with MPI_Test until done or `timeout_seconds` passed. Returns 0 when done, 1 on timeout
/// (the collective is still pending: the caller must abort), -1 on an MPI error (`error` filled).
int lr_mpi_allgather(const void *send, long bytes, void *received, double timeout_seconds,
                     char *error, int error_len);

/// MPI_Finalize (once). Returns 0 on success.
int lr_mpi_finish(void);

/// MPI_Abort(MPI_COMM_WORLD, code): ends every rank of the job.
void lr_mpi_abort(int code);

#ifdef __cplusplus
}
#endif

#endif
