#!/usr/bin/env bash
# Data-parallel tests over Open MPI (docs/distributed.md), part of `make test`:
#  1. identity: 2 ranks × batch 4 give the same loss sequence, eval metrics and adapter bytes as one
#     process × batch 4 × gradient_accumulation_steps=2 (tiny-bert, and MiniLM when its files are there);
#     only rank 0 writes files (each rank runs in its own folder, so no shared disk is assumed);
#  2. a rank killed mid-training ends the job with a non-zero status naming the rank, within the time-out;
#  3. a rank whose step raises stops both ranks at that step, naming the rank.
set -uo pipefail
bin="$(cd "$(dirname "${1:-.build/release/lorarepl}")" && pwd)/$(basename "${1:-.build/release/lorarepl}")"
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="${LORAREPL_FIXTURES:-$(cd "$here/../.." && pwd)/../shared/fixtures}"
[ -d "$fixtures" ] || fixtures=/work/shared/fixtures
if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIPPED: MPI tests (mpirun not installed; make test installs openmpi-bin libopenmpi-dev)"
    exit 0
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
# --bind-to none: each rank sees both cores, as the single process does (the identity needs the same thread
# count per process: TensorCore and OpenBLAS split some sums by thread count; docs/distributed.md).
launcher=(mpirun --oversubscribe --bind-to none)
mpi=("${launcher[@]}" -np 2)
work="$(mktemp -d /tmp/lorarepl-mpi.XXXXXX)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Runs identity.lora in $work/$1/rank<r> (one folder per rank) with GAS=$2, MODEL=$3, ranks $4.
run_identity() {
    local name=$1 gas=$2 model=$3 ranks=$4
    for ((r = 0; r < ranks || r < 2; r++)); do mkdir -p "$work/$name/rank$r"; done
    if [ "$ranks" = 1 ]; then
        (cd "$work/$name/rank0" && GAS=$gas MODEL=$model timeout 600 "$bin" "$here/identity.lora") > "$work/$name/stdout" 2> "$work/$name/stderr"
    else
        GAS=$gas MODEL=$model timeout 600 "${launcher[@]}" -np "$ranks" sh -c "cd '$work/$name/rank'\$OMPI_COMM_WORLD_RANK && exec '$bin' '$here/identity.lora'" \
            > "$work/$name/stdout" 2> "$work/$name/stderr"
    fi
}

identity() {
    local label=$1 model=$2
    run_identity "$label-single" 2 "$model" 1 || { fail "$label: single process run"; cat "$work/$label-single/stderr"; return; }
    run_identity "$label-mpi" 1 "$model" 2 || { fail "$label: 2-rank run"; cat "$work/$label-mpi/stderr"; return; }
    local single="$work/$label-single" ranks="$work/$label-mpi"
    if diff <(grep '^RESULT' "$single/stdout" | grep -v world_size) <(grep '^RESULT' "$ranks/stdout" | grep -v world_size) > "$work/$label.diff"; then
        pass "$label: loss sequence, grad norms and eval metrics identical (2 ranks × batch 4 = 1 process × batch 4 × accumulation 2)"
    else
        fail "$label: printed numbers differ"; head -20 "$work/$label.diff"
    fi
    grep -q '^RESULT world_size 2' "$ranks/stdout" && pass "$label: world_size is 2 on rank 0" || fail "$label: world_size not reported as 2"
    local same=1
    for file in final/adapter_model.safetensors out/checkpoint-4/adapter_model.safetensors out/checkpoint-8/optimizer.safetensors; do
        cmp -s "$single/rank0/$file" "$ranks/rank0/$file" || { same=0; echo "  differs or missing: $file"; }
    done
    [ $same = 1 ] && pass "$label: adapter_model.safetensors and optimizer state bit-identical" || fail "$label: saved files differ"
    if [ -z "$(ls -A "$ranks/rank1")" ]; then pass "$label: only rank 0 wrote files"; else fail "$label: rank 1 wrote $(ls -A "$ranks/rank1")"; fi
}

