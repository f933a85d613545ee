#!/usr/bin/env bash
# Checkpoints that resume: a short ensemble with --checkpoint-every 2 killed (kill -9) once one
# member has finished and the next has saved a checkpoint, then resumed with --resume, writes
# exactly the files of the run that never stopped (ncdump of ensemble.nc but its history, and
# the CSV tables byte for byte), also resumed under mpirun -np 2 when built with MPI; a
# checkpoint folder of a modified run file or of another member count is refused (exit 2) with
# what differs named.
# Usage: checkpoint_resume.sh CASPIAN_EXECUTABLE SOURCE_DIR MPI(ON/OFF)
set -euo pipefail
caspian="$1"
src="$2"
mpi="${3:-OFF}"
source "$src/tests/system/ensemble_common.bash"
# The default ensemble shortened to 2025-2032 (catchment on), next to links to its inputs.
short_default_ensemble "$src" 2032
pid=""
trap '[[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
grep -q 'mode: catchment' run.yaml || fail "inputs/default.yaml does not run the catchment"
members=(--members 1 --scenarios ssp245 ssp585 --no-report --threads 1)

"$caspian" ensemble run.yaml "${members[@]}" --quiet --output-dir whole >/dev/null ||
  fail "uninterrupted ensemble"

# Killed once member 0 has finished and member 1 has saved a checkpoint (2027 at the earliest).
"$caspian" ensemble run.yaml "${members[@]}" --quiet --output-dir killed --checkpoint-every 2 \
  >killed.log 2>&1 &
pid=$!
for _ in $(seq 1 3000); do
  [[ -f killed/checkpoints/member_000001.nc ]] && break
  kill -0 "$pid" 2>/dev/null || { cat killed.log; fail "the run ended before it was killed"; }
  sleep 0.1
done
[[ -f killed/checkpoints/member_000001.nc ]] || fail "no checkpoint of member 1 within 300 s"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=""
[[ -f killed/checkpoints/member_000000.done.nc ]] || fail "member 0 left no finished checkpoint"
[[ -f killed/checkpoints/checkpoints.txt ]] || fail "no checkpoint index"
[[ ! -f killed/ensemble.nc && ! -f killed/caspian_manifest.json ]] ||
  fail "the killed run left outputs that look complete"
header=$(ncdump -h killed/checkpoints/member_000001.nc)
[[ "$header" == *'next_month = "20'* && "$header" == *'checkpoint_status = "in progress"'* ]] ||
  fail "member 1's checkpoint is not one in progress with a next_month: $header"
cp -r killed/checkpoints mpi_checkpoints

"$caspian" ensemble run.yaml "${members[@]}" --output-dir killed --resume killed/checkpoints \
  >resume.log 2>&1 || { cat resume.log; fail "resume"; }
grep -q 'resumed: 1 finished, 1 in progress' resume.log || { cat resume.log; fail "resume line"; }
same_outputs whole killed
echo "ok: kill -9 then --resume = the run that never stopped"

if [[ "$mpi" == ON ]]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
  mpirun -np 2 --oversubscribe "$caspian" ensemble run.yaml "${members[@]}" --quiet \
    --output-dir mpi_resumed --resume mpi_checkpoints >mpirun.log 2>&1 ||
    { cat mpirun.log; fail "resume under mpirun -np 2"; }
  same_outputs whole mpi_resumed
  echo "ok: resumed under mpirun -np 2 = the run that never stopped"
fi

# Another run file (one parameter changed) or another member count: refused, what differs named.
refused() {
  local what="$1" file="$2"
  shift 2
  set +e
  out=$("$caspian" ensemble "$file" "$@" --no-report --threads 1 --output-dir refused \
    --resume killed/checkpoints 2>&1)
  rc=$?
  set -e
  [[ $rc -eq 2 && "$out" == *"$what"* && "$out" == *checkpoints.txt* ]] ||
    fail "expected exit 2 naming $what: exit $rc: $out"
}
sed 's/catchment.sfcf: 0.947639/catchment.sfcf: 0.95/' run.yaml >modified.yaml
cmp -s run.yaml modified.yaml && fail "could not modify the run file"
refused run_file_text_hash modified.yaml --members 1 --scenarios ssp245 ssp585
refused members run.yaml --members 2 --scenarios ssp245 ssp585
echo "ok: checkpoints of another run file or member count refused"
