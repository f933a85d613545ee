#!/usr/bin/env bash
# caspian seabed on the real inputs: the whole-sea area per level equals the hypsometry's, the
# states and the sub-basins add up to the whole sea, exposed seabed grows as the level falls, the
# ports' shoreline distances are in the places they should be, a level series and an ensemble
# quantile file are read, and bad input exits 2 naming the file.
# Usage: seabed.sh CASPIAN_EXECUTABLE SOURCE_DIR
set -euo pipefail
caspian=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
fail() { echo "seabed.sh: FAIL: $*" >&2; exit 1; }

"$caspian" seabed inputs/default.yaml --output-dir "$tmp/grid" >"$tmp/grid.out"
for f in seabed.nc seabed_annual.csv shoreline_retreat.csv; do
  [[ -s $tmp/grid/$f ]] || fail "no $f"
done
grep -q "^-35.0 " "$tmp/grid.out" || fail "no -35 m row in the printed table"
"$caspian" hypsometry inputs/bathymetry/caspian_etopo1_10arcmin.nc --min -45 --max -26 \
  --step 0.5 >"$tmp/hyps.csv"

printf 'year,level_m_bs\n2030,-30.25\n2031,-31.5\n2032,-33.0\n' >"$tmp/levels.csv"
"$caspian" seabed inputs/default.yaml --levels "$tmp/levels.csv" --reference-level -30 \
  --output-dir "$tmp/series" --quiet >/dev/null
# Two scenarios' sea-level quantiles as caspian ensemble writes them, with another variable.
cat >"$tmp/quantiles.csv" <<'CSV'
scenario,year,variable,site,vessel_class,policy,p05,p50,p95,members
ssp126,2050,sea_level_m_bs,,,,-31.0,-30.5,-30.0,7
ssp126,2050,load_factor,aktau_oil,tanker19619,no_dredging,0.5,0.6,0.7,7
ssp585,2050,sea_level_m_bs,,,,-34.0,-33.0,-32.0,7
ssp585,2100,sea_level_m_bs,,,,-40.0,-38.0,-36.0,7
CSV
"$caspian" seabed inputs/default.yaml --levels "$tmp/quantiles.csv" --output-dir "$tmp/ens" \
  --quiet >/dev/null

/usr/bin/python3 - "$tmp" <<'PY'
import csv, math, sys
import netCDF4
tmp = sys.argv[1]
def fail(msg):
    sys.exit(f"seabed.sh: FAIL: {msg}")
hyps = {round(float(r["level_m_bs"]), 3): float(r["area_km2"])
        for r in csv.DictReader(open(f"{tmp}/hyps.csv"))}
rows = list(csv.DictReader(open(f"{tmp}/grid/seabed_annual.csv")))
grid = [r for r in rows if r["series"] == "levels"]
if len(grid) != 39: fail(f"{len(grid)} grid levels, expected 39 (-26..-45 by 0.5)")
states = ["kazakhstan", "russia", "azerbaijan", "turkmenistan", "iran"]
basins = ["north", "middle", "south"]
previous = -math.inf
for r in grid:
    level = round(float(r["level_m_bs"]), 3)
    area = float(r["sea_area_km2"])
    if abs(area - hyps[level]) > 0.15: fail(f"sea area {area} at {level} != hypsometry {hyps[level]}")
    total = float(r["exposed_km2"])
    s = sum(float(r[f"exposed_{k}_km2"]) for k in states)
    b = sum(float(r[f"exposed_{k}_km2"]) for k in basins)
    a = sum(float(r[f"sea_area_{k}_km2"]) for k in states)
    if abs(s - total) > 0.5 or abs(b - total) > 0.5 or abs(a - area) > 0.5:
        fail(f"states {s} / sub-basins {b} / state areas {a} do not add up at {level}")
    if total < previous - 1e-6: fail(f"exposed seabed shrinks as the level falls at {level}")
    previous = total
at = {round(float(r["level_m_bs"]), 1): r for r in grid}
# Published and physical shape: by -35 m the North Caspian shelf (Kazakh and Russian sectors)
# has lost the most; Iran's steep coast the least.
r35 = at[-35.0]
ex = {k: float(r35[f"exposed_{k}_km2"]) for k in states}
if not (ex["kazakhstan"] > ex["russia"] > ex["azerbaijan"] and ex["iran"] < ex["azerbaijan"]):
    fail(f"implausible order of exposed seabed by state at -35 m: {ex}")
if not 50000 < float(r35["exposed_km2"]) < 120000:
    fail(f"exposed seabed at -35 m {r35['exposed_km2']} km2 outside 50-120 thousand")

