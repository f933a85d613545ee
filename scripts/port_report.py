#!/usr/bin/python3
"""Port draft report for caspian: reads ports.nc, ports_annual.nc and first_years.csv from a caspian output folder
and writes port_draft_report.md, port_draft_report.html and PNG plots into one folder. Nothing in
the report links outside that folder.

Usage: port_report.py --data-dir OUT --report-dir DIR
Needs only Debian's python3-numpy, python3-netcdf4 and python3-matplotlib (Agg backend).
"""
import argparse
import csv
import html
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import netCDF4  # noqa: E402
import numpy as np  # noqa: E402


def labels(ds, dim):
    # The dimension's own char coordinate (older files: "<dim>_name"), read as chars.
    v = ds[dim] if dim in ds.variables else ds[dim + "_name"]
    v.set_auto_chartostring(False)
    return [str(s) for s in netCDF4.chartostring(v[:])]


def values(ds, name):
    v = ds[name][:]
    return np.ma.filled(np.ma.asarray(v, dtype=float), np.nan)


class Doc:
    """Blocks rendered both as Markdown and as HTML."""

    def __init__(self):
        self.blocks = []

    def heading(self, level, text):
        self.blocks.append(("h", level, text))

    def para(self, text):
        self.blocks.append(("p", text))

    def table(self, header, rows):
        self.blocks.append(("t", header, rows))

    def image(self, file, alt):
        self.blocks.append(("i", file, alt))

    def markdown(self):
        out = []
        for b in self.blocks:
            if b[0] == "h":
                out.append("#" * b[1] + " " + b[2] + "\n")
            elif b[0] == "p":
                out.append(b[1] + "\n")
            elif b[0] == "t":
                out.append("| " + " | ".join(b[1]) + " |")
                out.append("|" + "---|" * len(b[1]))
                for r in b[2]:
                    out.append("| " + " | ".join(str(c) for c in r) + " |")
                out.append("")
            elif b[0] == "i":
                out.append("![%s](%s)\n" % (b[2], b[1]))
        return "\n".join(out) + "\n"

    def html(self, title):
        out = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            "<title>%s</title>" % html.escape(title),
            "<style>body{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1em}"
            "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;"
            "padding:.2em .5em;text-align:right}th{background:#eee}td:first-child,"
            "th:first-child{text-align:left}img{max-width:100%}</style>",
            "</head><body>",
        ]
        for b in self.blocks:
            if b[0] == "h":
                out.append("<h%d>%s</h%d>" % (b[1], html.escape(b[2]), b[1]))
            elif b[0] == "p":
                out.append("<p>%s</p>" % html.escape(b[1]).replace("`", ""))
            elif b[0] == "t":
                out.append("<table><tr>" + "".join("<th>%s</th>" % html.escape(h) for h in b[1]) + "</tr>")
                for r in b[2]:
                    out.append("<tr>" + "".join("<td>%s</td>" % html.escape(str(c)) for c in r) + "</tr>")
                out.append("</table>")
            elif b[0] == "i":
                out.append('<p><img src="%s" alt="%s"></p>' % (html.escape(b[1]), html.escape(b[2])))
        out.append("</body></html>")
        return "\n".join(out) + "\n"


