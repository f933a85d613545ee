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


def volga_mean(factor: float, work: pathlib.Path) -> float:
    text = RUN_FILE.read_text()
    text, n = re.subn(r"catchment\.precipitation_correction: [0-9.]+",
                      f"catchment.precipitation_correction: {factor:.6f}", text)
    if n != 1:
        sys.exit("fit_volga_precipitation_factor: the run file has no precipitation_correction line")
    text = text.replace("write_fields: true", "write_fields: false")
    text = text.replace("file: ", f"file: {RUN_FILE.parent}/")
    text = text.replace("closed_basins: ", f"closed_basins: {RUN_FILE.parent}/")
    run_file = work / "fit.yaml"
    run_file.write_text(text)
    subprocess.run([str(CASPIAN), "run", "--quiet", str(run_file), "--output-dir", str(work / "out")],
                   check=True, capture_output=True)
    rows = list(csv.DictReader(open(work / "out" / "river_inflow_annual.csv")))
    return sum(float(r["volga_km3"]) for r in rows) / len(rows)


def main() -> None:
    lo, hi = 0.5, 1.6
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for _ in range(14):
            mid = 0.5 * (lo + hi)
            if volga_mean(mid, work) < VOLGA_MEAN_KM3:
                lo = mid
            else:
                hi = mid
        print(f"precipitation factor {mid:.4f}: Volga {volga_mean(mid, work):.1f} km3/yr")


if __name__ == "__main__":
    main()
