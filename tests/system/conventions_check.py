#!/usr/bin/python3
"""Checks of caspian's NetCDF outputs for tests/system/conventions_test.cpp (Debian python3-netcdf4,
python3-xarray, python3-numpy only).

  conventions_check.py datavars FILE      print the data variables, one a line: every variable but
                                          coordinates (named as a dimension), char labels, and
                                          variables named in a bounds, coordinates or grid_mapping
                                          attribute - what `cdo showname` must list
  conventions_check.py cf FILE...         CF details: time UNLIMITED, no "time: point" on a time
                                          with bounds, flags integer with flag_values, datum only
                                          on the grid mapping, labels with _Encoding, cf_role
  conventions_check.py xarray FILE...     xarray decodes every label as str and .sel() works by
                                          port and by river; the files name the rivers alike
Exit 1 with a message naming the file and variable on the first failure.
"""
import re
import sys

import netCDF4
import numpy as np
import xarray as xr


def fail(path, what):
    print("%s: %s" % (path, what))
    sys.exit(1)


def data_vars(d):
    referenced = set()
    for v in d.variables.values():
        for a in ("bounds", "coordinates", "grid_mapping"):
            referenced.update(str(getattr(v, a, "")).split())
    return [n for n, v in d.variables.items()
            if n not in d.dimensions and v.dtype != np.dtype("S1") and n not in referenced]


def check_cf(path):
    d = netCDF4.Dataset(path)
    if "time" not in d.dimensions or not d.dimensions["time"].isunlimited():
        fail(path, "time is not the record (UNLIMITED) dimension")
    for n, v in d.variables.items():
        attrs = v.ncattrs()
        if "time" in v.dimensions and "time: point" in getattr(v, "cell_methods", "") \
                and "bounds" in d["time"].ncattrs():
            fail(path, "%s: 'time: point' on a time coordinate with bounds (mid-interval)" % n)
        if "year:" in getattr(v, "cell_methods", ""):
            fail(path, "%s: cell_methods on 'year', not a dimension" % n)
        if "flag_values" in attrs or "flag_meanings" in attrs:
            if v.dtype.kind != "i" or v.dtype.itemsize > 2:
                fail(path, "%s: a flag stored as %s (expected byte or short)" % (n, v.dtype))
            values = np.atleast_1d(v.flag_values)
            if len(values) != len(v.flag_meanings.split()):
                fail(path, "%s: %d flag_values for %d flag_meanings"
                     % (n, len(values), len(v.flag_meanings.split())))
            if np.asarray(v.flag_values).dtype != v.dtype:
                fail(path, "%s: flag_values of type %s, variable %s"
                     % (n, np.asarray(v.flag_values).dtype, v.dtype))
        if "geopotential_datum_name" in attrs and "grid_mapping_name" not in attrs:
            fail(path, "%s: geopotential_datum_name on a data variable (expected on the grid "
                 "mapping it names)" % n)
        if "grid_mapping" in attrs and v.grid_mapping not in d.variables:
            fail(path, "%s: grid_mapping %s is not a variable" % (n, v.grid_mapping))
        if v.dtype == np.dtype("S1") and getattr(v, "_Encoding", "") != "utf-8":
            fail(path, "%s: char labels without _Encoding = utf-8" % n)
        if v.dtype == np.float32 or v.dtype == np.float64:
            if n.startswith(("can_", "corridor_bottleneck")):
                fail(path, "%s: a flag stored as float" % n)
        if "units" in attrs and v.units == "":
            fail(path, "%s: empty units" % n)
    if getattr(d, "featureType", "") == "timeSeries":
        if not any(getattr(v, "cf_role", "") == "timeseries_id" for v in d.variables.values()):
            fail(path, "featureType timeSeries without a cf_role = timeseries_id variable")
    for n in ("dredge_cost", "dredge_cost_cumulative"):
        if n in d.variables and getattr(d[n], "units", "") in ("", "1"):
            fail(path, "%s: no currency units" % n)
    for n in ("dredge_volume_cumulative", "dredge_cost_cumulative"):
        if n in d.variables and "sum" in getattr(d[n], "cell_methods", ""):
            fail(path, "%s: a running total labelled as a sum" % n)


def check_xarray(paths):
    rivers = {}
    for path in paths:
        raw = netCDF4.Dataset(path)
        ds = xr.open_dataset(path)
        for n, v in raw.variables.items():
            if v.dtype == np.dtype("S1"):
                values = ds[n].values.ravel()
                if not all(isinstance(x, str) for x in values):
                    fail(path, "%s decoded as %s, not str" % (n, type(values[0]).__name__))
        if "river" in ds.dims:
            if "river" not in ds.indexes:
                fail(path, "river is not an indexed coordinate")
            rivers[path] = list(ds.indexes["river"])
            name = [n for n, v in ds.data_vars.items() if "river" in v.dims][0]
            sel = ds[name].sel(river="volga")
            k = rivers[path].index("volga")
            expected = np.asarray(ds[name].values).take(k, axis=ds[name].dims.index("river"))
            if not np.allclose(sel.values, expected, equal_nan=True) or sel.size == 0:
                fail(path, "%s.sel(river='volga') is not the volga column" % name)
        if "port" in ds.dims:
            if "port" not in ds.indexes:
                fail(path, "port is not an indexed coordinate")
            ports = list(ds.indexes["port"])
            candidates = [n for n, v in ds.data_vars.items()
                          if "port" in v.dims and "time" in v.dims]
            for name in candidates[:1] or [n for n, v in ds.data_vars.items() if "port" in v.dims]:
                k = len(ports) - 1
                sel = ds[name].sel(port=ports[k])
                expected = np.asarray(ds[name].values).take(k, axis=ds[name].dims.index("port"))
                if not np.allclose(sel.values, expected, equal_nan=True):
                    fail(path, "%s.sel(port=%r) is not that port's values" % (name, ports[k]))
        if "member" in ds.dims and "member" not in ds.indexes:
            fail(path, "member is not an indexed coordinate")
    if not rivers:
        fail(" ".join(paths), "no file with a river dimension")
    for path, ids in rivers.items():
        for r in ids:
            if not re.fullmatch("[a-z0-9_]+", r):
                fail(path, "river id %r is not a lower-case id" % r)
        for other, other_ids in rivers.items():
            if len(ids) == len(other_ids) and ids != other_ids:
                fail(path, "rivers %s, but %s names them %s" % (ids, other, other_ids))
    print("xarray: %d files, rivers %s" % (len(paths), sorted({r for v in rivers.values() for r in v})))


if __name__ == "__main__":
    mode, files = sys.argv[1], sys.argv[2:]
    if mode == "datavars":
        print("\n".join(data_vars(netCDF4.Dataset(files[0]))))
    elif mode == "cf":
        for f in files:
            check_cf(f)
        print("cf: %d files" % len(files))
    elif mode == "xarray":
        check_xarray(files)
    else:
        fail(mode, "unknown mode")
