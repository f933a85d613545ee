#!/usr/bin/python3
"""Probabilistic port draft report for a caspian ensemble: reads ensemble.nc,
ensemble_quantiles.csv and ensemble_probabilities.csv from a caspian output folder and writes
port_draft_report.md, port_draft_report.html and PNG fan charts into one folder. Nothing in the
report links outside that folder.

Usage: ensemble_report.py --data-dir OUT --report-dir DIR
Needs only Debian's python3-numpy, python3-netcdf4 and python3-matplotlib (Agg backend).
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from port_report import Doc, labels  # noqa: E402

SSP_NAME = {"ssp126": "SSP1-2.6", "ssp245": "SSP2-4.5", "ssp370": "SSP3-7.0", "ssp585": "SSP5-8.5"}
SSP_COLOUR = {"ssp126": "#1a9850", "ssp245": "#4575b4", "ssp370": "#f46d43", "ssp585": "#a50026"}
MAIN_POLICY = "no_dredging"


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
        reader = csv.reader(f)
        header = next(reader)
        years = [int(y) for y in header[7:]]
        for r in reader:
            key = tuple(r[:5])
            by_year = {y: float(v) for y, v in zip(years, r[7:]) if v != ""}
            out[key] = (r[5], r[6], by_year)
    return out


def year_text(first50, first90):
    return "%s / %s" % (first50 or "never", first90 or "never")


def fan(ax, series, scenario, label):
    years = np.array(sorted(series))
    q = np.array([series[y] for y in years])
    c = SSP_COLOUR.get(scenario, "k")
    ax.fill_between(years + 0.5, q[:, 0], q[:, 4], color=c, alpha=0.12, lw=0)
    ax.fill_between(years + 0.5, q[:, 1], q[:, 3], color=c, alpha=0.28, lw=0)
    ax.plot(years + 0.5, q[:, 2], color=c, lw=1.8, label=label)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--report-dir", required=True)
    args = ap.parse_args()
    out = args.report_dir
    ds = netCDF4.Dataset(os.path.join(args.data_dir, "ensemble.nc"))
    attr = lambda name, default="": getattr(ds, name, default)  # noqa: E731
    ports = labels(ds, "port")
    classes = labels(ds, "vessel_class")
    corridors = labels(ds, "corridor")
    policies = labels(ds, "policy")
    scenarios = ds["scenario"].flag_meanings.split()
    models = ds["model"].flag_meanings.split()
    sets = ds["parameter_set"].flag_meanings.split()
    scenario_of_member = np.asarray(ds["scenario"][:], dtype=int)
    port_name = {p: attr("port_%s_name" % p, p) for p in ports}
    main_class = {p: attr("port_%s_main_class" % p, "") for p in ports}
    class_name = {c: attr("vessel_class_%s_name" % c, c) for c in classes}
    corridor_name = {k: attr("corridor_%s_name" % k, k) for k in corridors}
    policy_text = {"no_dredging": "no dredging", "hold_design_depth": "design depth held"}
    q = read_quantiles(os.path.join(args.data_dir, "ensemble_quantiles.csv"))
    prob = read_probabilities(os.path.join(args.data_dir, "ensemble_probabilities.csv"))
    members = {s: int(np.sum(scenario_of_member == i)) for i, s in enumerate(scenarios)}
    years = sorted(q[(scenarios[0], "sea_level_m_bs", "", "", "")])
    last = years[-1]
    mid = 2050 if 2050 in years else years[len(years) // 2]

    doc = Doc()
    title = "Caspian Sea level and port draft outlook %d-%d: ensemble" % (years[0], last)
    doc.heading(1, title)
    doc.para("%d members: %s; each member is one CMIP6 model's pattern-scaled change (%d models), "
             "one catchment parameter set (%d) and one draw of observed weather years. "
             "Ranges are the members' 5-95 %% spread; probabilities are shares of members."
             % (len(scenario_of_member),
                ", ".join("%s %d" % (SSP_NAME.get(s, s), members[s]) for s in scenarios),
                len(models), len(sets)))

    # Summary: the level, then first years with 50 % / 90 % probability.
    doc.heading(2, "Summary")
    rows = []
    for s in scenarios:
        lv = q[(s, "sea_level_m_bs", "", "", "")]
        rows.append([SSP_NAME.get(s, s), members[s],
                     "%.2f (%.2f to %.2f)" % (lv[mid][2], lv[mid][0], lv[mid][4]),
                     "%.2f (%.2f to %.2f)" % (lv[last][2], lv[last][0], lv[last][4])])
    doc.table(["scenario", "members", "level %d, m BS: median (5-95 %%)" % mid,
               "level %d, m BS: median (5-95 %%)" % last], rows)
    header = ["first year with probability 50 % / 90 %"] + [SSP_NAME.get(s, s) for s in scenarios]
    rows = []
    for k in corridors:
        for pol in policies:
            rows.append(["%s short of demand (%s)" % (corridor_name[k], policy_text.get(pol, pol))]
                        + [year_text(*prob.get((s, "corridor_short", k, "", pol), ("", "", {}))[:2])
                           for s in scenarios])
    for p in ports:
        c = main_class[p]
        if not c:
            continue
        rows.append(["%s: %s below 80 %% load" % (port_name[p], class_name[c])]
                    + [year_text(*prob.get((s, "load_below_80pct", p, c, MAIN_POLICY), ("", "", {}))[:2])
                       for s in scenarios])
    doc.table(header, rows)
    doc.para("Port rows: the class carrying most of the port's cargo, without dredging. "
             "A corridor is short when its Caspian leg carries less than its demand; the cause "
             "(water depth or berth capacity) is in the per-port tables below.")

    # Fan chart of the level.
    fig, ax = plt.subplots(figsize=(9, 4.5))
    for s in scenarios:
        fan(ax, q[(s, "sea_level_m_bs", "", "", "")], s, SSP_NAME.get(s, s))
    ax.set_xlabel("year")
    ax.set_ylabel("annual mean sea level (m BS)")
    ax.set_title("Sea level: median, 17-83 % and 5-95 % of the members")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "level_fan.png"), dpi=110)
    plt.close(fig)
    doc.heading(2, "Sea level")
    doc.image("level_fan.png", "fan chart of the annual mean sea level per scenario")
    rows = []
    for s in scenarios:
        row = [SSP_NAME.get(s, s)]
        for level in ("-30", "-32", "-35", "-40"):
            f50, f90, by_year = prob.get((s, "level_below_%sm" % level, "", "", ""), ("", "", {}))
            row.append("%.0f%% / %.0f%%, %s" % (100 * by_year.get(mid, np.nan),
                                               100 * by_year.get(last, np.nan),
                                               year_text(f50, f90)))
        rows.append(row)
    doc.table(["scenario"] + ["below %s m BS: P(%d) / P(%d), first 50 %% / 90 %%" % (lv, mid, last)
                              for lv in ("-30", "-32", "-35", "-40")], rows)

    # Fan charts of each port's allowed draft (main class, no dredging).
    shown = [p for p in ports if main_class[p]
             and (scenarios[0], "allowed_draft_m", p, main_class[p], MAIN_POLICY) in q]
    ncol = 3
    nrow = max(1, (len(shown) + ncol - 1) // ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(12, 2.8 * nrow), squeeze=False)
    for i, p in enumerate(shown):
        ax = axes[i // ncol][i % ncol]
        for s in scenarios:
            fan(ax, q[(s, "allowed_draft_m", p, main_class[p], MAIN_POLICY)], s, SSP_NAME.get(s, s))
        ax.set_title("%s: %s" % (port_name[p], class_name[main_class[p]]), fontsize=9)
        ax.set_ylabel("allowed draft (m)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for j in range(len(shown), nrow * ncol):
        axes[j // ncol][j % ncol].axis("off")
    axes[0][0].legend(fontsize=7, loc="lower left")
    fig.suptitle("Allowed draft without dredging, main class: median, 17-83 %, 5-95 %")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "allowed_draft_fans.png"), dpi=100)
    plt.close(fig)
    doc.heading(2, "Allowed draft at each port")
    doc.image("allowed_draft_fans.png", "fan charts of the allowed draft of each port's main class")

    # Port x class first years, per policy.
    for pol in policies:
        doc.heading(2, "First years per port and class (%s)" % policy_text.get(pol, pol))
        doc.para("Each cell: the first year the event has 50 % / 90 % probability "
                 "(below 80 % load; below 50 % load; cannot call all year).")
        rows = []
        for p in ports:
            for c in classes:
                key = ("load_below_80pct", p, c, pol)
                if (scenarios[0],) + key not in prob:
                    continue
                row = ["%s: %s" % (port_name[p], class_name[c])]
                for s in scenarios:
                    cells = []
                    for event in ("load_below_80pct", "load_below_50pct", "cannot_call"):
                        f50, f90, _ = prob.get((s, event, p, c, pol), ("", "", {}))
                        cells.append("%s/%s" % (f50 or "-", f90 or "-"))
                    row.append("; ".join(cells))
                rows.append(row)
        doc.table(["port: class"] + [SSP_NAME.get(s, s) for s in scenarios], rows)

    doc.heading(2, "What the members are")
    doc.para("Models: %s. Parameter sets: %s. Weather: whole years of the observed daily "
             "anomaly series drawn in blocks (the seed of each member is in ensemble.nc). "
             "Member k of every scenario shares its model, parameter set and weather, so the "
             "scenarios differ by their forcing only. Data: ensemble.nc, ensemble_quantiles.csv, "
             "ensemble_probabilities.csv." % (", ".join(models), ", ".join(sets)))

    with open(os.path.join(out, "port_draft_report.md"), "w") as f:
        f.write(doc.markdown())
    with open(os.path.join(out, "port_draft_report.html"), "w") as f:
        f.write(doc.html(title))


if __name__ == "__main__":
    main()
