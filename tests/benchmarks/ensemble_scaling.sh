#!/usr/bin/env bash
# Scaling of the ensemble over processes and threads: the same small ensemble (the default
# ensemble cut to MEMBERS members per scenario of SCENARIOS, to YEAR) run on 1 rank x 1 thread,
# 2 ranks x 1 thread (mpirun) and 1 rank x 2 threads in one session; prints wall times and the
# speed-ups. Needs a build with MPI (CASPIAN_MPI=ON, the default when libopenmpi-dev is there).
# Usage: tests/benchmarks/ensemble_scaling.sh [MEMBERS=2] [YEAR=2060] [SCENARIOS="ssp245 ssp585"]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
members="${1:-2}"
year="${2:-2060}"
scenarios="${3:-ssp245 ssp585}"
"$root/scripts/build.sh" "$root/build" >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for d in "$root"/inputs/*/; do ln -s "$d" "$work/"; done
sed "s|end: 2100-12|end: ${year}-12|" "$root/inputs/default.yaml" >"$work/run.yaml"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
declare -A wall
run() {
  local name="$1"
  shift
  local start end
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$@" ensemble "$work/run.yaml" --members "$members" --scenarios $scenarios --no-report \
    --output-dir "$work/$name" 2>"$work/$name.log" >/dev/null
  end=$(date +%s.%N)
  wall[$name]=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  echo "$name: ${wall[$name]} s wall"
  grep -E "^timing|^throughput" "$work/$name.log" | sed 's/^/  /'
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
OMP_NUM_THREADS=1 run r1_t1 "$root/build/caspian"
OMP_NUM_THREADS=1 run r2_t1 mpirun -np 2 --oversubscribe "$root/build/caspian"
OMP_NUM_THREADS=2 run r1_t2 "$root/build/caspian"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v a="${wall[r1_t1]}" -v b="${wall[r2_t1]}" -v c="${wall[r1_t2]}" 'BEGIN {
  printf "speed-up 1 -> 2 ranks: %.2fx; 1 -> 2 threads: %.2fx (whole command, load included)\n", a / b, a / c }'
