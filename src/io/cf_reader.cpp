#include "caspian/io/cf_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "caspian/core/error.hpp"
#include "caspian/io/units.hpp"
#include "netcdf_internal.hpp"

namespace caspian::io {

namespace {

using core::InputError;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string lower(std::string text) {
  for (char& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

enum class AxisKind { other, latitude, longitude, time };

struct Dim {
  int dimid = -1;
  std::string name;
  std::size_t length = 0;
  int coord_varid = -1;  // -1: no coordinate variable
  AxisKind kind = AxisKind::other;
};

// The variable being read and how its dimensions map onto latitude, longitude and time.
struct Layout {
  std::string path;
  std::string variable;
  int ncid = -1;
  int varid = -1;
  nc_type type = NC_NAT;
  std::vector<Dim> dims;
  int lat = -1;  // positions in dims; -1 when absent
  int lon = -1;
  int time = -1;  // the one dimension besides lat/lon allowed a length above 1

  std::string dims_text() const {
    std::string text = "(";
    for (std::size_t k = 0; k < dims.size(); ++k) text += (k ? ", " : "") + dims[k].name;
    return text + ")";
  }
  std::string coord_name(int pos) const {
    const Dim& d = dims[std::size_t(pos)];
    return d.name;
  }
};

AxisKind classify(int ncid, const Dim& dim, int unlimited_dimid) {
  const std::string name = lower(dim.name);
  if (dim.coord_varid >= 0) {
    const auto standard_name = detail::text_attribute(ncid, dim.coord_varid, "standard_name");
    if (standard_name == "latitude") return AxisKind::latitude;
    if (standard_name == "longitude") return AxisKind::longitude;
    if (standard_name == "time") return AxisKind::time;
    const std::string units =
        lower(detail::text_attribute(ncid, dim.coord_varid, "units").value_or(""));
    for (const char* u :
         {"degrees_north", "degree_north", "degrees_n", "degree_n", "degreesn", "degreen"}) {
      if (units == u) return AxisKind::latitude;
    }
    for (const char* u :
         {"degrees_east", "degree_east", "degrees_e", "degree_e", "degreese", "degreee"}) {
      if (units == u) return AxisKind::longitude;
    }
    if (units.find(" since ") != std::string::npos) return AxisKind::time;
    if (lower(detail::text_attribute(ncid, dim.coord_varid, "axis").value_or("")) == "t") {
      return AxisKind::time;
    }
  }
  if (name == "lat" || name == "latitude") return AxisKind::latitude;
  if (name == "lon" || name == "longitude") return AxisKind::longitude;
  if (name == "time" || dim.dimid == unlimited_dimid) return AxisKind::time;
  return AxisKind::other;
}

Layout inspect(int ncid, const std::string& path, const std::string& variable) {
  Layout layout;
  layout.path = path;
  layout.variable = variable;
  layout.ncid = ncid;
  layout.varid = detail::find_variable(ncid, path, variable);
  int ndims = 0;
  if (nc_inq_var(ncid, layout.varid, nullptr, &layout.type, &ndims, nullptr, nullptr) != NC_NOERR) {
    throw InputError(path, variable, "cannot inquire the variable");
  }
  std::vector<int> dimids(std::size_t(std::max(ndims, 0)));
  if (ndims > 0 && nc_inq_vardimid(ncid, layout.varid, dimids.data()) != NC_NOERR) {
    throw InputError(path, variable, "cannot inquire the variable's dimensions");
  }
  int unlimited = -1;
  nc_inq_unlimdim(ncid, &unlimited);
  for (int dimid : dimids) {
    Dim dim;
    dim.dimid = dimid;
    dim.name = detail::dimension_name(ncid, dimid);
    nc_inq_dimlen(ncid, dimid, &dim.length);
    int coord = -1;
    int coord_ndims = 0;
    int coord_dimid = -1;
    if (nc_inq_varid(ncid, dim.name.c_str(), &coord) == NC_NOERR &&
        nc_inq_varndims(ncid, coord, &coord_ndims) == NC_NOERR && coord_ndims == 1 &&
        nc_inq_vardimid(ncid, coord, &coord_dimid) == NC_NOERR && coord_dimid == dimid) {
      dim.coord_varid = coord;
    }
    dim.kind = classify(ncid, dim, unlimited);
    layout.dims.push_back(dim);
  }
  for (std::size_t k = 0; k < layout.dims.size(); ++k) {
    int* slot = layout.dims[k].kind == AxisKind::latitude    ? &layout.lat
                : layout.dims[k].kind == AxisKind::longitude ? &layout.lon
                : layout.dims[k].kind == AxisKind::time      ? &layout.time
                                                             : nullptr;
    if (slot == nullptr) continue;
    if (*slot >= 0) {
      throw InputError(path, variable,
                       "dimensions " + layout.dims_text() +
                           " hold two coordinates of the same kind ('" +
                           layout.dims[std::size_t(*slot)].name + "' and '" + layout.dims[k].name +
                           "'); expected one latitude, one longitude and at most one time");
    }
    *slot = int(k);
  }
  if (layout.lat < 0) {
    throw InputError(path, variable,
                     "no latitude coordinate among dimensions " + layout.dims_text() +
                         "; expected a coordinate variable with standard_name 'latitude', units "
                         "'degrees_north' or name 'lat'/'latitude'");
  }
  if (layout.lon < 0) {
    throw InputError(path, variable,
                     "no longitude coordinate among dimensions " + layout.dims_text() +
                         "; expected a coordinate variable with standard_name 'longitude', units "
                         "'degrees_east' or name 'lon'/'longitude'");
  }
  for (std::size_t k = 0; k < layout.dims.size(); ++k) {
    const int pos = int(k);
    if (pos == layout.lat || pos == layout.lon || pos == layout.time) continue;
    if (layout.dims[k].length == 1) continue;
    if (layout.time < 0) {
      layout.time = pos;  // an unnamed record-like axis: indexable, though not decodable as time
      continue;
    }
    throw InputError(path, variable,
                     "dimension '" + layout.dims[k].name + "' has length " +
                         std::to_string(layout.dims[k].length) + " in " + layout.dims_text() +
                         "; expected length 1 (only latitude, longitude and time may vary)");
  }
  switch (layout.type) {
    case NC_BYTE:
    case NC_UBYTE:
    case NC_SHORT:
    case NC_USHORT:
    case NC_INT:
    case NC_UINT:
    case NC_INT64:
    case NC_UINT64:
    case NC_FLOAT:
    case NC_DOUBLE:
      break;
    default:
      throw InputError(path, variable,
                       "has type " + detail::type_name(layout.type) + "; expected a numeric type");
  }
  return layout;
}

// Coordinate values as stored, and whether they were single precision (for tolerances).
struct Coordinate {
  std::string name;
  std::vector<double> values;
  bool single_precision = false;
};

Coordinate read_coordinate(const Layout& layout, int pos, const char* what) {
  const Dim& dim = layout.dims[std::size_t(pos)];
  if (dim.coord_varid < 0) {
    throw InputError(layout.path, layout.variable,
                     std::string(what) + " dimension '" + dim.name +
                         "' has no coordinate variable; expected a 1-D variable of that name");
  }
  if (dim.length > detail::max_cells_per_field) {
    throw InputError(layout.path, layout.variable,
                     std::string(what) + " coordinate '" + dim.name + "' declares " +
                         std::to_string(dim.length) + " values; expected at most " +
                         std::to_string(detail::max_cells_per_field));
  }
  Coordinate coord;
  coord.name = dim.name;
  coord.values.resize(dim.length);
  nc_type type = NC_NAT;
  nc_inq_vartype(layout.ncid, dim.coord_varid, &type);
  coord.single_precision = type != NC_DOUBLE;
  const int rc =
      dim.length ? nc_get_var_double(layout.ncid, dim.coord_varid, coord.values.data()) : NC_NOERR;
  if (rc != NC_NOERR) {
    throw InputError(layout.path, layout.variable,
                     "cannot read coordinate '" + dim.name + "': " + nc_strerror(rc));
  }
  if (coord.values.size() < 2) {
    throw InputError(layout.path, layout.variable,
                     std::string(what) + " coordinate '" + dim.name + "' has " +
                         std::to_string(coord.values.size()) +
                         " value(s); expected at least 2 evenly spaced values");
  }
  for (double v : coord.values) {
    if (!std::isfinite(v)) {
      throw InputError(layout.path, layout.variable,
                       std::string(what) + " coordinate '" + dim.name +
                           "' holds missing or non-finite values; expected evenly spaced values");
    }
  }
  return coord;
}

// How far a coordinate may stray from perfect regularity: a small fraction of a cell, plus the
// rounding of single-precision storage.
double regularity_tolerance(const Coordinate& coord, double spacing) {
  double max_abs = 0.0;
  for (double v : coord.values) max_abs = std::max(max_abs, std::abs(v));
  const double epsilon = coord.single_precision ? double(FLT_EPSILON) : DBL_EPSILON;
  return 1e-5 * spacing + 8.0 * epsilon * max_abs;
}

// Ascending values (file order or reversed) with their evenly spaced step; InputError otherwise.
struct Sorted {
  std::vector<double> values;
  std::vector<std::size_t> file_index;
  double spacing = 0.0;
  double tolerance = 0.0;
};

Sorted sort_regular(const Layout& layout, const Coordinate& coord,
                    const std::vector<double>& values, const char* what) {
  const std::size_t n = values.size();
  const bool ascending = values[1] > values[0];
  Sorted sorted;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t f = ascending ? k : n - 1 - k;
    sorted.values.push_back(values[f]);
    sorted.file_index.push_back(f);
  }
  sorted.spacing = (sorted.values.back() - sorted.values.front()) / double(n - 1);
  sorted.tolerance = regularity_tolerance(coord, sorted.spacing);
  for (std::size_t k = 1; k < n; ++k) {
    const double step = sorted.values[k] - sorted.values[k - 1];
    if (!(sorted.spacing > 0.0) || std::abs(step - sorted.spacing) > sorted.tolerance) {
      throw InputError(layout.path, layout.variable,
                       std::string(what) + " coordinate '" + coord.name +
                           "' is not monotonic and evenly spaced (step " + number(step) +
                           " between " + number(sorted.values[k - 1]) + " and " +
                           number(sorted.values[k]) + ", expected " + number(sorted.spacing) +
                           "); expected a regular grid");
    }
  }
  // Rebuild exactly even centres so the grid (and subsets of it) are regular to the last bit.
  for (std::size_t k = 1; k < n; ++k) {
    sorted.values[k] = sorted.values.front() + double(k) * sorted.spacing;
  }
  return sorted;
}

// A contiguous range of file indices feeding consecutive output positions.
struct Run {
  std::size_t file_first = 0;  // lowest file index
  std::size_t count = 0;
  std::size_t out_first = 0;
  bool reversed = false;  // output ascending while file indices descend
};

struct AxisSelection {
  std::vector<double> centres_deg;
  std::vector<Run> runs;
};

std::vector<Run> make_runs(const std::vector<std::size_t>& file_index) {
  std::vector<Run> runs;
  std::size_t k = 0;
  while (k < file_index.size()) {
    std::size_t end = k + 1;
    bool reversed = false;
    if (end < file_index.size() &&
        (file_index[end] == file_index[k] + 1 || file_index[end] + 1 == file_index[k])) {
      reversed = file_index[end] + 1 == file_index[k];
      while (end < file_index.size() && (reversed ? file_index[end] + 1 == file_index[end - 1]
                                                  : file_index[end] == file_index[end - 1] + 1)) {
        ++end;
      }
    }
    Run run;
    run.count = end - k;
    run.out_first = k;
    run.reversed = reversed;
    run.file_first = reversed ? file_index[end - 1] : file_index[k];
    runs.push_back(run);
    k = end;
  }
  return runs;
}

std::string box_text(const BoundingBox& box) {
  return number(box.lat_min_deg) + ".." + number(box.lat_max_deg) + "N, " +
         number(box.lon_min_deg) + ".." + number(box.lon_max_deg) + "E";
}

AxisSelection select_latitudes(const Layout& layout, const std::optional<BoundingBox>& box) {
  const Coordinate coord = read_coordinate(layout, layout.lat, "latitude");
  const Sorted sorted = sort_regular(layout, coord, coord.values, "latitude");
  if (sorted.values.front() < -90.0 - sorted.tolerance ||
      sorted.values.back() > 90.0 + sorted.tolerance) {
    throw InputError(layout.path, layout.variable,
                     "latitude coordinate '" + coord.name + "' runs " +
                         number(sorted.values.front()) + ".." + number(sorted.values.back()) +
                         "; expected values within -90..90");
  }
  const double half = 0.5 * sorted.spacing;
  const double eps = 1e-6 * sorted.spacing;
  AxisSelection selection;
  std::vector<std::size_t> file_index;
  for (std::size_t k = 0; k < sorted.values.size(); ++k) {
    const double c = sorted.values[k];
    if (box && !(c + half > box->lat_min_deg + eps && c - half < box->lat_max_deg - eps)) continue;
    selection.centres_deg.push_back(std::clamp(c, -90.0, 90.0));
    file_index.push_back(sorted.file_index[k]);
  }
  if (selection.centres_deg.empty()) {
    throw InputError(layout.path, layout.variable,
                     "bounding box " + box_text(*box) + " does not overlap latitude coordinate '" +
                         coord.name + "' (" + number(sorted.values.front()) + ".." +
                         number(sorted.values.back()) + ")");
  }
  selection.runs = make_runs(file_index);
  return selection;
}

AxisSelection select_longitudes(const Layout& layout, const std::optional<BoundingBox>& box) {
  const Coordinate coord = read_coordinate(layout, layout.lon, "longitude");
  // Unwrap a seam inside the file (e.g. 350, 355, 0, 5) so the values are monotonic.
  std::vector<double> unwrapped = coord.values;
  for (std::size_t k = 1; k < unwrapped.size(); ++k) {
    unwrapped[k] += 360.0 * std::round((unwrapped[k - 1] - unwrapped[k]) / 360.0);
  }
  const Sorted sorted = sort_regular(layout, coord, unwrapped, "longitude");
  const double d = sorted.spacing;
  if (double(sorted.values.size()) * d > 360.0 + double(sorted.values.size()) * sorted.tolerance) {
    throw InputError(layout.path, layout.variable,
                     "longitude coordinate '" + coord.name +
                         "' spans more than 360 degrees; expected each longitude once");
  }
  const double eps = 1e-6 * d;
  // Output longitudes lie in (west, west + 360]: the box's convention, else the file's.
  const double west = (box ? box->lon_min_deg : sorted.values.front()) - 0.5 * d + eps;
  double east = std::numeric_limits<double>::infinity();
  if (box) east = box->lon_max_deg > box->lon_min_deg ? box->lon_max_deg : box->lon_max_deg + 360.0;
  std::vector<std::pair<double, std::size_t>> chosen;  // (centre in output convention, file index)
  for (std::size_t k = 0; k < sorted.values.size(); ++k) {
    const double a = sorted.values[k];
    const double c = a + 360.0 * (std::floor((west - a) / 360.0) + 1.0);
    if (c - 0.5 * d < east - eps) chosen.emplace_back(c, sorted.file_index[k]);
  }
  if (chosen.empty()) {
    throw InputError(layout.path, layout.variable,
                     "bounding box " + box_text(*box) + " does not overlap longitude coordinate '" +
                         coord.name + "' (" + number(sorted.values.front()) + ".." +
                         number(sorted.values.back()) + ")");
  }
  std::sort(chosen.begin(), chosen.end());
  AxisSelection selection;
  std::vector<std::size_t> file_index;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    if (k > 0 && std::abs(chosen[k].first - chosen[k - 1].first - d) > sorted.tolerance) {
      throw InputError(layout.path, layout.variable,
                       "bounding box " + (box ? box_text(*box) : std::string("(none)")) +
                           " takes longitudes of '" + coord.name +
                           "' that are not contiguous (gap between " + number(chosen[k - 1].first) +
                           " and " + number(chosen[k].first) +
                           "); expected a box inside the file's longitude range");
    }
    selection.centres_deg.push_back(chosen.front().first + double(k) * d);
    file_index.push_back(chosen[k].second);
  }
  selection.runs = make_runs(file_index);
  return selection;
}

// Raw stored value -> model units, NaN when missing (netCDF Users Guide conventions).
struct Decoder {
  double scale = 1.0;
  double offset = 0.0;
  std::optional<double> fill;
  std::vector<double> missing;
  double valid_min = -std::numeric_limits<double>::infinity();
  double valid_max = std::numeric_limits<double>::infinity();
  bool valid_range_unpacked = false;  // valid_* given in unpacked units (type of scale_factor)
  core::LinearConversion conversion;

