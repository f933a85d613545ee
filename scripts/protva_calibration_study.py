#!/usr/bin/python3
"""Robustness study of the Protva calibration (docs/calibration.md, "Choosing the procedure").

For each candidate procedure (objective, blocks, restarts, fixed parameters) and each base seed
it runs `caspian calibrate` three times from inputs/calibration/protva.yaml:

  full   fit 1980-1998, score 1999-2013 (the validation period, reported only);
  early  fit 1980-1989, score 1990-1998 (split-sample test inside the calibration period);
  late   fit 1990-1998, score 1980-1989.

The procedure is chosen by the split-sample skill (the mean of the early and late held-out KGE),
which uses 1980-1998 only; the validation KGE is reported, never used for the choice. Writes
one CSV row per run and prints a Markdown table of min / median / max over the seeds.

Usage (after scripts/build.sh): scripts/protva_calibration_study.py [--seeds 1-10] [--jobs 2]
  [--only NAME,...] [--csv FILE]
"""
import argparse
import concurrent.futures
import csv
import pathlib
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASPIAN = ROOT / "build" / "caspian"
RUN_FILE = ROOT / "inputs" / "calibration" / "protva.yaml"

# The HBV parameters fitted unless fixed (all with the registry bounds).
ALL_PARAMETERS = [
    "catchment.precipitation_correction", "catchment.tt_degC", "catchment.melt_threshold_degC",
    "catchment.cfmax_mm_per_degC_day", "catchment.snow_temperature_spread_degC",
    "catchment.sfcf", "catchment.cwh", "catchment.cfr",
    "catchment.fc_mm", "catchment.lp", "catchment.beta", "catchment.perc_mm_per_day",
    "catchment.uzl_mm", "catchment.k0_per_day", "catchment.k1_per_day", "catchment.k2_per_day",
    "catchment.maxbas_days",
]

# Parameters fixed at their registry (literature) defaults in the "fixed" candidates: the
# snow-pack details (liquid water holding, refreezing), which hardly act on daily discharge.
FIXED = {"catchment.cwh": None, "catchment.cfr": None}


ONE_PACK = {"catchment.snow_temperature_spread_degC": 0.0}  # no snow zones


def with_spread(degC: float) -> dict:
    """FIXED plus the snow zones' temperature spread held at degC."""
    return {**FIXED, "catchment.snow_temperature_spread_degC": degC}


# name: (objective, blocks, restarts, iterations per run, fixed parameters: name -> value, or
# None for the registry default). Without the spread among the fixed ones it is fitted.
CANDIDATES = {
    "kge": ("kge", 1, 1, 3000, ONE_PACK),  # the first file's procedure
    "kge r5": ("kge", 1, 5, 3000, ONE_PACK),
    "kge r10x1500": ("kge", 1, 10, 1500, ONE_PACK),
    "kge 2 blocks": ("kge", 2, 1, 3000, ONE_PACK),
    "kge 2 blocks r5": ("kge", 2, 5, 3000, ONE_PACK),
    "kge+kge_log r5": ("[kge, kge_log]", 1, 5, 3000, ONE_PACK),
    "kge+kge_monthly r5": ("[kge, kge_monthly]", 1, 5, 3000, ONE_PACK),
    "kge fixed r5": ("kge", 1, 5, 3000, with_spread(0.0)),
    "kge+kge_log fixed r5": ("[kge, kge_log]", 1, 5, 3000, with_spread(0.0)),
    # Snow zones (catchment.snow_temperature_spread_degC): fitted, or held at 1-4 K.
    "kge+kge_log fixed r5 spread-fitted": ("[kge, kge_log]", 1, 5, 3000, FIXED),
    "kge fixed r5 spread-fitted": ("kge", 1, 5, 3000, FIXED),
    "kge+kge_log fixed r5 spread-1": ("[kge, kge_log]", 1, 5, 3000, with_spread(1.0)),
    "kge+kge_log fixed r5 spread-2": ("[kge, kge_log]", 1, 5, 3000, with_spread(2.0)),
    "kge+kge_log fixed r5 spread-3": ("[kge, kge_log]", 1, 5, 3000, with_spread(3.0)),
    "kge+kge_log fixed r5 spread-4": ("[kge, kge_log]", 1, 5, 3000, with_spread(4.0)),
    "kge fixed r5 spread-2": ("kge", 1, 5, 3000, with_spread(2.0)),
    "kge fixed r5 spread-3": ("kge", 1, 5, 3000, with_spread(3.0)),
}