shore = list(csv.DictReader(open(f"{tmp}/grid/shoreline_retreat.csv")))
def dist(port, level, col):
    vals = [float(r[col]) for r in shore if r["port_id"] == port and r["series"] == "levels"
            and abs(float(r["level_m_bs"]) - level) < 1e-6]
    if not vals: fail(f"no shoreline rows for {port} at {level}")
    return max(vals)
for r in shore:
    s, d = float(r["shore_distance_km"]), float(r["deep_water_distance_km"] or "nan")
    if s < 0 or (not math.isnan(d) and d < s - 1e-9): fail(f"distances out of order: {r}")
if dist("aktau_oil", -30.0, "shore_distance_km") > 20: fail("Aktau more than 20 km from the sea")
# Astrakhan lies ~100 km up the Volga delta and the shelf dries as the level falls.
if not 50 < dist("astrakhan_olya", -30.0, "shore_distance_km") < dist("astrakhan_olya", -35.0, "shore_distance_km"):
    fail("Astrakhan's shoreline distance does not grow from -30 to -35 m")
# Astrakhan's distances follow the Volga-Caspian Ship Channel (ports.yaml approach_route): its
# length is the city's 20 km to km 0 plus the channel's 188 km, and the shore lies along it.
if abs(dist("astrakhan_olya", -30.0, "channel_length_km") - 208.0) > 0.01:
    fail("Astrakhan's channel is not the 208 km of its approach route")
if not 100 < dist("astrakhan_olya", -30.0, "shore_distance_km") < 208:
    fail("Astrakhan's shore at -30 m is not on the channel's sea part (100-208 km along it)")
with netCDF4.Dataset(f"{tmp}/grid/seabed.nc") as ds:
    if ds.Conventions != "CF-1.10": fail("seabed.nc is not CF-1.10")
    if list(ds["state_sector"].flag_values) != [0, 1, 2, 3, 4]: fail("state_sector flag_values")
    if ds["state_sector"].flag_meanings != " ".join(states): fail("state_sector flag_meanings")
    nc_area = ds["sea_area"][:] / 1e6
    if abs(nc_area[0] - float(grid[0]["sea_area_km2"])) > 0.1: fail("seabed.nc and csv differ")

series = [r for r in csv.DictReader(open(f"{tmp}/series/seabed_annual.csv")) if r["series"] != "levels"]
if [r["year"] for r in series] != ["2030", "2031", "2032"]: fail("series years not read")
ref = [r for r in csv.DictReader(open(f"{tmp}/series/seabed_annual.csv"))
       if r["series"] == "levels" and float(r["level_m_bs"]) == -30.0][0]
if abs(float(ref["exposed_km2"])) > 1e-6: fail("exposed seabed at the reference level is not 0")
ens = [r for r in csv.DictReader(open(f"{tmp}/ens/seabed_annual.csv")) if r["series"] != "levels"]
names = sorted({r["series"] for r in ens})
if names != ["ssp126_p05", "ssp126_p50", "ssp126_p95", "ssp585_p05", "ssp585_p50", "ssp585_p95"]:
    fail(f"ensemble series {names}")
p50 = [r for r in ens if r["series"] == "ssp585_p50" and r["year"] == "2100"][0]
if float(p50["level_m_bs"]) != -38.0: fail("ssp585 p50 2100 level not -38")
with netCDF4.Dataset(f"{tmp}/ens/seabed.nc") as ds:
    if ds["time"].shape[0] != 2 or ds.dimensions["series"].size != 6: fail("series axes in seabed.nc")
PY

# Bad input: exit 2 naming the file.
set +e
"$caspian" seabed inputs/default.yaml --sectors inputs/bathymetry/caspian_etopo1_10arcmin.nc \
  --output-dir "$tmp/bad" 2>"$tmp/err1"
rc1=$?
printf 'year,level_m_bs\n2030,low\n' >"$tmp/bad.csv"
"$caspian" seabed inputs/default.yaml --levels "$tmp/bad.csv" --output-dir "$tmp/bad" 2>"$tmp/err2"
rc2=$?
set -e
[[ $rc1 == 2 ]] && grep -q "caspian_etopo1_10arcmin.nc" "$tmp/err1" || fail "bad sectors: rc $rc1, $(cat "$tmp/err1")"
[[ $rc2 == 2 ]] && grep -q "bad.csv" "$tmp/err2" || fail "bad levels: rc $rc2, $(cat "$tmp/err2")"
echo "seabed.sh: ok"
