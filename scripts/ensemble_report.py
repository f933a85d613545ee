#!/usr/bin/python3
"""Probabilistic port draft report for a caspian ensemble: reads ensemble.nc,
ensemble_quantiles.csv and ensemble_probabilities.csv from a caspian output folder (and the port
data file the run file names) and writes port_draft_report.md, port_draft_report.html and PNG
plots into one folder. Nothing in the report links outside that folder.

The page opens with a one-screen summary: the most restricted ports and classes and the first
years with 50 % and 90 % probability, the corridors' first shortfall years and whether water depth
or berth capacity causes them. Then the sea level, the corridors, a port x class matrix of first
years (50 % / 90 %) per scenario and policy, one panel per port with one line per class, and what
each port figure is based on.

Usage: ensemble_report.py --data-dir OUT --report-dir DIR
Needs only Debian's python3-numpy, python3-netcdf4, python3-yaml and python3-matplotlib (Agg).
"""
import argparse
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import netCDF4  # noqa: E402
import numpy as np  # noqa: E402
import yaml  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seabed_map import seabed_section  # noqa: E402
from report_common import (Cell, Doc, PortsData, basis_tag, class_panels,  # noqa: E402
                           corridor_cause, display_names, find_ports_file, global_attr, labels,
                           line_style, to_year, year_css)

SSP_NAME = {"ssp126": "SSP1-2.6", "ssp245": "SSP2-4.5", "ssp370": "SSP3-7.0", "ssp585": "SSP5-8.5"}
SSP_COLOUR = {"ssp126": "#1a9850", "ssp245": "#4575b4", "ssp370": "#f46d43", "ssp585": "#a50026"}
POLICY_TEXT = {"no_dredging": "no dredging", "hold_design_depth": "design depth held"}
EVENTS = [("load_below_80pct", "below 80 % load"), ("load_below_50pct", "below 50 %"),
          ("cannot_call", "cannot call")]


def read_quantiles(path):
    """{(scenario, variable, site, class, policy): {year: [p05, p17, p50, p83, p95]}}"""
    out = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            key = (r["scenario"], r["variable"], r["site"], r["vessel_class"], r["policy"])
            q = [float(r[k]) if r[k] != "" else np.nan for k in ("p05", "p17", "p50", "p83", "p95")]
            out.setdefault(key, {})[int(r["year"])] = q
    return out


def read_probabilities(path):
    """{(scenario, event, site, class, policy): (first50, first90, {year: p})}"""
    out = {}
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        year_cols = [c for c in reader.fieldnames if c.isdigit()]
        for r in reader:
            key = (r["scenario"], r["event"], r["site"], r["vessel_class"], r["policy"])
            by_year = {int(y): float(r[y]) for y in year_cols if r[y] != ""}
            out[key] = (r["first_year_50pct"], r["first_year_90pct"], by_year)
    return out


def year_text(first50, first90):
    return "%s / %s" % (first50 or "never", first90 or "never")


def fan(ax, series, colour, label, **style):
    years = np.array(sorted(series))
    q = np.array([series[y] for y in years])
    ax.fill_between(years + 0.5, q[:, 0], q[:, 4], color=colour, alpha=0.12, lw=0)
    ax.fill_between(years + 0.5, q[:, 1], q[:, 3], color=colour, alpha=0.28, lw=0)
    ax.plot(years + 0.5, q[:, 2], color=colour, lw=1.8, label=label, **style)


