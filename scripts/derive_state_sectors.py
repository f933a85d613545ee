#!/usr/bin/python3
"""Derive inputs/bathymetry/caspian_state_sectors_10arcmin.nc: each cell of the bathymetry grid
assigned to one of the five littoral states by nearest coast.

Run once (needs Debian gmt and gmt-dcw; the committed file means runs need neither):
    scripts/derive_state_sectors.py [--bathymetry inputs/bathymetry/caspian_etopo1_10arcmin.nc]
                                    [--output inputs/bathymetry/caspian_state_sectors_10arcmin.nc]

Method. The country polygons of DCW-GMT (`gmt coast -E<ISO> -M`) for Kazakhstan, Russia,
Azerbaijan, Turkmenistan and Iran. A cell centre inside one of the polygons (land, or seabed
the DCW coastline puts on land) belongs to that country; any other centre (the sea) belongs to
the state whose polygon is nearest (great-circle distance to the polygon's boundary, densified
to <= 0.5 km between vertices). Only the five states are candidates: every Caspian coast belongs
to one of them, so the nearest polygon of a sea point is the nearest coast. This is the
equidistance (median) principle; the agreed sector lines of the North Caspian (the 1998
Kazakhstan-Russia, 2001/2002 Azerbaijan-Kazakhstan, 2002 Azerbaijan-Russia agreements and the
2003 trilateral junction) are a *modified* median line, shifted from pure equidistance by
islands and negotiated adjustments, and the South Caspian has no agreed lines at all (Iran
disputes equidistance). So the sectors here are an approximation, not the legal boundaries.
"""
import argparse
import datetime
import os
import subprocess
import sys
import tempfile

import numpy as np
import netCDF4
from matplotlib.path import Path

STATES = [("KZ", "kazakhstan"), ("RU", "russia"), ("AZ", "azerbaijan"), ("TM", "turkmenistan"),
          ("IR", "iran")]
EARTH_RADIUS_KM = 6371.0088
# Only polygon vertices near the Caspian matter for the distance search.
BOX = (40.0, 60.0, 33.0, 52.0)  # lon min, lon max, lat min, lat max


def polygons(iso):
    """The DCW polygons of one country as a list of (n, 2) lon/lat arrays."""
    # In a scratch folder: GMT leaves gmt.history in its working directory.
    with tempfile.TemporaryDirectory() as scratch:
        out = subprocess.run(["gmt", "coast", f"-E{iso}", "-M"], check=True, capture_output=True,
                             text=True, cwd=scratch).stdout
    segments, current = [], []
    for line in out.splitlines():
        if line.startswith(">"):
            if current:
                segments.append(np.array(current))
            current = []
        elif line.strip():
            lon, lat = map(float, line.split()[:2])
            current.append((lon, lat))
    if current:
        segments.append(np.array(current))
    return segments


def densify(segment, max_step_km=0.5):
    pts = [segment[:1]]
    for a, b in zip(segment[:-1], segment[1:]):
        step = haversine_km(a[1], a[0], b[1], b[0])
        n = max(1, int(np.ceil(step / max_step_km)))
        t = np.arange(1, n + 1)[:, None] / n
        pts.append(a + t * (b - a))
    return np.vstack(pts)


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def gmt_version():
    return subprocess.run(["gmt", "--version"], check=True, capture_output=True,
                          text=True).stdout.strip()


