#!/usr/bin/python3
"""Map of the exposed seabed by littoral state at -30, -32, -35 and -40 m BS from seabed.nc.

    scripts/seabed_map.py --data-dir OUTPUTS [--output OUTPUTS/seabed_map.png]

Each panel: the sea at the level in blue, the seabed exposed since the reference level coloured by
the state whose sector it lies in (nearest coast; docs/seabed.md), land grey; the ports as dots.
seabed_section() puts the map and the tables of exposed seabed and shoreline retreat into a port
draft report (port_report.py, ensemble_report.py) from the seabed/ folder caspian writes beside it.
"""
import argparse
import csv
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap
import netCDF4
import numpy as np

LEVELS = (-30.0, -32.0, -35.0, -40.0)
STATE_COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"]


def draw_map(data_dir, out):
    """seabed_map.png of the seabed files in data_dir."""
    with netCDF4.Dataset(os.path.join(data_dir, "seabed.nc")) as ds:
        lat, lon = ds["lat"][:], ds["lon"][:]
        state = np.ma.filled(ds["state_sector"][:], -1).astype(int)
        drying = np.ma.filled(ds["drying_level"][:].astype(float), np.nan)
        names = ds["state_sector"].flag_meanings.split()
        comment = ds.comment
    ref = None
    with open(os.path.join(data_dir, "seabed_annual.csv")) as f:
        for row in csv.DictReader(f):
            ref = float(row["reference_level_m_bs"])
            break
    fig, axes = plt.subplots(1, len(LEVELS), figsize=(4.2 * len(LEVELS), 5.2), sharey=True)
    cmap = ListedColormap(["#d9d9d9", "#9ecae1"] + STATE_COLOURS)
    for ax, level in zip(axes, LEVELS):
        # 0 land, 1 sea at the level, 2+k exposed in state k's sector.
        code = np.zeros(state.shape, dtype=int)
        sea_now = drying < level
        exposed = (drying < ref) & ~sea_now
        code[sea_now] = 1
        code[exposed] = 2 + state[exposed]
        ax.pcolormesh(lon, lat, code, cmap=cmap, vmin=-0.5, vmax=len(STATE_COLOURS) + 1.5,
                      shading="nearest")
        ax.set_title(f"{level:g} m BS")
        ax.set_xlabel("longitude (degrees east)")
        ax.set_aspect(1 / np.cos(np.radians(42.0)))
    axes[0].set_ylabel("latitude (degrees north)")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in STATE_COLOURS] + [
        plt.Rectangle((0, 0), 1, 1, color="#9ecae1")]
    fig.legend(handles, [f"exposed: {n.capitalize()}" for n in names] + ["sea"], loc="lower center",
               ncol=len(handles), frameon=False)
    fig.suptitle(f"Seabed exposed since {ref:g} m BS by littoral state (sectors by nearest coast, "
                 "not the agreed lines)")
    fig.tight_layout(rect=(0, 0.07, 1, 0.95))
    fig.savefig(out, dpi=80)
    plt.close(fig)
    del comment