SPLITS = {
    "full": ("1980-01-01", "1998-12-31", "1999-01-01", "2013-12-31"),
    "early": ("1980-01-01", "1989-12-31", "1990-01-01", "1998-12-31"),
    "late": ("1990-01-01", "1998-12-31", "1980-01-01", "1989-12-31"),
}


def replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        sys.exit(f"protva.yaml: expected one '{old}'")
    return text.replace(old, new)


def run_file_text(candidate: str, seed: int, split: str) -> str:
    objective, blocks, restarts, iterations, fixed = CANDIDATES[candidate]
    cal0, cal1, val0, val1 = SPLITS[split]
    text = RUN_FILE.read_text()
    text = replace_once(text, "file: ../hydrology/", f"file: {ROOT}/inputs/hydrology/")
    text = replace_once(text, "calibration: {start: 1980-01-01, end: 1998-12-31}",
                        f"calibration: {{start: {cal0}, end: {cal1}}}")
    text = replace_once(text, "validation: {start: 1999-01-01, end: 2013-12-31}",
                        f"validation: {{start: {val0}, end: {val1}}}")
    lines = []
    for line in text.splitlines():
        key = line.strip().split(":")[0]
        if line.startswith("  ") and not line.startswith("   ") and key in (
                "objective", "blocks", "restarts", "iterations", "seed"):
            continue  # the fit settings are written below
        if line.startswith("    catchment."):
            continue  # the fitted parameters are written below
        lines.append(line)
        if line.startswith("fit:"):
            lines += [f"  objective: {objective}", f"  blocks: {blocks}",
                      f"  restarts: {restarts}", f"  iterations: {iterations}",
                      f"  seed: {seed}"]
        if line.startswith("  parameters:"):
            lines += [f"    {name}:" for name in ALL_PARAMETERS if name not in fixed]
        if line.startswith("parameters:"):
            values = {n: v for n, v in fixed.items() if v is not None}
            lines[-1] = "parameters:" + ("" if values else " {}")
            lines += [f"  {name}: {value}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def scores(path: pathlib.Path) -> dict:
    with open(path) as f:
        return {row["period"]: row for row in csv.DictReader(f)}


def run(candidate: str, seed: int, split: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        (work / "run.yaml").write_text(run_file_text(candidate, seed, split))
        result = subprocess.run([str(CASPIAN), "calibrate", str(work / "run.yaml"), "--quiet",
                                 "--threads", "1", "--output-dir", str(work / "out")],
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{candidate} seed {seed} {split}: {result.stdout}{result.stderr}")
        s = scores(work / "out" / "scores.csv")
    return {"candidate": candidate, "seed": seed, "split": split,
            "calibration_kge": float(s["calibration"]["kge"]),
            "calibration_nse": float(s["calibration"]["nse"]),
            "heldout_kge": float(s["validation"]["kge"]),
            "heldout_nse": float(s["validation"]["nse"])}


def spread(values: list) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="1-10")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="")
    parser.add_argument("--csv", default="")
    args = parser.parse_args()
    first, last = (int(v) for v in args.seeds.split("-"))
    names = [n for n in CANDIDATES if not args.only or n in args.only.split(",")]
    tasks = [(n, seed, split) for n in names for seed in range(first, last + 1)
             for split in SPLITS]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda t: run(*t), tasks))
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    print("| procedure | evaluations | calibration KGE 1980-98 | split-sample KGE "
          "(mean of 1990-98 from 1980-89 and 1980-89 from 1990-98) | validation KGE 1999-2013 "
          "| validation NSE |")
    print("|---|---|---|---|---|---|")
    for n in names:
        _, _, restarts, iterations, _ = CANDIDATES[n]
        by = {(r["seed"], r["split"]): r for r in rows if r["candidate"] == n}
        seeds = sorted({s for s, _ in by})
        cal = [by[(s, "full")]["calibration_kge"] for s in seeds]
        split = [(by[(s, "early")]["heldout_kge"] + by[(s, "late")]["heldout_kge"]) / 2
                 for s in seeds]
        val = [by[(s, "full")]["heldout_kge"] for s in seeds]
        val_nse = [by[(s, "full")]["heldout_nse"] for s in seeds]
        print(f"| {n} | {restarts * iterations} | {spread(cal)} | {spread(split)} | "
              f"{spread(val)} | {spread(val_nse)} |")


if __name__ == "__main__":
    main()