def dcw_version():
    for path in ("/usr/share/gmt-dcw/dcw-gmt.nc",):
        if os.path.exists(path):
            with netCDF4.Dataset(path) as ds:
                return f"DCW-GMT {ds.getncattr('version')} ({path})"
    return "DCW-GMT (version unknown)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bathymetry", default="inputs/bathymetry/caspian_etopo1_10arcmin.nc")
    parser.add_argument("--output", default="inputs/bathymetry/caspian_state_sectors_10arcmin.nc")
    args = parser.parse_args()

    with netCDF4.Dataset(args.bathymetry) as ds:
        lat = np.array(ds["latitude"][:], dtype=float)
        lon = np.array(ds["longitude"][:], dtype=float)
    glon, glat = np.meshgrid(lon, lat)
    centres = np.column_stack([glon.ravel(), glat.ravel()])

    n = centres.shape[0]
    inside = np.full(n, -1, dtype=int)
    nearest_km = np.full((len(STATES), n), np.inf)
    for k, (iso, _) in enumerate(STATES):
        for seg in polygons(iso):
            lo, hi = seg.min(axis=0), seg.max(axis=0)
            if hi[0] < BOX[0] or lo[0] > BOX[1] or hi[1] < BOX[2] or lo[1] > BOX[3]:
                continue
            if len(seg) >= 3:
                hit = Path(seg).contains_points(centres)
                inside[hit & (inside < 0)] = k
            pts = densify(seg)
            keep = ((pts[:, 0] >= BOX[0]) & (pts[:, 0] <= BOX[1]) & (pts[:, 1] >= BOX[2]) &
                    (pts[:, 1] <= BOX[3]))
            pts = pts[keep]
            for start in range(0, len(pts), 2000):
                chunk = pts[start:start + 2000]
                d = haversine_km(centres[:, 1][:, None], centres[:, 0][:, None],
                                 chunk[None, :, 1], chunk[None, :, 0]).min(axis=1)
                nearest_km[k] = np.minimum(nearest_km[k], d)
    order = np.sort(nearest_km, axis=0)
    state = np.where(inside >= 0, inside, np.argmin(nearest_km, axis=0))
    coast_km = np.where(inside >= 0, 0.0, order[0])
    # How much nearer the chosen coast is than the next one: small near a sector line.
    margin_km = np.where(inside >= 0, np.nan, order[1] - order[0])

    shape = (len(lat), len(lon))
    with netCDF4.Dataset(args.output, "w", format="NETCDF4") as out:
        out.Conventions = "CF-1.10"
        out.title = "Caspian littoral state sectors by nearest coast on the ETOPO1 10' grid"
        out.institution = "caspian project"
        out.source = (f"{dcw_version()} country polygons (KZ RU AZ TM IR) via GMT {gmt_version()} "
                      "`gmt coast -E<ISO> -M`; grid of " + os.path.basename(args.bathymetry))
        out.history = (f"{datetime.date.today().isoformat()}: scripts/derive_state_sectors.py "
                       f"--bathymetry {args.bathymetry} --output {args.output}")
        out.comment = (
            "Each cell centre inside a DCW country polygon belongs to that country; every other "
            "centre (the sea) to the littoral state whose polygon boundary is nearest "
            "(great-circle distance, boundary densified to 0.5 km). Equidistance = an unmodified "
            "median line. The agreed North Caspian seabed lines (1998 KZ-RU, 2001 AZ-KZ, 2002 "
            "AZ-RU, 2003 AZ-KZ-RU junction) are a modified median line and differ from it; the "
            "South Caspian has no agreed lines. An approximation, not the legal boundaries.")
        out.references = "DCW-GMT: https://www.soest.hawaii.edu/pwessel/dcw/ (LGPL)"
        out.createDimension("latitude", len(lat))
        out.createDimension("longitude", len(lon))
        v = out.createVariable("latitude", "f8", ("latitude",))
        v.standard_name, v.long_name, v.units = "latitude", "latitude of cell centre", \
            "degrees_north"
        v[:] = lat
        v = out.createVariable("longitude", "f8", ("longitude",))
        v.standard_name, v.long_name, v.units = "longitude", "longitude of cell centre", \
            "degrees_east"
        v[:] = lon
        v = out.createVariable("state", "i1", ("latitude", "longitude"))
        v.long_name = "littoral state of the cell by nearest coast"
        v.flag_values = np.arange(len(STATES), dtype=np.int8)
        v.flag_meanings = " ".join(name for _, name in STATES)
        v.iso_3166_codes = " ".join(iso for iso, _ in STATES)
        v[:] = state.reshape(shape).astype(np.int8)
        v = out.createVariable("coast_distance", "f4", ("latitude", "longitude"))
        v.long_name = "great-circle distance from the cell centre to the nearest coast of the five"
        v.units = "km"
        v[:] = coast_km.reshape(shape)
        v = out.createVariable("sector_margin", "f4", ("latitude", "longitude"),
                               fill_value=np.float32(np.nan))
        v.long_name = ("distance to the second-nearest state's coast minus the distance to the "
                       "nearest (small near a sector line; fill inside a country polygon)")
        v.units = "km"
        v[:] = margin_km.reshape(shape)
    counts = {name: int((state == k).sum()) for k, (_, name) in enumerate(STATES)}
    print(f"wrote {args.output}: cells per state {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