# Launch: without mpirun a script sees one process; the REPL refuses to start under mpirun.
probe='from transformers import TrainingArguments
a = TrainingArguments(output_dir="x")
print(a.world_size, a.process_index, a.local_process_index)'
[ "$("$bin" -c "$probe" 2>&1)" = "1 0 0" ] && pass "launch: a plain run is world_size 1, rank 0" || fail "launch: plain run: $("$bin" -c "$probe" 2>&1)"
ranks_seen="$("${mpi[@]}" "$bin" -c "$probe" 2>&1 | sort | tr '\n' ' ')"
[ "$ranks_seen" = "2 0 0 2 1 1 " ] && pass "launch: under mpirun -np 2 the ranks see world_size 2, ranks 0 and 1" || fail "launch: under mpirun: $ranks_seen"
"${mpi[@]}" "$bin" < /dev/null > "$work/repl.out" 2>&1
status=$?
if [ $status -ne 0 ] && grep -q "the interactive REPL (or a script on standard input) cannot run under mpirun" "$work/repl.out"; then
    pass "launch: the REPL refuses to start under mpirun (status $status)"
else
    fail "launch: REPL under mpirun: status $status"; tail -3 "$work/repl.out"
fi

identity tiny-bert "$fixtures/tiny-bert/tiny-bert-base"
# Other rank counts: 4 ranks × accumulation 1 and 2 ranks × accumulation 2 against 1 process × accumulation 4.
model="$fixtures/tiny-bert/tiny-bert-base"
if run_identity n-single 4 "$model" 1 && run_identity n-4x1 1 "$model" 4 && run_identity n-2x2 2 "$model" 2; then
    same=1
    for run in n-4x1 n-2x2; do
        diff -q <(grep '^RESULT' "$work/n-single/stdout" | grep -v world_size) <(grep '^RESULT' "$work/$run/stdout" | grep -v world_size) >/dev/null || same=0
        cmp -s "$work/n-single/rank0/final/adapter_model.safetensors" "$work/$run/rank0/final/adapter_model.safetensors" || same=0
        [ -z "$(ls -A "$work/$run/rank1")" ] || same=0
    done
    [ $same = 1 ] && pass "tiny-bert: 4 ranks × accumulation 1 and 2 ranks × accumulation 2 bit-identical to 1 process × accumulation 4" \
        || fail "tiny-bert: other rank counts differ"
else
    fail "tiny-bert: other rank counts did not run"
fi

minilm="${LORAREPL_HOME:-$HOME/.cache/lorarepl}/models/sentence-transformers/all-MiniLM-L6-v2"
if [ -d "$minilm" ]; then identity minilm "$minilm"; else echo "SKIPPED: MiniLM identity (no $minilm; make assets fetches it)"; fi

# The fault cases: long.lora on 2 ranks in $work/$1/rank<r> under `timeout $2`; $3 is shell run on rank 1
# just before it starts (empty for none). Variables given with the call (STEPS=…) reach both ranks.
# Sets status and elapsed.
fault_run() {
    local name=$1 limit=$2 on_rank1=$3 start=$SECONDS
    mkdir -p "$work/$name/rank0" "$work/$name/rank1"
    GAS=1 MODEL="$fixtures/tiny-bert/tiny-bert-base" timeout "$limit" "${mpi[@]}" sh -c \
        "cd '$work/$name/rank'\$OMPI_COMM_WORLD_RANK || exit 1; if [ \$OMPI_COMM_WORLD_RANK = 1 ]; then :; $on_rank1 fi; exec '$bin' '$here/long.lora'" \
        > "$work/$name/stdout" 2> "$work/$name/stderr"
    status=$?
    elapsed=$((SECONDS - start))
}

# A rank killed with SIGKILL mid-training: the job must end non-zero, naming rank 1, well before the time-out.
STEPS=100000 LORAREPL_MPI_TIMEOUT=30 fault_run kill 120 '(sleep 4; kill -9 $$) &'
if [ $status -ne 0 ] && [ $status -ne 124 ] && grep -qi "rank 1" "$work/kill/stderr" "$work/kill/stdout"; then
    pass "killed rank: job exited with status $status after ${elapsed}s naming rank 1"
else
    fail "killed rank: status $status after ${elapsed}s"; tail -5 "$work/kill/stderr"
fi

