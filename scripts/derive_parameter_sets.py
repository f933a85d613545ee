#!/usr/bin/python3
"""Writes inputs/calibration/protva_parameter_sets.yaml, the ensemble's catchment parameter sets.

Each set is one independent DDS run of the Protva calibration (`caspian calibrate
inputs/calibration/protva.yaml`, its restarts.csv): its HBV parameters as fitted on 1980-1998,
and a Volga precipitation factor refitted for that set to the Volga's recorded long-term mean
(228.6 km3/yr, CEP_WL) on the 1979-2018 coupled hindcast, exactly as for the kept set
(scripts/fit_volga_precipitation_factor.py). The Protva's own precipitation factor is not used
(it is the Protva's). A set whose hindcast Volga stays below the record even at a factor of 1.3
is rejected (assumption: more than 30 % more precipitation than CMAP is not a plausible gauge
undercatch correction), and listed as rejected. The kept run's factor is the one of
inputs/hindcast_1979_2018.yaml (the same fit, 12 steps in [0.5, 1]). Sea levels play no part.
So the sets sample the parameter uncertainty the calibration leaves (equifinality among runs of
similar skill) that is consistent with the Volga's long-term mean.

Usage (after scripts/build.sh): scripts/derive_parameter_sets.py CALIBRATION_OUTPUT_DIR
"""
import concurrent.futures
import csv
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import fit_volga_precipitation_factor as volga  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "inputs" / "calibration" / "protva_parameter_sets.yaml"


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = list(csv.DictReader(open(pathlib.Path(sys.argv[1]) / "restarts.csv")))
    objective = [k for k in rows[0] if k.startswith("objective_")][0]
    lines = ["# Catchment parameter sets of the ensemble: written by scripts/derive_parameter_sets.py",
             "# (read its header for how); one per DDS run of the Protva calibration.",
             'source: "caspian calibrate inputs/calibration/protva.yaml (seed 20240517, 5 DDS runs '
             'of 3000 evaluations, objective kge+kge_log on 1980-1998): restarts.csv; '
             'catchment.precipitation_correction refitted per set to the Volga\'s 1936-1996 mean '
             '228.6 km3/yr (CEP_WL) on the 1979-2018 hindcast by scripts/fit_volga_precipitation_factor.py"',
             "sets:"]
    kept_factor = float(re.search(r"catchment\.precipitation_correction: ([0-9.]+)",
                                  volga.RUN_FILE.read_text()).group(1))

    def one(r):
        params = {k: r[k] for k in r if k.startswith("catchment.")
                  and k != "catchment.precipitation_correction"}
        if r["kept"] == "1":
            return r, params, kept_factor, ""
        with tempfile.TemporaryDirectory() as tmp:
            work = pathlib.Path(tmp)
            high = volga.volga_mean(1.3, work, params)
            if high < volga.VOLGA_MEAN_KM3:
                return r, params, None, f"Volga {high:.1f} km3/yr at factor 1.3"
            # Bisection in [0.8, 1.3] to 0.001.
            return r, params, volga.fit(work, params, iterations=9, lo=0.8, hi=1.3), ""

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(one, rows))
    for r, params, factor, why in results:
        label = f"DDS run {r['run']} (seed {r['seed']}), {objective} {float(r[objective]):.4f}"
        if factor is None:
            print(f"run {r['run']}: rejected, {why}", flush=True)
            lines.insert(4, f"# rejected: {label}: {why}, below the recorded 228.6")
            continue
        print(f"run {r['run']}: {objective} {r[objective]}, Volga factor {factor:.4f}", flush=True)
        lines.append(f"  - name: protva-dds-run-{r['run']}")
        lines.append(f'    source: "{label}{", the kept run" if r["kept"] == "1" else ""}"')
        lines.append("    parameters:")
        for k, v in params.items():
            lines.append(f"      {k}: {v}")
        lines.append(f"      catchment.precipitation_correction: {factor:.4f}")
    OUT.write_text("\n".join(lines) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
