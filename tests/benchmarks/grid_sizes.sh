#!/usr/bin/env bash
# How a member's cost grows with the catchment grid: the same projection member (inputs/default.yaml,
# one member of SCENARIO to YEAR, 1 thread) on the 10-arcminute DEM of inputs/dem and on a
# 20-arcminute DEM made from it here (cropped to an even number of rows and columns, then 2 x 2
# box means with CDO), run back to back in one session. Prints each grid's active catchment
# cells, the member's time and the catchment cell-days per second; the 20' grid serves only
# this timing (its drainage network is coarser, not a product input).
# Usage: tests/benchmarks/grid_sizes.sh [YEAR=2060] [SCENARIO=ssp245] [CASPIAN=build/caspian]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
year="${1:-2060}"
scenario="${2:-ssp245}"
caspian="${3:-$root/build/caspian}"
if [[ $# -lt 3 ]]; then "$root/scripts/build.sh" "$root/build" >/dev/null; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dem10="$root/inputs/dem/caspian_basin_etopo1_10arcmin.nc"
ncks -O -d latitude,0,167 -d longitude,0,209 "$dem10" "$work/crop.nc"
cdo -s gridboxmean,2,2 "$work/crop.nc" "$work/dem20.nc"
sed -e "s|end: 2100-12|end: ${year}-12|" \
    -e "s|file: |file: $root/inputs/|" -e "s|atlas: |atlas: $root/inputs/|" \
    -e "s|closed_basins: |closed_basins: $root/inputs/|" -e "s|parameter_sets: |parameter_sets: $root/inputs/|" \
    "$root/inputs/default.yaml" > "$work/run10.yaml"
sed "s|$dem10|$work/dem20.nc|" "$work/run10.yaml" > "$work/run20.yaml"
grep -q dem20.nc "$work/run20.yaml" || { echo "grid_sizes.sh: could not point the run file at the 20' DEM" >&2; exit 1; }
echo "load before: $(uptime | sed 's/.*load/load/')"
for grid in 10 20; do
  "$caspian" ensemble "$work/run$grid.yaml" --members 1 --scenarios "$scenario" --threads 1 \
    --no-report --output-dir "$work/out$grid" > /dev/null 2> "$work/log$grid"
  cells=$(sed -n 's/.*(1 rank x 1 thread, \([0-9]*\) cells).*/\1/p' "$work/log$grid")
  echo "${grid}-arcminute DEM: ${cells} catchment cells"
  grep -E "^timing|^throughput" "$work/log$grid" | sed 's/^/  /'
done
echo "load after: $(uptime | sed 's/.*load/load/')"