def fmt(x, spec="{:.2f}"):
    return "" if x is None or (isinstance(x, float) and not np.isfinite(x)) else spec.format(x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--report-dir", required=True)
    args = ap.parse_args()
    out = args.report_dir
    ds = netCDF4.Dataset(os.path.join(args.data_dir, "ports.nc"))
    ann = netCDF4.Dataset(os.path.join(args.data_dir, "ports_annual.nc"))  # annual values
    ports = labels(ds, "port")
    classes = labels(ds, "vessel_class")
    policies = labels(ds, "policy")
    corridors = labels(ann, "corridor")
    attr = lambda name, default="": getattr(ds, name, default)  # noqa: E731
    port_name = {p: attr("port_%s_name" % p, p) for p in ports}
    class_name = {c: attr("vessel_class_%s_name" % c, c) for c in classes}
    corridor_name = {k: attr("corridor_%s_name" % k, k) for k in corridors}
    time = ds["time"]
    dates = netCDF4.num2date(time[:], time.units, getattr(time, "calendar", "standard"))
    t_years = np.array([d.year + (d.month - 0.5) / 12.0 for d in dates])
    years = np.array([d.year for d in netCDF4.num2date(ann["time"][:], ann["time"].units,
                                                       getattr(ann["time"], "calendar", "standard"))])
    level = values(ds, "sea_level")
    share = values(ds, "cargo_share")  # port x class
    design_draft = values(ds, "design_draft")
    min_draft = values(ann, "annual_min_allowed_draft")  # year x policy x port x class
    mean_lf = values(ann, "annual_mean_load_factor")
    cap = values(ann, "corridor_capacity")  # year x policy x corridor
    dem = values(ann, "corridor_demand")
    dredge = values(ann, "dredge_volume")  # year x policy x port
    dredge_cost_cum = values(ann, "dredge_cost_cumulative")
    port_cap = values(ann, "port_capacity")
    port_dem = values(ann, "port_demand")
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    styles = {0: "-", 1: "--"}

    # 1. Level path.
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(t_years, level, lw=0.8, label="monthly mean")
    annual = [np.nanmean(level[(t_years >= y) & (t_years < y + 1)]) for y in years]
    ax.plot(years + 0.5, annual, lw=2, label="annual mean")
    ax.set_xlabel("year")
    ax.set_ylabel("sea level (m BS)")
    ax.set_title("Caspian Sea level used for the port check")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "level.png"), dpi=110)
    plt.close(fig)

    # 2. Allowed draft (worst month of each year) per port against class design drafts.
    ncols = 3
    nrows = int(np.ceil(len(ports) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(5 * ncols, 3.2 * nrows), squeeze=False)
    for p, port in enumerate(ports):
        ax = axes[p // ncols][p % ncols]
        for j, c in enumerate([c for c in range(len(classes)) if share[p, c] > 0]):
            col = colours[j % len(colours)]
            for k, pol in enumerate(policies):
                ax.plot(years, min_draft[:, k, p, c], styles.get(k, ":"), color=col,
                        label="%s (%s)" % (classes[c], pol) if True else None, lw=1.2)
            ax.axhline(design_draft[c], color=col, lw=0.8, ls=":")
        ax.set_title(port_name[port], fontsize=9)
        ax.set_ylabel("draft (m)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=6)
    for p in range(len(ports), nrows * ncols):
        axes[p // ncols][p % ncols].axis("off")
    fig.suptitle("Allowed draft in the worst month of each year (lines) and class design drafts "
                 "(dotted); solid = %s, dashed = %s" % tuple((policies + ["", ""])[:2]), fontsize=10)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "allowed_drafts.png"), dpi=100)
    plt.close(fig)

    # 3. Corridor capacity against demand.
    fig, axes = plt.subplots(1, len(corridors), figsize=(6 * len(corridors), 4), squeeze=False)
    for k, cor in enumerate(corridors):
        ax = axes[0][k]
        for i, pol in enumerate(policies):
            ax.plot(years, cap[:, i, k], styles.get(i, ":"), lw=1.8, label="capacity, " + pol)
        ax.plot(years, dem[:, 0, k], color="k", lw=1.2, label="demand")
        ax.set_title(corridor_name[cor], fontsize=9)
        ax.set_ylabel("Mt/yr (Caspian leg)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "corridors.png"), dpi=110)
    plt.close(fig)

    # 4. Dredging volumes (hold design depth).
    hold = policies.index("hold_design_depth") if "hold_design_depth" in policies else None
    if hold is not None:
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4))
        bottom = np.zeros(len(years))
        for p, port in enumerate(ports):
            v = np.nan_to_num(dredge[:, hold, p]) / 1e6
            ax1.bar(years, v, bottom=bottom, label=port, width=0.8)
            bottom += v
        ax1.set_ylabel("dredged per year (million m3)")
        ax1.set_title("Dredging to hold design depths, by port", fontsize=10)
        ax1.legend(fontsize=6, ncol=2)
        ax1.grid(alpha=0.3)
        total = np.nansum(dredge_cost_cum[:, hold, :], axis=1) / 1e6
        ax2.plot(years, total, lw=2)
        ax2.set_ylabel("cumulative cost (million USD)")
        ax2.set_title("Cumulative dredging cost, all ports", fontsize=10)
        ax2.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(os.path.join(out, "dredging.png"), dpi=110)
        plt.close(fig)

    # The document.
    first = list(csv.DictReader(open(os.path.join(args.data_dir, "first_years.csv"))))
    doc = Doc()
    title = "Caspian port draft report"
    doc.heading(1, title)
    doc.para("Level series: %s. Port data: `%s`. Period %d-%d; level %.2f m BS in the first month, "
             "%.2f m BS in the last (Baltic height system)."
             % (attr("levels_source"), os.path.basename(attr("ports_file")), years[0], years[-1],
                level[0], level[-1]))
    doc.para("Dredging policies: " + ", ".join(policies) + ". " + attr("comment"))
    doc.image("level.png", "sea level path")

    doc.heading(2, "Corridors: first year the Caspian leg falls short of demand")
    rows = []
    for k, cor in enumerate(corridors):
        row = [corridor_name[cor]]
        for pol in policies:
            y = [r["first_year_annual"] for r in first if r["scope"] == "corridor" and r["id"] == cor
                 and r["policy"] == pol and r["criterion"] == "caspian_leg_short_of_demand"]
            row.append((y[0] or "none") if y else "")
        i_last = len(years) - 1
        row += [fmt(cap[0, 0, k]), fmt(dem[0, 0, k]), fmt(cap[i_last, 0, k]), fmt(dem[i_last, 0, k])]
        rows.append(row)
    doc.table(["corridor"] + ["first shortfall, " + p for p in policies]
              + ["capacity %d (Mt/yr, %s)" % (years[0], policies[0]), "demand %d" % years[0],
                 "capacity %d (%s)" % (years[-1], policies[0]), "demand %d" % years[-1]], rows)
    doc.image("corridors.png", "corridor capacity against demand")

    doc.heading(2, "Allowed drafts and loads")
    doc.para("Allowed draft in the worst month of each year for the classes of each port's mix; "
             "dotted lines are the classes' design drafts.")
    doc.image("allowed_drafts.png", "allowed draft per port against class drafts")
    sel = sorted({years[0], *(y for y in (2030, 2040, 2050, 2075, 2100) if y in years), years[-1]})
    rows = []
    for p, port in enumerate(ports):
        for c in range(len(classes)):
            if share[p, c] <= 0:
                continue
            row = [port, classes[c], fmt(design_draft[c])]
            for y in sel:
                i = int(np.where(years == y)[0][0])
                row.append("%s / %s" % (fmt(min_draft[i, 0, p, c]), fmt(100 * mean_lf[i, 0, p, c], "{:.0f}%")))
            rows.append(row)
    doc.table(["port", "class", "design draft (m)"]
              + ["%d: draft (m) / load" % y for y in sel], rows)
    doc.para("Cells give the worst-month allowed draft and the annual mean load factor under "
             "%s." % policies[0])

    doc.heading(2, "First years by port and vessel class")
    doc.para("Worst month: the first year in which some month crosses the threshold (cannot call: "
             "in at least one month); annual: the year's mean load factor crosses it (cannot call: "
             "in every month). Blank: not within the period.")
    rows = []
    for r in first:
        if r["scope"] != "port":
            continue
        rows.append([r["policy"], r["id"], r["vessel_class"], r["criterion"],
                     r["first_year_worst_month"], r["first_year_annual"]])
    doc.table(["policy", "port", "class", "criterion", "worst month", "annual"], rows)
    doc.heading(2, "First years by corridor and vessel class")
    rows = [[r["policy"], r["id"], r["vessel_class"], r["criterion"], r["first_year_worst_month"],
             r["first_year_annual"], r["first_port"]]
            for r in first if r["scope"] == "corridor" and r["vessel_class"]]
    doc.table(["policy", "corridor", "class", "criterion", "worst month", "annual", "first at port"], rows)

    doc.heading(2, "Ports: capacity against demand")
    rows = []
    for p, port in enumerate(ports):
        row = [port_name[port]]
        for pol_i in range(len(policies)):
            short = np.where(port_cap[:, pol_i, p] < port_dem[:, pol_i, p])[0]
            row.append(str(years[short[0]]) if len(short) else "none")
        row += [fmt(port_cap[0, 0, p]), fmt(port_cap[-1, 0, p]), fmt(port_dem[-1, 0, p])]
        rows.append(row)
    doc.table(["port"] + ["first shortfall, " + p for p in policies]
              + ["capacity %d (Mt/yr)" % years[0], "capacity %d" % years[-1],
                 "demand %d" % years[-1]], rows)

    if hold is not None:
        doc.heading(2, "Dredging to hold the design depths")
        doc.image("dredging.png", "dredging volumes and cost")
        rows = []
        vol_cum = values(ann, "dredge_volume_cumulative")
        for p, port in enumerate(ports):
            rows.append([port_name[port], fmt(vol_cum[-1, hold, p] / 1e6), fmt(dredge_cost_cum[-1, hold, p] / 1e6)])
        doc.table(["port", "cumulative volume %d (million m3)" % years[-1],
                   "cumulative cost (million USD)"], rows)
        doc.para("The first year's volume includes deepening from today's controlling depth to the "
                 "design depth where the port is shallower than its design.")

    doc.heading(2, "Data and caveats")
    rows = [[port_name[p], attr("port_%s_depth_basis" % p),
             "calibration" if attr("port_%s_depth_is_calibration" % p) == "true" else "data"]
            for p in ports]
    doc.table(["port", "controlling depth basis", "kind"], rows)
    doc.para("Depths marked calibration were inferred from the same low-water reports the model "
             "is checked against. All figures and their sources are in the port data file and "
             "inputs/PROVENANCE.md; full series are in ports.nc, ports_annual.nc and the CSV tables next to this "
             "report's folder.")

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
