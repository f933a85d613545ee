#!/usr/bin/python3
"""Writes docs/projections.md: the ensemble's 2050 and 2100 levels per SSP beside the published
projections, the sea area lost at the published drops, and a variance decomposition of the 2100
level (scenario, CMIP6 model, catchment parameters, weather).

Usage (after scripts/run.sh, which writes outputs/): scripts/projections_doc.py --ensemble outputs
It then runs two more ensembles from inputs/default.yaml (about 12 minutes on 2 cores; pass
--decomposition DIR / --parameters DIR to reuse earlier ones):
- decomposition: SSP2-4.5 and SSP5-8.5, 14 members each, the run file's own parameters only, so
  every model has two weather draws (members k and k + 7) and model and weather can be told
  apart (the main ensemble gives each model one);
- parameters: SSP2-4.5 with MPI-ESM1-2-LR only, 10 members over the 4 parameter sets (2-3
  weather draws each).
Nothing here is fitted.
"""
import argparse
import csv
import pathlib
import subprocess

import netCDF4
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
SSP = {"ssp126": "SSP1-2.6", "ssp245": "SSP2-4.5", "ssp370": "SSP3-7.0", "ssp585": "SSP5-8.5"}
# The published 2100 changes against the level of their time (m), as quoted in issue 9.
LITERATURE = [
    ("Samant & Prange 2023", {"ssp245": "about -8 (-2 to -15)", "ssp585": "about -14 (-11 to -21)"}),
    ("Prange et al. 2020", {"ssp245": "-9 (moderate)", "ssp585": "-18 (high emissions)"}),
    ("Koriche et al. 2021", {"ssp245": "up to -20", "ssp585": "up to -30"}),
    ("Hoseini et al. 2024", {"ssp245": "median -1.8", "ssp585": "median -4.4"}),
]


def member_table(folder):
    ds = netCDF4.Dataset(folder / "ensemble.nc")
    time = ds["time"]
    years = np.array([d.year for d in netCDF4.num2date(time[:], time.units, time.calendar)])
    level = np.ma.filled(ds["sea_level"][:], np.nan)  # time x member
    scenarios = ds["scenario"].flag_meanings.split()
    return {
        "years": years,
        "level": level,
        "scenario": [scenarios[int(i)] for i in ds["scenario"][:]],
        "model": np.asarray(ds["model"][:], dtype=int),
        "set": np.asarray(ds["parameter_set"][:], dtype=int),
        "seed": np.asarray(ds["weather_seed"][:], dtype=float),
        "sets": ds["parameter_set"].flag_meanings.split(),
        "models": ds["model"].flag_meanings.split(),
    }


def area_km2(level):
    out = subprocess.run([str(ROOT / "build" / "caspian"), "hypsometry",
                          str(ROOT / "inputs" / "bathymetry" / "caspian_etopo1_10arcmin.nc"),
                          "--min", "%.3f" % level, "--max", "%.3f" % level, "--step", "1"],
                         capture_output=True, text=True, check=True).stdout
    rows = [r for r in csv.reader(out.splitlines()) if r and r[0] != "level_m_bs"]
    return float(rows[0][1])


def run_ensemble(folder, name, edits, arguments):
    text = (ROOT / "inputs" / "default.yaml").read_text()
    for key in ("file: ", "atlas: ", "closed_basins: ", "parameter_sets: "):
        text = text.replace(key, key + str(ROOT / "inputs") + "/")
    for old, new in edits:
        if old not in text:
            raise SystemExit("projections_doc: inputs/default.yaml no longer contains " + old)
        text = text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    run_file = folder / (name + ".yaml")
    run_file.write_text(text)
    out = folder / name
    subprocess.run([str(ROOT / "build" / "caspian"), "ensemble", str(run_file), "--no-report",
                    "--quiet", "--output-dir", str(out)] + arguments, check=True)
    return out


