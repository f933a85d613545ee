#!/usr/bin/python3
"""Map of the exposed seabed by littoral state at -30, -32, -35 and -40 m BS from seabed.nc.

    scripts/seabed_map.py --data-dir OUTPUTS [--output OUTPUTS/seabed_map.png]

Each panel: the sea at the level in blue, the seabed exposed since the reference level coloured by
the state whose sector it lies in (nearest coast; docs/seabed.md), land grey; the ports as dots.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--output")
    args = parser.parse_args()
    out = args.output or os.path.join(args.data_dir, "seabed_map.png")
    with netCDF4.Dataset(os.path.join(args.data_dir, "seabed.nc")) as ds:
        lat, lon = ds["lat"][:], ds["lon"][:]
        state = np.ma.filled(ds["state_sector"][:], -1).astype(int)
        drying = np.ma.filled(ds["drying_level"][:].astype(float), np.nan)
        names = ds["state_sector"].flag_meanings.split()
        comment = ds.comment
    ref = None
    with open(os.path.join(args.data_dir, "seabed_annual.csv")) as f:
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
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")
    del comment


if __name__ == "__main__":
    main()
