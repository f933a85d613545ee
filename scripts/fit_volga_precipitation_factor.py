#!/usr/bin/python3
"""Fits catchment.precipitation_correction in inputs/hindcast_1979_2018.yaml.

Runs the coupled hindcast and bisects the precipitation factor until the modelled mean Volga
inflow over the run equals the recorded long-term mean, 228.6 km3/yr (CEP_WL, 1936-1996). This is
the one calibration of the regional catchment to the Volga: a factor on precipitation fitted to
the long-term mean only (issue 3). Sea levels play no part. Usage (after scripts/build.sh):
scripts/fit_volga_precipitation_factor.py
"""
import csv
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASPIAN = ROOT / "build" / "caspian"
RUN_FILE = ROOT / "inputs" / "hindcast_1979_2018.yaml"
VOLGA_MEAN_KM3 = 228.6  # CEP_WL, recorded mean 1936-1996


def volga_mean(factor: float, work: pathlib.Path, overrides: dict = None) -> float:
    """Mean Volga inflow (km3/yr) of the hindcast with this precipitation factor and, optionally,
    other catchment parameters replaced (name -> value, each already in the run file)."""
    text = RUN_FILE.read_text()
    for name, value in (overrides or {}).items():
        text, n = re.subn(rf"{re.escape(name)}: [-0-9.e]+", f"{name}: {value}", text)
        if n != 1:
            sys.exit(f"fit_volga_precipitation_factor: the run file has no {name} line")
    text, n = re.subn(r"catchment\.precipitation_correction: [0-9.]+",
                      f"catchment.precipitation_correction: {factor:.6f}", text)
    if n != 1:
        sys.exit("fit_volga_precipitation_factor: the run file has no precipitation_correction line")
    text = text.replace("write_fields: true", "write_fields: false")
    text = text.replace("file: ", f"file: {RUN_FILE.parent}/")
    text = text.replace("closed_basins: ", f"closed_basins: {RUN_FILE.parent}/")
    run_file = work / "fit.yaml"
    run_file.write_text(text)
    result = subprocess.run([str(CASPIAN), "run", "--quiet", str(run_file), "--output-dir",
                             str(work / "out")], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"fit_volga_precipitation_factor: factor {factor:.6f}: caspian run failed "
                 f"(exit {result.returncode}):\n{result.stderr}")
    rows = list(csv.DictReader(open(work / "out" / "river_inflow_annual.csv")))
    return sum(float(r["volga_km3"]) for r in rows) / len(rows)


def fit(work: pathlib.Path, overrides: dict = None, iterations: int = 12, lo: float = 0.5,
        hi: float = 1.0) -> float:
    """The factor whose hindcast Volga mean is the recorded one, by bisection in [lo, hi]."""
    # The bracket stops at 1.0: with much more precipitation the modelled sea rises above about
    # -26 m BS within the run, the coast leaves the boxes that name the river mouths
    # (docs/catchment.md) and the Volga's water is counted as other_caspian, so the measure
    # stops rising with the factor. The bracket is checked before bisecting.
    low, high = volga_mean(lo, work, overrides), volga_mean(hi, work, overrides)
    if not low < VOLGA_MEAN_KM3 < high:
        sys.exit(f"fit_volga_precipitation_factor: factors {lo}-{hi} give {low:.1f}-{high:.1f} "
                 f"km3/yr, which does not bracket {VOLGA_MEAN_KM3}")
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        if volga_mean(mid, work, overrides) < VOLGA_MEAN_KM3:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        factor = fit(work)
        print(f"precipitation factor {factor:.4f}: Volga {volga_mean(factor, work):.1f} km3/yr")


if __name__ == "__main__":
    main()
