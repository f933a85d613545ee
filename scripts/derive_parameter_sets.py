#!/usr/bin/python3
"""Writes inputs/calibration/protva_parameter_sets.yaml, the ensemble's catchment parameter sets.

Each set is one independent DDS run of the Protva calibration (`caspian calibrate
inputs/calibration/protva.yaml`, its restarts.csv): its HBV parameters as fitted on 1980-1998,
and a Volga precipitation factor refitted for that set to the Volga's recorded long-term mean
(228.6 km3/yr, CEP_WL) on the 1979-2018 coupled hindcast, exactly as for the kept set
(scripts/fit_volga_precipitation_factor.py). The Protva's own precipitation factor is not used
(it is the Protva's). Sea levels play no part. So the sets sample the parameter uncertainty the
calibration leaves (equifinality among runs of similar skill).

Usage (after scripts/build.sh): scripts/derive_parameter_sets.py CALIBRATION_OUTPUT_DIR
"""
import csv
import pathlib
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
    with tempfile.TemporaryDirectory() as tmp:
        for r in rows:
            params = {k: r[k] for k in r if k.startswith("catchment.")
                      and k != "catchment.precipitation_correction"}
            factor = volga.fit(pathlib.Path(tmp), params, iterations=10)
            print(f"run {r['run']}: {objective} {r[objective]}, Volga factor {factor:.4f}", flush=True)
            lines.append(f"  - name: protva-dds-run-{r['run']}")
            lines.append(f'    source: "DDS run {r["run"]} (seed {r["seed"]}), {objective} '
                         f'{float(r[objective]):.4f}{", the kept run" if r["kept"] == "1" else ""}"')
            lines.append("    parameters:")
            for k, v in params.items():
                lines.append(f"      {k}: {v}")
            lines.append(f"      catchment.precipitation_correction: {factor:.4f}")
    OUT.write_text("\n".join(lines) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