def read_rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def seabed_section(doc, data_dir, report_dir, series, years, port_name, class_name, central=0):
    """The report's section on exposed seabed and shoreline retreat.

    data_dir/seabed holds caspian's seabed files; series: [(label, series id in the files)] of the
    projected levels to tabulate (e.g. each scenario's median); years: the years to show them in;
    central: the index in series of the levels the shoreline table is for.
    """
    sdir = os.path.join(data_dir, "seabed")
    doc.heading(2, "Exposed seabed and shoreline retreat", "seabed")
    if not os.path.exists(os.path.join(sdir, "seabed_annual.csv")):
        doc.para("No seabed files beside this report (the run file has no ports, or no state-"
                 "sector file lies beside its bathymetry; docs/seabed.md).")
        return
    rows = read_rows(os.path.join(sdir, "seabed_annual.csv"))
    states = [c[len("exposed_"):-len("_km2")] for c in rows[0]
              if c.startswith("exposed_") and c.endswith("_km2")
              and c not in ("exposed_km2", "exposed_north_km2", "exposed_middle_km2",
                            "exposed_south_km2")]
    ref = float(rows[0]["reference_level_m_bs"])
    draw_map(sdir, os.path.join(report_dir, "seabed_map.png"))
    doc.para("Seabed that falls dry below %.2f m BS (the 2024 annual mean), in thousand km2, in "
             "each littoral state's sector and each sub-basin. Sectors: each cell to the state "
             "with the nearest coast (DCW-GMT country polygons), not the agreed modified median "
             "lines; Kara-Bogaz-Gol counts as Turkmenistan's (docs/seabed.md). Data: "
             "seabed/seabed_annual.csv, seabed/seabed.nc." % ref)
    head = (["level (m BS)"] + [s.capitalize() for s in states]
            + ["North", "Middle", "South", "total"])
    cols = ["exposed_%s_km2" % s for s in states] + [
        "exposed_north_km2", "exposed_middle_km2", "exposed_south_km2", "exposed_km2"]
    by_level = {float(r["level_m_bs"]): r for r in rows if r["series"] == "levels"}
    table = []
    for level in LEVELS:
        r = by_level.get(level)
        if r:
            table.append(["%g" % level] + ["%.1f" % (float(r[c]) / 1e3) for c in cols])
    doc.table(head, table)
    doc.image("seabed_map.png", "map of the seabed exposed by littoral state at -30, -32, -35 and "
              "-40 m BS")
    projected = []
    for label, sid in series:
        got = {int(r["year"]): r for r in rows if r["series"] == sid and r["year"]}
        for y in years:
            if y in got:
                r = got[y]
                projected.append(["%s, %d" % (label, y), "%.2f" % float(r["level_m_bs"])]
                                 + ["%.1f" % (float(r[c]) / 1e3) for c in cols])
    if projected:
        doc.para("At the projected levels (thousand km2):")
        doc.table(["levels", "level (m BS)"] + head[1:], projected)
    shore_path = os.path.join(sdir, "shoreline_retreat.csv")
    if not (series and years and os.path.exists(shore_path)):
        return
    label, sid = series[central]
    want = set(years)
    dist = {}
    for r in read_rows(shore_path):
        if r["series"] == sid and r["year"] and int(r["year"]) in want:
            dist.setdefault(r["port_id"], {"kind": r["position_kind"], "classes": {}})
            dist[r["port_id"]]["classes"].setdefault(r["class_id"], {})[int(r["year"])] = r
    if not dist:
        return
    doc.para("Distance from each port's position to the shore and to water deep enough for its "
             "deepest class at the levels of %s, km; the channel extension is how much longer the "
             "approach channel would have to be (blank: no channel length on record, or no deep "
             "enough water within reach). City point: only the city's position is known. At the "
             "10' grid a cell is 15-18 km, so distances move in steps. Data: "
             "seabed/shoreline_retreat.csv." % label)
    out = []
    num = lambda v: "" if v in ("", "nan") else "%.1f" % float(v)  # noqa: E731
    for pid, d in dist.items():
        deepest = max(d["classes"].values(),
                      key=lambda byyear: float(next(iter(byyear.values()))["required_depth_m"]))
        cid = next(iter(deepest.values()))["class_id"]
        row = ["%s (%s)" % (port_name.get(pid, pid), d["kind"].replace("_", " ")),
               class_name.get(cid, cid)]
        for y in years:
            r = deepest.get(y)
            row += ([num(r["shore_distance_km"]), num(r["deep_water_distance_km"]),
                     num(r["channel_extension_km"])] if r else ["", "", ""])
        out.append(row)
    doc.table(["port (position)", "deepest class"]
              + ["%s %d" % (what, y) for y in years
                 for what in ("shore", "deep water", "channel extension")], out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--output")
    args = parser.parse_args()
    out = args.output or os.path.join(args.data_dir, "seabed_map.png")
    draw_map(args.data_dir, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
