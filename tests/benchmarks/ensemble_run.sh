#!/usr/bin/env bash
# Whole-ensemble benchmark: the default ensemble (inputs/default.yaml) cut to MEMBERS members per
# scenario of SCENARIOS to YEAR, run once on 1 thread and once on 2 in the same session; prints
# members per hour, simulated years per second, catchment cell-days per second (and per core),
# and the 2-thread speed-up. The members' results are the same on both (system tests); only
# the time differs.
# Usage: tests/benchmarks/ensemble_run.sh [MEMBERS=2] [YEAR=2100] [SCENARIOS="ssp245 ssp585"]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
members="${1:-2}"
year="${2:-2100}"
scenarios="${3:-ssp245 ssp585}"
"$root/scripts/build.sh" "$root/build" >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -e "s|end: 2100-12|end: ${year}-12|" \
    -e "s|file: |file: $root/inputs/|" -e "s|atlas: |atlas: $root/inputs/|" \
    -e "s|closed_basins: |closed_basins: $root/inputs/|" -e "s|parameter_sets: |parameter_sets: $root/inputs/|" \
    "$root/inputs/default.yaml" > "$work/run.yaml"
declare -A wall
for threads in 1 2; do
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  "$root/build/caspian" ensemble "$work/run.yaml" --members "$members" --scenarios $scenarios \
    --threads "$threads" --no-report --output-dir "$work/out$threads" 2> "$work/log$threads" >/dev/null
  end=$(date +%s.%N)
  wall[$threads]=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  echo "threads $threads: ${wall[$threads]} s wall"
  grep -E "^timing|^throughput" "$work/log$threads" | sed 's/^/  /'
done
awk -v a="${wall[1]}" -v b="${wall[2]}" 'BEGIN { printf "speed-up 1 -> 2 threads: %.2fx (whole command)\n", a / b }'
