#!/usr/bin/python3
"""Port draft report for caspian: reads ports.nc, ports_annual.nc and first_years.csv from a caspian output folder
(and the port data file named in ports.nc) and writes port_draft_report.md,
port_draft_report.html and PNG plots into one folder. Nothing in the report links outside it.

The page opens with a one-screen summary (the most restricted ports and classes, the corridors'
first shortfall years and whether water depth or berth capacity causes them), then a port x class
matrix of first years, one panel per port with one line per class, corridors, dredging (the
initial deepening apart from the yearly volumes) and what each port figure is based on.

Usage: port_report.py --data-dir OUT --report-dir DIR
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seabed_map import seabed_section  # noqa: E402
from report_common import (FILLS, Cell, Doc, PortsData, array, basis_tag,  # noqa: E402
                           class_panels, corridor_cause, decimal_years, display_names,
                           find_ports_file, fmt, global_attr, labels, line_style, port_legend,
                           to_year, year_css)

POLICY_TEXT = {"no_dredging": "no dredging", "hold_design_depth": "design depth held"}
CRITERIA = [("load_factor_below_0.8", "below 80 % load"), ("load_factor_below_0.5", "below 50 %"),
            ("cannot_call", "cannot call")]


def ports_file_candidates(ds, data_dir):
    f = global_attr(ds, "ports_file")
    here = os.path.dirname(os.path.abspath(__file__))
    return [f if os.path.isabs(f) else None, os.path.abspath(f) if f else None,
            os.path.join(data_dir, f) if f else None,
            os.path.join(here, "..", f) if f else None,
            os.path.join(here, "..", "inputs", f) if f else None]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--report-dir", required=True)
    args = ap.parse_args()
    out = args.report_dir
    ds = netCDF4.Dataset(os.path.join(args.data_dir, "ports.nc"))
    # Annual values live in ports_annual.nc (their own annual time axis, so CDO reads both files).
    annual_path = os.path.join(args.data_dir, "ports_annual.nc")
    ann = netCDF4.Dataset(annual_path) if os.path.exists(annual_path) else ds

    def src(name):
        """The file holding variable (or label dimension) `name`."""
        return ann if name in ann.variables or name in ann.dimensions else ds
    attr = lambda name, default="": global_attr(ds, name, default)  # noqa: E731
    ports = labels(ds, "port")
    classes = labels(ds, "vessel_class")
    policies = labels(ds, "policy")
    corridors = labels(src("corridor"), "corridor")
    pfile = find_ports_file(ports_file_candidates(ds, args.data_dir))
    pdata = PortsData(pfile) if pfile else None
    port_name = display_names(ds, pdata, "port", ports)
    class_name = display_names(ds, pdata, "vessel_class", classes)
    corridor_name = display_names(ds, pdata, "corridor", corridors)
    full_port_name = {p: attr("port_%s_name" % p, p) for p in ports}

    t_years, _ = decimal_years(src("sea_level"), "sea_level")
    _, years = decimal_years(src("annual_mean_load_factor"), "annual_mean_load_factor")
    level = array(src("sea_level"), "sea_level", "time")
    share = array(src("cargo_share"), "cargo_share", "port", "vessel_class")
    design_draft = array(src("design_draft"), "design_draft", "vessel_class")
    ypp = ("time", "policy", "port")
    yppc = ypp + ("vessel_class",)
    min_draft = array(src("annual_min_allowed_draft"), "annual_min_allowed_draft", *yppc)
    mean_lf = array(src("annual_mean_load_factor"), "annual_mean_load_factor", *yppc)
    cap = array(src("corridor_capacity"), "corridor_capacity", "time", "policy", "corridor")
    dem = array(src("corridor_demand"), "corridor_demand", "time", "policy", "corridor")
    side_cap = array(src("corridor_side_capacity"), "corridor_side_capacity", "time", "policy", "corridor", "corridor_side")
    port_cap = array(src("port_capacity"), "port_capacity", *ypp)
    port_dem = array(src("port_demand"), "port_demand", *ypp)
    main = 0  # the first policy (no_dredging in the default run)
    hold = policies.index("hold_design_depth") if "hold_design_depth" in policies else None
    first = list(csv.DictReader(open(os.path.join(args.data_dir, "first_years.csv"))))

    def first_year(pol, scope, sid, vc, criterion):
        for r in first:
            if (r["policy"], r["scope"], r["id"], r["vessel_class"], r["criterion"]) == \
                    (pol, scope, sid, vc, criterion):
                return to_year(r["first_year_annual"])
        return None

    # ---- Corridor bottlenecks: the first shortfall year and its cause.
    def corridor_story(k, pi):
        cor = corridors[k]
        short = np.where(cap[:, pi, k] < dem[:, pi, k] - 1e-9)[0]
        if not len(short):
            return None, "carries its demand to %d" % years[-1], None
        i = short[0]
        y, d = years[i], dem[i, pi, k]
        if pdata is None or cor not in pdata.corridors:
            return y, "cause not determined (port data file %s not found)" % attr("ports_file"), None
        def loads(pid):
            j = ports.index(pid) if pid in ports else None
            if j is None or not pdata.berth_capacity(pid) > 0:
                return 1.0, ""
            lf = [(mean_lf[i, pi, j, c], classes[c]) for c in range(len(classes)) if share[j, c] > 0]
            worst = min(lf)
            return (port_cap[i, pi, j] / pdata.berth_capacity(pid),
                    "%s at %.0f %% load" % (class_name[worst[1]], 100 * worst[0]))

        cause, text = corridor_cause(pdata, cor, y, d, loads, port_name,
                                     list(zip(years, dem[:, pi, k])), side_cap[i, pi, k])
        return y, text, cause

    # ---- Plots.
    fig, ax = plt.subplots(figsize=(9, 3.6))
    ax.plot(t_years, level, lw=0.8, label="monthly mean")
    annual = [np.nanmean(level[(t_years >= y) & (t_years < y + 1)]) for y in years]
    ax.plot(years + 0.5, annual, lw=2, ls="--", label="annual mean")
    ax.set_xlabel("year")
    ax.set_ylabel("sea level (m BS)")
    ax.set_title("Caspian Sea level used for the port check")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "level.png"), dpi=100)
    plt.close(fig)

    pol_text = POLICY_TEXT.get(policies[main], policies[main])
    class_panels(os.path.join(out, "load_factors.png"), years, ports, classes, port_name, class_name,
                 share, 100 * mean_lf[:, main], "annual mean load (%)",
                 "Load per call, annual mean, %s (one line per vessel class)" % pol_text,
                 refs=[(80, "80 %"), (50, "50 %")])
    class_panels(os.path.join(out, "allowed_drafts.png"), years, ports, classes, port_name,
                 class_name, share, min_draft[:, main], "allowed draft (m)",
                 "Allowed draft in the worst month of each year, %s; triangles at the right: the "
                 "class's design draft" % pol_text, ref_marks=design_draft)

    fig, axes = plt.subplots(1, len(corridors), figsize=(6.5 * len(corridors), 4.2), squeeze=False)
    for k, cor in enumerate(corridors):
        ax = axes[0][k]
        for i, pol in enumerate(policies):
            ax.plot(years, cap[:, i, k], **line_style(i), label="capacity, " + POLICY_TEXT.get(pol, pol))
        ax.plot(years, dem[:, 0, k], color="k", lw=2, label="demand")
        if pdata and cor in pdata.corridors:
            sides = range(len(pdata.corridors[cor]["sides"]))
            berth = [pdata.side_berth_capacity(cor, s) for s in sides]
            sb = int(np.argmin(berth))
            ax.axhline(berth[sb], color="0.45", lw=1.2, ls=(0, (6, 3)),
                       label="berth capacity, %s" % pdata.side_name(cor, sb))
        ax.set_title(corridor_name[cor], fontsize=9)
        ax.set_xlabel("year")
        ax.set_ylabel("Caspian-leg cargo (Mt/yr)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "corridors.png"), dpi=100)
    plt.close(fig)

    if hold is not None:
        vol = array(src("dredge_volume"), "dredge_volume", *ypp)[:, hold] / 1e6
        maint = array(src("dredge_maintenance_volume"), "dredge_maintenance_volume", *ypp)[:, hold] / 1e6
        deep = np.nan_to_num(vol) - np.nan_to_num(maint)
        cost_cum = array(src("dredge_cost_cumulative"), "dredge_cost_cumulative", *ypp)[:, hold] / 1e6
        fig, (a1, a2, a3) = plt.subplots(1, 3, figsize=(15, 5), gridspec_kw={"width_ratios": [1, 1.6, 1.2]})
        col = {p: FILLS[j % len(FILLS)] for j, p in enumerate(ports)}
        a1.barh(range(len(ports)), deep[0], color=[col[p] for p in ports])
        a1.set_yticks(range(len(ports)))
        a1.set_yticklabels([port_name[p] for p in ports], fontsize=7)
        a1.invert_yaxis()
        a1.set_xlabel("million m3")
        a1.set_title("Initial deepening to design depth (%d)" % years[0], fontsize=10)
        a1.grid(alpha=0.3, axis="x")
        later = years[1:]
        bottom = np.zeros(len(later))
        for j, p in enumerate(ports):
            for v, hatch in ((deep[1:, j], None), (np.nan_to_num(maint[1:, j]), "///")):
                if np.any(v > 0):
                    a2.bar(later, v, bottom=bottom, color=col[p], hatch=hatch, width=0.85,
                           edgecolor="white" if hatch else col[p], lw=0)
                    bottom += v
        a2.set_xlabel("year")
        a2.set_ylabel("dredged per year (million m3)")
        a2.set_title("Yearly dredging after %d: following the level (plain) and\nmaintenance "
                     "siltation (hatched)" % years[0], fontsize=10)
        a2.grid(alpha=0.3)
        a3.stackplot(years, np.nan_to_num(cost_cum.T), colors=[col[p] for p in ports])
        a3.set_xlabel("year")
        a3.set_ylabel("cumulative cost (million USD)")
        a3.set_title("Cumulative dredging cost by port", fontsize=10)
        a3.grid(alpha=0.3)
        handles = [plt.Rectangle((0, 0), 1, 1, color=col[p]) for p in ports]
        port_legend(fig, handles, [port_name[p] for p in ports], ncol=4)
        fig.tight_layout(rect=(0, 0.16, 1, 1))
        fig.savefig(os.path.join(out, "dredging.png"), dpi=90)
        plt.close(fig)

    # ---- The document.
    doc = Doc()
    title = "Caspian port draft report %d-%d" % (years[0], years[-1])
    doc.heading(1, title)
    doc.begin("summary")
    doc.heading(2, "Summary")
    doc.para("Sea level %.2f m BS in %d, %.2f m BS in %d (%s). Policies: %s."
             % (annual[0], years[0], annual[-1], years[-1], attr("levels_source"),
                ", ".join(POLICY_TEXT.get(p, p) for p in policies)))
    ranked = []
    for p, port in enumerate(ports):
        for c, vc in enumerate(classes):
            if not share[p, c] > 0:
                continue
            ys = [first_year(policies[main], "port", port, vc, cr) for cr, _ in CRITERIA]
            ranked.append(([y or 9999 for y in ys], mean_lf[-1, main, p, c], port, c, ys))
    ranked.sort(key=lambda r: (r[0], r[1]))
    items = []
    for _, lf_end, port, c, ys in ranked[:3]:
        parts = ["%s from %s" % (text, y) for (_, text), y in zip(CRITERIA, ys) if y]
        held = ""
        if hold is not None:
            yh = first_year(policies[hold], "port", port, classes[c], CRITERIA[0][0])
            held = "; design depth held: %s" % ("below 80 %% from %d" % yh if yh else "full loads kept")
        items.append("**%s: %s** - %s (load %.0f %% in %d)%s" % (
            port_name[port], class_name[classes[c]], ", ".join(parts) or "no restriction",
            100 * lf_end, years[-1], held))
    doc.para("Most restricted ports and classes (%s; first year each threshold is crossed by the "
             "year's mean load):" % pol_text)
    doc.bullets(items)
    doc.para("Corridors (first year the Caspian leg carries less than its demand, and why):")
    items = []
    for k, cor in enumerate(corridors):
        stories = [corridor_story(k, pi) for pi in range(len(policies))]
        same = all(s[:2] == stories[0][:2] for s in stories)
        for pi, pol in enumerate(policies[:1] if same else policies):
            y, text, _ = stories[pi]
            items.append("**%s** (%s): %s - %s" % (
                corridor_name[cor], "either policy" if same and len(policies) > 1
                else POLICY_TEXT.get(pol, pol), "short from %d" % y if y else "never short", text))
    doc.bullets(items)
    tags = [basis_tag(attr("port_%s_depth_basis" % p),
                      calibration=attr("port_%s_depth_is_calibration" % p) == "true") for p in ports]
    doc.para("Port depths: %d of %d are assumptions, %d inferred, %d from "
             "published data (see Data and assumptions)." % (tags.count("assumption"), len(ports),
                                                             tags.count("inferred"),
                                                             len(ports) - tags.count("assumption")
                                                             - tags.count("inferred")))
    doc.end("summary")

    doc.heading(2, "First years per port and vessel class", "matrix")
    doc.para("Each cell: the first year the year's mean load per call falls below 80 %% and below "
             "50 %% of the design cargo, and the first year the class cannot call in any "
             "month of the year; never: not by %d; blank: the class does not call at the port. Colour: the 80 %% "
             "year within 10 years (dark), 25 years (light), later (pale), never (green). The "
             "first year by the worst month is in first_years.csv." % years[-1])
    for pi, pol in enumerate(policies):
        if pi > 0:
            doc.begin("details", "The same with %s" % POLICY_TEXT.get(pol, pol))
        else:
            doc.para("**%s**" % POLICY_TEXT.get(pol, pol).capitalize())
        used = [c for c in range(len(classes)) if np.any(share[:, c] > 0)]
        rows = []
        for p, port in enumerate(ports):
            row = [port_name[port]]
            for c in used:
                if not share[p, c] > 0:
                    row.append(Cell("", "na"))
                    continue
                ys = [first_year(pol, "port", port, classes[c], cr) for cr, _ in CRITERIA]
                row.append(Cell("80 %%: %s\n50 %%: %s\nno call: %s" % tuple(y or "never" for y in ys),
                                year_css(ys[0], years[0])))
            rows.append(row)
        doc.table(["port"] + [class_name[classes[c]] for c in used], rows)
        if pi > 0:
            doc.end("details")

    doc.heading(2, "Sea level")
    doc.image("level.png", "sea level path used for the port check")

    doc.heading(2, "Load and allowed draft at each port")
    doc.image("load_factors.png", "annual mean load per call, one panel per port, one line per class")
    doc.image("allowed_drafts.png", "worst-month allowed draft, one panel per port, one line per class")

    doc.heading(2, "Corridors")
    doc.image("corridors.png", "corridor capacity against demand and the limiting berth capacity")
    rows = []
    for k, cor in enumerate(corridors):
        for pi, pol in enumerate(policies):
            y, text, cause = corridor_story(k, pi)
            rows.append([corridor_name[cor], POLICY_TEXT.get(pol, pol), y or "never",
                         {"berth": "berth capacity", "depth": "water depth"}.get(cause, ""),
                         fmt(cap[0, pi, k]), fmt(dem[0, pi, k]), fmt(cap[-1, pi, k]), fmt(dem[-1, pi, k])])
    doc.table(["corridor", "policy", "first year short", "limited by",
               "capacity %d (Mt/yr)" % years[0], "demand %d (Mt/yr)" % years[0],
               "capacity %d (Mt/yr)" % years[-1], "demand %d (Mt/yr)" % years[-1]], rows)
    doc.para("Berth capacity is the port's stated capacity with every ship fully loaded; the "
             "corridor carries what its weaker shore carries. A depth-limited corridor gains from "
             "dredging; a berth-capacity-limited one needs berths.")
    rows = []
    for p, port in enumerate(ports):
        row = [port_name[port]]
        for pi in range(len(policies)):
            short = np.where(port_cap[:, pi, p] < port_dem[:, pi, p])[0]
            row.append(str(years[short[0]]) if len(short) else "never")
        row += [fmt(pdata.berth_capacity(port)) if pdata and port in pdata.ports else "",
                fmt(port_cap[0, main, p]), fmt(port_cap[-1, main, p]), fmt(port_dem[-1, main, p])]
        rows.append(row)
    doc.table(["port"] + ["first year short, " + POLICY_TEXT.get(p, p) for p in policies]
              + ["berth capacity (Mt/yr)", "capacity %d (Mt/yr, %s)" % (years[0], pol_text),
                 "capacity %d (Mt/yr)" % years[-1], "demand %d (Mt/yr)" % years[-1]], rows)

    if hold is not None:
        doc.heading(2, "Dredging to hold the design depths")
        doc.image("dredging.png", "initial deepening, yearly dredging and cumulative cost by port")
        vol_cum = array(src("dredge_volume_cumulative"), "dredge_volume_cumulative", *ypp)[:, hold] / 1e6
        rows = [[port_name[port], fmt(deep[0, p]), fmt(np.nansum(deep[1:, p])),
                 fmt(np.nansum(maint[:, p])), fmt(vol_cum[-1, p]), fmt(cost_cum[-1, p])]
                for p, port in enumerate(ports)]
        doc.table(["port", "initial deepening %d (million m3)" % years[0],
                   "following the level %d-%d (million m3)" % (years[0] + 1, years[-1]),
                   "maintenance siltation (million m3)", "total (million m3)",
                   "cumulative cost (million USD)"], rows)
        doc.para("Initial deepening: the first year's dredging from today's controlling depth to "
                 "the design depth at that year's lowest level. Then each year the bed follows the "
                 "falling level, and the siltation of the held channel and basin is removed.")

    comment = attr("comment")
    for pid, text in POLICY_TEXT.items():
        comment = comment.replace(pid, "'%s'" % text)
    shown_years = sorted({int(years[0]), int(years[-1])} | ({2050} if years[0] < 2050 < years[-1] else set()))
    seabed_section(doc, args.data_dir, out, [("the run's levels", "series")], shown_years,
                   port_name, class_name)

    doc.heading(2, "Data and assumptions", "data")
    doc.para("What each port's figures rest on. Tags: data (published figure), inferred (derived "
             "from other figures: a vessel draft, the low-water reports), assumption (no published "
             "figure; the stated reasoning).")
    rows = []
    for i, p in enumerate(ports):
        y = pdata.ports.get(p, {}) if pdata else {}
        dtag = tags[i]
        row = [full_port_name[p], Cell(dtag, "tag-" + dtag.split(",")[0]),
               attr("port_%s_depth_basis" % p)]
        if pdata:
            sd = y.get("set_down_basis", {}) or {}
            mt = (y.get("dredging", {}) or {}).get("maintenance", {}) or {}
            dm = y.get("demand", {}) or {}
            for text, flag in ((y.get("design_depth_basis", ""), False),
                               (sd.get("basis", ""), sd.get("assumption", False)),
                               (mt.get("basis", ""), mt.get("assumption", False)),
                               (dm.get("basis", ""), False)):
                t = basis_tag(text, assumption=flag) if text else ""
                row.append(Cell(t, "tag-" + t.split(",")[0]) if t else "")
        rows.append(row)
    header = ["port", "controlling depth", "its basis"]
    if pdata:
        header += ["design depth", "set-down", "siltation", "demand"]
    doc.table(header, rows)
    doc.para("Port data: %s. All figures and their sources are in the port data file and "
             "inputs/PROVENANCE.md; full series are in ports.nc and the CSV tables next to this "
             "report's folder. %s" % (os.path.basename(attr("ports_file")) or "?", comment))

    with open(os.path.join(out, "port_draft_report.md"), "w") as f:
        f.write(doc.markdown())
    with open(os.path.join(out, "port_draft_report.html"), "w") as f:
        f.write(doc.html(title))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # one clear line for the caspian driver
        print("port_report.py: error: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
