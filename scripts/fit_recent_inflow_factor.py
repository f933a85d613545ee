#!/usr/bin/python3
"""Fits the inflow factor of inputs/scenarios/ssp245_recent_balance.yaml.

Runs the sea model from 1 January 2006 (-26.975 m BS, the mean of the 2005 and 2006 whole-sea
annual means, inputs/sea_level/caspian_level_annual_1921-2025.csv) through 2024 under the
scenario's warming and bisects the inflow factor until the modelled 2024 annual mean equals the
observed whole-sea -29.05 m BS. Prints the factor. Usage: scripts/fit_recent_inflow_factor.py
(after scripts/build.sh).
"""
import csv
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASPIAN = ROOT / "build" / "caspian"
START_LEVEL, TARGET_LEVEL = -26.975, -29.05  # 1 January 2006 and the 2024 mean, whole sea


def run(factor: float, work: pathlib.Path) -> float:
    text = (ROOT / "inputs" / "projection_prescribed_inflow.yaml").read_text()
    edits = [
        ("start: 2025-01", "start: 2006-01"),
        ("end: 2100-12", "end: 2024-12"),
        ("initial_level_m_bs: -29.145 ", f"initial_level_m_bs: {START_LEVEL} "),
        ("temperature_delta_K: {2024: 0.8, 2050: 1.9, 2100: 2.6}",
         "temperature_delta_K: {2006: 0.45, 2024: 0.8}"),
        ("  factor: 1.0 ", f"  factor: {factor:.6f} "),
        ("file: bathymetry/", f"file: {ROOT}/inputs/bathymetry/"),
        ("file: climate/", f"file: {ROOT}/inputs/climate/"),
        ("file: sea_surface/ersst", f"file: {ROOT}/inputs/sea_surface/ersst"),
        ("file: sea_surface/coads", f"file: {ROOT}/inputs/sea_surface/coads"),
    ]
    for old, new in edits:
        if old not in text:
            sys.exit(f"fit_recent_inflow_factor: inputs/projection_prescribed_inflow.yaml no longer contains '{old}'")
        text = text.replace(old, new)
    text = text[: text.index("\nports:")] + "\n"  # the port check plays no part in the fit
    run_file = work / "fit.yaml"
    run_file.write_text(text)
    subprocess.run([str(CASPIAN), "run", "--quiet", str(run_file), "--output-dir", str(work / "out")],
                   check=True, capture_output=True)
    rows = list(csv.DictReader(open(work / "out" / "annual_summary.csv")))
    return float(rows[-1]["mean_level_m_bs"])


def main() -> None:
    lo, hi = 0.5, 1.2
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for _ in range(30):
            mid = 0.5 * (lo + hi)
            if run(mid, work) < TARGET_LEVEL:
                lo = mid
            else:
                hi = mid
        print(f"inflow factor {mid:.4f}: 2024 mean level {run(mid, work):.3f} m BS")


if __name__ == "__main__":
    main()
