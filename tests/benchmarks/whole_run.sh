#!/usr/bin/env bash
# Whole-run benchmark: times `caspian run` on the default inputs N times (default 5) and prints
# the wall time of each run and the simulated years per wall-clock second, all from one session.
# Usage: tests/benchmarks/whole_run.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-5}"
"$root/scripts/build.sh" "$root/build" >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
years=76
for i in $(seq 1 "$n"); do
  start=$(date +%s.%N)
  "$root/build/caspian" run --quiet "$root/inputs/projection_prescribed_inflow.yaml" --output-dir "$out" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v y="$years" -v i="$i" \
    'BEGIN { t = e - s; printf "run %d: %.3f s wall, %.0f simulated years per wall-clock second\n", i, t, y / t }'
done
