#!/usr/bin/python3
"""Writes inputs/sea_surface/coads_wind_speed_1946-1989_caspian.nc: the COADS 1946-1989 monthly
climatology of scalar wind speed (WSPD) over the Caspian box, as a CF-1.10 monthly climatology.

Values are copied unchanged from inputs/sea_surface/coads_climatology_30-70E_30-64N.nc (a crop of
Debian ferret-datasets' coads_climatology.cdf); only the layout changes: lower-case names, a CF
climatological time axis (year 1, mid-month, with climatology_bounds) instead of COADS's
"hour since 0000-01-01", units "m s-1". Missing cells stay missing (_FillValue); the model fills
coastal and missing cells itself (docs/science.md). Usage: scripts/derive_coads_wind_speed.py
"""
import pathlib

import netCDF4
import numpy as np

root = pathlib.Path(__file__).resolve().parent.parent
src = root / "inputs/sea_surface/coads_climatology_30-70E_30-64N.nc"
dst = root / "inputs/sea_surface/coads_wind_speed_1946-1989_caspian.nc"

with netCDF4.Dataset(src) as d:
    lon = d["COADSX"][:]
    lat = d["COADSY"][:]
    ilat = np.where((lat >= 33) & (lat <= 51))[0]
    ilon = np.where((lon >= 41) & (lon <= 59))[0]
    wspd = d["WSPD"][:, ilat, :][:, :, ilon]
    units = d["WSPD"].units
assert units.upper() == "M/S", units

tmp = dst.with_suffix(".nc.tmp")
with netCDF4.Dataset(tmp, "w", format="NETCDF4_CLASSIC") as o:
    o.Conventions = "CF-1.10"
    o.title = "COADS 1946-1989 monthly climatology of scalar wind speed over the Caspian Sea"
    o.source = "COADS (Woodruff et al. 1987, BAMS 68:1239), via Debian ferret-datasets 7.6.0-5"
    o.history = "scripts/derive_coads_wind_speed.py from " + src.name + " (values unchanged)"
    o.createDimension("time", 12)
    o.createDimension("lat", len(ilat))
    o.createDimension("lon", len(ilon))
    o.createDimension("nv", 2)
    t = o.createVariable("time", "f8", ("time",))
    t.units = "days since 0001-01-01 00:00:00"
    t.calendar = "standard"
    t.standard_name = "time"
    t.climatology = "climatology_bounds"
    starts = np.cumsum([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    t[:] = 0.5 * (starts[:-1] + starts[1:])
    b = o.createVariable("climatology_bounds", "f8", ("time", "nv"))
    b[:, 0] = starts[:-1]
    b[:, 1] = starts[1:]
    y = o.createVariable("lat", "f8", ("lat",))
    y.units = "degrees_north"
    y.standard_name = "latitude"
    y[:] = lat[ilat]
    x = o.createVariable("lon", "f8", ("lon",))
    x.units = "degrees_east"
    x.standard_name = "longitude"
    x[:] = lon[ilon]
    w = o.createVariable("wind_speed", "f4", ("time", "lat", "lon"), fill_value=np.float32(-1e34))
    w.units = "m s-1"
    w.standard_name = "wind_speed"
    w.long_name = "scalar wind speed, monthly climatology 1946-1989"
    w.cell_methods = "time: mean within years time: mean over years"
    w[:] = wspd
tmp.rename(dst)
print(dst)
