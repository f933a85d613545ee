#!/usr/bin/python3
"""Fits the ONE calibrated factor of the bulk-aerodynamic evaporation, sea.evaporation_scale, to
the observed annual whole-sea levels of 1936-1977 ONLY (the calibration years); 1978-2023 stay
for validation and play no part here.

The run is inputs/hindcast_recorded_inflow_1936_2023.yaml cut at December 1977 (recorded
inflow, the Kara-Bogaz-Gol history, the climatology before the 1976 temperature anomalies),
compared with inputs/sea_level/caspian_level_annual_1921-2025.csv (level_whole_sea_m_bs).

Objective (--objective):
  balance (default): close the sea's water balance over the calibration years: the modelled
      annual mean level of 1977 equals the observed (-29.00 m BS), i.e. the net volume change
      1936-1977 is reproduced; found by bisection (the level falls monotonically with the scale).
  rmse: the RMSE of the annual means 1936-1977, minimised by golden-section search.
The scale factor sets the long-term mean evaporation, which the net balance of the period fixes;
the RMSE criterion also weighs the shape of the 1936-1977 curve, which the model cannot follow
without climate forcing before 1976 (docs/science.md gives both results).
Prints every evaluation and the fitted value; the value goes into the parameter registry
(src/core/parameters.cpp, sea.evaporation_scale) by hand, with the date of the fit. The bracket
[--lo, --hi] is checked.

Usage: scripts/fit_evaporation_scale.py [--caspian build/caspian] [--objective balance|rmse]
"""
import argparse
import csv
import math
import pathlib
import re
import subprocess
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
FIRST, LAST = 1936, 1977


def observed():
    with open(root / "inputs/sea_level/caspian_level_annual_1921-2025.csv") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("level_whole_sea_m_bs")
    return {int(r[0]): float(r[col]) for r in rows[2:] if r and r[col]}


def run_file_text():
    text = (root / "inputs/hindcast_recorded_inflow_1936_2023.yaml").read_text()
    text = re.sub(r"(?m)^(\s*file: )(?!/)", lambda m: m.group(1) + str(root / "inputs") + "/", text)
    text = re.sub(r"(?m)^  end: .*$", f"  end: {LAST}-12", text)
    assert "parameters:" not in text
    return text


def rmse(caspian, scale, obs, work):
    run = work / f"fit_{scale:.6f}.yaml"
    run.write_text(run_file_text() + f"\nparameters:\n  sea.evaporation_scale: {scale:.6f}\n")
    out = work / f"out_{scale:.6f}"
    subprocess.run([caspian, "run", "--quiet", str(run), "--output-dir", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    with open(out / "annual_summary.csv") as f:
        rows = list(csv.DictReader(f))
    model = {int(r["year"]): float(r["mean_level_m_bs"]) for r in rows}
    errors = [model[y] - obs[y] for y in range(FIRST, LAST + 1)]
    return math.sqrt(sum(e * e for e in errors) / len(errors)), model[LAST]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--caspian", default=str(root / "build/caspian"))
    ap.add_argument("--lo", type=float, default=0.6)
    ap.add_argument("--hi", type=float, default=1.2)
    ap.add_argument("--tolerance", type=float, default=2e-4)
    ap.add_argument("--objective", choices=["balance", "rmse"], default="balance")
    args = ap.parse_args()
    obs = observed()
    cache = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)

        def f(s):
            s = round(s, 6)
            if s not in cache:
                cache[s] = rmse(args.caspian, s, obs, work)
                print(f"scale {s:.6f}: RMSE 1936-1977 {cache[s][0]:.4f} m, "
                      f"1977 mean {cache[s][1]:.3f} (observed {obs[LAST]:.2f}) m BS", flush=True)
            return cache[s][0]

        if args.objective == "balance":
            def end_error(s):
                f(s)
                return cache[round(s, 6)][1] - obs[LAST]
            a, b = args.lo, args.hi
            if not (end_error(a) > 0.0 > end_error(b)):
                raise SystemExit(f"fit_evaporation_scale: the observed {LAST} level is not "
                                 f"bracketed by scales [{a}, {b}]; widen them")
            while b - a > args.tolerance:
                mid = 0.5 * (a + b)
                if end_error(mid) > 0.0:
                    a = mid
                else:
                    b = mid
            best = round(0.5 * (a + b), 4)
            f(best)
            print(f"fitted sea.evaporation_scale = {best:.4f} (modelled {LAST} mean "
                  f"{cache[round(best, 6)][1]:.3f} against {obs[LAST]:.2f} m BS; RMSE "
                  f"{cache[round(best, 6)][0]:.4f} m over {FIRST}-{LAST}; calibration years only)")
            return
        g = (math.sqrt(5.0) - 1.0) / 2.0
        a, b = args.lo, args.hi
        c, d = b - g * (b - a), a + g * (b - a)
        while b - a > args.tolerance:
            if f(c) < f(d):
                b, d = d, c
                c = b - g * (b - a)
            else:
                a, c = c, d
                d = a + g * (b - a)
        best = round(0.5 * (a + b), 4)
        if min(abs(best - args.lo), abs(best - args.hi)) < 2 * args.tolerance:
            raise SystemExit(f"fit_evaporation_scale: the minimum {best} lies on the bracket "
                             f"[{args.lo}, {args.hi}]; widen it")
        print(f"fitted sea.evaporation_scale = {best:.4f} (RMSE {f(best):.4f} m over "
              f"{FIRST}-{LAST}; calibration years only)")


if __name__ == "__main__":
    main()
