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
  conventions_check.py cf-untimed FILE... the same for files without a time axis (network.nc,
                                          the hypsometry table): no time dimension expected
  conventions_check.py units FILE...      UDUNITS-2 (libudunits2, through ctypes) parses every
                                          units attribute (currencies listed apart)
  conventions_check.py xarray FILE...     xarray decodes every label as str and .sel() works by
                                          port and by river; the files name the rivers alike
  conventions_check.py xarray-untimed FILE...
                                          xarray decodes the file (flags masked, datum variable)
                                          and .sel() by a coordinate value (lat/lon or level)
Exit 1 with a message naming the file and variable on the first failure.
"""
import ctypes
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


def check_cf(path, timed=True):
    d = netCDF4.Dataset(path)
    if timed and ("time" not in d.dimensions or not d.dimensions["time"].isunlimited()):
        fail(path, "time is not the record (UNLIMITED) dimension")
    if not timed and "time" in d.dimensions:
        fail(path, "a time dimension in a file checked as untimed")
    for n, v in d.variables.items():
        attrs = v.ncattrs()
        if "time" in v.dimensions and "time: point" in getattr(v, "cell_methods", "") \
                and "bounds" in d["time"].ncattrs():
            fail(path, "%s: 'time: point' on a time coordinate with bounds (mid-interval)" % n)
        if "year:" in getattr(v, "cell_methods", ""):
            fail(path, "%s: cell_methods on 'year', not a dimension" % n)
        if "flag_values" in attrs or "flag_meanings" in attrs:
            if v.dtype.kind not in "iu" or v.dtype.itemsize > 2:
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
        if "grid_mapping" in attrs and "geopotential_datum_name" not in d[v.grid_mapping].ncattrs():
            fail(path, "%s: grid_mapping %s names no geopotential_datum_name"
                 % (n, v.grid_mapping))
        if "geopotential_datum" in getattr(v, "standard_name", "") and "grid_mapping" not in attrs:
            # A height coordinate takes its datum from the variables on its dimension.
            users = [u for u in d.variables.values() if n in u.dimensions and u.name != n]
            if n not in d.dimensions or not users \
                    or not all("grid_mapping" in u.ncattrs() for u in users):
                fail(path, "%s: a height above a geopotential datum without grid_mapping" % n)
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


def udunits_system():
    lib = ctypes.CDLL("libudunits2.so.0")
    lib.ut_set_error_message_handler(lib.ut_ignore)
    lib.ut_read_xml.restype = ctypes.c_void_p
    lib.ut_read_xml.argtypes = [ctypes.c_char_p]
    lib.ut_parse.restype = ctypes.c_void_p
    lib.ut_parse.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.ut_free.argtypes = [ctypes.c_void_p]
    system = lib.ut_read_xml(None)  # the default database (UDUNITS2_XML_PATH or the package's)
    if not system:
        fail("libudunits2", "cannot read the default units database")
    return lib, system


# Currencies are no physical units and UDUNITS-2 has none: CF leaves them to the units string
# (ports_annual.nc's dredge costs in USD). Listed, not failed.
CURRENCIES = {"USD"}


def check_units(paths):
    lib, system = udunits_system()
    count = 0
    currencies = []
    for path in paths:
        d = netCDF4.Dataset(path)
        for n, v in d.variables.items():
            if "units" not in v.ncattrs():
                continue
            if v.units in CURRENCIES:
                currencies.append("%s:%s" % (path.rsplit("/", 1)[-1], n))
                continue
            unit = lib.ut_parse(system, v.units.encode("utf-8"), 0)  # 0: UT_ASCII
            if not unit:
                fail(path, "%s: UDUNITS-2 cannot parse units %r" % (n, v.units))
            lib.ut_free(unit)
            count += 1
    print("units: %d attributes in %d files parsed by UDUNITS-2%s"
          % (count, len(paths), "; currencies, not UDUNITS units: " + " ".join(currencies)
             if currencies else ""))


def check_xarray_untimed(paths):
    for path in paths:
        raw = netCDF4.Dataset(path)
        ds = xr.open_dataset(path, decode_cf=True, mask_and_scale=True, decode_coords="all")
        for n, v in raw.variables.items():
            if "flag_values" in v.ncattrs() and "_FillValue" in v.ncattrs():
                if np.any(ds[n].values == v._FillValue):
                    fail(path, "%s: fill value %s not masked by xarray" % (n, v._FillValue))
            if "grid_mapping" in v.ncattrs() and v.grid_mapping not in ds[n].coords:
                fail(path, "%s: xarray does not attach grid_mapping %s" % (n, v.grid_mapping))
        if "lat" in ds.dims and "lon" in ds.dims:
            i, j = ds.sizes["lat"] // 2, ds.sizes["lon"] // 2
            lat, lon = float(ds["lat"][i]), float(ds["lon"][j])
            for name, v in ds.data_vars.items():
                if v.dims != ("lat", "lon"):
                    continue
                sel = v.sel(lat=lat, lon=lon)
                expected = raw[name][i, j]
                expected = np.nan if np.ma.is_masked(expected) else float(expected)
                if not np.allclose(float(sel), expected, equal_nan=True):
                    fail(path, "%s.sel(lat=%g, lon=%g) = %s, not the file's %s"
                         % (name, lat, lon, float(sel), expected))
            print("xarray: %s: %s at %gN %gE" % (path, sorted(ds.data_vars), lat, lon))
        elif "level" in ds.dims:
            if ds["level"].attrs.get("axis") != "Z" or ds["level"].attrs.get("positive") != "up":
                fail(path, "level is not a vertical axis (axis Z, positive up)")
            k = ds.sizes["level"] // 2
            level = float(ds["level"][k])
            for name, v in ds.data_vars.items():
                if v.dims != ("level",):
                    continue
                if float(v.sel(level=level)) != float(raw[name][k]):
                    fail(path, "%s.sel(level=%g) is not the file's value" % (name, level))
            print("xarray: %s: %s at level %g" % (path, sorted(ds.data_vars), level))
        else:
            fail(path, "neither lat/lon nor level to select on")


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
    elif mode == "cf-untimed":
        for f in files:
            check_cf(f, timed=False)
        print("cf: %d files" % len(files))
    elif mode == "units":
        check_units(files)
    elif mode == "xarray":
        check_xarray(files)
    elif mode == "xarray-untimed":
        check_xarray_untimed(files)
    else:
        fail(mode, "unknown mode")