# A rank that stops answering (SIGSTOP: alive, so mpirun sees nothing): the other rank's collective times
# out after LORAREPL_MPI_TIMEOUT seconds, it names the problem and ends the job.
STEPS=100000 LORAREPL_MPI_TIMEOUT=5 fault_run stop 120 '(sleep 4; kill -STOP $$) &'
if [ $status -ne 0 ] && [ $status -ne 124 ] && grep -q "lorarepl rank 0: no answer from the other ranks within 5 s" "$work/stop/stderr"; then
    pass "stuck rank: rank 0 timed out after 5 s and ended the job (status $status after ${elapsed}s)"
else
    fail "stuck rank: status $status after ${elapsed}s"; tail -5 "$work/stop/stderr"
fi

# A rank whose training step raises: both ranks stop at that step boundary, the message names the rank.
RAISE_ON_RANK=1 fault_run raise 300 ''
if [ $status -ne 0 ] && [ $status -ne 124 ] && grep -q "rank 1 of 2 stopped at step 3" "$work/raise/stderr"; then
    pass "raising rank: both ranks stopped at step 3 naming rank 1"
else
    fail "raising rank: status $status"; tail -8 "$work/raise/stderr"
fi

# A rank whose on_step_end callback raises (after the step's exchange): both stop after that step.
CALLBACK_RAISE_ON_RANK=1 fault_run callback 300 ''
if [ $status -ne 0 ] && [ $status -ne 124 ] && grep -q "rank 1 of 2 stopped after step 3: RuntimeError: this rank's on_step_end callback failed" "$work/callback/stderr"; then
    pass "raising callback: both ranks stopped after step 3 naming rank 1"
else
    fail "raising callback: status $status"; tail -8 "$work/callback/stderr"
fi

# Ctrl-C on mpirun (SIGINT; mpirun sends the ranks SIGTERM): both ranks stop at one step boundary, rank 0
# saves a checkpoint; then one process with twice the accumulation resumes it (a different rank count).
mkdir -p "$work/int/rank0" "$work/int/rank1"
(cd "$work/int" && GAS=1 MODEL="$fixtures/tiny-bert/tiny-bert-base" STEPS=100000 SAVE=steps timeout 120 "${mpi[@]}" sh -c \
    "cd '$work/int/rank'\$OMPI_COMM_WORLD_RANK && exec '$bin' '$here/long.lora'" > "$work/int/stdout" 2> "$work/int/stderr") &
launcher=$!
for _ in $(seq 1 100); do grep -q . "$work/int/rank0/started" 2>/dev/null && break; sleep 0.2; done
sleep 3
# Signal mpirun itself (found by its command line: its parent may be `timeout` or the subshell).
pkill -INT -f "^mpirun .*$work/int/rank" || pkill -INT -P "$launcher" mpirun 2>/dev/null || kill -INT "$launcher"
wait "$launcher"
step=$(sed -n 's/^RESULT stopped at step //p' "$work/int/stdout")
if grep -q "^Training interrupted after step $step " "$work/int/stdout" && [ -d "$work/int/rank0/out/checkpoint-$step" ] \
   && [ -z "$(ls -A "$work/int/rank1")" ]; then
    pass "Ctrl-C: both ranks stopped after step $step, rank 0 saved checkpoint-$step"
    (cd "$work/int/rank0" && GAS=2 MODEL="$fixtures/tiny-bert/tiny-bert-base" STEPS=100000 SAVE=steps RESUME=1 STOP_AT=$((step + 3)) \
        timeout 120 "$bin" "$here/long.lora" > "$work/int/resume.stdout" 2>&1)
    if grep -q "^Resuming from out/checkpoint-$step at step $step" "$work/int/resume.stdout" \
       && grep -q "^RESULT stopped at step $((step + 3))$" "$work/int/resume.stdout"; then
        pass "Ctrl-C: one process with accumulation 2 resumed the 2-rank checkpoint"
    else
        fail "Ctrl-C: resume in one process"; tail -n 5 "$work/int/resume.stdout"
    fi
else
    fail "Ctrl-C: step '$step'"; tail -n 5 "$work/int/stdout" "$work/int/stderr"
fi

echo "mpi: $passed passed, $failed failed"
[ $failed -eq 0 ]
