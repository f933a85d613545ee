#!/usr/bin/env bash
# Checkpoints that resume: a short ensemble with --checkpoint-every 2 killed (kill -9) once one
# member has finished and the next has saved a checkpoint, then resumed with --resume, writes
# exactly the files of the run that never stopped (ncdump of ensemble.nc but its history, and
# the CSV tables byte for byte), also resumed under mpirun -np 2 when built with MPI; a
# checkpoint folder of a modified run file, of another member count, of another caspian version
# or made on another grid (the DEM cropped, the run file's text the same) is refused (exit 2)
# naming what differs and checkpoints.txt, before the run starts and without outputs; member
# files whose version, grid or config hash disagree with the index are refused naming the file.
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
for _ in $(seq 1 6000); do
  [[ -f killed/checkpoints/member_000001.nc ]] && break
  kill -0 "$pid" 2>/dev/null || { cat killed.log; fail "the run ended before it was killed"; }
  sleep 0.1
done
[[ -f killed/checkpoints/member_000001.nc ]] || fail "no checkpoint of member 1 within 600 s"
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

# Checkpoints that do not belong to this run: exit 2 naming the key that differs and the file
# that holds it (`named`). Refused from the index (checkpoints.txt) before the run starts: no
# ensemble heading, no output folder; refused from a member file, no outputs that look complete.
# Usage: refused WHAT NAMED RESUME_DIR RUN_FILE ARGS... (in the current folder).
refused() {
  local what="$1" named="$2" dir="$3" file="$4"
  shift 4
  rm -rf refused
  local t0=$SECONDS
  set +e
  out=$("$caspian" ensemble "$file" "$@" --no-report --threads 1 --output-dir refused \
    --resume "$dir" 2>&1)
  rc=$?
  set -e
  [[ $rc -eq 2 && "$out" == *"$what"* && "$out" == *"$named"* ]] ||
    fail "expected exit 2 naming $what and $named: exit $rc: $out"
  [[ ! -e refused/ensemble.nc && ! -e refused/caspian_manifest.json ]] ||
    fail "refused ($what) but wrote outputs"
  if [[ "$named" == checkpoints.txt ]]; then
    [[ "$out" != *"caspian ensemble '"* && ! -e refused ]] ||
      fail "refused ($what) only after the run had started: $out"
  fi
  echo "  refused ($what, $named) in $((SECONDS - t0)) s"
}
two=(--members 1 --scenarios ssp245 ssp585)

# Another run file (one parameter changed) or another member count.
sed 's/catchment.sfcf: 0.947639/catchment.sfcf: 0.95/' run.yaml >modified.yaml
cmp -s run.yaml modified.yaml && fail "could not modify the run file"
refused run_file_text_hash checkpoints.txt killed/checkpoints modified.yaml "${two[@]}"
refused members checkpoints.txt killed/checkpoints run.yaml --members 2 --scenarios ssp245 ssp585
echo "ok: checkpoints of another run file or member count refused"

# A folder written by another release: its index names another caspian_version.
cp -r killed/checkpoints other_version
sed -i 's/^caspian_version: .*/caspian_version: 0.0.0-other/' other_version/checkpoints.txt
grep -q '^caspian_version: 0.0.0-other$' other_version/checkpoints.txt ||
  fail "could not edit the version line of checkpoints.txt"
refused caspian_version checkpoints.txt other_version run.yaml "${two[@]}"

# Another grid, the run file's text unchanged: the same inputs but dem/ holding the DEM cropped
# (fewer rows and columns) under the same file name.
dem=dem/caspian_basin_etopo1_10arcmin.nc
grep -q "file: $dem" run.yaml || fail "run.yaml does not read $dem"
mkdir -p other_grid/dem
for d in "$src"/inputs/*/; do [[ "$(basename "$d")" == dem ]] || ln -s "$d" other_grid/; done
ncks -O -d latitude,0,167 -d longitude,0,209 "$src/inputs/$dem" "other_grid/$dem"
cmp -s "$src/inputs/$dem" "other_grid/$dem" && fail "could not crop the DEM"
cp run.yaml other_grid/run.yaml
(cd other_grid && refused grid_hash checkpoints.txt ../killed/checkpoints run.yaml "${two[@]}")

# Member files that disagree with a sound index (copied in from another folder or release).
for key in caspian_version grid_hash config_hash; do
  cp -r killed/checkpoints "member_$key"
  ncatted -h -a "$key,global,o,c,1" "member_$key/member_000000.done.nc"
  refused "$key" member_000000.done.nc "member_$key" run.yaml "${two[@]}"
done
echo "ok: checkpoints of another version or grid refused, from the index and from member files"
