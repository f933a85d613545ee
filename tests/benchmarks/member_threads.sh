#!/usr/bin/env bash
# One member on 1 and on 2 threads, in one session: the 1979-2018 coupled hindcast
# (`caspian run inputs/hindcast_1979_2018.yaml`) and one projection member (`caspian ensemble
# inputs/default.yaml --members 1 --scenarios SCENARIO`, to YEAR). Prints the wall and CPU time of
# each, the catchment cell-days per second per thread (CPU time: on a shared machine the wall
# time also counts the other jobs) and the 2/1 speed-up. The load average is printed because the
# wall times mean little on a busy machine. Results are the same on both thread counts (system
# tests); only the time differs.
# Usage: tests/benchmarks/member_threads.sh [YEAR=2100] [SCENARIO=ssp245] [CASPIAN=build/caspian]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
year="${1:-2100}"
scenario="${2:-ssp245}"
caspian="${3:-$root/build/caspian}"
if [[ $# -lt 3 ]]; then "$root/scripts/build.sh" "$root/build" >/dev/null; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -e "s|end: 2100-12|end: ${year}-12|" \
    -e "s|file: |file: $root/inputs/|" -e "s|atlas: |atlas: $root/inputs/|" \
    -e "s|closed_basins: |closed_basins: $root/inputs/|" -e "s|parameter_sets: |parameter_sets: $root/inputs/|" \
    "$root/inputs/default.yaml" > "$work/projection.yaml"

# run NAME THREADS COMMAND...: times the command; sets wall_NAME_THREADS, cpu_NAME_THREADS.
declare -A wall cpu
run() {
  local name="$1" threads="$2"
  shift 2
  echo "$name, $threads thread(s): $(uptime | sed 's/.*load/load/')"
  OMP_NUM_THREADS="$threads" /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" \
    > "$work/$name$threads.out" 2> "$work/$name$threads.log"
  read -r w u s < "$work/time"
  wall[$name$threads]="$w"
  cpu[$name$threads]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
  grep -E "^ *(catchment|write|total) |^throughput" "$work/$name$threads.log" | sed 's/^ */    /'
  echo "    wall ${wall[$name$threads]} s, CPU ${cpu[$name$threads]} s"
}

for threads in 1 2; do
  run hindcast "$threads" "$caspian" run "$root/inputs/hindcast_1979_2018.yaml" \
    --output-dir "$work/hindcast$threads"
  run projection "$threads" "$caspian" ensemble "$work/projection.yaml" --members 1 \
    --scenarios "$scenario" --threads "$threads" --no-report --output-dir "$work/projection$threads"
done
# Cell-days per CPU second of one thread: the throughput line's cell-days over the process's CPU
# time (loading and writing included, so a lower bound).
for threads in 1 2; do
  line=$(grep "^throughput" "$work/projection$threads.log" || true)
  loop=$(sed -n 's/.*members \([0-9.]*\) s (.*/\1/p' "$work/projection$threads.log")
  if [[ -n "$line" && -n "$loop" ]]; then
    rate=$(echo "$line" | sed -n 's/^throughput: \([0-9.e+]*\) catchment.*/\1/p')
    awk -v r="$rate" -v l="$loop" -v c="${cpu[projection$threads]}" -v t="$threads" \
      'BEGIN { printf "projection, %d thread(s): %.3g catchment cell-days per CPU second\n", t, r * l / c }'
  fi
done
for name in hindcast projection; do
  awk -v n="$name" -v a="${wall[${name}1]}" -v b="${wall[${name}2]}" \
    'BEGIN { printf "%s: speed-up 1 -> 2 threads %.2fx (wall, whole command)\n", n, a / b }'
done
# The same numbers on both thread counts (the system tests check this fully).
for f in hindcast1/annual_summary.csv hindcast1/river_inflow_annual.csv projection1/ensemble_quantiles.csv; do
  if cmp -s "$work/$f" "$work/${f/1\//2/}"; then echo "same on 1 and 2 threads: $f"; else echo "DIFFERENT on 1 and 2 threads: $f"; exit 1; fi
done