def ports_data(ds):
    """The port data file named by the run file stored in ensemble.nc, with its depth scenario."""
    run_file = global_attr(ds, "run_file")
    try:
        run = yaml.safe_load(global_attr(ds, "run_file_text")) or {}
    except yaml.YAMLError:
        run = {}
    ports = run.get("ports") or {}
    f = ports.get("file", "")
    base = os.path.dirname(os.path.abspath(run_file)) if run_file else os.getcwd()
    here = os.path.dirname(os.path.abspath(__file__))
    path = find_ports_file([f if os.path.isabs(f) else None, os.path.join(base, f) if f else None,
                            os.path.join(here, "..", "inputs", f) if f else None])
    return (PortsData(path, ports.get("depth_scenario")) if path else None), f


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--report-dir", required=True)
    args = ap.parse_args()
    out = args.report_dir
    ds = netCDF4.Dataset(os.path.join(args.data_dir, "ensemble.nc"))
    attr = lambda name, default="": global_attr(ds, name, default)  # noqa: E731
    ports = labels(ds, "port")
    classes = labels(ds, "vessel_class")
    corridors = labels(ds, "corridor")
    policies = labels(ds, "policy")
    scenarios = ds["scenario"].flag_meanings.split()
    models = ds["model"].flag_meanings.split()
    sets = ds["parameter_set"].flag_meanings.split()
    scenario_of_member = np.ma.filled(np.ma.asarray(ds["scenario"][:], dtype=float), -1).astype(int)
    values = getattr(ds["scenario"], "flag_values", np.arange(len(scenarios)))
    members = {s: int(np.sum(scenario_of_member == int(v))) for s, v in zip(scenarios, np.atleast_1d(values))}
    pdata, pfile = ports_data(ds)
    port_name = display_names(ds, pdata, "port", ports)
    class_name = display_names(ds, pdata, "vessel_class", classes)
    corridor_name = display_names(ds, pdata, "corridor", corridors)
    main_class = {p: attr("port_%s_main_class" % p, "") for p in ports}
    q = read_quantiles(os.path.join(args.data_dir, "ensemble_quantiles.csv"))
    prob = read_probabilities(os.path.join(args.data_dir, "ensemble_probabilities.csv"))
    years = sorted(q[(scenarios[0], "sea_level_m_bs", "", "", "")])
    last = years[-1]
    mid = 2050 if 2050 in years else years[len(years) // 2]
    central = "ssp245" if "ssp245" in scenarios else scenarios[len(scenarios) // 2]
    main_pol = "no_dredging" if "no_dredging" in policies else policies[0]
    ssp = lambda s: SSP_NAME.get(s, s)  # noqa: E731
    pol_text = lambda p: POLICY_TEXT.get(p, p)  # noqa: E731

    def p_first(s, event, site, vc, pol):
        f50, f90, _ = prob.get((s, event, site, vc, pol), ("", "", {}))
        return to_year(f50), to_year(f90)

    in_mix = [(p, c) for p in ports for c in classes
              if (central, "load_below_80pct", p, c, main_pol) in prob]

    # ---- Corridor bottlenecks at the first year with 50 % probability of a shortfall.
    def corridor_story(cor, pol, s):
        y50, y90 = p_first(s, "corridor_short", cor, "", pol)
        if y50 is None:
            return None, y90, "less than 50 %% probability of a shortfall by %d" % last, None
        if pdata is None or cor not in pdata.corridors:
            return y50, y90, "cause not determined (port data file %s not found)" % pfile, None
        def loads(pid):  # the members' median load factors, weighted by the port's mix
            share, worst = 0.0, (2.0, "")
            for m in pdata.ports[pid].get("vessel_mix", []):
                v = q.get((s, "load_factor", pid, m["class"], pol), {}).get(y50, [np.nan] * 5)[2]
                v = 0.0 if not np.isfinite(v) else v
                share += m["cargo_share"] * v
                worst = min(worst, (v, m["class"]))
            return share, "%s at %.0f %% median load" % (class_name.get(worst[1], worst[1]),
                                                        100 * worst[0])

        cause, text = corridor_cause(pdata, cor, y50, pdata.demand(cor, y50), loads, port_name,
                                     [(y, pdata.demand(cor, y)) for y in years])
        return y50, y90, text, cause

    # ---- Plots.
    fig, ax = plt.subplots(figsize=(9, 4.2))
    for i, s in enumerate(scenarios):
        st = line_style(i)
        fan(ax, q[(s, "sea_level_m_bs", "", "", "")], SSP_COLOUR.get(s, st["color"]), ssp(s),
            ls=st["ls"])
    ax.set_xlabel("year")
    ax.set_ylabel("annual mean sea level (m BS)")
    ax.set_title("Sea level: median, 17-83 % and 5-95 % of the members")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "level_fan.png"), dpi=100)
    plt.close(fig)

    fig, axes = plt.subplots(len(policies), len(corridors), figsize=(6.5 * len(corridors),
                                                                     3.6 * len(policies)),
                             squeeze=False)
    for k, cor in enumerate(corridors):
        for j, pol in enumerate(policies):
            ax = axes[j][k]
            for i, s in enumerate(scenarios):
                key = (s, "corridor_capacity_mt_per_yr", cor, "", pol)
                if key in q:
                    st = line_style(i)
                    fan(ax, q[key], SSP_COLOUR.get(s, st["color"]), "capacity, " + ssp(s), ls=st["ls"])
            if pdata and cor in pdata.corridors:
                ax.plot(np.array(years) + 0.5, [pdata.demand(cor, y) for y in years], color="k",
                        lw=2, label="demand")
                berth = [pdata.side_berth_capacity(cor, i)
                         for i in range(len(pdata.corridors[cor]["sides"]))]
                sb = int(np.argmin(berth))
                ax.axhline(berth[sb], color="0.45", lw=1.2, ls=(0, (6, 3)),
                           label="berth capacity, " + pdata.side_name(cor, sb))
            ax.set_title("%s, %s" % (corridor_name[cor], pol_text(pol)), fontsize=9)
            ax.set_xlabel("year")
            ax.set_ylabel("Caspian-leg cargo (Mt/yr)")
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "corridor_fans.png"), dpi=90)
    plt.close(fig)

    share = np.array([[1.0 if (p, c) in in_mix else 0.0 for c in classes] for p in ports])
    lf = np.full((len(years), len(ports), len(classes)), np.nan)
    for (p, c) in in_mix:
        series = q.get((central, "load_factor", p, c, main_pol), {})
        lf[:, ports.index(p), classes.index(c)] = [100 * series.get(y, [np.nan] * 5)[2] for y in years]
    class_panels(os.path.join(out, "load_factors.png"), np.array(years), ports, classes, port_name,
                 class_name, share, lf, "median annual load (%)",
                 "Load per call, members' median, %s, %s (one line per vessel class)"
                 % (ssp(central), pol_text(main_pol)), refs=[(80, "80 %"), (50, "50 %")])

    shown = [p for p in ports if main_class[p]
             and (scenarios[0], "allowed_draft_m", p, main_class[p], main_pol) in q]
    ncol = 3
    nrow = max(1, (len(shown) + ncol - 1) // ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(13, 2.7 * nrow + 0.8), squeeze=False, sharex=True)
    for i, p in enumerate(shown):
        ax = axes[i // ncol][i % ncol]
        for j, s in enumerate(scenarios):
            st = line_style(j)
            fan(ax, q[(s, "allowed_draft_m", p, main_class[p], main_pol)],
                SSP_COLOUR.get(s, st["color"]), ssp(s), ls=st["ls"])
        ax.set_title("%s: %s" % (port_name[p], class_name[main_class[p]]), fontsize=9)
        ax.set_ylabel("allowed draft (m)", fontsize=8)
        ax.set_xlabel("year", fontsize=8)
        ax.tick_params(labelsize=7, labelbottom=True)
        ax.grid(alpha=0.3)
    for j in range(len(shown), nrow * ncol):
        axes[j // ncol][j % ncol].axis("off")
    handles, names = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=len(scenarios), fontsize=9, frameon=False)
    fig.suptitle("Allowed draft, %s, each port's main class: median, 17-83 %%, 5-95 %%"
                 % pol_text(main_pol))
    fig.tight_layout(rect=(0, 0.6 / (2.7 * nrow + 0.8), 1, 0.97))
    fig.savefig(os.path.join(out, "allowed_draft_fans.png"), dpi=90)
    plt.close(fig)

    # ---- The document.
    doc = Doc()
    title = "Caspian Sea level and port draft outlook %d-%d: ensemble" % (years[0], last)
    doc.heading(1, title)
    doc.begin("summary")
    doc.heading(2, "Summary")
    lv = lambda s, y: q[(s, "sea_level_m_bs", "", "", "")][y]  # noqa: E731
    doc.para("%d members (%s). Sea level in %d, median (5-95 %%): %s m BS. Years are the first "
             "with 50 %% / 90 %% probability (shares of members)."
             % (len(scenario_of_member), ", ".join("%s %d" % (ssp(s), members[s]) for s in scenarios),
                last, "; ".join("%s %.2f (%.2f to %.2f)" % (ssp(s), lv(s, last)[2], lv(s, last)[0],
                                                            lv(s, last)[4]) for s in scenarios)))
    ranked = []
    for p, c in in_mix:
        ys = [p_first(central, e, p, c, main_pol) for e, _ in EVENTS]
        ranked.append(([v or 9999 for y in ys for v in y], p, c, ys))
    ranked.sort(key=lambda r: r[0])
    items = []
    for _, p, c, ys in ranked[:3]:
        parts = ["%s %s" % (text, year_text(*y)) for (_, text), y in zip(EVENTS, ys) if y[0] or y[1]]
        spread = [p_first(s, EVENTS[0][0], p, c, main_pol)[0] for s in scenarios]
        spread = [y for y in spread if y]
        across = ("" if len(spread) < 2 else " (the same in every scenario)"
                  if min(spread) == max(spread) else
                  " (50 %% year of the 80 %% load %d-%d across scenarios)" % (min(spread), max(spread)))
        items.append("**%s: %s** - %s%s" % (port_name[p], class_name[c],
                                            ", ".join(parts) or "no restriction", across))
    doc.para("Most restricted ports and classes (%s, %s):" % (ssp(central), pol_text(main_pol)))
    doc.bullets(items)
    doc.para("Corridors (first year the Caspian leg carries less than its demand, %s, and why):"
             % ssp(central))
    items = []
    for cor in corridors:
        stories = [corridor_story(cor, pol, central) for pol in policies]
        same = all(s_[:2] == stories[0][:2] for s_ in stories)
        for j, pol in enumerate(policies[:1] if same else policies):
            y50, y90, text, _ = stories[j]
            others = [year_text(*p_first(s, "corridor_short", cor, "", pol)) for s in scenarios]
            also = (" (all scenarios alike)" if len(set(others)) == 1 else
                    " (" + ", ".join("%s %s" % (ssp(s), o) for s, o in zip(scenarios, others)
                                     if s != central) + ")")
            when = ("short from %s%s - " % (year_text(y50, y90), also) if y50 or y90 else
                    "not short in any scenario - " if len(set(others)) == 1 else
                    "not short (%s) - " % also.strip(" ()"))
            items.append("**%s** (%s): %s%s" % (
                corridor_name[cor], "either policy" if same and len(policies) > 1 else pol_text(pol),
                when, text))
    doc.bullets(items)
    if pdata:
        tags = [basis_tag(*pdata.depth_basis(p)[:1], calibration=pdata.depth_basis(p)[1])
                for p in ports if p in pdata.ports]
        doc.para("Port depths: %d of %d are assumptions, %d inferred, %d "
                 "from published data (see Data and assumptions)."
                 % (tags.count("assumption"), len(tags), tags.count("inferred"),
                    len(tags) - tags.count("assumption") - tags.count("inferred")))
    doc.end("summary")

    doc.heading(2, "First years per port and vessel class", "matrix")
    doc.para("Each cell: the first year with 50 %% / 90 %% probability that the year's mean load "
             "per call is below 80 %% and below 50 %% of the design cargo, and that the class "
             "cannot call in any month of the year; never: not by %d; blank: the class does not "
             "call at the port. Colour: the 50 %% year of the 80 %% load within 10 years (dark), "
             "25 years (light), later (pale), never (green)." % last)
    used = [c for c in classes if any((p, c) in in_mix for p in ports)]
    pairs = [(pol, s) for pol in policies for s in scenarios]
    pairs.sort(key=lambda ps: ps != (main_pol, central))  # the central one first, open
    for pol, s in pairs:
        first_shown = s == central and pol == main_pol
        if first_shown:
            doc.para("**%s, %s**" % (ssp(s), pol_text(pol)))
        else:
            doc.begin("details", "%s, %s" % (ssp(s), pol_text(pol)))
        rows = []
        for p in ports:
            row = [port_name[p]]
            for c in used:
                if (s, "load_below_80pct", p, c, pol) not in prob:
                    row.append(Cell("", "na"))
                    continue
                ys = [p_first(s, e, p, c, pol) for e, _ in EVENTS]
                row.append(Cell("80 %%: %s\n50 %%: %s\nno call: %s" % tuple(year_text(*y) for y in ys),
                                year_css(ys[0][0], years[0])))
            rows.append(row)
        doc.table(["port"] + [class_name[c] for c in used], rows)
        if not first_shown:
            doc.end("details")

    doc.heading(2, "Sea level")
    doc.image("level_fan.png", "fan chart of the annual mean sea level per scenario")
    rows = []
    for s in scenarios:
        row = [ssp(s)]
        for level in ("-30", "-32", "-35", "-40"):
            f50, f90, by_year = prob.get((s, "level_below_%sm" % level, "", "", ""), ("", "", {}))
            row.append("%.0f%% / %.0f%%, %s" % (100 * by_year.get(mid, np.nan),
                                               100 * by_year.get(last, np.nan), year_text(f50, f90)))
        rows.append(row)
    doc.table(["scenario"] + ["below %s m BS: P(%d) / P(%d), first 50 %% / 90 %%" % (v, mid, last)
                              for v in ("-30", "-32", "-35", "-40")], rows)

    doc.heading(2, "Corridors")
    doc.image("corridor_fans.png", "corridor capacity fans against demand and berth capacity")
    rows = []
    for cor in corridors:
        for pol in policies:
            row = [corridor_name[cor], pol_text(pol)]
            for s in scenarios:
                y50, y90, _, cause = corridor_story(cor, pol, s)
                row.append("%s%s" % (year_text(y50, y90),
                                     {"berth": " (berth)", "depth": " (depth)"}.get(cause, "")))
            rows.append(row)
    doc.table(["corridor", "policy"] + [ssp(s) for s in scenarios], rows)
    doc.para("First year short of demand with 50 % / 90 % probability and its cause at the 50 % "
             "year: berth (the weaker shore's berth capacity with every ship fully loaded is "
             "below demand; dredging does not help) or depth (ships load light; dredging helps).")

    doc.heading(2, "Load and allowed draft at each port")
    doc.image("load_factors.png", "median annual load per call, one panel per port, one line per class")
    doc.image("allowed_draft_fans.png", "fan charts of the allowed draft of each port's main class")

    seabed_section(doc, args.data_dir, out, [("%s median" % ssp(s), "%s_p50" % s) for s in scenarios],
                   sorted({mid, last}), port_name, class_name, scenarios.index(central))

    doc.heading(2, "Data and assumptions", "data")
    if pdata:
        doc.para("What each port's figures rest on (port data file %s). Tags: data (published "
                 "figure), inferred (derived from other figures: a vessel draft, the "
                 "low-water reports), assumption (no published figure; the stated reasoning)."
                 % os.path.basename(pdata.path))
        rows = []
        for p in ports:
            y = pdata.ports.get(p, {})
            basis, calib = pdata.depth_basis(p)
            row = [y.get("name", port_name[p])]
            sd = y.get("set_down_basis", {}) or {}
            mt = (y.get("dredging", {}) or {}).get("maintenance", {}) or {}
            for text, flag, cal in ((basis, False, calib), (y.get("design_depth_basis", ""), False, False),
                                    (sd.get("basis", ""), sd.get("assumption", False), False),
                                    (mt.get("basis", ""), mt.get("assumption", False), False),
                                    ((y.get("demand", {}) or {}).get("basis", ""), False, False)):
                t = basis_tag(text, assumption=flag, calibration=cal) if text else ""
                row.append(Cell(t, "tag-" + t.split(",")[0]) if t else "")
            row.append(basis)
            rows.append(row)
        doc.table(["port", "controlling depth", "design depth", "set-down", "siltation", "demand",
                   "controlling depth basis"], rows)
    else:
        doc.para("The port data file (%s) was not found, so the basis of each port figure is not "
                 "listed here; see inputs/PROVENANCE.md." % (pfile or "not named in the run file"))
    doc.para("Members: %s; each member is one CMIP6 model's pattern-scaled change (%d models: %s), "
             "one catchment parameter set (%d: %s) and one draw of observed weather years (whole "
             "years drawn in blocks; the seed of each member is in ensemble.nc). Member k of "
             "every scenario shares its model, parameter set and weather, so the scenarios differ "
             "by their forcing only. Data: ensemble.nc, ensemble_quantiles.csv, "
             "ensemble_probabilities.csv."
             % (", ".join("%s %d" % (ssp(s), members[s]) for s in scenarios), len(models),
                ", ".join(models), len(sets), ", ".join(sets)))

    with open(os.path.join(out, "port_draft_report.md"), "w") as f:
        f.write(doc.markdown())
    with open(os.path.join(out, "port_draft_report.html"), "w") as f:
        f.write(doc.html(title))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # one clear line for the caspian driver
        print("ensemble_report.py: error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
