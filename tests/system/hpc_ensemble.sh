#!/usr/bin/env bash
# HPC ensemble paths give the same numbers as one process: 1 thread = 2 threads; 1 MPI rank = 2
# ranks (mpirun, when built with MPI; also that the MPI build runs without mpirun); the Slurm
# array script's tasks (SLURM_ARRAY_TASK_ID set by hand) merged with scripts/slurm/merge.sbatch
# equal one whole run; caspian merge refuses missing and overlapping slices.
# Usage: hpc_ensemble.sh CASPIAN_EXECUTABLE SOURCE_DIR MPI(ON/OFF)
set -euo pipefail
caspian="$1"
src="$2"
mpi="${3:-OFF}"
source "$src/tests/system/ensemble_common.bash"
# The default ensemble shortened to 2025-2027, next to links to the inputs it names.
short_default_ensemble "$src" 2027
trap 'rm -rf "$work"' EXIT
members=(--members 2 --scenarios ssp245 ssp585 --no-report --quiet)

"$caspian" ensemble run.yaml "${members[@]}" --threads 1 --output-dir one_thread ||
  fail "1-thread ensemble"
OMP_NUM_THREADS=2 "$caspian" ensemble run.yaml "${members[@]}" --output-dir two_threads ||
  fail "2-thread ensemble"
same_outputs one_thread two_threads
echo "ok: 1 thread = 2 threads"

if [[ "$mpi" == ON ]]; then
  ldd "$caspian" | grep libmpi >/dev/null || fail "CASPIAN_MPI=ON but $caspian does not link MPI"
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
  # Open MPI's own allocations outlive MPI_Finalize; leak checks would report them, not ours.
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
  # Without --quiet: the messages of rank 0 only (one heartbeat to 100 %), the efficiency per
  # rank and in total gathered on rank 0.
  mpirun -np 2 --oversubscribe "$caspian" ensemble run.yaml "${members[@]:0:6}" --threads 1 \
    --output-dir two_ranks >mpirun.log 2>&1 || { cat mpirun.log; fail "mpirun -np 2"; }
  same_outputs one_thread two_ranks
  grep -q '2 ranks x 1 thread' mpirun.log || { cat mpirun.log; fail "rank count not printed"; }
  [[ $(grep -c '^progress: 2027-12, 100.0 %, members 4/4 done' mpirun.log) -eq 1 ]] ||
    { cat mpirun.log; fail "not one heartbeat reaching 4/4 members"; }
  for who in 'rank 0' 'rank 1' total; do
    grep -Eq "^efficiency $who: [0-9]+ members?, [0-9.]+ simulated years in .* core-hours per simulated year, .* simulated years per wall-clock day$" \
      mpirun.log || { cat mpirun.log; fail "no efficiency line for $who"; }
  done
  grep -Eq '^efficiency total: 4 members, 12\.0 simulated years in [0-9.]+ s on 2 cores' mpirun.log ||
    { cat mpirun.log; fail "the total efficiency is not the sum of the ranks"; }
  echo "ok: 1 rank = 2 ranks"
fi

# The Slurm array, its three tasks run by hand, then the merge script.
for task in 0 1 2; do
  SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=1 CASPIAN="$caspian" \
    bash "$src/scripts/slurm/ensemble_array.sbatch" run.yaml array --members 2 \
    --scenarios ssp245 ssp585 --quiet >"task$task.log" 2>&1 ||
    { cat "task$task.log"; fail "array task $task"; }
done
[[ ! -e array/ensemble_quantiles.csv ]] || fail "a slice wrote whole-ensemble tables"
CASPIAN="$caspian" bash "$src/scripts/slurm/merge.sbatch" array >merge.log 2>&1 ||
  { cat merge.log; fail "merge.sbatch"; }
mkdir -p merged_nr
"$caspian" merge array/slices/slice_0 array/slices/slice_1 array/slices/slice_2 --no-report \
  --quiet --output-dir merged_nr >/dev/null || fail "caspian merge"
same_outputs one_thread merged_nr
[[ -f array/report/port_draft_report.html ]] || fail "merge.sbatch wrote no report"
echo "ok: Slurm array slices merged = one run"

# Missing and overlapping slices are refused (exit 2) with the member named.
set +e
out=$("$caspian" merge array/slices/slice_0 array/slices/slice_2 --no-report --output-dir bad 2>&1)
rc=$?
set -e
[[ $rc -eq 2 && "$out" == *"in no slice"* ]] || fail "missing slice: exit $rc: $out"
set +e
out=$("$caspian" merge array/slices/slice_0 array/slices/slice_0 array/slices/slice_1 \
  array/slices/slice_2 --no-report --output-dir bad 2>&1)
rc=$?
set -e
[[ $rc -eq 2 && "$out" == *"overlap"* ]] || fail "overlapping slices: exit $rc: $out"
set +e
out=$("$caspian" ensemble run.yaml "${members[@]}" --member-slice 3/3 --output-dir bad 2>&1)
rc=$?
set -e
[[ $rc -eq 2 && "$out" == *"member-slice"* ]] || fail "slice 3/3: exit $rc: $out"
echo "ok: bad slices refused"