  double operator()(double raw) const {
    if (std::isnan(raw)) return nan;
    if (fill && raw == *fill) return nan;
    for (double m : missing) {
      if (raw == m) return nan;
    }
    const double unpacked = scale * raw + offset;
    const double tested = valid_range_unpacked ? unpacked : raw;
    if (tested < valid_min || tested > valid_max) return nan;
    return conversion.apply(unpacked);
  }
};

std::optional<double> default_fill(nc_type type) {
  switch (type) {
    // The netCDF Users Guide: no default fill check for bytes, whose whole range is often data.
    case NC_BYTE:
    case NC_UBYTE:
      return std::nullopt;
    case NC_SHORT:
      return double(NC_FILL_SHORT);
    case NC_USHORT:
      return double(NC_FILL_USHORT);
    case NC_INT:
      return double(NC_FILL_INT);
    case NC_UINT:
      return double(NC_FILL_UINT);
    case NC_INT64:
      return static_cast<double>(NC_FILL_INT64);
    case NC_UINT64:
      return static_cast<double>(NC_FILL_UINT64);
    case NC_FLOAT:
      return double(NC_FILL_FLOAT);
    case NC_DOUBLE:
      return NC_FILL_DOUBLE;
    default:
      return std::nullopt;
  }
}

Decoder make_decoder(const Layout& layout, std::optional<core::Quantity> quantity) {
  const int ncid = layout.ncid;
  const int varid = layout.varid;
  Decoder decoder;
  const auto scale = detail::numeric_attribute(ncid, varid, "scale_factor");
  const auto offset = detail::numeric_attribute(ncid, varid, "add_offset");
  if (scale) decoder.scale = scale->front();
  if (offset) decoder.offset = offset->front();
  const auto fill = detail::numeric_attribute(ncid, varid, "_FillValue");
  decoder.fill = fill ? std::optional<double>(fill->front()) : default_fill(layout.type);
  if (const auto missing = detail::numeric_attribute(ncid, varid, "missing_value")) {
    decoder.missing = *missing;
  }
  bool any_valid_attribute = false;
  nc_type valid_type = layout.type;
  auto note_type = [&](const char* name) {
    nc_type t = NC_NAT;
    if (nc_inq_atttype(ncid, varid, name, &t) == NC_NOERR) valid_type = t;
    any_valid_attribute = true;
  };
  if (const auto range = detail::numeric_attribute(ncid, varid, "valid_range");
      range && range->size() >= 2) {
    decoder.valid_min = (*range)[0];
    decoder.valid_max = (*range)[1];
    note_type("valid_range");
  }
  if (const auto vmin = detail::numeric_attribute(ncid, varid, "valid_min")) {
    decoder.valid_min = vmin->front();
    note_type("valid_min");
  }
  if (const auto vmax = detail::numeric_attribute(ncid, varid, "valid_max")) {
    decoder.valid_max = vmax->front();
    note_type("valid_max");
  }
  decoder.valid_range_unpacked =
      any_valid_attribute && (scale || offset) && valid_type != layout.type;

  if (quantity) {
    const auto units = detail::text_attribute(ncid, varid, "units");
    if (!units) {
      throw InputError(layout.path, layout.variable,
                       "has no units attribute; expected units " + core::accepted_units(*quantity));
    }
    const auto conversion = conversion_to_model_units(*quantity, *units);
    if (!conversion) {
      throw InputError(layout.path, layout.variable,
                       "units '" + *units + "' are not " + core::accepted_units(*quantity));
    }
    decoder.conversion = *conversion;
  }
  return decoder;
}

void check_box(const std::string& path, const std::string& variable,
               const std::optional<BoundingBox>& box) {
  if (!box) return;
  const bool finite = std::isfinite(box->lat_min_deg) && std::isfinite(box->lat_max_deg) &&
                      std::isfinite(box->lon_min_deg) && std::isfinite(box->lon_max_deg);
  if (!finite || !(box->lat_min_deg < box->lat_max_deg) || box->lon_min_deg == box->lon_max_deg) {
    throw InputError(path, variable,
                     "bounding box " + box_text(*box) +
                         " is empty; expected lat_min < lat_max and lon_min != lon_max");
  }
}

// CF "standard" (and "gregorian") is the mixed Julian/Gregorian calendar. core::Calendar treats it
// as proleptic Gregorian, which is exact from 1582-10-15 on; earlier dates (year-1 climatologies
// such as the PSL long-term means) must be decoded through the Julian calendar to land on the
// intended month, so decoding works in Julian day numbers here.
constexpr long long first_gregorian_jdn = 2299161;  // 1582-10-15

long long jdn_from_date(int year, int month, int day, bool gregorian) {
  const long long a = (14 - month) / 12;
  const long long y = static_cast<long long>(year) + 4800 - a;
  const long long m = month + 12 * a - 3;
  const long long base = day + (153 * m + 2) / 5 + 365 * y + y / 4;
  return gregorian ? base - y / 100 + y / 400 - 32045 : base - 32083;
}

core::Date date_from_jdn(long long jdn) {
  long long b = 0;
  long long c = jdn + 32082;
  if (jdn >= first_gregorian_jdn) {
    const long long a = jdn + 32044;
    b = (4 * a + 3) / 146097;
    c = a - 146097 * b / 4;
  }
  const long long d = (4 * c + 3) / 1461;
  const long long e = c - 1461 * d / 4;
  const long long m = (5 * e + 2) / 153;
  core::Date date;
  date.day = int(e - (153 * m + 2) / 5 + 1);
  date.month = int(m + 3 - 12 * (m / 10));
  date.year = int(100 * b + d - 4800 + m / 10);
  return date;
}

core::Date add_days_mixed(const core::Date& epoch, double days) {
  const bool epoch_gregorian =
      std::tie(epoch.year, epoch.month, epoch.day) >= std::tuple(1582, 10, 15);
  core::check_year_in_range(epoch);
  const double total_seconds = epoch.seconds + days * 86400.0;
  const long long whole_days = core::whole_days_of(total_seconds);
  core::Date date = date_from_jdn(
      jdn_from_date(epoch.year, epoch.month, epoch.day, epoch_gregorian) + whole_days);
  core::check_year_in_range(date);
  date.seconds = total_seconds - double(whole_days) * 86400.0;
  if (date.seconds >= 86400.0 - 1e-6) date.seconds = 0.0;  // rounding at a day boundary
  return date;
}

TimeCoordinate decode_time(const Layout& layout, std::size_t first, std::size_t count) {
  const Dim& dim = layout.dims[std::size_t(layout.time)];
  const std::string expected = "expected a time coordinate with units '<unit> since <date>'";
  if (dim.coord_varid < 0) {
    throw InputError(layout.path, layout.variable,
                     "time dimension '" + dim.name + "' has no coordinate variable; " + expected);
  }
  if (count > detail::max_values_per_read) {
    throw InputError(layout.path, layout.variable,
                     "time dimension '" + dim.name + "' declares " + std::to_string(count) +
                         " steps; expected at most " + std::to_string(detail::max_values_per_read));
  }
  TimeCoordinate time;
  time.name = dim.name;
  const auto units = detail::text_attribute(layout.ncid, dim.coord_varid, "units");
  if (!units) {
    throw InputError(layout.path, layout.variable,
                     "time coordinate '" + dim.name + "' has no units attribute; " + expected);
  }
  time.units = *units;
  core::TimeUnits parsed;
  const std::string calendar_text =
      lower(detail::text_attribute(layout.ncid, dim.coord_varid, "calendar").value_or("standard"));
  const bool mixed = calendar_text == "standard" || calendar_text == "gregorian";
  try {
    parsed = parse_time_units(*units);
    time.calendar = core::parse_calendar(calendar_text);
  } catch (const std::invalid_argument& e) {
    throw InputError(layout.path, layout.variable,
                     "time coordinate '" + dim.name + "': " + e.what());
  }
  time.values.resize(count);
  if (count > 0) {
    const std::size_t start[1] = {first};
    const std::size_t length[1] = {count};
    const int rc =
        nc_get_vara_double(layout.ncid, dim.coord_varid, start, length, time.values.data());
    if (rc != NC_NOERR) {
      throw InputError(layout.path, layout.variable,
                       "cannot read time coordinate '" + dim.name + "': " + nc_strerror(rc));
    }
  }
  for (double v : time.values) {
    if (!std::isfinite(v)) {
      throw InputError(layout.path, layout.variable,
                       "time coordinate '" + dim.name + "' holds a missing or non-finite value");
    }
    const double days = v * parsed.seconds_per_unit / 86400.0;
    try {
      time.times.push_back(mixed ? add_days_mixed(parsed.epoch, days)
                                 : core::add_days(time.calendar, parsed.epoch, days));
    } catch (const std::invalid_argument& e) {
      throw InputError(layout.path, layout.variable,
                       "time coordinate '" + dim.name + "' holds " + number(v) + " " + time.units +
                           ": " + e.what());
    }
  }
  return time;
}

struct Slab {
  core::LatLonGrid grid;
  std::vector<std::vector<double>> values;
};

// Reads time steps [time_first, time_first + time_count) of the box, one hyperslab per pair of
// latitude/longitude runs.
Slab read_slab(const Layout& layout, const std::optional<BoundingBox>& box,
               std::optional<core::Quantity> quantity, std::size_t time_first,
               std::size_t time_count) {
  check_box(layout.path, layout.variable, box);
  const AxisSelection lat = select_latitudes(layout, box);
  const AxisSelection lon = select_longitudes(layout, box);
  const Decoder decode = make_decoder(layout, quantity);
  Slab slab;
  try {
    slab.grid = core::LatLonGrid(lat.centres_deg, lon.centres_deg);
  } catch (const std::invalid_argument& e) {
    throw InputError(layout.path, layout.variable,
                     "coordinates '" + layout.coord_name(layout.lat) + "'/'" +
                         layout.coord_name(layout.lon) +
                         "' do not form a regular grid: " + e.what());
  }
  const std::size_t nlon = slab.grid.nlon();
  const std::size_t cells = lat.centres_deg.size() * lon.centres_deg.size();
  if (cells > detail::max_cells_per_field ||
      double(cells) * double(time_count) > double(detail::max_values_per_read)) {
    throw InputError(layout.path, layout.variable,
                     "declares " + std::to_string(lat.centres_deg.size()) + " x " +
                         std::to_string(lon.centres_deg.size()) + " cells x " +
                         std::to_string(time_count) + " time step(s) to read; expected at most " +
                         std::to_string(detail::max_cells_per_field) + " cells per field and " +
                         std::to_string(detail::max_values_per_read) +
                         " values in all (a smaller grid, or a bounding box)");
  }
  slab.values.assign(time_count, std::vector<double>(slab.grid.size(), nan));
  if (time_count == 0) return slab;

  const std::size_t ndims = layout.dims.size();
  const auto lat_pos = std::size_t(layout.lat);
  const auto lon_pos = std::size_t(layout.lon);
  std::vector<double> buffer;
  for (const Run& lat_run : lat.runs) {
    for (const Run& lon_run : lon.runs) {
      std::vector<std::size_t> start(ndims, 0), count(ndims, 1);
      start[lat_pos] = lat_run.file_first;
      count[lat_pos] = lat_run.count;
      start[lon_pos] = lon_run.file_first;
      count[lon_pos] = lon_run.count;
      if (layout.time >= 0) {
        start[std::size_t(layout.time)] = time_first;
        count[std::size_t(layout.time)] = time_count;
      }
      std::vector<std::size_t> stride(ndims, 1);  // row-major strides of the hyperslab
      for (std::size_t k = ndims; k-- > 1;) stride[k - 1] = stride[k] * count[k];
      buffer.assign(lat_run.count * lon_run.count * time_count, nan);
      const int rc =
          nc_get_vara_double(layout.ncid, layout.varid, start.data(), count.data(), buffer.data());
      if (rc != NC_NOERR) {
        throw InputError(layout.path, layout.variable,
                         std::string("cannot read data: ") + nc_strerror(rc));
      }
      const std::size_t time_stride = layout.time >= 0 ? stride[std::size_t(layout.time)] : 0;
      for (std::size_t t = 0; t < time_count; ++t) {
        auto& out = slab.values[t];
        for (std::size_t i = 0; i < lat_run.count; ++i) {
          const std::size_t li = lat_run.reversed ? lat_run.count - 1 - i : i;
          for (std::size_t j = 0; j < lon_run.count; ++j) {
            const std::size_t lj = lon_run.reversed ? lon_run.count - 1 - j : j;
            const double raw =
                buffer[t * time_stride + li * stride[lat_pos] + lj * stride[lon_pos]];
            out[(lat_run.out_first + i) * nlon + lon_run.out_first + j] = decode(raw);
          }
        }
      }
    }
  }
  return slab;
}

std::size_t time_length(const Layout& layout) {
  return layout.time >= 0 ? layout.dims[std::size_t(layout.time)].length : 1;
}

GridSeries read_series(const std::string& path, const std::string& variable,
                       std::optional<core::Quantity> quantity,
                       const std::optional<BoundingBox>& bbox,
                       std::optional<std::pair<std::size_t, std::size_t>> range) {
  const auto file = detail::open_for_reading(path);
  const Layout layout = inspect(file.id(), path, variable);
  if (layout.time < 0) {
    throw InputError(path, variable,
                     "has dimensions " + layout.dims_text() +
                         " without a time dimension; expected (time, lat, lon)");
  }
  const std::size_t ntime = time_length(layout);
  const std::size_t first = range ? range->first : 0;
  const std::size_t count = range ? range->second : ntime;
  if (first > ntime || count > ntime - first) {
    throw InputError(path, variable,
                     "time steps " + std::to_string(first) + ".." + std::to_string(first + count) +
                         " requested; dimension '" + layout.dims[std::size_t(layout.time)].name +
                         "' has " + std::to_string(ntime));
  }
  TimeCoordinate time = decode_time(layout, first, count);
  Slab slab = read_slab(layout, bbox, quantity, first, count);
  GridSeries series;
  series.grid = std::move(slab.grid);
  series.values = std::move(slab.values);
  series.times = std::move(time.times);
  series.calendar = time.calendar;
  return series;
}

}  // namespace

core::GridField read_grid_field(const std::string& path, const std::string& variable,
                                std::optional<core::Quantity> quantity,
                                std::optional<BoundingBox> bbox, std::size_t time_index) {
  const auto file = detail::open_for_reading(path);
  const Layout layout = inspect(file.id(), path, variable);
  const std::size_t ntime = time_length(layout);
  if (time_index >= ntime) {
    const std::string axis = layout.time >= 0
                                 ? "dimension '" + layout.dims[std::size_t(layout.time)].name +
                                       "' has " + std::to_string(ntime) + " step(s)"
                                 : "the variable has no time dimension";
    throw InputError(path, variable,
                     "time index " + std::to_string(time_index) + " requested but " + axis);
  }
  Slab slab = read_slab(layout, bbox, quantity, time_index, 1);
  return core::GridField{std::move(slab.grid), std::move(slab.values.front())};
}

GridSeries read_grid_series(const std::string& path, const std::string& variable,
                            std::optional<core::Quantity> quantity,
                            std::optional<BoundingBox> bbox) {
  return read_series(path, variable, quantity, bbox, std::nullopt);
}

GridSeries read_grid_series(const std::string& path, const std::string& variable,
                            std::optional<core::Quantity> quantity, std::optional<BoundingBox> bbox,
                            std::size_t first_time, std::size_t time_count) {
  return read_series(path, variable, quantity, bbox, std::make_pair(first_time, time_count));
}

TimeCoordinate read_time_coordinate(const std::string& path, const std::string& variable) {
  const auto file = detail::open_for_reading(path);
  const Layout layout = inspect(file.id(), path, variable);
  if (layout.time < 0) {
    throw InputError(path, variable,
                     "has dimensions " + layout.dims_text() +
                         " without a time dimension; expected (time, lat, lon)");
  }
  return decode_time(layout, 0, time_length(layout));
}

VariableInfo describe_variable(const std::string& path, const std::string& variable) {
  const auto file = detail::open_for_reading(path);
  const int ncid = file.id();
  const int varid = detail::find_variable(ncid, path, variable);
  VariableInfo info;
  info.name = variable;
  int ndims = 0;
  nc_inq_varndims(ncid, varid, &ndims);
  std::vector<int> dimids(std::size_t(std::max(ndims, 0)));
  if (ndims > 0) nc_inq_vardimid(ncid, varid, dimids.data());
  for (int dimid : dimids) {
    std::size_t length = 0;
    nc_inq_dimlen(ncid, dimid, &length);
    info.dim_names.push_back(detail::dimension_name(ncid, dimid));
    info.dim_lengths.push_back(length);
  }
  info.units = detail::text_attribute(ncid, varid, "units").value_or("");
  info.long_name = detail::text_attribute(ncid, varid, "long_name").value_or("");
  return info;
}

}  // namespace caspian::io