def q(values, p):
    return float(np.quantile(values, p))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ensemble", required=True, type=pathlib.Path)
    ap.add_argument("--decomposition", type=pathlib.Path)
    ap.add_argument("--parameters", type=pathlib.Path,
                    help="an ensemble of one scenario and one model over the parameter sets, "
                         "two weather draws each (see the header)")
    ap.add_argument("--output", default=ROOT / "docs" / "projections.md", type=pathlib.Path)
    ap.add_argument("--work", default=pathlib.Path("/tmp/caspian-projections"), type=pathlib.Path)
    args = ap.parse_args()
    sets_line = "  parameter_sets: " + str(ROOT / "inputs") + "/calibration/protva_parameter_sets.yaml"
    if args.decomposition is None:
        args.decomposition = run_ensemble(args.work, "decomposition", [(sets_line, "")],
                                          ["--members", "14", "--scenarios", "ssp245", "ssp585"])
    if args.parameters is None and "parameter_sets:" in (ROOT / "inputs" / "default.yaml").read_text():
        args.parameters = run_ensemble(
            args.work, "parameters", [(sets_line, sets_line + "\n  models: [MPI-ESM1-2-LR]")],
            ["--members", "10", "--scenarios", "ssp245"])
    main_ens = member_table(args.ensemble)
    dec = member_table(args.decomposition)
    years = main_ens["years"]
    start_level = float(np.nanmean(main_ens["level"][0]))
    y50, y100 = list(years).index(2050), len(years) - 1
    lines = ["# Projections: the ensemble against the literature", "",
             "Written by `scripts/projections_doc.py` from `caspian ensemble inputs/default.yaml` "
             "(%d members) and a decomposition run (%d members); see the script's header for the "
             "commands. Levels are annual means in m BS; changes are against the ensemble's 2025 "
             "mean, %.2f m BS. Nothing in the ensemble is fitted to any figure on this page."
             % (main_ens["level"].shape[1], dec["level"].shape[1], start_level), ""]
    lines += ["## What a member is", "",
              "A member is (scenario, CMIP6 model pattern, catchment parameter set, weather seed). "
              "The scenario change is each model's regional monthly change per kelvin of its own "
              "global warming (AR6 Atlas EEU and WCA means, 1995-2014 against 2081-2100 of "
              "SSP5-8.5) times its global-warming path per SSP rebuilt from its crossing years "
              "(docs/science.md); the land blends the two regions by latitude, the sea takes its "
              "wet area's mix. The weather is whole observed years of the Protva anomaly series "
              "(1981-2010) drawn in 5-year blocks. Member k of every scenario shares its model, "
              "parameter set and weather, so scenarios differ by their forcing alone.",
              "", "Models: %s. Parameter sets: %s." % (", ".join(main_ens["models"]),
                                                       ", ".join(main_ens["sets"])), ""]

    lines += ["## Level in 2050 and 2100", "",
              "| scenario | members | 2050 median (5-95 %) | 2100 median (5-95 %) | change by 2100, median (5-95 %) |",
              "|---|---|---|---|---|"]
    changes = {}
    for s in SSP:
        cols = [i for i, x in enumerate(main_ens["scenario"]) if x == s]
        if not cols:
            continue
        l50 = main_ens["level"][y50, cols]
        l100 = main_ens["level"][y100, cols]
        d = l100 - start_level
        changes[s] = d
        lines.append("| %s | %d | %.2f (%.2f to %.2f) | %.2f (%.2f to %.2f) | %.1f (%.1f to %.1f) |"
                     % (SSP[s], len(cols), q(l50, .5), q(l50, .05), q(l50, .95), q(l100, .5),
                        q(l100, .05), q(l100, .95), q(d, .5), q(d, .05), q(d, .95)))
    lines += ["", "## Beside the published projections (change by 2100, m)", "",
              "| study | SSP2-4.5 | SSP5-8.5 |", "|---|---|---|"]
    for name, v in LITERATURE:
        lines.append("| %s | %s | %s |" % (name, v["ssp245"], v["ssp585"]))
    for s in ("ssp245", "ssp585"):
        if s not in changes:
            changes[s] = None
    fmt = lambda d: "median %.1f (%.1f to %.1f)" % (q(d, .5), q(d, .05), q(d, .95)) if d is not None else "-"  # noqa: E731
    lines.append("| **caspian (this ensemble)** | %s | %s |" % (fmt(changes["ssp245"]), fmt(changes["ssp585"])))
    lines += ["",
              "How the studies were made (from their abstracts): Samant & Prange (2023, Commun. "
              "Earth Environ. 4, doi:10.1038/s43247-023-01017-8) integrate 15 CMIP6 models' "
              "evaporation and precipitation over the catchment and the sea, with a best-fit "
              "correction for resolution, climate sensitivity and sea area; Hoseini et al. "
              "(2024, Clim. Dyn., doi:10.1007/s00382-024-07548-w) project the water-budget terms "
              "of 22 bias-corrected CMIP6 models probabilistically, 2100 against 2021 (their "
              "25-75 % ranges: -6.7 to +3.1 m for SSP2-4.5, -11 to +1.6 m for SSP5-8.5). "
              "Here the models' changes (not their fields) are added to observed climatologies, "
              "the river inflow comes from a calibrated gridded catchment (Protva parameters, "
              "the Volga's precipitation factor fitted to its long-term mean only) and the sea's "
              "evaporation from a bulk formula whose one scale factor is fitted on 1936-1977 "
              "(+6.7 % per K of warming follows from the physics). Using changes removes the "
              "models' biases in the Volga's runoff and the sea's evaporation, one reason the "
              "range here is narrower than studies driven by model fields; the 7 Atlas models "
              "sample fewer climate sensitivities than 15-22. The ensemble counts from its 2025 "
              "level; Hoseini et al. count from 2021, the others from their own reference "
              "periods.", ""]

    now = area_km2(start_level)
    lines += ["## Sea area lost", "",
              "| drop below %.2f m BS | area (km2) | lost (km2) | lost (%%) | published |" % start_level,
              "|---|---|---|---|---|"]
    published = {9: "23-25 % (about 93,000 km2; Prange et al. 2020)",
                 10: "112,000 km2 (Court et al. 2025)", 18: "34 % (Prange et al. 2020)"}
    for drop in (9, 10, 18):
        a = area_km2(start_level - drop)
        lines.append("| %d m | %.0f | %.0f | %.1f | %s |" % (drop, a, now - a, 100 * (now - a) / now,
                                                          published[drop]))
    lines += ["", "Areas from the hypsometry of the ETOPO1 10' bathymetry (the sea connected to the "
              "Middle Caspian seed; the Kara-Bogaz-Gol is not the sea), counted from the 2025 level; "
              "the published shares are of the sea at the studies' own reference levels.", ""]

    # Variance decomposition of the 2100 level: scenario, model, weather (balanced design).
    lv = dec["level"][y100]
    sc = np.array(dec["scenario"])
    mo = dec["model"]
    grand = lv.mean()
    total = ((lv - grand) ** 2).mean()
    scen_mean = {s: lv[sc == s].mean() for s in set(sc)}
    cell_mean = {(s, m): lv[(sc == s) & (mo == m)].mean() for s in set(sc) for m in set(mo)}
    v_scen = np.mean([(scen_mean[s] - grand) ** 2 for s in sc])
    v_model = np.mean([(cell_mean[(s, m)] - scen_mean[s]) ** 2 for s, m in zip(sc, mo)])
    v_weather = np.mean([(x - cell_mean[(s, m)]) ** 2 for x, s, m in zip(lv, sc, mo)])
    v_params = 0.0
    param_lines = []
    if args.parameters:
        # One scenario, one model: sets k mod P with weather seeds k, two draws per set.
        par = member_table(args.parameters)
        lp = par["level"][y100]
        sets = par["set"]
        set_mean = {k: lp[sets == k].mean() for k in set(sets)}
        p_between = np.mean([(set_mean[k] - lp.mean()) ** 2 for k in sets])
        p_within = np.mean([(x - set_mean[k]) ** 2 for x, k in zip(lp, sets)])
        v_params = p_between
        param_lines = [
            "", "Catchment parameters, from a second run: %s, %s only, %d members over the %d "
            "parameter sets (2-3 weather draws each): between the sets %.2f m2, between the "
            "draws of a set %.2f m2 (2100 level; sets' means %s m BS). The parameter row above is "
            "this between-set variance, added beside the first run's (so the shares are of the "
            "sum)." % (SSP[par["scenario"][0]], par["models"][int(par["model"][0])], len(lp),
                       len(set_mean), p_between, p_within,
                       ", ".join("%.2f" % set_mean[k] for k in sorted(set_mean)))]
        total = total + v_params
    lines += ["## What drives the spread (2100 level)", "",
              "From the decomposition run: %s, %d members each, every model with two weather "
              "draws. Sums of squares of a balanced design: scenario (between scenario means), "
              "CMIP6 model (between the model means within a scenario), weather (between the two "
              "draws of a model); they add up to the total variance."
              % (" and ".join(SSP[s] for s in sorted(set(sc))), len(lv) // len(set(sc))), "",
              "| source | variance (m2) | share |", "|---|---|---|"]
    for name, v in (("scenario", v_scen), ("CMIP6 model", v_model), ("weather", v_weather),
                    ("catchment parameters", v_params)):
        lines.append("| %s | %.2f | %.0f %% |" % (name, v, 100 * v / total))
    lines.append("| total | %.2f | 100 %% |" % total)
    lines += param_lines
    lines += ["", "The parameter sets are four of the five DDS runs of the Protva calibration (one "
              "is rejected: it cannot carry the Volga's mean), each with "
              "its own Volga precipitation factor (inputs/calibration/protva_parameter_sets.yaml, "
              "scripts/derive_parameter_sets.py); without --parameters the row is 0. The weather "
              "share is the "
              "internal variability a 5-year block bootstrap of 30 observed years of one basin's "
              "anomalies can carry: it keeps no persistence longer than 5 years and applies one "
              "place's weather to the whole catchment (docs/forcing.md), so it is a lower bound.", ""]
    # The hand-written section on GCM fields read directly (not an ensemble product) is kept.
    kept = ""
    if args.output.exists():
        old = args.output.read_text()
        at = old.find("\n## GCM fields read directly")
        if at >= 0:
            kept = old[at:]
    args.output.write_text("\n".join(lines) + "\n" + kept)
    print("wrote", args.output)


if __name__ == "__main__":
    main()
